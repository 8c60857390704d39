"""Who held a request when: the history of claims, releases and assignments."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone


class HoldAction(models.TextChoices):
    CLAIM = "claim", "برداشتن از کارتابل"
    RELEASE = "release", "رها کردن"
    ASSIGN = "assign", "واگذاری"
    ESCALATE = "escalate", "بازپس‌گیری پس از گذشت مهلت"


class HoldEvent(models.Model):
    """One change of who holds a request (append-only)."""

    case = models.ForeignKey(
        "cases.Case", verbose_name="درخواست", on_delete=models.CASCADE, related_name="hold_events"
    )
    action = models.CharField("اقدام", max_length=10, choices=HoldAction)
    # Who holds it afterwards (None: nobody) and who did it (None: the system).
    holder = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="در دست",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="انجام‌دهنده",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    queue_role = models.CharField("نقش", max_length=40)
    reason = models.TextField("دلیل", blank=True)
    at = models.DateTimeField("زمان", default=timezone.now)

    class Meta:
        verbose_name = "تغییر مسئول درخواست"
        verbose_name_plural = "تغییرهای مسئول درخواست"
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.case_id} {self.action}"
