from django.apps.registry import Apps
from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor

from nama.cases.message_defaults import seed_templates


def seed(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    seed_templates(apps.get_model("cases", "MessageTemplate"))


class Migration(migrations.Migration):
    dependencies = [("cases", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
