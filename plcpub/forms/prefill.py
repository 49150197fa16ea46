"""Fill a plan's form spec from a submission, for the school to print, sign and stamp.

The inverse of importer.to_submission: the same field names, so prefilled copies and imports
can be checked against each other. Prefilled forms carry phone numbers and e-mails: they are
written for the school, never into the public site.
"""
from __future__ import annotations

import copy
import re
from decimal import Decimal

from plcpub.forms.spec import ASSISTANT_KIND, CO_KIND, HOST_KINDS, OTHER, Field, FormSpec, budget_key, grow
from plcpub.model.common import ACTIVITY_ZH
from plcpub.model.plan import Plan
from plcpub.model.submission import Submission
from plcpub.util.money import amount_in_words

KIND_LABEL = dict(HOST_KINDS)


def _num(q: Decimal) -> str:
    return str(int(q)) if q == int(q) else str(q)


def _kind(kind: str | None) -> dict[str, str]:
    """社群類型 as the form holds it: 其他（偏鄉教學） ticks 其他 and writes 偏鄉教學 beside it."""
    m = re.fullmatch(rf"{OTHER}[（(](.*)[）)]", kind or "")
    return {"community_kind": OTHER, "community_kind_other": m[1]} if m else {"community_kind": kind or ""}


def submission_values(plan: Plan, sub: Submission) -> dict[str, str]:
    tier = plan.tier(sub.tier)
    v = {"community_name": sub.name, "school": sub.school, "level": sub.level or "",
         **({"tier": tier.id if tier else ""} if plan.tiers_stated else {}),
         "cross_school": "yes" if sub.cross_school else "no", "partner_schools": "、".join(sub.partner_schools),
         "funding_school": sub.funding_school or "", "years_running": str(sub.years_running or ""),
         "summary": sub.summary or "", **_kind(sub.community_kind), "domain": sub.domain or "",
         "commission_ref": sub.commission_ref or "", "other_funding": "、".join(sub.other_funding),
         "content_other": sub.content_other or "", "school_curriculum": "on" if sub.school_curriculum else "",
         "direct_advance": "on" if sub.direct_advance else ""}
    c = sub.convener
    v["headcount"] = str(len(sub.everyone()))
    v.update({"convener_name": c.name, "convener_title": c.title or "", "convener_school": c.school or "",
              "convener_subject": c.subject or "", "convener_phone": c.phone or "", "convener_email": c.email or ""})
    for k, flag in enumerate(plan.eligibility.exclude_flags, 1):
        v[f"flag_{k}"] = "yes" if flag in sub.declared_flags else "no" if flag in sub.undeclared_flags else ""
    for i, m in enumerate(sub.members, 1):
        v.update({f"member_{i}_name": m.name, f"member_{i}_school": m.school or "", f"member_{i}_subject": m.subject or "",
                  f"member_{i}_role": m.role or ""})
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
                  f"s{i}_host_kind": KIND_LABEL[s.host.kind] if s.host else "",
                  f"s{i}_online": "on" if s.online else "", f"s{i}_participants": str(s.participants or ""),
                  f"s{i}_open_city": "on" if s.open_to_city else "",
                  f"s{i}_host_unit": (s.host.unit or "") if s.host else "",
                  f"s{i}_host_title": (s.host.title or "") if s.host else "",
                  f"s{i}_activities": "、".join(ACTIVITY_ZH[a] for a in s.activities),
                  f"s{i}_assistants": "、".join(f"{a.name or ''}（{ASSISTANT_KIND[a.kind]}）"
                                               for a in (s.host.assistants if s.host else [])),
                  f"s{i}_co_lecturers": "、".join(f"{c.name or ''}（{CO_KIND[c.kind]}）"
                                                 for c in (s.host.co_lecturers if s.host else [])),
                  f"s{i}_remote": "on" if s.host and s.host.remote else ""})
    for i, o in enumerate(sub.outcomes, 1):
        v.update({f"o{i}_outcome": o.outcome, f"o{i}_checks": "；".join(o.checks)})
    rows: dict[str, list] = {}
    for line in sub.budget:
        it = plan.line_item(line)
        if it is not None:
            rows.setdefault(budget_key(it), []).append(line)
    for key, lines in rows.items():
        v.update(_budget_row(key, lines))
    if sub.budget:
        total = sum(line.amount for line in sub.budget)
        v.update({"budget_total": str(total), "budget_words": amount_in_words(total)})
    for i, (line, d) in enumerate(((line, d) for line in sub.budget for d in line.details), 1):
        it = plan.line_item(line)
        v.update({f"d{i}_item": it.name if it else line.item, f"d{i}_name": d.name, f"d{i}_qty": _num(d.quantity),
                  f"d{i}_unit": d.unit or "", f"d{i}_price": str(d.unit_price), f"d{i}_note": d.note or ""})
    return v


def _budget_row(key: str, lines) -> dict[str, str]:
    """The item's one row on the form. Two or more lines of one item (the form has a row per
    item) print as one row whose total is theirs and whose note lists each line, so the printed
    figures still add up and no line goes missing; import refuses to fold them back
    (merge.MergeError)."""
    notes = list(dict.fromkeys(line.note for line in lines if line.note))
    if len(lines) == 1:
        line = lines[0]
        return {f"{key}_qty": _num(line.quantity), f"{key}_price": str(line.unit_price),
                f"{key}_note": line.note or "", f"{key}_total": str(line.amount)}
    total = sum(line.amount for line in lines)
    if len({(line.unit_price, line.unit) for line in lines}) == 1:
        qty, price = _num(sum(line.quantity for line in lines)), str(lines[0].unit_price)
    else:
        qty, price = "", ""
    listed = "；".join(f"{_num(line.quantity)}{line.unit or ''}×{line.unit_price:,}元" for line in lines)
    return {f"{key}_qty": qty, f"{key}_price": price, f"{key}_total": str(total),
            f"{key}_note": "；".join([f"本項 {len(lines)} 列：{listed}", *notes])}


def prefilled(spec: FormSpec, plan: Plan, sub: Submission) -> FormSpec:
    """A copy of `spec` with values from `sub`, plus the budget total in figures and words."""
    filled = copy.deepcopy(spec)
    for s in filled.sections:  # a long member list or schedule gets the rows it needs, never cut off
        if s.rows and not s.row_labels:
            needed = {"member_": len(sub.members), "s": len(sub.schedule), "o": len(sub.outcomes),
                      "d": sum(len(line.details) for line in sub.budget)}.get(re.sub(r"\d.*", "", s.rows[0][0].name), 0)
            grow(s, needed)
    for s in filled.sections:  # more free-text goals than the blank form's three: a field each
        if s.fields and s.fields[0].name == "goal_text_1":
            s.fields += [Field(f"goal_text_{k}", f"目標 {k}", size="l") for k in range(len(s.fields) + 1, len(sub.goals) + 1)]
    values = submission_values(plan, sub)
    for f in filled.all_fields():
        if f.kind != "static":  # printed text the form carries whatever the data (說明)
            f.value = values.get(f.name, "")
    filled.subtitle = f"{sub.name}．{filled.subtitle}"
    return filled
