"""A citizen's request (درخواست / پرونده) for one service about one subject, and what hangs
off it: messages, the applicant's inbox, and the keys that make submitting idempotent."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import models
from django.utils import timezone

from nama.cases.constants import CHANNEL_PRIORITY, CaseStatus, Channel

if TYPE_CHECKING:
    from nama.accounts.models import User
    from nama.workflow.models import TransitionRecord


class Case(models.Model):
    """One request. Its public identifier is the tracking code, never the database id."""

    tracking_code = models.CharField("کد رهگیری", max_length=12, unique=True)
    service = models.ForeignKey(
        "catalog.Service", verbose_name="خدمت", on_delete=models.PROTECT, related_name="cases"
    )
    service_version = models.ForeignKey(
        "catalog.ServiceVersion",
        verbose_name="نسخه خدمت",
        on_delete=models.PROTECT,
        related_name="+",
    )
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="متقاضی",
        on_delete=models.PROTECT,
        related_name="cases_applied",
    )
    # Whom the request is for, when a representative applies (None: the applicant themself).
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="مالک",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="cases_owned",
    )
    legal_person = models.ForeignKey(
        "accounts.LegalPerson",
        verbose_name="شخص حقوقی",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="cases",
    )
    parcel = models.ForeignKey(
        "parcels.Parcel",
        verbose_name="ملک",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="cases",
    )
    district = models.ForeignKey(
        "districts.District", verbose_name="منطقه", on_delete=models.PROTECT, related_name="cases"
    )
    channel = models.CharField("کانال", max_length=10, choices=Channel, default=Channel.ONLINE)
    priority = models.PositiveSmallIntegerField("اولویت", default=0)
    form_data = models.JSONField("اطلاعات فرم", default=dict, blank=True)
    status = models.CharField(
        "وضعیت کلی", max_length=12, choices=CaseStatus, default=CaseStatus.DRAFT
    )
    workflow = models.OneToOneField(
        "workflow.WorkflowInstance",
        verbose_name="گردش کار",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="case",
    )
    # What staff asked the applicant to fix in the current round (fields, documents, reason).
    corrections = models.JSONField("اصلاحات خواسته‌شده", default=dict, blank=True)
    # The form as it was when each correction round began: {"round": n, "form": {...}}.
    form_history = models.JSONField("سابقه فرم", default=list, blank=True)
    created_at = models.DateTimeField("ایجاد", default=timezone.now)
    updated_at = models.DateTimeField("آخرین تغییر", default=timezone.now)
    submitted_at = models.DateTimeField("ثبت نهایی", null=True, blank=True)
    # The service's overall target (fixed at submission) and the expected completion date,
    # re-estimated at every step from the remaining states' deadlines.
    due_at = models.DateTimeField("موعد انجام", null=True, blank=True)
    expected_at = models.DateTimeField("تاریخ پیش‌بینی‌شده پایان", null=True, blank=True)
    finished_at = models.DateTimeField("پایان", null=True, blank=True)

    # --- The staff side (a copy of the workflow's current state, kept for the work queue) ---
    # The role acting in the current state ("" for drafts and finished requests) and the
    # state's deadline: copied from the workflow instance at every step so that one index
    # serves the queue (ADR 0025).
    queue_role = models.CharField("نقش اقدام‌کننده", max_length=40, blank=True)
    state_due_at = models.DateTimeField("مهلت مرحله", null=True, blank=True)
    # Who is working on it now (one person at a time); released at every step.
    holder = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="در دست",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="cases_held",
    )
    held_since = models.DateTimeField("در دست از", null=True, blank=True)
    # The desk clerk who registered a walk-in citizen's request (counter channel).
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="ثبت‌کننده در پیشخوان",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="cases_registered",
    )
    # Deadline bookkeeping of the current state (reset at every step): when a reminder went
    # out, when the request was found overdue, when it was escalated.
    reminded_at = models.DateTimeField("یادآوری مهلت", null=True, blank=True)
    overdue_since = models.DateTimeField("گذشته از مهلت از", null=True, blank=True)
    escalated_at = models.DateTimeField("ارجاع به مدیر", null=True, blank=True)

    class Meta:
        verbose_name = "درخواست"
        verbose_name_plural = "درخواست‌ها"
        indexes = [
            models.Index(fields=["applicant", "-created_at"], name="case_applicant_idx"),
            # The staff work queue: role and district, then the queue's own order.
            models.Index(
                fields=["district", "queue_role", "priority", "state_due_at", "submitted_at"],
                name="case_queue_idx",
            ),
            models.Index(fields=["holder", "queue_role"], name="case_holder_idx"),
            # The deadline sweep: open states not yet found overdue, by deadline.
            models.Index(
                fields=["state_due_at", "id"],
                condition=models.Q(overdue_since__isnull=True) & ~models.Q(queue_role=""),
                name="case_deadline_idx",
            ),
        ]
        constraints = [
            # One open (not finished, not draft) request per service and parcel.
            models.UniqueConstraint(
                fields=["service", "parcel"],
                condition=models.Q(
                    parcel__isnull=False,
                    status__in=[CaseStatus.IN_PROGRESS, CaseStatus.WAITING_FOR_APPLICANT],
                ),
                name="one_open_case_per_service_and_parcel",
            ),
        ]

    def __str__(self) -> str:
        return self.tracking_code

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.priority = CHANNEL_PRIORITY[Channel(self.channel)]
        super().save(*args, **kwargs)

    @property
    def owner_or_applicant(self) -> User:
        return self.owner or self.applicant

    # --- WorkflowSubject: the engine asks the request about itself ------------------------

    def workflow_is_applicant(self, user: User) -> bool:
        from nama.cases.access import acts_for_applicant

        return acts_for_applicant(user, self)

    def workflow_fact(self, name: str) -> bool:
        from nama.cases.facts import fact

        return fact(self, name)

    def workflow_effect(self, name: str, record: TransitionRecord) -> None:
        from nama.cases.effects import run_effect

        run_effect(self, name, record)


class CaseMessage(models.Model):
    """A message on a request; internal notes are never shown to the applicant."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="messages")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    body = models.TextField("متن")
    internal = models.BooleanField("یادداشت داخلی", default=False)
    created_at = models.DateTimeField("زمان", default=timezone.now)

    class Meta:
        verbose_name = "پیام درخواست"
        verbose_name_plural = "پیام‌های درخواست"
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.case} — {self.created_at:%Y-%m-%d}"


