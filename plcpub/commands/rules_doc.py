"""`rules`: list every rule id with its severity and what it checks (zh-TW), for users and docs."""
from __future__ import annotations

from plcpub.diagnostics import SEVERITY_ZH
from plcpub.validate.rules import BUILTIN_RULES, load_all_rules

SCOPE_ZH = {"plan": "計畫檢查", "submission": "社群申請", "aggregate": "跨社群／學校"}


def run() -> int:
    rules = load_all_rules()
    print("規則代號\t嚴重度\t範圍\t說明")
    for rid in sorted(BUILTIN_RULES):
        print(f"{rid}\t錯誤\t讀取與格式\t{BUILTIN_RULES[rid]}")
    for r in sorted(rules.values(), key=lambda r: r.id):
        print(f"{r.id}\t{SEVERITY_ZH[r.severity]}\t{SCOPE_ZH[r.scope]}\t{r.title}")
    return 0
