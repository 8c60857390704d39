from django.apps import AppConfig


class DeadlinesConfig(AppConfig):
    name = "nama.deadlines"
    label = "deadlines"
    verbose_name = "مهلت‌ها"

    def ready(self) -> None:
        # Authorisation rules register themselves by name.
        from nama.deadlines import access  # noqa: F401