class Notification(models.Model):
    """An item in a user's in-app inbox (the same news also goes by SMS and e-mail)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    case = models.ForeignKey(
        Case, on_delete=models.CASCADE, null=True, blank=True, related_name="notifications"
    )
    # One notification per event and person, so a re-run effect does not repeat it.
    event_key = models.CharField(max_length=100)
    title = models.CharField("عنوان", max_length=200)
    body = models.TextField("متن")
    created_at = models.DateTimeField("زمان", default=timezone.now)
    read_at = models.DateTimeField("خوانده شد", null=True, blank=True)

    class Meta:
        verbose_name = "اعلان"
        verbose_name_plural = "اعلان‌ها"
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "event_key"], name="one_notification_per_event"
            ),
        ]

    def __str__(self) -> str:
        return self.title


class IdempotencyKey(models.Model):
    """A client's retry key (Idempotency-Key header or a form's one-time token) and the request
    it created: the same key from the same user never creates a second request."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=100)
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "key"], name="idempotency_key_unique"),
        ]

    def __str__(self) -> str:
        return self.key


class CaseEffect(models.Model):
    """One side effect of one workflow step for a request: run once, remembered.

    Effects whose handler has not been built yet (fees, certificates …) stay pending here, so
    the app that brings the handler can work through the backlog; nothing is lost.
    """

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="effects")
    step = models.PositiveIntegerField("گام")
    name = models.CharField("اثر", max_length=50)
    created_at = models.DateTimeField("ایجاد", default=timezone.now)
    done_at = models.DateTimeField("انجام", null=True, blank=True)

    class Meta:
        verbose_name = "اثر گام درخواست"
        verbose_name_plural = "اثرهای گام‌های درخواست"
        constraints = [
            models.UniqueConstraint(fields=["case", "step", "name"], name="one_effect_per_step"),
        ]

    def __str__(self) -> str:
        return f"{self.case}#{self.step} {self.name}"


class MessageTemplate(models.Model):
    """The Persian text of a notification, editable by administrators.

    Placeholders: {tracking_code}, {service}, {step}, {reason}, {name}.
    """

    key = models.SlugField("کلید", unique=True)
    title = models.CharField("عنوان", max_length=200)
    body = models.TextField("متن")

    class Meta:
        verbose_name = "قالب پیام"
        verbose_name_plural = "قالب‌های پیام"

    def __str__(self) -> str:
        return self.key


class CaseDocument(models.Model):
    """A document of a request in one slot (a document type of the service). Replacing a
    document supersedes the old one; the history keeps both."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="documents")
    document_type = models.CharField("نوع مدرک", max_length=50)
    upload = models.ForeignKey("documents.Upload", on_delete=models.PROTECT, related_name="+")
    # The correction round it was uploaded in (0: before the first submission).
    round = models.PositiveSmallIntegerField("نوبت اصلاح", default=0)
    created_at = models.DateTimeField("بارگذاری", default=timezone.now)
    superseded_at = models.DateTimeField("جایگزین شد", null=True, blank=True)

    class Meta:
        verbose_name = "مدرک درخواست"
        verbose_name_plural = "مدارک درخواست"
        ordering = ["document_type", "-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["case", "document_type"],
                condition=models.Q(superseded_at__isnull=True),
                name="one_current_document_per_type",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.case} {self.document_type}"


# The public-tracking rate limit's table lives beside its logic; import it so Django sees it.
from nama.cases.throttle import TrackingLookupFailure  # noqa: E402, F401
