"""Scale measures for `make bench` (issue 15): large workshops, each against a floor.

Files made by `benchmarks/scale.py`: a bank of N items and every item graded by each of
M assessors with a rationale (150 x 30: 1.2 MB; 1,000 x 20: 5.3 MB). Targets:

- 150 x 30: `summary` < 0.3 s; a CLI `score` < 0.5 s; the app usable (dashboard drawn)
  < 1 s after starting, with no freeze of the event loop over 100 ms in the seconds
  after (the file is got ready for editing in a thread); a save after one change
  (what the app does: prepare, then commit) < 0.1 s;
- 1,000 x 20: every command < 3 s, the app usable < 3 s.

`import` of a spreadsheet holding every grade (into a new file, then again with a note
per item changed) is measured once at each size (at 1,000 x 20 against the 3 s of every
command).

Also measured at 150 x 30, as a workshop of several laptops meets them: the longest
freeze while the app takes in a colleague's save (< 100 ms: it is read in a thread); a
grade key, key to saved, with the longest freeze meanwhile (< 100 ms: the key's own work
and the save made ready are in it; the file is written in a thread); and a grade saved
over a colleague's save (a merged save), key to saved, with the longest freeze meanwhile
(no target: reading their file in is in it).

Each line gives the median, a floor run alternately in the same run (`readiness
--version` for commands, a minimal Textual app for the app, writing the same bytes
atomically for a save) and the peak memory of the child process (its own maximum
resident set, from wait4). The machine is shared: read medians, not single runs.
"""

from __future__ import annotations

import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench import ENV, PY, READINESS, RUNS, measured, paired_peak, report
from bench_tui import FLOOR
from scale import write_assessment, write_bank

