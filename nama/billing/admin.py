"""Billing in the back office.

Revenue administrators edit the tariff books (the YAML body is validated on save exactly as
``nama tariffs check`` validates files; a refused edit lists every problem and saves nothing)
and the beneficiary accounts (Sheba checked). Saving an approved book records who edited it
and when; assessments keep their own lines, so an edit never changes what was computed.
Everything else here is read-only: assessments, bills, receipts, refunds, the ledger and bank
files change only through ``billing.services``, which keep the ledger balanced.
"""

from __future__ import annotations

from typing import Any

import yaml
from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils import timezone

from nama.accounts.models import User
from nama.billing.constants import TariffStatus
from nama.billing.models import (
    Assessment,
    AssessmentLine,
    BankImport,
    BankImportRow,
    BeneficiaryAccount,
    Bill,
    BillLine,
    Business,
    DutyYear,
    LedgerEntry,
    LineAdjustment,
    Receipt,
    Refund,
    SettlementLetter,
    TariffBook,
    Vehicle,
)
from nama.billing.tariffs import TariffSpec
from nama.billing.tariffs.validation import TariffError, parse_tariff
from nama.core.admin import ReadOnly
from nama.core.identifiers import validate_sheba
from nama.core.text import to_persian_digits


def parse_body(text: str, *, year: int | None) -> TariffSpec:
    """A book's YAML text → ``TariffSpec``; ``ValidationError`` listing every problem."""
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as error:
        raise ValidationError(f"متن YAML درست نیست: {error}") from error
    codes = set(BeneficiaryAccount.objects.values_list("code", flat=True))
    try:
        spec = parse_tariff(data, accounts=codes)
    except TariffError as error:
        problems = ["دفترچه پذیرفته نشد؛ این موارد را درست کنید:", *error.problems]
        raise ValidationError(problems) from error
    if year is not None and spec.year != year:
        raise ValidationError(
            f"year: سال متن ({to_persian_digits(str(spec.year))}) با سال دفترچه"
            f" ({to_persian_digits(str(year))}) یکی نیست."
        )
    return spec


class TariffBookForm(forms.ModelForm[TariffBook]):
    class Meta:
        model = TariffBook
        fields = ["year", "title", "status", "approval_reference", "body"]
        widgets = {
            "body": forms.Textarea(
                attrs={"rows": 40, "cols": 100, "dir": "ltr", "spellcheck": "false"}
            )
        }

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        body, year = cleaned.get("body"), cleaned.get("year")
        if body is not None:
            try:
                self.instance.illustrative = parse_body(body, year=year).illustrative
            except ValidationError as error:
                self.add_error("body", error)
        return cleaned


def _actor(request: HttpRequest) -> User | None:
    return request.user if isinstance(request.user, User) else None


@admin.register(TariffBook)
class TariffBookAdmin(admin.ModelAdmin[TariffBook]):
    form = TariffBookForm
    list_display = ["year", "title", "status", "illustrative", "approved_at", "updated_at"]
    list_filter = ["status", "illustrative"]
    readonly_fields = ["illustrative", "approved_at", "approved_by", "updated_at", "updated_by"]
    fields = ["year", "title", "status", "approval_reference", "body", *readonly_fields]

    def save_model(self, request: HttpRequest, obj: TariffBook, form: Any, change: bool) -> None:
        now, actor = timezone.now(), _actor(request)
        obj.updated_at, obj.updated_by = now, actor
        if obj.status == TariffStatus.APPROVED and obj.approved_at is None:
            obj.approved_at, obj.approved_by = now, actor
        if obj.status == TariffStatus.DRAFT:
            obj.approved_at, obj.approved_by = None, None
        super().save_model(request, obj, form, change)
        if change and Assessment.objects.filter(tariff_year=obj.year).exists():
            messages.warning(
                request,
                "محاسبه‌های پیشینِ این سال ردیف‌های خود را نگه می‌دارند؛ تغییر تنها در محاسبه‌های"
                " تازه اثر دارد.",
            )

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class BeneficiaryAccountForm(forms.ModelForm[BeneficiaryAccount]):
    class Meta:
        model = BeneficiaryAccount
        fields = ["code", "name", "sheba", "company_code", "active"]

    def clean_sheba(self) -> str:
        return validate_sheba(self.cleaned_data["sheba"])

    def clean_company_code(self) -> int:
        value = int(self.cleaned_data["company_code"])
        if not 100 <= value <= 999:
            raise ValidationError("کد شرکت باید عددی سه‌رقمی باشد.")
        return value


