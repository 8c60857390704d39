"""Payments in the back office: read-only (they change only through ``payments.services``,
which keep the bill, the receipt, refunds and the ledger in step). Events with no payment are
callbacks nobody could match."""

from __future__ import annotations

from django.contrib import admin

from nama.core.admin import ReadOnly
from nama.payments.models import Payment, PaymentEvent


class PaymentEventInline(ReadOnly, admin.TabularInline[PaymentEvent, Payment]):
    model = PaymentEvent
    fields = ("at", "kind", "status_before", "status_after", "note", "remote_addr", "raw")
    readonly_fields = fields
    extra = 0
    ordering = ["at", "pk"]


@admin.register(Payment)
class PaymentAdmin(ReadOnly, admin.ModelAdmin[Payment]):
    list_display = ["order_id", "bill", "payer", "provider", "amount", "status", "created_at"]
    list_filter = ["status", "provider"]
    search_fields = ["order_id", "token", "ref_num", "trace_no", "rrn", "bill__bill_number"]
    list_select_related = ["bill", "payer"]
    date_hierarchy = "created_at"
    inlines = [PaymentEventInline]


@admin.register(PaymentEvent)
class PaymentEventAdmin(ReadOnly, admin.ModelAdmin[PaymentEvent]):
    list_display = ["at", "provider", "kind", "payment", "status_before", "status_after", "note"]
    list_filter = ["kind", "provider", ("payment", admin.EmptyFieldListFilter)]
    search_fields = ["payment__order_id", "raw", "note"]
    list_select_related = ["payment"]
    date_hierarchy = "at"
