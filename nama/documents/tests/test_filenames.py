"""File names are kept as their last path part, cleaned, with Persian intact."""

from __future__ import annotations

import pytest

from nama.documents.validation.names import extension_of, normalise_filename


@pytest.mark.parametrize(
    ("raw", "kept"),
    [
        ("سند مالکیت.pdf", "سند مالکیت.pdf"),
        ("/home/user/docs/deed.PDF", "deed.pdf"),
        ("C:\\Users\\me\\Desktop\\نقشه.DWG", "نقشه.dwg"),
        ("../../../etc/passwd", "passwd"),
        ("كارت ملي.jpg", "کارت ملی.jpg"),  # Arabic kaf and yeh become Persian
        ("نیم\u200cفاصله.png", "نیم\u200cفاصله.png"),  # the ZWNJ stays
        ("photo\u202egpj.exe", "photogpj.exe"),  # the right-to-left override is dropped
        ("a\x00b\r\n.pdf", "ab.pdf"),
        (".htaccess", "htaccess"),
        ("  deed .pdf  ", "deed.pdf"),
        ("", "document"),
        ("....pdf", "pdf"),
        ("x" * 300 + ".pdf", "x" * 120 + ".pdf"),
    ],
)
def test_names_are_normalised(raw: str, kept: str) -> None:
    assert normalise_filename(raw) == kept


@pytest.mark.parametrize(
    ("name", "extension"),
    [("a.PDF", "pdf"), ("a.tar.gz", "gz"), ("pdf", ""), (".pdf", ""), ("a.", "")],
)
def test_the_extension_is_the_last_suffix(name: str, extension: str) -> None:
    assert extension_of(name) == extension
