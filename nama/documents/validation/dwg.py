"""DWG (AutoCAD drawings): the version in the header and the size — nothing more.

DWG is a closed binary format with no maintained Python reader, so its content cannot be
verified here: a file that starts with a known version string is accepted as a drawing. The
other safeguards still apply: no executable, markup or archive header, no ZIP directory in its
tail, the size limits, the virus scan when configured; and it is only ever served as a download
(``Content-Disposition: attachment``), never shown in the browser.
"""

from __future__ import annotations

from nama.documents.validation.common import refuse

MAGIC = (b"AC10",)
# The version string of the first six bytes → the AutoCAD release that writes it.
VERSIONS = {
    b"AC1009": "R11/R12",
    b"AC1012": "R13",
    b"AC1014": "R14",
    b"AC1015": "2000",
    b"AC1018": "2004",
    b"AC1021": "2007",
    b"AC1024": "2010",
    b"AC1027": "2013",
    b"AC1032": "2018",
}
# The fixed file header alone is 0x80 bytes in every version since R2004, and a real drawing
# is far larger; anything shorter is not a drawing.
MIN_BYTES = 256


def check_dwg(data: bytes) -> bytes:
    """Return ``data`` unchanged when its header names a known DWG version; refuse otherwise."""
    if data[:6] not in VERSIONS:
        refuse(
            "dwg_version",
            "نسخهٔ این فایل DWG شناخته نیست؛ نقشه را در اتوکد با یکی از قالب‌های DWG نسخهٔ R12 "
            "تا ۲۰۱۸ (که نسخه‌های تازه‌تر هم همان را می‌نویسند) ذخیره کنید.",
        )
    if len(data) < MIN_BYTES:
        refuse("damaged", "فایل DWG ناقص یا خراب است؛ آن را دوباره ذخیره و بارگذاری کنید.")
    return data
