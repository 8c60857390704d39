"""People and organisations who sign in, what they may do, and the security trail they leave.

Reads across a trust boundary go through ``selectors``/``authz``; writes through ``services``.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.utils import timezone

from nama.accounts.constants import (
    AccountKind,
    PartnerKind,
    RepresentationStatus,
    SecurityEventKind,
    StaffRole,
)


class NamaUserManager(UserManager["User"]):
    def create_superuser(
        self, username: str, email: str | None = None, password: str | None = None, **extra: Any
    ) -> User:
        # A superuser is a staff member; prefer `nama createadmin`, which adds the role and
        # the second factor the admin requires.
        extra.setdefault("kind", AccountKind.STAFF)
        return super().create_superuser(username, email, password, **extra)


class User(AbstractUser):
    """Anyone who signs in: a citizen (natural person), a staff member or a partner's user.

    Citizens sign in with their national ID, which is also their ``username``; staff and
    partner users get a username from an administrator. Legal persons (companies) do not sign
    in themselves: natural persons act for them (``LegalPersonAgent``).
    """

    kind = models.CharField(
        "نوع حساب", max_length=10, choices=AccountKind, default=AccountKind.CITIZEN
    )
    national_id = models.CharField("کد ملی", max_length=10, unique=True, null=True, blank=True)
    mobile = models.CharField("شماره همراه", max_length=11, blank=True, db_index=True)
    mobile_verified_at = models.DateTimeField("تأیید شماره همراه", null=True, blank=True)
    birth_date = models.DateField("تاریخ تولد", null=True, blank=True)
    partner = models.ForeignKey(
        "PartnerOrganization",
        verbose_name="سازمان همکار",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
    )

    objects = NamaUserManager()  # type: ignore[misc]

    class Meta(AbstractUser.Meta):
        verbose_name = "کاربر"
        verbose_name_plural = "کاربران"
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(kind=AccountKind.CITIZEN) | models.Q(national_id__isnull=False),
                name="citizen_has_national_id",
            ),
            models.CheckConstraint(
                condition=~models.Q(kind=AccountKind.PARTNER) | models.Q(partner__isnull=False),
                name="partner_user_has_organization",
            ),
        ]

    @property
    def is_staff_member(self) -> bool:
        return self.kind == AccountKind.STAFF

    @property
    def display_name(self) -> str:
        return self.get_full_name() or self.username


class PartnerOrganization(models.Model):
    """A bank branch or notary office that asks the municipality about properties."""

    kind = models.CharField("نوع", max_length=10, choices=PartnerKind)
    name = models.CharField("نام", max_length=200)
    code = models.CharField("کد", max_length=30, unique=True)
    is_active = models.BooleanField("فعال", default=True)
    created_at = models.DateTimeField("ایجاد", default=timezone.now)

    class Meta:
        verbose_name = "سازمان همکار"
        verbose_name_plural = "سازمان‌های همکار"

    def __str__(self) -> str:
        return self.name


class RoleAssignment(models.Model):
    """One staff role held in one district, or city-wide when ``district`` is empty."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="role_assignments")
    role = models.CharField("نقش", max_length=30, choices=StaffRole)
    district = models.ForeignKey(
        "districts.District",
        verbose_name="منطقه",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="role_assignments",
    )
    granted_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    granted_at = models.DateTimeField("زمان اعطا", default=timezone.now)
    revoked_at = models.DateTimeField("زمان لغو", null=True, blank=True)
    revoked_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = "نقش کارمند"
        verbose_name_plural = "نقش‌های کارمندان"
        constraints = [
            models.UniqueConstraint(
                fields=["user", "role", "district"],
                condition=models.Q(revoked_at__isnull=True, district__isnull=False),
                name="one_active_role_per_district",
            ),
            models.UniqueConstraint(
                fields=["user", "role"],
                condition=models.Q(revoked_at__isnull=True, district__isnull=True),
                name="one_active_city_wide_role",
            ),
        ]
        indexes = [models.Index(fields=["role", "district"], name="role_district_idx")]

    def __str__(self) -> str:
        where = self.district.name if self.district else "کل شهر"
        return f"{self.get_role_display()} — {where}"


class LegalPerson(models.Model):
    """A company or institution, identified by its 11-digit national legal ID (شناسه ملی)."""

    legal_id = models.CharField("شناسه ملی", max_length=11, unique=True)
    name = models.CharField("نام", max_length=200)
    registered_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField("ایجاد", default=timezone.now)

    class Meta:
        verbose_name = "شخص حقوقی"
        verbose_name_plural = "اشخاص حقوقی"

    def __str__(self) -> str:
        return self.name


