from django.apps import AppConfig


class InspectionsConfig(AppConfig):
    name = "nama.inspections"
    label = "inspections"
    verbose_name = "بازدید میدانی"

    def ready(self) -> None:
        # Authorisation rules, the photos' access check and the workflow fact register
        # themselves by name.
        from nama.inspections import access, facts  # noqa: F401
