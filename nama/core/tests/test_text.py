"""Persian text normalisation: digits, Arabic letter variants, invisible marks, search keys."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from nama.core.text import (
    ZWJ,
    ZWNJ,
    normalize_digits,
    normalize_persian,
    search_key,
    strip_invisible,
    to_persian_digits,
)

PERSIAN = "۰۱۲۳۴۵۶۷۸۹"
ARABIC_INDIC = "٠١٢٣٤٥٦٧٨٩"
BIDI_AND_BOM = (
    "\ufeff\u200b\u200e\u200f\u061c\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
)
HARAKAT = "\u064b\u064c\u064d\u064e\u064f\u0650\u0651\u0652\u0670"

# Text that exercises every rule: Persian and Arabic letters, all digit scripts, marks, spaces.
_ALPHABET = (
    "ابپتثجچحخدذرزژسشصضطظعغفقکگلمنوهیآئۀ"
    "يىكة"
    + PERSIAN
    + ARABIC_INDIC
    + "0123456789"
    + HARAKAT
    + "\u0640\u0653\u0654\u0655"
    + BIDI_AND_BOM
    + ZWNJ
    + ZWJ
    + " \t\n\r\u00a0\u2009\u202f\u3000\u2028"
    + "aZß-/."
)
persianish_text = st.one_of(st.text(alphabet=_ALPHABET), st.text())


# --- digits --------------------------------------------------------------------------------


def test_normalize_digits_maps_all_ten_persian_digits() -> None:
    assert normalize_digits(PERSIAN) == "0123456789"


def test_normalize_digits_maps_all_ten_arabic_indic_digits_including_4_5_6() -> None:
    assert normalize_digits(ARABIC_INDIC) == "0123456789"
    assert normalize_digits("٤٥٦") == "456"
    assert normalize_digits("۴۵۶") == "456"


def test_normalize_digits_leaves_other_text_alone() -> None:
    assert normalize_digits("پلاک ۷۲/۱۶۱۷ و 12") == "پلاک 72/1617 و 12"


def test_normalize_digits_does_not_touch_other_unicode_digits() -> None:
    # Devanagari and fullwidth digits are not Iranian input: left for validators to reject.
    assert normalize_digits("०１") == "०１"


def test_to_persian_digits_maps_ascii_and_arabic_indic() -> None:
    assert to_persian_digits("0123456789") == PERSIAN
    assert to_persian_digits(ARABIC_INDIC) == PERSIAN
    assert to_persian_digits("ساعت 14:30") == "ساعت ۱۴:۳۰"


@given(persianish_text)
def test_normalize_digits_is_idempotent(s: str) -> None:
    once = normalize_digits(s)
    assert normalize_digits(once) == once


@given(persianish_text)
def test_normalize_digits_leaves_no_persian_or_arabic_digit(s: str) -> None:
    assert not set(normalize_digits(s)) & set(PERSIAN + ARABIC_INDIC)


@given(st.integers(min_value=0))
def test_persian_digits_round_trip_through_normalize(n: int) -> None:
    assert normalize_digits(to_persian_digits(str(n))) == str(n)


@given(persianish_text)
def test_to_persian_digits_then_normalize_equals_normalize(s: str) -> None:
    assert normalize_digits(to_persian_digits(s)) == normalize_digits(s)


# --- normalize_persian ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("given_text", "expected"),
    [
        ("علي", "علی"),  # Arabic yeh
        ("موسى", "موسی"),  # alef maksura
        ("كتاب", "کتاب"),  # Arabic kaf
        ("اصفهـــان", "اصفهان"),  # tatweel
        ("كِتابٌ", "کتاب"),  # kasra, dammatan
        ("محمّد", "محمد"),  # shadda
        ("\ufeffسلام", "سلام"),  # BOM
        ("\u200fسلام\u200e", "سلام"),  # RLM, LRM
        ("کد \u2067ABC-12\u2069", "کد ABC-12"),  # isolates
        ("\u202bمتن\u202c", "متن"),  # embedding
    ],
)
def test_normalize_persian_maps_and_strips(given_text: str, expected: str) -> None:
    assert normalize_persian(given_text) == expected


def test_normalize_persian_keeps_letters_built_with_madda_and_hamza() -> None:
    assert normalize_persian("آب مسئله خانهٔ") == "آب مسئله خانهٔ"


def test_normalize_persian_composes_decomposed_hamza_on_arabic_yeh() -> None:
    # ي + hamza above is canonically ئ; composing happens before ي becomes ی.
    assert normalize_persian("مسي\u0654له") == "مسئله"


def test_normalize_persian_composes_hamza_on_persian_yeh_too() -> None:
    assert normalize_persian("مسی\u0654له") == "مسئله"
    assert search_key("مسی\u0654له") == search_key("مسي\u0654له")


def test_normalize_persian_keeps_zwnj() -> None:
    assert normalize_persian("می\u200cروم") == "می\u200cروم"


def test_normalize_persian_collapses_repeated_zwnj_and_drops_it_beside_spaces() -> None:
    assert normalize_persian("می\u200c\u200cروم") == "می\u200cروم"
    assert normalize_persian("کتاب\u200c ها") == "کتاب ها"
    assert normalize_persian("\u200cسلام\u200c") == "سلام"


def test_normalize_persian_collapses_whitespace_within_lines() -> None:
    assert normalize_persian("  شهرداری \t\u00a0 اصفهان  ") == "شهرداری اصفهان"


def test_normalize_persian_keeps_paragraphs_but_not_runs_of_blank_lines() -> None:
    text = "\n\nبند اول  \r\n\r\n\r\n  بند دوم\nادامه\n\n"
    assert normalize_persian(text) == "بند اول\n\nبند دوم\nادامه"


def test_normalize_persian_leaves_digits_as_typed() -> None:
    assert normalize_persian("پلاک ۷۲") == "پلاک ۷۲"


def test_strip_invisible_keeps_zwnj_and_zwj() -> None:
    assert strip_invisible("\u200eمی\u200cرو\u200dم\ufeff") == "می\u200cرو\u200dم"


@given(persianish_text)
def test_normalize_persian_is_idempotent(s: str) -> None:
    once = normalize_persian(s)
    assert normalize_persian(once) == once


@given(persianish_text)
def test_normalize_persian_output_has_no_arabic_variants_or_invisible_marks(s: str) -> None:
    assert not set(normalize_persian(s)) & set("يىك\u0640" + HARAKAT + BIDI_AND_BOM)


@given(persianish_text)
def test_normalize_persian_lines_are_trimmed_and_single_spaced(s: str) -> None:
    for line in normalize_persian(s).split("\n"):
        assert line == line.strip() == line.strip(ZWNJ)
        assert "  " not in line
        assert ZWNJ * 2 not in line


# --- search_key ----------------------------------------------------------------------------


def test_search_key_matches_spelling_variants() -> None:
    assert search_key("علي كاظمي") == search_key("علی کاظمی")
    assert search_key("نیم\u200cفاصله") == search_key("نیمفاصله") == "نیمفاصله"
    assert search_key("رو\u200dز") == "روز"


def test_search_key_normalises_digits_case_and_spaces() -> None:
    assert search_key("  پلاک  ۷۲\n\nABC ") == "پلاک 72 abc"
    assert search_key("STRASSE") == search_key("straße")


@given(persianish_text)
def test_search_key_is_idempotent(s: str) -> None:
    once = search_key(s)
    assert search_key(once) == once


@given(persianish_text)
def test_search_key_has_no_zero_width_joiners_or_foreign_digits(s: str) -> None:
    key = search_key(s)
    assert not set(key) & {ZWNJ, ZWJ, *PERSIAN, *ARABIC_INDIC}
    assert key == key.strip()
    assert "  " not in key


@given(persianish_text)
def test_search_key_ignores_arabic_letter_variants(s: str) -> None:
    arabic = s.replace("ی", "ي").replace("ک", "ك")
    assert search_key(arabic) == search_key(s)
