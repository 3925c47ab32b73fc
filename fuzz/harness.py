"""One fuzzing try: a damaged file of one kind through the real commands that read it.

Shared by `make fuzz` (fuzz/run.py: thousands of tries in worker processes with a memory
cap and a timeout) and the suite (tests/test_fuzz.py: a few dozen per kind, driven by
hypothesis). Commands run in-process through typer's CliRunner, exactly as
`tests/helpers.run` runs them, so a try costs milliseconds, not a Python start-up.

What a try checks, for every command:
- it ends with exit 0, 1 or 2 (3 for `sample`: the lists could not meet a rule), never
  70 (an unexpected error) and never a traceback;
- an exit 1 says so on stderr, beginning `error:`;
- it never changes a file it was given to read, and a command that refused a change
  left its file as it was;
- a change it accepted reads back (`summary` exits 0 on the file it wrote).
"""

from __future__ import annotations

import os
import random
import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MINI = ROOT / "tests" / "fixtures" / "mini.toml"
MOCK = ROOT / "tests" / "fixtures" / "mock" / "mock.toml"
"""The test bank with every mock-inspection table (child lists, samples, a timeline)."""
CROSSWALK = ROOT / "questionbanks" / "crosswalks" / "sif-2015--ilacs.toml"
KINDS = ("assessment", "bank", "crosswalk", "mapping", "list", "import-csv", "import-xlsx")

IMPORT_ROWS = [
    ["item", "grade", "evidence_strength", "evidence", "note", "by", "cases", "serious"],
    ["H01", "good", "partial", "1.07", "Strategy meetings held", "Ann", "LL-1", ""],
    ["H02", "inadequate", "strong", "", "Referrals not assessed", "Ann", "", "yes"],
    ["H03", "n/a", "", "", "", "Bob", "", ""],
    ["C01", "outstanding", "strong", "1.07", "Visits timely", "Bob", "LL-2;LL-3", "no"],
    ["L01", "RI", "none", "", "", "Cat", "", ""],
]
AUDIT_ROWS = [
    ["case", "item", "grade", "note", "by", "date"],
    ["LL-448201", "H01", "good", "Visits on time", "Ann", "2026-10-01"],
    ["LL-448202", "H02", "inadequate", "No strategy meeting", "Bob", "01/10/2026"],
    ["LL-448203", "C01", "outstanding", "", "", ""],
]


def environment(home: Path) -> None:
    """Point every folder the app writes (settings, crash logs, the bank cache) into
    `home`, fix the day and the assessor."""
    os.environ.pop("READINESS_BANKS", None)
    os.environ.update(environment_values(home))


def environment_values(home: Path) -> dict[str, str]:
    values = {name: str(home / sub) if sub else str(home)
              for name, sub in (("HOME", ""), ("XDG_CONFIG_HOME", ".config"),
                                ("XDG_DATA_HOME", ".local/share"),
                                ("XDG_STATE_HOME", ".local/state"),
                                ("XDG_CACHE_HOME", ".cache"))}
    values.update(READINESS_TODAY="2026-11-26", READINESS_ASSESSOR="Fuzz", COLUMNS="100")
    return values


def invoke(args: list[str]) -> tuple[int, str, str, BaseException | None, float]:
    """Run the command line in this process: exit code, stdout, stderr, any exception
    that escaped it (SystemExit aside), seconds."""
    from typer.testing import CliRunner

    from readiness.cli.main import app

    started = time.perf_counter()
    result = CliRunner().invoke(app, args)
    seconds = time.perf_counter() - started
    escaped = result.exception if not isinstance(result.exception, SystemExit) else None
    return result.exit_code, result.stdout, result.stderr, escaped, seconds


