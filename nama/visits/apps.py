from django.apps import AppConfig


class VisitsConfig(AppConfig):
    name = "nama.visits"
    label = "visits"
    verbose_name = "نوبت‌های بازدید"

    def ready(self) -> None:
        # Authorisation rules and the workflow fact register themselves by name.
        from nama.visits import access, facts  # noqa: F401
