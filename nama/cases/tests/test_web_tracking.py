"""Public tracking by tracking code + national ID: no sign-in, one generic answer for a wrong
code and a wrong national ID, nothing personal shown, rate-limited per IP and per code."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone
from pytest_django import Settings

from nama.accounts.tests.factories import make_national_id, make_user
from nama.cases.models import Case
from nama.cases.tests.builders import PERSIAN, draft, owned_parcel, submitted
from nama.cases.throttle import TrackingLookupFailure
from nama.cases.views.track import NO_MATCH
from nama.core.text import to_persian_digits
from nama.core.tracking import format_tracking_code, new_tracking_code

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("catalog")]
URL = "/requests/track/"


def _track(client: Client, code: str, national_id: str, ip: str = "192.0.2.10") -> str:
    response = client.post(URL, {"tracking_code": code, "national_id": national_id}, REMOTE_ADDR=ip)
    return str(response.status_code) + " " + response.content.decode()


@pytest.fixture
def case() -> Case:
    owner = make_user(first_name="زهرا", last_name="کاظمی")
    return submitted(owner, owned_parcel(owner, address="کوچه شماره ۸"))


def test_the_right_code_and_national_id_show_the_status_and_nothing_personal(
    client: Client, case: Case
) -> None:
    national_id = case.applicant.national_id or ""
    shown = format_tracking_code(case.tracking_code).translate(PERSIAN)
    answer = _track(client, shown, national_id.translate(PERSIAN))
    assert answer.startswith("200 ")
    assert "پروانه ساختمان (احداث بنا)" in answer
    assert "در حال بررسی مدارک" in answer
    assert "ثبت درخواست" in answer  # the timeline's labels
    assert to_persian_digits(format_tracking_code(case.tracking_code)) in answer
    assert case.parcel is not None
    renewal = case.parcel.renewal_code
    for personal in (
        "زهرا",
        "کاظمی",
        "کوچه شماره ۸",
        national_id,
        renewal,
        to_persian_digits(renewal),
    ):
        assert personal not in answer
    assert TrackingLookupFailure.objects.count() == 0


def test_a_wrong_code_and_a_wrong_national_id_get_the_same_answer(
    client: Client, case: Case
) -> None:
    national_id = case.applicant.national_id or ""
    wrong_code = _track(client, new_tracking_code(), national_id)
    wrong_id = _track(client, case.tracking_code, make_national_id())
    assert wrong_code.startswith("200 ")
    assert wrong_id.startswith("200 ")
    assert NO_MATCH in wrong_code
    assert NO_MATCH in wrong_id
    assert "پروانه ساختمان" not in wrong_id
    assert TrackingLookupFailure.objects.count() == 2


def test_a_draft_is_not_tracked(client: Client) -> None:
    owner = make_user()
    case = draft(owner, owned_parcel(owner))
    assert NO_MATCH in _track(client, case.tracking_code, owner.national_id or "")


def test_a_typo_in_the_code_is_caught_by_its_check_digit_and_not_counted(client: Client) -> None:
    code = new_tracking_code()
    typo = code[:-1] + str((int(code[-1]) + 1) % 10)
    answer = _track(client, typo, make_national_id())
    assert "کد رهگیری درست نیست" in answer
    assert NO_MATCH not in answer
    assert TrackingLookupFailure.objects.count() == 0


def test_failures_from_one_address_are_limited(
    client: Client, case: Case, settings: Settings
) -> None:
    settings.NAMA_TRACKING_IP_MAX_FAILURES = 3
    national_id = case.applicant.national_id or ""
    for _ in range(3):
        assert NO_MATCH in _track(client, new_tracking_code(), national_id)
    response = client.post(
        URL,
        {"tracking_code": case.tracking_code, "national_id": national_id},
        REMOTE_ADDR="192.0.2.10",
    )
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert "دقیقه دیگر دوباره تلاش کنید" in response.content.decode()
    assert "پروانه ساختمان" not in response.content.decode()  # even the right answer waits
    # Another address is not affected.
    assert "در حال بررسی مدارک" in _track(client, case.tracking_code, national_id, "192.0.2.99")


def test_guessing_national_ids_for_one_code_is_limited_across_addresses(
    client: Client, case: Case, settings: Settings
) -> None:
    settings.NAMA_TRACKING_CODE_MAX_FAILURES = 3
    for number in range(3):
        assert NO_MATCH in _track(
            client, case.tracking_code, make_national_id(), f"198.51.100.{number}"
        )
    answer = _track(client, case.tracking_code, case.applicant.national_id or "", "198.51.100.77")
    assert answer.startswith("429 ")


def test_the_limit_ends_with_its_window_and_old_rows_are_pruned(
    client: Client, case: Case, settings: Settings
) -> None:
    settings.NAMA_TRACKING_IP_MAX_FAILURES = 2
    national_id = case.applicant.national_id or ""
    _track(client, new_tracking_code(), national_id)
    _track(client, new_tracking_code(), national_id)
    assert _track(client, case.tracking_code, national_id).startswith("429 ")
    TrackingLookupFailure.objects.update(created_at=timezone.now() - timedelta(hours=2))
    assert "در حال بررسی مدارک" in _track(client, case.tracking_code, national_id)
    TrackingLookupFailure.objects.update(created_at=timezone.now() - timedelta(days=2))
    _track(client, new_tracking_code(), national_id)
    assert TrackingLookupFailure.objects.count() == 1


def test_the_answer_is_not_cached(client: Client, case: Case) -> None:
    response = client.post(
        URL, {"tracking_code": case.tracking_code, "national_id": case.applicant.national_id}
    )
    assert "no-store" in response["Cache-Control"]
