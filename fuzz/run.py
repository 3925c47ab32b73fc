"""`make fuzz`: thousands of damaged files of every kind through the real commands.

Each try takes a valid file (an assessment, a bank, a crosswalk, the lists' mapping, one
of the lists, an import CSV or workbook), damages it (fuzz/mutations.py) and runs the
commands that read it (fuzz/harness.py). Tries run in worker processes, one per core,
each with its address space capped (2 GB by default, `resource.RLIMIT_AS`) and a
timeout per command (10 s), so a memory bomb or a hang is counted, not fatal: a worker
that runs out of time is killed and replaced, and one that dies is counted as a crash.

Prints, per file kind: tries, clean errors, accepted, crashes, hangs, files changed, and
tries the fuzzer itself could not finish for want of memory (making a mutant of tens of
megabytes, or keeping copies of the files to see what changed: not a command's doing,
since commands run inside CliRunner, which catches what they raise); and exits 1 if
there was any crash, hang or unexpected change. A worker is replaced by a fresh process
after --fresh-every commands (5,000), so a long run's heap does not build up. Every such
mutant is kept in the findings folder (default fuzz/findings/) with what went wrong, to
reproduce with:

    .venv/bin/python fuzz/run.py --replay fuzz/findings/KIND-N.txt

Usage: python fuzz/run.py [--tries N] [--kinds a,b] [--workers N] [--timeout S]
                          [--memory GB] [--seed TEXT] [--findings DIR] [--fresh-every N]
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import json
import multiprocessing
import os
import random
import shutil
import signal
import sys
import tempfile
import time
from collections import Counter
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from fuzz import harness, mutations  # noqa: E402

GB = 1024 ** 3
SLOWER = {"import-xlsx": 3.0}
"""Kinds whose commands get more time: openpyxl reads about 4 MB of sheet XML a second,
so the largest workbook within the limits (64 MiB of XML) takes about 20 s, and the
largest real list 10 s. A hang is a command that does not end in 30 s."""
SUFFIX = {"assessment": "toml", "bank": "toml", "crosswalk": "toml", "mapping": "toml",
          "list": "csv", "import-csv": "csv", "import-xlsx": "xlsx"}


def mutant_for(corpus: harness.Corpus, kind: str, index: int, seed: str) -> tuple[bytes, str]:
    """The damaged file of try `index` (the same for the same seed, so it can be replayed)."""
    rnd = random.Random(f"{seed}-{kind}-{index}")
    valid, name = corpus.seed(kind, rnd)
    return mutations.FOR_KIND[kind](valid, rnd), name


# --- the worker ----------------------------------------------------------------------


def worker(conn: Connection, home: str, memory: int, seed: str, timeout: float) -> None:
    """Run tries as the parent sends them; report each command as it starts."""
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    import typer.testing

    # typer builds the click command tree on every CliRunner call (~50 ms); it never
    # changes, so build it once per worker.
    typer.testing._get_command = functools.cache(typer.testing._get_command)  # type: ignore[attr-defined]
    harness.environment(Path(home))
    corpus = harness.Corpus(Path(home) / "corpus").build()
    conn.send(("ready",))
    began: list[list[str]] = []

    def started(args: list[str]) -> None:
        began.append(args)
        conn.send(("start", args))

    while True:
        task = conn.recv()
        if task is None:
            return
        kind, index = task
        began.clear()

        try:
            mutant, name = mutant_for(corpus, kind, index, seed)
            outcome = harness.run_try(kind, mutant, name, corpus, Path(home) / "try", index,
                                      started, limit=timeout * SLOWER.get(kind, 1.0))
        except MemoryError:
            # Out of memory in the fuzzer's own work (making a mutant of tens of megabytes,
            # keeping copies of the files to see what changed), not in a command: the
            # commands run inside CliRunner, which catches their errors. Said so, and
            # this worker ends (the parent starts a fresh one).
            conn.send(("oom", kind, index, began[-1] if began else []))
            return
        problems = [(o.args, o.problem) for o in outcome.outcomes if o.problem]
        seconds = sum(o.seconds for o in outcome.outcomes)
        conn.send(("done", kind, index, outcome.verdict, problems, seconds))


class Slot:
    """One worker process and what it is doing."""

    def __init__(self, number: int, options: argparse.Namespace, base: Path) -> None:
        self.number = number
        self.options = options
        self.home = base / f"worker-{number}"
        self.process: Any = None
        self.conn: Connection | None = None
        self.task: tuple[str, int] | None = None
        self.command: list[str] = []
        self.deadline = 0.0
        self.start()

    def start(self) -> None:
        context = multiprocessing.get_context("fork")
        parent, child = context.Pipe()
        self.process = context.Process(
            target=worker, args=(child, str(self.home), int(self.options.memory * GB),
                                 self.options.seed, self.options.timeout), daemon=True)
        self.process.start()
        child.close()
        self.conn = parent
        self.task = None
        self.tries = 0
        if not parent.poll(300) or parent.recv() != ("ready",):
            raise SystemExit(f"worker {self.number} did not start")

    def kill(self) -> None:
        if self.process is not None and self.process.is_alive():
            self.process.kill()
            self.process.join(5)
        if self.conn is not None:
            self.conn.close()

    def give(self, task: tuple[str, int]) -> None:
        assert self.conn is not None
        self.task, self.command = task, []
        self.deadline = time.monotonic() + self.timeout()
        self.conn.send(task)

    def timeout(self) -> float:
        kind = self.task[0] if self.task else ""
        return float(self.options.timeout * SLOWER.get(kind, 1.0))


# --- the parent ----------------------------------------------------------------------


class Tally:
    def __init__(self, kinds: list[str]) -> None:
        self.counts = {kind: Counter() for kind in kinds}  # type: dict[str, Counter[str]]
        self.seconds: dict[str, float] = {kind: 0.0 for kind in kinds}
        self.slowest: dict[str, tuple[float, int]] = {kind: (0.0, -1) for kind in kinds}

    def add(self, kind: str, verdict: str, seconds: float = 0.0, index: int = -1) -> None:
        self.counts[kind]["tries"] += 1
        self.counts[kind][verdict] += 1
        self.seconds[kind] += seconds
        self.slowest[kind] = max(self.slowest[kind], (seconds, index))

    def bad(self) -> int:
        return sum(c["crash"] + c["hang"] + c["changed"] for c in self.counts.values())

    def fuzzer_oom(self) -> int:
        return sum(c["fuzzer out of memory"] for c in self.counts.values())

    def table(self) -> str:
        head = ["file kind", "tries", "clean errors", "accepted", "crashes", "hangs",
                "files changed", "fuzzer out of memory", "mean s/try", "slowest s (try)"]
        rows = [head]
        for kind, c in self.counts.items():
            tries = c["tries"] or 1
            rows.append([kind, str(c["tries"]), str(c["error"]), str(c["accepted"]),
                         str(c["crash"]), str(c["hang"]), str(c["changed"]),
                         str(c["fuzzer out of memory"]),
                         f"{self.seconds[kind] / tries:.3f}",
                         f"{self.slowest[kind][0]:.1f} ({self.slowest[kind][1]})"])
        widths = [max(len(r[i]) for r in rows) for i in range(len(head))]
        return "\n".join("  ".join(cell.ljust(w) if i == 0 else cell.rjust(w)
                                   for i, (cell, w) in enumerate(zip(row, widths, strict=True)))
                         for row in rows)


def _stop(*_: object) -> None:
    raise KeyboardInterrupt


def keep_finding(options: argparse.Namespace, corpus: harness.Corpus, kind: str, index: int,
                 verdict: str, detail: Any) -> Path:
    folder = Path(options.findings)
    folder.mkdir(parents=True, exist_ok=True)
    mutant, name = mutant_for(corpus, kind, index, options.seed)
    data = folder / f"{kind}-{index}.{SUFFIX[kind]}"
    data.write_bytes(mutant)
    note = folder / f"{kind}-{index}.txt"
    note.write_text(json.dumps({"kind": kind, "index": index, "seed": options.seed,
                                "list": name, "verdict": verdict, "detail": detail},
                               indent=2, default=str), encoding="utf-8")
    return note


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tries", type=int, default=10_000, help="tries per file kind")
    parser.add_argument("--kinds", default=",".join(harness.KINDS))
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--timeout", type=float, default=10.0, help="seconds per command")
    parser.add_argument("--memory", type=float, default=2.0, help="GB of address space")
    parser.add_argument("--seed", default="readiness")
    parser.add_argument("--fresh-every", type=int, default=5000,
                        help="commands a worker runs before it is replaced by a fresh one")
    parser.add_argument("--findings", default=str(ROOT / "fuzz" / "findings"))
    parser.add_argument("--replay", help="a findings .txt file, or KIND-INDEX: run that try "
                        "again, here, and say what each command did")
    options = parser.parse_args(argv)
    if options.replay:
        return replay(Path(options.replay), options.seed)
    kinds = [k for k in options.kinds.split(",") if k]
    unknown = set(kinds) - set(harness.KINDS)
    if unknown:
        parser.error(f"unknown kinds: {', '.join(sorted(unknown))}")
    base = Path(tempfile.mkdtemp(prefix="readiness-fuzz-",
                                 dir="/dev/shm" if Path("/dev/shm").is_dir() else None))
    harness.environment(base / "parent")
    corpus = harness.Corpus(base / "parent" / "corpus").build()
    # Interleave the kinds so a partial run still covers every one.
    tasks = [(kind, index) for index in range(options.tries) for kind in kinds]
    tasks.reverse()
    tally = Tally(kinds)
    # A stop (SIGTERM) ends the run like ctrl+c: the workers are stopped, the figures so
    # far printed.
    signal.signal(signal.SIGTERM, _stop)
    started = time.monotonic()
    last_report = started
    slots = [Slot(n, options, base) for n in range(max(1, options.workers))]
    print(f"fuzz: {options.tries:,} tries of each of {len(kinds)} kinds on {len(slots)} "
          f"workers, {options.memory:g} GB each, {options.timeout:g} s per command",
          file=sys.stderr, flush=True)
    try:
        while tasks or any(s.task for s in slots):
            for slot in slots:
                if slot.task is None and tasks:
                    slot.give(tasks.pop())
            ready = multiprocessing.connection.wait(
                [s.conn for s in slots if s.task is not None and s.conn is not None],
                timeout=0.5)
            for slot in slots:
                if slot.task is None:
                    continue
                if slot.conn in ready:
                    try:
                        message = slot.conn.recv()  # type: ignore[union-attr]
                    except (EOFError, OSError):
                        message = None
                    if message is None:
                        kind, index = slot.task
                        code = slot.process.exitcode if slot.process else None
                        tally.add(kind, "crash")
                        keep_finding(options, corpus, kind, index, "crash",
                                     {"worker died": code, "command": slot.command})
                        slot.kill()
                        slot.start()
                        continue
                    if message[0] == "start":
                        slot.command = message[1]
                        slot.deadline = time.monotonic() + slot.timeout()
                        slot.tries += 1
                        continue
                    if message[0] == "oom":
                        _, kind, index, command = message
                        tally.add(kind, "fuzzer out of memory", 0.0, index)
                        keep_finding(options, corpus, kind, index, "fuzzer out of memory",
                                     {"after command": command})
                        slot.kill()
                        slot.start()
                        continue
                    _, kind, index, verdict, problems, seconds = message
                    tally.add(kind, "hang" if verdict == "crash" and all(
                        p.startswith("hang") for _, p in problems) else verdict, seconds, index)
                    if verdict in ("crash", "changed"):
                        keep_finding(options, corpus, kind, index, verdict, problems)
                    slot.task = None
                    if slot.tries >= options.fresh_every:  # a new address space now and
                        slot.kill()                         # then: a long-lived worker's
                        slot.start()                        # heap only grows
                elif time.monotonic() > slot.deadline:
                    kind, index = slot.task
                    tally.add(kind, "hang", slot.timeout(), index)
                    keep_finding(options, corpus, kind, index, "hang",
                                 {"command": slot.command, "timeout": slot.timeout()})
                    slot.kill()
                    slot.start()
            if time.monotonic() - last_report > 60:
                last_report = time.monotonic()
                done = sum(c["tries"] for c in tally.counts.values())
                print(f"fuzz: {done:,} tries in {last_report - started:.0f} s, "
                      f"{tally.bad()} bad", file=sys.stderr, flush=True)
    except KeyboardInterrupt:
        print("fuzz: stopped; the figures so far:", file=sys.stderr, flush=True)
    finally:
        for slot in slots:
            if slot.conn is not None and slot.process is not None and slot.process.is_alive():
                with contextlib.suppress(OSError):
                    slot.conn.send(None)
            slot.kill()
        shutil.rmtree(base, ignore_errors=True)
    elapsed = time.monotonic() - started
    print(tally.table())
    print(f"\n{sum(c['tries'] for c in tally.counts.values()):,} tries in {elapsed / 60:.1f} "
          f"min; {tally.bad()} crashes, hangs or changed files"
          + (f" (kept in {options.findings})" if tally.bad() else ""))
    if tally.fuzzer_oom():
        print(f"{tally.fuzzer_oom()} tries not run to the end: the fuzzer itself ran out of "
              f"memory making or watching a mutant (kept in {options.findings}; replay "
              "each with --replay)")
    return 1 if tally.bad() else 0


def replay(note: Path, seed: str = "readiness") -> int:
    """Run one kept try again in this process, printing each command's outcome."""
    if note.suffix == ".txt":
        found = json.loads(note.read_text(encoding="utf-8"))
    else:
        kind, _, index = note.name.rpartition("-")
        found = {"kind": kind, "index": int(index), "seed": seed}
    base = Path(tempfile.mkdtemp(prefix="readiness-replay-"))
    harness.environment(base)
    corpus = harness.Corpus(base / "corpus").build()
    mutant, name = mutant_for(corpus, found["kind"], found["index"], found["seed"])
    outcome = harness.run_try(found["kind"], mutant, name, corpus, base / "try",
                              found["index"])
    for result in outcome.outcomes:
        print(f"readiness {' '.join(result.args)}\n  exit {result.code} in "
              f"{result.seconds:.2f} s {result.problem}\n  {result.stderr.strip()[:2000]}")
    print(f"files in {base / 'try'}")
    return 1 if outcome.verdict in ("crash", "changed") else 0


if __name__ == "__main__":
    raise SystemExit(main())
