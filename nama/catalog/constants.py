"""Enumerations and vocabularies of the service catalogue (names follow docs/glossary.md).

``DOCUMENT_TYPES`` and ``FEE_RULES`` are the words a service definition may use for its
documents and fee rules. A document type not listed here is allowed when the definition gives
its title (a new service may need a new kind of document without a release); fee rules must be
listed, so a typo is caught; every tariff book of the billing app must price each of them
(``nama tariffs check``).
"""

from __future__ import annotations

from django.db import models


class Category(models.TextChoices):
    """The groups A–G of the domain reference (§3); a service code starts with its letter."""

    ACCOUNT = "account", "حساب کاربری و پرونده ملک"
    PROPERTY_INFO = "property_info", "اطلاعات ملک و نقشه"
    INQUIRIES = "inquiries", "استعلام‌ها"
    PERMITS = "permits", "پروانه و مجوزهای ساختمانی"
    SUPERVISION = "supervision", "نظارت و گواهی‌های ساخت"
    SUBDIVISION = "subdivision", "تفکیک و تجمیع"
    DUTIES = "duties", "عوارض"


CATEGORY_LETTERS: dict[str, str] = {
    Category.ACCOUNT: "A",
    Category.PROPERTY_INFO: "B",
    Category.INQUIRIES: "C",
    Category.PERMITS: "D",
    Category.SUPERVISION: "E",
    Category.SUBDIVISION: "F",
    Category.DUTIES: "G",
}


class ServiceKind(models.TextChoices):
    REQUEST = "request", "درخواست (رسیدگی در شهرداری)"
    SELF_SERVICE = "self_service", "خدمت برخط (بی‌واسطه)"


class Applicant(models.TextChoices):
    """Who may apply: in which capacity a user files the service."""

    OWNER = "owner", "مالک"
    REPRESENTATIVE = "representative", "نماینده با رضایت مالک (وکیل، مهندس، طراح)"
    PARTNER = "partner", "سازمان همکار (بانک، دفترخانه، اداره)"


class SubjectKind(models.TextChoices):
    """What a service is about: the property level (renewal code), a vehicle, or nothing."""

    PARCEL = "parcel", "قطعه زمین (پلاک)"
    BUILDING = "building", "ساختمان"
    UNIT = "unit", "واحد ساختمان (آپارتمان)"
    BUSINESS = "business", "واحد کسب"
    VEHICLE = "vehicle", "خودرو"
    NONE = "none", "بدون ملک"


class Channel(models.TextChoices):
    ONLINE = "online", "برخط (اصفهان‌نما)"
    COUNTER = "counter", "پیشخوان منطقه (حضوری)"
    PARTNER = "partner", "سامانه سازمان همکار"


class FileFormat(models.TextChoices):
    PDF = "pdf", "PDF"
    JPG = "jpg", "JPG"
    PNG = "png", "PNG"
    DWG = "dwg", "DWG (اتوکد)"


class FieldType(models.TextChoices):
    TEXT = "text", "متن"
    NUMBER = "number", "عدد"
    CHOICE = "choice", "گزینه"
    DATE = "date", "تاریخ شمسی"
    YES_NO = "yes_no", "بله/خیر"


class VersionSource(models.TextChoices):
    """Where a service version came from; sync treats non-file versions as local edits."""

    FILE = "file", "پرونده مخزن"
    ADMIN = "admin", "ویرایش مدیر سامانه"
    IMPORT = "import", "ورود از نسخه صادرشده"


class AvailabilitySource(models.TextChoices):
    """A row made by the definition's rollout, or set by an administrator (sync leaves it)."""

    ROLLOUT = "rollout", "برنامه استقرار تعریف خدمت"
    ADMIN = "admin", "ویرایش مدیر سامانه"


ROLLOUT_PILOT = "pilot"  # the districts marked is_pilot (6, 7, 8, 12 at installation)
ROLLOUT_ALL = "all"  # every active district and management area