class LegalPersonAgent(models.Model):
    """A natural person authorised to act for a legal person (until revoked)."""

    legal_person = models.ForeignKey(LegalPerson, on_delete=models.CASCADE, related_name="agents")
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="legal_agencies")
    title = models.CharField("سمت", max_length=100, blank=True)
    granted_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    granted_at = models.DateTimeField("زمان اعطا", default=timezone.now)
    revoked_at = models.DateTimeField("زمان لغو", null=True, blank=True)

    class Meta:
        verbose_name = "نماینده شخص حقوقی"
        verbose_name_plural = "نمایندگان اشخاص حقوقی"
        constraints = [
            models.UniqueConstraint(
                fields=["legal_person", "user"],
                condition=models.Q(revoked_at__isnull=True),
                name="one_active_agency",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} ← {self.legal_person}"


class Representation(models.Model):
    """An owner's authorisation for another person to act for them (وکالت / نمایندگی).

    ``services`` empty means every service; otherwise a list of service codes.
    """

    owner = models.ForeignKey(User, on_delete=models.CASCADE, related_name="representations_given")
    representative = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="representations_held"
    )
    services = models.JSONField("خدمات", default=list, blank=True)
    status = models.CharField(
        "وضعیت", max_length=10, choices=RepresentationStatus, default=RepresentationStatus.PENDING
    )
    expires_at = models.DateTimeField("پایان اعتبار")
    created_at = models.DateTimeField("ایجاد", default=timezone.now)
    confirmed_at = models.DateTimeField("تأیید مالک", null=True, blank=True)
    revoked_at = models.DateTimeField("لغو", null=True, blank=True)
    revoked_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = "نمایندگی"
        verbose_name_plural = "نمایندگی‌ها"
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(owner=models.F("representative")),
                name="not_self_representation",
            )
        ]

    def __str__(self) -> str:
        return f"{self.representative} ← {self.owner}"

    def covers(self, service_code: str | None) -> bool:
        return not self.services or (service_code is not None and service_code in self.services)


class OneTimeCode(models.Model):
    """A 6-digit code sent by SMS; only its keyed hash is stored."""

    class Purpose(models.TextChoices):
        REGISTER = "register", "ثبت‌نام"
        LOGIN = "login", "ورود"
        RESET = "reset", "بازیابی گذرواژه"
        CHANGE_MOBILE = "mobile", "تغییر شماره همراه"
        REPRESENTATION = "represent", "تأیید نمایندگی"
        ENROLL = "enroll", "راه‌اندازی رمز دوم"

    mobile = models.CharField(max_length=11)
    purpose = models.CharField(max_length=10, choices=Purpose)
    user = models.ForeignKey(
        User, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    code_hash = models.CharField(max_length=64)
    payload = models.JSONField(default=dict, blank=True)
    ip = models.GenericIPAddressField(null=True, blank=True)
    delivered = models.BooleanField(default=True)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    failed_attempts = models.PositiveSmallIntegerField(default=0)
    used_at = models.DateTimeField(null=True, blank=True)
    superseded = models.BooleanField(default=False)

    class Meta:
        verbose_name = "کد یک‌بارمصرف"
        verbose_name_plural = "کدهای یک‌بارمصرف"
        indexes = [
            models.Index(fields=["mobile", "purpose", "created_at"], name="otp_mobile_idx"),
            models.Index(fields=["ip", "created_at"], name="otp_ip_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_purpose_display()} → {self.mobile}"


class ApiToken(models.Model):
    """A revocable, expiring bearer token for the mobile app; only its hash is stored."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField("نام دستگاه", max_length=100)
    prefix = models.CharField("پیشوند", max_length=8, db_index=True)
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField("ایجاد", default=timezone.now)
    expires_at = models.DateTimeField("پایان اعتبار")
    last_used_at = models.DateTimeField("آخرین استفاده", null=True, blank=True)
    revoked_at = models.DateTimeField("لغو", null=True, blank=True)

    class Meta:
        verbose_name = "توکن دسترسی"
        verbose_name_plural = "توکن‌های دسترسی"

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_usable(self) -> bool:
        return self.revoked_at is None and self.expires_at > timezone.now()


class SecurityEvent(models.Model):
    """Append-only audit trail of security events; never changed or deleted by the app."""

    kind = models.CharField("رویداد", max_length=30, choices=SecurityEventKind)
    actor = models.ForeignKey(
        User,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="انجام‌دهنده",
    )
    subject = models.ForeignKey(
        User,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="کاربر موضوع",
    )
    # The identifier that was tried (national ID, username, mobile), for lockout counting even
    # when no account matches it.
    subject_key = models.CharField("شناسه واردشده", max_length=150, blank=True, db_index=True)
    ip = models.GenericIPAddressField("نشانی IP", null=True, blank=True)
    user_agent = models.CharField("مرورگر", max_length=300, blank=True)
    data = models.JSONField("جزئیات", default=dict, blank=True)
    created_at = models.DateTimeField("زمان", default=timezone.now, db_index=True)

    class Meta:
        verbose_name = "رویداد امنیتی"
        verbose_name_plural = "رویدادهای امنیتی"
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["kind", "subject_key", "created_at"], name="sec_kind_key_idx"),
            models.Index(fields=["kind", "ip", "created_at"], name="sec_kind_ip_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} — {self.created_at:%Y-%m-%d %H:%M}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise ValueError("Security events are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise ValueError("Security events are append-only.")
