"""`serve`: preview the site with live reload while editing plans, content or templates.

Each change runs the same incremental build as `build` (only changed pages are rendered, so an
edit shows in a second or two even at city scale) into a preview site of its own under
`.cache/preview/`, which MkDocs' live-reload server serves. A broken file prints its located
errors in the terminal and the preview keeps the last good pages.
"""
from __future__ import annotations

import errno
import sys
from pathlib import Path

from plcpub.commands.errors import report_internal_error
from plcpub.commands import build
from plcpub.paths import Paths
from plcpub.process import release_frozen
from plcpub.render.site.engine import live_reload_server, watch_and_rebuild
from plcpub.render.site.incremental import INPUT_DIRS


def preview_dir(root: Path) -> Path:
    return Paths(root).preview


def rebuild(root: Path) -> int:
    """One preview build; a bug in plcpub is reported like the command line does, and the server
    goes on serving the last good preview."""
    try:
        return build.run(root, preview_dir(root))
    except Exception as e:
        return report_internal_error(e, "預覽保持上一次成功的內容")
    finally:
        release_frozen()  # the build freezes what it loaded; a long preview session must get it back


def run(root: Path, dev_addr: str) -> int:
    host, _, port = dev_addr.rpartition(":")
    if not host or not port.isdigit():
        print(f"位址格式錯誤：{dev_addr}（應為 主機:埠號，例如 127.0.0.1:8000）", file=sys.stderr)
        return 2
    site = preview_dir(root)
    if rebuild(root) != 0 and not site.is_dir():
        print("請先修正上面的錯誤再開始預覽。", file=sys.stderr)
        return 1
    def on_change() -> None:
        print("偵測到檔案變更，重新產生預覽……", flush=True)
        rebuild(root)

    server = live_reload_server(on_change, host, int(port), site, lambda code: _error_page(site, code))
    stop = watch_and_rebuild(server, [root / name for name in INPUT_DIRS if (root / name).is_dir()])
    print(f"預覽網站：{server.url}（修改 {'、'.join(n + '/' for n in INPUT_DIRS)} 會自動更新；Ctrl+C 結束）", flush=True)
    try:
        server.serve()
    except OSError as e:
        if e.errno not in (errno.EADDRINUSE, errno.EADDRNOTAVAIL, errno.EACCES):
            raise
        print(f"無法使用位址 {dev_addr}：{e.strerror}。請用 --dev-addr 換一個埠號。", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("已停止預覽。", file=sys.stderr)
    finally:
        stop.set()
        server.shutdown()
    return 0


def _error_page(site: Path, code: int) -> bytes | None:
    page = site / f"{code}.html"
    return page.read_bytes() if page.is_file() else None
