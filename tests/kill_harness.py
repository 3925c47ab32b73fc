"""Run the app on a file, give one grade, then wait to be killed (tests/test_kill.py).

Prints PRESSED once the grade key has been handled, and appends SAVED to the marker file
when the app reports the change saved, so the test knows what the app promised.
"""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

from readiness.tui.app import make_app


async def main(path: Path, item: str, key: str, marker: Path) -> None:
    app = make_app(path=path, assessor="Killed")
    async with app.run_test(size=(80, 24)) as pilot:
        app.open_item(item)
        await pilot.pause()
        pressing = asyncio.create_task(pilot.press(key))
        while not _applied(app, item):  # the grade is in memory and on screen...
            await asyncio.sleep(0)
        print("PRESSED", flush=True)  # ...but not necessarily on disk yet
        await pressing
        while app.is_running:
            if app.save_state == "saved" and not (app.editable and app.editable.dirty):
                marker.write_text("SAVED", encoding="utf-8")
            await asyncio.sleep(0.002)


def _applied(app: object, item: str) -> bool:
    model = getattr(app, "editable", None)
    response = model.data.responses.get(item) if model is not None else None
    return response is not None and any(e.by == "Killed" and e.grade
                                        for e in response.assessors())


if __name__ == "__main__":
    asyncio.run(main(Path(sys.argv[1]), sys.argv[2], sys.argv[3], Path(sys.argv[4])))
