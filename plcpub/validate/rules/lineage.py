"""A community across years (review/lineage.py): the year it says it is against the earlier
years the data holds, and links that cannot be followed."""
from __future__ import annotations

from plcpub.review.lineage import lineage
from plcpub.validate.rules import Ctx, rule


@rule("lineage.years", "error", "申請年數與上一年度紀錄不符", "submission")
def years(ctx: Ctx):
    sub = ctx.sub
    if sub.predecessor is None:
        return
    line = lineage(ctx.project, ctx.sb)
    if line.conclusive and sub.years_running is not None and sub.years_running != line.year:
        ctx.report(("years_running",), f"本社群填寫本年度為連續第 {sub.years_running} 年，資料中的上一年度紀錄"
                                       f"（predecessor）顯示為第 {line.year} 年。")


@rule("lineage.unverified", "info", "上一年度紀錄無法核對", "submission")
def unverified(ctx: Ctx):
    sub = ctx.sub
    line = lineage(ctx.project, ctx.sb)
    if line.missing is not None:
        ctx.report(("predecessor",), f"找不到上一年度的社群 content/{line.missing.plan}/{line.missing.folder}/，"
                                     "無法核對連續年數。")
    elif line.gap is not None:
        ctx.report(("predecessor",), f"上一年度的社群屬於 {line.gap[1]} 年度，與本計畫 {line.gap[0]} 年度不連續。")
    elif (sub.years_running or 0) > line.year and not line.conclusive:
        ctx.report(("years_running",), f"本社群填寫本年度為連續第 {sub.years_running} 年；資料中只有 {line.year - 1} 個較早年度"
                                       "的紀錄，較早的年度無法核對（可在 predecessor 寫上一年度的計畫代號與資料夾）。")
