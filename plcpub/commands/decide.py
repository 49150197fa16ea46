"""`decide <plan>/<community> approve|return|reject|close [--amount N] [--note TEXT] [--date D]
[--send]`: record a decision and write the letter.

The community's status history gets one entry, its status and (on approval) its granted amount
change; every other line of community.yaml — comments, layout — stays (util/yamledit.py). The
letter goes to private/<plan>/letters/<community>/ as PDF, ODT and .eml; --send delivers the
e-mail through the server in private/mail.toml. Everything is checked, rendered and (with
--send) sent before community.yaml is touched: on any error nothing is written."""
from __future__ import annotations

import datetime as dt
import shutil
import sys
import tempfile
from pathlib import Path

from plcpub.commands.prog import command
from plcpub.commands.folders import FolderError, community_folder, plan_folder, refuse
from plcpub.commands.status import PRIVATE, parse_day
from plcpub.load.project import load_project
from plcpub.load.source import inside
from plcpub.render.letters import TEMPLATE, letter_email, write_letter_odt, write_letter_pdf
from plcpub.review.decisions import ACTION_ZH, DecisionError, decide
from plcpub.util.mail import MailError, read_config, send
from plcpub.util.money import format_money, parse_money
from plcpub.util.rocdate import DateParseError, format_roc
from plcpub.util.yamledit import YamlEditError, append_item, set_value, verify
from plcpub.validate import submission_errors

MAIL_CONFIG = Path(PRIVATE) / "mail.toml"


def _fail(message: str, code: int = 1) -> int:
    print(message, file=sys.stderr)
    return code


def run(root: Path, target: str, action: str, amount: str | None, note: str | None, date: str | None,
        send_mail: bool) -> int:
    plan_id, _, name = target.strip("/").partition("/")
    try:
        plan_folder(root, plan_id)
        folder = community_folder(root, plan_id, name)
    except FolderError as e:
        return refuse(e)
    try:
        day = parse_day(date)
    except DateParseError as e:
        return _fail(f"--date：{e}", 2)
    try:
        money = parse_money(amount) if amount is not None else None
    except ValueError as e:
        return _fail(f"--amount：{e}", 2)
    source = folder / "community.yaml"
    if not source.is_file():
        return _fail(f"找不到社群「{name}」（{source.relative_to(root)}）。")
    project = load_project(root)
    pb = project.plans.get(plan_id)
    sb = next((s for s in project.submissions_of(plan_id) if s.dir.resolve() == folder.resolve()), None)
    if pb is None or sb is None:
        return _fail(f"{source.relative_to(root)} 或計畫「{plan_id}」有錯誤，請先執行 check 修正後再決定。")
    errors = submission_errors(project, pb, sb) if action in ("approve", "close") else []  # returning is how errors get fixed
    if errors:
        first = errors[0]
        return _fail(f"{source.relative_to(root)} 有 {len(errors)} 個錯誤，請先修正再決定"
                     f"（{command('check ' + str(folder.relative_to(root)))}）。\n"
                     f"第一個：{first.file}:{first.line}:{first.column}: {first.message}\n沒有寫入任何檔案。")
    try:
        decision = decide(pb, sb, action, day, money, note)
        text = source.read_text("utf-8")
        entry = {"date": format_roc(day, weekday=False), "status": decision.status.name, "note": note}
        edited = set_value(text, "status", decision.status.name, after="school")
        edited = append_item(edited, "history", entry, after="status")
        changes = {"status": decision.status.name,
                   "history": [*_read(text).get("history", []), {k: v for k, v in entry.items() if v is not None}]}
        if decision.granted is not None:
            edited = set_value(edited, "granted", decision.granted, after="status")
            changes["granted"] = decision.granted
        verify(text, edited, changes)
    except (DecisionError, YamlEditError) as e:
        return _fail(f"{source.relative_to(root)}：{e}\n沒有寫入任何檔案。")

    letters = pb.plan.workflow.letters
    template = letters.template if letters and letters.template else TEMPLATE
    chosen = inside(pb.dir, letters.template) if letters and letters.template else None
    if letters and letters.template and (chosen is None or not chosen.is_file()):
        return _fail(f"計畫指定的公文範本「{letters.template}」不在計畫資料夾 {pb.dir.relative_to(root)} 中。\n沒有寫入任何檔案。")
    out = root / PRIVATE / plan_id / "letters" / name
    stem = f"{day.isoformat()}-{action}"
    config = None
    if send_mail:
        try:
            config = read_config(root / MAIL_CONFIG)
        except MailError as e:
            return _fail(f"{e}\n沒有寫入任何檔案。")
        if not decision.letter.to:
            return _fail(f"「{sb.sub.name}」的召集人沒有電子郵件（convener.email），無法寄出。\n沒有寫入任何檔案。")
    (root / PRIVATE).mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory(dir=root / PRIVATE) as tmp:
        work = Path(tmp)
        pdf = write_letter_pdf(decision.letter, work / f"{stem}.pdf", [pb.dir, *project.paths.templates("letters")],
                               template)
        odt = write_letter_odt(decision.letter, work / f"{stem}.odt")
        subject = f"{pb.plan.title}：{sb.sub.name} {ACTION_ZH[action]}通知"
        message = letter_email(decision.letter, subject, config.sender if config else None, [pdf, odt])
        (work / f"{stem}.eml").write_bytes(bytes(message))
        if config is not None:
            try:
                send(message, config)
            except MailError as e:
                return _fail(f"{e}\n沒有寫入任何檔案（狀態未變更）。")
        out.mkdir(parents=True, exist_ok=True)
        for made in sorted(work.iterdir()):
            shutil.move(str(made), out / made.name)
    _replace(source, edited)
    print(f"{sb.sub.name}：{ACTION_ZH[action]}，狀態改為「{decision.status.name}」（{format_roc(day)}）"
          + (f"，核定 {format_money(decision.granted)}" if decision.granted is not None else "") + "。")
    if decision.deadline:
        print(f"期限：{decision.deadline[1]}，{format_roc(decision.deadline[0])} 前。")
    print(f"公文與郵件：{out.relative_to(root)}/{stem}.pdf、.odt、.eml（不公開）"
          + ("；已寄出" if config else "") + "。")
    if not decision.letter.to:
        print("提醒：召集人沒有電子郵件，.eml 沒有收件者。", file=sys.stderr)
    return 0


def _read(text: str) -> dict:
    import yaml

    data = yaml.safe_load(text)
    return data if isinstance(data, dict) else {}


def _replace(path: Path, text: str) -> None:
    """Write `text` to `path` in one step (a crash leaves the old file or the new one)."""
    tmp = path.with_name(f".{path.name}.{dt.datetime.now().timestamp():.0f}.tmp")
    tmp.write_text(text, "utf-8")
    tmp.replace(path)
