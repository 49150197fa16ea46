"""Review timetable and awards: the seeds' numbers hold (Keelung's day of 36 cases, Taoyuan's
quotas), bad data gives clear messages, and reviewers never sit on their own school's case."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal
from types import SimpleNamespace


from plcpub.load.project import ReviewBundle
from plcpub.model.review import CaseScore, Reviewer, ScoreSheet
from plcpub.model.workflow import HIDDEN, Publication
from plcpub.review.cases import Case, review_cases, review_order
from plcpub.review.scoring import score
from plcpub.review.timetable import build_timetable


NAMED = Publication(page=True, school=True, name=True)


def fake_case(i: int, school: str = "", district: str = "", day: int = 1, shows: Publication = NAMED) -> Case:
    school = school or f"S{i:03d}"
    sub = SimpleNamespace(school=school, name=f"社群{i}", partner_schools=[], tier="專業發展")
    sb = SimpleNamespace(id=f"c{i:03d}", sub=sub)
    return Case(f"113-{i:03d}", sb, school, f"學校{school}", district, dt.date(2024, 4, day), shows)


def keelung(project):
    return project.plans["keelung-113"].plan.review.sessions


def slots(day):
    return [(f"{s.start:%H:%M}", f"{s.end:%H:%M}", s.label, s.case_range) for s in day.slots]


def test_keelung_36_applications_reproduce_the_seed_day(project):
    tt = build_timetable(keelung(project), [fake_case(i) for i in range(1, 37)])
    assert len(tt.days) == 1 and tt.problems == []
    assert slots(tt.days[0]) == [
        ("08:30", "09:00", "報到", ""),
        ("09:00", "10:30", "審查結果說明（上午場1）", "第 1~9 案"),
        ("10:30", "10:40", "休息", ""),
        ("10:40", "12:10", "審查結果說明（上午場2）", "第 10~18 案"),
        ("12:10", "13:10", "午餐", ""),
        ("13:10", "14:40", "審查結果說明（下午場1）", "第 19~27 案"),
        ("14:40", "14:50", "休息", ""),
        ("14:50", "16:20", "審查結果說明（下午場2）", "第 28~36 案"),
    ]
    first = tt.cases[0]
    assert (f"{first.start:%H:%M}", f"{first.end:%H:%M}") == ("09:00", "09:10")  # 90 minutes / 9 cases


def test_54_applications_run_to_6_sessions_and_55_need_a_seventh(project):
    tt = build_timetable(keelung(project), [fake_case(i) for i in range(1, 55)])
    assert (tt.sessions_needed, tt.days_needed, tt.problems) == (6, 2, [])
    assert [s.case_range for s in tt.days[1].slots if s.kind == "session"] == ["第 37~45 案", "第 46~54 案"]
    over = build_timetable(keelung(project), [fake_case(i) for i in range(1, 56)])
    assert any("需要 7 場" in p and "6 場" in p for p in over.problems)


def test_too_few_dates_says_how_many_days_are_needed(project):
    rs = keelung(project).model_copy(update={"dates": [SimpleNamespace(date=dt.date(2024, 5, 6))]})
    tt = build_timetable(rs.model_copy(update={"total_sessions": None}), [fake_case(i) for i in range(1, 80)])
    assert any("需要 3 天" in p and "再增加 2 天" in p for p in tt.problems), tt.problems
    assert len(tt.cases) == 79  # nothing silently dropped


def test_a_duplicate_application_is_reported(project):
    a, b = fake_case(1), fake_case(2)
    b.sb.sub.school, b.sb.sub.name = a.sb.sub.school, a.sb.sub.name
    assert any("重複申請" in p for p in build_timetable(keelung(project), [a, b]).problems)


def test_reviewers_never_sit_on_their_own_schools_case(project):
    rs = keelung(project)
    cases = [fake_case(i) for i in range(1, 19)]
    cases[0].sb.sub.school = "A"  # the first case comes from reviewer r1's school
    morning = Reviewer(id="r1", name="委員一", school="A", sessions=[1])
    everywhere = Reviewer(id="r2", name="委員二", school="B")
    tt = build_timetable(rs, cases, [morning, everywhere])
    moved = next(sc for sc in tt.cases if sc.case is cases[0])
    assert moved.session == 2 and morning not in moved.reviewers  # waits for a session without r1
    assert all(morning not in sc.reviewers or sc.case.sb.sub.school != "A" for sc in tt.cases)
    cases[1].sb.sub.school = "B"  # r2 sits every session: the case keeps its place, r2 steps out
    tt = build_timetable(rs, cases, [morning, everywhere])
    b = next(sc for sc in tt.cases if sc.case is cases[1])
    assert everywhere in b.recused and everywhere not in b.reviewers


def test_order_rules():
    cases = [fake_case(1, "X", "北區", 3), fake_case(2, "Y", "南區", 1), fake_case(3, "X", "北區", 2)]
    assert [c.code for c in review_order(cases, ["submission"])] == ["113-002", "113-003", "113-001"]
    assert [c.code for c in review_order(cases, ["district", "submission"])] == ["113-003", "113-001", "113-002"]
    together = review_order(cases, ["submission", "keep-school-together"])
    assert [c.code for c in together] == ["113-002", "113-003", "113-001"]
    together = review_order([fake_case(1, "X", day=1), fake_case(2, "Y", day=2), fake_case(3, "X", day=3)],
                            ["submission", "keep-school-together"])
    assert [c.code for c in together] == ["113-001", "113-003", "113-002"]


def test_case_codes_are_stable_when_applications_arrive(project):
    pb = project.plans["keelung-113"]
    subs = project.submissions_of("keelung-113")
    before = {c.sb.id: c.code for c in review_cases(pb, subs)}
    late = SimpleNamespace(id="zz-late", sub=subs[0].sub.model_copy(update={"case_code": None,
        "history": [h.model_copy(update={"date": SimpleNamespace(date=dt.date(2024, 4, 26))}) for h in subs[0].sub.history]}))
    after = {c.sb.id: c.code for c in review_cases(pb, [*subs, late])}
    assert all(after[k] == v for k, v in before.items()) and after["zz-late"] > max(before.values())
    rejected = next(c for c in review_cases(pb, subs) if c.sb.id == "173502-rejected-example")
    assert not rejected.shows.name and not rejected.shows.school and rejected.title == "（不公開）"


# --- awards ------------------------------------------------------------------------------

def candidates(project, counts: dict[tuple[str, str], int]):
    """Synthetic Taoyuan communities: {(tier, school level): how many}, all with final results uploaded."""
    pb = project.plans["taoyuan-111"]
    schools, subs, base = dict(pb.schools), [], project.submissions_of("taoyuan-111")[0].sub
    n = 0
    for (tier, level), k in counts.items():
        for _ in range(k):
            n += 1
            code = f"9{n:05d}"
            schools[code] = SimpleNamespace(code=code, name=f"第{n}校", level=level, district="")
            subs.append(SimpleNamespace(id=f"t{n:03d}", sub=base.model_copy(update={"school": code, "tier": tier,
                                                                                     "name": f"社群{n}"})))
    return SimpleNamespace(plan=pb.plan, schools=schools), subs


def sheet(reviewer: str, scores: dict[str, dict]) -> tuple:
    return (ScoreSheet(reviewer=reviewer, scores=[CaseScore(case=k, scores=v) for k, v in scores.items()]), None)


def basic(x):
    return {"timeliness": 25, "completeness": 20, "richness": x}


def test_taoyuan_quotas_hold(project):
    pb, subs = candidates(project, {("basic", "國小"): 30, ("basic", "國中"): 10, ("advanced", "國小"): 8})
    scores = {sb.id: basic(50 - i % 40) if sb.sub.tier == "basic" else {"written": 40 - i % 30, "presentation": 50}
              for i, sb in enumerate(subs)}
    res = score(pb, subs, ReviewBundle(sheets=[sheet("r1", scores)]), {})
    got = {g.group.id: [len(g.winners[lv]) for lv in res.levels] for g in res.groups}
    assert got == {"basic-elementary": [3, 6, 9], "basic-junior": [1, 2, 3], "advanced": [2, 2, 1]}
    assert sum(len(g.winners["特優"]) for g in res.groups[:2]) == 4  # 共取特優4隊 (5、(1)(4)1)
    best = res.groups[0].ranked[0]
    assert best.award == "特優" and best.rank == 1 and "獲特優" in best.reason
    last = res.groups[0].ranked[-1]
    assert last.award is None and "名額已滿" in last.reason


def test_below_the_minimum_a_place_stays_vacant(project):
    pb, subs = candidates(project, {("basic", "國小"): 5})
    pb.plan = pb.plan.model_copy(update={"awards": pb.plan.awards.model_copy(update={
        "level_min_scores": {"特優": Decimal(90), "優等": Decimal(80), "甲等": Decimal(70)}})})
    totals = [95, 92, 85, 72, 60]  # 特優 needs 90: 2 of 3 seats, 優等 1 of 6, 甲等 1 of 9
    res = score(pb, subs, ReviewBundle(sheets=[sheet("r1", {sb.id: basic(t - 45) for sb, t in zip(subs, totals)})]), {})
    g = res.groups[0]
    assert [len(g.winners[lv]) for lv in res.levels] == [2, 1, 1]
    assert g.vacant == {"特優": 1, "優等": 2, "甲等": 1} and g.unfilled == {"特優": 0, "優等": 3, "甲等": 7}
    assert "未達甲等標準 70 分" in g.ranked[-1].reason


def test_median_normalisation_and_tie_break(project):
    pb, subs = candidates(project, {("basic", "國小"): 3})
    a, b, c = (sb.id for sb in subs)
    sheets = [sheet("r1", {a: basic(40), b: basic(40), c: basic(30)}),
              sheet("r2", {a: basic(45), b: basic(40), c: basic(10)}),
              sheet("r3", {a: basic(50), b: basic(50), c: basic(50)})]
    awards = pb.plan.awards
    pb.plan = pb.plan.model_copy(update={"awards": awards.model_copy(update={"aggregation": "median"})})
    res = score(pb, subs, ReviewBundle(sheets=sheets), {})
    by = {x.sb.id: x for x in res.candidates}
    assert (by[a].score, by[b].score, by[c].score) == (Decimal("90.00"), Decimal("85.00"), Decimal("75.00"))
    pb.plan = pb.plan.model_copy(update={"awards": awards.model_copy(update={"normalise": True})})
    res = score(pb, subs, ReviewBundle(sheets=sheets), {})
    assert all(x.score is not None for x in res.candidates)  # r3 scored everyone alike: left as is, no division by 0
    tie = [sheet("r1", {a: {"timeliness": 20, "completeness": 25, "richness": 40},
                        b: {"timeliness": 25, "completeness": 20, "richness": 40}})]
    pb.plan = pb.plan.model_copy(update={"awards": awards.model_copy(update={"tie_break": ["timeliness"]})})
    ranked = score(pb, subs[:2], ReviewBundle(sheets=tie), {}).groups[0].ranked
    assert [x.sb.id for x in ranked] == [b, a] and [x.rank for x in ranked] == [1, 2]


def test_example_results_are_explained(project):
    from plcpub.review import plan_review
    res = plan_review(project, project.plans["taoyuan-111"]).results
    reading = next(c for c in res.candidates if c.sb.id == "033601-basic-reading")
    assert set(reading.totals) == {"r1", "r3"}  # r2 works at the same school and did not score it
    assert all(c.reason for c in res.candidates)


def test_calendars_import_with_taipei_times(project, tmp_path):
    from icalendar import Calendar

    from plcpub.render.review.files import Revisions, write_ics
    plan = project.plans["keelung-113"].plan
    rs = keelung(project).model_copy(update={"dates": [SimpleNamespace(date=dt.date(2024, 5, 6)),
                                                       SimpleNamespace(date=dt.date(2024, 5, 7))]})
    plan = plan.model_copy(update={"review": plan.review.model_copy(update={"sessions": rs})})
    cases = [fake_case(i, "A" if i in (3, 40) else "") for i in range(1, 46)]
    tt = build_timetable(rs, cases)
    revisions = Revisions(tmp_path / "revisions.json")
    cal = Calendar.from_ical(write_ics(tmp_path / "all.ics", plan, tt, revisions).read_bytes())
    zones = cal.walk("VTIMEZONE")
    assert [str(z["tzid"]) for z in zones] == ["Asia/Taipei"]  # clients without the zone database read +08:00
    events = cal.walk("VEVENT")
    assert len(events) == 45
    first = events[0]
    start = first.decoded("dtstart")
    assert start.isoformat() == "2024-05-06T09:00:00+08:00" and str(start.tzinfo) == "Asia/Taipei"
    assert first.decoded("dtend").isoformat() == "2024-05-06T09:10:00+08:00"
    assert events[-1].decoded("dtstart").isoformat() == "2024-05-07T10:20:00+08:00"  # case 45: day 2, last of session 1
    mine = Calendar.from_ical(write_ics(tmp_path / "a.ics", plan, tt, revisions, "A").read_bytes()).walk("VEVENT")
    assert [str(e["uid"]) for e in mine] == ["keelung-113-113-003@plcpub", "keelung-113-113-040@plcpub"]
    assert write_ics(tmp_path / "none.ics", project.plans["keelung-113"].plan, build_timetable(keelung(project), cases),
                     revisions) is None


def test_a_rescheduled_session_updates_a_calendar_that_imported_it(project, tmp_path, monkeypatch):
    """SEQUENCE rises and DTSTAMP moves for the events that changed; the others keep both (and
    their bytes); a fresh clone without the cache numbers higher than anything given before."""
    from icalendar import Calendar

    from plcpub.render.review.files import Revisions, write_ics
    plan = project.plans["keelung-113"].plan

    def calendar(day: int, revisions: Revisions) -> dict:
        rs = keelung(project).model_copy(update={"dates": [SimpleNamespace(date=dt.date(2024, 5, day))]})
        p = plan.model_copy(update={"review": plan.review.model_copy(update={"sessions": rs})})
        order = [1, 2, 3] if day == 6 else [1, 3, 2]  # case 2 and 3 swap slots: both rescheduled
        tt = build_timetable(rs, [fake_case(i, "A") for i in order])
        events = Calendar.from_ical(write_ics(tmp_path / "all.ics", p, tt, revisions).read_bytes()).walk("VEVENT")
        revisions.save()
        return {str(e["uid"]).split("-")[-1].split("@")[0]: (int(e["sequence"]), e.decoded("dtstamp"), e.decoded("dtstart"))
                for e in events}

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1714000000")  # 2024-04-24
    first = calendar(6, Revisions(tmp_path / "rev.json"))
    again = calendar(6, Revisions(tmp_path / "rev.json"))
    assert again == first and first["001"][1].isoformat() == "2024-04-24T23:06:40+00:00"
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1714100000")  # a day later the timetable changes
    later = calendar(6, Revisions(tmp_path / "rev.json"))
    assert later == first  # nothing changed: nothing renumbered
    moved = calendar(7, Revisions(tmp_path / "rev.json"))  # the review moves to 5/7
    assert all(moved[k][0] > first[k][0] and moved[k][1] > first[k][1] for k in first)
    fresh = calendar(7, Revisions(tmp_path / "fresh.json"))  # a clone without the cache
    assert all(fresh[k][0] >= moved[k][0] for k in moved)


def test_calendars_name_only_what_the_status_may_publish(project, tmp_path):
    """A rejected or withdrawn case keeps its slot but its calendar event names neither school nor
    community, and its school gets no calendar for it (the school calendar itself would name it)."""
    from icalendar import Calendar

    from plcpub.render.review.files import Revisions, write_ics
    revisions = Revisions(tmp_path / "revisions.json")
    plan = project.plans["keelung-113"].plan
    rs = keelung(project).model_copy(update={"dates": [SimpleNamespace(date=dt.date(2024, 5, 6))]})
    plan = plan.model_copy(update={"review": plan.review.model_copy(update={"sessions": rs})})
    school_only = Publication(school=True)
    cases = [fake_case(1, "A"), fake_case(2, "B", shows=HIDDEN), fake_case(3, "C", shows=HIDDEN),
             fake_case(4, "D", shows=school_only)]
    tt = build_timetable(rs, cases)
    events = {str(e["uid"]): str(e["summary"]) for e in
              Calendar.from_ical(write_ics(tmp_path / "all.ics", plan, tt, revisions).read_bytes()).walk("VEVENT")}
    assert "學校A" in events["keelung-113-113-001@plcpub"] and "社群1" in events["keelung-113-113-001@plcpub"]
    for hidden in ("keelung-113-113-002@plcpub", "keelung-113-113-003@plcpub"):
        assert "學校" not in events[hidden] and "社群" not in events[hidden] and "不公開" not in events[hidden]
    assert "學校D" in events["keelung-113-113-004@plcpub"] and "社群4" not in events["keelung-113-113-004@plcpub"]
    assert len(Calendar.from_ical(write_ics(tmp_path / "b.ics", plan, tt, revisions, "B").read_bytes()).walk("VEVENT")) == 0


def test_one_predicate_decides_what_each_status_publishes(project):
    plan = project.plans["keelung-113"].plan
    by_stage = {st.stage: st.id for st in plan.workflow.statuses}
    assert plan.publication(by_stage["executing"]) == Publication(page=True, school=True, name=True, story=False)
    assert plan.publication(by_stage["closed"]).story
    for stage in ("draft", "rejected"):
        assert plan.publication(by_stage[stage]) == HIDDEN
    assert plan.publication("no-such-status") == HIDDEN
    pending = plan.publication(by_stage["review"])
    assert pending.school and not pending.name and not pending.page  # the plan announces each school's order
    silent = plan.model_copy(update={"workflow": plan.workflow.model_copy(update={"pending_public": None})})
    assert silent.publication(by_stage["review"]) == HIDDEN  # the default: an undecided application is not named


def test_equal_totals_at_a_quota_line_say_what_broke_the_tie(project):
    """93.00 and 93.00 read 「組內第 1 名…獲特優」 and 「組內第 2 名…獲優等」 with nothing about why:
    folder names decided. Now the reasons say what ordered them, and the default is named."""
    pb, subs = candidates(project, {("basic", "國小"): 3})
    a, b, c = (sb.id for sb in subs)
    sheets = [sheet("r1", {a: {"timeliness": 20, "completeness": 25, "richness": 48},
                           b: {"timeliness": 25, "completeness": 20, "richness": 48},
                           c: basic(30)})]
    awards = pb.plan.awards
    pb.plan = pb.plan.model_copy(update={"awards": awards.model_copy(update={"groups": [
        awards.groups[0].model_copy(update={"quotas": {"特優": 1, "優等": 1, "甲等": 1}})]})})
    res = score(pb, subs, ReviewBundle(sheets=sheets), {"111-002": subs[1], "111-001": subs[0]})
    first, second = res.groups[0].ranked[:2]
    assert (first.sb.id, first.award, second.sb.id, second.award) == (a, "特優", b, "優等")  # 111-001 first
    assert first.rank == second.rank == 1  # the plan cannot tell them apart: the same rank
    assert "同為 93.00 分" in first.reason and "計畫未訂同分比較方式" in first.reason and "案件編號" in first.reason
    assert "「社群2」" in first.reason and "排在其前" in first.reason and "排在其後" in second.reason
    assert [(t.first.sb.id, t.second.sb.id) for t in res.boundary_ties()] == [(a, b)]
    pb.plan = pb.plan.model_copy(update={"awards": pb.plan.awards.model_copy(update={"tie_break": ["timeliness"]})})
    res = score(pb, subs, ReviewBundle(sheets=sheets), {"111-002": subs[1], "111-001": subs[0]})
    first, second = res.groups[0].ranked[:2]
    assert (first.sb.id, first.rank, second.rank) == (b, 1, 2)
    assert "依計畫的同分比較「及時性：資料是否按時上傳」（25.00 比 20.00）排在其前" in first.reason
    assert res.boundary_ties() == []


def test_check_warns_when_the_default_decides_an_award(project):
    from plcpub.validate.rules import Ctx, load_all_rules, run_rules
    load_all_rules()
    pb = project.plans["taoyuan-111"]
    found = [d for d in run_rules(Ctx(project, pb), "aggregate") if d.rule == "awards.tie-by-default"]
    assert found == []  # the examples have no such tie


def test_recorded_case_codes_survive_an_earlier_dated_arrival(project, tmp_path):
    """113-001 became 113-037 when a submission dated earlier was added; the page promised
    「之後不再變動」. Recorded codes never move; until recorded, the page says they are provisional."""
    from plcpub.commands import cases as cases_cmd
    from plcpub.load.project import load_project
    from plcpub.render.review.views import codes_note

    from .conftest import project_copy
    root = project_copy(tmp_path / "proj")
    for f in (root / "content" / "keelung-113").glob("*/community.yaml"):  # the examples record theirs; start unrecorded
        f.write_text("\n".join(line for line in f.read_text("utf-8").split("\n") if not line.startswith("case_code:")), "utf-8")
    pb_subs = lambda: (lambda p: (p.plans["keelung-113"], p.submissions_of("keelung-113")))(load_project(root))  # noqa: E731
    pb, subs = pb_subs()
    provisional = {c.sb.id: c.code for c in review_cases(pb, subs)}
    assert not any(c.recorded for c in review_cases(pb, subs))
    tt = build_timetable(pb.plan.review.sessions, review_cases(pb, subs))
    assert "暫定" in codes_note(tt) and "不再變動" not in codes_note(tt)
    first = next(k for k, v in provisional.items() if v == "113-001")
    early = SimpleNamespace(id="000000-early", sub=subs[0].sub.model_copy(update={
        "case_code": None, "history": [h.model_copy(update={"date": SimpleNamespace(date=dt.date(2024, 4, 1))})
                                       for h in subs[0].sub.history]}))
    assert {c.sb.id: c.code for c in review_cases(pb, [*subs, early])}[first] == "113-002"  # unrecorded: it moves
    comments = {f: f.read_text("utf-8").count("#") for f in (root / "content" / "keelung-113").glob("*/community.yaml")}
    assert cases_cmd.run(root, "keelung-113", record=True) == 0
    assert all(f.read_text("utf-8").count("#") == n + 1 for f, n in comments.items() if "case_code" in f.read_text("utf-8"))
    pb, subs = pb_subs()
    recorded = review_cases(pb, subs)
    assert {c.sb.id: c.code for c in recorded} == provisional and all(c.recorded for c in recorded)
    after = {c.sb.id: c.code for c in review_cases(pb, [*subs, early])}
    assert all(after[k] == v for k, v in provisional.items())  # recorded: nothing moves
    assert after["000000-early"] == f"113-{len(provisional) + 1:03d}"  # the newcomer continues the numbering
    assert "不再變動" in codes_note(build_timetable(pb.plan.review.sessions, recorded))
