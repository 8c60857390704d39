"""The default Persian texts of request notifications (administrators edit them afterwards)."""

from __future__ import annotations

from typing import Any

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
    "case_assigned": (
        "درخواستی به شما واگذار شد",
        "درخواست «{service}» ({tracking_code}) در مرحله «{step}» به شما واگذار شد. {reason}",
    ),
    "visit_booked": (
        "نوبت بازدید ثبت شد",
        "بازدید ملک درخواست «{service}» ({tracking_code}) برای {when} ثبت شد.",
    ),
    "visit_rescheduled": (
        "زمان بازدید تغییر کرد",
        "بازدید درخواست «{service}» ({tracking_code}) به {when} جابه‌جا شد. دلیل: {reason}",
    ),
    "deadline_reminder": (
        "یادآوری مهلت",
        "مهلت مرحله «{step}» درخواست «{service}» ({tracking_code}) {when} به پایان می‌رسد.",
    ),
    "case_overdue": (
        "مهلت درخواست گذشت",
        "مهلت مرحله «{step}» درخواست «{service}» ({tracking_code}) {when} گذشت.",
    ),
    "case_escalated": (
        "درخواست به کارتابل مشترک برگشت",
        "درخواست «{service}» ({tracking_code}) پس از گذشت مهلت مرحله «{step}» از {name} "
        "گرفته شد و در کارتابل مشترک منطقه است.",
    ),
}


def seed_templates(model: Any) -> None:
    """Create the default templates that are missing; never overwrite an edited one."""
    for key, (title, body) in TEMPLATES.items():
        model.objects.get_or_create(key=key, defaults={"title": title, "body": body})
