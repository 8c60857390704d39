from __future__ import annotations

from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from nama.health.checks import run_readiness_checks


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """Liveness: the process answers. Touches nothing else."""
    return JsonResponse({"status": "ok"})


@never_cache
@require_GET
def readyz(request: HttpRequest) -> JsonResponse:
    """Readiness: the database answers, migrations are applied, a worker is alive."""
    ready, checks = run_readiness_checks()
    body = {"status": "ok" if ready else "fail", "checks": checks}
    return JsonResponse(body, status=200 if ready else 503)
