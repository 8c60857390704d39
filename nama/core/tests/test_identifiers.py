"""Iranian identifiers: national and legal IDs, mobile, postal code, Sheba, card, bills.

Renewal codes and registry plates are in the same module and tested at the end of this file.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.core.exceptions import ValidationError
from hypothesis import assume, given
from hypothesis import strategies as st

from nama.core.identifiers import (
    SERVICE_TYPE_MUNICIPAL,
    Bill,
    RegistryPlate,
    RenewalCode,
    barcode,
    format_postal_code,
    format_renewal_code,
    legal_id_check_digit,
    luhn_check_digit,
    make_bill_id,
    make_payment_id,
    mod11,
    national_id_check_digit,
    parse_bill,
    parse_registry_plate,
    parse_renewal_code,
    sheba_check_digits,
    validate_bill_id,
    validate_card_number,
    validate_legal_id,
    validate_mobile,
    validate_national_id,
    validate_postal_code,
    validate_sheba,
)

PERSIAN = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")
ARABIC_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
SCRIPTS = {"ascii": str.maketrans("", ""), "persian": PERSIAN, "arabic": ARABIC_INDIC}


def ascii_digits(size: int) -> st.SearchStrategy[str]:
    return st.text(alphabet="0123456789", min_size=size, max_size=size)


@st.composite
def in_any_script(draw: st.DrawFn, ascii_text: str) -> str:
    """The same digits, each written in a randomly chosen script."""
    tables = draw(st.lists(st.sampled_from(list(SCRIPTS.values())), min_size=len(ascii_text)))
    return "".join(c.translate(t) for c, t in zip(ascii_text, tables, strict=False))


def raises_code(code: str, call: Callable[[], object]) -> ValidationError:
    with pytest.raises(ValidationError) as info:
        call()
    assert info.value.code == code
    assert all(message.strip() for message in info.value.messages)
    return info.value


def flip(digits: str, index: int, new_digit: str) -> str:
    return digits[:index] + new_digit + digits[index + 1 :]


# --- National ID -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "typed",
    [
        "0499370899",
        "۰۴۹۹۳۷۰۸۹۹",
        "٠٤٩٩٣٧٠٨٩٩",
        "۰۴۹۹۳۷٠٨٩9",  # mixed scripts
        " 049-937089-9 ",
        "\u200f۰۴۹۹۳۷۰۸۹۹\u200e",  # bidi marks pasted from RTL text
        "499370899",  # 9 digits: left-padded
    ],
)
def test_national_id_reference_example_in_any_form(typed: str) -> None:
    assert validate_national_id(typed) == "0499370899"


def test_national_id_eight_digits_are_padded() -> None:
    # Hand-computed: 0,0,1,2,3,4,5,6,7 weighted 10..2 is 112; 112 mod 11 = 2, check 11 - 2 = 9.
    assert validate_national_id("12345679") == "0012345679"


def test_national_id_reference_invalid_example() -> None:
    raises_code("national_id_checksum", lambda: validate_national_id("1234567890"))


@pytest.mark.parametrize("typed", ["0000000000", "1111111111", "۵۵۵۵۵۵۵۵۵۵", "00000000"])
def test_national_id_all_equal_digits_are_rejected_even_when_the_checksum_passes(
    typed: str,
) -> None:
    raises_code("national_id_repeated", lambda: validate_national_id(typed))


@pytest.mark.parametrize(
    "typed",
    [
        "",
        "1234567",
        "04993708990",
        "04993708x9",
        "０４９９３７０８９９",
        "०४९९३७०८९९",
        "+499370899",
    ],
)
def test_national_id_wrong_shape_is_rejected(typed: str) -> None:
    # Fullwidth and Devanagari digits pass `\d` and int(); ASCII validation must refuse them.
    raises_code("national_id_format", lambda: validate_national_id(typed))


def test_national_id_message_is_persian() -> None:
    error = raises_code("national_id_checksum", lambda: validate_national_id("1234567890"))
    assert "کد ملی" in error.messages[0]


def test_national_id_checksum_cannot_tell_remainder_one_from_ten() -> None:
    # Known weakness of the national scheme: s = 1 and s = 10 both give check digit 1, so this
    # one-digit change stays valid. Hand-computed: 144 mod 11 = 1 and 164 mod 11 = 10.
    assert validate_national_id("1234560021") == "1234560021"
    assert validate_national_id("3234560021") == "3234560021"


@given(ascii_digits(9), st.data())
def test_every_generated_national_id_validates_in_any_digit_script(
    nine: str, data: st.DataObject
) -> None:
    national_id = nine + str(national_id_check_digit(nine))
    assume(len(set(national_id)) > 1)
    assert validate_national_id(data.draw(in_any_script(national_id))) == national_id


def _remainder(nine: str) -> int:
    return sum(int(d) * (10 - i) for i, d in enumerate(nine)) % 11


@given(ascii_digits(9), st.integers(0, 9), st.integers(1, 9))
def test_changing_one_digit_of_a_national_id_invalidates_it(
    nine: str, index: int, delta: int
) -> None:
    national_id = nine + str(national_id_check_digit(nine))
    assume(len(set(national_id)) > 1)
    changed = flip(national_id, index, str((int(national_id[index]) + delta) % 10))
    # The only escape is the remainder-1/remainder-10 collision shown above.
    collision = {_remainder(nine), _remainder(changed[:9])} == {1, 10}
    if collision and index < 9 and len(set(changed)) > 1:
        assert validate_national_id(changed) == changed
    else:
        with pytest.raises(ValidationError):
            validate_national_id(changed)


# --- Legal-person ID ---------------------------------------------------------------------------


@pytest.mark.parametrize("typed", ["10380284790", "۱۰۳۸۰۲۸۴۷۹۰", "١٠٣٨٠٢٨٤٧٩٠", "103-802-847-90"])
def test_legal_id_reference_example(typed: str) -> None:
    # Hand-checked: t = 9 + 2 = 11, weighted sum 3432 = 11 × 312, so the check digit is 0.
    assert validate_legal_id(typed) == "10380284790"


@pytest.mark.parametrize("last", "123456789")
def test_legal_id_wrong_check_digit(last: str) -> None:
    raises_code("legal_id_checksum", lambda: validate_legal_id("1038028479" + last))


@pytest.mark.parametrize("typed", ["", "1038028479", "103802847900", "0499370899", "١٠٣٨٠٢٨٤٧٩x"])
def test_legal_id_wrong_length(typed: str) -> None:
    raises_code("legal_id_format", lambda: validate_legal_id(typed))


@given(ascii_digits(10), st.data())
def test_generated_legal_ids_validate_and_other_check_digits_do_not(
    ten: str, data: st.DataObject
) -> None:
    check = legal_id_check_digit(ten)
    assert validate_legal_id(data.draw(in_any_script(f"{ten}{check}"))) == f"{ten}{check}"
    wrong = data.draw(st.integers(0, 9).filter(lambda d: d != check))
    with pytest.raises(ValidationError):
        validate_legal_id(f"{ten}{wrong}")


# --- Mobile ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "typed",
    [
        "09123456789",
        "9123456789",
        "+989123456789",
        "00989123456789",
        "989123456789",
        "۰۹۱۲۳۴۵۶۷۸۹",
        "٠٩١٢٣٤٥٦٧٨٩",
        "+۹۸ ۹۱۲ ۳۴۵ ۶۷۸۹",
        "0912-345-6789",
        "(0912) 345 6789",
        "\u200e+98 912 345 6789\u200f",
    ],
)
def test_mobile_is_normalised(typed: str) -> None:
    assert validate_mobile(typed) == "09123456789"


@pytest.mark.parametrize(
    "typed",
    [
        "",
        "08123456789",  # landline prefix
        "0912345678",  # 10 digits
        "091234567890",  # 12 digits
        "+19123456789",
        "+98 0912 345 6789",
        "٠٩١٢٣٤٥٦٧٨x",
        "０９１２３４５６７８９",
    ],
)
def test_mobile_rejects_non_iranian_or_malformed_numbers(typed: str) -> None:
    raises_code("mobile_invalid", lambda: validate_mobile(typed))


@given(ascii_digits(9), st.sampled_from(["", "0", "98", "+98", "0098"]), st.data())
def test_mobile_any_prefix_and_script_normalises_to_09(
    rest: str, prefix: str, data: st.DataObject
) -> None:
    typed = data.draw(in_any_script(f"{prefix}9{rest}"))
    assert validate_mobile(typed) == f"09{rest}"


# --- Postal code -------------------------------------------------------------------------------


@pytest.mark.parametrize("typed", ["8174673111", "۸۱۷۴۶-۷۳۱۱۱", "81746 73111", "٨١٧٤٦٧٣١١١"])
def test_isfahan_postal_code(typed: str) -> None:
    assert validate_postal_code(typed) == "8174673111"
    assert format_postal_code(typed) == "81746-73111"


@pytest.mark.parametrize(
    "typed",
    [
        "8124673111",  # 2 among the first four
        "8174073111",  # fifth digit 0 (allowed: 1 3 4 6 7 8 9)
        "8174573111",  # fifth digit 5
        "8174672111",  # 2 among the last five
        "1111673111",  # first four digits equal
    ],
)
def test_postal_code_structural_rule(typed: str) -> None:
    raises_code("postal_code_invalid", lambda: validate_postal_code(typed))


@pytest.mark.parametrize("typed", ["", "817467311", "81746731110", "81746-7311x"])
def test_postal_code_must_have_ten_digits(typed: str) -> None:
    raises_code("postal_code_format", lambda: validate_postal_code(typed))


# --- Sheba and card -----------------------------------------------------------------------------

SHEBA = "IR062960000000100324200001"


def _iso13616_remainder(iban: str) -> int:
    """Independent reference: letters as base-36 values, rotated, mod 97."""
    rotated = iban[4:] + iban[:4]
    return int("".join(str(int(c, 36)) for c in rotated)) % 97


@pytest.mark.parametrize(
    "typed",
    [
        SHEBA,
        "ir06 2960 0000 0010 0324 2000 01",
        "IR۰۶۲۹۶۰۰۰۰۰۰۰۱۰۰۳۲۴۲۰۰۰۰۱",
        "062960000000100324200001",  # the IR is often printed beside the field
    ],
)
def test_sheba_is_normalised(typed: str) -> None:
    assert validate_sheba(typed) == SHEBA


def test_sheba_wrong_check_digits() -> None:
    raises_code("sheba_checksum", lambda: validate_sheba("IR072960000000100324200001"))


@pytest.mark.parametrize(
    "typed",
    ["", "DE062960000000100324200001", "IR06296000000010032420000", "IR0629600000001003242000011"],
)
def test_sheba_wrong_shape(typed: str) -> None:
    raises_code("sheba_format", lambda: validate_sheba(typed))


@given(ascii_digits(22))
def test_generated_shebas_validate(bban: str) -> None:
    sheba = f"IR{sheba_check_digits(bban)}{bban}"
    assert _iso13616_remainder(sheba) == 1
    assert validate_sheba(sheba.translate(PERSIAN)) == sheba


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("4111111111111111", "4111111111111111"),
        # Hand-checked: 6037990000000006 doubles to 9+9+7+6+0+3 = 34, check (10 - 4) = 6.
        ("6037-9900-0000-0006", "6037990000000006"),
        ("۶۰۳۷ ۹۹۰۰ ۰۰۰۰ ۰۰۰۶", "6037990000000006"),
    ],
)
def test_card_number_passes_luhn(typed: str, expected: str) -> None:
    assert validate_card_number(typed) == expected


def test_card_number_failing_luhn() -> None:
    raises_code("card_number_checksum", lambda: validate_card_number("4111111111111112"))


@pytest.mark.parametrize("typed", ["", "411111111111111", "41111111111111111", "4111x11111111111"])
def test_card_number_must_have_sixteen_digits(typed: str) -> None:
    raises_code("card_number_format", lambda: validate_card_number(typed))


@given(ascii_digits(15), st.integers(0, 14), st.integers(1, 9))
def test_luhn_catches_every_single_digit_change(payload: str, index: int, delta: int) -> None:
    card = payload + str(luhn_check_digit(payload))
    assert validate_card_number(card) == card
    with pytest.raises(ValidationError):
        validate_card_number(flip(card, index, str((int(card[index]) + delta) % 10)))


# --- Bill ID and payment ID -------------------------------------------------------------------

REFERENCE_BILL, REFERENCE_PAYMENT = "123456710268", "125040128"


def test_mod11_weights_and_small_remainders() -> None:
    assert mod11("12345671026") == 8  # hand: 157 mod 11 = 3, 11 - 3 = 8
    assert mod11("1250401") == 2  # hand: 64 mod 11 = 9, 11 - 9 = 2
    assert mod11("6") == 0  # 12 mod 11 = 1, so 0
    assert mod11("") == 0


def test_reference_bill_is_built_and_parsed() -> None:
    assert make_bill_id(1234567, 102) == REFERENCE_BILL
    assert make_bill_id("۱۲۳۴۵۶۷", "١٠٢") == REFERENCE_BILL
    assert make_payment_id(REFERENCE_BILL, 1_250_000, 1404, 1) == REFERENCE_PAYMENT
    assert parse_bill(REFERENCE_BILL, REFERENCE_PAYMENT) == Bill(
        bill_id=REFERENCE_BILL,
        payment_id=REFERENCE_PAYMENT,
        file_code=1234567,
        company_code=102,
        service_type=SERVICE_TYPE_MUNICIPAL,
        amount_rials=1_250_000,
        year_digit=4,
        period=1,
    )


def test_reference_barcode_pads_both_ids_to_thirteen() -> None:
    assert barcode(REFERENCE_BILL, REFERENCE_PAYMENT) == "0123456710268" + "0000125040128"


def test_hand_computed_bill() -> None:
    # Bill body 42·007·6: weights 2..7 from the right give 73, 73 mod 11 = 7, check 4.
    # Payment body 5·5·12: 52 mod 11 = 8, check1 3; bill + 55123 sums to 172, mod 11 = 7, check2 4.
    assert make_bill_id(42, 7) == "4200764"
    assert make_payment_id("4200764", 5_000, 1405, 12) == "551234"
    bill = parse_bill("۴۲۰۰۷۶۴", "۵۵۱۲۳۴")
    assert (bill.file_code, bill.company_code, bill.amount_rials, bill.year_digit, bill.period) == (
        42,
        7,
        5_000,
        5,
        12,
    )


def test_leading_zeros_and_separators_are_stripped() -> None:
    bill = parse_bill("0000 1234567 102 68", "0000125040128")
    assert (bill.bill_id, bill.payment_id) == (REFERENCE_BILL, REFERENCE_PAYMENT)
    assert validate_bill_id("0123456710268") == REFERENCE_BILL


@pytest.mark.parametrize("amount", [0, -1000, 999, 1_250_500, 10**11])
def test_payment_amount_must_be_a_positive_multiple_of_1000(amount: int) -> None:
    error = raises_code(
        "payment_amount_invalid", lambda: make_payment_id(REFERENCE_BILL, amount, 1404, 1)
    )
    assert "مبلغ" in error.messages[0]


@pytest.mark.parametrize("amount", [1_250_000.0, True])
def test_payment_amount_must_be_an_int(amount: object) -> None:
    with pytest.raises(TypeError):
        make_payment_id(REFERENCE_BILL, amount, 1404, 1)  # type: ignore[arg-type]


@pytest.mark.parametrize("period", [-1, 100])
def test_payment_period_has_two_digits(period: int) -> None:
    raises_code(
        "payment_period_invalid", lambda: make_payment_id(REFERENCE_BILL, 1000, 1404, period)
    )


def test_payment_year_cannot_be_negative() -> None:
    raises_code("payment_year_invalid", lambda: make_payment_id(REFERENCE_BILL, 1000, -1, 1))


def test_year_1410_has_digit_zero() -> None:
    payment = make_payment_id(REFERENCE_BILL, 1000, 1410, 99)
    assert parse_bill(REFERENCE_BILL, payment).year_digit == 0


@pytest.mark.parametrize(
    ("file_code", "company_code"),
    [(0, 102), (-5, 102), ("x", 102), (123456789, 102), (1, 1000), (1, -1), (True, 102)],
)
def test_bad_bill_parts(file_code: int | str, company_code: int | str) -> None:
    raises_code("bill_code_invalid", lambda: make_bill_id(file_code, company_code))


def test_bill_with_wrong_check_digit() -> None:
    raises_code("bill_id_checksum", lambda: validate_bill_id("123456710267"))
    raises_code("bill_id_checksum", lambda: make_payment_id("123456710267", 1000, 1404, 1))


@pytest.mark.parametrize("typed", ["", "12345", "00001", "12345671026812", "1234x6710268"])
def test_bill_id_length(typed: str) -> None:
    raises_code("bill_id_format", lambda: validate_bill_id(typed))


@pytest.mark.parametrize("payment", ["125040138", "125040127", "126040128"])
def test_payment_with_wrong_check_digits(payment: str) -> None:
    raises_code("payment_id_checksum", lambda: parse_bill(REFERENCE_BILL, payment))


def test_payment_of_another_bill_is_refused() -> None:
    other_bill = make_bill_id(1234568, 102)
    raises_code("payment_id_checksum", lambda: parse_bill(other_bill, REFERENCE_PAYMENT))
    raises_code("payment_id_checksum", lambda: barcode(other_bill, REFERENCE_PAYMENT))


def test_payment_id_length() -> None:
    raises_code("payment_id_format", lambda: parse_bill(REFERENCE_BILL, "12345"))


@given(
    file_code=st.integers(1, 10**8 - 1),
    company_code=st.integers(0, 999),
    thousands=st.integers(1, 10**8 - 1),
    year=st.integers(1300, 1600),
    period=st.integers(0, 99),
)
def test_make_and_parse_bill_round_trip(
    file_code: int, company_code: int, thousands: int, year: int, period: int
) -> None:
    bill_id = make_bill_id(file_code, company_code)
    payment_id = make_payment_id(bill_id, thousands * 1000, year, period)
    assert len(bill_id) <= 13
    assert len(payment_id) <= 13
    parsed = parse_bill(bill_id.translate(PERSIAN), payment_id.zfill(13))
    assert parsed == Bill(
        bill_id=bill_id,
        payment_id=payment_id,
        file_code=file_code,
        company_code=company_code,
        service_type=SERVICE_TYPE_MUNICIPAL,
        amount_rials=thousands * 1000,
        year_digit=year % 10,
        period=period,
    )
    code = barcode(bill_id, payment_id)
    assert len(code) == 26
    assert (code[:13].lstrip("0"), code[13:].lstrip("0")) == (bill_id, payment_id)


@given(st.integers(1, 10**8 - 1), st.integers(1, 10**6), st.data())
def test_changing_the_check_digit_of_a_payment_is_refused(
    file_code: int, thousands: int, data: st.DataObject
) -> None:
    bill_id = make_bill_id(file_code, 102)
    payment_id = make_payment_id(bill_id, thousands * 1000, 1404, 1)
    index = data.draw(st.sampled_from([-1, -2]))
    wrong = data.draw(st.sampled_from("0123456789").filter(lambda d: d != payment_id[index]))
    with pytest.raises(ValidationError):
        parse_bill(bill_id, flip(payment_id, len(payment_id) + index, wrong))


# --- Renewal code ------------------------------------------------------------------------------

REFERENCE_RENEWAL = RenewalCode(
    district=1, region=10, block=84, parcel=1, building=16, apartment=2, shop=0
)


@pytest.mark.parametrize(
    "typed",
    [
        "1-10-84-1-16-2-0",
        "۱-۱۰-۸۴-۱-۱۶-۲-۰",
        "١/١٠/٨٤/١/١٦/٢/٠",
        "1.10.84.1.16.2.0",
        "1 10 84 1 16 2 0",
        " 1 - 10 - 84 / 1 . 16 2 – 0 ",
        "\u200e01-010-084-001-016-002-000\u200f",
    ],
)
def test_renewal_code_reference_example(typed: str) -> None:
    code = parse_renewal_code(typed)
    assert code == REFERENCE_RENEWAL
    assert code.level == "apartment"
    assert code.map_key == "1-10-84-1"
    assert format_renewal_code(code) == str(code) == "1-10-84-1-16-2-0"


@pytest.mark.parametrize(
    ("typed", "level"),
    [
        ("1-10-84-1-0-0-0", "parcel"),
        ("1-10-84-1-16-0-0", "building"),
        ("1-10-84-1-16-2-0", "apartment"),
        ("1-10-84-1-16-2-5", "shop"),
        ("1-10-84-1-16-0-3", "shop"),  # a shop in a building without apartments
    ],
)
def test_renewal_code_level_is_the_deepest_non_zero_level(typed: str, level: str) -> None:
    assert parse_renewal_code(typed).level == level


def test_format_renewal_code_accepts_text() -> None:
    assert format_renewal_code("۱/۱۰/۸۴/۱/۱۶/۲/۰") == "1-10-84-1-16-2-0"


@pytest.mark.parametrize("typed", ["", "1-10-84-1-16-2", "1-10-84-1-16-2-0-0", "1 10 84"])
def test_renewal_code_must_have_seven_parts(typed: str) -> None:
    error = raises_code("renewal_code_parts", lambda: parse_renewal_code(typed))
    assert "۷" in error.messages[0]


@pytest.mark.parametrize(
    "typed",
    [
        "-1-10-84-1-16-2-0",
        "1-10-84--1-16-2-0",
        "1 10 84 -1 16 2 0",
        "1-10-84-1-16-2-",
        "1-10-84-x-16-2-0",
        "1-10-٨٤-१-16-2-0",  # a Devanagari digit
    ],
)
def test_renewal_code_parts_must_be_non_negative_integers(typed: str) -> None:
    raises_code("renewal_code_invalid", lambda: parse_renewal_code(typed))


@given(
    st.tuples(*[st.integers(0, 10**6)] * 7),
    st.sampled_from(["-", "/", ".", " ", " - "]),
    st.sampled_from(list(SCRIPTS.values())),
)
def test_renewal_code_round_trip(
    parts: tuple[int, ...], separator: str, script: dict[int, int]
) -> None:
    code = RenewalCode(*parts)
    typed = separator.join(str(part) for part in parts).translate(script)
    assert parse_renewal_code(typed) == code
    assert parse_renewal_code(format_renewal_code(code)) == code
    assert code.map_key == "-".join(str(part) for part in parts[:4])


# --- Registry plate ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "main", "sub", "section"),
    [
        ("72", (72,), (), None),
        ("72/1617", (72,), (1617,), None),
        ("۷۲/۱۶۱۷", (72,), (1617,), None),
        ("211-253-254/6932-6933", (211, 253, 254), (6932, 6933), None),
        ("۲۱۱ - ۲۵۳ - ۲۵۴ / ۶۹۳۲ - ۶۹۳۳", (211, 253, 254), (6932, 6933), None),
        ("72/1617 بخش 5", (72,), (1617,), 5),
        ("۷۲/۱۶۱۷، بخش ثبتی ۱۴", (72,), (1617,), 14),
        ("72,بخش5", (72,), (), 5),
        ("\u200f72/1617\u200e", (72,), (1617,), None),
    ],
)
def test_registry_plate_syntax(
    typed: str, main: tuple[int, ...], sub: tuple[int, ...], section: int | None
) -> None:
    plate = parse_registry_plate(typed)
    assert (plate.main, plate.sub, plate.section) == (main, sub, section)
    assert plate.raw == typed.strip()


def test_registry_plate_canonical_text() -> None:
    plate = parse_registry_plate(" ۲۱۱-۲۵۳-۲۵۴/۶۹۳۲-۶۹۳۳ ، بخش ۵ ")
    assert str(plate) == "211-253-254/6932-6933 بخش 5"
    assert plate.raw == "۲۱۱-۲۵۳-۲۵۴/۶۹۳۲-۶۹۳۳ ، بخش ۵"


@pytest.mark.parametrize(
    "typed",
    ["", "/1617", "72/", "72//1617", "72/16a7", "72-/1617", "72/1617 بخش", "بخش 5", "72 1617"],
)
def test_registry_plate_malformed(typed: str) -> None:
    raises_code("registry_plate_format", lambda: parse_registry_plate(typed))


@pytest.mark.parametrize("typed", ["0/1617", "72/0", "72-0/1", "72/1617 بخش 0"])
def test_registry_plate_numbers_are_positive(typed: str) -> None:
    raises_code("registry_plate_zero", lambda: parse_registry_plate(typed))


@given(
    st.lists(st.integers(1, 10**6), min_size=1, max_size=4),
    st.lists(st.integers(1, 10**6), max_size=4),
    st.none() | st.integers(1, 99),
)
def test_registry_plate_round_trip(main: list[int], sub: list[int], section: int | None) -> None:
    plate = RegistryPlate(main=tuple(main), sub=tuple(sub), section=section, raw="")
    text = str(plate)
    parsed = parse_registry_plate(text.translate(PERSIAN))
    assert (parsed.main, parsed.sub, parsed.section) == (plate.main, plate.sub, plate.section)
