"""Issue #20, item 2: decisions as commands. `decide` appends one status-history entry the
workflow allows (community.yaml keeps its comments and layout), records the granted amount,
and writes the letter (PDF, ODT) and the e-mail (.eml); --send delivers it to an SMTP server
(aiosmtpd on 127.0.0.1 here, with and without STARTTLS). Bad input changes nothing."""
from __future__ import annotations

import email
import re
import shutil
import socket
import ssl
import subprocess
import time
from email import policy
from pathlib import Path

import pytest
import yaml

from plcpub.cli import main
from plcpub.load.project import load_project

from .conftest import project_copy

pytestmark = pytest.mark.slow  # each test copies the project and renders letters
KEELUNG = "keelung-113"
DIAGNOSIS = "173601-learning-diagnosis"  # executing, with its stamped budget sheet and outcome


def pending_copy(root: Path, name: str = "x-pending") -> Path:
    """A Keelung community just past the school's formal review (執行計畫挑選_可彙整), with a
    comment of its own, as the centre meets it before the review briefing."""
    src = root / "content" / KEELUNG / DIAGNOSIS
    folder = src.parent / name
    shutil.copytree(src, folder)
    (folder / "outcome.yaml").unlink(missing_ok=True)
    text = (folder / "community.yaml").read_text("utf-8")
    text = re.sub(r"^status: .*$", "status: 執行計畫挑選_可彙整  # 學校已形式審通過", text, flags=re.M)
    text = re.sub(r"^case_code: .*\n", "", text, flags=re.M)
    text = re.sub(r"^- \{date: [^}]*(執行後並填寫成果報告書|結案)[^}]*\}\n", "", text, flags=re.M)
    text = re.sub(r"^documents:.*\n- \{document: stamped-budget.*\n", "", text, flags=re.M)
    (folder / "community.yaml").write_text(text, "utf-8")
    return folder


def letters(root: Path, name: str) -> Path:
    return root / "private" / KEELUNG / "letters" / name


def pdf_text(pdf: Path) -> str:
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(str(pdf))
    try:
        return "\n".join(page.get_textpage().get_text_range() for page in doc)
    finally:
        doc.close()


@pytest.fixture
def root(tmp_path):
    return project_copy(tmp_path / "proj")


def run(root: Path, *args: str) -> int:
    return main(["--root", str(root), "decide", *args])


def test_return_then_approve_as_the_keelung_plan_runs(root, capsys):
    folder = pending_copy(root)
    source = folder / "community.yaml"
    before = source.read_text("utf-8")

    assert run(root, f"{KEELUNG}/x-pending", "return", "--date", "113年5月20日", "--note", "請補充觀課紀錄表。") == 0
    out = capsys.readouterr().out
    assert "113年5月30日" in out  # 審查說明會後10日內 (玖、四)
    after = source.read_text("utf-8")
    assert after.splitlines()[:7] == before.splitlines()[:7]  # everything above the status line, comments included
    assert "status: 審查說明會後退回修改  # 學校已形式審通過" in after  # the status line keeps its comment
    data = yaml.safe_load(after)
    assert data["history"][-1] == {"date": "113年5月20日", "status": "審查說明會後退回修改", "note": "請補充觀課紀錄表。"}
    assert [line for line in after.splitlines() if line not in before.splitlines()] == [
        "status: 審查說明會後退回修改  # 學校已形式審通過",
        "- {date: 113年5月20日, status: 審查說明會後退回修改, note: 請補充觀課紀錄表。}"]
    letter = pdf_text(letters(root, "x-pending") / "2024-05-20-return.pdf")
    assert "海港國小" in letter and "113年5月30日" in letter and "玖、四" in letter and "請補充觀課紀錄表" in letter
    assert main(["--root", str(root), "check", str(folder)]) == 0
    capsys.readouterr()

    # the school revises and resubmits (步驟7): the stamped budget sheet is needed before approval
    text = source.read_text("utf-8").replace("\nstatus: 審查說明會後退回修改", "\nstatus: 修改完成再次提交", 1)
    text = text.replace("note: 請補充觀課紀錄表。}", "note: 請補充觀課紀錄表。}\n- {date: 113年5月28日, status: 修改完成再次提交}")
    source.write_text(text, "utf-8")
    assert run(root, f"{KEELUNG}/x-pending", "approve", "--date", "113年6月3日") == 1
    plan = load_project(root).plans[KEELUNG].plan
    assert plan.document_missing(plan.workflow.documents[0]) in capsys.readouterr().err  # as check and status say it
    assert source.read_text("utf-8") == text
    text = text.replace("- {date: 113年5月28日, status: 修改完成再次提交}",
                        "- {date: 113年5月28日, status: 修改完成再次提交}\ndocuments:\n"
                        "- {document: stamped-budget, file: 經費概算表核章.pdf, date: 113年5月28日}")
    source.write_text(text, "utf-8")
    assert run(root, f"{KEELUNG}/x-pending", "approve", "--date", "113年6月3日", "--amount", "3,000") == 0
    capsys.readouterr()
    data = yaml.safe_load(source.read_text("utf-8"))
    assert data["status"] == "執行後並填寫成果報告書" and data["granted"] == 3000
    assert [h["status"] for h in data["history"][-2:]] == ["修改完成再次提交", "執行後並填寫成果報告書"]
    letter = pdf_text(letters(root, "x-pending") / "2024-06-03-approve.pdf")
    assert "3,000元" in letter and "3,390元" in letter  # granted next to requested
    assert main(["--root", str(root), "check", str(folder)]) == 0


