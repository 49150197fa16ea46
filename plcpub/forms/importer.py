"""Read a filled form back into a submission (`python build.py import FILE --plan ID`).

Every problem names the field a clerk sees (its Chinese label), and nothing is written to
content/ unless the whole form reads cleanly and the new submission passes the loader.
"""
from __future__ import annotations

import re
from decimal import Decimal
from dataclasses import dataclass, field
from pathlib import Path

from plcpub.forms.acroform import radio_state
from plcpub.forms.archive import ArchiveError, check_odf, check_size
from plcpub.forms.merge import SHEET_PATHS
from plcpub.forms.spec import ASSISTANT_KIND, CO_KIND, HOST_KINDS, OTHER, FormSpec, application, budget_key
from plcpub.model.common import ACTIVITY_ZH
from plcpub.model.plan import Plan
from plcpub.util.money import MoneyParseError, amount_in_words, parse_money, whole_dollars

KIND_BY_LABEL = {label: kind for kind, label in HOST_KINDS} | {"主持": "host", "成員": "member", "內聘": "internal",
                                                               "外聘": "external", "諮詢": "consultant",
                                                               "外聘隸屬": "affiliated"}


@dataclass
class ImportResult:
    data: dict | None = None  # a whole submission, or (budget sheet) {"name": …, "budget": […]}
    errors: list[str] = field(default_factory=list)
    budget_only: bool = False  # an ODS budget sheet: replaces the budget of an existing submission
    holds: frozenset = SHEET_PATHS  # the paths this form holds (importer.holds): a merge replaces these only


SAVE_AS = {".docx": ".odt", ".doc": ".odt", ".xlsx": ".ods", ".xls": ".ods"}  # what a clerk's office saves
MAX_FIELD_CHARS = 5_000  # no field of a form holds more; a longer one is a paste gone wrong


class FormError(Exception):
    pass


def read_pdf_fields(path: Path) -> tuple[str | None, dict[str, str]]:
    """(plcpub marker, {field name: value}) of a filled PDF form."""
    import logging

    from pypdf import PdfReader
    from pypdf.errors import LimitReachedError, PdfReadError

    logging.getLogger("pypdf").setLevel(logging.ERROR)  # it reports radio kids as "already parsed"
    try:
        reader = PdfReader(str(path))
        marker = (reader.metadata or {}).get("/plcpubform")
        raw = reader.get_fields() or {}
    except LimitReachedError:  # pypdf's own bounds on decompression, arrays and dictionaries
        raise FormError("PDF 內的資料解壓縮後遠超過表件的大小，可能是惡意檔案，不予匯入。") from None
    except (PdfReadError, OSError, ValueError, RecursionError):
        raise FormError("無法讀取 PDF：檔案損壞或不是 PDF。") from None
    values = {}
    for name, f in raw.items():
        if "." in name:  # pypdf lists a radio group's kids as name.name
            continue
        v = f.get("/V")
        values[name] = "" if v is None else str(v)
    return (str(marker) if marker else None), values


def _checked(v: str) -> bool:
    return v not in ("", "/Off", "Off", "None")


def _radio(f, v: str) -> str | None:
    """The option whose PDF state (acroform.radio_state) or position (forms made before v1 of the
    repairs: /0, /1 …) was exported."""
    if not _checked(v):
        return None
    key = v.lstrip("/")
    for i, (value, _) in enumerate(f.options):
        if key in (radio_state(value, i), value):
            return value
    if key.isdigit() and int(key) < len(f.options):
        return f.options[int(key)][0]
    return None


def one_line(text: str) -> str:
    """A value typed into a multi-line box: Enter only broke the line on screen. Chinese joins
    without a space, Latin words with one."""
    text = text.strip()
    return re.sub(r"(\S?)[ \t]*\r?\n\s*(\S?)", lambda m: m[1] + (" " if (m[1] + m[2]).isascii() and m[1] and m[2] else "") + m[2],
                  text) if "\n" in text else text


