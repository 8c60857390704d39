"""A request from draft to decision: ownership, availability, form checks, idempotent submit,
one open request per service and parcel, corrections, withdrawal, notifications, access."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils import timezone
from shapely.geometry import box

from nama.accounts.authz import can
from nama.accounts.constants import RepresentationStatus, StaffRole
from nama.accounts.models import Representation, User
from nama.accounts.tests.factories import make_user, staff_member, verified
from nama.cases.constants import CaseStatus
from nama.cases.documents import attach_document, missing_documents
from nama.cases.models import Case, CaseEffect, Notification
from nama.cases.services import (
    act,
    discard_draft,
    post_message,
    start_draft,
    submit_case,
    update_form,
    withdraw,
)
from nama.core.problems import ConflictError, ForbiddenError, NotFoundError
from nama.documents.tests import samples
from nama.parcels.models import Parcel
from nama.parcels.services.owners import ShareData, set_owners
from nama.parcels.tests.factories import make_parcel
from nama.sms.testing import Outbox

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("catalog")]
PERMIT_FORM = {
    "floors": "۳",
    "use": "residential",
    "total_floor_area": "٤٥٠",
    "units": 3,
    "parking_spaces": 3,
    "has_basement": "بله",
    "designer_licence": "14-300-01234",
}


def _owned_parcel(owner: User, code: str = "7-1-1-5-0-0-0") -> Parcel:
    parcel = make_parcel(code, box(0, 0, 20, 30))
    set_owners(
        actor=None, parcel=parcel, shares=[ShareData(dang=6, national_id=owner.national_id or "")]
    )
    return parcel


def attach_required(actor: User, case: Case) -> None:
    """Upload a small valid file for every required document of the request."""
    for slot in missing_documents(case):
        kind = "pdf" if "pdf" in slot.formats else "jpg"
        data = samples.pdf() if kind == "pdf" else samples.jpeg()
        attach_document(
            actor=actor,
            case=case,
            document_type=slot.type,
            file=ContentFile(data, name=f"{slot.type}.{kind}"),
        )


def _submitted(owner: User, parcel: Parcel) -> Case:
    case = start_draft(actor=owner, service_code="D15", parcel=parcel)
    form = {**PERMIT_FORM, "start_date": _in_days(10)}
    update_form(actor=owner, case=case, data=form)
    attach_required(owner, case)
    return submit_case(actor=owner, case=case)


def _in_days(days: int) -> str:
    from nama.core.jalali import format_jalali_date

    return format_jalali_date(timezone.localdate() + timedelta(days=days), persian_digits=False)


def test_a_draft_is_a_private_request_with_an_unguessable_tracking_code() -> None:
    owner = make_user()
    case = start_draft(actor=owner, service_code="D15", parcel=_owned_parcel(owner))
    assert case.status == CaseStatus.DRAFT
    assert len(case.tracking_code) == 12
    assert case.tracking_code != str(case.pk)
    assert case.district.number == 7
    assert can(owner, "cases.view", case)
    assert not can(make_user(), "cases.view", case)


def test_someone_elses_parcel_is_refused_without_saying_whose() -> None:
    parcel = _owned_parcel(make_user())
    with pytest.raises(ForbiddenError) as refused:
        start_draft(actor=make_user(), service_code="D15", parcel=parcel)
    assert refused.value.code == "not_your_parcel"
    assert not Case.objects.exists()


def test_a_service_not_offered_in_the_district_says_where_it_is() -> None:
    owner = make_user()
    parcel = _owned_parcel(owner, code="3-1-1-5-0-0-0")  # District 3 is not a pilot
    with pytest.raises(ConflictError) as refused:
        start_draft(actor=owner, service_code="D15", parcel=parcel)
    assert "منطقه ۷" in refused.value.detail
    assert "پیشخوان" in refused.value.detail


def test_a_representative_applies_for_the_owner() -> None:
    owner, engineer = make_user(), make_user()
    parcel = _owned_parcel(owner)
    with pytest.raises(ForbiddenError):
        start_draft(actor=engineer, service_code="D15", parcel=parcel, owner=owner)
    Representation.objects.create(
        owner=owner,
        representative=engineer,
        services=["D15"],
        status=RepresentationStatus.ACTIVE,
        expires_at=timezone.now() + timedelta(days=30),
    )
    case = start_draft(actor=engineer, service_code="D15", parcel=parcel, owner=owner)
    assert case.owner == owner
    assert can(owner, "cases.view", case)


def test_the_same_idempotency_key_creates_one_request() -> None:
    owner = make_user()
    parcel = _owned_parcel(owner)
    first = start_draft(actor=owner, service_code="D15", parcel=parcel, idempotency_key="k-1")
    again = start_draft(actor=owner, service_code="D15", parcel=parcel, idempotency_key="k-1")
    assert again.pk == first.pk
    assert Case.objects.count() == 1


def test_the_form_accepts_persian_and_arabic_digits_and_names_every_bad_field() -> None:
    owner = make_user()
    case = start_draft(actor=owner, service_code="D15", parcel=_owned_parcel(owner))
    saved = update_form(actor=owner, case=case, data={"floors": "۴", "total_floor_area": "٣٢٠٫٥"})
    assert saved.form_data == {"floors": 4, "total_floor_area": 320.5}
    with pytest.raises(ValidationError) as refused:
        update_form(actor=owner, case=case, data={"floors": "40", "use": "castle", "colour": "x"})
    assert set(refused.value.message_dict) == {"floors", "use", "colour"}
    case.refresh_from_db()
    assert case.form_data == {"floors": 4, "total_floor_area": 320.5}


def test_submitting_an_incomplete_form_is_refused_and_changes_nothing() -> None:
    owner = make_user()
    case = start_draft(actor=owner, service_code="D15", parcel=_owned_parcel(owner))
    with pytest.raises(ValidationError) as refused:
        submit_case(actor=owner, case=case)
    assert "floors" in refused.value.message_dict
    case.refresh_from_db()
    assert (case.status, case.workflow_id) == (CaseStatus.DRAFT, None)


def test_submit_starts_the_workflow_sets_the_deadline_and_tells_the_applicant(
    sms_outbox: Outbox,
) -> None:
    owner = make_user()
    case = _submitted(owner, _owned_parcel(owner))
    assert case.status == CaseStatus.IN_PROGRESS
    assert case.workflow is not None
    assert case.workflow.state == "document_check"
    assert case.due_at is not None
    assert case.due_at > case.submitted_at  # type: ignore[operator]
    sms_outbox.flush()
    assert Notification.objects.filter(user=owner, case=case).count() == 1
    assert any(case.tracking_code[:4] in m["text"] for m in sms_outbox.to(owner.mobile))
    clerk = staff_member(StaffRole.DESK_CLERK, 7)
    assert Notification.objects.filter(user=clerk).count() == 0  # created before the clerk


def test_submitting_twice_is_one_submission() -> None:
    owner = make_user()
    case = _submitted(owner, _owned_parcel(owner))
    again = submit_case(actor=owner, case=case)
    assert again.workflow_id == case.workflow_id
    assert case.workflow is not None
    assert case.workflow.history.count() == 1


def test_one_open_request_per_service_and_parcel() -> None:
    owner = make_user()
    parcel = _owned_parcel(owner)
    first = _submitted(owner, parcel)
    second = start_draft(actor=owner, service_code="D15", parcel=parcel)
    update_form(actor=owner, case=second, data={**PERMIT_FORM, "start_date": _in_days(5)})
    attach_required(owner, second)
    with pytest.raises(ConflictError) as refused:
        submit_case(actor=owner, case=second)
    assert first.tracking_code in refused.value.detail


def test_a_correction_round_trip_edits_only_what_was_asked(sms_outbox: Outbox) -> None:
    owner = make_user()
    case = _submitted(owner, _owned_parcel(owner))
    clerk = verified(staff_member(StaffRole.DESK_CLERK, 7))
    act(
        actor=clerk,
        case=case,
        action="return_for_correction",
        inputs={"reason": "تعداد واحدها با نقشه نمی‌خواند", "fields": ["units"]},
    )
    case.refresh_from_db()
    assert case.status == CaseStatus.WAITING_FOR_APPLICANT
    with pytest.raises(ValidationError):
        update_form(actor=owner, case=case, data={"floors": 5})
    with pytest.raises(Exception, match="اصلاح"):
        act(actor=owner, case=case, action="resubmit")
    update_form(actor=owner, case=case, data={"units": 4})
    act(actor=owner, case=case, action="resubmit")
    case.refresh_from_db()
    assert case.status == CaseStatus.IN_PROGRESS
    assert case.form_data["units"] == 4
    assert case.form_history == [{"round": 1, "form": {**case.form_data, "units": 3}}]
    assert case.workflow is not None
    assert [r.action for r in case.workflow.history.order_by("step")] == [
        "start",
        "return_for_correction",
        "resubmit",
    ]


def test_withdrawal_ends_the_request() -> None:
    owner = make_user()
    case = _submitted(owner, _owned_parcel(owner))
    withdraw(actor=owner, case=case, reason="منصرف شدم")
    case.refresh_from_db()
    assert case.status == CaseStatus.CANCELLED
    assert case.finished_at is not None


def test_an_unrelated_user_can_neither_see_nor_act() -> None:
    owner, stranger = make_user(), make_user()
    case = _submitted(owner, _owned_parcel(owner))
    for attempt in (
        lambda: update_form(actor=stranger, case=case, data={"units": 9}),
        lambda: submit_case(actor=stranger, case=case),
        lambda: post_message(actor=stranger, case=case, body="سلام"),
        lambda: discard_draft(actor=stranger, case=case),
    ):
        with pytest.raises(NotFoundError):
            attempt()
    with pytest.raises(ForbiddenError):
        withdraw(actor=stranger, case=case)
    case.refresh_from_db()
    assert case.status == CaseStatus.IN_PROGRESS


@pytest.mark.parametrize("district_number", [7, 8])
def test_staff_see_requests_of_their_district_only(district_number: int) -> None:
    owner = make_user()
    case = _submitted(owner, _owned_parcel(owner))
    clerk = verified(staff_member(StaffRole.DESK_CLERK, district_number))
    assert can(clerk, "cases.view", case) is (district_number == 7)


def test_internal_notes_are_for_staff_only() -> None:
    owner = make_user()
    case = _submitted(owner, _owned_parcel(owner))
    clerk = verified(staff_member(StaffRole.DESK_CLERK, 7))
    assert post_message(actor=clerk, case=case, body="بررسی سند", internal=True).internal
    with pytest.raises(ForbiddenError):
        post_message(actor=owner, case=case, body="x", internal=True)


def test_effects_without_a_handler_wait_and_run_once(sms_outbox: Outbox) -> None:
    owner = make_user()
    case = _submitted(owner, _owned_parcel(owner))
    sms_outbox.flush()
    done = CaseEffect.objects.filter(case=case, done_at__isnull=False)
    assert sorted(done.values_list("name", flat=True)) == ["notify_applicant", "notify_next_role"]
    assert case.workflow is not None
    record = case.workflow.history.get()
    case.workflow_effect("notify_applicant", record)
    case.workflow_effect("issue_certificate", record)
    assert Notification.objects.filter(user=owner).count() == 1
    assert CaseEffect.objects.get(name="issue_certificate").done_at is None


def test_drafts_can_be_discarded_but_submitted_requests_cannot() -> None:
    owner = make_user()
    parcel = _owned_parcel(owner)
    draft = start_draft(actor=owner, service_code="D15", parcel=parcel)
    discard_draft(actor=owner, case=draft)
    assert not Case.objects.filter(pk=draft.pk).exists()
    case = _submitted(owner, parcel)
    with pytest.raises(ConflictError):
        discard_draft(actor=owner, case=case)


def test_submitting_without_the_required_documents_names_them() -> None:
    owner = make_user()
    case = start_draft(actor=owner, service_code="D15", parcel=_owned_parcel(owner))
    update_form(actor=owner, case=case, data={**PERMIT_FORM, "start_date": _in_days(10)})
    with pytest.raises(ValidationError) as refused:
        submit_case(actor=owner, case=case)
    assert "سند مالکیت" in refused.value.message_dict["documents"][0]
    case.refresh_from_db()
    assert case.status == CaseStatus.DRAFT


def test_a_document_correction_replaces_only_the_named_document() -> None:
    owner = make_user()
    case = _submitted(owner, _owned_parcel(owner))
    clerk = verified(staff_member(StaffRole.DESK_CLERK, 7))
    act(
        actor=clerk,
        case=case,
        action="return_for_correction",
        inputs={"reason": "سند ناخواناست", "documents": ["deed"]},
    )
    case.refresh_from_db()
    with pytest.raises(ValidationError):
        attach_document(
            actor=owner,
            case=case,
            document_type="national_card",
            file=ContentFile(samples.pdf(), name="card.pdf"),
        )
    attach_document(
        actor=owner, case=case, document_type="deed", file=ContentFile(samples.pdf(2), name="d.pdf")
    )
    act(actor=owner, case=case, action="resubmit")
    deeds = case.documents.filter(document_type="deed").order_by("created_at")
    assert [d.superseded_at is None for d in deeds] == [False, True]
    assert deeds.last().round == 1  # type: ignore[union-attr]


def test_only_people_who_see_the_request_may_download_its_documents() -> None:
    from nama.documents.access import may_access

    owner = make_user()
    case = _submitted(owner, _owned_parcel(owner))
    upload = case.documents.first().upload  # type: ignore[union-attr]
    assert may_access(owner, upload)
    assert may_access(verified(staff_member(StaffRole.DESK_CLERK, 7)), upload)
    assert not may_access(verified(staff_member(StaffRole.DESK_CLERK, 8)), upload)
    assert not may_access(make_user(), upload)


def test_a_service_declared_precondition_is_checked_at_submit(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from nama.cases import facts, services

    owner = make_user()
    case = start_draft(actor=owner, service_code="D15", parcel=_owned_parcel(owner))
    update_form(actor=owner, case=case, data={**PERMIT_FORM, "start_date": _in_days(10)})
    attach_required(owner, case)
    from nama.catalog.selectors import spec_of as real_spec_of

    monkeypatch.setattr(
        services,
        "spec_of",
        lambda version: real_spec_of(version).model_copy(
            update={"eligibility": ["renewal_duty_settled"]}
        ),
    )
    # Billing (which answers this fact) is not built yet: a fact nobody answers never holds.
    with pytest.raises(ValidationError) as refused:
        submit_case(actor=owner, case=case)
    assert "عوارض نوسازی" in refused.value.message_dict["eligibility"][0]
    monkeypatch.setitem(facts._PROVIDERS, "renewal_duty_settled", lambda case: True)
    assert submit_case(actor=owner, case=case).status == CaseStatus.IN_PROGRESS


def test_drafts_untouched_for_90_days_are_pruned() -> None:
    from nama.cases.tasks import prune_stale_drafts

    owner = make_user()
    parcel = _owned_parcel(owner)
    old = start_draft(actor=owner, service_code="D15", parcel=parcel)
    Case.objects.filter(pk=old.pk).update(updated_at=timezone.now() - timedelta(days=91))
    fresh = _submitted(owner, _owned_parcel(owner, code="7-1-1-6-0-0-0"))
    assert prune_stale_drafts.call() == 1
    assert list(Case.objects.values_list("pk", flat=True)) == [fresh.pk]


def test_an_empty_answer_clears_the_field() -> None:
    owner = make_user()
    case = start_draft(actor=owner, service_code="D15", parcel=_owned_parcel(owner))
    update_form(actor=owner, case=case, data={"floors": "۴", "parking_spaces": "2"})
    saved = update_form(actor=owner, case=case, data={"parking_spaces": ""})
    assert saved.form_data == {"floors": 4}


def test_each_step_copies_the_state_onto_the_request_and_re_estimates_completion() -> None:
    owner = make_user()
    case = _submitted(owner, _owned_parcel(owner))
    assert case.workflow is not None
    assert (case.queue_role, case.state_due_at) == ("desk_clerk", case.workflow.state_due_at)
    first_estimate = case.expected_at
    assert first_estimate is not None
    assert first_estimate > case.state_due_at  # type: ignore[operator]
    act(
        actor=verified(staff_member(StaffRole.DESK_CLERK, 7)),
        case=case,
        action="return_for_correction",
        inputs={"reason": "نقشه ناخوانا است", "documents": ["site_plan_order"]},
    )
    case.refresh_from_db()
    assert case.workflow is not None
    assert (case.queue_role, case.state_due_at) == ("applicant", case.workflow.state_due_at)
    # The correction round adds its own days before the desk check starts again.
    assert case.expected_at is not None
    assert case.expected_at > first_estimate


def test_staff_may_not_act_on_a_request_a_colleague_holds() -> None:
    owner = make_user()
    case = _submitted(owner, _owned_parcel(owner))
    holder, other = (verified(staff_member(StaffRole.DESK_CLERK, 7)) for _ in range(2))
    Case.objects.filter(pk=case.pk).update(holder=holder, held_since=timezone.now())
    with pytest.raises(ConflictError) as refused:
        act(actor=other, case=case, action="reject", inputs={"reason": "ناقص"})
    assert refused.value.code == "held_by_other"
    case.refresh_from_db()
    assert case.workflow is not None
    assert case.workflow.state == "document_check"
    act(actor=holder, case=case, action="reject", inputs={"reason": "ناقص"})
    case.refresh_from_db()
    assert case.status == CaseStatus.CANCELLED
    assert (case.holder_id, case.queue_role) == (None, "")  # released; off every queue
