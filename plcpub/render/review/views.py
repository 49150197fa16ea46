"""Plain rows for the timetable and results: the site pages, PDF, CSV and XLSX all show these, so
every format says the same thing. Only public facts: no reviewer names or reviewer-level scores."""
from __future__ import annotations

from dataclasses import dataclass, field

from plcpub.model.derived import budget_total, granted_amount, kinds_of
from plcpub.model.plan import Plan
from plcpub.util.money import format_money
from plcpub.review import PlanReview
from plcpub.review.cases import HIDDEN_SCHOOL, public_names
from plcpub.review.scoring import Candidate
from plcpub.util.rocdate import format_roc

CASE_COLUMNS = ["序號", "日期", "時間", "案件編號", "學校", "社群名稱", "類別"]
RESULT_COLUMNS = ["組別", "獎項", "學校", "社群名稱", "類別", "分數", "組內名次"]
AUDIT_COLUMNS = ["組別", "學校", "社群名稱", "分數", "組內名次", "結果", "說明"]
FUNDED_COLUMNS = ["名額", "學校", "社群名稱", "類別或類型", "申請金額", "核定金額"]
FUNDING_AUDIT_COLUMNS = ["名額", "學校", "社群名稱", "排序依據", "組內名次", "遴選結果", "說明"]
NUMERIC_COLUMNS = frozenset({"序號", "分數", "組內名次", "申請金額", "核定金額"})  # numbers in the spreadsheets


@dataclass
class DayView:
    label: str
    slots: list[list[str]]  # one cell per TimetableView.slot_columns


@dataclass
class TimetableView:
    days: list[DayView]
    cases: list[list[str]]  # CASE_COLUMNS
    problems: list[str]
    dated: bool  # the plan has review dates (calendar files need them)
    summary: str
    disclosure: str  # what the rows name and what they leave out, and on whose word
    codes: str  # whether the case codes are issued (recorded) or still provisional
    columns: list[str] = field(default_factory=lambda: list(CASE_COLUMNS))
    slot_columns: list[str] = field(default_factory=lambda: ["時間", "內容", "案件"])
    slot_of: dict[str, tuple[str, str]] = field(default_factory=dict)  # folder -> (slot in words, row anchor); public rows


@dataclass
class GroupView:
    name: str
    winners: list[list[str]]  # RESULT_COLUMNS
    vacant: list[str]  # "優等 2 名從缺"


@dataclass
class ResultsView:
    groups: list[GroupView]
    winners: list[list[str]]
    audit: list[list[str]]  # AUDIT_COLUMNS
    criteria: list[tuple[str, list[str]]]  # (the tiers they apply to, 「及時性（25%）：資料是否按時上傳」 …)
    vacancy_rule: str
    prizes: list[tuple[str, str]]
    combined: str  # how reviewers' totals are combined, in words
    certificates: list[tuple[str, str]] = field(default_factory=list)  # (label, file name)
    audit_columns: list[str] = field(default_factory=lambda: list(AUDIT_COLUMNS))
    title: str = "評選結果"  # 審查結果 where the plan awards nothing: the scores decide funding or rank only
    record_title: str = "評選紀錄"
    detail_columns: list[str] = field(default_factory=list)  # the audit's, then each criterion and reviewer
    detail: list[list[str]] = field(default_factory=list)  # the audit rows with their scores (評選紀錄 sheet)


def _time(t) -> str:
    return f"{t:%H:%M}"


def timetable_view(plan: Plan, pr: PlanReview) -> TimetableView | None:
    tt = pr.timetable
    if tt is None:
        return None
    slot_columns, days = day_tables(plan.review.sessions, tt)
    cases, slots = [], {}
    for sc in tt.cases:
        tier = plan.tier(sc.case.sb.sub.tier)
        day = format_roc(sc.date) if sc.date else f"第 {sc.day} 天"
        cases.append([str(sc.seq), day, f"{_time(sc.start)}–{_time(sc.end)}", sc.case.code, sc.case.public_school,
                      sc.case.title, (tier.name if tier else sc.case.sb.sub.tier) if sc.case.shows.name else HIDDEN_SCHOOL])
        if sc.case.shows.name:
            slots[sc.case.sb.id] = (f"{day} {_time(sc.start)}–{_time(sc.end)}（案件 {sc.case.code}）", f"case-{sc.case.code}")
    rs = plan.review.sessions
    summary = (f"共 {len(tt.cases)} 件，每場 {rs.session_minutes} 分鐘審查 {rs.cases_per_session} 件，"
               f"需 {tt.sessions_needed} 場、{tt.days_needed} 天。")
    return TimetableView(days, cases, tt.problems, bool(rs.dates), summary, disclosure(plan), codes_note(tt),
                         slot_columns=slot_columns, slot_of=slots)