def to_submission(spec: FormSpec, plan: Plan, values: dict[str, str]) -> ImportResult:
    res = ImportResult()
    fields = {f.name: f for f in spec.all_fields()}
    unknown = sorted(set(values) - set(fields))
    if unknown:
        res.errors.append(f"表單中有本計畫表件沒有的欄位：{'、'.join(unknown[:5])}（表件可能被修改過，請重新下載）。")
        return res

    def get(name: str) -> str:
        text = values.get(name) or ""
        return text.strip() if name in fields and fields[name].kind == "textarea" else one_line(text)

    for name, text in values.items():
        if len(text or "") > MAX_FIELD_CHARS:
            res.errors.append(f"「{fields[name].label}」有 {len(text):,} 字，超過每欄 {MAX_FIELD_CHARS:,} 字的上限；"
                              "請精簡後再匯入（是否不小心貼上了整份文件？）。")
    if res.errors:
        return res

    for f in spec.all_fields():
        if f.required and f.kind != "radio" and not get(f.name):
            res.errors.append(f"「{f.label}」必須填寫。")
    tier = _radio(fields["tier"], values.get("tier", "")) if "tier" in fields else None
    if tier is None and "tier" in fields:
        res.errors.append("「申請類別」必須勾選一項。")
    t = plan.tier(tier) if tier or not plan.tiers_stated else None
    cross = _yes_no(fields["cross_school"], values.get("cross_school", ""))
    if cross is None:
        res.errors.append("「跨校社群」必須勾選「是」或「否」。")
    sub: dict = {"plan": plan.id, "name": get("community_name"),
                 **({"tier": t.name if t else tier} if plan.tiers_stated else {}),
                 "school": get("school"), "cross_school": bool(cross)}
    rule_values(fields, values, get, sub, res, plan.eligibility.exclude_flags)
    if get("partner_schools"):
        sub["partner_schools"] = [c.strip() for c in get("partner_schools").replace("，", "、").replace(",", "、").split("、")
                                  if c.strip()]
    if get("funding_school"):
        sub["funding_school"] = get("funding_school")
    if get("years_running"):
        if not get("years_running").isdigit():
            res.errors.append(f"「連續第幾年（含本年）」應為數字，收到「{get('years_running')}」。")
        else:
            sub["years_running"] = int(get("years_running"))
    initial = plan.status(plan.workflow.initial)
    sub["status"] = initial.name if initial else plan.workflow.initial
    sub["convener"] = {k: get(f"convener_{k}") for k in ("name", "title", "school", "subject", "phone", "email")
                       if get(f"convener_{k}")}
    sub["convener"].setdefault("school", sub["school"])
    members = []
    for i in range(1, 100):
        if f"member_{i}_name" not in fields:
            break
        if get(f"member_{i}_name"):
            m = {"name": get(f"member_{i}_name"), "school": get(f"member_{i}_school") or sub["school"]}
            if get(f"member_{i}_subject"):
                m["subject"] = get(f"member_{i}_subject")
            if get(f"member_{i}_role"):
                m["role"] = get(f"member_{i}_role")
            members.append(m)
    sub["members"] = members
    if get("headcount") and get("headcount") != str(1 + len(members)):
        res.errors.append(f"「社群人數」寫 {get('headcount')}，但召集人加上成員共 {1 + len(members)} 人。")
    cat = plan.catalogues
    for key, prefix, options in (("content_areas", "area", cat.content_areas),
                                 ("methods", "method", [m.name for m in cat.methods]),
                                 ("competencies", "comp", cat.competencies), ("goals", "goal", cat.goals)):
        chosen = [o for k, o in enumerate(options, 1) if _checked(values.get(f"{prefix}_{k}", ""))]
        if chosen:
            sub[key] = chosen
    free_goals = [get(f"goal_text_{k}") for k in range(1, 100) if f"goal_text_{k}" in fields and get(f"goal_text_{k}")]
    if free_goals:
        sub["goals"] = free_goals
    if get("summary"):
        sub["summary"] = get("summary")
    schedule = []
    for i in range(1, 100):
        if f"s{i}_date" not in fields:
            break
        if not get(f"s{i}_date"):
            continue
        s = {"date": get(f"s{i}_date"), "start": get(f"s{i}_start"), "end": get(f"s{i}_end"),
             "content": get(f"s{i}_content"), "method": get(f"s{i}_method")}
        label = get(f"s{i}_host_kind") or "主持人"
        kind = KIND_BY_LABEL.get(label)
        if kind is None:
            res.errors.append(f"第 {i} 場「類型」寫「{label}」，請填：{'、'.join(lb for _, lb in HOST_KINDS)}。")
            kind = "host"
        s["host"] = {"name": get(f"s{i}_host"), "kind": kind}
        if get(f"s{i}_place"):
            s["place"] = get(f"s{i}_place")
        session_extras(i, fields, values, get, s, res)
        schedule.append(s)
    sub["schedule"] = schedule
    outcomes = []
    for i in range(1, 100):
        if f"o{i}_outcome" not in fields:
            break
        if get(f"o{i}_outcome"):
            outcomes.append({"outcome": get(f"o{i}_outcome"),
                             "checks": [c for c in get(f"o{i}_checks").split("；") if c] or []})
    sub["outcomes"] = outcomes
    sub["budget"] = budget_lines(plan, get, res)
    check_totals(plan, get, sub["budget"], res)
    if "d1_item" in fields:
        attach_details(plan, fields, get, sub["budget"], res)
    res.data = None if res.errors else sub
    res.holds = holds(spec) - {k for k in ("community_kind", "level") if k not in sub}  # none ticked: kept
    return res


