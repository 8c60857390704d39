from django.urls import path, register_converter

from nama.staff.views import holds, queue, requests


class TrackingCode:
    """Twelve ASCII digits: links are always made with the canonical tracking code."""

    regex = "[0-9]{12}"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(TrackingCode, "staff_code")

app_name = "staff"
urlpatterns = [
    path("", queue.queue, name="queue"),
    path("bulk-assign/", holds.bulk_assign, name="bulk_assign"),
    path("requests/<staff_code:code>/", requests.detail, name="case"),
    path("requests/<staff_code:code>/claim/", holds.claim_case, name="claim"),
    path("requests/<staff_code:code>/release/", holds.release_case, name="release"),
    path("requests/<staff_code:code>/assign/", holds.assign_case, name="assign"),
    path("requests/<staff_code:code>/notes/", requests.note, name="note"),
    path("requests/<staff_code:code>/act/<slug:action>/", requests.take_action, name="act"),
]
