from django.apps import AppConfig


class VisitsConfig(AppConfig):
    name = "nama.visits"
    label = "visits"
    verbose_name = "نوبت‌های بازدید"
