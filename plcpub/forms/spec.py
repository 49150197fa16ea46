"""What a plan's application form contains, derived from the plan (never drawn by hand per city).

Field names are ASCII and unique (PDF readers and pypdf need that); labels are Chinese. The
same spec drives rendering and import, so a field rendered is a field read back.
"""
from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass, field

from plcpub.model.common import ACTIVITY_ZH
from plcpub.model.derived import item_hint, percent_rule_text
from plcpub.model.plan import Plan
from plcpub.util.money import format_money

FORM_VERSION = "1"
HOST_KINDS = [("host", "主持人"), ("member", "社群成員"), ("internal", "內聘講座"), ("affiliated", "外聘（隸屬機關）"),
              ("external", "外聘講座"), ("consultant", "專家諮詢")]
MEMBER_ROWS = 8
OUTCOME_ROWS = 3


@dataclass
class Field:
    name: str
    label: str
    kind: str = "text"  # text | textarea | checkbox | radio | money | number | static (printed text, no field)
    options: list[tuple[str, str]] = field(default_factory=list)  # radio: (value, label), in export order
    required: bool = False
    maxlength: int | None = None
    size: str = "m"  # xs | s | m | l: width class in the template
    value: str = ""
    lines: int = 4  # textarea: rows of handwriting room
    wrap: int = 1  # text in a narrow column: lines the fillable field shows (multi-line field, 8 pt)
    calc: str = ""  # worked out, not typed: product:QTY,PRICE | sum:A,B,… | words:TOTAL (acroform.calc_js)
    width: str = ""  # table column width (CSS), when the size class does not fit the values
    aliases: tuple[str, ...] = ()  # earlier labels of the same field: an ODT downloaded before still imports


@dataclass
class Section:
    title: str
    fields: list[Field] = field(default_factory=list)  # layout "grid" or "checks"
    layout: str = "grid"  # grid | checks | table | text (long answers: the question above a full-width box)
    columns: list[str] = field(default_factory=list)  # layout "table"
    rows: list[list[Field]] = field(default_factory=list)
    row_labels: list[str] = field(default_factory=list)  # layout "table": a heading per row instead of its number
    label_width: str = "30mm"  # layout "table": width of the row heading column
    note: str = ""


COLUMN_WIDTHS = {"xs": "14mm", "s": "26mm"}  # table columns by their fields' size; m and l share the rest


@dataclass
class FormSpec:
    id: str
    plan_id: str
    title: str
    subtitle: str
    sections: list[Section]
    signatures: list[str]

    @property
    def marker(self) -> str:
        """Written into the PDF's metadata; import refuses files without the right one."""
        return f"plcpub:{self.id}:{self.plan_id}:v{FORM_VERSION}"

    def all_fields(self) -> list[Field]:
        out = []
        for s in self.sections:
            out += s.fields
            for row in s.rows:
                out += row
        return out


def budget_key(item) -> str:
    """Field-name prefix of a budget item's row: spec, prefill and import must agree on it."""
    return f"b_{item.id.replace('-', '_')}"


def schedule_rows(plan: Plan) -> int:
    return max([t.min_meetings or 0 for t in plan.tiers] + [6])


YES_NO = [("yes", "是"), ("no", "否")]
ASSISTANT_KIND = {"internal": "內聘", "external": "外聘"}  # how an assistant lecturer's kind is written
CO_KIND = {"internal": "內聘", "affiliated": "外聘隸屬", "external": "外聘"}  # how a co-lecturer's kind is written
OTHER = "其他"  # an option followed by the applicant's own words: 其他（偏鄉教學）
SESSION_NOTE = ("與上表同一列為同一場次。活動類型填" + "、".join(ACTIVITY_ZH.values()) + "（可多項，以頓號分隔）；"
                "助理講師寫 姓名（內聘）或 姓名（外聘），多位以頓號分隔。")
DETAIL_ROWS = 6


BUDGET_SIGNATORIES = ["承辦人", "主任", "會計", "校長"]  # where the plan's form names none


def signatories(plan: Plan, *kinds: str) -> list[str]:
    """Who signs the application and its budget: the titles the plan's first form of `kinds`
    names (Form.signatures: 教務主任, 會計主任 …), else the usual four. The PDF, the ODT and the
    ODS budget sheet all ask here."""
    for kind in kinds:
        form = next((f for f in plan.forms if f.kind == kind), None)
        if form and form.signatures:
            return list(form.signatures)
    return list(BUDGET_SIGNATORIES)


