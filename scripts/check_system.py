"""Say in one clear line which system library is missing, instead of a traceback later."""

from __future__ import annotations

import sys

DEBIAN_FIX = {
    "pango": "apt-get install -y libpango-1.0-0 libpangoft2-1.0-0",
}


def missing_pango() -> bool:
    try:
        import weasyprint  # noqa: F401
    except OSError:
        return True
    return False


def main() -> int:
    if missing_pango():
        print(
            "Missing system library Pango (needed for PDF certificates). "
            f"Install it with: sudo {DEBIAN_FIX['pango']}"
        )
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
