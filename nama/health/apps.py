from django.apps import AppConfig


class HealthConfig(AppConfig):
    name = "nama.health"
    label = "health"
    verbose_name = "سلامت سامانه"
