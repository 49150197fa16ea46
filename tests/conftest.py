"""Shared fixtures: the example project is loaded once per test session (it is read-only)."""
from __future__ import annotations

from pathlib import Path

import pytest

from plcpub.load.project import load_project

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def project():
    return load_project(ROOT)
