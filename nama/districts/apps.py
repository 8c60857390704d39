from django.apps import AppConfig


class DistrictsConfig(AppConfig):
    name = "nama.districts"
    label = "districts"
    verbose_name = "مناطق شهرداری"
