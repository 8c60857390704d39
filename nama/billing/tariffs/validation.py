"""Validating a tariff book: its shape, the rules across its sections, and that every fee rule
a service may list (``nama.catalog.constants.FEE_RULES``) is priced and has an account.

``parse_tariff`` is the one entry point of the files (``check``, ``sync``) and the admin, so
each refuses the same things with the same Persian messages, one per problem, each starting
with the path of the value (``fixed_fees.walling_fee: …``).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from decimal import Decimal
from itertools import pairwise
from typing import Any

import yaml
from pydantic import ValidationError

from nama.billing.tariffs.schema import AgeBand, AreaBand, TariffSpec, VehicleBand, fa
from nama.catalog.constants import FEE_RULES

AREA_RULES = frozenset(
    {
        "permit_residential_area",
        "commercial_acceptance",
        "office_acceptance",
        "extra_density",
        "balcony_projection",
        "parking_shortage",
    }
)
SHARE_RULES = frozenset({"education_share", "fire_service_share", "urban_rail_share"})
DUTY_RULES = frozenset({"renewal_duty", "business_duty", "vehicle_duty"})
# Priced by their own sections; a discount line is paid into the account of the line it reduces.
SECTION_RULES = AREA_RULES | DUTY_RULES | {"vat", "article100_fine", "arrears_surcharge"}
DISCOUNT_RULES = frozenset({"good_payer_discount"})
FIXED_RULES = frozenset(FEE_RULES) - SECTION_RULES - SHARE_RULES - DISCOUNT_RULES
DERIVED_RULES = SHARE_RULES | {"vat"} | DISCOUNT_RULES | {"arrears_surcharge"}


class TariffError(ValueError):
    """A tariff book that cannot be used; ``problems`` lists what and where, one per line."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


def load_yaml(text: str) -> Any:
    """Safe YAML, with the C parser when available (books are parsed on every sync)."""
    return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))  # noqa: S506


def parse_tariff(data: Any, *, accounts: Collection[str] | None = None) -> TariffSpec:
    """Raw data (parsed YAML) → ``TariffSpec``, or ``TariffError`` listing every problem.
    ``accounts``: the known beneficiary account codes (None: not checked)."""
    if not isinstance(data, dict):
        raise TariffError(["دفترچه: باید یک نگاشت (mapping) در سطح بالا باشد."])
    try:
        spec = TariffSpec.model_validate(data)
    except ValidationError as error:
        raise TariffError([_message(item) for item in error.errors()]) from error
    problems = book_problems(spec)
    if accounts is not None:
        problems += account_problems(spec, accounts)
    if problems:
        raise TariffError(problems)
    return spec


def account_problems(spec: TariffSpec, known: Collection[str]) -> list[str]:
    return [
        f"accounts.{rule}: حساب ذی‌نفع «{code}» تعریف نشده است."
        for rule, code in spec.accounts.items()
        if code not in known
    ]


def book_problems(spec: TariffSpec) -> list[str]:
    """The rules across sections: every rule priced and routed, bands in order, bounds sane."""
    return [
        *_rule_problems(spec),
        *_band_problems("residential_area.bands", spec.residential_area.bands),
        *_band_problems("renewal.age_bands", spec.renewal.age_bands),
        *[
            problem
            for kind, bands in spec.vehicles.classes.items()
            for problem in _band_problems(f"vehicles.classes.{kind}", bands)
        ],
        *_completeness_problems(spec),
        *_bound_problems(spec),
    ]


def _rule_problems(spec: TariffSpec) -> list[str]:
    missing_fixed = sorted(FIXED_RULES - set(spec.fixed_fees))
    missing_accounts = sorted(set(FEE_RULES) - DISCOUNT_RULES - set(spec.accounts))
    missing_shares = sorted(SHARE_RULES - set(spec.shares))
    return [
        *(f"fixed_fees.{rule}: مبلغ «{FEE_RULES[rule]}» تعیین نشده است." for rule in missing_fixed),
        *(
            f"accounts.{rule}: حساب ذی‌نفع «{FEE_RULES[rule]}» تعیین نشده است."
            for rule in missing_accounts
        ),
        *(f"shares.{rule}: درصد «{FEE_RULES[rule]}» تعیین نشده است." for rule in missing_shares),
        *_unknown("accounts", spec.accounts, set(FEE_RULES) - DISCOUNT_RULES),
        *_unknown("fixed_fees", spec.fixed_fees, FIXED_RULES),
        *_unknown("shares", spec.shares, SHARE_RULES),
        *_unknown("limits", spec.limits, set(FEE_RULES) - DERIVED_RULES),
        *_unknown("vat.applies_to", spec.vat.applies_to, set(FEE_RULES) - {"vat"}),
        *_unknown(
            "family_discount.applies_to",
            spec.family_discount.applies_to,
            set(FEE_RULES) - DERIVED_RULES,
        ),
        *(
            problem
            for name, share in spec.shares.items()
            for problem in _unknown(
                f"shares.{name}.base", share.base, set(FEE_RULES) - DERIVED_RULES
            )
        ),
    ]


def _unknown(path: str, names: Iterable[str], allowed: Collection[str]) -> list[str]:
    return [
        f"{path}.{name}: قاعده «{name}» اینجا پذیرفته نیست"
        f" (پذیرفتنی‌ها: {', '.join(sorted(allowed))})."
        for name in names
        if name not in allowed
    ]


