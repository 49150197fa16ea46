"""Command line: `python build.py [build|check|schema|new|rules] ...` (also the `plcpub` script)."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from plcpub.commands.errors import report_internal_error
from plcpub.commands.prog import invoked
from plcpub.paths import Paths
from plcpub.process import session


class _Parser(argparse.ArgumentParser):
    def error(self, message):  # usage errors exit 2 with a zh-TW hint, never a traceback
        self.print_usage(sys.stderr)
        print(f"用法錯誤：{message}", file=sys.stderr)
        sys.exit(2)


def make_parser() -> argparse.ArgumentParser:
    p = _Parser(prog=invoked(), description="plcpub：教師專業學習社群計畫與申請的驗證與發布。")
    p.add_argument("--root", default=".", help="專案資料夾（含 plans/ 與 content/），預設為目前資料夾")
    sub = p.add_subparsers(dest="command", parser_class=_Parser)
    b = sub.add_parser("build", help="驗證並產生網站到 site/（預設指令）")
    b.add_argument("--out", default="site", help="輸出資料夾")
    b.add_argument("--full", action="store_true", help="全部重新產生（預設只重做有變更的部分）")
    c = sub.add_parser("check", help="檢查計畫與社群申請資料")
    c.add_argument("paths", nargs="*", help="只回報這些檔案或資料夾的問題（預設全部）")
    c.add_argument("--format", choices=["text", "json", "github"], default="text", help="輸出格式")
    s = sub.add_parser("schema", help="產生 JSON Schema 到 schemas/")
    s.add_argument("--out", default="schemas")
    n = sub.add_parser("new", help="建立新的申請範本（community），或由今年的計畫建立下一年度的計畫（plan）")
    n.add_argument("what", choices=["community", "plan"])
    n.add_argument("--plan", default=None, help="community：計畫代號，即 plans/ 下的資料夾名稱")
    n.add_argument("--school", default=None, help="community：學校代碼")
    n.add_argument("--name", default=None, help="community：資料夾名稱（預設自動產生）")
    n.add_argument("--from", dest="source", default=None, help="plan：由這個計畫建立（例如 city-111）")
    n.add_argument("--id", dest="new_id", default=None, help="plan：新計畫的代號（例如 city-112）")
    df = sub.add_parser("diff", help="逐條比較兩份計畫的規定（可跨縣市）")
    df.add_argument("before", help="原計畫代號")
    df.add_argument("after", help="新計畫代號")
    df.add_argument("--format", choices=["text", "json", "md"], default="text", help="輸出格式")
    sub.add_parser("rules", help="列出所有檢查規則")
    fo = sub.add_parser("forms", help="為每個社群產生預填的申請書（供學校列印核章，不公開）")
    fo.add_argument("--plan", default=None, help="只產生這個計畫的表件")
    fo.add_argument("--out", default="forms", help="輸出資料夾（預設 forms/，不會上網）")
    fo.add_argument("--jobs", type=int, default=None, help="同時使用的程序數（預設：CPU 核心數）")
    fo.add_argument("--executor", default=None, help="在 Dask 叢集上產生：dask://主機:埠（需安裝 plcpub[dask]）")
    fo.add_argument("--shard", default=None, help="只做其中一份，例如 2/4（CI 平行工作用，之後用 --merge 合併）")
    fo.add_argument("--merge", nargs="+", default=None, metavar="DIR", help="合併各分片的輸出資料夾到 --out")
    im = sub.add_parser("import", help="把填好的申請書（PDF、ODT）或經費概算表（ODS）匯入成申請資料")
    im.add_argument("file", help="填好的 .pdf、.odt（申請書）或 .ods（經費概算表，更新同名社群的經費）")
    im.add_argument("--plan", required=True, help="計畫代號")
    im.add_argument("--name", default=None, help="資料夾名稱（預設：申請書用學校代碼-社群名稱；ODS 用同名社群）")
    im.add_argument("--force", action="store_true", help="社群已過學校自行修改的階段（已送件、審查、核定…）時仍匯入（承辦人用）")
    ca = sub.add_parser("cases", help="列出審查案件編號；--record 登錄到各社群資料，之後不再變動")
    ca.add_argument("--plan", required=True, help="計畫代號")
    ca.add_argument("--record", action="store_true", help="把暫定編號寫入各社群的 community.yaml")
    st = sub.add_parser("status", help="今天的待辦事項：待決定、退回修正、逾期未繳、待結案與14天內的期限（承辦內部使用）")
    st.add_argument("--today", default=None, help="以這一天計算（例如 113年5月6日；預設今天）")
    st.add_argument("--plan", default=None, help="只看這個計畫（預設全部）")
    st.add_argument("--format", choices=["text", "json", "xlsx"], default="text", help="輸出格式")
    st.add_argument("--out", default=None, help="XLSX 的檔名（預設 private/status-日期.xlsx）")
    st.add_argument("--html", default=None, metavar="DIR", help="另外寫成網頁到這個資料夾（不放上網站）")
    de = sub.add_parser("decide", help="記錄審查決定（核定、退回修正、不通過、結案），並產生給學校的公文與郵件（承辦用）")
    de.add_argument("community", help="計畫代號/社群資料夾（content/ 之下），例如 plan-113/173605-my-community")
    de.add_argument("action", choices=["approve", "return", "reject", "close"],
                    help="approve 核定、return 退回修正、reject 不通過、close 結案")
    de.add_argument("--amount", default=None, help="核定金額（approve；預設為申請金額）")
    de.add_argument("--note", default=None, help="說明（寫入狀態歷程與公文）")
    de.add_argument("--date", default=None, help="決定日期（預設今天）")
    de.add_argument("--send", action="store_true", help="透過 private/mail.toml 設定的郵件伺服器寄出")
    ac = sub.add_parser("accounts", help="經費核定、實支與結餘款（依社群、類別、學制、行政區、學校），寫成 Excel（承辦內部使用）")
    ac.add_argument("--plan", default=None, help="只看這個計畫（預設全部）")
    ac.add_argument("--out", default=None, help="XLSX 的檔名（預設 private/accounts-計畫.xlsx）")
    rp = sub.add_parser("report", help="年度成果統計（社群、教師、學校、聚會、公開授課、經費、成果上傳），寫成 Excel 與 A4 PDF（承辦內部使用）")
    rp.add_argument("--plan", default=None, help="只做這個計畫（預設全部）")
    v = sub.add_parser("serve", help="本機預覽網站，修改資料時自動更新")
    v.add_argument("--dev-addr", default="127.0.0.1:8000", help="位址與埠號（預設 127.0.0.1:8000）")
    return p


def main(argv: list[str] | None = None) -> int:
    args = make_parser().parse_args(argv)
    root = Path(args.root).resolve()
    cmd = args.command or "build"
    with session(Paths(root)):
        return _run(cmd, args, root)


def _run(cmd: str, args, root: Path) -> int:
    try:
        if cmd == "check":
            from plcpub.commands import check
            return check.run(args.paths, args.format, root)
        if cmd == "schema":
            from plcpub.commands import schema
            return schema.run(root / args.out)
        if cmd == "new" and args.what == "plan":
            from plcpub.commands import new_plan
            if not args.source or not args.new_id:
                print("用法錯誤：new plan 需要 --from 計畫代號 與 --id 新計畫代號，例如 new plan --from city-111 --id city-112",
                      file=sys.stderr)
                return 2
            return new_plan.run(root, args.source, args.new_id)
        if cmd == "new":
            from plcpub.commands import new
            if not args.plan or not args.school:
                print("用法錯誤：new community 需要 --plan 計畫代號 與 --school 學校代碼", file=sys.stderr)
                return 2
            return new.run(root, args.plan, args.school, args.name)
        if cmd == "diff":
            from plcpub.commands import diff
            return diff.run(root, args.before, args.after, args.format)
        if cmd == "forms":
            from plcpub.commands import forms
            if args.merge:
                return forms.merge(root / args.out, [root / d for d in args.merge])
            return forms.run(root, root / args.out, args.plan, args.jobs, args.executor, args.shard)
        if cmd == "import":
            from plcpub.commands import import_form
            return import_form.run(root, args.file, args.plan, args.name, args.force)
        if cmd == "cases":
            from plcpub.commands import cases
            return cases.run(root, args.plan, args.record)
        if cmd == "status":
            from plcpub.commands import status
            return status.run(root, args.today, args.plan, args.format, args.out, args.html)
        if cmd == "decide":
            from plcpub.commands import decide
            return decide.run(root, args.community, args.action, args.amount, args.note, args.date, args.send)
        if cmd == "accounts":
            from plcpub.commands import accounts
            return accounts.run(root, args.plan, args.out)
        if cmd == "report":
            from plcpub.commands import report
            return report.run(root, args.plan)
        if cmd == "serve":
            from plcpub.commands import serve
            return serve.run(root, args.dev_addr)
        if cmd == "rules":
            from plcpub.commands import rules_doc
            return rules_doc.run()
        from plcpub.commands import build
        return build.run(root, root / getattr(args, "out", "site"), getattr(args, "full", False))
    except KeyboardInterrupt:
        print("已中止。", file=sys.stderr)
        return 130
    except Exception as e:
        return report_internal_error(e, "這不是您資料的問題，請將此訊息回報給維護者")