@dataclass
class Corpus:
    """Valid files of every kind, made once per process by the real commands."""

    folder: Path
    seeds: dict[str, bytes] = field(default_factory=dict)

    def build(self) -> Corpus:
        self.folder.mkdir(parents=True, exist_ok=True)
        demo = self.folder / "demo.toml"
        if not demo.exists():
            _ok(["demo", "--no-app", "--file", str(demo)])
        mini_banks = self.folder / "banks"
        mini_banks.mkdir(exist_ok=True)
        shutil.copy(MINI, mini_banks / "mini.toml")
        small = self.folder / "small.toml"
        if not small.exists():
            _ok(["--banks-dir", str(mini_banks), "new", str(small), "--bank", "mini",
                 "--authority", "Northshire"])
            _ok(["--banks-dir", str(mini_banks), "evidence", "add", str(small), "1.07",
                 "--title", "Thresholds"])
            _ok(["--banks-dir", str(mini_banks), "score", str(small), "H01", "good", "-s",
                 "partial", "-e", "1.07", "--by", "Ann", "--note", "Held"])
            _ok(["--banks-dir", str(mini_banks), "action", "add", str(small), "H02", "Audit"])
        lists = self.folder / "lists"
        if not lists.exists():
            _ok(["lists", "demo", str(lists)])
        mapping = self.folder / "mapping.toml"
        if not mapping.exists():
            mapping.write_text(_ok(["lists", "mapping"]), encoding="utf-8")
        import csv
        import io

        text = io.StringIO()
        csv.writer(text, lineterminator="\n").writerows(IMPORT_ROWS)
        self.seeds = {
            "assessment": demo.read_bytes(),
            "bank": MINI.read_bytes(),
            "crosswalk": CROSSWALK.read_bytes(),
            "mapping": mapping.read_bytes(),
            "list": b"",  # one of the lists, chosen per try
            "import-csv": text.getvalue().encode("utf-8"),
            "import-xlsx": _xlsx(IMPORT_ROWS),
            "audits-csv": "".join(",".join(row) + "\n" for row in AUDIT_ROWS).encode("utf-8"),
            "audits-xlsx": _xlsx(AUDIT_ROWS),
        }
        return self

    def seed(self, kind: str, rnd: random.Random) -> tuple[bytes, str]:
        """A valid file of this kind, and (for lists) which list it is."""
        if kind == "list":
            name = f"list-{rnd.randint(1, 11):02d}.csv"
            return (self.folder / "lists" / name).read_bytes(), name
        if kind == "bank" and rnd.random() < 0.5:
            return MOCK.read_bytes(), "mock"
        if kind in ("import-csv", "import-xlsx") and rnd.random() < 0.3:
            return self.seeds[kind.replace("import", "audits")], "audits"
        return self.seeds[kind], "mini" if kind == "bank" else ""


def _ok(args: list[str]) -> str:
    code, out, err, escaped, _ = invoke(args)
    if code != 0 or escaped is not None:
        raise RuntimeError(f"building the corpus: readiness {' '.join(args)}: {err}{escaped}")
    return out


def _xlsx(rows: list[list[str]]) -> bytes:
    import io

    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@dataclass
class Command:
    args: list[str]
    writes: Path | None = None
    """The file this command may change (only when it exits 0)."""
    allowed: tuple[int, ...] = (0, 1, 2)
    reread: list[str] | None = None
    """The command that must read a file this one changed."""
    report: bool = False
    """Exit 1 means "problems found", listed on standard output (`lists check`)."""
    carries: bool = False
    """Writes what the damaged file holds into another file (git's merge driver does not
    check against the bank), so what it wrote need read back only if the damaged file did."""


@dataclass
class Outcome:
    args: list[str]
    code: int
    seconds: float
    problem: str = ""
    """Empty when clean; else what went wrong (crash, traceback, a changed file...)."""
    stderr: str = ""


@dataclass
class Try:
    kind: str
    outcomes: list[Outcome] = field(default_factory=list)

    @property
    def verdict(self) -> str:
        """crash, changed, accepted or error (a clean refusal) for the whole try."""
        problems = [o.problem for o in self.outcomes if o.problem]
        if any(p.startswith("changed") for p in problems):
            return "changed"
        if problems:
            return "crash"
        first = self.outcomes[0] if self.outcomes else None
        return "accepted" if first is not None and first.code == 0 else "error"


