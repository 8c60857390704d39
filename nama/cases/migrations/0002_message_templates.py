from django.apps.registry import Apps
from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor

TEMPLATES = {
    "submitted": (
        "درخواست شما ثبت شد",
        "درخواست «{service}» با کد رهگیری {tracking_code} ثبت شد. وضعیت: {step}. "
        "پیگیری در اصفهان‌نما با همین کد.",
    ),
    "returned": (
        "درخواست شما نیاز به اصلاح دارد",
        "درخواست «{service}» ({tracking_code}) برای اصلاح به شما بازگشت: {reason} "
        "موارد خواسته‌شده را در اصفهان‌نما اصلاح و دوباره ارسال کنید.",
    ),
    "step": (
        "وضعیت درخواست شما تغییر کرد",
        "درخواست «{service}» ({tracking_code}): {step}",
    ),
    "staff_waiting": (
        "درخواست تازه در کارتابل",
        "درخواست «{service}» ({tracking_code}) در مرحله «{step}» منتظر اقدام شماست.",
    ),
}


def seed(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    template = apps.get_model("cases", "MessageTemplate")
    for key, (title, body) in TEMPLATES.items():
        template.objects.get_or_create(key=key, defaults={"title": title, "body": body})


class Migration(migrations.Migration):
    dependencies = [("cases", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
