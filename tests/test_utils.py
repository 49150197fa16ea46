"""Golden tests for the formatters clerks and readers see: ROC dates, money, financial numerals."""
from __future__ import annotations

import datetime as dt

import pytest

from plcpub.util.money import MoneyParseError, amount_in_words, financial_numerals, format_money, parse_money
from plcpub.util.rocdate import DateParseError, academic_year_bounds, format_roc, parse_roc_date, parse_time


@pytest.mark.parametrize("n, words", [
    (0, "新臺幣零元整"),
    (5, "新臺幣伍元整"),
    (10, "新臺幣壹拾元整"),
    (15, "新臺幣壹拾伍元整"),
    (100, "新臺幣壹佰元整"),
    (105, "新臺幣壹佰零伍元整"),
    (1010, "新臺幣壹仟零壹拾元整"),
    (5000, "新臺幣伍仟元整"),
    (10005, "新臺幣壹萬零伍元整"),
    (10050, "新臺幣壹萬零伍拾元整"),
    (20000, "新臺幣貳萬元整"),
    (23400, "新臺幣貳萬參仟肆佰元整"),
    (35000, "新臺幣參萬伍仟元整"),
    (100000, "新臺幣壹拾萬元整"),
    (216000, "新臺幣貳拾壹萬陸仟元整"),
    (1000000, "新臺幣壹佰萬元整"),
    (20000000, "新臺幣貳仟萬元整"),
    (100000000, "新臺幣壹億元整"),
    (100010000, "新臺幣壹億零壹萬元整"),
    (100000005, "新臺幣壹億零伍元整"),
    (101010101, "新臺幣壹億零壹佰零壹萬零壹佰零壹元整"),
    (999999999999, "新臺幣玖仟玖佰玖拾玖億玖仟玖佰玖拾玖萬玖仟玖佰玖拾玖元整"),
])
def test_amount_in_words(n, words):
    assert amount_in_words(n) == words


def test_financial_numerals_range():
    with pytest.raises(ValueError):
        financial_numerals(-1)
    with pytest.raises(ValueError):
        financial_numerals(10**12)


@pytest.mark.parametrize("text, value", [("20000", 20000), ("20,000", 20000), ("20,000元", 20000),
                                         ("新臺幣5,000元", 5000), (300, 300), ("0", 0), ("5000.0", 5000)])
def test_parse_money(text, value):
    assert parse_money(text) == value


@pytest.mark.parametrize("text, rule", [("五千", "money.invalid"), ("5,000.5", "money.fractional"),
                                        ("-100", "money.negative"), ("20,00", "money.invalid"), ("", "money.invalid"),
                                        (True, "money.invalid")])
def test_parse_money_rejects(text, rule):
    with pytest.raises(MoneyParseError) as e:
        parse_money(text)
    assert e.value.rule == rule


def test_format_money():
    assert format_money(20000) == "20,000元"
    assert format_money(0) == "0元"


@pytest.mark.parametrize("text, iso, weekday", [
    ("111年8月1日", "2022-08-01", None),
    ("民國111年8月1日", "2022-08-01", None),
    ("111.08.01", "2022-08-01", None),
    ("111/8/1", "2022-08-01", None),
    ("111-8-1", "2022-08-01", None),
    ("2022-08-01", "2022-08-01", None),
    ("111年8月1日（一）", "2022-08-01", 0),
    ("111年8月1日(星期一)", "2022-08-01", 0),
    ("113年 4月 26日（五）", "2024-04-26", 4),
    ("112.7.7（週五）", "2023-07-07", 4),
    ("102年10月14日(星期一)", "2013-10-14", 0),
])
def test_parse_roc_date(text, iso, weekday):
    d = parse_roc_date(text)
    assert d.date == dt.date.fromisoformat(iso)
    assert d.stated_weekday == weekday
    assert d.weekday_ok


def test_stated_weekday_is_kept_not_trusted():
    d = parse_roc_date("111年4月10日(四)")  # Hsinchu 111's plan: 10 April 2022 was a Sunday
    assert d.stated_weekday == 3 and d.date.weekday() == 6 and not d.weekday_ok


@pytest.mark.parametrize("text, rule", [("111年2月30日", "date.impossible"), ("111年13月1日", "date.impossible"),
                                        ("下週三", "date.format"), ("111.0.0", "date.impossible"), ("1900-01-01", "date.format")])
def test_parse_roc_date_rejects(text, rule):
    with pytest.raises(DateParseError) as e:
        parse_roc_date(text)
    assert e.value.rule == rule


def test_format_roc():
    assert format_roc(dt.date(2022, 8, 1)) == "111年8月1日（一）"
    assert format_roc(dt.date(2023, 7, 7), weekday=False) == "112年7月7日"


def test_academic_year():
    assert academic_year_bounds(111) == (dt.date(2022, 8, 1), dt.date(2023, 7, 31))


def test_parse_time():
    assert parse_time("13:30") == dt.time(13, 30)
    assert parse_time("9：05") == dt.time(9, 5)
    # as plans write a closing time: 下午12時 is noon
    assert parse_time("下午12時") == parse_time("中午12時") == dt.time(12, 0)
    assert parse_time("下午5時30分") == dt.time(17, 30) and parse_time("上午9時") == dt.time(9, 0)
    for bad in ("25:00", "下午13時", "12時70分", "noon"):
        with pytest.raises(DateParseError):
            parse_time(bad)


def test_moe_standard_tables_are_whole_and_every_form_font_covers_them():
    """The two MOE tables as shipped: their sizes, no character twice, none in both; the form
    font's promised coverage holds each of them, the few outside Big5 included."""
    from plcpub.forms.font import big5, covered
    from plcpub.standards import moe_tables

    tables = moe_tables()
    common, less = tables["常用國字標準字體表"], tables["次常用國字標準字體表"]
    assert (len(common), len(set(common))) == (4808, 4808)
    assert (len(less), len(set(less))) == (6343, 6343)
    assert not set(common) & set(less)
    assert common[:5] == "一丁七三下" and less[:3] == "万丌丏"
    outside = (set(common) | set(less)) - big5()
    assert {"彞", "叄", "㚷", "嬎", "㮣"} <= outside
    assert not (set(common) | set(less)) - covered()
