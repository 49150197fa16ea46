"""Review data: the timetable fits the plan's sessions and dates (the stated timetable itself is
plan.session-arithmetic), and score sheets name real reviewers, cases and criteria with scores in range."""
from __future__ import annotations

from plcpub.review import plan_review
from plcpub.review.funding import rank_entries
from plcpub.review.scoring import DEFAULT_TIE_BREAK, case_criteria, criterion_max, find_case
from plcpub.validate.rules import Ctx, did_you_mean, rule


@rule("review.timetable", "error", "審查時程排不下或重複排入", "aggregate")
def timetable_fits(ctx: Ctx):
    rs = ctx.plan.review.sessions if ctx.plan.review else None
    if rs is None:
        return
    tt = plan_review(ctx.project, ctx.pb).timetable
    for problem in tt.problems:
        ctx.report(("review", "sessions", "dates") if rs.dates else ("review", "sessions"), problem, clause=rs.clause)


@rule("review.reviewers", "error", "審查委員名單錯誤", "aggregate")
def reviewers(ctx: Ctx):
    reviews = ctx.project.reviews.get(ctx.plan.id)
    if not reviews or not reviews.reviewers:
        return
    seen = set()
    for i, r in enumerate(reviews.reviewers.reviewers):
        if r.id in seen:
            ctx.report(("reviewers", i, "id"), f"委員代號「{r.id}」重複。", doc=reviews.reviewers_doc)
        seen.add(r.id)
        if r.school and ctx.pb.schools and r.school not in ctx.pb.schools:
            ctx.report(("reviewers", i, "school"), f"學校代碼「{r.school}」不在學校名冊中。", doc=reviews.reviewers_doc)


def _entries(ctx: Ctx, reviews, codes):
    """Every score entry with the submission it names (None when it names none) and its criteria."""
    by_id = {sb.id: sb for sb in ctx.project.submissions_of(ctx.plan.id)}
    for sheet, doc in reviews.sheets:
        for i, entry in enumerate(sheet.scores):
            sb = find_case(entry.case, by_id, codes)
            yield sheet, doc, i, entry, sb, ({c.id: c for c in case_criteria(ctx.plan, sb.sub)} if sb else {})


@rule("review.scores", "error", "評分表錯誤（委員、案件、項目、分數範圍、重複評分）", "aggregate")
def score_sheets(ctx: Ctx):
    reviews = ctx.project.reviews.get(ctx.plan.id)
    if not reviews or not reviews.sheets:
        return
    pr = plan_review(ctx.project, ctx.pb)
    known_reviewers = {r.id for r in reviews.reviewers.reviewers} if reviews.reviewers else None
    school_of = {r.id: r.school for r in reviews.reviewers.reviewers if r.school} if reviews.reviewers else {}
    scored: dict[tuple, str] = {}
    for sheet, doc in reviews.sheets:
        if known_reviewers is not None and sheet.reviewer not in known_reviewers:
            ctx.report(("reviewer",), f"委員「{sheet.reviewer}」不在 reviewers.yaml 名單中。" + did_you_mean(sheet.reviewer, known_reviewers),
                       doc=doc)
    for sheet, doc, i, entry, sb, criteria in _entries(ctx, reviews, pr.codes):
        if sb is None:
            ctx.report(("scores", i, "case"), f"找不到案件「{entry.case}」（請寫案件編號或社群資料夾名稱）。"
                       + did_you_mean(entry.case, [*pr.codes, *(s.id for s in ctx.project.submissions_of(ctx.plan.id))]),
                       doc=doc)
            continue
        where = f"{doc.source.display}:{doc.where(('scores', i, 'case'))[0]}"
        key = (sheet.reviewer, sb.id)
        if key in scored:
            ctx.report(("scores", i, "case"), f"委員「{sheet.reviewer}」已評過「{sb.sub.name}」（{scored[key]}），同一案件只能評一次。",
                       doc=doc)
        scored.setdefault(key, where)
        if school_of.get(sheet.reviewer) in sb.sub.all_schools():
            ctx.report(("scores", i, "case"), f"委員「{sheet.reviewer}」與「{sb.sub.name}」同校（{school_of[sheet.reviewer]}），應迴避，不可評分。",
                       doc=doc)
        if entry.rank is not None and not entry.scores:  # a rank sheet (序位法): review.ranks checks it
            continue
        if not criteria:
            ctx.report(("scores", i, "case"), f"「{sb.sub.name}」的類別沒有評分項目，無法評分。", doc=doc)
            continue
        for k, v in entry.scores.items():
            c = criteria.get(k)
            if c is None:
                ctx.report(("scores", i, "scores", k), f"計畫沒有評分項目「{k}」。" + did_you_mean(k, criteria), doc=doc, key=True)
            elif v > criterion_max(c):
                ctx.report(("scores", i, "scores", k), f"「{c.name}」配分 {criterion_max(c)} 分，收到 {v} 分。", doc=doc)


