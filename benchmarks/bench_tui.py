"""TUI measures for `make bench`: cold start to the dashboard, and a grade key to the range.

1. From process start to the demo's dashboard rendered (headless `run_test`, 80x24),
   against the floor of a minimal Textual app (Header, DataTable, Footer) rendered the
   same way, run alternately in the same run. Target: <= 1.3x the floor.
2. From pressing a grade key on an item to the dashboard (in the same app) showing
   the new range. Target: < 50 ms.
"""

from __future__ import annotations

import asyncio
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench import ENV, PY, RUNS, report

FLOOR = """
import asyncio
from textual.app import App
from textual.widgets import DataTable, Footer, Header

class Minimal(App):
    def compose(self):
        yield Header()
        yield DataTable()
        yield Footer()
    def on_mount(self):
        table = self.query_one(DataTable)
        table.add_columns("a", "b", "c")
        for n in range(6):
            table.add_row(str(n), "x", "y")

async def main():
    async with Minimal().run_test(size=(80, 24)) as pilot:
        await pilot.pause()
asyncio.run(main())
"""

OURS = """
import asyncio, sys
from pathlib import Path
from readiness.tui.app import make_app

async def main():
    app = make_app(path=Path(sys.argv[1]), assessor="bench")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert type(app.screen).__name__ == "DashboardScreen"
asyncio.run(main())
"""


def once(argv: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(argv, check=True, capture_output=True, env=ENV)
    return time.perf_counter() - start


def startup(demo_file: Path) -> tuple[float, float]:
    ours_argv = [PY, "-c", OURS, str(demo_file)]
    floor_argv = [PY, "-c", FLOOR]
    once(ours_argv), once(floor_argv)
    ours, floor = [], []
    for _ in range(RUNS):
        ours.append(once(ours_argv))
        floor.append(once(floor_argv))
    return statistics.median(ours), statistics.median(floor)


def key_to_range(demo_file: Path) -> float:
    from textual import events
    from textual.widgets import DataTable

    from readiness.tui.app import make_app

    samples: list[float] = []

    async def main() -> None:
        app = make_app(path=demo_file, assessor="bench")
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            dashboard = app.screen
            table = dashboard.query_one("#judgements", DataTable)
            app.open_item("ESN08")
            await pilot.pause()
            await app.workers.wait_for_complete()  # the document is parsed for editing
            for n in range(12):
                key = "4" if n % 2 == 0 else "2"
                before = str(table.get_cell("help-and-protection", "range"))
                start = time.perf_counter()
                # The key as the terminal delivers it; then wait only for the dashboard.
                app.post_message(events.Key(key, key))
                while str(table.get_cell("help-and-protection", "range")) == before:
                    await asyncio.sleep(0)
                samples.append(time.perf_counter() - start)
                await pilot.pause()
                await app.settled()

    asyncio.run(main())
    return statistics.median(samples)


def main() -> None:
    from readiness import demo
    from readiness.banks import BankSet

    with tempfile.TemporaryDirectory() as folder:
        demo_file = demo.ensure(BankSet(), Path(folder) / "demo.toml")
        ours, floor = startup(demo_file)
        report("app start to dashboard (demo, 80x24, headless)", ours,
               floor_name="minimal Textual app (Header, DataTable, Footer)", floor=floor,
               ratio_target=1.3)
        report("grade key press to the dashboard's new range", key_to_range(demo_file),
               seconds_target=0.05)


if __name__ == "__main__":
    main()
