"""The parcels' bounding-box index, per database vendor (see nama/parcels/spatial_index.py):
an R*Tree virtual table on SQLite, a GiST index on box(point, point) on PostgreSQL."""

from typing import Any

from django.db import migrations


def create(apps: Any, schema_editor: Any) -> None:
    from nama.parcels import spatial_index

    spatial_index.create(schema_editor.connection)
    spatial_index.rebuild(using=schema_editor.connection.alias)


def drop(apps: Any, schema_editor: Any) -> None:
    from nama.parcels import spatial_index

    spatial_index.drop(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("parcels", "0001_initial")]

    operations = [migrations.RunPython(create, drop)]
