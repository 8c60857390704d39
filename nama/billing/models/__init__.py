"""Billing models: tariffs, assessments, bills, receipts, refunds, duties, the ledger."""

from nama.billing.models.accounts import BeneficiaryAccount
from nama.billing.models.assessments import Assessment, AssessmentLine, LineAdjustment
from nama.billing.models.bills import Bill, BillLine, Receipt, Refund
from nama.billing.models.duties import DutyYear, SettlementLetter
from nama.billing.models.ledger import BankImport, BankImportRow, LedgerEntry
from nama.billing.models.subjects import Business, Vehicle
from nama.billing.models.tariffs import TariffBook

__all__ = [
    "Assessment",
    "AssessmentLine",
    "BankImport",
    "BankImportRow",
    "BeneficiaryAccount",
    "Bill",
    "BillLine",
    "Business",
    "DutyYear",
    "LedgerEntry",
    "LineAdjustment",
    "Receipt",
    "Refund",
    "SettlementLetter",
    "TariffBook",
    "Vehicle",
]
