"""A request's documents: which slots apply to whom, attaching and replacing, completeness,
and who may download them (registered with the documents app)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.utils import timezone

from nama.accounts.authz import can
from nama.accounts.constants import AccountKind
from nama.accounts.models import User
from nama.cases.access import acts_for_applicant
from nama.cases.constants import CaseStatus
from nama.cases.facts import register_fact
from nama.cases.models import Case, CaseDocument
from nama.catalog.constants import Applicant
from nama.catalog.schema import DocumentSpec
from nama.catalog.selectors import spec_of
from nama.core.problems import NotFoundError
from nama.documents.access import register_access_check
from nama.documents.models import Upload
from nama.documents.services import upload_document


def capacity(case: Case) -> Applicant:
    """In which capacity the request was filed: it decides which documents apply."""
    if case.applicant.kind == AccountKind.PARTNER:
        return Applicant.PARTNER
    if case.owner_id is not None and case.owner_id != case.applicant_id:
        return Applicant.REPRESENTATIVE
    return Applicant.OWNER


def slots(case: Case) -> list[DocumentSpec]:
    """The document slots of the request's service that apply to its applicant."""
    who = capacity(case)
    documents = spec_of(case.service_version).documents
    return [doc for doc in documents if not doc.applies_to or who in doc.applies_to]


def current_documents(case: Case) -> dict[str, CaseDocument]:
    rows = case.documents.filter(superseded_at__isnull=True).select_related("upload__stored_file")
    return {row.document_type: row for row in rows}


def missing_documents(case: Case) -> list[DocumentSpec]:
    present = set(current_documents(case))
    return [doc for doc in slots(case) if doc.required and doc.type not in present]


@register_fact("documents_complete")
def _documents_complete(case: Case) -> bool:
    return not missing_documents(case)


def _writable_types(case: Case) -> set[str] | None:
    """None: every slot (a draft); otherwise only the documents a correction asks for."""
    if case.status == CaseStatus.DRAFT:
        return None
    if case.workflow is not None and case.workflow.state == "returned":
        return set(case.corrections.get("documents", []))
    return set()


def attach_document(
    *, actor: User, case: Case, document_type: str, file: File[bytes], filename: str = ""
) -> CaseDocument:
    """Check and store ``file`` as the request's ``document_type``, replacing an earlier one.

    Allowed while the request is a draft, or for a document a correction asks for. The file is
    checked (format, size, content, viruses) by the documents app before anything is written.
    """
    if not acts_for_applicant(actor, case):
        raise NotFoundError("این درخواست پیدا نشد.")
    slot = next((doc for doc in slots(case) if doc.type == document_type), None)
    if slot is None:
        raise ValidationError({"document_type": ["این مدرک در فهرست مدارک این خدمت نیست."]})
    allowed = _writable_types(case)
    if allowed is not None and document_type not in allowed:
        raise ValidationError({"document_type": ["این مدرک اکنون قابل تغییر نیست."]})
    # Outside the transaction: an infected file's quarantine record must outlive the refusal.
    upload = upload_document(actor=actor, slot=slot, file=file, filename=filename or None)
    return _record(case, document_type, upload, fixing=allowed is not None)


def _record(case: Case, document_type: str, upload: Upload, *, fixing: bool) -> CaseDocument:
    with transaction.atomic():
        locked = Case.objects.select_for_update().get(pk=case.pk)
        now = timezone.now()
        CaseDocument.objects.filter(
            case=locked, document_type=document_type, superseded_at__isnull=True
        ).update(superseded_at=now)
        document = CaseDocument.objects.create(
            case=locked,
            document_type=document_type,
            upload=upload,
            round=int(locked.corrections.get("round", 0)),
        )
        if fixing:
            fixed = set(locked.corrections.get("fixed_documents", [])) | {document_type}
            locked.corrections = {**locked.corrections, "fixed_documents": sorted(fixed)}
        locked.updated_at = now
        locked.save(update_fields=["corrections", "updated_at"])
    return document


@register_access_check
def _case_documents(user: Any, upload: Upload) -> bool:
    """Whoever may see a request may download its documents (superseded ones included)."""
    documents = CaseDocument.objects.filter(upload=upload).select_related("case__service")
    return any(can(user, "cases.view", document.case) for document in documents)
