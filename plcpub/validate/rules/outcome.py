"""The outcome report and story: meeting records, attendance, photos, consent (their upload
deadlines: rules/deadlines.py)."""
from __future__ import annotations

import math
import os
import re

from plcpub.cache import file_digest, key_of
from plcpub.load.markdown import image_refs, local_path, parse_markdown, shown_in_text
from plcpub.load.source import SourceError, inside, read_source
from plcpub.load.yamlsrc import YamlErrors
from plcpub.load.photo import PhotoError, decodes, inspect
from plcpub.model.plan import MIN_PRINT_PPI, lone_photo_width_mm, photo_widths_mm
from plcpub.validate.rules import Ctx, rule


def _decode_key(path) -> str:
    return key_of("photo-decodes", file_digest(path))


def _decode_answer(path) -> str:
    """'' when the photo decodes, else the reason (for the process pool: plain strings)."""
    try:
        decodes(path)
        return ""
    except PhotoError as e:
        return str(e)


def decode_published_photos(project, subs) -> None:
    """Decode, on every core, the published photos whose answer is not cached yet, so the rule below
    finds every answer in the cache (a city's first check: hundreds of 12 MP photos at ~50 ms each)."""
    cache = project.cache
    if cache is None:
        return
    todo = {}
    for sb in subs:
        for ph in (sb.story.photos if sb.story else []):
            p = inside(sb.dir, ph.file) if ph.consent else None
            if p is not None and p.is_file() and cache.get(key := _decode_key(p)) is None:
                todo[key] = p
    if len(todo) < 8:
        return  # the rule decodes these few itself
    from concurrent.futures import ProcessPoolExecutor

    from plcpub.process import pool_context
    with ProcessPoolExecutor(min(os.cpu_count() or 1, len(todo)), mp_context=pool_context()) as pool:
        for key, answer in zip(todo, pool.map(_decode_answer, todo.values(), chunksize=4)):
            cache.put(key, answer)


def _decodes(ctx: Ctx, path) -> None:
    """decodes() once per photo content: a rebuild (or another community using the same file)
    finds the answer by the file's digest, remembered by stat."""
    cache = ctx.project.cache
    key = _decode_key(path) if cache else None
    answer = cache.get(key) if key else None
    if answer is None:
        answer = _decode_answer(path)
        if key:
            cache.put(key, answer)
    if answer:
        raise PhotoError(answer)


def check_files(ctx: Ctx, photos, doc, field: str, published: bool = False) -> dict[int, tuple[int, int]]:
    """Every photo exists inside the folder and opens; `published` ones (a story's consented
    photos) are decoded in full, as the site and the booklet will. Returns the upright size of
    each photo that opened, by its index."""
    sizes = {}
    for i, ph in enumerate(photos):
        p = inside(ctx.sb.dir, ph.file)
        if p is None:
            ctx.report((field, i, "file"), f"照片路徑「{ph.file}」離開了社群資料夾；請把照片放在社群資料夾內並用相對路徑。",
                       doc=doc, rule_id="file.outside", severity="error")
        elif not p.is_file():
            ctx.report((field, i, "file"), f"找不到照片「{ph.file}」。", doc=doc, rule_id="file.missing", severity="error")
        else:
            try:
                sizes[i] = inspect(p)
                if published and ph.consent:
                    _decodes(ctx, p)
            except PhotoError as e:
                sizes.pop(i, None)
                ctx.report((field, i, "file"), f"照片「{ph.file}」：{e}", doc=doc, rule_id="photo.invalid", severity="error")
    return sizes


@rule("file.missing", "error", "引用的照片或紀錄檔不存在（路徑離開社群資料夾時為 file.outside）", "submission")
def outcome_files(ctx: Ctx):
    o = ctx.sb.outcome
    if o is not None:
        check_files(ctx, o.photos, ctx.sb.outcome_doc, "photos")
        for field, what in (("public_lesson_record", "公開授課紀錄檔"), ("practice_lesson", "實踐教學課程成果檔")):
            name = getattr(o, field)
            if name:
                p = inside(ctx.sb.dir, name)
                if p is None or not p.is_file():
                    ctx.report((field,), f"找不到{what}「{name}」。", doc=ctx.sb.outcome_doc, rule_id="file.missing")
    if ctx.sb.story is not None:
        sizes = check_files(ctx, ctx.sb.story.photos, ctx.sb.story_doc.meta, "photos", published=True)
        for i, mm in booklet_widths(ctx, sizes).items():
            width, ph = sizes[i][0], ctx.sb.story.photos[i]
            if width / (mm / 25.4) < MIN_PRINT_PPI:
                ctx.report(("photos", i, "file"), f"照片「{ph.file}」寬 {width} 像素，在成果集印出約 {mm:.0f} 公釐寬，"
                           f"只有約 {width / (mm / 25.4):.0f} ppi，印出來會模糊（至少需 {MIN_PRINT_PPI} ppi）；請改用原始大小的照片"
                           f"（寬至少 {math.ceil(mm / 25.4 * MIN_PRINT_PPI)} 像素，例如手機相簿的原圖，不要用通訊軟體傳過的縮圖）。",
                           doc=ctx.sb.story_doc.meta, rule_id="photo.low-resolution", severity="warning")


