from django.apps import AppConfig


class DeadlinesConfig(AppConfig):
    name = "nama.deadlines"
    label = "deadlines"
    verbose_name = "مهلت‌ها"
