from django.apps import AppConfig


class InspectionsConfig(AppConfig):
    name = "nama.inspections"
    label = "inspections"
    verbose_name = "بازدید میدانی"