DOCUMENT_TYPES: dict[str, str] = {
    "deed": "سند مالکیت",
    "prior_deed": "سند مالکیت قبلی",
    "national_card": "کارت ملی مالک",
    "power_of_attorney": "وکالت‌نامه رسمی",
    "agent_national_card": "کارت ملی نماینده",
    "last_permit": "آخرین پروانه ساختمانی",
    "completion_certificate": "گواهی پایان کار",
    "no_violation_certificate": "گواهی عدم خلاف",
    "renewal_duty_receipt": "آخرین فیش پرداخت عوارض نوسازی",
    "site_plan_order": "دستور نقشه",
    "architectural_drawings": "نقشه‌های معماری",
    "structural_drawings": "نقشه‌های سازه",
    "amended_drawings": "نقشه‌های اصلاحی",
    "facade_drawings": "نقشه نما",
    "survey_map": "نقشه نقشه‌برداری (UTM)",
    "subdivision_plan": "طرح پیشنهادی تفکیک",
    "engineer_engagement_form": "فرم تعهد و قرارداد مهندس",
    "engineer_licence": "پروانه اشتغال به کار مهندسی",
    "supervisor_completion_form": "فرم پایان کار مهندس ناظر",
    "frame_completion_report": "گزارش پایان سفت‌کاری مهندس ناظر",
    "stage_report_form": "فرم گزارش مرحله ساخت",
    "apartment_schedule": "جدول مشخصات و مساحت واحدها",
    "preliminary_project": "طرح اولیه پروژه",
    "liability_insurance": "بیمه‌نامه مسئولیت مدنی کارگاه",
    "site_photos": "عکس‌های وضع موجود",
    "loss_affidavit": "آگهی مفقودی یا استشهادیه",
    "bank_request_letter": "نامه درخواست استعلام بانک",
    "notary_request_letter": "نامه استعلام دفترخانه",
    "office_request_letter": "نامه استعلام اداره",
}

FEE_RULES: dict[str, str] = {
    "permit_residential_area": "عوارض زیربنای مسکونی",
    "commercial_acceptance": "عوارض پذیره تجاری",
    "office_acceptance": "عوارض پذیره اداری",
    "extra_density": "عوارض مازاد تراکم",
    "balcony_projection": "عوارض بالکن و پیش‌آمدگی",
    "parking_shortage": "عوارض کسری پارکینگ",
    "expert_visit": "هزینه کارشناسی و بازدید",
    "education_share": "سهم آموزش و پرورش",
    "fire_service_share": "سهم آتش‌نشانی",
    "urban_rail_share": "سهم قطار شهری",
    "vat": "مالیات بر ارزش افزوده",
    "permit_amendment_fee": "هزینه اصلاح پروانه",
    "permit_extension_fee": "عوارض تمدید پروانه",
    "permit_reissue_fee": "عوارض تجدید پروانه",
    "duplicate_issue_fee": "هزینه صدور المثنی",
    "preliminary_approval_fee": "هزینه بررسی موافقت اصولی",
    "walling_fee": "عوارض مجوز دیوارکشی",
    "facade_repair_fee": "هزینه مجوز تعمیرات و نما",
    "site_plan_order_fee": "هزینه صدور دستور نقشه",
    "zoning_statement_fee": "هزینه اعلام ضابطه",
    "inquiry_answer_fee": "هزینه پاسخ استعلام",
    "certificate_issue_fee": "هزینه صدور گواهی",
    "article100_fine": "جریمه کمیسیون ماده ۱۰۰",
    "subdivision_fee": "عوارض تفکیک عرصه",
    "renewal_duty": "عوارض نوسازی",
    "business_duty": "عوارض کسب و پیشه",
    "vehicle_duty": "عوارض سالیانه خودرو",
    "good_payer_discount": "تخفیف خوش‌حسابی",
    "arrears_surcharge": "جریمه دیرکرد",
}


# What a service may require before a request is submitted: fact name -> the Persian reason
# shown when it does not hold. The facts are answered by the apps that own them (billing for
# duties, the registry for violations); a fact nobody answers yet never holds.
ELIGIBILITY_CHECKS: dict[str, str] = {
    "renewal_duty_settled": "عوارض نوسازی این ملک تسویه نشده است؛ نخست آن را بپردازید.",
    "no_open_violations": "این ملک تخلف رسیدگی‌نشده دارد؛ نخست آن را در منطقه پیگیری کنید.",
}
