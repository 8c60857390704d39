"""The built-in sandbox bank: the PSP side of a Shaparak card transaction (ADR 0031)."""

from __future__ import annotations

from django.db import models
from django.utils import timezone

from nama.payments.constants import SandboxState


class SandboxTransaction(models.Model):
    token = models.CharField("توکن", max_length=64, unique=True)
    terminal_id = models.CharField("شماره پایانه", max_length=20)
    res_num = models.CharField("شماره سفارش پذیرنده", max_length=50)
    amount = models.BigIntegerField("مبلغ (ریال)")
    redirect_url = models.CharField("نشانی بازگشت", max_length=500)
    state = models.CharField(
        "وضعیت", max_length=14, choices=SandboxState, default=SandboxState.CREATED
    )
    ref_num = models.CharField("رسید دیجیتال", max_length=64, blank=True)
    trace_no = models.CharField("شماره پیگیری", max_length=20, blank=True)
    rrn = models.CharField("شماره مرجع", max_length=20, blank=True)
    masked_pan = models.CharField("کارت", max_length=20, blank=True)
    # The tester chose "timeout": this many verify calls time out before one succeeds.
    verify_timeouts_left = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)
    paid_at = models.DateTimeField(null=True, blank=True)
    verified_at = models.DateTimeField(null=True, blank=True)
    reversed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "تراکنش بانک آزمایشی"
        verbose_name_plural = "تراکنش‌های بانک آزمایشی"
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["terminal_id", "res_num"], name="sandbox_one_transaction_per_order"
            )
        ]

    def __str__(self) -> str:
        return self.token
