from __future__ import annotations

import logging

from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from nama.health.checks import run_readiness_checks

logger = logging.getLogger(__name__)


@never_cache
@require_safe
def healthz(request: HttpRequest) -> JsonResponse:
    """Liveness: the process answers. Touches nothing else."""
    return JsonResponse({"status": "ok"})


@never_cache
@require_safe
def readyz(request: HttpRequest) -> JsonResponse:
    """Readiness: the database answers, migrations are applied, a worker is alive."""
    ready, checks = run_readiness_checks()
    body = {"status": "ok" if ready else "fail", "checks": checks}
    response = JsonResponse(body, status=200 if ready else 503)
    if not ready:
        # One warning naming the failing parts, instead of Django's error line per probe.
        logger.warning("not ready: %s", {k: v for k, v in checks.items() if v != "ok"})
        response._has_been_logged = True  # type: ignore[attr-defined]
    return response
