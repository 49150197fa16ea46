"""The budget sheet (經費概算表): catalogue items, rates, caps, percentages and the grant ceiling."""
from __future__ import annotations

from decimal import Decimal

from plcpub.model.common import HOST_KIND_ZH
from plcpub.model.budget import percent_text
from plcpub.model.derived import (budget_total, counts_as_application, grant_ceiling, item_amounts, nhi_rates_during,
                                  percent_base, percent_of,
                                  scheduled_assistant_units, scheduled_units)
from plcpub.util.money import format_money
from plcpub.util.rocdate import format_roc
from plcpub.validate.rules import Ctx, did_you_mean, rule


def _lines(ctx: Ctx):
    for i, line in enumerate(ctx.sub.budget):
        it = ctx.plan.line_item(line)
        if it is not None:
            yield i, line, it


def _on(ctx: Ctx, line=None):
    """The day whose national standards apply: a spent line's own date (spending.yaml), else the
    plan's execution start (a budget is drawn up for the year)."""
    day = getattr(line, "date", None)
    return day.date if day is not None else ctx.plan.execution.start.date


@rule("budget.unknown-item", "error", "經費項目不在計畫中", "submission")
def unknown_item(ctx: Ctx):
    names = [it.name for it in ctx.plan.budget.items]
    for i, line in enumerate(ctx.sub.budget):
        if ctx.plan.line_item(line) is None and not _forbidden(ctx, line):
            ctx.report(("budget", i, "item"), f"經費項目「{line.item}」不在本計畫的經費項目中。{did_you_mean(line.item, names)}",
                       clause=ctx.plan.budget.clause)


def _forbidden(ctx: Ctx, line):
    text = " ".join([line.item, line.note or "", *(d.name for d in line.details)])
    for f in ctx.plan.budget.forbidden:
        if any(k in text for k in f.keywords):
            return f
    return None


@rule("budget.forbidden-item", "error", "不予補助的項目", "submission")
def forbidden_item(ctx: Ctx):
    for i, line in enumerate(ctx.sub.budget):
        f = _forbidden(ctx, line)
        if f:
            ctx.report(("budget", i, "item"), f"「{f.name}」依計畫不予補助，請刪除此項。", clause=f.clause)


@rule("budget.line-total", "error", "總價不等於數量乘單價", "submission")
def line_total(ctx: Ctx):
    for i, line in enumerate(ctx.sub.budget):
        if line.total is not None and line.total != line.amount:
            ctx.report(("budget", i, "total"), f"總價寫 {format_money(line.total)}，但數量 {line.quantity} × 單價 "
                                               f"{format_money(line.unit_price)} = {format_money(line.amount)}。")


@rule("budget.unit-rate", "error", "鐘點費單價超過標準", "submission")
def unit_rate(ctx: Ctx):
    for i, line, it in _lines(ctx):
        if it.category not in ("lecturer-fee", "assistant-fee"):
            continue
        table = ctx.standards.lecturer_table(_on(ctx, line))
        rate = it.rate
        if it.rate_source == "national" and it.lecturer_kind:
            rate = table.rate(it.lecturer_kind, it.assistant) or rate
        if rate is not None and line.unit_price > rate:
            ctx.report(("budget", i, "unit_price"), f"{it.name}每{table.unit_zh if it.rate_source == 'national' else (it.unit or '單位')}"
                                                    f"最多 {format_money(rate)}，此處編列 {format_money(line.unit_price)}。",
                       clause=it.clause)
        if it.rate_source == "national" and line.unit and line.unit != table.unit_zh:
            ctx.report(("budget", i, "unit"), f"{it.name}依講座鐘點費支給表以「{table.unit_zh}」計，不是「{line.unit}」。",
                       clause=it.clause, severity="warning")