def day_tables(rs, tt) -> tuple[list[str], list[DayView]]:
    """Each day's table with the columns the plan's own table has: 主持, 出席人員 (the case range
    and who attends, in place of the bare range) and 備註 only where the plan states them."""
    columns = ["時間", "內容"] + (["主持"] if rs.hosts else []) + (["出席人員"] if rs.attendees else ["案件"])
    columns += ["備註"] if rs.note else []
    days = []
    for d in tt.days:
        rows, noted = [], False
        for s in d.slots:
            row = [f"{_time(s.start)}–{_time(s.end)}", s.label]
            if rs.hosts:
                row.append(rs.hosts.get(s.kind, ""))
            row.append(f"{s.case_range}{rs.attendees}" if rs.attendees and s.cases else s.case_range)
            if rs.note:
                row.append(rs.note if s.kind == "session" and not noted else "")
                noted = noted or s.kind == "session"
            rows.append(row)
        days.append(DayView(d.label, rows))
    return columns, days


def codes_note(tt) -> str:
    """Promise only what holds: recorded codes never change, provisional ones may (review/cases.py)."""
    provisional = sum(not sc.case.recorded for sc in tt.cases)
    if not provisional:
        return "案件編號依送件先後給定，已登錄，之後不再變動。"
    if provisional == len(tt.cases):
        return "案件編號依送件先後暫定；登錄公告前若再加入送件日期較早的申請，其後的編號會依序後移。"
    return f"已登錄的案件編號不再變動；其餘 {provisional} 件為暫定編號（依送件先後，接在已登錄的編號之後）。"


def disclosure(plan: Plan) -> str:
    """What the public review files say about undecided and turned-down applications (Plan.publication)."""
    pending = plan.workflow.pending_public
    hidden = "只列案件編號與時段，不公開學校與社群名稱"
    if pending is None or pending.show == "none":
        return f"尚在審查中、未通過或撤回的案件{hidden}。"
    shown = "學校名稱" if pending.show == "school" else "學校與社群名稱"
    source = f"（依計畫 {pending.clause}）" if pending.clause else ""
    return f"尚在審查中的案件公開{shown}{source}；未通過或撤回的案件{hidden}。"


def shown_names(plan: Plan, sb, school_name: str) -> tuple[str, str]:
    """(school, community) as a public row may print them: Plan.publication decides."""
    return public_names(plan.publication(sb.sub.status), school_name, sb.sub.name)


def _opt(value) -> str:
    return "" if value is None else str(value)


def _row(c: Candidate, plan: Plan, group: str) -> list[str]:
    tier = plan.tier(c.sb.sub.tier)
    school, name = shown_names(plan, c.sb, c.school_name)
    return [group, c.award or "", school, name, tier.name if tier else c.sb.sub.tier, _opt(c.score), _opt(c.rank)]


def results_view(plan: Plan, pr: PlanReview) -> ResultsView | None:
    res = pr.results
    if res is None:
        return None
    groups, winners, audit, scored = [], [], [], []
    for g in res.groups:
        rows = [_row(c, plan, g.group.name) for level in res.levels for c in g.winners.get(level, [])]
        winners += rows
        empty = [f"{lv} {n} 名從缺（未達標準）" for lv, n in g.vacant.items() if n]
        empty += [f"{lv} {n} 名未頒發（參選社群不足）" for lv, n in g.unfilled.items() if n]
        groups.append(GroupView(g.group.name, rows, empty))
        audit += [[g.group.name, *shown_names(plan, c.sb, c.school_name), _opt(c.score), _opt(c.rank),
                   c.award or "未獲獎", c.reason] for c in g.ranked]
        scored += g.ranked
    audit += [["—", *shown_names(plan, c.sb, c.school_name), _opt(c.score), _opt(c.rank), "—", c.reason]
              for c in res.others]
    scored += res.others
    criteria = []  # (the tiers they apply to, each criterion in the plan's words)
    if plan.awards:
        for sc in plan.awards.scoring:
            names = "、".join(t.name for t in (plan.tier(x) for x in sc.tiers) if t)
            criteria.append((names, [c.sentence for c in sc.criteria]))
    elif plan.review:
        criteria = [("全部", [c.sentence for c in plan.review.criteria])]
    awards = plan.awards
    rule = awards.vacancy_rule if awards and awards.vacancy_rule else ""
    if awards and (awards.level_min_scores or awards.vacancy_min_score is not None):
        mins = awards.level_min_scores or {lv: awards.vacancy_min_score for lv in awards.levels}
        rule += "（最低分數：" + "、".join(f"{lv} {v} 分" for lv, v in mins.items()) + "）"
    elif rule:
        rule += "（計畫未訂最低分數，因此不以分數從缺）"
    combined = "中位數" if awards and awards.aggregation == "median" else "平均"
    if awards and awards.normalise:
        combined += "（先依委員標準化，消除評分寬嚴差異）"
    columns = list(AUDIT_COLUMNS)
    if not res.groups:  # nothing awarded: no group or result to show, only the ranking
        keep = [i for i, c in enumerate(AUDIT_COLUMNS) if c not in ("組別", "結果")]
        columns, audit = [AUDIT_COLUMNS[i] for i in keep], [[row[i] for i in keep] for row in audit]
    detail_columns, detail = audit_detail(res, scored, audit, columns)
    titles = ("評選結果", "評選紀錄") if awards else ("審查結果", "審查紀錄")
    return ResultsView(groups, winners, audit, criteria, rule, list(awards.prizes.items()) if awards else [], combined,
                       audit_columns=columns, title=titles[0], record_title=titles[1],
                       detail_columns=detail_columns, detail=detail)


