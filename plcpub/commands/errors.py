"""How a command says that plcpub itself failed (not the user's data): one sentence in zh-TW with
what it means for the user, exit status 3; the traceback only when PLCPUB_DEBUG is set."""
from __future__ import annotations

import os
import sys


def report_internal_error(e: Exception, consequence: str) -> int:
    """A bug in plcpub, said plainly with what it means for the user; the traceback only when
    debugging (PLCPUB_DEBUG=1). Returns the exit status 3."""
    if os.environ.get("PLCPUB_DEBUG"):
        raise e
    print(f"plcpub 發生內部錯誤（{type(e).__name__}: {e}）。{consequence}；設定環境變數 PLCPUB_DEBUG=1 可看到詳細資訊。",
          file=sys.stderr)
    return 3
