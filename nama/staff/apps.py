from django.apps import AppConfig


class StaffConfig(AppConfig):
    name = "nama.staff"
    label = "staff"
    verbose_name = "کارتابل کارکنان"
