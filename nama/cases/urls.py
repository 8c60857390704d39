from django.urls import path, register_converter

from nama.cases.views import drafts, inbox, requests, start, track


class TrackingCodeConverter:
    """Twelve ASCII digits: the canonical tracking code (links are always made with it)."""

    regex = "[0-9]{12}"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(TrackingCodeConverter, "tracking_code")

app_name = "cases"
urlpatterns = [
    path("", requests.mine, name="mine"),
    path("new/<str:service>/", start.start, name="start"),
    path("track/", track.track, name="track"),
    path("inbox/", inbox.inbox, name="inbox"),
    path("inbox/read/", inbox.inbox_read, name="inbox_read"),
    path("<tracking_code:code>/", requests.detail, name="detail"),
    path("<tracking_code:code>/form/", drafts.case_form, name="form"),
    path("<tracking_code:code>/documents/", drafts.documents, name="documents"),
    path("<tracking_code:code>/documents/upload/", drafts.document_upload, name="document_upload"),
    path("<tracking_code:code>/review/", drafts.review, name="review"),
    path("<tracking_code:code>/submitted/", drafts.submitted, name="submitted"),
    path("<tracking_code:code>/discard/", drafts.discard, name="discard"),
    path("<tracking_code:code>/resubmit/", requests.resubmit, name="resubmit"),
    path("<tracking_code:code>/withdraw/", requests.withdraw_case, name="withdraw"),
    path("<tracking_code:code>/messages/", requests.message, name="message"),
]
