"""National standards with effective dates (NHI premium, lecturer fees, attendance fee cap).

Plans and budget lines are checked against the table *in force on the relevant date*, so a
109 plan is held to 1.91 % and a 111 plan to 2.11 %.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from importlib import resources

import yaml


@dataclass(frozen=True)
class LecturerTable:
    start: dt.date
    unit: str  # "period" (50 min) or "hour"
    unit_zh: str
    rates: dict  # kind -> amount

    def rate(self, kind: str, assistant: bool = False) -> int | None:
        """The table's rate for a lecturer kind (None where the table has none)."""
        r = self.rates.get(kind)
        if r is None:
            return None
        return r // 2 if assistant else r

    def payable_units(self, minutes: int) -> Decimal:
        """Fee units a meeting of `minutes` can pay.

        Per period: 50 minutes is one period, two consecutive periods are 90 minutes (45 each
        after the first pair); a remainder shorter than a period is paid at half.
        Per hour: whole hours, a remaining half hour or more at half.
        """
        if minutes <= 0:
            return Decimal(0)
        if self.unit == "hour":
            full, rest = divmod(minutes, 60)
            return Decimal(full) + (Decimal("0.5") if rest >= 30 else 0)
        if minutes < 50:
            return Decimal("0.5")
        if minutes < 90:
            return Decimal(1) + (Decimal("0.5") if minutes - 50 >= 25 else 0)
        full, rest = divmod(minutes, 45)
        return Decimal(full) + (Decimal("0.5") if rest >= 25 else 0)


@dataclass(frozen=True)
class Standards:
    nhi: tuple  # ((date, Decimal percent), ...)
    lecturer: tuple  # (LecturerTable, ...)
    attendance: tuple  # ((date, amount), ...)

    @staticmethod
    def _in_force(rows, on: dt.date):
        current = None
        for row in rows:
            start = row[0] if isinstance(row, tuple) else row.start
            if start <= on:
                current = row
        if current is None:
            raise LookupError(f"no national standard in force on {on}")
        return current

    def nhi_percent(self, on: dt.date) -> Decimal:
        return self._in_force(self.nhi, on)[1]

    def lecturer_table(self, on: dt.date) -> LecturerTable:
        return self._in_force(self.lecturer, on)

    def attendance_max(self, on: dt.date) -> int:
        return self._in_force(self.attendance, on)[1]


def _d(v) -> dt.date:
    return v if isinstance(v, dt.date) else dt.date.fromisoformat(str(v))


@lru_cache(maxsize=1)
def load_standards() -> Standards:
    raw = yaml.safe_load(resources.files(__package__).joinpath("national.yaml").read_text("utf-8"))
    nhi = tuple(sorted((_d(r["from"]), Decimal(str(r["percent"]))) for r in raw["nhi_supplementary_premium"]))
    lect = tuple(sorted(
        (LecturerTable(_d(r["from"]), r["unit"], r["unit_zh"],
                       {k: int(r[k]) for k in ("external", "affiliated", "internal") if k in r})
         for r in raw["lecturer_fee"]), key=lambda t: t.start))
    att = tuple(sorted((_d(r["from"]), int(r["amount"])) for r in raw["attendance_fee_max"]))
    return Standards(nhi, lect, att)


MOE_TABLES = {"moe-common.txt": "常用國字標準字體表", "moe-less-common.txt": "次常用國字標準字體表"}


@lru_cache(maxsize=1)
def moe_tables() -> dict[str, str]:
    """{table name: its characters in table order}: the Ministry of Education's 常用 (4,808) and
    次常用 (6,343) standard-character tables, the characters a clerk may type in a name and that
    every form must draw. Eleven of them lie outside Big5 (彞 叄 㚷 嬎 㮣 礴 …)."""
    tables = {}
    for file, name in MOE_TABLES.items():
        text = resources.files(__package__).joinpath(file).read_text("utf-8")
        tables[name] = "".join(line.strip() for line in text.splitlines() if not line.startswith("#"))
    return tables
