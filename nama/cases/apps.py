from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "nama.cases"
    label = "cases"
    verbose_name = "درخواست‌ها"

    def ready(self) -> None:
        # Authorisation rules and effect handlers register themselves by name.
        from nama.cases import access, documents, notifications  # noqa: F401
