"""Public tracking without signing in: tracking code + the applicant's national ID.

Rate-limited per IP and per code (``nama.cases.throttle``). A wrong code and a wrong national
ID get the same answer. The answer shows the service, the status, the current step and the
timeline's labels — nothing personal.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from nama.accounts.errors import ThrottledError
from nama.cases.applying import case_facts
from nama.cases.forms import TrackForm
from nama.cases.selectors import case_by_code_and_national_id, timeline
from nama.cases.throttle import check_tracking_allowed, record_tracking_failure
from nama.core.http import client_ip

NO_MATCH = (
    "درخواستی با این کد رهگیری و این کد ملی پیدا نشد. هر دو را دوباره بررسی کنید؛ "
    "کد ملی باید کد ملی ثبت‌کنندهٔ درخواست یا مالک ملک باشد."
)


@never_cache
@require_http_methods(["GET", "POST"])
def track(request: HttpRequest) -> HttpResponse:
    form = TrackForm(request.POST if request.method == "POST" else None)
    context: dict[str, object] = {"form": form}
    status = 200
    if request.method == "POST" and form.is_valid():
        ip = client_ip(request)
        code = form.cleaned_data["tracking_code"]
        try:
            check_tracking_allowed(ip=ip, tracking_code=code)
        except ThrottledError as error:
            context["throttled"] = error.detail
            status = 429
            response = render(request, "cases/track.html", context, status=status)
            response["Retry-After"] = str(error.retry_after)
            return response
        case = case_by_code_and_national_id(code, form.cleaned_data["national_id"])
        if case is None:
            record_tracking_failure(ip=ip, tracking_code=code)
            form.add_error(None, NO_MATCH)
        else:
            context.update(
                form=TrackForm(),
                case=case,
                facts=case_facts(case, for_applicant=False),
                labels=[(entry.label, entry.record.at) for entry in timeline(case)],
            )
    return render(request, "cases/track.html", context, status=status)
