from django.apps import AppConfig


class BillingConfig(AppConfig):
    name = "nama.billing"
    label = "billing"
    verbose_name = "عوارض، قبض‌ها و دفتر درآمد"

    def ready(self) -> None:
        # Access rules, workflow facts and effects register themselves by name.
        from nama.billing import access, effects, facts, handlers  # noqa: F401

        handlers.connect()  # bill_paid → the request's confirm_payment step
