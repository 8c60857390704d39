"""Enumerations and fixed figures of the property registry (names follow docs/glossary.md)."""

from __future__ import annotations

from decimal import Decimal
from typing import Final

from django.db import models

# Geometry is stored in the city's projected CRS (UTM 39N); maps get WGS 84 lon/lat.
STORAGE_EPSG: Final = 32639
WGS84_EPSG: Final = 4326

WHOLE_DANG: Final = Decimal(6)  # ownership is counted in دانگ: 6 = the whole property
MAX_WINDOW_PARCELS: Final = 2000  # the most parcels one map-window query returns
AREA_DECIMALS: Final = 2  # areas and lengths are reported in m² / m to the centimetre


class ParcelStatus(models.TextChoices):
    ACTIVE = "active", "فعال"
    RETIRED = "retired", "منسوخ (تفکیک، تجمیع یا حذف)"


class CodeChange(models.TextChoices):
    """Why a renewal code started or stopped naming a parcel."""

    CREATED = "created", "ایجاد"
    RECODED = "recoded", "تغییر کد نوسازی"
    SPLIT = "split", "تفکیک عرصه"
    MERGED = "merged", "تجمیع پلاک"


class LandUse(models.TextChoices):
    RESIDENTIAL = "residential", "مسکونی"
    COMMERCIAL = "commercial", "تجاری"
    MIXED = "mixed", "مختلط مسکونی-تجاری"
    OFFICE = "office", "اداری"
    EDUCATIONAL = "educational", "آموزشی"
    HEALTH = "health", "درمانی"
    GREEN = "green", "فضای سبز"
    INDUSTRIAL = "industrial", "کارگاهی و صنعتی"
    HERITAGE = "heritage", "میراث تاریخی"


class StreetKind(models.TextChoices):
    ARTERIAL = "arterial", "شریانی"
    COLLECTOR = "collector", "جمع‌کننده"
    LOCAL = "local", "محلی"


class PlanStatus(models.TextChoices):
    DRAFT = "draft", "پیش‌نویس"
    APPROVED = "approved", "مصوب (جاری)"
    SUPERSEDED = "superseded", "جایگزین‌شده"


class OwnerKind(models.TextChoices):
    NATURAL = "natural", "شخص حقیقی"
    LEGAL = "legal", "شخص حقوقی"


class UnitKind(models.TextChoices):
    APARTMENT = "apartment", "آپارتمان"
    SHOP = "shop", "مغازه"
    OFFICE = "office", "دفتر کار"


class Structure(models.TextChoices):
    CONCRETE = "concrete", "بتنی"
    STEEL = "steel", "فلزی"
    MASONRY = "masonry", "بنایی (آجری)"


class SnapshotKind(models.TextChoices):
    """The parallel records of one property's figures, compared by later features."""

    DECLARED = "declared", "اظهاری مالک"
    PERMITTED = "permitted", "مجاز طبق پروانه"
    OBSERVED = "observed", "مشاهده‌شده در بازدید"
    COMPLETED = "completed", "طبق پایانکار"


class ImportKind(models.TextChoices):
    PARCELS = "parcels", "قطعات"
    STREETS = "streets", "برهای اصلاحی"


class RegistryEventKind(models.TextChoices):
    PARCEL_SAVED = "parcel_saved", "ثبت یا ویرایش قطعه"
    PARCEL_RECODED = "parcel_recoded", "تغییر کد نوسازی"
    PARCEL_SPLIT = "parcel_split", "تفکیک عرصه"
    PARCELS_MERGED = "parcels_merged", "تجمیع پلاک"
    OWNERS_SET = "owners_set", "ثبت مالکان"
    SNAPSHOT_RECORDED = "snapshot_recorded", "ثبت ارقام ملک"
    PLAN_SAVED = "plan_saved", "ثبت نسخه طرح"
    PLAN_APPROVED = "plan_approved", "تصویب نسخه طرح"
    SETBACKS_COMPUTED = "setbacks_computed", "محاسبه عقب‌نشینی"
    IMPORTED = "imported", "ورود داده"
    GENERATED = "generated", "ساخت شهر نمونه"
