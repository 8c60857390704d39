from django.apps import AppConfig


class PaymentsConfig(AppConfig):
    name = "nama.payments"
    label = "payments"
    verbose_name = "پرداخت اینترنتی"