def _band_problems(path: str, bands: Sequence[AreaBand | AgeBand | VehicleBand]) -> list[str]:
    """Bands ascend by their upper bound; only the last is open (no upper bound)."""
    bounds: list[Decimal | int | None] = [
        band.up_to_age if isinstance(band, VehicleBand) else band.up_to for band in bands
    ]
    problems = []
    if bounds[-1] is not None:
        problems.append(f"{path}: ردیف آخر باید بی‌سقف باشد (up_to خالی).")
    closed = [bound for bound in bounds[:-1] if bound is not None]
    if len(closed) != len(bounds) - 1:
        problems.append(f"{path}: تنها ردیف آخر می‌تواند بی‌سقف باشد.")
    if any(low >= high for low, high in pairwise(closed)):
        problems.append(f"{path}: سقف ردیف‌ها باید به ترتیب افزایشی باشد.")
    return problems


def _completeness_problems(spec: TariffSpec) -> list[str]:
    uses = {"residential", "commercial", "mixed", "office"}
    expected: list[tuple[str, set[str], Collection[str]]] = [
        ("extra_density", uses, spec.extra_density),
        ("renewal.use_factors", uses, spec.renewal.use_factors),
        (
            "renewal.structure_factors",
            {"concrete", "steel", "masonry"},
            spec.renewal.structure_factors,
        ),
        ("arrears", set(DUTY_RULES), spec.arrears),
        (
            "vehicles.classes",
            {"passenger", "van", "motorcycle", "minibus", "bus", "truck"},
            spec.vehicles.classes,
        ),
        (
            "article100.bands",
            {"residential", "commercial", "office", "parking"},
            spec.article100.bands,
        ),
    ]
    return [
        f"{path}.{name}: مقدار آن تعیین نشده است."
        for path, names, given in expected
        for name in sorted(names - set(given))
    ]


def _bound_problems(spec: TariffSpec) -> list[str]:
    problems = [
        f"business.guilds.{code}: یا coefficient یا fixed را بدهید، نه هر دو و نه هیچ‌یک."
        for code, guild in spec.business.guilds.items()
        if (guild.coefficient is None) == (guild.fixed is None)
    ]
    pairs: list[tuple[str, Decimal | int | None, Decimal | int | None]] = [
        *((f"business.guilds.{c}", g.minimum, g.maximum) for c, g in spec.business.guilds.items()),
        *((f"limits.{rule}", limit.minimum, limit.maximum) for rule, limit in spec.limits.items()),
        *((f"article100.bands.{k}", low, high) for k, (low, high) in spec.article100.bands.items()),
    ]
    problems += [
        f"{path}: کمینه ({fa(low)}) از بیشینه ({fa(high)}) بزرگ‌تر است."
        for path, low, high in pairs
        if low is not None and high is not None and low > high
    ]
    window = spec.good_payer
    if window.start > window.end:
        problems.append("good_payer: آغاز بازه تخفیف پس از پایان آن است.")
    return problems


_MESSAGES: dict[str, str] = {
    "missing": "لازم است و داده نشده.",
    "extra_forbidden": "کلید ناشناخته است.",
    "int_type": "باید عدد صحیح (ریال) باشد.",
    "int_parsing": "باید عدد صحیح باشد.",
    "int_from_float": "باید عدد صحیح باشد.",
    "decimal_type": "باید عدد باشد.",
    "decimal_parsing": "باید عدد باشد.",
    "greater_than_equal": "باید دست‌کم {ge} باشد.",
    "greater_than": "باید بیش از {gt} باشد.",
    "less_than_equal": "نباید بیش از {le} باشد.",
    "literal_error": "باید یکی از این‌ها باشد: {expected}.",
    "enum": "باید یکی از این‌ها باشد: {expected}.",
    "string_pattern_mismatch": "قالب نادرست است (حروف کوچک لاتین، رقم و _).",
    "string_too_short": "نباید خالی باشد.",
    "string_too_long": "بیش از اندازه بلند است.",
    "string_type": "باید متن باشد.",
    "bool_type": "باید true یا false باشد.",
    "bool_parsing": "باید true یا false باشد.",
    "dict_type": "باید نگاشت (mapping) باشد.",
    "list_type": "باید فهرست باشد.",
    "tuple_type": "باید فهرستی از دو عدد [کمینه، بیشینه] باشد.",
    "too_short": "دست‌کم یک مورد لازم است.",
    "too_long": "بیش از اندازه مورد دارد.",
}
_MONTH_DAY_MESSAGE = "باید ماه-روز شمسی باشد، مانند 01-01 یا 03-31."


def _message(item: Any) -> str:
    path = _path(item["loc"])
    kind = item["type"]
    if kind == "value_error" and "month_day" in item["msg"]:
        return f"{path}: {_MONTH_DAY_MESSAGE}"
    template = _MESSAGES.get(kind)
    if template is None:
        return f"{path}: مقدار نادرست است ({item['msg']})."
    context = {key: fa(value) for key, value in (item.get("ctx") or {}).items()}
    return f"{path}: {template.format(**context)}"


def _path(loc: Iterable[int | str]) -> str:
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else f".{part}"
    return text.lstrip(".") or "دفترچه"
