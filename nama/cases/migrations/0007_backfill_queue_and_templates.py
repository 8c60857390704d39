from typing import Any

from django.db import migrations

from nama.cases.message_defaults import seed_templates


def forwards(apps: Any, schema_editor: Any) -> None:
    """Copy each running request's workflow state onto it (the queue's index); add the new
    notification templates (never overwriting edited ones)."""
    Case = apps.get_model("cases", "Case")
    for case in Case.objects.filter(workflow__isnull=False).select_related("workflow").iterator():
        case.queue_role = case.workflow.acting_role
        case.state_due_at = case.workflow.state_due_at
        case.save(update_fields=["queue_role", "state_due_at"])
    seed_templates(apps.get_model("cases", "MessageTemplate"))


class Migration(migrations.Migration):
    dependencies = [("cases", "0006_case_queue_fields")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
