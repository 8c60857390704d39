from django.apps import AppConfig


class WorkflowConfig(AppConfig):
    name = "nama.workflow"
    label = "workflow"
    verbose_name = "گردش کار"

    def ready(self) -> None:
        # The built-in guards, effects and patterns register themselves by name.
        from nama.workflow import builtins  # noqa: F401