def prepare(kind: str, mutant: bytes, list_name: str, corpus: Corpus,
            folder: Path, pick: int) -> list[Command]:
    """Lay the mutant and its companions out in `folder`; answer the commands to run.

    Every try reads the mutant with the kind's main read command first; `pick` rotates
    through the other commands that read this kind, so thousands of tries reach each.
    """
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    c = corpus.folder
    if kind == "assessment":
        f = folder / "ours.toml"
        f.write_bytes(mutant)
        s = str(f)
        other = folder / "other.toml"
        shutil.copy(c / "demo.toml", other)
        o = str(other)
        reads = [Command(["summary", s, "--json"]), Command(["export", s, "-f", "md", "-o", "-"]),
                 Command(["export", s, "-f", "csv", "-o", "-"]), Command(["evidence", "list", s]),
                 Command(["action", "list", s, "--json"]), Command(["snapshot", s, "--list"]),
                 Command(["restore", s, "--list"]), Command(["moderation", s]),
                 Command(["audit", "list", s]),
                 Command(["export", s, "-f", "json", "-o", str(folder / "p.json")]),
                 Command(["merge", str(folder / "new.toml"), s, o]),
                 Command(["merge-driver", s, o, s], writes=other, reread=["summary", o],
                         carries=True),
                 Command(["merge-driver", o, o, s], writes=other, reread=["summary", o],
                         carries=True)]
        writes = [["score", s, "ESN08", "good", "-s", "strong", "--note", "Fuzz"],
                  ["unscore", s, "ESN08"], ["score", s, "ESN05", "inadequate", "--serious"],
                  ["action", "add", s, "ESN06", "Relaunch"], ["action", "status", s, "A1", "done"],
                  ["evidence", "add", s, "QA-9", "--title", "Audit", "--item", "ESN06"],
                  ["snapshot", s, "--label", "Fuzz board"], ["agree", s, "ESN08", "good"],
                  ["audit", "add", s, "LL-1", "ESN08", "good"], ["roster", s, "--add", "Fuzz"],
                  ["merge", s, s, o]]
        return [Command(["summary", s]), reads[pick % len(reads)],
                Command(writes[pick % len(writes)], writes=f, reread=["summary", s])]
    if kind == "bank" and list_name == "mock":
        banks = folder / "banks"
        banks.mkdir()
        f = banks / "mock.toml"
        f.write_bytes(mutant)
        d = ["--banks-dir", str(banks)]
        m = ["--framework", "mock"]
        others = [Command([*d, "banks", "show", "mock", "--lists", "--json"]),
                  Command([*d, "timeline", "--notified", "2026-03-31", *m, "--json"]),
                  Command([*d, "timeline", "--notified", "2026-03-31", *m, "--ics",
                           str(folder / "p.json")]),
                  Command([*d, "lists", "demo", str(folder / "new"), *m, "--seed", str(pick)]),
                  Command([*d, "lists", "mapping", *m]),
                  Command([*d, "banks", "show", "mock", "--rules"])]
        return [Command(["banks", "validate", str(f)]), others[pick % len(others)]]
    if kind == "bank":
        banks = folder / "banks"
        banks.mkdir()
        f = banks / "mini.toml"
        f.write_bytes(mutant)
        small = folder / "small.toml"
        shutil.copy(c / "small.toml", small)
        d = ["--banks-dir", str(banks)]
        others = [Command([*d, "banks", "list"]), Command([*d, "banks", "show", "mini"]),
                  Command([*d, "banks", "show", "mini", "--rules", "--json"]),
                  Command([*d, "banks", "show", "mini", "H01"]),
                  Command([*d, "summary", str(small)]),
                  Command([*d, "score", str(small), "H02", "good"], writes=small,
                          reread=[*d, "summary", str(small)]),
                  Command([*d, "new", str(folder / "new.toml"), "--bank", "mini",
                           "--authority", "N"])]
        return [Command(["banks", "validate", str(f)]), others[pick % len(others)]]
    if kind == "crosswalk":
        banks = folder / "banks"
        (banks / "crosswalks").mkdir(parents=True)
        f = banks / "crosswalks" / "sif-2015--ilacs.toml"
        f.write_bytes(mutant)
        d = ["--banks-dir", str(banks)]
        others = [[*d, "banks", "map", "sif-2015", "ilacs"],
                  [*d, "banks", "map", "ilacs", "sif-2015", "--json"],
                  [*d, "banks", "list"]]
        return [Command(["banks", "validate", str(f)]), Command(others[pick % len(others)])]
    lists = folder / "lists"
    if kind in ("mapping", "list"):
        shutil.copytree(c / "lists", lists)
    if kind == "mapping":
        f = folder / "mapping.toml"
        f.write_bytes(mutant)
        m = ["--mapping", str(f)]
        others = [Command(["lists", "check", str(lists), *m, "--json"], report=True),
                  Command(["sample", str(lists), "--profile", "tracked-25", "--seed", "7", *m,
                           "-o", str(folder / "sample.csv")], allowed=(0, 1, 2, 3))]
        return [Command(["lists", "check", str(lists), *m], report=True), others[pick % 2]]
    if kind == "list":
        f = lists / list_name
        f.write_bytes(mutant)
        profiles = ["tracked-25", "la-audit-18", "targeted-50", "lac-8-12"]
        others = [Command(["lists", "check", str(lists), "--json"], report=True),
                  Command(["sample", str(lists), "--profile", profiles[pick % 4], "--seed",
                           str(pick), "-o", str(folder / "sample.csv")], allowed=(0, 1, 2, 3))]
        return [Command(["lists", "check", str(lists)], report=True), others[pick % 2]]
    banks = folder / "banks"
    banks.mkdir()
    shutil.copy(MINI, banks / "mini.toml")
    small = folder / "small.toml"
    shutil.copy(c / "small.toml", small)
    f = folder / ("in.csv" if kind == "import-csv" else "in.xlsx")
    f.write_bytes(mutant)
    d = ["--banks-dir", str(banks)]
    command = ["audit", "import"] if list_name == "audits" else ["import"]
    return [Command([*d, *command, str(small), str(f)], writes=small,
                    reread=[*d, "summary", str(small)])]


