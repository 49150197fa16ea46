"""Value types shared by the models: dates, money, times, yes/no, percentages.

Each parser raises PydanticCustomError whose *type* is our rule id (date.impossible,
money.fractional, ...), so a bad value is reported under that rule at its exact location.
"""
from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal, InvalidOperation
from typing import Annotated, Any

from pydantic import BeforeValidator, ConfigDict, Field, PlainSerializer, WithJsonSchema
from pydantic import BaseModel as _BaseModel
from pydantic_core import PydanticCustomError

from plcpub.util.money import MoneyParseError, parse_money
from plcpub.util.rocdate import DateParseError, RocDate, parse_roc_date, parse_time


Clause = str | None  # where in the published plan a value comes from, e.g. "陸、一、(二)"
CLAUSE = Field(None, title="計畫條文（例如 陸、一、(二)）")


class Model(_BaseModel):
    """Base of every document model: unknown keys are errors (typos must not vanish)."""

    model_config = ConfigDict(extra="forbid", frozen=False, populate_by_name=True,
                              str_strip_whitespace=True)


def _date(v: Any) -> RocDate:
    if isinstance(v, RocDate):
        return v
    try:
        return parse_roc_date(v)
    except DateParseError as e:
        raise PydanticCustomError(e.rule, str(e))


def _money(v: Any) -> int:
    try:
        return parse_money(v)
    except MoneyParseError as e:
        raise PydanticCustomError(e.rule, str(e))


def _time(v: Any) -> dt.time:
    if isinstance(v, dt.time):
        return v
    try:
        return parse_time(v)
    except DateParseError as e:
        raise PydanticCustomError(e.rule, str(e))


_TRUE = {"true", "yes", "是", "有", "y"}
_FALSE = {"false", "no", "否", "無", "n"}


def _bool(v: Any) -> bool:
    if isinstance(v, bool):
        return v
    s = str(v).strip().lower()
    if s in _TRUE:
        return True
    if s in _FALSE:
        return False
    raise PydanticCustomError("value.yes-no", "請填 true（是）或 false（否），收到「{v}」。", {"v": v})


def _percent(v: Any) -> Decimal:
    s = str(v).strip().rstrip("%％").strip()
    try:
        d = Decimal(s)
    except InvalidOperation:
        raise PydanticCustomError("value.percent", "「{v}」不是百分比，請寫成 5 或 2.11%。", {"v": v})
    if not 0 <= d <= 100:
        raise PydanticCustomError("value.percent", "百分比必須介於 0 到 100，收到「{v}」。", {"v": v})
    return d


def _count(v: Any) -> int:
    s = str(v).strip()
    if not re.fullmatch(r"\d+", s):
        raise PydanticCustomError("value.count", "「{v}」不是正整數（次數、人數或數量請寫阿拉伯數字）。", {"v": v})
    return int(s)


def _quantity(v: Any) -> Decimal:
    s = str(v).strip()
    if not re.fullmatch(r"\d+(\.5)?", s):
        raise PydanticCustomError("value.quantity", "數量「{v}」不正確：請寫正整數（鐘點可寫 0.5 節）。", {"v": v})
    return Decimal(s)


def _score(v: Any) -> Decimal:
    s = str(v).strip()
    if not re.fullmatch(r"\d+(\.\d+)?", s):
        raise PydanticCustomError("value.score", "分數「{v}」不正確：請寫 0 以上的數字，例如 18 或 18.5。", {"v": v})
    return Decimal(s)


RocDateT = Annotated[
    RocDate,
    BeforeValidator(_date),
    PlainSerializer(lambda d: d.text or d.date.isoformat(), return_type=str),
    WithJsonSchema({"type": "string", "description": "日期：111年8月1日、111.08.01 或 2022-08-01，可加（一）"}),
]
Money = Annotated[
    int,
    BeforeValidator(_money),
    WithJsonSchema({"type": ["integer", "string"], "description": "新臺幣整數元，例如 5000 或 5,000"}),
]
TimeT = Annotated[
    dt.time,
    BeforeValidator(_time),
    PlainSerializer(lambda t: t.strftime("%H:%M"), return_type=str),
    WithJsonSchema({"type": "string", "pattern": r"^\d{1,2}:\d{2}$", "description": "24 小時制時間，例如 13:30"}),
]
YesNo = Annotated[bool, BeforeValidator(_bool),
                  WithJsonSchema({"type": ["boolean", "string"], "enum": [True, False, "是", "否"]})]
Percent = Annotated[Decimal, BeforeValidator(_percent),
                    PlainSerializer(lambda d: str(d), return_type=str),
                    WithJsonSchema({"type": ["number", "string"], "description": "百分比，例如 5 或 2.11%"})]
Score = Annotated[Decimal, BeforeValidator(_score), PlainSerializer(lambda d: str(d), return_type=str),
                  WithJsonSchema({"type": ["number", "string"], "minimum": 0, "description": "分數，例如 18 或 18.5"})]
Count = Annotated[int, BeforeValidator(_count), WithJsonSchema({"type": ["integer", "string"], "minimum": 0})]
Quantity = Annotated[Decimal, BeforeValidator(_quantity),
                     PlainSerializer(lambda d: str(d), return_type=str),
                     WithJsonSchema({"type": ["number", "string"], "description": "數量，鐘點可寫 0.5"})]
