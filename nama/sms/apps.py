from django.apps import AppConfig


class SmsConfig(AppConfig):
    name = "nama.sms"
    label = "sms"
    verbose_name = "پیامک"

    def ready(self) -> None:
        from django.core import checks

        from nama.sms.checks import check_sms_settings

        checks.register(check_sms_settings)
