"""The HTTP API: one NinjaAPI, each app's router mounted here, errors as problem+json."""

from __future__ import annotations

from ninja import NinjaAPI

from nama.accounts import api as accounts_api
from nama.accounts.errors import ThrottledError
from nama.billing import api as billing_api
from nama.cases.api import inbox_router as cases_inbox_router
from nama.cases.api import router as cases_router
from nama.catalog.api import router as catalog_router
from nama.core.api import PersianJSONRenderer, install_problem_handlers
from nama.inspections.api import router as inspections_router
from nama.parcels.api import router as parcels_router
from nama.payments.api import router as payments_router
from nama.staff.api import router as staff_router
from nama.visits.api import router as visits_router

api = NinjaAPI(
    title="Isfahan Nama API",
    version="1",
    description="The API of Isfahan Nama (اصفهان‌نما). Errors are application/problem+json "
    "(RFC 9457) with a stable `code` and a Persian `detail`.",
    urls_namespace="api",
    docs_url="/docs",
    openapi_url="/openapi.json",
    renderer=PersianJSONRenderer(),
)

install_problem_handlers(api)
api.add_exception_handler(ThrottledError, accounts_api.throttled_problem)

api.add_router("/v1/auth", accounts_api.auth_router)
api.add_router("/v1/me", accounts_api.me_router)
api.add_router("/v1/services", catalog_router)
api.add_router("/v1/cases", cases_router)
api.add_router("/v1/inbox", cases_inbox_router)
api.add_router("/v1/parcels", parcels_router)
api.add_router("/v1/staff/inspections", inspections_router)
api.add_router("/v1/staff/revenue", billing_api.revenue_router)
api.add_router("/v1/staff", staff_router)
api.add_router("/v1/visits", visits_router)
api.add_router("/v1/bills", billing_api.router)
api.add_router("/v1/payments", payments_router)
