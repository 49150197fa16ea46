"""The command line as a user meets it: exit codes, formats, located text output, templates."""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CASE = "tests/cases/invalid/budget-misc-percent"


def run(*args, cwd=ROOT):
    return subprocess.run([sys.executable, str(ROOT / "build.py"), *args], cwd=cwd, capture_output=True,
                          text=True, timeout=120)


def test_check_examples_is_clean():
    r = run("check")
    assert r.returncode == 0, r.stdout + r.stderr
    assert "0 個錯誤" in r.stdout and "Traceback" not in r.stderr


def test_check_text_is_compiler_like_with_source_and_caret():
    r = run("check", CASE)
    assert r.returncode == 1
    lines = r.stdout.splitlines()
    head = next(i for i, ln in enumerate(lines) if "error[budget.misc-percent]" in ln)
    assert lines[head].startswith(f"{CASE}/community.yaml:")
    path, line, col = lines[head].split(":")[:3]
    assert line.isdigit() and col.isdigit()
    assert lines[head + 1].strip().startswith(f"{line} |") and lines[head + 2].rstrip().endswith("^")
    assert any("依據：新竹市111學年度計畫" in ln for ln in lines[head:head + 4])


def test_check_json_and_github_formats():
    r = run("check", CASE, "--format", "json")
    data = json.loads(r.stdout)
    assert r.returncode == 1 and data
    assert set(data[0]) >= {"file", "line", "column", "rule", "severity", "message"}
    r = run("check", CASE, "--format", "github")
    assert r.stdout.startswith("::error file=") and "title=budget.misc-percent" in r.stdout


def test_usage_errors_exit_2():
    assert run("check", "--format", "xml").returncode == 2
    assert run("check", "no/such/file.yaml").returncode == 2
    assert run("frobnicate").returncode == 2


def test_many_errors_are_reported_at_once():
    r = run("check", "tests/cases/invalid", "--format", "json")
    files = {d["file"].split("/")[3] for d in json.loads(r.stdout)}
    assert len(files) >= 90  # one run reports every broken case, not just the first


def test_schemas_are_up_to_date():
    from plcpub.commands.schema import render_all
    for name, text in render_all().items():
        assert (ROOT / "schemas" / name).read_text("utf-8") == text, f"run `python build.py schema` ({name})"


def test_every_yaml_file_names_its_schema():
    for p in list(ROOT.glob("plans/*/*.yaml")) + list(ROOT.glob("content/*/*/*.yaml")):
        first = p.read_text("utf-8").splitlines()[0]
        assert first.startswith("# yaml-language-server: $schema="), p
        assert (p.parent / first.split("=", 1)[1]).resolve().is_file(), p


def test_new_community_writes_a_template_that_checks(tmp_path):
    shutil.copytree(ROOT / "plans", tmp_path / "plans")
    r = run("--root", str(tmp_path), "new", "community", "--plan", "keelung-113", "--school", "173601", "--name", "mine")
    assert r.returncode == 0, r.stderr
    target = tmp_path / "content" / "keelung-113" / "mine" / "community.yaml"
    assert "專業發展" in target.read_text("utf-8")
    r = run("--root", str(tmp_path), "check", str(target), "--format", "json")
    assert r.returncode == 0, r.stdout  # a draft: its gaps are warnings, never a crash
    assert {d["severity"] for d in json.loads(r.stdout)} <= {"warning", "info"}
    again = run("--root", str(tmp_path), "new", "community", "--plan", "keelung-113", "--school", "173601", "--name", "mine")
    assert again.returncode == 1  # never overwrites
    assert run("--root", str(tmp_path), "new", "community", "--plan", "nope-1", "--school", "1").returncode == 2


def test_rules_lists_every_rule():
    r = run("rules")
    assert r.returncode == 0 and "budget.misc-percent" in r.stdout and "plan.cap-unreachable" in r.stdout


BAD_NAMES = ["../keelung-113/evil", "/tmp/plcpub-evil", "a/b", "..", ".", "a#b", "a\nb", "x" * 250, ""]


def _tree(root: Path) -> set[str]:
    return {p.relative_to(root).as_posix() for p in root.rglob("*")}


def test_a_folder_name_that_is_a_path_writes_nothing(tmp_path):
    """`--name ../keelung-113/evil` wrote into another plan, `/tmp/x` outside the project, `a/b` a
    folder nobody reads: each is refused with a clear error and nothing is written."""
    shutil.copytree(ROOT / "plans", tmp_path / "plans")
    (tmp_path / "content" / "hsinchu-111").mkdir(parents=True)
    form = tmp_path / "filled.pdf"
    form.write_bytes(b"%PDF-1.4\n")  # the name is refused before the file is read
    before = _tree(tmp_path)
    for name in BAD_NAMES:
        for args in (["new", "community", "--plan", "hsinchu-111", "--school", "183601", "--name", name],
                     ["import", str(form), "--plan", "hsinchu-111", "--name", name]):
            r = run("--root", str(tmp_path), *args)
            assert r.returncode == 2, (args, r.stdout, r.stderr)
            assert "--name" in r.stderr and "資料夾" in r.stderr and "Traceback" not in r.stderr, r.stderr
    for plan in ("../plans/keelung-113", "/etc", "keelung-113/../hsinchu-111"):
        r = run("--root", str(tmp_path), "new", "community", "--plan", plan, "--school", "183601")
        assert r.returncode == 2 and "找不到計畫" in r.stderr, r.stderr
    assert _tree(tmp_path) == before
    assert not Path("/tmp/plcpub-evil").exists()


def test_an_imported_form_gets_a_publishable_folder_name():
    from plcpub.commands.folders import folder_name_from
    from plcpub.load.tree import name_problem
    for text in ("183601-數學#1?", "183601-" + "很長的社群名稱" * 20, "183601-../../x", "183601-a\nb", "###"):
        name = folder_name_from(text)
        assert name_problem(name) is None and "/" not in name, (text, name)
    assert folder_name_from("183601-我的 社群") == "183601-我的-社群"