def _yes_no(f, v: str) -> bool | None:
    """是／否 radio; a form made when 跨校社群 was a single box sends /on."""
    if v in ("/on", "on"):
        return True
    chosen = _radio(f, v)
    return None if chosen is None else chosen == "yes"


def _split(text: str) -> list[str]:
    return [x.strip() for x in re.split(r"[、，,；;]", text) if x.strip()]


def rule_values(fields, values, get, sub: dict, res: ImportResult, flags: list[str]) -> None:
    """The fields spec.rule_fields adds for the plan's rules, where the form has them."""
    if "community_kind" in fields:
        kind = _radio(fields["community_kind"], values.get("community_kind", ""))
        if kind == OTHER and get("community_kind_other"):
            kind = f"{OTHER}（{get('community_kind_other')}）"
        if kind is not None:  # none ticked: check's content.community-kind says so, with the plan's clause
            sub["community_kind"] = kind
    if "level" in fields:  # none ticked: a one-level school's application needs none (school.level)
        level = _radio(fields["level"], values.get("level", ""))
        if level is not None:
            sub["level"] = level
    for name in ("domain", "commission_ref"):
        if name in fields and get(name):
            sub[name] = get(name)
    for name in ("school_curriculum", "direct_advance"):
        if name in fields:
            sub[name] = _checked(values.get(name, ""))
    if "other_funding" in fields and get("other_funding"):
        sub["other_funding"] = _split(get("other_funding"))
    if "content_other" in fields and get("content_other"):
        sub["content_other"] = get("content_other")
    for k, flag in enumerate(flags, 1):  # 本校是否參與…: each excluded flag the plan asks about
        answer = _yes_no(fields[f"flag_{k}"], values.get(f"flag_{k}", "")) if f"flag_{k}" in fields else None
        if answer is not None:
            sub.setdefault("declared_flags" if answer else "undeclared_flags", []).append(flag)


ACTIVITY_BY_LABEL = {label: key for key, label in ACTIVITY_ZH.items()}
ASSISTANT_KINDS = {label: kind for kind, label in ASSISTANT_KIND.items()}
CO_KIND_BY_LABEL = {label: kind for kind, label in CO_KIND.items()}
PERSON = re.compile(r"^(?P<name>.*?)[（(](?P<kind>[^（）()]+)[）)]$")


def _people(text: str, kinds: dict[str, str], where: str, res: ImportResult) -> list[dict]:
    """姓名（外聘）、姓名（內聘）… as the form asks helpers and co-lecturers to be written."""
    out = []
    for item in _split(text):
        m = PERSON.match(item)
        if m is None or m["kind"] not in kinds:
            res.errors.append(f"{where}寫「{item}」，請寫 " + "、".join(f"姓名（{k}）" for k in kinds) + "。")
            continue
        person = {"kind": kinds[m["kind"]]}
        out.append({"name": m["name"].strip(), **person} if m["name"].strip() else person)
    return out


def session_extras(i: int, fields, values, get, s: dict, res: ImportResult) -> None:
    """A meeting's row of 各場次補充: online, head count, lecturer's unit and title, activities,
    assistants."""
    if f"s{i}_online" not in fields:
        return
    if _checked(values.get(f"s{i}_online", "")):
        s["online"] = True
    if _checked(values.get(f"s{i}_open_city", "")):
        s["open_to_city"] = True
    if get(f"s{i}_participants"):
        if get(f"s{i}_participants").isdigit():
            s["participants"] = int(get(f"s{i}_participants"))
        else:
            res.errors.append(f"第 {i} 場「預計參加人數」應為數字，收到「{get(f's{i}_participants')}」。")
    for key in ("unit", "title"):
        if get(f"s{i}_host_{key}"):
            s["host"][key] = get(f"s{i}_host_{key}")
    activities = []
    for label in _split(get(f"s{i}_activities")):
        if label in ACTIVITY_BY_LABEL:
            activities.append(ACTIVITY_BY_LABEL[label])
        else:
            res.errors.append(f"第 {i} 場「活動類型」寫「{label}」，請填：{'、'.join(ACTIVITY_ZH.values())}。")
    if activities:
        s["activities"] = activities
    for key, label, kinds in (("assistants", "助理講師", ASSISTANT_KINDS), ("co_lecturers", "共同講述", CO_KIND_BY_LABEL)):
        people = _people(get(f"s{i}_{key}"), kinds, f"第 {i} 場「{label}」", res)
        if people:
            s["host"][key] = people
    if _checked(values.get(f"s{i}_remote", "")):
        s["host"]["remote"] = True


