"""Enumerations of the accounts domain (names follow docs/glossary.md)."""

from __future__ import annotations

from django.db import models


class AccountKind(models.TextChoices):
    CITIZEN = "citizen", "شهروند"
    STAFF = "staff", "کارمند شهرداری"
    PARTNER = "partner", "کاربر سازمان همکار"


class PartnerKind(models.TextChoices):
    BANK = "bank", "بانک"
    NOTARY = "notary", "دفترخانه اسناد رسمی"


class StaffRole(models.TextChoices):
    DESK_CLERK = "desk_clerk", "کارمند پیشخوان شهرسازی"
    VISIT_AGENT = "visit_agent", "مامور بازدید"
    PLANNING_OFFICER = "planning_officer", "کارشناس شهرسازی"
    REVENUE_OFFICER = "revenue_officer", "کارشناس درآمد"
    ARTICLE100_SECRETARIAT = "article100_secretariat", "دبیرخانه کمیسیون ماده ۱۰۰"
    DISTRICT_MANAGER = "district_manager", "مدیر منطقه"
    CITY_MANAGER = "city_manager", "مدیریت شهری / حسابرس"
    SYSTEM_ADMIN = "system_admin", "مدیر سامانه"


# Roles held for the whole city: their assignments have no district and cover all of them.
CITY_WIDE_ROLES = frozenset({StaffRole.CITY_MANAGER, StaffRole.SYSTEM_ADMIN})


class RepresentationStatus(models.TextChoices):
    PENDING = "pending", "در انتظار تأیید مالک"
    ACTIVE = "active", "فعال"
    REVOKED = "revoked", "لغو شده"


class SecurityEventKind(models.TextChoices):
    REGISTERED = "registered", "ثبت‌نام"
    ACTIVATED = "activated", "فعال‌سازی حساب"
    LOGIN_SUCCEEDED = "login_ok", "ورود موفق"
    LOGIN_FAILED = "login_failed", "ورود ناموفق"
    LOCKED_OUT = "locked_out", "قفل موقت حساب"
    LOGOUT = "logout", "خروج"
    SECOND_FACTOR_FAILED = "2fa_failed", "رمز دوم نادرست"
    SECOND_FACTOR_ENROLLED = "2fa_enrolled", "ثبت رمز دوم"
    CODE_SENT = "code_sent", "ارسال کد یک‌بارمصرف"
    CODE_VERIFIED = "code_verified", "تأیید کد یک‌بارمصرف"
    CODE_FAILED = "code_failed", "کد یک‌بارمصرف نادرست"
    CODE_THROTTLED = "code_throttled", "محدودیت ارسال کد"
    PASSWORD_CHANGED = "password_changed", "تغییر گذرواژه"
    PASSWORD_RESET = "password_reset", "بازیابی گذرواژه"
    MOBILE_CHANGED = "mobile_changed", "تغییر شماره همراه"
    ROLE_GRANTED = "role_granted", "اعطای نقش"
    ROLE_REVOKED = "role_revoked", "لغو نقش"
    REPRESENTATION_REQUESTED = "repr_requested", "درخواست نمایندگی"
    REPRESENTATION_CONFIRMED = "repr_confirmed", "تأیید نمایندگی"
    REPRESENTATION_REVOKED = "repr_revoked", "لغو نمایندگی"
    LEGAL_PERSON_REGISTERED = "legal_registered", "ثبت شخص حقوقی"
    LEGAL_AGENT_GRANTED = "agent_granted", "اعطای نمایندگی شخص حقوقی"
    LEGAL_AGENT_REVOKED = "agent_revoked", "لغو نمایندگی شخص حقوقی"
    TOKEN_CREATED = "token_created", "ایجاد توکن دسترسی"
    TOKEN_REVOKED = "token_revoked", "لغو توکن دسترسی"
    ACCOUNT_EDITED = "account_edited", "ویرایش حساب به دست مدیر"
