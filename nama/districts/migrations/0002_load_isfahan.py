from types import SimpleNamespace

from django.apps.registry import Apps
from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor

from nama.districts.services import load_city_file, sync_city


def load_isfahan(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    models = SimpleNamespace(
        CityProfile=apps.get_model("districts", "CityProfile"),
        District=apps.get_model("districts", "District"),
    )
    sync_city(load_city_file(), models=models)


class Migration(migrations.Migration):
    dependencies = [("districts", "0001_initial")]
    operations = [migrations.RunPython(load_isfahan, migrations.RunPython.noop)]
