"""Counter channel: a desk clerk registers a walk-in citizen's request."""

from django.apps import AppConfig


class CounterConfig(AppConfig):
    name = "nama.counter"
    label = "counter"
    verbose_name = "پیشخوان منطقه"
