"""Pure, typed fee calculators: facts and tariff books in, line items with Persian
explanations out. No database access; amounts are integer rials."""

from nama.billing.calculators.article100 import Article100Facts, article100_fine
from nama.billing.calculators.duties import (
    BuildingFacts,
    BusinessFacts,
    RenewalFacts,
    VehicleFacts,
    business_duty,
    renewal_duty,
    vehicle_duty,
)
from nama.billing.calculators.lines import LineItem
from nama.billing.calculators.permits import PermitFacts, fixed_fees, permit_fees

__all__ = [
    "Article100Facts",
    "BuildingFacts",
    "BusinessFacts",
    "LineItem",
    "PermitFacts",
    "RenewalFacts",
    "VehicleFacts",
    "article100_fine",
    "business_duty",
    "fixed_fees",
    "permit_fees",
    "renewal_duty",
    "vehicle_duty",
]
