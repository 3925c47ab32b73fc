"""The core/UI line is enforced, not just intended: every core module is in the contract."""

from __future__ import annotations

import tomllib

from tests.conftest import ROOT

SHELLS = ("cli", "tui", "reports")
"""The packages that show or write: everything else in readiness is the core."""


def core_modules() -> set[str]:
    found = set()
    for path in (ROOT / "readiness").glob("*.py"):
        if path.stem not in ("__init__", "__main__"):
            found.add(f"readiness.{path.stem}")
    for path in (ROOT / "readiness").iterdir():
        if path.is_dir() and path.name not in SHELLS and (path / "__init__.py").exists():
            found.add(f"readiness.{path.name}")
    return found


def test_every_core_module_is_named_in_the_import_contract() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    contract = next(c for c in config["tool"]["importlinter"]["contracts"]
                    if c["type"] == "forbidden")
    named = set(contract["source_modules"])
    missing = core_modules() - named
    assert not missing, f"add these core modules to the import-linter contract: {missing}"
    assert not named - core_modules(), "the contract names modules that no longer exist"


def test_mypy_is_strict_on_the_whole_package() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert config["tool"]["mypy"]["strict"] is True
    assert config["tool"]["mypy"]["files"] == ["readiness"]
