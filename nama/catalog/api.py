"""The catalogue API: ``GET /api/v1/services`` and ``GET /api/v1/services/{code}``.

Public (no sign-in): the same facts as the service files and the portal's pages. Mounted in
``config/api.py``.
"""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Field, Router, Schema

from nama.accounts.schemas import DistrictOut, ProblemOut
from nama.catalog.constants import (
    FEE_RULES,
    Applicant,
    Category,
    Channel,
    ServiceKind,
    SubjectKind,
)
from nama.catalog.schema import DocumentSpec, FormField
from nama.catalog.selectors import ServiceFacts, service_detail, services_for_public
from nama.catalog.workflows import Step

router = Router(tags=["services"])


class ServiceLabelOut(Schema):
    value: str = Field(examples=["permits"])
    label: str = Field(examples=["پروانه و مجوزهای ساختمانی"])


class ServiceSummaryOut(Schema):
    code: str = Field(description="Stable code with the reference's numbering.", examples=["D15"])
    slug: str = Field(examples=["building_permit"])
    version: int = Field(description="The current version; a request keeps its own.")
    title: str = Field(examples=["پروانه ساختمان (احداث بنا)"])
    description: str
    category: ServiceLabelOut
    kind: ServiceLabelOut = Field(description="request: handled by staff; self_service: a page.")
    applicants: list[ServiceLabelOut] = Field(description="Who may apply.")
    subjects: list[ServiceLabelOut] = Field(description="What a request is about.")
    channels: list[ServiceLabelOut]
    sla_working_days: int | None = Field(
        description="Target for the whole request in working days (requests only)."
    )
    entry_url: str | None = Field(
        description="A self-service page's URL, once that page exists; otherwise null."
    )
    districts: list[DistrictOut] = Field(description="Where it is offered today.")


class ServiceDocumentOut(Schema):
    type: str = Field(examples=["deed"])
    title: str = Field(examples=["سند مالکیت"])
    required: bool
    formats: list[str] = Field(examples=[["pdf", "jpg", "png"]])
    max_size_mb: int
    applies_to: list[str] = Field(description="Empty: every applicant.")
    note: str


class ChoiceOut(Schema):
    value: str
    label: str


class FormFieldOut(Schema):
    """One field of the application form; the keys that do not apply to its type are null."""

    name: str = Field(examples=["floors"])
    label: str = Field(examples=["تعداد طبقات"])
    type: str = Field(description="text, number, choice, date (Jalali) or yes_no.")
    required: bool
    help: str
    min: int | float | None = None
    max: int | float | None = None
    integer: bool | None = None
    unit: str | None = None
    min_length: int | None = None
    max_length: int | None = None
    pattern: str | None = Field(
        default=None, description="Matched after digits are made ASCII (re.ASCII)."
    )
    pattern_message: str | None = None
    multiline: bool | None = None
    choices: list[ChoiceOut] | None = None
    min_days_from_today: int | None = None
    max_days_from_today: int | None = None


class ServiceStepOut(Schema):
    code: str = Field(examples=["document_check"])
    label: str = Field(examples=["بررسی مدارک در پیشخوان"])
    citizen_label: str = Field(examples=["در حال بررسی مدارک"])
    role: str = Field(examples=["desk_clerk"])
    role_label: str
    deadline_days: int | None = Field(description="Working days for this step.")
    by_applicant: bool = Field(description="The applicant acts (book a visit, accept, pay).")
    final: bool


class ServiceOut(ServiceSummaryOut):
    workflow: str | None = Field(examples=["construction_permit"])
    steps: list[ServiceStepOut] = Field(
        description="The workflow's main path from submission to issue, in order."
    )
    documents: list[ServiceDocumentOut]
    form: list[FormFieldOut]
    fees: list[ServiceLabelOut] = Field(
        description="Fee rules applied (computed by the fee engine)."
    )


def _labelled(value: str, label: str) -> ServiceLabelOut:
    return ServiceLabelOut(value=value, label=label)


def _choice(member: Category | ServiceKind | Applicant | SubjectKind | Channel) -> ServiceLabelOut:
    return ServiceLabelOut(value=member.value, label=str(member.label))


def _summary_fields(facts: ServiceFacts) -> dict[str, object]:
    spec = facts.spec
    return {
        "code": spec.code,
        "slug": spec.slug,
        "version": facts.version.version,
        "title": spec.title,
        "description": spec.description,
        "category": _choice(spec.category),
        "kind": _choice(spec.kind),
        "applicants": [_choice(applicant) for applicant in spec.applicants],
        "subjects": [_choice(subject) for subject in spec.subjects],
        "channels": [_choice(channel) for channel in spec.channels],
        "sla_working_days": spec.sla_working_days,
        "entry_url": facts.entry_url,
        "districts": [
            DistrictOut(code=d.code, number=d.number, name=d.name) for d in facts.districts
        ],
    }


def _document(document: DocumentSpec) -> ServiceDocumentOut:
    return ServiceDocumentOut(
        type=document.type,
        title=document.label,
        required=document.required,
        formats=list(document.formats),
        max_size_mb=document.max_size_mb,
        applies_to=list(document.applies_to),
        note=document.note,
    )


def _field(field: FormField) -> FormFieldOut:
    return FormFieldOut.model_validate(field.model_dump(mode="json"))


def _step(step: Step) -> ServiceStepOut:
    return ServiceStepOut.model_validate(step, from_attributes=True)


def summary_out(facts: ServiceFacts) -> ServiceSummaryOut:
    return ServiceSummaryOut.model_validate(_summary_fields(facts))


def detail_out(facts: ServiceFacts) -> ServiceOut:
    spec = facts.spec
    return ServiceOut.model_validate(
        {
            **_summary_fields(facts),
            "workflow": spec.workflow,
            "steps": [_step(step) for step in facts.steps],
            "documents": [_document(document) for document in spec.documents],
            "form": [_field(field) for field in spec.form],
            "fees": [_labelled(fee, FEE_RULES.get(fee, fee)) for fee in spec.fees],
        }
    )


@router.get(
    "",
    response={200: list[ServiceSummaryOut], 422: ProblemOut},
    summary="The service catalogue",
    description=(
        "Active services in the reference's order (A1 … G34). `q` matches every word against "
        "title, description, code and category, ignoring Arabic/Persian letter variants, digit "
        "scripts and the zero-width non-joiner; `category` keeps one group."
    ),
)
def list_services(
    request: HttpRequest, q: str = "", category: Category | None = None
) -> list[ServiceSummaryOut]:
    facts = services_for_public(query=q[:100], category=category or "")
    return [summary_out(item) for item in facts]


@router.get(
    "/{code}",
    response={200: ServiceOut, 404: ProblemOut},
    summary="One service with everything needed to apply",
    description=(
        "By code (`D15`, case and digit script do not matter) or slug. Includes the "
        "documents, the application form, the steps with their deadlines and the fee rules. "
        "Unknown or inactive: 404 `service_not_found`."
    ),
)
def get_service(request: HttpRequest, code: str) -> ServiceOut:
    return detail_out(service_detail(code))
