from django.apps import AppConfig


class PaymentsConfig(AppConfig):
    name = "nama.payments"
    label = "payments"
    verbose_name = "پرداخت اینترنتی"

    def ready(self) -> None:
        from django.core import checks

        from nama.payments.checks import check_payment_settings

        checks.register(check_payment_settings)
