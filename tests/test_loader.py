"""The located YAML loader: nothing retyped, everything located, bad files never crash."""
from __future__ import annotations

from pathlib import Path

import pytest

from plcpub.load.source import MAX_FILE_BYTES, SourceError, read_source
from plcpub.load.yamlsrc import YamlErrors, parse_yaml


def load(tmp_path: Path, text: str | bytes):
    p = tmp_path / "x.yaml"
    p.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    return parse_yaml(read_source(p, tmp_path))


def test_scalars_are_never_retyped(tmp_path):
    doc = load(tmp_path, "a: no\nb: off\nc: 111.08\nd: 0800\ne: 13:30\nf: yes\ng:\nh: ~\ni: '007'\n")
    assert doc.data == {"a": "no", "b": "off", "c": "111.08", "d": "0800", "e": "13:30", "f": "yes",
                        "g": None, "h": None, "i": "007"}


def test_every_value_is_located(tmp_path):
    doc = load(tmp_path, "plan: x\nbudget:\n  - item: 印刷費\n    unit_price: 50\n")
    assert doc.where(("budget", 0, "unit_price")) == (4, 17)
    assert doc.where_key(("budget", 0, "unit_price")) == (4, 5)
    assert doc.where(("budget", 5, "nope")) == doc.where(("budget",))  # nearest located ancestor


def test_duplicate_keys_are_errors(tmp_path):
    with pytest.raises(YamlErrors) as e:
        load(tmp_path, "name: a\ntier: b\nname: c\n")
    d = e.value.diagnostics[0]
    assert (d.rule, d.line) == ("yaml.duplicate-key", 3) and "第 1 行" in d.message


def test_tabs_are_errors(tmp_path):
    with pytest.raises(YamlErrors) as e:
        load(tmp_path, "a:\n\tb: 1\n")
    assert e.value.diagnostics[0].rule == "yaml.tab"


def test_bom_and_crlf_are_accepted(tmp_path):
    doc = load(tmp_path, b"\xef\xbb\xbfa: 1\r\nb: 2\r\n")
    assert doc.data == {"a": "1", "b": "2"} and doc.where(("b",)) == (2, 4)


@pytest.mark.parametrize("data", ["a: 中文".encode("big5"), "a: 1".encode("utf-16"), b"a: \x00"])
def test_wrong_encodings_are_explained(tmp_path, data):
    with pytest.raises(SourceError) as e:
        load(tmp_path, data)
    assert e.value.diagnostic.rule == "file.encoding"


def test_huge_file_is_refused_before_reading(tmp_path):
    p = tmp_path / "big.yaml"
    with open(p, "wb") as f:  # 50 MB, sparse: refused by size, never read into memory
        f.truncate(50 * 1024 * 1024)
    with pytest.raises(SourceError) as e:
        read_source(p, tmp_path)
    assert e.value.diagnostic.rule == "file.too-large" and MAX_FILE_BYTES < 50 * 1024 * 1024


def test_symlink_out_of_project_is_refused(tmp_path):
    outside = tmp_path.parent / "outside-secret.yaml"
    outside.write_text("a: 1")
    proj = tmp_path / "proj"
    proj.mkdir()
    (proj / "link.yaml").symlink_to(outside)
    with pytest.raises(SourceError) as e:
        read_source(proj / "link.yaml", proj)
    assert e.value.diagnostic.rule == "file.symlink"


def test_front_matter_lines_are_file_lines(tmp_path):
    from plcpub.load.markdown import parse_markdown
    p = tmp_path / "story.md"
    p.write_text("---\ntitle: 故事\nconsent: true\n---\n\n本文\n", "utf-8")
    md = parse_markdown(read_source(p, tmp_path))
    assert md.meta.where(("consent",)) == (3, 10)
    assert md.body.strip() == "本文" and md.body_line == 5


def test_unreadable_file_is_a_located_error_not_a_traceback(tmp_path):
    """Root reads anything, so 'unreadable' is made the way it happens on shared drives: a folder
    (or a broken sync placeholder) where the file should be."""
    from plcpub.cli import main

    folder = tmp_path / "content" / "hsinchu-111" / "x"
    (folder / "community.yaml").mkdir(parents=True)
    (tmp_path / "plans").mkdir()
    with pytest.raises(SourceError) as e:
        read_source(folder / "community.yaml", tmp_path)
    assert e.value.diagnostic.rule == "file.unreadable" and "資料夾" in e.value.diagnostic.message
    assert main(["--root", str(tmp_path), "check"]) == 1
