from django.apps import AppConfig


class ParcelsConfig(AppConfig):
    name = "nama.parcels"
    label = "parcels"
    verbose_name = "املاک و نقشه"