def rule_fields(plan: Plan) -> list[Field]:
    """What the plan's rules read beyond the common fields, each only where the plan has the rule:
    tests/test_form_fields.py runs every rule and fails when a value it read has no field."""
    fields = []
    if plan.catalogues.community_kinds:  # content.community-kind
        fields.append(Field("community_kind", "社群類型", "radio", [(k, k) for k in plan.catalogues.community_kinds],
                            required=True))
        if OTHER in plan.catalogues.community_kinds:
            fields.append(Field("community_kind_other", "社群類型勾「其他」者請說明", size="l"))
    if plan.school_requirements and len(plan.eligibility.school_levels) > 1:  # school.level: quotas per level
        fields.append(Field("level", "申請學制（學校有多個學制時勾選）", "radio",
                            [(lv, lv) for lv in plan.eligibility.school_levels]))
    if plan.support_area_rule:  # school.support-area
        fields.append(Field("domain", "學科／領域（待加強領域請填領域名稱）", size="m"))
    if any(b.kind == "school-curriculum" for t in plan.tiers for b in t.bonuses):  # the school-curriculum bonus
        fields.append(Field("school_curriculum", "結合校訂課程運作", "checkbox"))
    advance = next((t.advance for t in plan.tiers if t.advance), None)  # tier.advance
    if advance:
        source = plan.tier(advance.from_tier)
        fields.append(Field("direct_advance", f"已辦滿 {advance.min_years} 年"  # completed: this year not counted
                                              f"「{source.name if source else advance.from_tier}」，直接申請進階", "checkbox",
                            aliases=(f"依連續 {advance.min_years} 年辦理「{source.name if source else advance.from_tier}」直接申請進階",)))
    if any(t.applicant == "bureau" for t in plan.tiers):  # tier.commissioned
        fields.append(Field("commission_ref", "委託文號（受委託辦理的類別填寫）", size="m"))
    for k, flag in enumerate(plan.eligibility.exclude_flags, 1):  # school.eligibility-declared
        fields.append(Field(f"flag_{k}", f"本校是否{flag}", "radio", YES_NO, required=True))
    if plan.eligibility.no_double_funding:  # eligibility: no double funding
        fields.append(Field("other_funding", "已獲其他計畫補助（無則免填，以頓號分隔）", size="l"))
    return fields


def session_extra_row(i: int, plan: Plan) -> list[Field]:
    """What rules read of a meeting besides its row above: online, open to the city's teachers
    (where the plan pays lecturers in otherwise unpaid slots for such meetings), head count, the
    lecturer's unit and title, activity kinds, assistant lecturers; co-lecturers where the plan
    pays two lecturing together in part, and the expert's absence where a fee needs presence."""
    city = [Field(f"s{i}_open_city", "開放全市", "checkbox", width="12mm")] if any(
        r.open_to_city for r in plan.lecturers.unpaid) else []
    co = [Field(f"s{i}_co_lecturers", "共同講述", width="28mm", wrap=2)] if plan.lecturers.co_lecture_share is not None else []
    remote = [Field(f"s{i}_remote", "書面／錄影提供意見", "checkbox", width="16mm")] if any(
        it.in_person_only for it in plan.budget.items) else []
    return [Field(f"s{i}_online", "線上", "checkbox", width="11mm"), *city,
            Field(f"s{i}_participants", "預計參加人數", "number", width="17mm"),
            Field(f"s{i}_host_unit", "講座服務單位", wrap=2), Field(f"s{i}_host_title", "講座職稱", width="20mm", wrap=2),
            Field(f"s{i}_activities", "活動類型", width="32mm", wrap=2),
            Field(f"s{i}_assistants", "助理講師", width="32mm", wrap=2), *co, *remote]


