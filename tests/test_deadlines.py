"""Issue #17, item 1: the deadlines a plan names are rules — an application window that closes
at a time of day, the revision date, midterm, final and story uploads."""
from __future__ import annotations

import dataclasses
import datetime as dt

from plcpub.model.plan import Milestone
from plcpub.util.rocdate import RocDate
from plcpub.validate.rules import Ctx, load_all_rules, run_rules


def test_a_window_closes_at_its_time_of_day():
    m = Milestone.model_validate({"id": "apply", "name": "受理申請", "date": "111年4月20日", "end": "111年5月23日",
                                  "time": "下午12時", "duty": "application", "late": "refuse"})
    assert m.closes == dt.datetime(2022, 5, 23, 12, 0)
    assert not m.is_late(dt.date(2022, 5, 23), dt.time(11, 59))
    assert m.is_late(dt.date(2022, 5, 23), dt.time(12, 1))
    assert not m.is_late(dt.date(2022, 5, 23))  # on the day, no time recorded: the data cannot show it late
    assert m.is_late(dt.date(2022, 5, 24))


def findings(project, plan_id, sb, rule):
    load_all_rules()
    pb = project.plans[plan_id]
    return [d for d in run_rules(Ctx(project, pb, sb), "submission") if d.rule == rule]


def test_a_final_report_without_the_midterm_upload_is_flagged(project):
    """Taoyuan asks for a midterm upload by 112年1月9日: a report that never had one is named."""
    sb = next(sb for sb in project.submissions_of("taoyuan-111") if sb.outcome is not None)
    assert findings(project, "taoyuan-111", sb, "deadline.upload") == [] or sb.outcome.submitted.date > dt.date(2023, 6, 12)
    history = [h for h in sb.sub.history if h.status != "期中紀錄已上傳"]  # nor the status that records it
    missing = dataclasses.replace(sb, outcome=sb.outcome.model_copy(update={"midterm_submitted": None}),
                                  sub=sb.sub.model_copy(update={"history": history}))
    found = findings(project, "taoyuan-111", missing, "deadline.upload")
    assert any("期中" in d.message and d.clause and "5、(1)(3)1" in d.clause for d in found), found


def test_an_upload_recorded_as_a_status_is_dated_by_the_history(project):
    """Taoyuan records the midterm upload as the status 期中紀錄已上傳 (done_status): its history
    date is the upload date, and a late one is named."""
    sb = next(sb for sb in project.submissions_of("taoyuan-111")
              if any(h.status == "期中紀錄已上傳" for h in sb.sub.history))
    history = [h.model_copy(update={"date": RocDate(dt.date(2023, 1, 10), None, "112年1月10日")})
               if h.status == "期中紀錄已上傳" else h for h in sb.sub.history]
    late = dataclasses.replace(sb, sub=sb.sub.model_copy(update={"history": history}))
    found = findings(project, "taoyuan-111", late, "deadline.upload")
    assert any("112年1月10日" in d.message and "期中" in d.message for d in found), found


def test_refuse_is_an_error_and_a_plan_without_it_warns(project):
    """Hsinchu says 逾期恕不受理 (late: refuse): a late application is an error citing the clause;
    Keelung states a closing date only: a warning."""
    for plan_id, severity in (("hsinchu-111", "error"), ("keelung-113", "warning")):
        plan = project.plans[plan_id].plan
        close = plan.duties("application")[0].closes.date()
        sb = next(sb for sb in project.submissions_of(plan_id) if len(sb.sub.history) > 1)
        i = next(i for i, h in enumerate(sb.sub.history) if plan.status(h.status).sent)
        late = sb.sub.history[i].model_copy(update={"date": RocDate(close + dt.timedelta(days=1))})
        history = [*sb.sub.history[:i], late, *sb.sub.history[i + 1:]]
        moved = dataclasses.replace(sb, sub=sb.sub.model_copy(update={"history": history}))
        found = findings(project, plan_id, moved, "deadline.application")
        assert [d.severity for d in found] == [severity], (plan_id, found)
        assert ("逾期恕不受理" in found[0].message) == (severity == "error")
