"""The import report: counts, repaired rows and every rejected row with its reason."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from nama.core.text import to_persian_digits


@dataclass(frozen=True, slots=True)
class RejectedRow:
    """One rejected row: its number (from 1 in file order), the key it gave (renewal code or
    street-line id), a stable code and a Persian reason; ``line`` is the CSV line."""

    row: int
    key: str
    code: str
    reason: str
    line: int | None = None


@dataclass
class ImportReport:
    kind: str
    file: str
    crs: str
    total: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    repaired: list[int] = field(default_factory=list)
    rejected: list[RejectedRow] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    seconds: float = 0.0

    def reject(self, row: int, key: str, code: str, reason: str, line: int | None = None) -> None:
        self.rejected.append(RejectedRow(row, key, code, reason, line))

    @property
    def applied(self) -> int:
        return self.created + self.updated + self.unchanged

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["applied"] = self.applied
        return data

    def lines(self) -> list[str]:
        """The report as text lines for the console (Persian, with Persian digits)."""
        rate = f"{self.total / self.seconds:,.0f}" if self.seconds else "-"
        head = [
            f"ورود {self.kind} از {self.file} (سامانه مختصات {self.crs})",
            f"ردیف‌ها: {self.total} — جدید {self.created}، به‌روز {self.updated}، "
            f"بی‌تغییر {self.unchanged}، ترمیم‌شده {len(self.repaired)}، رد‌شده {len(self.rejected)}",
            f"زمان: {self.seconds:.1f} ثانیه ({rate} ردیف در ثانیه)",
        ]
        body = [
            f"  ردیف {r.row}"
            + (f" (خط {r.line})" if r.line else "")
            + (f" [{r.key}]" if r.key else "")
            + f": {r.reason} ({r.code})"
            for r in self.rejected
        ]
        return [to_persian_digits(line) for line in head] + body + self.warnings
