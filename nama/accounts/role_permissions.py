"""What each staff role may see and change in the back-office admin.

Each role is a Django group with these model permissions; a staff member's groups, ``is_staff``
and ``is_superuser`` follow their active roles (``services.staff.sync_admin_access``). Later
apps add their models' permissions here.
"""

from __future__ import annotations

from nama.accounts.constants import StaffRole

# role -> permissions as "app_label.codename"
ROLE_ADMIN_PERMISSIONS: dict[StaffRole, list[str]] = {
    StaffRole.CITY_MANAGER: [
        "accounts.view_securityevent",
        "accounts.view_user",
        "accounts.view_roleassignment",
        "accounts.view_representation",
        "sms.view_outboundsms",
        "districts.view_district",
        "billing.view_tariffbook",
        "billing.view_beneficiaryaccount",
        "billing.view_ledgerentry",
        "billing.view_bankimport",
    ],
    # Revenue administrators keep the yearly tariff books and the beneficiary accounts
    # (ADR 0030); bills, receipts and the ledger are read-only for everyone in the admin.
    StaffRole.REVENUE_OFFICER: [
        "billing.view_tariffbook",
        "billing.add_tariffbook",
        "billing.change_tariffbook",
        "billing.view_beneficiaryaccount",
        "billing.change_beneficiaryaccount",
        "billing.view_assessment",
        "billing.view_lineadjustment",
        "billing.view_bill",
        "billing.view_receipt",
        "billing.view_refund",
        "billing.view_ledgerentry",
        "billing.view_bankimport",
        "billing.view_dutyyear",
    ],
}

# Holding SYSTEM_ADMIN makes the account a superuser of the admin.
SUPERUSER_ROLES = frozenset({StaffRole.SYSTEM_ADMIN})
