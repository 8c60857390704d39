"""Content checks per format: what is accepted, what is refused, and the rule each refusal names."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from PIL import Image
from pypdf import PdfReader
from pytest_django.fixtures import Settings

from nama.documents.tests import samples
from nama.documents.tests.conftest import DEED, DRAWINGS, PHOTOS
from nama.documents.validation import CheckedFile, Slot, check_file
from nama.documents.validation import pdf as pdf_rules
from nama.documents.validation.images import MAX_PIXELS


def refused(data: bytes, name: str, slot: Slot = DEED) -> ValidationError:
    with pytest.raises(ValidationError) as caught:
        check_file(data, filename=name, slot=slot)
    message = caught.value.messages[0]
    assert any("\u0600" <= char <= "\u06ff" for char in message), message  # Persian
    return caught.value


# --- accepted ----------------------------------------------------------------------------------


def test_a_pdf_is_accepted_and_kept_byte_for_byte() -> None:
    data = samples.pdf(pages=2)
    checked = check_file(data, filename="deed.pdf", slot=DEED)
    assert checked.content == data
    assert checked.rule.content_type == "application/pdf"


def test_a_pdf_locked_only_by_its_owner_password_is_accepted() -> None:
    data = samples.pdf_encrypted(user_password="")
    assert check_file(data, filename="deed.pdf", slot=DEED).content == data


def test_a_jpeg_is_re_encoded_without_exif_or_gps() -> None:
    data = samples.jpeg(gps=True)
    assert b"NamaTestCam" in data
    assert Image.open(io.BytesIO(data)).getexif().get_ifd(samples.GPS_IFD)

    checked = check_file(data, filename="photo.JPEG", slot=DEED)

    stored = Image.open(io.BytesIO(checked.content))
    assert stored.format == "JPEG"
    assert stored.size == (40, 20)
    assert not stored.getexif()
    assert "exif" not in stored.info
    assert b"Exif" not in checked.content
    assert b"NamaTestCam" not in checked.content


def test_a_jpeg_is_turned_upright_by_its_orientation_tag() -> None:
    data = samples.jpeg(size=(40, 20), orientation=6)  # "rotate 90° clockwise to view"
    stored = Image.open(io.BytesIO(check_file(data, filename="a.jpg", slot=DEED).content))
    assert stored.size == (20, 40)
    assert not stored.getexif()


def test_a_png_is_re_encoded_without_text_chunks() -> None:
    data = samples.png(with_text=True)
    assert b"GPS 32.65" in data
    checked = check_file(data, filename="plan.png", slot=DEED)
    stored = Image.open(io.BytesIO(checked.content))
    assert (stored.format, stored.mode, stored.size) == ("PNG", "RGBA", (30, 20))
    assert b"GPS 32.65" not in checked.content
    assert stored.info == {}


def test_re_encoding_is_deterministic_so_duplicates_can_be_found() -> None:
    data = samples.jpeg(gps=True)
    first = check_file(data, filename="a.jpg", slot=DEED).content
    assert check_file(data, filename="b.jpg", slot=DEED).content == first


@pytest.mark.parametrize("version", [b"AC1015", b"AC1018", b"AC1032"])
def test_a_dwg_with_a_known_version_is_accepted_as_sent(version: bytes) -> None:
    data = samples.dwg(version)
    checked = check_file(data, filename="plan.dwg", slot=DRAWINGS)
    assert checked.content == data
    assert checked.rule.disposition == "attachment"


# --- refused: what the file is ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (samples.windows_executable(), "executable"),
        (samples.elf_executable(), "executable"),
        (samples.shell_script(), "executable"),
        (samples.html_page(), "markup"),
        (samples.svg_image(), "markup"),
        (samples.zip_archive(), "archive"),
    ],
    ids=["exe", "elf", "script", "html", "svg", "zip"],
)
@pytest.mark.parametrize("name", ["deed.pdf", "deed.png", "deed.jpg"])
def test_programs_pages_and_archives_are_refused_whatever_their_name(
    data: bytes, code: str, name: str
) -> None:
    assert refused(data, name).code == code


def test_html_named_png_is_refused_as_markup() -> None:
    error = refused(b"<html><body onload=alert(1)></body></html>", "photo.png", PHOTOS)
    assert error.code == "markup"


def test_a_jpeg_named_png_is_refused_because_the_content_does_not_match() -> None:
    error = refused(samples.jpeg(), "photo.png")
    assert error.code == "magic_mismatch"
    assert "PNG" in error.messages[0]


def test_random_bytes_named_pdf_are_refused() -> None:
    assert refused(b"just some text, not a pdf at all", "deed.pdf").code == "magic_mismatch"


def test_an_empty_file_is_refused() -> None:
    assert refused(b"", "deed.pdf").code == "empty_file"


# --- refused: the slot's rules -----------------------------------------------------------------


def test_a_format_the_slot_does_not_allow_is_refused() -> None:
    error = refused(samples.dwg(), "plan.dwg", DEED)
    assert error.code == "format_not_allowed"
    assert "سند مالکیت" in error.messages[0]
    assert "PDF، JPG، PNG" in error.messages[0]


@pytest.mark.parametrize("name", ["deed", "deed.exe", "deed.pdf.exe", "deed.svg"])
def test_an_extension_the_slot_does_not_allow_is_refused(name: str) -> None:
    assert refused(samples.pdf(), name).code == "format_not_allowed"


def test_a_file_over_the_slot_limit_is_refused() -> None:
    small_slot = Slot(type="deed", formats=["pdf"], max_size_mb=1)
    data = samples.pdf() + b" " * (1024 * 1024)
    error = refused(data, "deed.pdf", small_slot)
    assert error.code == "too_large"
    assert "۱ مگابایت" in error.messages[0]


def test_the_global_cap_wins_over_a_larger_slot_limit(settings: Settings) -> None:
    settings.NAMA_MAX_UPLOAD_MB = 1
    data = samples.pdf() + b"\n" * (1024 * 1024)
    assert refused(data, "plan.pdf", DRAWINGS).code == "too_large"


# --- refused: polyglots and trailing data ------------------------------------------------------


def test_a_jpeg_with_a_zip_appended_is_refused() -> None:
    assert refused(samples.jpeg() + samples.zip_archive(), "photo.jpg").code == "polyglot"


def test_a_pdf_with_a_zip_appended_is_refused() -> None:
    assert refused(samples.pdf() + samples.zip_archive(), "deed.pdf").code == "polyglot"


def test_a_pdf_hiding_a_zip_before_its_end_marker_is_refused() -> None:
    data = samples.pdf()
    body, _, _ = data.rpartition(b"%%EOF")
    hidden = body + b"%" + samples.zip_archive() + b"\n%%EOF\n"
    assert refused(hidden, "deed.pdf").code == "polyglot"


def test_a_png_with_a_zip_appended_is_refused() -> None:
    assert refused(samples.png() + samples.zip_archive(), "plan.png").code == "polyglot"


def test_a_png_with_anything_after_its_end_is_refused() -> None:
    assert refused(samples.png() + b"<script>", "plan.png").code == "trailing_data"


def test_a_pdf_with_data_after_its_end_marker_is_refused() -> None:
    assert refused(samples.pdf() + b"<html>", "deed.pdf").code == "trailing_data"


def test_a_pdf_with_whitespace_after_its_end_marker_is_accepted() -> None:
    data = samples.pdf() + b"\r\n\x00\n"
    assert isinstance(check_file(data, filename="deed.pdf", slot=DEED), CheckedFile)


# --- refused: PDF rules -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("make", "code"),
    [
        (samples.pdf_with_javascript, "pdf_javascript"),
        (samples.pdf_with_open_action_javascript, "pdf_javascript"),
        (samples.pdf_with_launch_action, "pdf_launch"),
        (samples.pdf_with_attachment, "pdf_embedded_file"),
    ],
    ids=["names-javascript", "open-action-javascript", "launch", "embedded-file"],
)
def test_a_pdf_with_active_content_is_refused(make: object, code: str) -> None:
    assert callable(make)
    assert refused(make(), "deed.pdf").code == code


def test_a_pdf_locked_with_a_password_is_refused() -> None:
    error = refused(samples.pdf_encrypted(user_password="s3cret"), "deed.pdf")
    assert error.code == "pdf_encrypted"
    assert "گذرواژه" in error.messages[0]


def test_a_broken_pdf_is_refused() -> None:
    assert refused(b"%PDF-1.7\nthis is not a pdf\n%%EOF\n", "deed.pdf").code == "damaged"


def test_a_pdf_without_an_end_marker_is_refused() -> None:
    data = samples.pdf().rpartition(b"%%EOF")[0]
    assert refused(data, "deed.pdf").code == "damaged"


def test_a_pdf_with_too_many_pages_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pdf_rules, "MAX_PAGES", 3)
    error = refused(samples.pdf(pages=4), "deed.pdf")
    assert error.code == "pdf_too_many_pages"
    assert "۴" in error.messages[0]


def test_a_pdf_listing_too_many_objects_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pdf_rules, "MAX_OBJECTS", 5)
    assert refused(samples.pdf(pages=3), "deed.pdf").code == "pdf_too_complex"


def test_a_pdf_nesting_too_many_objects_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    data = samples.pdf(pages=3)
    reader = PdfReader(io.BytesIO(data))
    listed = sum(map(len, reader.xref.values())) + len(reader.xref_objStm)
    monkeypatch.setattr(pdf_rules, "MAX_OBJECTS", listed)  # the walk also visits direct objects
    assert refused(data, "deed.pdf").code == "pdf_too_complex"


# --- refused: image rules ---------------------------------------------------------------------


def test_a_png_declaring_more_pixels_than_the_cap_is_refused_before_decoding() -> None:
    side = int(MAX_PIXELS**0.5) + 10
    error = refused(samples.png_declaring(side, side), "bomb.png")
    assert error.code == "image_too_many_pixels"


def test_a_decompression_bomb_pillow_itself_flags_is_refused() -> None:
    error = refused(samples.png_declaring(100_000, 100_000), "bomb.png")
    assert error.code == "image_too_many_pixels"


def test_a_truncated_jpeg_is_refused() -> None:
    data = samples.jpeg()
    assert refused(data[: len(data) // 2], "photo.jpg").code == "damaged"


def test_a_png_with_a_bad_checksum_is_refused() -> None:
    data = bytearray(samples.png())
    data[30] ^= 0xFF  # inside the IHDR chunk: its CRC no longer matches
    assert refused(bytes(data), "plan.png").code == "damaged"


# --- refused: DWG rules -----------------------------------------------------------------------


def test_a_dwg_of_an_unknown_version_is_refused() -> None:
    assert refused(samples.dwg(b"AC1099"), "plan.dwg", DRAWINGS).code == "dwg_version"


def test_a_dwg_shorter_than_a_header_is_refused() -> None:
    assert refused(samples.dwg(size=64), "plan.dwg", DRAWINGS).code == "damaged"


# --- image structure and modes ------------------------------------------------------------------


def _jpeg(mode: str = "RGB", **options: object) -> bytes:
    out = io.BytesIO()
    Image.effect_noise((64, 48), 50).convert(mode).save(out, "JPEG", **options)
    return out.getvalue()


@pytest.mark.parametrize(
    "options",
    [{"progressive": True}, {"restart_marker_blocks": 1}, {"optimize": True}],
    ids=["progressive", "restart-markers", "optimized"],
)
def test_jpeg_variants_are_accepted(options: dict[str, Any]) -> None:
    data = _jpeg(**options)
    stored = Image.open(io.BytesIO(check_file(data, filename="a.jpg", slot=DEED).content))
    assert stored.size == (64, 48)


def test_a_cmyk_jpeg_is_stored_as_rgb() -> None:
    stored = check_file(_jpeg("CMYK"), filename="scan.jpg", slot=DEED).content
    assert Image.open(io.BytesIO(stored)).mode == "RGB"


def test_fill_bytes_between_jpeg_markers_are_allowed() -> None:
    data = _jpeg()
    padded = data[:2] + b"\xff\xff" + data[2:]  # FF fill bytes before the first marker's FF
    assert check_file(padded, filename="a.jpg", slot=DEED).content


def _second_marker(data: bytes) -> int:
    """Where the segment after the first one (APP0) starts."""
    return 4 + int.from_bytes(data[4:6], "big")


@pytest.mark.parametrize(
    "damage",
    [
        lambda data: data[: _second_marker(data)] + b"\x00" + data[_second_marker(data) + 1 :],
        lambda data: data[:6],  # cut inside the first segment's length
        lambda data: data[:4] + b"\x00\x01" + data[6:],  # a segment length below 2
        lambda data: data.rpartition(b"\xff\xd9")[0],  # no end of image
    ],
    ids=["no-marker", "cut-length", "short-length", "no-eoi"],
)
def test_a_jpeg_with_a_broken_structure_is_refused(damage: object) -> None:
    assert callable(damage)
    assert refused(damage(_jpeg()), "a.jpg").code == "damaged"


def test_a_palette_png_keeps_its_transparency() -> None:
    out = io.BytesIO()
    Image.new("P", (8, 8)).save(out, "PNG", transparency=0)
    stored = Image.open(io.BytesIO(check_file(out.getvalue(), filename="a.png", slot=DEED).content))
    assert (stored.mode, stored.info) == ("P", {"transparency": 0})


def test_a_png_cut_short_is_refused() -> None:
    data = samples.png()
    assert refused(data[:-20], "plan.png").code == "damaged"