def detail_rows(plan: Plan) -> Section | None:
    """Item lists for the budget items the plan wants itemised (budget.details-required)."""
    items = [it for it in plan.budget.items if it.requires_details]
    if not items:
        return None
    return Section("品項明細", layout="table", columns=["經費項目", "品項／書名", "數量", "單位", "單價（元）", "備註"],
                   note="「" + "、".join(it.name for it in items) + "」須列品項明細；經費項目寫上表的項目名稱。",
                   rows=[[Field(f"d{i}_item", "經費項目", width="26mm", wrap=2), Field(f"d{i}_name", "品項／書名", wrap=2),
                          Field(f"d{i}_qty", "數量", "number", width="13mm"), Field(f"d{i}_unit", "單位", width="13mm"),
                          Field(f"d{i}_price", "單價（元）", "money", width="18mm"),
                          Field(f"d{i}_note", "備註", width="36mm", wrap=2)] for i in range(1, DETAIL_ROWS + 1)])


def schedule_row(i: int) -> list[Field]:
    """A meeting's row: two 8 pt lines per cell, each column as wide as the longest value of the
    examples needs in two lines (111年10月12日（三）, 公開授課與專業回饋（觀課議課）,
    外聘（隸屬機關）, 線上（Microsoft Teams）); the content column takes the rest (~41 mm).
    tests/test_viewers.py fills every field with the longest example value and measures it."""
    return [Field(f"s{i}_date", "日期", width="29mm", wrap=2), Field(f"s{i}_start", "開始", width="13mm"),
            Field(f"s{i}_end", "結束", width="13mm"), Field(f"s{i}_content", "實施內容", wrap=2),
            Field(f"s{i}_method", "實施方式", width="28mm", wrap=2), Field(f"s{i}_host", "主持人／講座", width="17mm", wrap=2),
            Field(f"s{i}_host_kind", "類型", width="18mm", wrap=2), Field(f"s{i}_place", "地點", width="27mm", wrap=2)]