def test_the_letter_is_a_pdf_an_odt_and_an_email_to_the_convener(root, capsys):
    assert run(root, f"{KEELUNG}/{DIAGNOSIS}", "close", "--date", "114年8月10日") == 0
    capsys.readouterr()
    made = letters(root, DIAGNOSIS)
    assert sorted(p.suffix for p in made.iterdir()) == [".eml", ".odt", ".pdf"]
    message = email.message_from_bytes((made / "2025-08-10-close.eml").read_bytes(), policy=policy.default)
    assert message["To"] == "kl821@example.edu.tw"  # the convener's, from the private data
    assert "結案" in message["Subject"]
    body = message.get_body(("plain",)).get_content()
    assert "受文者：海港國小" in body and "已完成結案" in body
    assert sorted(a.get_filename() for a in message.iter_attachments()) == ["2025-08-10-close.odt", "2025-08-10-close.pdf"]
    lines = [line.replace(" ", "") for line in pdf_text(made / "2025-08-10-close.pdf").splitlines()]
    assert any(line.endswith("海港國小") for line in lines)  # the school's name on one line
    odt = subprocess.run(["soffice", "--headless", "--cat", str(made / "2025-08-10-close.odt")],
                         capture_output=True, text=True, timeout=180)
    assert "受文者：海港國小" in odt.stdout and "已完成結案" in odt.stdout  # LibreOffice opens it
    assert yaml.safe_load((root / "content" / KEELUNG / DIAGNOSIS / "community.yaml").read_text("utf-8"))["status"] == "結案_可彙整"
    assert not list((root / "site").glob("**/*close*")) if (root / "site").exists() else True


@pytest.mark.parametrize("args, says", [
    (["keelung-113/no-such-community", "approve"], "找不到社群"),
    (["keelung-113/../hsinchu-111/x", "approve"], "不能當作社群資料夾名稱"),
    (["nowhere-000/x", "approve"], "找不到計畫"),
    ([f"keelung-113/{DIAGNOSIS}", "approve"], "不能核定"),  # executing: the workflow goes on to 結案 only
    ([f"keelung-113/{DIAGNOSIS}", "reject", "--amount", "100"], "不能不通過"),
    (["keelung-113/x-pending", "reject", "--amount", "100"], "只用於核定"),
    (["keelung-113/x-pending", "approve", "--amount", "99999"], "補助上限"),
    (["keelung-113/x-pending", "return", "--date", "113年4月1日"], "早於狀態歷程最後一筆"),
    (["keelung-113/x-pending", "return", "--date", "113年2月30日"], "不存在"),
    (["keelung-113/x-pending", "approve", "--amount", "五千"], "不是金額"),
])
def test_bad_input_is_a_clear_error_and_changes_nothing(root, capsys, args, says):
    pending_copy(root)
    before = {p: p.read_bytes() for p in (root / "content").rglob("*") if p.is_file()}
    assert run(root, *args) != 0
    err = capsys.readouterr().err
    assert says in err and "Traceback" not in err
    assert {p: p.read_bytes() for p in (root / "content").rglob("*") if p.is_file()} == before
    assert not (root / "private" / KEELUNG / "letters").exists()


def test_a_note_stays_text_in_the_yaml_and_the_letter(root, capsys):
    pending_copy(root)
    note = '請改：<b>粗體</b> "引號" #不是註解 {a: b}\n第二行 =SUM(A1)'
    assert run(root, f"{KEELUNG}/x-pending", "return", "--date", "113年5月20日", "--note", note) == 0
    capsys.readouterr()
    data = yaml.safe_load((root / "content" / KEELUNG / "x-pending" / "community.yaml").read_text("utf-8"))
    assert data["history"][-1]["note"] == note
    letter = pdf_text(letters(root, "x-pending") / "2024-05-20-return.pdf")
    assert "<b>粗體</b>" in letter.replace("\r\n", "") and "#不是註解" in letter


