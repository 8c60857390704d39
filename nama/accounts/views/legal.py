"""Companies (legal persons) I act for: register one, add or remove its agents."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from nama.accounts.constants import AccountKind
from nama.accounts.forms import AgentForm, LegalPersonForm
from nama.accounts.models import LegalPerson, LegalPersonAgent, User
from nama.accounts.selectors import companies_of, company_for_agent
from nama.accounts.services.legal import add_agent, register_legal_person, revoke_agent
from nama.accounts.views.common import client_of, mask_national_id, signed_in_user
from nama.core.problems import ApiError, ConflictError, NotFoundError

REGISTERED = "شخص حقوقی ثبت شد و شما نخستین نمایندهٔ آن هستید."
AGENT_ADDED = "نمایندهٔ تازه اضافه شد."
AGENT_REVOKED = "نمایندگی لغو شد."


@dataclass(frozen=True)
class AgentRow:
    agency: LegalPersonAgent
    national_id: str
    is_me: bool


@dataclass(frozen=True)
class CompanyRow:
    company: LegalPerson
    agents: list[AgentRow]
    form: AgentForm


def _agent_form(company: LegalPerson, data: QueryDict | None = None) -> AgentForm:
    return AgentForm(data, prefix=f"agent-{company.pk}")


def _companies(user: User, bound: AgentForm | None, bound_company: int | None) -> list[CompanyRow]:
    """The companies the user is an active agent of, each with its active agents."""
    companies = companies_of(user)
    return [
        CompanyRow(
            company=company,
            agents=[
                AgentRow(
                    agency, mask_national_id(agency.user.national_id), agency.user_id == user.pk
                )
                for agency in company.agents.all()
            ],
            form=bound
            if bound is not None and company.pk == bound_company
            else _agent_form(company),
        )
        for company in companies
    ]


def _render(
    request: HttpRequest,
    user: User,
    *,
    form: LegalPersonForm | None = None,
    bound: AgentForm | None = None,
    bound_company: int | None = None,
) -> HttpResponse:
    context = {
        "form": form or LegalPersonForm(),
        "companies": _companies(user, bound, bound_company),
        "can_register": user.kind == AccountKind.CITIZEN,
    }
    return render(request, "accounts/companies.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def companies(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    if request.method != "POST":
        return _render(request, user)
    form = LegalPersonForm(request.POST)
    if form.is_valid():
        try:
            register_legal_person(
                actor=user,
                legal_id=form.cleaned_data["legal_id"],
                name=form.cleaned_data["name"],
                title=form.cleaned_data["title"],
                client=client_of(request),
            )
        except (ValidationError, ApiError) as error:
            form.add_service_error(error)
        else:
            messages.success(request, REGISTERED)
            return redirect("accounts:companies")
    return _render(request, user, form=form)


@login_required
@require_POST
def agent_add(request: HttpRequest, company_id: int) -> HttpResponse:
    user = signed_in_user(request)
    company = company_for_agent(user, company_id)
    if company is None:
        raise Http404
    form = _agent_form(company, request.POST)
    if form.is_valid():
        try:
            add_agent(
                actor=user,
                legal_person=company,
                national_id=form.cleaned_data["national_id"],
                mobile=form.cleaned_data["mobile"],
                title=form.cleaned_data["title"],
                client=client_of(request),
            )
        except NotFoundError as error:
            raise Http404(error.detail) from error
        except (ValidationError, ApiError) as error:
            form.add_service_error(error)
        else:
            messages.success(request, AGENT_ADDED)
            return redirect("accounts:companies")
    return _render(request, user, bound=form, bound_company=company.pk)


@login_required
@require_POST
def agent_revoke(request: HttpRequest, agency_id: int) -> HttpResponse:
    try:
        revoke_agent(actor=signed_in_user(request), agency_id=agency_id, client=client_of(request))
    except NotFoundError as error:
        raise Http404(error.detail) from error
    except ConflictError as error:
        messages.error(request, error.detail)
    else:
        messages.success(request, AGENT_REVOKED)
    return redirect("accounts:companies")
