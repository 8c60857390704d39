"""Our order numbers (Saman ResNum, ZarinPal order_id): unguessable, short, letters and digits."""

from __future__ import annotations

import re
import secrets
from typing import Final

ORDER_ALPHABET: Final = "0123456789ABCDEFGHJKLMNPQRSTUVWXYZ"  # no I or O beside 1 and 0
ORDER_LENGTH: Final = 20  # 20 symbols of 34: about 101 random bits
ORDER_ID = re.compile(rf"[{ORDER_ALPHABET}]{{{ORDER_LENGTH}}}", re.ASCII)


def new_order_id() -> str:
    return "".join(secrets.choice(ORDER_ALPHABET) for _ in range(ORDER_LENGTH))


def is_order_id(value: str) -> bool:
    return ORDER_ID.fullmatch(value) is not None