@rule("budget.unit-price-cap", "error", "單價超過上限", "submission")
def unit_price_cap(ctx: Ctx):
    for i, line, it in _lines(ctx):
        cap = it.max_unit_price
        if it.category == "consultation":
            national = ctx.standards.attendance_max(_on(ctx, line))
            cap = min(cap, national) if cap else national
        if cap is None:
            continue
        people = len(ctx.sub.everyone())
        if it.per == "person" and line.unit == "式":  # a lump sum capped per person: cap × members
            if line.amount > cap * people:
                ctx.report(("budget", i, "unit_price"), f"{it.name}每人以 {format_money(cap)} 為限，{people} 人最多 "
                                                        f"{format_money(cap * people)}，此處編列 {format_money(line.amount)}。",
                           clause=it.clause)
        elif line.unit_price > cap:
            ctx.report(("budget", i, "unit_price"), f"{it.name}{(it.per_text or '單價')}以 {format_money(cap)} 為上限，"
                                                    f"此處編列 {format_money(line.unit_price)}。", clause=it.clause)


@rule("budget.unit-price-advice", "warning", "單價高於計畫建議", "submission")
def unit_price_advice(ctx: Ctx):
    for i, line, it in _lines(ctx):
        adv = it.advised_max_unit_price
        if adv and line.unit_price > adv and (it.max_unit_price is None or line.unit_price <= it.max_unit_price):
            ctx.report(("budget", i, "unit_price"), f"{it.name}計畫建議{it.per_text}以 {format_money(adv)} 以內為宜"
                                                    "（撙節公帑，經費優先運用於增能內涵）。", clause=it.clause)


@rule("budget.max-quantity", "error", "數量超過上限", "submission")
def max_quantity(ctx: Ctx):
    for i, line, it in _lines(ctx):
        if it.max_quantity is not None and line.quantity > it.max_quantity:
            ctx.report(("budget", i, "quantity"), f"{it.name}以 {it.max_quantity} {it.unit or ''}為限，此處編列 {line.quantity}。",
                       clause=it.clause)


@rule("budget.details-required", "error", "須附品項明細", "submission")
def details_required(ctx: Ctx):
    for i, line, it in _lines(ctx):
        if it.requires_details and not line.details:
            ctx.report(("budget", i, "item"), f"{it.name}須詳列品項或書名、數量、單價（details）。", clause=it.clause)


@rule("budget.details-sum", "error", "明細合計與總價不符", "submission")
def details_sum(ctx: Ctx):
    for i, line, it in _lines(ctx):
        if line.details:
            s = sum(d.amount for d in line.details)
            if s != line.amount:
                ctx.report(("budget", i, "details"), f"{it.name}明細合計 {format_money(s)}，與總價 {format_money(line.amount)} 不符。")


@rule("budget.detail-price-cap", "error", "明細單項單價超過上限", "submission")
def detail_price_cap(ctx: Ctx):
    for i, line, it in _lines(ctx):
        cap = it.detail_max_unit_price
        for j, d in enumerate(line.details):
            if cap is not None and d.unit_price > cap:
                ctx.report(("budget", i, "details", j, "unit_price"),
                           f"「{d.name}」單價 {format_money(d.unit_price)}，{it.name}單項單價不得超過 {format_money(cap)}。",
                           clause=it.clause)


def _percent_lines(ctx: Ctx, kind: str):
    for pr in ctx.plan.budget.percent_rules:
        if pr.kind != kind:
            continue
        it = ctx.plan.item(pr.item)
        if it is None:
            continue
        idx = [i for i, line in enumerate(ctx.sub.budget) if ctx.plan.line_item(line) is it]
        yield pr, it, idx


