"""Crash logs: the details of a problem the app did not expect, kept for the developers.

A user sees one plain line saying where the log is; the traceback goes in a file in the
user's data folder. Names carry the time, the process and a random part, so two crashes
in the same second (two windows, a workshop of laptops on one share) never overwrite
each other.
"""

from __future__ import annotations

import os
import secrets
import traceback
from datetime import datetime
from pathlib import Path


def write(error: BaseException, where: str = "") -> str:
    """Keep the traceback in a new file; answer its path (or why it could not be kept)."""
    from readiness.settings import data_dir

    text = (f"{where}\n\n" if where else "") + "".join(traceback.format_exception(error))
    try:
        folder = data_dir() / "logs"
        folder.mkdir(parents=True, exist_ok=True)
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        for _ in range(100):
            path = folder / f"crash-{stamp}-{os.getpid()}-{secrets.token_hex(3)}.txt"
            try:
                with open(path, "x", encoding="utf-8") as handle:  # never over another log
                    handle.write(text)
            except FileExistsError:
                continue
            return str(path)
    except OSError:
        pass
    return "(the log could not be written)"


def newest() -> Path | None:
    """The most recent crash log, for tests and for 'send this to the team'."""
    from readiness.settings import data_dir

    logs = sorted((data_dir() / "logs").glob("crash-*.txt"), key=lambda p: p.stat().st_mtime)
    return logs[-1] if logs else None
