"""My requests (filters, what is needed, query count), the inbox (mark read, query count), the
navigation's unread count, messages on a request (internal notes never shown)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from nama.accounts.models import User
from nama.accounts.tests.factories import make_user
from nama.cases.applying import notification_ref
from nama.cases.models import CaseMessage, Notification
from nama.cases.notifications import notify
from nama.cases.services import post_message
from nama.cases.tests.builders import clerk, draft, owned_parcel, returned, submitted
from nama.core.text import to_persian_digits
from nama.core.tracking import format_tracking_code

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("catalog")]


def _requests(owner: User, count: int, first: int = 1) -> None:
    for number in range(first, first + count):
        submitted(owner, owned_parcel(owner, code=f"7-1-2-{number}-0-0-0"))


def _queries(client: Client, path: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(path).status_code == 200
    return len(captured)


def test_my_requests_show_code_service_property_step_due_date_and_what_is_needed(
    client: Client,
) -> None:
    owner = make_user()
    parcel = owned_parcel(owner)
    case = returned(submitted(owner, parcel), fields=["units"])
    other = draft(owner, owned_parcel(owner, code="7-1-1-9-0-0-0"), filled=False)
    client.force_login(owner)
    page = client.get("/requests/").content.decode()
    assert to_persian_digits(format_tracking_code(case.tracking_code)) in page
    assert "پروانه ساختمان (احداث بنا)" in page
    assert to_persian_digits(parcel.renewal_code) in page
    assert "نیاز به اصلاح از سوی شما" in page  # the current step
    assert "پایان پیش‌بینی‌شده" in page
    assert "اصلاح موارد خواسته‌شده و ارسال دوباره" in page
    assert "منتظر اقدام شما" in page
    assert f'href="/requests/{other.tracking_code}/form/"' in page  # a draft goes to its form
    assert "تکمیل و ثبت نهایی درخواست" in page


def test_filters_by_status_and_service(client: Client) -> None:
    owner = make_user()
    first = submitted(owner, owned_parcel(owner))
    second = draft(owner, owned_parcel(owner, code="7-1-1-8-0-0-0"))
    client.force_login(owner)
    drafts = client.get("/requests/?status=draft").content.decode()
    assert second.tracking_code in drafts  # in the form link
    assert first.tracking_code not in drafts
    in_progress = client.get("/requests/?status=in_progress&service=d15").content.decode()
    assert first.tracking_code in in_progress
    assert second.tracking_code not in in_progress
    nothing = client.get("/requests/?service=E28").content.decode()  # not among mine: ignored
    assert first.tracking_code in nothing
    assert client.get("/requests/?status=nonsense&page=x").status_code == 200


def test_the_list_costs_the_same_queries_for_one_request_or_many(client: Client) -> None:
    owner = make_user()
    _requests(owner, 1)
    client.force_login(owner)
    one = _queries(client, "/requests/")
    _requests(owner, 5, first=2)
    assert _queries(client, "/requests/") == one
    assert one <= 8


def test_a_citizen_without_requests_is_told_where_to_start(client: Client) -> None:
    client.force_login(make_user())
    page = client.get("/requests/").content.decode()
    assert "هنوز درخواستی ثبت نکرده‌اید" in page
    assert 'href="/services/"' in page


def test_the_inbox_lists_marks_read_and_the_navigation_counts_unread(client: Client) -> None:
    owner = make_user()
    case = submitted(owner, owned_parcel(owner))
    notify(owner, case, "t:1", "step", step="بررسی فنی")
    notify(owner, case, "t:2", "returned", reason="نقشه ناخواناست")
    client.force_login(owner)
    home = client.get("/").content.decode()
    assert "درخواست‌های من" in home
    assert '۲<span class="visually-hidden"> پیام خوانده‌نشده</span>' in home
    inbox = client.get("/requests/inbox/").content.decode()
    assert "نقشه ناخواناست" in inbox
    assert "۲ پیام خوانده‌نشده دارید" in inbox
    assert str(Notification.objects.first().pk) not in inbox.split("ref")[1][:40]  # type: ignore[union-attr]
    newest = Notification.objects.get(event_key="t:2")
    client.post("/requests/inbox/read/", {"ref": notification_ref(newest.pk)})
    newest.refresh_from_db()
    assert newest.read_at is not None
    assert Notification.objects.filter(read_at__isnull=True).count() == 1
    client.post("/requests/inbox/read/", {"all": "1"})
    assert not Notification.objects.filter(read_at__isnull=True).exists()
    assert "پیام خوانده‌نشده" not in client.get("/").content.decode()


def test_opening_a_request_reads_its_news(client: Client) -> None:
    owner = make_user()
    case = submitted(owner, owned_parcel(owner))
    notify(owner, case, "t:1", "step", step="بررسی")
    client.force_login(owner)
    client.get(f"/requests/{case.tracking_code}/")
    assert not Notification.objects.filter(read_at__isnull=True).exists()


def test_the_inbox_costs_the_same_queries_however_long(client: Client) -> None:
    owner = make_user()
    case = submitted(owner, owned_parcel(owner))
    notify(owner, case, "t:0", "step", step="بررسی")
    client.force_login(owner)
    one = _queries(client, "/requests/inbox/")
    for number in range(1, 8):
        notify(owner, case, f"t:{number}", "step", step="بررسی")
    assert _queries(client, "/requests/inbox/") == one


def test_staff_do_not_get_the_citizens_link(client: Client) -> None:
    client.force_login(clerk())
    assert "درخواست‌های من" not in client.get("/").content.decode()


def test_messages_with_staff_internal_notes_never_shown(client: Client) -> None:
    owner = make_user()
    case = submitted(owner, owned_parcel(owner))
    desk = clerk()
    post_message(actor=desk, case=case, body="لطفاً اصل سند را همراه داشته باشید.")
    post_message(actor=desk, case=case, body="یادداشت داخلی: سند مشکوک است", internal=True)
    client.force_login(owner)
    response = client.post(
        f"/requests/{case.tracking_code}/messages/", {"body": "چشم، همراه می‌آورم."}
    )
    assert response["Location"] == f"/requests/{case.tracking_code}/#messages"
    page = client.get(f"/requests/{case.tracking_code}/").content.decode()
    assert "لطفاً اصل سند را همراه داشته باشید." in page
    assert "کارشناس شهرداری" in page
    assert "چشم، همراه می‌آورم." in page
    assert "سند مشکوک" not in page
    assert desk.get_full_name() not in page or desk.get_full_name() == owner.get_full_name()
    assert CaseMessage.objects.filter(author=owner).count() == 1


def test_an_empty_message_is_refused_on_its_field(client: Client) -> None:
    owner = make_user()
    case = submitted(owner, owned_parcel(owner))
    client.force_login(owner)
    response = client.post(f"/requests/{case.tracking_code}/messages/", {"body": "  "})
    assert response.status_code == 200
    assert "متن پیام را بنویسید." in response.content.decode()
    assert not CaseMessage.objects.exists()


def test_the_request_page_costs_a_bounded_number_of_queries(client: Client) -> None:
    owner = make_user()
    case = submitted(owner, owned_parcel(owner))
    client.force_login(owner)
    first = _queries(client, f"/requests/{case.tracking_code}/")
    for number in range(5):
        post_message(actor=owner, case=case, body=f"پیام {number}")
    assert _queries(client, f"/requests/{case.tracking_code}/") == first
