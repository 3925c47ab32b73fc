"""Shared test fixtures: the seed documents, the test bank, and a hidden home.

Tests never touch the user's own config, data or recent-files list: HOME and the
platformdirs folders point into a temporary directory for every test.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
TODAY = "2026-11-26"
"""The day every test runs on (READINESS_TODAY), so overdue actions and dated packs are
the same whenever the suite runs."""
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def seeds_dir() -> Path | None:
    """The framework documents the banks come from, where this machine has them."""
    for candidate in (os.environ.get("READINESS_SEEDS"), ROOT.parent / "shared" / "seeds"):
        if candidate and Path(candidate, "000_77149800705d8843.txt").is_file():
            return Path(candidate)
    return None


@pytest.fixture
def seeds() -> Path:
    found = seeds_dir()
    if found is None:
        pytest.skip(
            "the seed documents are not on this machine (set READINESS_SEEDS to the folder "
            "holding 000_77149800705d8843.txt to check the banks against them)"
        )
    return found


def sources_dir() -> Path | None:
    """The newer framework texts (`national-framework-2023.txt`), where this machine has them."""
    for candidate in (os.environ.get("READINESS_SOURCES"), ROOT.parent / "shared" / "sources"):
        if candidate and Path(candidate, "national-framework-2023.txt").is_file():
            return Path(candidate)
    return None


@pytest.fixture
def sources() -> Path:
    found = sources_dir()
    if found is None:
        pytest.skip(
            "the framework sources are not on this machine (set READINESS_SOURCES to the "
            "folder holding national-framework-2023.txt to check the bank against it)"
        )
    return found


def normalise(text: str) -> str:
    """What 'verbatim' compares: whitespace folded, markdown emphasis and footnotes removed."""
    text = re.sub(r"<sup>\s*\d+\s*</sup>", "", text)
    text = text.replace("**", "").replace("*", "")
    return re.sub(r"\s+", " ", text).strip()


@pytest.fixture(autouse=True)
def _hide_user_folders(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / ".local" / "share"))
    monkeypatch.setenv("XDG_STATE_HOME", str(home / ".local" / "state"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / ".cache"))
    monkeypatch.delenv("READINESS_BANKS", raising=False)
    monkeypatch.setenv("READINESS_TODAY", TODAY)  # what is overdue never depends on the day
    monkeypatch.delenv("READINESS_ASSESSOR", raising=False)


@pytest.fixture
def mini_bank_dir() -> Path:
    return FIXTURES


THOROUGH = os.environ.get("HYPOTHESIS_PROFILE", "") == "thorough"
"""`HYPOTHESIS_PROFILE=thorough`: the property tests run long (not in `make test`)."""


def examples(count: int) -> int:
    """A property test's number of examples: modest by default (the suite runs on two
    shared cores), 20 times as many under HYPOTHESIS_PROFILE=thorough."""
    return count * 20 if THOROUGH else count


from hypothesis import settings as _settings  # noqa: E402

_settings.register_profile("thorough", deadline=None, max_examples=2000)
if THOROUGH:
    _settings.load_profile("thorough")