@rule("budget.misc-percent", "error", "比例上限（如雜支）", "submission")
def misc_percent(ctx: Ctx):
    amounts = item_amounts(ctx.plan, ctx.sub)
    for pr, it, idx in _percent_lines(ctx, "max"):
        amount = sum(ctx.sub.budget[i].amount for i in idx)
        base = percent_base(ctx.plan, pr, amounts)
        pct = percent_of(ctx.plan, pr, ctx.standards)
        limit = pr.bound(base, pct)
        if idx and amount > limit:
            ctx.report(("budget", idx[0], "unit_price"), f"{it.name} {format_money(amount)} 超過{pr.base_words(ctx.plan.budget.items)} "
                                                         f"{format_money(base)} 的 {percent_text(pct)}%（上限 {format_money(limit)}）。",
                       clause=pr.clause)


@rule("budget.nhi-premium", "error", "固定比例（如二代健保補充保費）", "submission")
def nhi_premium(ctx: Ctx):
    amounts = item_amounts(ctx.plan, ctx.sub)
    for pr, it, idx in _percent_lines(ctx, "exact"):
        base = percent_base(ctx.plan, pr, amounts)
        pct = percent_of(ctx.plan, pr, ctx.standards, ctx.sub)
        expected = pr.bound(base, pct)
        amount = sum(ctx.sub.budget[i].amount for i in idx)
        if not idx:
            if expected > 0:
                ctx.report(("budget",), f"有{pr.base_words(ctx.plan.budget.items)} {format_money(base)}，須編列{it.name} "
                                        f"{format_money(expected)}（{percent_text(pct)}%）。", clause=pr.clause)
        elif abs(amount - expected) > 1:
            mixed = pct != percent_of(ctx.plan, pr, ctx.standards)
            rate = (f"依各場次日期的費率加權（{'、'.join(f'{format_roc(d, False)}起 {p}%' for d, p in nhi_rates_during(ctx.plan, ctx.standards))}）"
                    f"為 {pct.quantize(Decimal('0.01'))}%" if mixed else f"{percent_text(pct)}%")
            stated = f"（計畫寫 {percent_text(pr.percent)}%，是執行期程開始時的費率）" if mixed and pr.percent is not None else ""
            ctx.report(("budget", idx[0], "unit_price"), f"{it.name}應為 {format_money(base)} 的 {rate} ＝ "
                                                         f"{format_money(expected)}，此處編列 {format_money(amount)}。{stated}",
                       clause=pr.clause)


@rule("budget.total-cap", "error", "申請總額超過補助上限", "submission")
def total_cap(ctx: Ctx):
    t = ctx.plan.tier(ctx.sub.tier)
    if t is None:
        return
    ceiling = grant_ceiling(ctx.plan, t, ctx.sub)
    total = budget_total(ctx.sub)
    if ceiling is not None and total > ceiling:
        extra = "（含加給）" if ceiling != t.cap else ""
        most = grant_ceiling(ctx.plan, t, None, schools=t.max_schools or 2)
        if t.stated_max is not None and ceiling == most < t.stated_max and total <= t.stated_max:  # inside the plan's own
            # contradiction (its stated maximum is more than its own rule gives): not the school's error
            ctx.report(("budget",), f"經費合計 {format_money(total)}，依基本額與加給計算的「{t.name}」上限為 {format_money(ceiling)}，"
                                    f"但計畫另寫上限 {format_money(t.stated_max)}；計畫本身不一致，請向主辦單位確認。",
                       clause=t.clause, severity="warning")
            return
        ctx.report(("budget",), f"經費合計 {format_money(total)}，超過「{t.name}」補助上限 {format_money(ceiling)}{extra}。",
                   clause=t.clause)