def audit_detail(res, scored: list, audit: list[list[str]], audit_columns: list[str]) -> tuple[list[str], list[list[str]]]:
    """評選紀錄 as the centre files it: each audit row with every criterion's combined score and each
    reviewer's total. Reviewers are numbered, not named (the file is public); one who works at the
    community's school is marked 迴避, and the row's 說明 says how its score was combined."""
    criteria = {}
    for c in scored:
        for cr in c.criteria:
            criteria.setdefault(cr.id, f"{cr.label}（{cr.weight}）" if cr.weight is not None else cr.label)
    columns = audit_columns + list(criteria.values()) + [f"委員{k}" for k in range(1, len(res.reviewers) + 1)]
    rows = []
    for row, c in zip(audit, scored):
        rows.append(row + [_opt(c.by_criterion.get(cid)) for cid in criteria]
                    + [f"{c.totals[r]:.2f}" if r in c.totals else "迴避" if r in c.recused else "" for r in res.reviewers])
    return columns, rows


@dataclass
class FundingView:
    funded: list[list[str]]  # FUNDED_COLUMNS: the applications the workflow marks funded, public ones only
    seats: list[str]  # 特殊教育社群：名額 20 隊，已核定 1 隊
    method: str  # how applications are ordered, in words
    audit: list[list[str]]  # FUNDING_AUDIT_COLUMNS: every candidate, named only where its status may be
    granted_total: int
    envelope: str


METHOD_ZH = {"mean": "委員分數平均", "median": "委員分數中位數", "normalised": "委員分數依委員標準化後平均",
             "rank-sum": "序位法（各委員於組內排定名次，名次合計小者優先）",
             "rank-median": "序位法（各委員於組內排定名次，取名次中位數，小者優先）"}


def funding_view(plan: Plan, pr: PlanReview, subs) -> FundingView | None:
    """The funded list as decided (statuses) and the selection's record with a reason for every
    application: no certificates, no award words."""
    res, f = pr.funding, plan.funding
    if res is None:
        return None
    order = {d.sb.id: i for i, d in enumerate(res.decisions)}
    decided = {d.sb.id: d for d in res.decisions}
    funded, counts, total = [], {}, 0
    for sb in sorted(subs, key=lambda sb: (order.get(sb.id, len(order)), sb.id)):
        st = plan.status(sb.sub.status)
        if st is None or not st.funded:
            continue
        d = decided.get(sb.id)
        seat = f.seat_name(f.quota_of(kinds_of(plan, sb.sub)))
        counts[seat] = counts.get(seat, 0) + 1
        granted = granted_amount(plan, sb.sub)
        if not plan.publication(sb.sub.status).page:
            continue
        total += granted
        tier = plan.tier(sb.sub.tier)
        kind = sb.sub.community_kind or (tier.name if tier and plan.tiers_stated else "")
        school = d.cand.school_name if d else sb.sub.school
        funded.append([seat, school, sb.sub.name, kind, str(budget_total(sb.sub)), str(granted)])
    seats = [f"{name}：名額 {'不限' if n is None else f'{n} 隊'}，已核定 {counts.get(name, 0)} 隊" for name, n, _ in res.seats]
    audit = [[d.seat_name, *shown_names(plan, d.sb, d.cand.school_name), d.measure, _opt(d.place),
              "建議核定" if d.funded else "未列入核定", d.reason] for d in res.decisions]
    envelope = format_money(f.envelope) if f.envelope is not None else ""
    return FundingView(funded, seats, METHOD_ZH[f.method], audit, total, envelope)
