"""Decode an image under a pixel cap and re-encode it: only pixels survive.

The stored bytes are Pillow's fresh encoding of the decoded pixels, with the EXIF orientation
applied and no metadata at all (no EXIF — so no GPS position, camera or date —, no XMP, ICC
profile, text chunks or comments). Whatever else the sent file carried (appended data, a
second image, a hidden archive) is gone.

``MAX_PIXELS`` bounds memory: an image declaring more pixels is refused before any pixel is
decoded (a "decompression bomb": a small file that unpacks to gigabytes). Pillow's own guard
(``Image.MAX_IMAGE_PIXELS``, a process-wide setting we leave alone) is turned from a warning
into a refusal too.
"""

from __future__ import annotations

import io
import logging
import warnings
from typing import Literal, NoReturn

from django.core.exceptions import ValidationError
from PIL import Image, ImageOps

from nama.core.text import to_persian_digits
from nama.documents.validation.common import refuse, refuse_damaged

# 50 megapixels (e.g. 8660 × 5773): above any phone camera's normal output and a 600-dpi A3
# scan; decoded as RGB about 150 MB.
MAX_PIXELS = 50_000_000
JPEG_QUALITY = 90

PillowFormat = Literal["JPEG", "PNG"]
_LABELS: dict[PillowFormat, str] = {"JPEG": "JPG", "PNG": "PNG"}
# Modes each encoder writes as they are; others are converted to RGB (or RGBA for PNG).
_KEPT_MODES: dict[PillowFormat, frozenset[str]] = {
    "JPEG": frozenset({"L", "RGB"}),
    "PNG": frozenset({"1", "L", "LA", "P", "RGB", "RGBA", "I", "I;16"}),
}

logger = logging.getLogger(__name__)


def reencode(data: bytes, kind: PillowFormat) -> bytes:
    """Decode ``data`` as ``kind`` and return it freshly encoded without metadata."""
    label = _LABELS[kind]
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            with Image.open(io.BytesIO(data), formats=[kind]) as image:
                _check_pixels(image.width, image.height)
                image.load()
                upright = ImageOps.exif_transpose(image)
                return _encode(upright, kind)
        except ValidationError:
            raise
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            _refuse_bomb()
        # Decoders fed hostile input fail in many ways; each means "not an image we can read".
        except Exception as error:  # noqa: BLE001
            logger.info("%s refused as undecodable: %r", label, error)
            refuse_damaged(label)


def _check_pixels(width: int, height: int) -> None:
    if width * height > MAX_PIXELS:
        _refuse_bomb()


def _refuse_bomb() -> NoReturn:
    megapixels = to_persian_digits(str(MAX_PIXELS // 1_000_000))
    refuse(
        "image_too_many_pixels",
        f"ابعاد این تصویر بیش از اندازه بزرگ است (بیش از {megapixels} مگاپیکسل)؛ "
        "تصویر را کوچک‌تر کنید و دوباره بارگذاری کنید.",
    )


def _encode(image: Image.Image, kind: PillowFormat) -> bytes:
    transparency = image.info.get("transparency") if kind == "PNG" else None
    if image.mode not in _KEPT_MODES[kind]:
        has_alpha = kind == "PNG" and ("A" in image.mode or transparency is not None)
        image = image.convert("RGBA" if has_alpha else "RGB")
        transparency = None
    # A clean slate: Pillow writes some entries of ``info`` (the ICC profile of a PNG) itself.
    image.info = {} if transparency is None else {"transparency": transparency}
    out = io.BytesIO()
    if kind == "JPEG":
        image.save(out, "JPEG", quality=JPEG_QUALITY)
    else:
        image.save(out, "PNG")
    return out.getvalue()
