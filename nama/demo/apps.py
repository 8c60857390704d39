from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "nama.demo"
    label = "demo"
    verbose_name = "داده‌های نمایشی"