def attach_details(plan: Plan, fields, get, budget: list[dict], res: ImportResult) -> None:
    """品項明細 rows onto the budget line of the item each row names."""
    lines = {line["item"]: line for line in budget}
    for i in range(1, 1000):
        if f"d{i}_item" not in fields:
            break
        if not (get(f"d{i}_name") or get(f"d{i}_item")):
            continue
        it = plan.item(get(f"d{i}_item"))
        if it is None or it.name not in lines:
            res.errors.append(f"品項明細第 {i} 列的經費項目「{get(f'd{i}_item')}」不在上方經費概算表中。")
            continue
        d = {"name": get(f"d{i}_name"), "quantity": get(f"d{i}_qty") or "1"}
        if get(f"d{i}_unit"):
            d["unit"] = get(f"d{i}_unit")
        try:
            d["unit_price"] = parse_money(get(f"d{i}_price"))
        except MoneyParseError as e:
            res.errors.append(f"品項明細第 {i} 列「{d['name']}」的單價：{e}")
            continue
        if get(f"d{i}_note"):
            d["note"] = get(f"d{i}_note")
        lines[it.name].setdefault("details", []).append(d)


def holds(spec: FormSpec) -> frozenset[str]:
    """The submission paths this form holds (`schedule.host.unit`): import replaces these and
    keeps every other key of the file. tests/test_form_fields.py compares them with what the
    plan's rules read."""
    names = {f.name for f in spec.all_fields()}
    paths = {"plan", "name", *(["tier"] if "tier" in names else []), "school", "cross_school", "partner_schools", "funding_school", "years_running",
             "summary", "goals", "convener", "members", "schedule", "outcomes", "budget",
             *(f"convener.{k}" for k in ("name", "title", "school", "subject", "phone", "email")),
             "members.name", "members.school", "members.subject", "members.role",
             *(f"schedule.{k}" for k in ("date", "start", "end", "content", "method", "host", "place")),
             "schedule.host.name", "schedule.host.kind", "outcomes.outcome", "outcomes.checks",
             *(f"budget.{k}" for k in ("item", "quantity", "unit", "unit_price", "note"))}
    paths |= {key for key, prefix in (("content_areas", "area_1"), ("methods", "method_1"), ("competencies", "comp_1"),
                                      ("goals", "goal_1")) if prefix in names}
    paths |= {n for n in ("level", "community_kind", "domain", "school_curriculum", "direct_advance", "commission_ref",
                          "other_funding", "content_other") if n in names}
    if "flag_1" in names:
        paths |= {"declared_flags", "undeclared_flags"}
    if "s1_online" in names:
        paths |= {"schedule.online", "schedule.participants", "schedule.activities", "schedule.host.unit",
                  "schedule.host.title", "schedule.host.assistants", "schedule.host.assistants.name",
                  "schedule.host.assistants.kind"}
    if "s1_co_lecturers" in names:
        paths |= {"schedule.host.co_lecturers", "schedule.host.co_lecturers.name", "schedule.host.co_lecturers.kind"}
    if "s1_remote" in names:
        paths.add("schedule.host.remote")
    if "s1_open_city" in names:
        paths.add("schedule.open_to_city")
    if "d1_item" in names:
        paths |= {"budget.details", *(f"budget.details.{k}" for k in ("name", "quantity", "unit", "unit_price", "note"))}
    return frozenset(paths)


def check_totals(plan: Plan, get, lines: list[dict], res: ImportResult) -> None:
    """Totals on the form are worked out again from the lines budget_lines read (the amount a
    line has in the model: quantity × unit price in whole dollars); one that differs (a total
    typed by hand, a viewer that does not calculate) is named, never taken."""
    by_item = {line["item"]: line for line in lines}
    amounts = {}
    for it in plan.budget.items:
        key = budget_key(it)
        line = by_item.get(it.name)
        if line is None and get(f"{key}_qty"):
            continue  # a row budget_lines refused: it names the bad number already
        amounts[it.name] = whole_dollars(Decimal(str(line["quantity"]).replace(",", "")) * line["unit_price"]) if line else 0
        shown = get(f"{key}_total")
        if shown and _money_or_none(shown) != amounts[it.name]:
            res.errors.append(f"經費概算表「{it.name}」的總價寫 {shown}，但數量 × 單價為 {amounts[it.name]:,} 元。")
    total = sum(amounts.values())
    if get("budget_total") and _money_or_none(get("budget_total")) != total:
        res.errors.append(f"經費概算表的合計寫 {get('budget_total')}，但各項總價加起來是 {total:,} 元。")
    if get("budget_words") and get("budget_words") != amount_in_words(total):
        res.errors.append(f"經費概算表的總計（國字）寫「{get('budget_words')}」，但合計 {total:,} 元應寫「{amount_in_words(total)}」。")