SCALE_RUNS = max(3, RUNS // 2)

APP = """
import asyncio, json, sys, time
from pathlib import Path
from readiness.tui.app import make_app

async def main():
    app = make_app(path=Path(sys.argv[1]), assessor="bench")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert type(app.screen).__name__ == "DashboardScreen"
        usable = time.time()
        # The longest the event loop is held in the next seconds (the background step
        # that gets the file ready for editing starts at 0.5 s).
        worst, last = 0.0, time.perf_counter()
        end = last + float(sys.argv[2])
        while time.perf_counter() < end:
            await asyncio.sleep(0.005)
            now = time.perf_counter()
            worst, last = max(worst, now - last - 0.005), now
        await app.workers.wait_for_complete()
        print(json.dumps({"usable": usable, "freeze": worst}))
asyncio.run(main())
"""

SAVE = """
import json, shutil, statistics, sys, time
from pathlib import Path
from readiness import store
from readiness.banks import BankSet

path = Path(sys.argv[1])
editable = store.open_for_edit(path, BankSet(Path(sys.argv[2])))
editable.warm()  # as the app does in the background after opening
grades = ["inadequate", "good"]
saves, floors = [], []
data = path.read_bytes()
for n in range(9):
    editable.score(sys.argv[3], grades[n % 2], by="Assessor 3")
    start = time.perf_counter()
    store.commit(editable, store.prepare(editable))
    saves.append(time.perf_counter() - start)
    start = time.perf_counter()
    store.write_atomic(path.with_name("floor.toml"), data)
    floors.append(time.perf_counter() - start)
print(json.dumps({"save": statistics.median(saves), "floor": statistics.median(floors)}))
"""

TOGETHER = """
import asyncio, json, subprocess, sys, time
from pathlib import Path
from readiness.tui.app import make_app

async def main():
    mode, path, item, other = sys.argv[1], Path(sys.argv[2]), sys.argv[3], sys.argv[4]
    app = make_app(path=path, assessor="bench")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await asyncio.sleep(1.0)
        await app.workers.wait_for_complete()  # ready for editing
        if mode == "merged":
            app._watcher.pause()  # the grade below is saved over the colleague's save
        if mode != "key":
            # A colleague on another laptop saves a grade (the command line, another process).
            subprocess.run([sys.executable, "-m", "readiness", "score", str(path), other,
                            "inadequate", "--by", "Colleague"], check=True,
                           capture_output=True)
        saved = time.perf_counter()
        if mode != "colleague":
            app.open_item(item)
            await pilot.pause()
        state = {"worst": 0.0, "done": False}

        async def watch():  # the longest the event loop is held
            last = time.perf_counter()
            while not state["done"]:
                await asyncio.sleep(0.005)
                now = time.perf_counter()
                state["worst"], last = max(state["worst"], now - last - 0.005), now

        task = asyncio.create_task(watch())
        await asyncio.sleep(0.05)
        start = time.perf_counter()
        edits = app.editable.edits
        if mode != "colleague":
            await pilot.press("1")
        while time.perf_counter() < start + 30:
            await asyncio.sleep(0.005)
            if mode == "key":  # (a merge brings in a new file, counting from nothing)
                if app.editable.edits > edits and not app._pending and \
                        app.save_state == "saved":
                    break
            elif "Colleague" in app.merged and (mode != "merged" or app.save_state == "saved"):
                break
        took = time.perf_counter() - (saved if mode == "colleague" else start)
        await asyncio.sleep(0.5 if mode == "colleague" else 0.3)
        state["done"] = True
        await task
        assert mode == "key" or "Colleague" in app.merged, "the colleague's save did not come in"
        assert app.save_state == "saved" or mode == "colleague", app.save_state
        print(json.dumps({"freeze": state["worst"], "seconds": took}))
asyncio.run(main())
"""


def _together(mode: str, path: Path, item: str, other: str, env: dict[str, str]
              ) -> tuple[float, float]:
    """The app open on a fresh copy of `path` while another process saves a grade on
    `other`: "colleague" waits for the app to take it in; "merged" grades `item` in the
    app, so its save merges. The seconds that took and the longest freeze meanwhile."""
    copy = path.with_name(f"{mode}.toml")
    shutil.copy(path, copy)
    out = subprocess.run([PY, "-c", TOGETHER, mode, str(copy), item, other], env=env,
                         capture_output=True, text=True, check=True).stdout
    found = json.loads(out.strip().splitlines()[-1])
    return found["seconds"], found["freeze"]


def _app(path: Path, watch: float, env: dict[str, str]) -> tuple[float, float, float]:
    """Seconds from start to a usable dashboard, the longest freeze after, peak MB."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.time()
        child = subprocess.Popen([PY, "-c", APP, str(path), str(watch)], stdout=out,
                                 stderr=err, env=env)
        _, status, usage = os.wait4(child.pid, 0)
        if os.waitstatus_to_exitcode(status):
            err.seek(0)
            raise RuntimeError(err.read().decode()[-2000:])
        out.seek(0)
        found = json.loads(out.read().decode().strip().splitlines()[-1])
    return found["usable"] - start, found["freeze"], usage.ru_maxrss / 1024


def app_measures(label: str, path: Path, usable_target: float, env: dict[str, str],
                 freeze: bool) -> None:
    floor_argv = [PY, "-c", FLOOR]
    _app(path, 0.1, env), measured(floor_argv, env)
    usable, freezes, floors, peak = [], [], [], 0.0
    for _ in range(SCALE_RUNS):
        seconds, worst, mb = _app(path, 3.0 if freeze else 0.1, env)
        usable.append(seconds)
        freezes.append(worst)
        peak = max(peak, mb)
        floors.append(measured(floor_argv, env)[0])
    floor_name = "minimal Textual app (Header, DataTable, Footer), whole process"
    report(f"{label}: app start to a usable dashboard (80x24, headless)",
           statistics.median(usable), floor_name=floor_name,
           floor=statistics.median(floors), seconds_target=usable_target, peak_mb=peak)
    if freeze:
        report(f"{label}: longest freeze of the app in the 3 s after (worst of "
               f"{SCALE_RUNS} runs)", max(freezes), seconds_target=0.1)


def imports(label: str, folder: Path, bank_id: str, items: list[str], people: int,
            env: dict[str, str], limit: float | None) -> None:
    """`import` of a spreadsheet with every item graded by each person, into a new file,
    then again with one person's notes changed (once each: they take seconds)."""
    import csv

    sheet, changed = folder / f"import-{bank_id}.csv", folder / f"import-{bank_id}-2.csv"
    grades = ["good", "requires improvement", "outstanding", "inadequate"]
    for path, word in ((sheet, "3"), (changed, "three")):
        with path.open("w", newline="", encoding="utf-8") as handle:
            out = csv.writer(handle)
            out.writerow(["item", "grade", "by", "note", "evidence_strength"])
            for n, item in enumerate(items):
                for p in range(people):
                    out.writerow([item, grades[(n + p) % 4], f"Assessor {p}",
                                  f"Rationale {word if p == 3 else p} for {item}.",
                                  "partial"])
    target = folder / f"imported-{bank_id}.toml"
    measured([READINESS, "new", str(target), "--bank", bank_id, "--authority", "Bench"], env)
    rows = len(items) * people
    for name, path in ((f"import of {rows:,} rows into a new file", sheet),
                       (f"import of the {rows:,} rows again, {len(items):,} notes changed",
                        changed)):
        seconds, peak = measured([READINESS, "import", str(target), str(path)], env)
        report(f"{label}: readiness {name} (one run)", seconds, seconds_target=limit,
               peak_mb=peak)


def command(label: str, name: str, argv: list[str], target: float,
            env: dict[str, str]) -> None:
    ours, floor, peak = paired_peak(argv, [READINESS, "--version"], SCALE_RUNS, env)
    report(f"{label}: readiness {name}", ours,
           floor_name="readiness --version", floor=floor, seconds_target=target,
           peak_mb=peak)


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        banks = folder / "banks"
        env = {**ENV, "READINESS_BANKS": str(banks), "READINESS_ASSESSOR": "Assessor 3",
               "XDG_CONFIG_HOME": str(folder / "config"),
               "XDG_DATA_HOME": str(folder / "data")}
        for items, people, usable, each in ((150, 30, 1.0, None), (1000, 20, 3.0, 3.0)):
            label = f"{items} items x {people} assessors"
            bank = write_bank(banks, items)
            path = write_assessment(folder / f"scale-{items}.toml", bank, people)
            size = path.stat().st_size / 1e6
            print(f"# {label}: {size:.1f} MB", flush=True)
            item = bank.items[5].id
            edited = folder / f"edited-{items}.toml"
            shutil.copy(path, edited)
            p, e = str(path), str(edited)
            reads = [("summary", [READINESS, "summary", p]),
                     ("export md", [READINESS, "export", p, "-f", "md", "-o", "-"]),
                     ("export json", [READINESS, "export", p, "-f", "json", "-o", "-"]),
                     ("moderation", [READINESS, "moderation", p]),
                     ("evidence list", [READINESS, "evidence", "list", p]),
                     ("action list", [READINESS, "action", "list", p])]
            writes = [("score", [READINESS, "score", e, item, "inadequate"]),
                      ("agree", [READINESS, "agree", e, item, "good", "--by", "Chair"]),
                      ("roster", [READINESS, "roster", e, "--add", "New Person"])]
            if each is None:
                command(label, *reads[0], 0.3, env)
                command(label, *writes[0], 0.5, env)
            else:
                for name, argv in reads + writes:
                    command(label, name, argv, each, env)
            app_measures(label, path, usable, env, freeze=each is None)
            imports(label, folder, bank.id, [i.id for i in bank.items], people, env, each)
            if each is None:
                runs = [_together("colleague", edited, item, item, env)
                        for _ in range(SCALE_RUNS)]
                report(f"{label}: longest freeze of the app while a colleague's save is "
                       f"taken in (worst of {SCALE_RUNS} runs; it was in after "
                       f"{max(r[0] for r in runs):.1f} s at most: the app looks every "
                       "2 s)", max(r[1] for r in runs), seconds_target=0.1)
                runs = [_together("key", edited, bank.items[7].id, "", env)
                        for _ in range(SCALE_RUNS)]
                report(f"{label}: a grade key in the app, key to saved",
                       statistics.median(r[0] for r in runs))
                report(f"{label}: longest freeze of the app meanwhile (worst of "
                       f"{SCALE_RUNS} runs; the key's own work, the new range drawn and "
                       "the save made ready)", max(r[1] for r in runs), seconds_target=0.1)
                runs = [_together("merged", edited, item, bank.items[9].id, env)
                        for _ in range(SCALE_RUNS)]
                report(f"{label}: a grade saved over a colleague's save (merged), key to "
                       "saved, in the app", statistics.median(r[0] for r in runs))
                report(f"{label}: longest freeze of the app meanwhile (worst of "
                       f"{SCALE_RUNS} runs; the key's own work included)",
                       max(r[1] for r in runs))
                out = subprocess.run([PY, "-c", SAVE, e, str(banks), item], env=env,
                                     capture_output=True, text=True, check=True).stdout
                found = json.loads(out)
                report(f"{label}: a save after one change (prepare + commit, in process)",
                       found["save"], floor_name="writing the same bytes atomically",
                       floor=found["floor"], seconds_target=0.1)


if __name__ == "__main__":
    main()