@rule("budget.lecturer-periods", "error", "鐘點費節數與進度規劃不符", "submission")
def lecturer_periods(ctx: Ctx):
    must_match = ctx.plan.lecturers.budget_matches_schedule
    budgeted: dict[tuple, list] = {}
    for i, line, it in _lines(ctx):
        if it.category in ("lecturer-fee", "assistant-fee") and it.lecturer_kind:
            budgeted.setdefault((it.lecturer_kind, it.category == "assistant-fee" or it.assistant), []).append((i, line, it))
    kinds = {("internal", False), ("external", False), ("affiliated", False)} if must_match else set(budgeted)
    for kind, assistant in sorted(kinds | set(budgeted)):
        rows = budgeted.get((kind, assistant), [])
        qty = sum(line.quantity for _, line, _ in rows)
        units = (scheduled_assistant_units if assistant else scheduled_units)(ctx.plan, ctx.sub, ctx.standards, kind)
        who = ("助理講師（" + ("外聘" if kind == "external" else "內聘") + "）") if assistant else HOST_KIND_ZH[kind]
        if qty > units or (must_match and qty != units):
            where = ("budget", rows[0][0], "quantity") if rows else ("budget",)
            ctx.report(where, f"經費概算表的{who}鐘點費編列 {qty} 節／時，但進度規劃中可支領的{who}時數為 {units}。"
                              "兩者須相互對應。", clause=ctx.plan.lecturers.clause)


@rule("budget.consultation-count", "error", "諮詢／出席費次數多於專家出席場次", "submission")
def consultation_count(ctx: Ctx):
    consultants = [s for s in ctx.sub.schedule if s.host and s.host.kind == "consultant"]
    for i, line, it in _lines(ctx):
        if it.category != "consultation":
            continue
        present = [s for s in consultants if not (it.in_person_only and s.host.remote)]
        if line.quantity > len(present):
            remote = len(consultants) - len(present)
            ctx.report(("budget", i, "quantity"), f"{it.name}編列 {line.quantity} 人次，但進度規劃中只有 {len(present)} 場由外聘專家"
                                                  "親自出席諮詢（host.kind: consultant）" +
                       (f"；另 {remote} 場以書面、錄音或錄影提供意見（host.remote），不得支給" if remote else
                        "；受補助學校人員出席自己的計畫會議不得支給") + "。", clause=it.clause)


def events(sub) -> int:
    """How many events the schedule holds: meetings on one topic on consecutive days are one
    multi-day event (同一主題多日研習)."""
    count, last = 0, None
    for s in sorted(sub.schedule, key=lambda s: (s.date.date, s.start)):
        topic = s.content.strip()
        if last is None or topic != last[0] or (s.date.date - last[1]).days > 1:
            count += 1
        last = (topic, s.date.date)
    return count


@rule("budget.per-event", "warning", "同一主題多日研習按日編列", "submission")
def per_event(ctx: Ctx):
    """An item the plan prices per event (a venue set-up) is not budgeted once per day of a
    multi-day event on one topic: its quantity stays within the schedule's events."""
    n = events(ctx.sub)
    for i, line, it in _lines(ctx):
        if it.per_event and line.quantity > n:
            ctx.report(("budget", i, "quantity"), f"{it.name}編列 {line.quantity} 場，但進度規劃只有 {n} 場活動（同一主題連續多日的研習算一場），"
                                                  "同一主題多日研習不宜按日編列。", clause=it.clause)


@rule("school.total-cap", "error", "學校各社群合計超過每校上限", "aggregate")
def school_total_cap(ctx: Ctx):
    cap = ctx.plan.budget.school_cap
    if not cap:
        return
    totals: dict[str, list] = {}
    for sb in ctx.project.submissions_of(ctx.plan.id):
        if not counts_as_application(ctx.plan, sb.sub):  # drafts, rejected and withdrawn ones do not count
            continue
        totals.setdefault(sb.sub.funding_school or sb.sub.school, []).append(sb)
    for code, sbs in sorted(totals.items()):
        running = 0
        for sb in sbs:
            running += budget_total(sb.sub)
            if running > cap:
                name = ctx.pb.schools[code].name if code in ctx.pb.schools else code
                ctx.report(("budget",), f"{name}所有社群合計申請 {format_money(running)}，超過每校補助 {format_money(cap)}。",
                           doc=sb.doc, clause=ctx.plan.budget.clause)
                break