def _money_or_none(text: str) -> int | None:
    try:
        return parse_money(text)
    except MoneyParseError:
        return None


def budget_lines(plan: Plan, get, res: ImportResult) -> list[dict]:
    """The budget rows that have a quantity, as submission lines; bad numbers go to res.errors."""
    budget = []
    for it in plan.budget.items:
        key = budget_key(it)
        qty, price, note = get(f"{key}_qty"), get(f"{key}_price"), get(f"{key}_note")
        if not qty:
            continue
        line = {"item": it.name, "quantity": qty, "unit": it.unit or "式"}
        try:
            line["unit_price"] = parse_money(price)
        except MoneyParseError as e:
            res.errors.append(f"經費概算表「{it.name}」的單價：{e}")
            continue
        try:
            number = float(qty.replace(",", ""))
        except ValueError:
            res.errors.append(f"經費概算表「{it.name}」的數量「{qty}」不是數字。")
            continue
        if number < 0:
            res.errors.append(f"經費概算表「{it.name}」的數量是 {qty}，數量不能是負數。")
            continue
        if note:
            line["note"] = note
        budget.append(line)
    return budget


def _marker_error(marker: str | None, expected: str, plan: Plan) -> str | None:
    if marker is None:
        return "這不是 plcpub 產生的表件（找不到表件標記），請使用網站「表件下載」的申請書（PDF 或 ODT）或經費概算表（ODS）。"
    if marker != expected:
        parts = marker.split(":")
        if len(parts) > 2 and parts[2] != plan.id:
            return f"這份表件屬於「{parts[2]}」，不是本計畫「{plan.id}」的表件。"
        what = parts[1] if len(parts) > 1 else marker
        return f"這份表件是「{what}」（{marker}），不是可匯入的申請書或經費概算表，或是舊版表件；請重新下載。"
    return None


def import_form(path: Path, plan: Plan) -> ImportResult:
    """A filled application (PDF or ODT) or budget sheet (ODS) of `plan`, read and checked."""
    from plcpub.forms.ods import SheetError, read_budget_sheet, sheet_marker
    from plcpub.forms.odt import OdtError, read_odt

    spec = application(plan)
    suffix = path.suffix.lower()
    try:
        if suffix in (".odt", ".ods"):
            check_odf(path)  # sizes, compression ratios and DTDs before any byte is inflated or parsed
        elif suffix == ".pdf":
            check_size(path)
        if suffix == ".pdf":
            marker, values = read_pdf_fields(path)
        elif suffix == ".odt":
            marker, values, spec = read_odt(path, spec)
        elif suffix == ".ods":
            marker, name, values = read_budget_sheet(path, plan)
            problem = _marker_error(marker, sheet_marker(plan), plan)
            if problem:
                return ImportResult(errors=[problem])
            res = ImportResult(budget_only=True, holds=SHEET_PATHS)
            budget = budget_lines(plan, lambda k: (values.get(k) or "").strip(), res)
            if not name.strip():
                res.errors.append("經費概算表的「社群名稱」必須填寫（用來找出要更新的社群）。")
            res.data = None if res.errors else {"name": name.strip(), "budget": budget}
            return res
        else:
            if suffix in SAVE_AS:
                return ImportResult(errors=[f"{suffix} 檔無法直接匯入：請用 Word、Excel 或 LibreOffice 開啟後，"
                                            f"「另存新檔」為 {SAVE_AS[suffix]} 再匯入。"])
            return ImportResult(errors=[f"只能匯入 plcpub 產生的申請書（.pdf、.odt）或經費概算表（.ods），收到 {suffix or '無副檔名'}。"])
    except (ArchiveError, FormError, OdtError, SheetError) as e:
        return ImportResult(errors=[str(e)])
    problem = _marker_error(marker, spec.marker, plan)
    if problem:
        return ImportResult(errors=[problem])
    return to_submission(spec, plan, values)
