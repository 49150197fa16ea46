"""Sending a decision's e-mail through the centre's SMTP server, named in a config file that
stays out of git (private/mail.toml): STARTTLS whenever the server offers it, a login when a
user is named (the password from an environment variable, never from the file)."""
from __future__ import annotations

import os
import smtplib
import ssl
import tomllib
from dataclasses import dataclass
from email.message import EmailMessage
from pathlib import Path

EXAMPLE = """host = "smtp.example.edu.tw"
port = 587
from = "教師專業發展中心 <plc@example.edu.tw>"
user = "plc@example.edu.tw"            # 選填：需要登入時
password_env = "PLCPUB_SMTP_PASSWORD"   # 選填：密碼放在這個環境變數，不寫在檔案裡
"""


class MailError(Exception):
    """A config or delivery problem; the message is for the user (zh-TW)."""


@dataclass(frozen=True)
class MailConfig:
    host: str
    port: int = 587
    sender: str | None = None
    user: str | None = None
    password_env: str | None = None
    cafile: str | None = None  # a private CA (a test server's, a school district's)


def read_config(path: Path) -> MailConfig:
    if not path.is_file():
        raise MailError(f"找不到郵件設定檔 {path}。請建立這個檔案（不要加入 git），內容例如：\n{EXAMPLE}")
    try:
        data = tomllib.loads(path.read_text("utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as e:
        raise MailError(f"郵件設定檔 {path} 的格式有誤：{e}")
    if not isinstance(data.get("host"), str):
        raise MailError(f"郵件設定檔 {path} 沒有 host（郵件伺服器）。")
    try:
        port = int(data.get("port", 587))
    except (TypeError, ValueError):
        raise MailError(f"郵件設定檔 {path} 的 port 須為數字。")
    return MailConfig(data["host"], port, data.get("from"), data.get("user"), data.get("password_env"),
                      data.get("cafile"))


def send(message: EmailMessage, config: MailConfig) -> None:
    try:
        with smtplib.SMTP(config.host, config.port, timeout=30) as smtp:
            smtp.ehlo()
            if smtp.has_extn("starttls"):
                smtp.starttls(context=ssl.create_default_context(cafile=config.cafile))
                smtp.ehlo()
            if config.user:
                password = os.environ.get(config.password_env or "", "")
                if not password:
                    raise MailError(f"需要登入郵件伺服器，但環境變數 {config.password_env or '（未設定 password_env）'} 沒有密碼。")
                smtp.login(config.user, password)
            smtp.send_message(message)
    except (OSError, smtplib.SMTPException) as e:
        raise MailError(f"無法透過 {config.host}:{config.port} 寄出郵件：{e}")