def application(plan: Plan) -> FormSpec:
    tiers = [Field("tier", "申請類別", "radio", [(t.id, t.name + (f"（上限 {format_money(t.cap)}）" if t.cap else ""))
                                            for t in plan.tiers], required=True)] if plan.tiers_stated else []
    basic = Section("基本資料", [
        Field("community_name", "社群名稱", required=True, size="l"),
        Field("school", "申請學校代碼", required=True, size="s"),
        *tiers,
        Field("cross_school", "跨校社群", "radio", YES_NO, required=True),
        Field("partner_schools", "跨校夥伴學校代碼（以頓號分隔）", size="l"),
        Field("funding_school", "經費核銷學校代碼", size="s"),
        Field("years_running", "連續第幾年（含本年）", "number", size="s", aliases=("第幾年申請",)),
        *rule_fields(plan),
    ])
    convener = Section("召集人", [Field("convener_name", "姓名", required=True), Field("convener_title", "職稱"),
                                Field("convener_school", "服務學校代碼", size="s"), Field("convener_subject", "任教科目"),
                                Field("convener_phone", "聯絡電話"), Field("convener_email", "電子郵件", size="l")],
                       note="聯絡電話與電子郵件僅供承辦聯繫，不會公開。")
    members = Section("社群成員（不含召集人）", layout="table", columns=["服務學校代碼", "姓名", "任教科目", "備註"],
                      rows=[[Field(f"member_{i}_school", "服務學校代碼", size="s"), Field(f"member_{i}_name", "姓名"),
                             Field(f"member_{i}_subject", "任教科目"), Field(f"member_{i}_role", "備註")]
                            for i in range(1, MEMBER_ROWS + 1)])
    # typed, not calculated: pdf.js ran a counting script once and never again (docs/forms.md)
    basic.fields.append(Field("headcount", "社群人數（含召集人）", "number", size="xs"))
    sections = [basic, convener, members]
    cat = plan.catalogues
    for title, prefix, options in (("社群內容（可複選）", "area", cat.content_areas),
                                   ("實施方式（可複選）", "method", [m.name for m in cat.methods]),
                                   ("社群欲培養學生之核心素養（可複選）", "comp", cat.competencies),
                                   ("社群目標（可複選）", "goal", cat.goals)):
        if options:
            sections.append(Section(title, [Field(f"{prefix}_{k}", o, "checkbox") for k, o in enumerate(options, 1)],
                                    layout="checks"))
    if "其他" in cat.content_areas:
        sections.append(Section("社群內容：其他", [Field("content_other", "請說明", size="l")]))
    if not cat.goals:
        sections.append(Section("社群目標", [Field(f"goal_text_{k}", f"目標 {k}", size="l") for k in (1, 2, 3)]))
    limit = cat.summary_max_chars
    sections.append(Section("社群內容概述" + (f"（{limit} 字內）" if limit else ""),
                            [Field("summary", "概述", "textarea", maxlength=limit)]))
    minimums = "；".join(f"{t.name}至少 {t.min_meetings} 次" for t in plan.tiers if t.min_meetings)
    minimums += ("。" if minimums else "") + f"日期寫 {plan.year}.09.07；時間寫 13:30；類型填" + \
        "、".join(label for _, label in HOST_KINDS) + "。"
    sections.append(Section("年度進度規劃", layout="table", note=minimums,
                            columns=["日期", "開始", "結束", "實施內容", "實施方式", "主持人／講座", "類型", "地點"],
                            rows=[schedule_row(i) for i in range(1, schedule_rows(plan) + 1)]))
    note = SESSION_NOTE + ("共同講述寫 姓名（外聘）、姓名（外聘隸屬）或 姓名（內聘）。"
                           if plan.lecturers.co_lecture_share is not None else "")
    sections.append(Section("各場次補充", layout="table", note=note,
                            columns=[f.label for f in session_extra_row(1, plan)],
                            rows=[session_extra_row(i, plan) for i in range(1, schedule_rows(plan) + 1)]))
    sections.append(Section("預期效益與檢核方式", layout="table", columns=["預期效益", "具體檢核方式"],
                            rows=[[Field(f"o{i}_outcome", "預期效益", size="l", wrap=2),
                                   Field(f"o{i}_checks", "檢核方式", size="l", wrap=2)]
                                  for i in range(1, OUTCOME_ROWS + 1)]))
    budget_rows = []
    for it in plan.budget.items:
        cap = f"上限 {format_money(it.max_unit_price)}" if it.max_unit_price else ""
        key = budget_key(it)
        budget_rows.append([Field(f"{key}_qty", f"{it.name} 數量", "number", size="xs"),
                            Field(f"{key}_price", f"{it.name} 單價", "money", size="s",
                                  value=str(it.rate) if it.rate else ""),
                            Field(f"{key}_total", f"{it.name} 總價", "money", size="s", calc=f"product:{key}_qty,{key}_price"),
                            Field(f"{key}_note", f"{it.name} 備註" + (f"（{cap}）" if cap else ""), wrap=2),
                            Field(f"{key}_hint", "說明", "static", width="42mm", value=item_hint(plan, it))])
    lines = ",".join(f"{budget_key(it)}_total" for it in plan.budget.items)
    budget_rows.append([Field("budget_sum_qty", "", "static"), Field("budget_sum_price", "", "static"),
                        Field("budget_total", "合計", "money", size="s", calc=f"sum:{lines}"),
                        Field("budget_words", "總計（國字）", calc="words:budget_total"),
                        Field("budget_sum_hint", "", "static", width="42mm")])
    notes = [percent_rule_text(plan, p) for p in plan.budget.percent_rules]
    sections.append(Section("經費概算表", layout="table", columns=["數量", "單價（元）", "總價（元）", "備註", "說明"],
                            rows=budget_rows, row_labels=[f"{it.name}（{it.unit or '式'}）" for it in plan.budget.items]
                            + ["合計"], note="；".join(notes)))
    if details := detail_rows(plan):
        sections.append(details)
    form = next((f for f in plan.forms if f.kind == "application"), None)
    title = form_title(plan, form) if form else f"{plan.edition}教師專業學習社群申請書"
    return FormSpec("application", plan.id, title, "申請書與經費概算表（填妥後列印核章）", sections,
                    signatories(plan, "application"))


def form_title(plan: Plan, form) -> str:
    """A form's title as the plan names it, with the city and year in front unless it has them."""
    return form.name if plan.city in form.name else f"{plan.edition}{form.name}"


def grow(section: Section, n: int) -> None:
    """Add rows to a numbered table section (member_9_name, s13_date …): rows a school inserted in
    an ODT, or a long member list or schedule to prefill."""
    last = section.rows[-1]
    while len(section.rows) < n:
        i = len(section.rows) + 1
        section.rows.append([dataclasses.replace(f, name=re.sub(r"^(\D+?)\d+(_.*)$", rf"\g<1>{i}\2", f.name), value="")
                             for f in last])
