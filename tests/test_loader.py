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


def _tree_project(tmp_path):
    from .conftest import project_copy
    return project_copy(tmp_path / "proj")


def test_a_linked_community_folder_is_refused_and_never_published(tmp_path):
    """content/<plan>/x -> elsewhere passed check and its page and photos went public."""
    from plcpub.validate import validate_project
    from plcpub.load.project import load_project
    root = _tree_project(tmp_path)
    elsewhere = tmp_path / "elsewhere"
    import shutil
    shutil.copytree(root / "content" / "hsinchu-111" / "183604-picture-books", elsewhere)
    shutil.rmtree(root / "content" / "hsinchu-111" / "183604-picture-books")
    (root / "content" / "hsinchu-111" / "183604-picture-books").symlink_to(elsewhere, target_is_directory=True)
    (root / "plans" / "keelung-113" / "extra.md").symlink_to(root / "plans" / "keelung-113" / "plan.md")
    (root / "content" / "hsinchu-111" / "183601-math-inquiry" / "linked.jpg").symlink_to("/etc/hostname")
    project = load_project(root)
    report = validate_project(project)
    links = [d for d in report.errors if d.rule == "file.symlink"]
    assert {d.file for d in links} == {"content/hsinchu-111/183604-picture-books", "plans/keelung-113/extra.md",
                                       "content/hsinchu-111/183601-math-inquiry/linked.jpg"}
    assert all("連結" in d.message and d.line == 1 for d in links)
    assert "183604-picture-books" not in {sb.id for sb in project.submissions}


@pytest.mark.parametrize("name, why", [
    ("a#b", "#"), ("a?b", "?"), ("100%", "%"), ("a\nb", "換行"), (".hidden", "隱藏"), ("trailing ", "結尾"),
    ("社" * 41, "過長"), ("x" * 250, "過長"), ("con", "保留"), ("a\u202eb", "控制字元"), ("a:b", ":")])
def test_unpublishable_folder_names_are_refused_at_the_folder(tmp_path, name, why):
    from plcpub.load.project import load_project
    from plcpub.load.tree import name_problem
    root = _tree_project(tmp_path)
    src = root / "content" / "hsinchu-111" / "183604-picture-books"
    src.rename(src.with_name(name))
    project = load_project(root)
    found = [d for d in project.report.errors if d.rule == "folder.name"]
    assert len(found) == 1 and why in found[0].message and "\n" not in found[0].file, found
    assert found[0].file.startswith("content/hsinchu-111/") and found[0].file.endswith("/")
    assert name not in {sb.id for sb in project.submissions}
    assert name_problem(name)


@pytest.mark.parametrize("name", ["183601-我的社群", "033601-basic-reading", "a b", "社" * 40, "科學 STEAM（跨域）"])
def test_publishable_folder_names_pass(name):
    from plcpub.load.tree import name_problem
    assert name_problem(name) is None


def test_a_community_file_nobody_reads_is_reported(tmp_path):
    from plcpub.load.project import load_project
    root = _tree_project(tmp_path)
    src = root / "content" / "hsinchu-111" / "183604-picture-books"
    (root / "content" / "hsinchu-111" / "a").mkdir()
    src.rename(root / "content" / "hsinchu-111" / "a" / "b")
    found = [d for d in load_project(root).report.errors if d.rule == "file.misplaced"]
    assert [d.file for d in found] == ["content/hsinchu-111/a/b/community.yaml"]


@pytest.mark.parametrize("key, value", [("prose", "../../../../etc/hostname"), ("schools_file", "/etc/hostname"),
                                        ("prose", "../hsinchu-111/plan.md")])
def test_plan_files_come_from_the_plan_folder(tmp_path, key, value):
    """plan.md is published: a plan naming a file elsewhere would publish that file."""
    from plcpub.load.project import load_project
    root = _tree_project(tmp_path)
    plan = root / "plans" / "keelung-113" / "plan.yaml"
    plan.write_text(plan.read_text("utf-8").replace("table_sums:", f"{key}: {value}\ntable_sums:", 1)
                    if "table_sums:" in plan.read_text("utf-8") else plan.read_text("utf-8") + f"\n{key}: {value}\n", "utf-8")
    project = load_project(root)
    found = [d for d in project.report.errors if d.rule == "file.outside"]
    assert len(found) == 1 and found[0].file == "plans/keelung-113/plan.yaml" and found[0].line > 1
    assert "keelung-113" not in project.plans


def test_plan_authors_get_messages_they_can_act_on(tmp_path):
    """Issue #17, item 5: a school level typo is a located error listing the allowed values (it
    used to switch a quota off silently); `cap: 15,000` inside {…} says to quote the number;
    a long list of allowed fields says it is cut."""
    from plcpub.load.convert import build_model
    from plcpub.model.plan import Eligibility, SchoolRequirement, Tier

    _, diags = build_model(SchoolRequirement, load(tmp_path, "{level: 國民小學, max: 2}\n"))
    assert [(d.rule, d.line) for d in diags] == [("schema.choice", 1)]
    assert "國民小學" in diags[0].message and "國小" in diags[0].message and "國中" in diags[0].message
    _, diags = build_model(Eligibility, load(tmp_path, "school_levels: [國小, 國民中學]\n"))
    assert [d.rule for d in diags] == ["schema.choice"]
    _, diags = build_model(Tier, load(tmp_path, "{id: a, name: 社群, cap: 15,000}\n"))
    assert [d.rule for d in diags] == ["schema.unknown-key"]
    assert "15000" in diags[0].message and "'15,000'" in diags[0].message
    _, diags = build_model(Tier, load(tmp_path, "{id: a, name: 社群, capp: 1}\n"))
    assert "cap" in diags[0].message
    from plcpub.model.plan import Plan
    _, diags = build_model(Plan, load(tmp_path, "zzz: 1\n"))
    unknown = next(d for d in diags if d.rule == "schema.unknown-key")
    assert f"……（共 {len(Plan.model_fields)} 個）" in unknown.message
