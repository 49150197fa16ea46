"""plcpub as a package: a wheel built from this repository, installed into a fresh virtual
environment outside it, builds the site of a folder that holds only plans/ and content/ (its
templates come from the package), and its messages name the installed command. Slow: builds a
wheel, installs it with the pinned dependencies, builds a site."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest

from .conftest import ROOT

pytestmark = pytest.mark.slow


def test_an_installed_wheel_builds_a_project_of_plans_and_content(tmp_path):
    dist = tmp_path / "dist"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(dist),
                    str(ROOT)], check=True, capture_output=True, timeout=600)
    wheel = next(dist.glob("plcpub-*.whl"))
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=300)
    subprocess.run([str(venv / "bin" / "pip"), "install", "-q", "-c", str(ROOT / "constraints.txt"), str(wheel)],
                   check=True, capture_output=True, timeout=1200)
    project = tmp_path / "project"
    for d in ("plans", "content"):
        shutil.copytree(ROOT / d, project / d)
    env = {**os.environ, "PLCPUB_CACHE": str(ROOT / ".cache")}  # the forms' font, shared with the other tests
    env.pop("PYTHONPATH", None)
    run = subprocess.run([str(venv / "bin" / "plcpub"), "build"], cwd=project, env=env, capture_output=True,
                         text=True, timeout=1200)
    assert run.returncode == 0, run.stderr[-2000:]
    assert "執行 plcpub check 查看" in run.stdout  # the command this user has
    site = project / "site"
    page = (site / "hsinchu-111" / "communities" / "183601-math-inquiry" / "index.html").read_text("utf-8")
    assert "數學" in page and (site / "assets" / "plcpub.css").is_file()
    assert (site / "keelung-113" / "downloads" / "keelung-113-application-fillable.pdf").is_file()
    assert (site / "hsinchu-111" / "booklet" / "hsinchu-111-booklet.pdf").is_file()
    located = subprocess.run([str(venv / "bin" / "python"), "-c", "import plcpub, sys; print(plcpub.__file__)"],
                             capture_output=True, text=True, env=env, cwd=tmp_path).stdout
    assert str(venv) in located and str(ROOT) not in located  # the installed copy, not this repository
