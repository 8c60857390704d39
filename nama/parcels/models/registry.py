"""Parcels and what hangs under them: codes and their history, owners and shares, buildings,
units and the parallel snapshots of a property's figures."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from nama.parcels.constants import (
    CodeChange,
    LandUse,
    OwnerKind,
    ParcelStatus,
    SnapshotKind,
    Structure,
    UnitKind,
)
from nama.parcels.models.base import RenewalCoded, Shaped, bbox_constraint


class Parcel(RenewalCoded, Shaped):
    """A plot of land (قطعه): the parcel level of the renewal code (building, apartment and shop
    parts zero). Geometry and its box are written only by ``services`` (with the spatial index)."""

    status = models.CharField(
        "وضعیت", max_length=10, choices=ParcelStatus, default=ParcelStatus.ACTIVE
    )
    district = models.ForeignKey(
        "districts.District", verbose_name="منطقه", on_delete=models.PROTECT, related_name="+"
    )
    zone = models.ForeignKey(
        "parcels.Zone",
        verbose_name="پهنه طرح تفصیلی",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="parcels",
    )
    plate_raw = models.CharField("پلاک ثبتی (متن)", max_length=120, blank=True)
    plate_main = models.JSONField("پلاک اصلی", default=list, blank=True)
    plate_sub = models.JSONField("پلاک فرعی", default=list, blank=True)
    plate_section = models.PositiveSmallIntegerField("بخش ثبتی", null=True, blank=True)
    address = models.CharField("نشانی", max_length=300, blank=True)
    postal_code = models.CharField("کد پستی", max_length=10, blank=True)
    deed_area = models.DecimalField(
        "مساحت سند (مترمربع)", max_digits=12, decimal_places=2, null=True, blank=True
    )
    geometric_area = models.FloatField("مساحت هندسی (مترمربع)", null=True, blank=True)
    source = models.CharField("منبع", max_length=30, blank=True)
    created_at = models.DateTimeField("ایجاد", default=timezone.now)
    updated_at = models.DateTimeField("آخرین تغییر", default=timezone.now)
    retired_at = models.DateTimeField("منسوخ", null=True, blank=True)

    class Meta:
        verbose_name = "قطعه"
        verbose_name_plural = "قطعات"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(code_building=0, code_apartment=0, code_shop=0),
                name="parcel_code_is_parcel_level",
            ),
            models.CheckConstraint(
                condition=models.Q(deed_area__isnull=True) | models.Q(deed_area__gt=0),
                name="parcel_deed_area_positive",
            ),
            bbox_constraint("parcel"),
        ]
        indexes = [
            models.Index(
                fields=["code_district", "code_region", "code_block", "code_parcel"],
                name="parcel_map_key_idx",
            ),
            models.Index(fields=["district", "status"], name="parcel_district_status_idx"),
        ]

    def __str__(self) -> str:
        return self.renewal_code

    @property
    def is_active(self) -> bool:
        return self.status == ParcelStatus.ACTIVE


class ParcelCode(models.Model):
    """One period during which a renewal code named a parcel (its code history)."""

    parcel = models.ForeignKey(Parcel, on_delete=models.CASCADE, related_name="code_history")
    renewal_code = models.CharField("کد نوسازی", max_length=60, db_index=True)
    valid_from = models.DateTimeField("از", default=timezone.now)
    valid_until = models.DateTimeField("تا", null=True, blank=True)
    started_by = models.CharField("آغاز با", max_length=10, choices=CodeChange)
    ended_by = models.CharField("پایان با", max_length=10, choices=CodeChange, blank=True)
    operation = models.UUIDField("شناسه عملیات", null=True, blank=True)

    class Meta:
        verbose_name = "سابقه کد نوسازی"
        verbose_name_plural = "سوابق کد نوسازی"
        ordering = ["valid_from", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["parcel"],
                condition=models.Q(valid_until__isnull=True),
                name="one_current_code_per_parcel",
            )
        ]

    def __str__(self) -> str:
        return self.renewal_code


class ParcelLineage(models.Model):
    """A parcel made from another by a split (تفکیک) or a merger (تجمیع)."""

    kind = models.CharField("نوع", max_length=10, choices=CodeChange)
    predecessor = models.ForeignKey(
        Parcel, on_delete=models.CASCADE, related_name="successor_links"
    )
    successor = models.ForeignKey(
        Parcel, on_delete=models.CASCADE, related_name="predecessor_links"
    )
    operation = models.UUIDField("شناسه عملیات")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "پیشینه تفکیک/تجمیع"
        verbose_name_plural = "پیشینه تفکیک و تجمیع"
        constraints = [
            models.UniqueConstraint(
                fields=["predecessor", "successor"], name="parcel_lineage_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(kind__in=[CodeChange.SPLIT, CodeChange.MERGED]),
                name="parcel_lineage_kind",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.predecessor_id} → {self.successor_id} ({self.kind})"


class Owner(models.Model):
    """A person in the registry: natural (national ID) or legal (11-digit legal ID).

    Not a user account: citizens are matched to owners by national ID, companies by legal ID.
    """

    kind = models.CharField("نوع", max_length=10, choices=OwnerKind)
    national_id = models.CharField("کد ملی", max_length=10, unique=True, null=True, blank=True)
    legal_id = models.CharField("شناسه ملی", max_length=11, unique=True, null=True, blank=True)
    first_name = models.CharField("نام", max_length=100, blank=True)
    last_name = models.CharField("نام خانوادگی", max_length=100, blank=True)
    legal_name = models.CharField("نام شخص حقوقی", max_length=200, blank=True)

    class Meta:
        verbose_name = "مالک"
        verbose_name_plural = "مالکان"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(
                    kind=OwnerKind.NATURAL, national_id__isnull=False, legal_id__isnull=True
                )
                | models.Q(kind=OwnerKind.LEGAL, legal_id__isnull=False, national_id__isnull=True),
                name="owner_identified_by_kind",
            )
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        if self.kind == OwnerKind.LEGAL:
            return self.legal_name
        return f"{self.first_name} {self.last_name}".strip()


class Building(RenewalCoded):
    """A building on a parcel (the building level of the renewal code)."""

    parcel = models.ForeignKey(Parcel, on_delete=models.CASCADE, related_name="buildings")
    floors_above = models.PositiveSmallIntegerField("طبقات روی زمین", default=1)
    floors_below = models.PositiveSmallIntegerField("طبقات زیرزمین", default=0)
    structure = models.CharField("نوع سازه", max_length=10, choices=Structure, blank=True)
    built_area = models.DecimalField(
        "زیربنا (مترمربع)", max_digits=12, decimal_places=2, null=True, blank=True
    )
    construction_year = models.PositiveSmallIntegerField("سال ساخت (شمسی)", null=True, blank=True)

    class Meta:
        verbose_name = "ساختمان"
        verbose_name_plural = "ساختمان‌ها"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(code_building__gt=0, code_apartment=0, code_shop=0),
                name="building_code_is_building_level",
            )
        ]

    def __str__(self) -> str:
        return self.renewal_code


class Unit(RenewalCoded):
    """An apartment, shop or office in a building (apartment or shop level of the code)."""

    building = models.ForeignKey(Building, on_delete=models.CASCADE, related_name="units")
    kind = models.CharField("نوع", max_length=10, choices=UnitKind)
    floor = models.SmallIntegerField("طبقه", default=0)
    area = models.DecimalField(
        "مساحت (مترمربع)", max_digits=10, decimal_places=2, null=True, blank=True
    )
    postal_code = models.CharField("کد پستی", max_length=10, blank=True)

    class Meta:
        verbose_name = "واحد"
        verbose_name_plural = "واحدها"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(code_building__gt=0)
                & (models.Q(code_apartment__gt=0) | models.Q(code_shop__gt=0)),
                name="unit_code_is_unit_level",
            )
        ]

    def __str__(self) -> str:
        return self.renewal_code


class Ownership(models.Model):
    """An owner's share, in دانگ (6 = whole), of a parcel or of one unit with its own deed.

    The active shares of one parcel (or one unit) add up to at most 6 (``services.set_owners``).
    """

    parcel = models.ForeignKey(Parcel, on_delete=models.CASCADE, related_name="ownerships")
    unit = models.ForeignKey(
        Unit, on_delete=models.CASCADE, null=True, blank=True, related_name="ownerships"
    )
    owner = models.ForeignKey(Owner, on_delete=models.PROTECT, related_name="ownerships")
    dang = models.DecimalField("سهم (دانگ)", max_digits=7, decimal_places=4)
    started_at = models.DateTimeField("از", default=timezone.now)
    ended_at = models.DateTimeField("تا", null=True, blank=True)

    class Meta:
        verbose_name = "مالکیت"
        verbose_name_plural = "مالکیت‌ها"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(dang__gt=0, dang__lte=6), name="ownership_dang_in_range"
            ),
            models.UniqueConstraint(
                fields=["parcel", "owner"],
                condition=models.Q(ended_at__isnull=True, unit__isnull=True),
                name="one_active_parcel_share_per_owner",
            ),
            models.UniqueConstraint(
                fields=["unit", "owner"],
                condition=models.Q(ended_at__isnull=True, unit__isnull=False),
                name="one_active_unit_share_per_owner",
            ),
        ]
        indexes = [models.Index(fields=["owner", "ended_at"], name="ownership_owner_idx")]

    def __str__(self) -> str:
        return f"{self.owner} — {self.dang} دانگ"


class PropertySnapshot(models.Model):
    """A property's figures as one source states them (declared, permitted, observed, completed).

    ``built_area_by_floor`` maps a floor label ("-1", "0", "1", …) to its built area in m².
    """

    parcel = models.ForeignKey(Parcel, on_delete=models.CASCADE, related_name="snapshots")
    building = models.ForeignKey(
        Building, on_delete=models.CASCADE, null=True, blank=True, related_name="snapshots"
    )
    unit = models.ForeignKey(
        Unit, on_delete=models.CASCADE, null=True, blank=True, related_name="snapshots"
    )
    kind = models.CharField("نوع", max_length=10, choices=SnapshotKind)
    as_of = models.DateField("تاریخ")
    source = models.CharField("منبع", max_length=120)
    land_area = models.DecimalField(
        "مساحت عرصه", max_digits=12, decimal_places=2, null=True, blank=True
    )
    built_area_by_floor = models.JSONField("زیربنای هر طبقه", default=dict, blank=True)
    total_built_area = models.DecimalField(
        "زیربنای کل", max_digits=12, decimal_places=2, null=True, blank=True
    )
    floors = models.PositiveSmallIntegerField("تعداد طبقات", null=True, blank=True)
    units = models.PositiveSmallIntegerField("تعداد واحد", null=True, blank=True)
    land_use = models.CharField("کاربری", max_length=20, choices=LandUse, blank=True)
    parking_spaces = models.PositiveSmallIntegerField("پارکینگ", null=True, blank=True)
    setback_observed = models.DecimalField(
        "عقب‌نشینی مشاهده‌شده (مترمربع)", max_digits=10, decimal_places=2, null=True, blank=True
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "ارقام ملک"
        verbose_name_plural = "ارقام ملک (اظهاری، مجاز، مشاهده‌شده، پایانکار)"
        indexes = [
            models.Index(fields=["parcel", "kind", "as_of"], name="snapshot_parcel_kind_idx")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} — {self.as_of}"
