"""The user's own settings: their name as an assessor, recent files, theme.

Kept as JSON in the user's config folder (platformdirs), never beside an assessment,
so that a shared folder never carries one person's preferences. A damaged settings
file is set aside and replaced with defaults; it holds nothing anyone would miss.
"""

from __future__ import annotations

import contextlib
import getpass
import json
import os
from dataclasses import asdict, dataclass, field
from pathlib import Path

import platformdirs

APP = "readiness"
ASSESSOR_ENV = "READINESS_ASSESSOR"
MAX_RECENT = 10


@dataclass
class Settings:
    assessor: str = ""
    recent: list[str] = field(default_factory=list)
    theme: str = ""

    def remember(self, path: Path) -> None:
        text = str(path.resolve())
        self.recent = [text, *[p for p in self.recent if p != text][: MAX_RECENT - 1]]


def settings_path() -> Path:
    return Path(platformdirs.user_config_dir(APP)) / "settings.json"


def data_dir() -> Path:
    return Path(platformdirs.user_data_dir(APP))


def load() -> Settings:
    path = settings_path()
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        return Settings(
            assessor=str(raw.get("assessor", "")),
            recent=[str(p) for p in raw.get("recent", []) if isinstance(p, str)],
            theme=str(raw.get("theme", "")),
        )
    except FileNotFoundError:
        return Settings()
    except (OSError, ValueError, AttributeError, TypeError, RecursionError):
        with contextlib.suppress(OSError):
            path.replace(path.with_suffix(".damaged.json"))
        return Settings()


def save(settings: Settings) -> None:
    path = settings_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    temp = path.with_suffix(".tmp")
    temp.write_text(json.dumps(asdict(settings), indent=2), encoding="utf-8")
    os.replace(temp, path)


def assessor(settings: Settings | None = None) -> str:
    """Who is scoring: READINESS_ASSESSOR, then the saved name, then the login name."""
    from_env = os.environ.get(ASSESSOR_ENV, "").strip()
    if from_env:
        return from_env
    saved = (settings or load()).assessor.strip()
    if saved:
        return saved
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "assessor"
