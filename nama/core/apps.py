from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "nama.core"
    label = "core"
    verbose_name = "هسته"
