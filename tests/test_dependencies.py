"""The exact versions tests run with are the ones constraints.txt pins (dev.sh and CI install from
it), and every dependency's lower bound in pyproject.toml admits them."""
from __future__ import annotations

import tomllib
from importlib.metadata import version

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from .conftest import ROOT


def pins() -> dict[str, str]:
    out = {}
    for line in (ROOT / "constraints.txt").read_text("utf-8").splitlines():
        line = line.split("#")[0].strip()
        if line:
            name, _, ver = line.partition("==")
            out[canonicalize_name(name)] = ver
    return out


def requirements() -> list[Requirement]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]
    reqs = list(project["dependencies"])
    for extra in project["optional-dependencies"].values():
        reqs += extra
    return [Requirement(r) for r in reqs]


def test_every_dependency_is_pinned_within_its_bounds():
    pinned = pins()
    for req in requirements():
        name = canonicalize_name(req.name)
        assert name in pinned, f"{req.name} is not in constraints.txt"
        assert req.specifier.contains(pinned[name], prereleases=True), f"{req} does not admit the pinned {pinned[name]}"
        assert any(spec.operator == ">=" for spec in req.specifier), f"{req}: no lower bound"


def test_the_installed_versions_are_the_pinned_ones():
    pinned = pins()
    for req in requirements():
        name = canonicalize_name(req.name)
        assert version(req.name) == pinned[name], f"{req.name}: installed {version(req.name)}, pinned {pinned[name]}"