def booklet_widths(ctx: Ctx, sizes: dict[int, tuple[int, int]]) -> dict[int, float]:
    """The width each of the story's photos is printed at in the booklet, laid out as the booklet
    does (render/booklet/pdf.py place_photos): the consented photos that open, up to the booklet's
    limit; those the text shows in place at the lone-photo width, the rest in rows
    (model.plan.photo_widths_mm). None when the booklet will not print the story."""
    b, st = ctx.plan.booklet, ctx.sb.story
    if b is None or not st.consent:
        return {}
    shown = [i for i, ph in enumerate(st.photos) if ph.consent and i in sizes][:b.max_photos or None]
    in_text = {shown[k] for k in shown_in_text(ctx.sb.story_doc.body, [st.photos[i].file for i in shown])}
    rows = [i for i in shown if i not in in_text]
    widths = photo_widths_mm(b.size, [sizes[i][0] / sizes[i][1] for i in rows])
    return {**dict(zip(rows, widths)), **{i: lone_photo_width_mm(b.size) for i in in_text}}


def _report(ctx: Ctx):
    """(outcome report, the plan's outcome rules), or None when there is nothing to check."""
    if ctx.sb.outcome is None or ctx.plan.outcome is None:
        return None
    return ctx.sb.outcome, ctx.plan.outcome


@rule("outcome.meeting-records", "error", "對話紀錄次數不足", "submission")
def meeting_records(ctx: Ctx):
    t = ctx.plan.tier(ctx.sub.tier)
    if not (found := _report(ctx)) or not found[1].meeting_records or t is None:
        return
    o, rules = found
    need = t.min_meetings or 0
    if len(o.meetings) < need:
        ctx.report(("meetings",), f"每次社群活動都要填寫對話紀錄；「{t.name}」至少 {need} 次，目前有 {len(o.meetings)} 份。",
                   doc=ctx.sb.outcome_doc, clause=rules.clause)


@rule("outcome.attendance", "error", "對話紀錄缺少簽到", "submission")
def attendance(ctx: Ctx):
    if not (found := _report(ctx)) or not found[1].attendance:
        return
    o, rules = found
    for i, m in enumerate(o.meetings):
        if not m.attendance:
            ctx.report(("meetings", i), f"第 {m.session} 次對話紀錄缺少與會人員簽到（attendance）。",
                       doc=ctx.sb.outcome_doc, clause=rules.clause)


@rule("outcome.photo-count", "error", "成果照片張數不符", "submission")
def photo_count(ctx: Ctx):
    if not (found := _report(ctx)):
        return
    o, rules = found
    n = len(o.photos)
    if rules.min_photos and n < rules.min_photos or rules.max_photos and n > rules.max_photos:
        rng = f"{rules.min_photos or 0}～{rules.max_photos}" if rules.max_photos else f"至少 {rules.min_photos}"
        ctx.report(("photos",), f"成果照片須 {rng} 張，目前 {n} 張。", doc=ctx.sb.outcome_doc, clause=rules.clause)


@rule("outcome.photos-per-meeting", "error", "每次活動至少一張照片", "submission")
def photos_per_meeting(ctx: Ctx):
    if not (found := _report(ctx)) or not found[1].photos_per_meeting:
        return
    o, rules = found
    for i, m in enumerate(o.meetings):
        n = sum(1 for p in o.photos if p.session == m.session)
        if n < rules.photos_per_meeting:
            ctx.report(("meetings", i), f"第 {m.session} 次活動需要至少 {rules.photos_per_meeting} 張照片"
                                        f"（照片的 session 填 {m.session}），目前 {n} 張。", doc=ctx.sb.outcome_doc, clause=rules.clause)


@rule("outcome.photo-caption", "error", "照片說明不完整", "submission")
def photo_caption(ctx: Ctx):
    if not (found := _report(ctx)):
        return
    o, rules = found
    zh = {"content": "活動內容", "date": "日期", "place": "地點"}
    for i, p in enumerate(o.photos):
        missing = [zh[f] for f in rules.photo_caption_fields
                   if (f == "content" and not p.caption) or (f != "content" and getattr(p, f) is None)]
        if missing:
            ctx.report(("photos", i), f"照片說明須包含{'、'.join(missing)}。", doc=ctx.sb.outcome_doc, clause=rules.clause)


def _required_part(tiers: str, field: str, what: str):
    """A rule: the outcome report of a tier the plan lists under `tiers` has its `field` (a file)."""
    def check(ctx: Ctx):
        t = ctx.plan.tier(ctx.sub.tier)
        if not (found := _report(ctx)) or t is None:
            return
        o, rules = found
        if t.id in getattr(rules, tiers) and not getattr(o, field):
            ctx.report((), f"「{t.name}」的成果須附{what}：{field}。", doc=ctx.sb.outcome_doc, clause=rules.clause)
    return check


rule("outcome.public-lesson-record", "error", "缺少公開授課紀錄", "submission")(
    _required_part("public_lesson_record_tiers", "public_lesson_record", "一次公開授課紀錄表件（含備課、觀課、議課紀錄）"))
