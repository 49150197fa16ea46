"""The other forms a plan lists (`forms:` in plan.yaml): summary sheet, materials and book lists,
outcome report, meeting dialogue record, story-sharing form, evaluation checklist.

Each is built from the plan's own data (tiers, outcome questions, photo rules, booklet title,
deadlines), so a new city-year gets its forms by writing its plan, not by drawing tables.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from plcpub.forms.spec import MEMBER_ROWS, Field, FormSpec, Section, application, form_title, schedule_rows
from plcpub.model.plan import Form, Plan
from plcpub.util.money import format_money

PHOTO_CAPTIONS = {"content": "活動內容", "date": "日期", "place": "地點", "caption": "說明"}
SIGN_IN_ROWS = 14


def _subtitle(plan: Plan, form: Form, text: str) -> str:
    """The annex number, what the form is for and, when the plan dates it, its deadline."""
    due = [t.date for t in plan.timeline if form.annex and form.annex in t.name]
    if not due and form.kind in ("outcome", "evaluation") and plan.duties("final"):
        due = [plan.duties("final")[-1].date]
    when = f"；請於 {due[0].text} 前繳交" if due else ""
    return f"{form.annex + '．' if form.annex else ''}{text}{when}"


def _ordinal(k: int) -> str:
    return "一二三四五六七八九十"[k - 1] if k <= 10 else str(k)


def _header(*extra: Field) -> Section:
    return Section("基本資料", [Field("school_name", "學校", required=True), Field("community_name", "社群名稱", required=True,
                                                                           size="l"), *extra])


def _rows(prefix: str, n: int, columns: list[tuple[str, str, str]]) -> list[list[Field]]:
    """n table rows of fields named <prefix><i>_<key>: (key, label, size) per column."""
    return [[Field(f"{prefix}{i}_{key}", label, size=size) for key, label, size in columns] for i in range(1, n + 1)]


def summary(plan: Plan, form: Form) -> FormSpec:
    tiers = Section("社群小計", layout="table", columns=["數量"], row_labels=[t.name for t in plan.tiers],
                    rows=[[Field(f"tier_{k}_count", f"{t.name} 數量", "number", size="xs")]
                          for k, t in enumerate(plan.tiers, 1)])
    rows = _rows("r", 10, [("tier", "類別", "s"), ("name", "社群名稱", "m"), ("cross", "跨校（是／否）", "xs"),
                           ("members", "參與人數", "xs"), ("meetings", "辦理次數", "xs"), ("amount", "申請經費", "s"),
                           ("note", "備註", "s")])
    contacts = Section("聯絡人", [Field("principal_name", "校長"), Field("principal_phone", "校長聯絡電話", size="s"),
                                Field("principal_email", "校長 E-mail", size="l"), Field("clerk_name", "承辦人"),
                                Field("clerk_title", "承辦人職稱", size="s"), Field("clerk_phone", "承辦人聯絡電話", size="s"),
                                Field("clerk_email", "承辦人 E-mail", size="l")],
                       note="聯絡電話與電子郵件僅供承辦單位聯繫，不會公開。")
    return FormSpec(form.id, plan.id, form_title(plan, form), _subtitle(plan, form, "每校一份，填妥後核章"), [
        Section("學校", [Field("school_name", "學校名稱", required=True), Field("classes", "班級數", "number", size="s")]),
        contacts,
        Section("申請社群", layout="table", columns=[f.label for f in rows[0]], rows=rows),
        tiers,
        Section("經費總計", [Field("total", "總計（元）", "money", size="s"), Field("total_words", "總計（國字）", size="l")]),
    ], ["承辦人", "主任", "校長"])


def materials(plan: Plan, form: Form) -> FormSpec:
    item = next((it for it in plan.budget.items if it.category == "materials"), None)
    cap = getattr(item, "detail_max_unit_price", None)
    rows = _rows("m", 8, [("item", "項目", "m"), ("qty", "數量", "xs"), ("unit", "單位", "xs"), ("price", "單價", "s"),
                          ("amount", "總價", "s"), ("note", "備註", "m")])
    note = "依社群實際運作得調整購買項目，各項目經費可相互勻支" + (f"；每項單價以 {format_money(cap)}為上限" if cap else "") + "。"
    return FormSpec(form.id, plan.id, form_title(plan, form), _subtitle(plan, form, "附於經費概算表之後"), [
        _header(),
        Section("品項", layout="table", columns=[f.label for f in rows[0]], rows=rows, note=note),
        Section("合計", [Field("total", "合計（元）", "money", size="s")]),
    ], [])


def books(plan: Plan, form: Form) -> FormSpec:
    rows = _rows("k", 10, [("title", "教師專業成長相關書目", "l"), ("reason", "與學習社群運作之相關說明", "l"),
                           ("copies", "本數", "xs")])
    return FormSpec(form.id, plan.id, form_title(plan, form), _subtitle(plan, form, "附於經費概算表之後"), [
        _header(), Section("書單", layout="table", columns=[f.label for f in rows[0]], rows=rows)],
        ["承辦主任", "會計", "校長"])


def _photos(n: int, captions: list[str]) -> Section:
    rows = [[Field(f"p{i}_photo", "照片", "photo")] + [Field(f"p{i}_{c}", PHOTO_CAPTIONS[c], size="l") for c in captions]
            for i in range(1, n + 1)]
    return Section("成果照片", layout="table", columns=["照片", *(PHOTO_CAPTIONS[c] for c in captions)], rows=rows,
                   note="每張照片請加註說明；照片不足請自行增列。")


def outcome(plan: Plan, form: Form) -> FormSpec:
    rules = plan.outcome
    questions = (rules.questions if rules and rules.questions else ["社群運作成果與省思"])
    members = _rows("member_", MEMBER_ROWS, [("school", "學校", "s"), ("name", "姓名", "m"),
                                              ("subject", "任教科目（國／高中）或年級（國小）", "m")])
    sections = [
        _header(Field("convener_name", "社群召集人", required=True), Field("convener_phone", "聯絡電話"),
                Field("convener_email", "E-mail", size="l")),
        Section("社群成員", layout="table", columns=[f.label for f in members[0]], rows=members,
                note="聯絡電話與 E-mail 僅供承辦聯繫，不會公開。"),
        Section("成果報告", [Field(f"q{k}", f"{_ordinal(k)}、{q}", "textarea", lines=8) for k, q in enumerate(questions, 1)],
                layout="text"),
    ]
    if rules and rules.meeting_records:
        dialogue = next((f for f in plan.forms if f.kind == "dialogue"), None)
        sections[-1].note = "定期社群運作請填寫對話紀錄表並檢附於後" + (f"（格式如{dialogue.annex}）" if dialogue and dialogue.annex else "") + "。"
    per_meeting = rules.photos_per_meeting if rules else None
    n = schedule_rows(plan) * per_meeting if per_meeting else max((rules.min_photos or 0) if rules else 0, 3)
    captions = list(rules.photo_caption_fields) if rules and rules.photo_caption_fields else ["content"]
    sections.append(_photos(min(n, 12), captions))
    if rules and rules.public_lesson_record_tiers:
        names = "、".join(plan.tier(t).name if plan.tier(t) else t for t in rules.public_lesson_record_tiers)
        sections.append(Section("公開授課紀錄表件（含備課、觀課、議課紀錄）", [Field("public_lesson", "紀錄摘要", "textarea", lines=6)],
                                note=f"{names}須檢附。", layout="text"))
    if rules and rules.practice_lesson_tiers:
        names = "、".join(plan.tier(t).name if plan.tier(t) else t for t in rules.practice_lesson_tiers)
        sections.append(Section("一堂實踐教學課程成果", [Field("practice_lesson", "課程成果摘要", "textarea", lines=6)],
                                note=f"{names}須含。", layout="text"))
    return FormSpec(form.id, plan.id, form_title(plan, form), _subtitle(plan, form, "本表請核章"), sections,
                    ["召集人／承辦人", "承辦主任", "校長"])


def dialogue(plan: Plan, form: Form) -> FormSpec:
    signin = _rows("a", SIGN_IN_ROWS, [("school", "服務學校", "s"), ("name", "姓名", "m"), ("sign", "簽名", "m")])
    return FormSpec(form.id, plan.id, form_title(plan, form), _subtitle(plan, form, "每次社群活動一份"), [
        Section("社群運作紀錄", [Field("community_name", "社群名稱", required=True, size="l"),
                            Field("meeting_no", "第幾次", "number", size="xs"), Field("recorder", "填表人"),
                            Field("date", "執行日期", size="s"), Field("time", "執行時間", size="s"),
                            Field("place", "執行地點")]),
        Section("專業對話摘要", [Field("dialogue", "專業對話摘要", "textarea", lines=14)], layout="text"),
        Section("與會人員簽到", layout="table", columns=[f.label for f in signin[0]], rows=signin),
    ], [])


def story(plan: Plan, form: Form) -> FormSpec:
    booklet = plan.booklet
    limit = booklet.max_chars if booklet else None
    intro = ("校內社群召集人及成員以故事型態分享發表：簡介社群內容與成果，並聚焦執行過程的酸甜苦辣、困境與解決策略、"
             "人與人的關係與團隊營造。" + (f"審查通過的故事收錄於「{booklet.title}」。" if booklet else ""))
    photos = max(booklet.min_photos or 0, 3) if booklet else 3
    return FormSpec(form.id, plan.id, form_title(plan, form), _subtitle(plan, form, "社群故事分享與發表成果"), [
        _header(Field("convener_name", "社群召集人", required=True)),
        Section("發表", [Field("story_date", "社群故事發表日期", size="s"), Field("story_place", "社群故事發表地點"),
                       Field("presenters", "參與發表成員（確實上台分享與發表者）", "textarea", lines=3)], note=intro),
        Section("社群故事", [Field("story", "故事內容" + (f"（{limit} 字內）" if limit else ""), "textarea", maxlength=limit,
                                   lines=16)], layout="text"),
        _photos(photos, ["caption"]),
    ], [])


def evaluation(plan: Plan, form: Form) -> FormSpec:
    """A checklist: what the plan itself says reviewers look at (criteria items and the form's items)."""
    items = list(form.items)
    for scoring in (plan.awards.scoring if plan.awards else []):
        for c in scoring.criteria:  # a criterion's own check items (期中檢核…); its name alone is the panel's
            items += [i for i in c.items if i not in items]
    rows = [[Field(f"e{i}_done", f"{text} 已完成", "checkbox", size="xs"), Field(f"e{i}_evidence", f"{text} 佐證資料", size="l")]
            for i, text in enumerate(items, 1)]
    tiers = Field("tier", "社群類別", "radio", [(t.id, t.name) for t in plan.tiers], required=True)
    return FormSpec(form.id, plan.id, form_title(plan, form), _subtitle(plan, form, "各社群先行填寫，隨成果報告上傳"), [
        _header(tiers, Field("convener_name", "社群召集人")),
        Section("檢核項目", layout="table", columns=["已完成", "佐證資料／說明（檔名或網址）"], rows=rows, row_labels=items,
                label_width="70mm"),
    ], ["召集人", "承辦人", "校長"])


BUILDERS: dict[str, Callable[[Plan, Form], FormSpec]] = {
    "summary": summary, "materials": materials, "books": books, "outcome": outcome, "dialogue": dialogue,
    "story": story, "evaluation": evaluation,
}


@dataclass
class PlanForm:
    """One downloadable form: the plan's entry and the spec it renders from (None: a sheet, not a form)."""
    form: Form
    spec: FormSpec | None


def plan_forms(plan: Plan) -> list[PlanForm]:
    """The plan's forms in its own order. The budget sheet is part of the application form (and an
    ODS of its own); event budgets are the centre's sheets, not forms schools fill in."""
    out, app_done = [], False
    for form in plan.forms:
        if form.kind in ("application", "budget"):
            if not app_done:
                spec = application(plan)
                spec.subtitle = f"{form.annex}．{spec.subtitle}" if form.annex else spec.subtitle
                out.append(PlanForm(form, spec))
                app_done = True
            elif form.kind == "budget":
                out.append(PlanForm(form, None))
        elif form.kind in BUILDERS:
            spec = BUILDERS[form.kind](plan, form)
            if form.signatures:  # the titles the plan's own form has (教務主任, 會計主任 …)
                spec.signatures = list(form.signatures)
            out.append(PlanForm(form, spec))
    return out


def form_fields(plan: Plan) -> dict[str, list[str]]:
    """{form name: its fields' labels, section by section, each once}: what a school fills in,
    for comparing two editions of a plan."""
    out = {}
    for pf in plan_forms(plan):
        if pf.spec is None:
            continue
        seen: list[str] = []
        for f in pf.spec.all_fields():
            label = f.label.strip()
            if label and f.kind != "static" and label not in seen:
                seen.append(label)
        out[pf.form.name] = seen
    return out
