"""`accounts [--plan ID] [--out FILE]`: the accounting office's workbook — granted, spent and the
balance to return per funded community, and totals by tier, level, district and school
(review/money.py). Private: written to private/ by default, never published."""
from __future__ import annotations

import sys
from pathlib import Path

from plcpub.commands.folders import FolderError, load_plans, refuse
from plcpub.commands.status import PRIVATE
from plcpub.render.office import write_accounts
from plcpub.review.money import accounts
from plcpub.util.money import format_money


def run(root: Path, plan_id: str | None, out: str | None) -> int:
    try:
        project, ids = load_plans(root, plan_id)
    except FolderError as e:
        return refuse(e)
    rows = [a for i in ids for a in accounts(project.plans[i], project.submissions_of(i))]
    target = root / out if out else root / PRIVATE / (f"accounts-{plan_id}.xlsx" if plan_id else "accounts.xlsx")
    write_accounts(rows, target)
    spent = [a for a in rows if a.spent is not None]
    print(f"{len(rows)} 個核定社群：核定 {format_money(sum(a.granted for a in rows))}；"
          f"已核銷 {len(spent)} 個，實支 {format_money(sum(a.spent for a in spent))}，"
          f"結餘 {format_money(sum(a.balance for a in spent))}。")
    print(f"已寫入 {target.relative_to(root) if target.is_relative_to(root) else target}（承辦內部使用，不公開）", file=sys.stderr)
    return 0
