"""Money: whole New Taiwan dollars, `20,000元`, and the financial numerals of official totals.

No library writes the Traditional financial form (新臺幣壹萬零伍元整) correctly, so it lives here
with golden tests.
"""
from __future__ import annotations

import re
from decimal import ROUND_FLOOR, ROUND_HALF_UP, Decimal

DIGITS = "零壹貳參肆伍陸柒捌玖"
SMALL_UNITS = ("仟", "佰", "拾", "")  # also in the forms' calculation script (forms/acroform.calc_js)
BIG_UNITS = ("億", "萬", "")
MAX_AMOUNT = 10**12 - 1  # up to 9,999 億


class MoneyParseError(ValueError):
    def __init__(self, rule: str, message: str):
        super().__init__(message)
        self.rule = rule


_MONEY_RE = re.compile(r"^(?:NT\$|新臺幣|新台幣)?\s*(\d{1,3}(?:,\d{3})+|\d+)\s*元?$")


def parse_money(value) -> int:
    """Accept 20000, 20,000, 20,000元; reject fractions, negatives and words with a clear reason."""
    if isinstance(value, bool):
        raise MoneyParseError("money.invalid", "金額必須是整數元，例如 20000 或 20,000。")
    if isinstance(value, int):
        n = value
    else:
        s = str(value).strip()
        if re.match(r"^-\s*[\d,]", s):
            raise MoneyParseError("money.negative", f"金額「{s}」不可為負數。")
        if re.match(r"^[\d,]+\.\d*$", s.rstrip("元")):
            if re.match(r"^[\d,]+\.0*$", s.rstrip("元")):
                s = s.rstrip("元").split(".")[0]
            else:
                raise MoneyParseError("money.fractional", f"金額「{s}」有小數；新臺幣以整數元計，請四捨五入到元。")
        m = _MONEY_RE.match(s)
        if not m:
            raise MoneyParseError("money.invalid",
                                  f"「{s}」不是金額，請用阿拉伯數字寫整數元，例如 5000 或 5,000。")
        n = int(m[1].replace(",", ""))
    if n < 0:
        raise MoneyParseError("money.negative", f"金額 {n} 不可為負數。")
    if n > MAX_AMOUNT:
        raise MoneyParseError("money.too-large", f"金額 {n:,} 超過可處理的上限。")
    return n


def whole_dollars(amount) -> int:
    """An amount in whole dollars, .5 rounded up: every line total, fixed-% line and detail line uses
    this one rule (a spreadsheet's ROUND(x;0) does the same for positive amounts)."""
    return int(Decimal(amount).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def dollars_at_most(amount) -> int:
    """A cap in whole dollars: the fraction is dropped (ROUNDDOWN(x;0)), so a cap is never exceeded."""
    return int(Decimal(amount).to_integral_value(rounding=ROUND_FLOOR))


def format_money(n: int) -> str:
    """20000 -> 20,000元"""
    return f"{n:,}元"


def _group(n: int) -> str:
    """0 < n < 10000 in financial numerals, with 零 for inner gaps."""
    out, zero, started = "", False, False
    for d, unit in zip(f"{n:04d}", SMALL_UNITS):
        d = int(d)
        if d == 0:
            zero = zero or started
            continue
        if zero:
            out += "零"
            zero = False
        out += DIGITS[d] + unit
        started = True
    return out


def financial_numerals(n: int) -> str:
    """23400 -> 貳萬參仟肆佰; 10005 -> 壹萬零伍; 0 -> 零."""
    if not 0 <= n <= MAX_AMOUNT:
        raise ValueError(f"amount out of range: {n}")
    if n == 0:
        return "零"
    groups = (n // 10**8, n // 10**4 % 10**4, n % 10**4)
    out, gap = "", False
    for g, unit in zip(groups, BIG_UNITS):
        if g == 0:
            gap = gap or bool(out)
            continue
        if out and (gap or g < 1000):
            out += "零"
        out += _group(g) + unit
        gap = False
    return out


def amount_in_words(n: int) -> str:
    """23400 -> 新臺幣貳萬參仟肆佰元整"""
    return f"新臺幣{financial_numerals(n)}元整"