def run_try(kind: str, mutant: bytes, list_name: str, corpus: Corpus, folder: Path,
            pick: int, started: Callable[[list[str]], None] | None = None,
            limit: float | None = None) -> Try:
    """Run one mutant through its commands; every problem is recorded, never raised."""
    commands = prepare(kind, mutant, list_name, corpus, folder, pick)
    outcome = Try(kind)
    for command in commands:
        if started is not None:
            started(command.args)
        before = _snapshot(folder)
        code, _, stderr, escaped, seconds = invoke(command.args)
        after = _snapshot(folder)
        problem = _judge(command, code, stderr, escaped, seconds, before, after, limit)
        damaged_reads = not outcome.outcomes or outcome.outcomes[0].code == 0
        if not problem and code == 0 and command.writes is not None and command.reread \
                and (damaged_reads or not command.carries) \
                and before.get(command.writes) != after.get(command.writes):
            recode, _, restderr, reescaped, _ = invoke(command.reread)
            if recode != 0 or reescaped is not None:
                problem = (f"crash: the file {command.args[0]} wrote does not read back "
                           f"(exit {recode}): {restderr.strip()[:300]}")
        outcome.outcomes.append(Outcome(command.args, code, seconds, problem, stderr))
    return outcome


def _snapshot(folder: Path) -> dict[Path, bytes]:
    """Every file a command might touch, except what commands may write beside them."""
    found: dict[Path, bytes] = {}
    for path in folder.rglob("*"):
        if ".readiness" in path.parts or path.name in ("sample.csv", "p.json", "new.toml") \
                or "new" in path.relative_to(folder).parts[:1]:
            continue
        if path.is_file() and not path.name.endswith(".tmp"):
            found[path] = path.read_bytes()
    return found


def _judge(command: Command, code: int, stderr: str, escaped: BaseException | None,
           seconds: float, before: dict[Path, bytes], after: dict[Path, bytes],
           limit: float | None) -> str:
    if escaped is not None:
        return f"crash: {type(escaped).__name__}: {escaped}"[:500]
    if code not in command.allowed:
        return f"crash: exit {code}: {stderr.strip()[:500]}"
    if "Traceback (most recent call last)" in stderr:
        return f"crash: a traceback: {stderr.strip()[-500:]}"
    # Warnings may come first: a broken bank in a banks folder is left out with one.
    said = [line for line in stderr.splitlines() if not line.startswith("warning: ")]
    if code == 1 and not command.report and not (said and said[0].startswith("error: ")):
        return f"crash: exit 1 without an error line: {stderr.strip()[:300]}"
    if limit is not None and seconds > limit:
        return f"hang: {seconds:.1f} s"
    for path in sorted(set(before) | set(after)):
        if before.get(path) == after.get(path):
            continue
        if path == command.writes and code == 0:
            continue
        return f"changed: {path.name} by a command that {'refused' if code else 'read'} it"
    return ""