class Inbox:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append((envelope.rcpt_tos, envelope.content, session.ssl is not None))
        return "250 OK"


def serve(tmp_path: Path, tls: bool):
    """aiosmtpd on 127.0.0.1 (a free port); with `tls`, STARTTLS offered with a certificate made
    here, which the config's cafile trusts."""
    from aiosmtpd.controller import Controller

    inbox, context, cafile = Inbox(), None, None
    if tls:
        cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
        subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", str(key), "-out", str(cert),
                        "-days", "1", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"],
                       check=True, capture_output=True)
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(str(cert), str(key))
        cafile = cert
    with socket.socket() as probe:  # a free port (aiosmtpd's controller cannot take port 0)
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(inbox, hostname="127.0.0.1", port=port, tls_context=context, require_starttls=tls)
    controller.start()
    return controller, inbox, cafile


@pytest.mark.parametrize("tls", [False, True])
def test_send_delivers_through_the_configured_server(root, tmp_path, capsys, tls):
    controller, inbox, cafile = serve(tmp_path, tls)
    try:
        port = controller.port
        (root / "private").mkdir(exist_ok=True)
        config = f'host = "127.0.0.1"\nport = {port}\nfrom = "教師專業發展中心 <plc@example.edu.tw>"\n'
        if cafile:
            config += f'cafile = "{cafile}"\n'
        (root / "private" / "mail.toml").write_text(config, "utf-8")
        assert run(root, f"{KEELUNG}/{DIAGNOSIS}", "close", "--date", "114年8月10日", "--send") == 0
        assert "已寄出" in capsys.readouterr().out
        deadline = time.time() + 5
        while not inbox.messages and time.time() < deadline:
            time.sleep(0.05)
        (rcpt, content, secured), = inbox.messages
        assert rcpt == ["kl821@example.edu.tw"] and secured == tls
        message = email.message_from_bytes(content, policy=policy.default)
        assert "plc@example.edu.tw" in message["From"] and "已完成結案" in message.get_body(("plain",)).get_content()
    finally:
        controller.stop()


def test_a_failed_send_writes_nothing(root, capsys):
    (root / "private").mkdir(exist_ok=True)
    (root / "private" / "mail.toml").write_text('host = "127.0.0.1"\nport = 9\n', "utf-8")  # nothing listens there
    source = root / "content" / KEELUNG / DIAGNOSIS / "community.yaml"
    before = source.read_bytes()
    assert run(root, f"{KEELUNG}/{DIAGNOSIS}", "close", "--date", "114年8月10日", "--send") == 1
    assert "無法透過 127.0.0.1:9 寄出" in capsys.readouterr().err
    assert source.read_bytes() == before and not letters(root, DIAGNOSIS).exists()
    (root / "private" / "mail.toml").unlink()
    assert run(root, f"{KEELUNG}/{DIAGNOSIS}", "close", "--send") == 1
    assert "找不到郵件設定檔" in capsys.readouterr().err and source.read_bytes() == before


def test_the_plan_names_its_letter_template_and_sender(root, capsys):
    plan = root / "plans" / KEELUNG / "plan.yaml"
    text = plan.read_text("utf-8").replace("  clause: 玖、五\n\noutcome:", "  letters: {sender: 基隆市政府, signatory_title: 市長, "
                                            "signatory_name: 王大明, template: 函稿.html}\n  clause: 玖、五\n\noutcome:")
    assert text != plan.read_text("utf-8")
    plan.write_text(text, "utf-8")
    (root / "plans" / KEELUNG / "函稿.html").write_text(
        "<html lang='zh-Hant'><body><h1>{{ letter.sender }} 函（本市格式）</h1><p>{{ letter.subject }}</p>"
        "<p>{{ letter.signatory }}</p></body></html>", "utf-8")
    assert run(root, f"{KEELUNG}/{DIAGNOSIS}", "close", "--date", "114年8月10日") == 0
    capsys.readouterr()
    letter = pdf_text(letters(root, DIAGNOSIS) / "2025-08-10-close.pdf")
    assert "基隆市政府 函（本市格式）" in letter and "市長 王大明" in letter

    plan.write_text(text.replace("template: 函稿.html", "template: ../../content/x.html"), "utf-8")
    source = root / "content" / KEELUNG / "173602-harbour-cross" / "community.yaml"
    before = source.read_bytes()
    assert run(root, f"{KEELUNG}/173602-harbour-cross", "close", "--date", "114年8月10日") == 1
    assert "不在計畫資料夾" in capsys.readouterr().err and source.read_bytes() == before