@admin.register(BeneficiaryAccount)
class BeneficiaryAccountAdmin(admin.ModelAdmin[BeneficiaryAccount]):
    form = BeneficiaryAccountForm
    list_display = ["code", "name", "company_code", "sheba", "active"]

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class AssessmentLineInline(ReadOnly, admin.TabularInline[AssessmentLine, Assessment]):
    model = AssessmentLine
    fields = ["position", "rule", "label", "account", "amount", "computed_amount", "jalali_year"]
    extra = 0


@admin.register(Assessment)
class AssessmentAdmin(ReadOnly, admin.ModelAdmin[Assessment]):
    list_display = ["pk", "purpose", "case", "payer", "tariff_year", "status", "total"]
    list_filter = ["purpose", "status", "tariff_year"]
    search_fields = ["case__tracking_code", "payer__national_id"]
    list_select_related = ["case", "payer"]
    inlines = [AssessmentLineInline]


@admin.register(LineAdjustment)
class LineAdjustmentAdmin(ReadOnly, admin.ModelAdmin[LineAdjustment]):
    list_display = ["line", "old_amount", "new_amount", "actor", "at"]
    list_select_related = ["line", "actor"]


@admin.register(Vehicle)
class VehicleAdmin(ReadOnly, admin.ModelAdmin[Vehicle]):
    list_display = ["plate", "vehicle_class", "model_year", "owner", "active"]
    list_filter = ["vehicle_class", "active"]
    search_fields = ["plate", "owner__national_id"]
    list_select_related = ["owner"]


@admin.register(Business)
class BusinessAdmin(ReadOnly, admin.ModelAdmin[Business]):
    list_display = ["title", "guild", "unit", "licence_number", "active"]
    list_filter = ["guild", "active"]
    search_fields = ["title", "licence_number"]
    list_select_related = ["unit"]


@admin.register(DutyYear)
class DutyYearAdmin(ReadOnly, admin.ModelAdmin[DutyYear]):
    list_display = ["subject_key", "purpose", "jalali_year", "amount", "settled_at", "bill"]
    list_filter = ["purpose", "jalali_year", "opening_balance"]
    search_fields = ["subject_key"]


class BillLineInline(ReadOnly, admin.TabularInline[BillLine, Bill]):
    model = BillLine
    fields = ["position", "rule", "label", "amount"]
    extra = 0


@admin.register(Bill)
class BillAdmin(ReadOnly, admin.ModelAdmin[Bill]):
    list_display = ["bill_number", "payment_number", "title", "account", "amount", "status"]
    list_filter = ["status", "purpose", "account"]
    search_fields = ["bill_number", "payment_number", "payer__national_id"]
    list_select_related = ["account"]
    inlines = [BillLineInline]


@admin.register(Receipt)
class ReceiptAdmin(ReadOnly, admin.ModelAdmin[Receipt]):
    list_display = ["bill", "amount", "source", "reference", "paid_at"]
    list_filter = ["source"]
    search_fields = ["bill__bill_number", "reference"]
    list_select_related = ["bill"]


@admin.register(Refund)
class RefundAdmin(ReadOnly, admin.ModelAdmin[Refund]):
    list_display = ["bill", "kind", "amount", "status", "attempts", "requested_at"]
    list_filter = ["kind", "status"]
    list_select_related = ["bill"]


@admin.register(LedgerEntry)
class LedgerEntryAdmin(ReadOnly, admin.ModelAdmin[LedgerEntry]):
    list_display = ["at", "account", "kind", "amount", "bill"]
    list_filter = ["account", "kind"]
    list_select_related = ["account", "bill"]


class BankImportRowInline(ReadOnly, admin.TabularInline[BankImportRow, BankImport]):
    model = BankImportRow
    fields = ["line_number", "bill_number", "payment_number", "amount", "outcome", "message"]
    extra = 0


@admin.register(BankImport)
class BankImportAdmin(ReadOnly, admin.ModelAdmin[BankImport]):
    list_display = ["file_name", "bank", "imported_at", "rows_total"]
    inlines = [BankImportRowInline]


@admin.register(SettlementLetter)
class SettlementLetterAdmin(ReadOnly, admin.ModelAdmin[SettlementLetter]):
    list_display = ["number", "parcel", "issued_to", "through_year", "issued_at", "valid_until"]
    search_fields = ["number"]
    list_select_related = ["parcel", "issued_to"]
