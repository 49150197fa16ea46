"""Validation: every rule over a loaded project, into the project's report (`validate_project`).
Rules live in `rules/`, one module per area; commands call this entry point only."""
from __future__ import annotations

from dataclasses import replace

from plcpub.cache import key_of
from plcpub.diagnostics import Diagnostic, Report
from plcpub.load.project import Project
from plcpub.validate.rules import Ctx, load_all_rules, run_rules
from plcpub.validate.rules.outcome import decode_published_photos


def validate_project(project: Project, plan_ids=None, submissions=None) -> Report:
    """Run plan, submission and aggregate rules; diagnostics go into project.report.

    `plan_ids` / `submissions` narrow the work (tests and editors checking one file); by default
    everything is checked.
    """
    load_all_rules()
    report = project.report
    plans = [pb for pb in project.plans.values() if plan_ids is None or pb.plan.id in plan_ids]
    subs = project.submissions if submissions is None else submissions
    for pb in plans:
        report.extend(run_rules(Ctx(project, pb), "plan"))
    decode_published_photos(project, subs)  # the slow part of checking photos, on every core, before the rules ask
    for sb in subs:
        pb = project.plans.get(sb.sub.plan)
        if pb is None:
            line, col = sb.doc.where(("plan",))
            known = "、".join(sorted(project.plans)) or "（plans/ 中沒有計畫）"
            report.add(Diagnostic(sb.doc.source.display, line, col, "submission.plan-unknown", "error",
                                  f"找不到計畫「{sb.sub.plan}」。可用的計畫：{known}。"))
            continue
        found = _submission_findings(project, pb, sb)
        status = pb.plan.status(sb.sub.status)
        if status is not None and status.is_draft:
            found = [_as_draft(d) for d in found]
        report.extend(found)
    aggregate = {pb.plan.id for pb in plans} | {sb.sub.plan for sb in subs}
    for pb in project.plans.values():
        if pb.plan.id in aggregate:
            report.extend(run_rules(Ctx(project, pb), "aggregate"))
    return report


def submission_errors(project: Project, pb, sb) -> list[Diagnostic]:
    """The errors `check` would report in one submission (a decision waits until there are none)."""
    load_all_rules()
    return [d for d in _submission_findings(project, pb, sb) if d.severity == "error"]


def _submission_findings(project: Project, pb, sb) -> list[Diagnostic]:
    """Per-submission rules read only the submission's files and its plan: with a cache, an
    unchanged submission under an unchanged plan keeps its findings from the last run."""
    cache = project.cache
    if cache is None or sb.source_key is None:
        return run_rules(Ctx(project, pb, sb), "submission")
    schools = pb.schools_doc.source.text if pb.schools_doc is not None else ""
    key = key_of("rules", sb.source_key, pb.doc.source.text, schools, sb.folder_stats)
    found = cache.get(key)
    if found is None:
        found = run_rules(Ctx(project, pb, sb), "submission")
        cache.put(key, found)
    return found


def _as_draft(d: Diagnostic) -> Diagnostic:
    """A draft is unfinished by definition: its rule findings are warnings until it is submitted."""
    if d.severity != "error" or d.rule.startswith(("internal.", "file.")):
        return d
    return replace(d, severity="warning", message=f"（草稿，送件前須修正）{d.message}")
