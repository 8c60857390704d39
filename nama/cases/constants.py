"""Enumerations of citizens' requests (پرونده‌ها / درخواست‌ها)."""

from __future__ import annotations

from django.db import models


class CaseStatus(models.TextChoices):
    """Where a request is as a whole; the workflow state says which step."""

    DRAFT = "draft", "پیش‌نویس"
    IN_PROGRESS = "in_progress", "در جریان"
    WAITING_FOR_APPLICANT = "waiting", "منتظر اقدام متقاضی"
    COMPLETED = "completed", "کامل شده"
    CANCELLED = "cancelled", "ابطال شده"


class Channel(models.TextChoices):
    """How the request came in; online requests go first in staff queues (the seed's rule)."""

    ONLINE = "online", "برخط (اصفهان‌نما)"
    COUNTER = "counter", "پیشخوان منطقه"
    PARTNER = "partner", "سامانه سازمان همکار"


# Lower sorts first in queues: the seed's rule that Isfahan Nama requests get priority.
CHANNEL_PRIORITY = {Channel.ONLINE: 0, Channel.PARTNER: 1, Channel.COUNTER: 2}
