"""Chinese word segmentation for the search index, loaded on the other core.

Material's search plugin segments Chinese with jieba, and loading jieba's dictionary takes
~0.6 s: as long as everything else in a rebuild that renders one page. An incremental build
therefore starts a helper process first thing; it loads the dictionary while this process
loads and checks the project, and Material asks the helper (`Segmenter` has the three jieba
calls Material makes). A full build segments thousands of pages and keeps jieba in-process:
a round trip per word run would cost more than it saves.
"""
from __future__ import annotations

import logging
import multiprocessing
import sys

from plcpub.process import importing_without


def import_jieba():
    """jieba, or None when it is not installed. Imported without pkg_resources (0.13 s and
    deprecated): jieba uses it only to find its own data files, and opens them by path without it."""
    if "jieba" not in sys.modules:
        with importing_without("pkg_resources"):
            try:
                import jieba  # noqa: F401
            except ImportError:
                pass
    try:
        import jieba
    except ImportError:
        return None
    return jieba


def _serve(conn, parent_end) -> None:
    parent_end.close()  # forked with both ends open: without this, closing the parent's never ends recv()
    jieba = import_jieba()
    jieba.setLogLevel(logging.ERROR)
    tokenizer = jieba.Tokenizer()  # a tokenizer of its own: the parent's default one may carry words of earlier builds
    tokenizer.initialize()
    while True:
        try:
            what, arg = conn.recv()
        except EOFError:
            return
        try:
            if what == "cut":
                conn.send(list(tokenizer.cut(arg)))
            elif what == "userdict":
                tokenizer.load_userdict(arg)
                conn.send(None)
            elif what == "dictionary":
                tokenizer.set_dictionary(arg)
                conn.send(None)
        except Exception as e:  # answered, not raised: the build falls back to jieba in-process
            conn.send(e)


class Segmenter:
    """jieba's cut / load_userdict / set_dictionary, answered by the helper process. Calls are
    remembered in order, so if the helper dies the same dictionaries are loaded in-process."""

    def __init__(self):
        ctx = multiprocessing.get_context("fork")  # started before any thread: fork is safe and instant
        self._conn, child = ctx.Pipe()
        self._proc = ctx.Process(target=_serve, args=(child, self._conn), daemon=True, name="plcpub-jieba")
        self._proc.start()
        child.close()
        self._setup: list[tuple[str, str]] = []
        self._local = None  # jieba itself, once the helper has failed
        self._memo: dict[bytes | str, list[str]] = {}

    def __bool__(self) -> bool:  # Material tests `if jieba:`
        return True

    def _ask(self, what: str, arg):
        if self._local is None:
            try:
                self._conn.send((what, arg))
                answer = self._conn.recv()
                if not isinstance(answer, Exception):
                    return answer
            except (OSError, EOFError):
                pass
            self._fall_back()
        if what == "cut":
            return list(self._local.cut(arg))
        return None

    def _fall_back(self) -> None:
        jieba = import_jieba()
        jieba.setLogLevel(logging.ERROR)
        for what, arg in self._setup:
            (jieba.load_userdict if what == "userdict" else jieba.set_dictionary)(arg)
        self._local = jieba
        self.close()

    def cut(self, text):
        words = self._memo.get(text)
        if words is None:
            words = self._memo[text] = self._ask("cut", text)
        return iter(words)

    def load_userdict(self, path: str) -> None:
        self._setup.append(("userdict", path))
        self._ask("userdict", path)

    def set_dictionary(self, path: str) -> None:
        self._setup.append(("dictionary", path))
        self._ask("dictionary", path)

    def close(self) -> None:
        """Stop the helper without waiting for it to tear down jieba's dictionary (~0.2 s)."""
        try:
            self._conn.close()
        except OSError:
            pass
        if self._proc.is_alive():
            self._proc.kill()
        self._proc.join()