rule("outcome.practice-lesson", "error", "成果報告缺少實踐教學課程成果", "submission")(
    _required_part("practice_lesson_tiers", "practice_lesson", "一堂實踐教學課程成果"))


@rule("outcome.unanswered", "error", "成果報告題目未回答", "submission")
def unanswered(ctx: Ctx):
    if not (found := _report(ctx)):
        return
    o, rules = found
    for q in rules.questions:
        if not (o.answers.get(q) or "").strip():
            ctx.report(("answers",), f"成果報告須回答：「{q}」。", doc=ctx.sb.outcome_doc, clause=rules.clause)


@rule("story.consent", "warning", "故事未同意公開", "submission")
def story_consent(ctx: Ctx):
    st = ctx.sb.story
    if st is None:
        return
    doc = ctx.sb.story_doc.meta
    if not st.consent:
        ctx.report(("consent",), "故事尚未同意公開（consent: false），不會收錄於成果集與網站。", doc=doc)
    for i, p in enumerate(st.photos):
        if not p.consent:
            ctx.report(("photos", i, "consent"), f"照片「{p.file}」未取得照片中人物的公開同意，不會公開。", doc=doc)


@rule("story.image", "error", "故事內文的圖片不是社群資料夾內、同意公開的照片", "submission")
def story_images(ctx: Ctx):
    """An image in the text is published only when it is one of the story's consented photos: a
    URL would be a tracking pixel or hotlinking, a path outside the folder someone else's file."""
    md = ctx.sb.story_doc
    if md is None or ctx.sb.story is None:
        return
    photos = {local_path(p.file): p for p in ctx.sb.story.photos}
    for line, col, src in image_refs(md.body):
        path = local_path(src)
        if path is None:
            why = (f"圖片「{src}」不在社群資料夾內（網址或資料夾外的檔案不會發布，也可能被用來追蹤讀者）；"
                   "請把照片放進社群資料夾，列在開頭的 photos，再用相對路徑引用。")
        elif path not in photos:
            why = f"圖片「{src}」沒有列在開頭的 photos；請把它加入 photos，寫上說明與 consent（照片中人物是否同意公開）。"
        elif not photos[path].consent:
            why = f"圖片「{src}」在 photos 中未同意公開（consent: false），不能放在故事內文。"
        else:
            continue
        ctx.report_at(md.source.display, md.body_line + line - 1, col, why)


@rule("story.limits", "warning", "故事字數或照片數超出成果集規定", "submission")
def story_limits(ctx: Ctx):
    st, b = ctx.sb.story, ctx.plan.booklet
    if st is None or b is None:
        return
    doc = ctx.sb.story_doc.meta
    n = len(re.sub(r"\s|[#>*_`-]", "", ctx.sb.story_doc.body))
    if b.max_chars and n > b.max_chars:
        ctx.report(("title",), f"故事約 {n} 字，成果集每篇以 {b.max_chars} 字為限。", doc=doc, clause=b.clause)
    k = len(st.photos)
    if (b.min_photos and k < b.min_photos) or (b.max_photos and k > b.max_photos):
        ctx.report(("photos",), f"成果集每篇照片 {b.min_photos or 0}～{b.max_photos or '不限'} 張，目前 {k} 張。",
                   doc=doc, clause=b.clause)


@rule("booklet.files", "error", "成果集的序言或封面檔不存在或無法使用", "plan")
def booklet_files(ctx: Ctx):
    b = ctx.plan.booklet
    if b is None:
        return
    for field, what in (("preface", "序言"), ("cover_image", "封面圖")):
        rel = getattr(b, field)
        if not rel:
            continue
        p = inside(ctx.pb.dir, rel)
        if p is None or not p.is_file():
            ctx.report(("booklet", field), f"找不到成果集{what}「{rel}」（請放在計畫資料夾內，用相對路徑）。", clause=b.clause)
        elif field == "cover_image":
            try:
                inspect(p)
                _decodes(ctx, p)
            except PhotoError as e:
                ctx.report(("booklet", field), f"成果集封面圖「{rel}」：{e}", clause=b.clause)


@rule("plan.image", "error", "計畫本文或序言中有圖片", "plan")
def plan_images(ctx: Ctx):
    """Plan prose and the booklet preface are published as text: an image there would be fetched
    from wherever it points (a URL is a tracking pixel); the site shows only communities' photos."""
    docs = [ctx.pb.prose_doc] if ctx.pb.prose_doc else []
    b = ctx.plan.booklet
    if b and b.preface and (p := inside(ctx.pb.dir, b.preface)) is not None and p.is_file():
        try:
            docs.append(parse_markdown(read_source(p, ctx.project.root)))
        except (SourceError, YamlErrors):
            pass  # booklet.files reports an unreadable preface
    for md in docs:
        for line, col, src in image_refs(md.body):
            ctx.report_at(md.source.display, md.body_line + line - 1, col,
                          f"計畫文字中不能插入圖片「{src}」：網站不會顯示它（網址圖片可能被用來追蹤讀者），請改用文字說明。")
