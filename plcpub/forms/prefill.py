"""Fill a plan's form spec from a submission, for the school to print, sign and stamp.

The inverse of importer.to_submission: the same field names, so prefilled copies and imports
can be checked against each other. Prefilled forms carry phone numbers and e-mails: they are
written for the school, never into the public site.
"""
from __future__ import annotations

import copy
import re
from decimal import Decimal

from plcpub.forms.spec import HOST_KINDS, Field, FormSpec, budget_key, grow
from plcpub.model.plan import Plan
from plcpub.model.submission import Submission
from plcpub.util.money import amount_in_words, format_money

KIND_LABEL = dict(HOST_KINDS)


def _num(q: Decimal) -> str:
    return str(int(q)) if q == int(q) else str(q)


def submission_values(plan: Plan, sub: Submission) -> dict[str, str]:
    tier = plan.tier(sub.tier)
    v = {"community_name": sub.name, "school": sub.school, "tier": tier.id if tier else "",
         "cross_school": "on" if sub.cross_school else "", "partner_schools": "、".join(sub.partner_schools),
         "funding_school": sub.funding_school or "", "years_running": str(sub.years_running or ""),
         "summary": sub.summary or ""}
    c = sub.convener
    v.update({"convener_name": c.name, "convener_title": c.title or "", "convener_school": c.school or "",
              "convener_subject": c.subject or "", "convener_phone": c.phone or "", "convener_email": c.email or ""})
    for i, m in enumerate(sub.members, 1):
        v.update({f"member_{i}_name": m.name, f"member_{i}_school": m.school or "", f"member_{i}_subject": m.subject or ""})
    cat = plan.catalogues
    for prefix, options, chosen in (("area", cat.content_areas, sub.content_areas),
                                    ("method", [m.name for m in cat.methods], sub.methods),
                                    ("comp", cat.competencies, sub.competencies), ("goal", cat.goals, sub.goals)):
        for k, o in enumerate(options, 1):
            if o in chosen:
                v[f"{prefix}_{k}"] = "on"
    if not cat.goals:
        for k, g in enumerate(sub.goals, 1):
            v[f"goal_text_{k}"] = g
    for i, s in enumerate(sub.schedule, 1):
        v.update({f"s{i}_date": s.date.text, f"s{i}_start": f"{s.start:%H:%M}", f"s{i}_end": f"{s.end:%H:%M}",
                  f"s{i}_content": s.content, f"s{i}_method": s.method, f"s{i}_place": s.place or "",
                  f"s{i}_host": (s.host.name or "") if s.host else "",
                  f"s{i}_host_kind": KIND_LABEL[s.host.kind] if s.host else ""})
    for i, o in enumerate(sub.outcomes, 1):
        v.update({f"o{i}_outcome": o.outcome, f"o{i}_checks": "；".join(o.checks)})
    for line in sub.budget:
        it = plan.item(line.item)
        if it is None:
            continue
        key = budget_key(it)
        v.update({f"{key}_qty": _num(line.quantity), f"{key}_price": str(line.unit_price), f"{key}_note": line.note or ""})
    return v


def prefilled(spec: FormSpec, plan: Plan, sub: Submission) -> FormSpec:
    """A copy of `spec` with values from `sub`, plus the budget total in figures and words."""
    filled = copy.deepcopy(spec)
    for s in filled.sections:  # a long member list or schedule gets the rows it needs, never cut off
        if s.rows and not s.row_labels:
            needed = {"member_": len(sub.members), "s": len(sub.schedule), "o": len(sub.outcomes)}.get(
                re.sub(r"\d.*", "", s.rows[0][0].name), 0)
            grow(s, needed)
    for s in filled.sections:  # more free-text goals than the blank form's three: a field each
        if s.fields and s.fields[0].name == "goal_text_1":
            s.fields += [Field(f"goal_text_{k}", f"目標 {k}", size="l") for k in range(len(s.fields) + 1, len(sub.goals) + 1)]
    values = submission_values(plan, sub)
    for f in filled.all_fields():
        f.value = values.get(f.name, "")
    total = sum(line.amount for line in sub.budget)
    for s in filled.sections:
        if s.title == "經費概算表":
            s.note = (s.note + "。" if s.note else "") + f"合計 {format_money(total)}（{amount_in_words(total)}）"
    filled.subtitle = f"{sub.name}．{filled.subtitle}"
    return filled
