"""ROC (民國) dates: parse what clerks type, print what readers expect.

Year N ROC = N + 1911. Accepted: 111年8月1日, 民國111年8月1日, 111.08.01, 111/8/1, 111-8-1,
2022-08-01, each optionally followed by a stated weekday: （一） (一) (星期一) (週一).
The stated weekday is kept, not trusted: plan checks compare it with the real one.
"""
from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass

WEEKDAYS = "一二三四五六日"
_WEEKDAY_WORDS = {**{c: i for i, c in enumerate(WEEKDAYS)}, "天": 6}

_DATE_RE = re.compile(
    r"""^\s*(?:民國\s*)?
    (?:(?P<y>\d{1,4})\s*年\s*(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*日?
      |(?P<y2>\d{1,4})\s*(?P<sep>[./-])\s*(?P<m2>\d{1,2})\s*(?P=sep)\s*(?P<d2>\d{1,2}))
    \s*(?:[（(]\s*(?:星期|週|周|禮拜)?\s*(?P<w>[一二三四五六日天])\s*[）)])?\s*$""",
    re.X,
)


class DateParseError(ValueError):
    def __init__(self, rule: str, message: str):
        super().__init__(message)
        self.rule = rule


@dataclass(frozen=True)
class RocDate:
    """A calendar date plus the weekday the author wrote next to it (if any)."""

    date: _dt.date
    stated_weekday: int | None = None  # 0 = Monday, as datetime.weekday()
    text: str = ""

    @property
    def roc_year(self) -> int:
        return self.date.year - 1911

    @property
    def weekday_ok(self) -> bool:
        return self.stated_weekday is None or self.stated_weekday == self.date.weekday()

    def __str__(self) -> str:
        return format_roc(self.date)

    def __lt__(self, other: "RocDate") -> bool:
        return self.date < other.date

    def __le__(self, other: "RocDate") -> bool:
        return self.date <= other.date


def parse_roc_date(text: str) -> RocDate:
    if isinstance(text, _dt.date):
        return RocDate(text, None, text.isoformat())
    s = str(text).strip()
    m = _DATE_RE.match(s)
    if not m:
        raise DateParseError("date.format",
                             f"「{s}」不是可辨識的日期，請寫成 111年8月1日、111.08.01 或 2022-08-01。")
    y = int(m["y"] or m["y2"])
    mo = int(m["m"] or m["m2"])
    d = int(m["d"] or m["d2"])
    if y < 1000:
        if y < 1:
            raise DateParseError("date.format", f"「{s}」的年份不正確。")
        y += 1911
    elif y < 1912:
        raise DateParseError("date.format", f"「{s}」的年份不正確（西元年請寫四位數，民國年請寫三位數以內）。")
    try:
        date = _dt.date(y, mo, d)
    except ValueError:
        raise DateParseError("date.impossible", f"日期「{s}」不存在（{y - 1911}年{mo}月沒有{d}日）。"
                             if 1 <= mo <= 12 else f"日期「{s}」的月份不存在。")
    w = m["w"]
    return RocDate(date, _WEEKDAY_WORDS[w] if w else None, s)


def format_roc(date: _dt.date, weekday: bool = True) -> str:
    """111年8月1日（一）"""
    s = f"{date.year - 1911}年{date.month}月{date.day}日"
    return s + f"（{WEEKDAYS[date.weekday()]}）" if weekday else s


def weekday_zh(date: _dt.date) -> str:
    return WEEKDAYS[date.weekday()]


_TIME_RE = re.compile(r"^\s*(\d{1,2})\s*[:：]\s*(\d{2})\s*$")


_ZH_TIME_RE = re.compile(r"^\s*(上午|中午|下午|晚上)?\s*(\d{1,2})\s*[時点點]\s*(?:(\d{1,2})\s*分)?\s*(?:整)?\s*$")


def parse_time(text: str) -> _dt.time:
    """13:30, or as plans write it: 下午12時 (noon), 下午5時30分, 上午9時."""
    m = _TIME_RE.match(str(text))
    if m and int(m[1]) <= 23 and int(m[2]) <= 59:
        return _dt.time(int(m[1]), int(m[2]))
    z = _ZH_TIME_RE.match(str(text))
    if z:
        hour, minute = int(z[2]), int(z[3] or 0)
        twelve = z[1] is not None  # 上午/下午 count 1–12
        if z[1] in ("下午", "晚上") and hour < 12:
            hour += 12
        if (not twelve or int(z[2]) <= 12) and hour <= 23 and minute <= 59:
            return _dt.time(hour, minute)
    raise DateParseError("time.format", f"「{text}」不是正確的時間，請寫成 24 小時制，例如 13:30（或「下午5時30分」）。")


def academic_year_bounds(year: int) -> tuple[_dt.date, _dt.date]:
    """Academic year N runs 1 Aug N+1911 to 31 Jul N+1912."""
    return _dt.date(year + 1911, 8, 1), _dt.date(year + 1912, 7, 31)


_SHIFT_RE = re.compile(
    r"(?P<roc>(?<!\d)(?P<y>\d{2,3})年(?P<m>\d{1,2})月(?P<d>\d{1,2})日"
    r"(?P<w>\s*[（(](?P<wp>星期|週)?[一二三四五六日天][)）])?)"
    r"|(?P<iso>(?<!\d)(?P<iy>\d{4})-(?P<im>\d{2})-(?P<id>\d{2})(?!\d))"
    r"|(?P<dot>(?<![\d.])(?P<dy>\d{2,3})\.(?P<dm>\d{2})\.(?P<dd>\d{2})(?![\d.]))"
    r"|(?P<ym>(?<!\d)(?P<yy>\d{2,3})年(?P<ymm>\d{1,2})月(?!\d{1,2}日))"
    r"|(?P<yl>(?<!\d)(?P<ly>\d{2,3})(?P<lk>學年度|年度))")


def move_years(day: _dt.date, years: int) -> _dt.date:
    """The same month and day `years` later (29 February becomes the 28th in a common year)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def _moved(year: int, month: int, day: int, years: int) -> _dt.date:
    return move_years(_dt.date(year, month, day), years)


def shift_years(text: str, years: int) -> tuple[str, int]:
    """`text` with every date and year reference moved by `years`, as a plan writes them
    (111年3月30日(三), 111.03.30, 2022-03-30, 111年6月, 111學年度): a weekday written beside a
    date is worked out again for the new date, in the same style. Returns (text, dates moved)."""
    moved = 0

    def repl(m: re.Match) -> str:
        nonlocal moved
        if m["roc"]:
            new = _moved(int(m["y"]) + 1911, int(m["m"]), int(m["d"]), years)
            moved += 1
            out = f"{new.year - 1911}年{new.month}月{new.day}日"
            if m["w"]:
                w = m["w"]
                opening, closing = ("(", ")") if "(" in w else ("（", "）")
                out += w[:len(w) - len(w.lstrip())] + f"{opening}{m['wp'] or ''}{WEEKDAYS[new.weekday()]}{closing}"
            return out
        if m["iso"]:
            moved += 1
            return _moved(int(m["iy"]), int(m["im"]), int(m["id"]), years).isoformat()
        if m["dot"]:
            moved += 1
            new = _moved(int(m["dy"]) + 1911, int(m["dm"]), int(m["dd"]), years)
            return f"{new.year - 1911}.{new.month:02d}.{new.day:02d}"
        if m["ym"]:
            return f"{int(m['yy']) + years}年{m['ymm']}月"
        return f"{int(m['ly']) + years}{m['lk']}"

    return _SHIFT_RE.sub(repl, text), moved