@rule("review.scores-missing", "warning", "評分表缺少評分項目", "aggregate")
def missing_criteria(ctx: Ctx):
    """A criterion left out counts as 0 in the total: usually an oversight, so say which."""
    reviews = ctx.project.reviews.get(ctx.plan.id)
    if not reviews:
        return
    for _, doc, i, entry, sb, criteria in _entries(ctx, reviews, plan_review(ctx.project, ctx.pb).codes):
        missing = [c.name for cid, c in criteria.items() if cid not in entry.scores]
        if sb and missing and not (entry.rank is not None and not entry.scores):
            ctx.report(("scores", i, "scores"), f"「{sb.sub.name}」缺少評分項目：{'、'.join(missing)}（以 0 分計）。", doc=doc)


@rule("awards.vacancy-standard", "warning", "計畫說未達標準者從缺，卻沒有訂出標準", "plan")
def vacancy_standard(ctx: Ctx):
    a = ctx.plan.awards
    if a and a.vacancy_rule and a.vacancy_min_score is None and not a.level_min_scores:
        ctx.report(("awards", "vacancy_rule"), f"計畫寫「{a.vacancy_rule}」，但沒有訂出標準分數；評選時無法判斷誰未達標準。"
                   "請在 awards.level_min_scores（各獎項最低分數）或 vacancy_min_score 寫明。", clause=a.clause)


@rule("awards.tie-by-default", "warning", "同分跨越名額界線，由預設順序決定", "aggregate")
def tie_by_default(ctx: Ctx):
    """Equal totals the plan's tie-break cannot order, on either side of a seat or a level: the
    result then rests on plcpub's default (case code), not on anything the plan says."""
    a = ctx.plan.awards
    results = plan_review(ctx.project, ctx.pb).results if a else None
    if results is None:
        return
    for tie in results.boundary_ties():
        first, second = tie.first, tie.second
        why = "計畫所訂的同分比較項目也相同" if a.tie_break else "計畫未訂同分比較方式（awards.tie_break）"
        ctx.report(("awards", "tie_break") if a.tie_break else ("awards",),
                   f"「{first.sb.sub.name}」與「{second.sb.sub.name}」同為 {first.score} 分，{why}，"
                   f"結果由預設的{DEFAULT_TIE_BREAK}決定：前者{first.award or '未獲獎'}、後者{second.award or '未獲獎'}。"
                   "請依計畫或評審會議決定同分的處理方式，寫入 awards.tie_break。", clause=a.clause, key=not a.tie_break)


@rule("review.case-code", "error", "審查案件編號重複", "aggregate")
def case_codes(ctx: Ctx):
    """A recorded case code is a promise to a school: two applications cannot hold the same one."""
    first: dict[str, str] = {}
    for sb in ctx.project.submissions_of(ctx.plan.id):
        code = sb.sub.case_code
        if code is None:
            continue
        if code in first:
            ctx.report(("case_code",), f"案件編號「{code}」已登錄給「{first[code]}」，同一編號不能給兩個申請案。", doc=sb.doc)
        first.setdefault(code, sb.sub.name)


@rule("review.ranks", "error", "序位表的名次重複、跳號或超出範圍", "aggregate")
def rank_sheets(ctx: Ctx):
    """序位法: each reviewer ranks the applications of one group (the plan's funding quota, or
    the general seats) 1, 2, 3 … with no rank twice, none skipped and none past the group's size."""
    f = ctx.plan.funding
    reviews = ctx.project.reviews.get(ctx.plan.id)
    if f is None or not f.by_rank or not reviews:
        return
    pr = plan_review(ctx.project, ctx.pb)
    by_id = {sb.id: sb for sb in ctx.project.submissions_of(ctx.plan.id)}
    group_of = {d.sb.id: d.seat_name for d in pr.funding.decisions}
    size: dict[str, int] = {}
    for name in group_of.values():
        size[name] = size.get(name, 0) + 1
    given: dict[tuple[str, str], dict[int, tuple]] = {}
    for reviewer, sb, rank, doc, i in rank_entries(reviews, by_id, pr.codes):
        group = group_of.get(sb.id)
        if group is None:
            ctx.report(("scores", i, "case"), f"「{sb.sub.name}」不在核定排序的申請案中（狀態不符），不能排序。", doc=doc)
            continue
        ranks = given.setdefault((reviewer, group), {})
        where = f"「{group}」組" if len(size) > 1 else ""
        if rank < 1 or rank > size[group]:
            ctx.report(("scores", i, "rank"), f"委員「{reviewer}」{where}給了第 {rank} 名，但{where or '本次'}只有 {size[group]} 件申請案"
                       f"（名次應為 1 到 {size[group]}）。", doc=doc, clause=f.clause)
        elif rank in ranks:
            ctx.report(("scores", i, "rank"), f"委員「{reviewer}」{where}已把第 {rank} 名給了「{ranks[rank][0]}」，同一名次不能給兩件。",
                       doc=doc, clause=f.clause)
        else:
            ranks[rank] = (sb.sub.name, doc, i)
    for (reviewer, group), ranks in given.items():
        if not ranks:
            continue
        gaps = [r for r in range(1, max(ranks) + 1) if r not in ranks]
        if gaps:
            last = ranks[max(ranks)]
            ctx.report(("scores", last[2], "rank"), f"委員「{reviewer}」的名次跳過了第 {'、'.join(map(str, gaps))} 名："
                       "名次應從 1 起連續排列。", doc=last[1], clause=f.clause)
