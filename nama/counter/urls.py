from django.urls import path

from nama.cases.urls import TrackingCodeConverter  # noqa: F401 - registers <tracking_code:…>
from nama.counter.views import citizen, request, steps, submit

app_name = "counter"
urlpatterns = [
    path("", citizen.start, name="start"),
    path("citizen/", citizen.citizen, name="citizen"),
    path("request/", request.property_step, name="property"),
    path("<tracking_code:code>/form/", steps.case_form, name="form"),
    path("<tracking_code:code>/documents/", steps.documents, name="documents"),
    path("<tracking_code:code>/documents/upload/", steps.document_upload, name="document_upload"),
    path("<tracking_code:code>/review/", submit.review, name="review"),
    path("<tracking_code:code>/submit/", submit.submit, name="submit"),
    path("<tracking_code:code>/receipt/", submit.receipt, name="receipt"),
]
