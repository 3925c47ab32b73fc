"""`make bench`: speed measures, each against a floor measured in the same run.

Whole commands are timed as a user runs them (a new process each time), several runs
each, and one JSON line is printed per measure: the median, the floor it is compared
with, the ratio and the target. These machines are shared and noisy, which is why
this is a script you run and read, not a timed test that fails at random.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
PY = sys.executable
BIN = Path(PY).parent
READINESS = str(BIN / "readiness")
RUNS = int(os.environ.get("BENCH_RUNS", "9"))


# As installed for a user: bytecode is cached (this machine's shells set
# PYTHONDONTWRITEBYTECODE, which would make every run recompile the package).
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def _once(argv: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(argv, capture_output=True, check=True, env=ENV)
    return time.perf_counter() - start


def measured(argv: list[str], env: dict[str, str] | None = None) -> tuple[float, float]:
    """Seconds and peak memory (MB, the child's own maximum resident set) of one run."""
    with tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        child = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=err,
                                 env=env or ENV)
        _, status, usage = os.wait4(child.pid, 0)
        seconds = time.perf_counter() - start
        child.returncode = os.waitstatus_to_exitcode(status)
        if child.returncode:
            err.seek(0)
            raise RuntimeError(f"{argv} failed: {err.read().decode()[-2000:]}")
    return seconds, usage.ru_maxrss / 1024  # ru_maxrss is in KB on Linux


def paired_peak(argv: list[str], floor: list[str], runs: int = RUNS,
                env: dict[str, str] | None = None) -> tuple[float, float, float]:
    """Medians of a command and its floor (run alternately), and the command's peak MB."""
    measured(argv, env), measured(floor, env)
    ours, base, peak = [], [], 0.0
    for _ in range(runs):
        seconds, mb = measured(argv, env)
        ours.append(seconds)
        peak = max(peak, mb)
        base.append(measured(floor, env)[0])
    return statistics.median(ours), statistics.median(base), peak


def paired(argv: list[str], floor: list[str], runs: int = RUNS) -> tuple[float, float]:
    """Medians of a command and its floor, run alternately so drift hits both alike."""
    _once(argv), _once(floor)  # warm the file cache and the bank cache
    ours, base = [], []
    for _ in range(runs):
        ours.append(_once(argv))
        base.append(_once(floor))
    return statistics.median(ours), statistics.median(base)


def in_process(fn: Callable[[], object], runs: int = 50) -> float:
    fn()
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def report(measure: str, median: float, *, floor_name: str | None = None,
           floor: float | None = None, ratio_target: float | None = None,
           seconds_target: float | None = None, peak_mb: float | None = None) -> None:
    line: dict[str, object] = {"measure": measure, "median_s": round(median, 4)}
    ok = True
    if floor is not None:
        ratio = median / floor
        line.update(floor=floor_name, floor_s=round(floor, 4), ratio=round(ratio, 2))
        if ratio_target is not None:
            line["target"] = f"<= {ratio_target}x floor"
            ok = ratio <= ratio_target
    if seconds_target is not None:
        line["target"] = f"< {seconds_target * 1000:g} ms" if seconds_target < 1 else \
            f"< {seconds_target:g} s"
        ok = ok and median < seconds_target
    if peak_mb is not None:
        line["peak_mb"] = round(peak_mb, 1)
    line["ok"] = ok
    print(json.dumps(line), flush=True)


def scored_sif(folder: Path) -> Path:
    """A fully scored SIF assessment, made through the same store the app uses."""
    from readiness import store
    from readiness.banks import BankSet

    bank = BankSet().get("sif-2015")
    path = folder / "full.toml"
    editable = store.create(path, bank, "Benchmark Borough")
    grades = ["good", "requires_improvement", "good", "outstanding", "good"]
    strengths = ["strong", "partial", "none"]
    for n, item in enumerate(bank.items):
        editable.score(item.id, grades[n % 5], by="Bench", strength=strengths[n % 3],
                       note=f"Rationale for {item.id}: audit findings and case sampling.")
    store.save(editable)
    return path


def engine_at_scale() -> tuple[float, float]:
    """The engine on 1,000 items with 20 assessors each: after one change, and from cold."""
    import msgspec

    from readiness.assessment import Assessment, Entry, Response
    from readiness.banks import Bank, BankSet
    from readiness.judgement import judge

    sif = BankSet().get("sif-2015")
    raw = msgspec.to_builtins(sif)
    template = raw["item"]
    items = []
    for n in range(1000):
        item = dict(template[n % len(template)])
        item["id"] = f"X{n:04d}"
        items.append(item)
    raw["item"] = items
    raw["enquiry"] = []
    bank = msgspec.convert(raw, Bank)
    slugs = [g.slug for g in bank.scale]
    strengths = ["strong", "partial", "none"]

    def response(n: int, shift: int = 0) -> Response:
        return Response(entries=[
            Entry(by=f"A{a}", grade=slugs[(n + a + shift) % 3],
                  evidence_strength=strengths[(n * a) % 3])  # type: ignore[arg-type]
            for a in range(20)])

    def fresh() -> Assessment:
        return Assessment(schema=1, bank=bank.id, authority="Scale",
                          responses={item["id"]: response(n) for n, item in enumerate(items)})

    assessment = fresh()
    judge(bank, assessment)
    samples = []
    for k in range(30):  # a grade key press: one response replaced, every judgement redone
        n = (k * 37) % 1000
        assessment.responses[items[n]["id"]] = response(n, shift=k)
        start = time.perf_counter()
        judge(bank, assessment)
        samples.append(time.perf_counter() - start)
    cold = []
    for _ in range(7):
        other = fresh()
        start = time.perf_counter()
        judge(bank, other)
        cold.append(time.perf_counter() - start)
    return statistics.median(samples), statistics.median(cold)


def workshop_files(folder: Path, files: int = 100, people: int = 8) -> list[Path]:
    """Copies of one SIF workshop: every item graded by each of 8 assessors with a
    rationale, evidence cited and registered, some items agreed (apart, by id), three
    actions per copy; each copy saved at its own time, so the merge has work to do."""
    from readiness.banks import BankSet

    bank = BankSet().get("sif-2015")
    slugs = [g.slug for g in bank.scale]
    strengths = ["strong", "partial", "none"]
    documents = bank.evidence[:40]
    paths = []
    for f in range(files):
        at = f"2026-11-{1 + f % 28:02d}T{9 + f % 8:02d}:{f % 60:02d}:00Z"
        lines = ["schema = 2", f'bank = "{bank.id}"', f'bank_version = "{bank.version}"',
                 f'bank_hash = "{bank.digest}"', 'authority = "Benchmark Borough"',
                 "created = 2026-10-01T09:00:00Z", f"updated = {at}",
                 "roster = [" + ", ".join(f'"Assessor {p}"' for p in range(people)) + "]", ""]
        for n, item in enumerate(bank.items):
            lines.append(f"[responses.{item.id}]")
            for p in range(people):
                if p:
                    lines.append(f"[[responses.{item.id}.entries]]")
                lines += [f'by = "Assessor {p}"', f'grade = "{slugs[(n + p + f) % 3]}"',
                          f'evidence_strength = "{strengths[(n * p + f) % 3]}"',
                          f'note = "Rationale {f}/{p} for {item.id}: audit findings and '
                          'case sampling."', f"at = {at}"]
                if p == 0:
                    lines.append(f'evidence = ["{documents[n % len(documents)].code}"]')
                lines.append("")
            if n % 10 == 0:
                lines += [f"[responses.{item.id}.agreed]", f'id = "{f % 3:08x}"',
                          f'grade = "{slugs[1]}"', 'by = "Chair"', f"at = {at}", ""]
        for n, document in enumerate(documents):
            lines += [f'[evidence."{document.code}"]', f'id = "{n:08x}"',
                      f'title = "Document {document.code}"', ""]
        for a in range(3):
            lines += ["[[actions]]", f'id = "{f:04x}{a:04x}"', f'item = "{bank.items[a].id}"',
                      f'text = "Action {a} from copy {f}"', f"created = {at}", ""]
        path = folder / f"workshop-{f:03d}.toml"
        path.write_text("\n".join(lines), encoding="utf-8")
        paths.append(path)
    return paths


def main() -> None:
    print(f"# {os.uname().nodename}: {os.cpu_count()} cores, Python "
          f"{sys.version.split()[0]}, {RUNS} runs each", flush=True)
    typer_floor = [PY, "-c", "import typer"]
    for name, argv in (("readiness --version", [READINESS, "--version"]),
                       ("readiness banks list", [READINESS, "banks", "list"])):
        ours, floor = paired(argv, typer_floor)
        report(name, ours, floor_name='python -c "import typer"', floor=floor,
               ratio_target=1.5)

    with tempfile.TemporaryDirectory() as folder:
        full = scored_sif(Path(folder))
        ours, floor = paired([READINESS, "summary", str(full), "--json"],
                             [PY, "-c", "import typer, tomlkit"])
        report("readiness summary FILE --json (76 items scored)", ours,
               floor_name='python -c "import typer, tomlkit"', floor=floor, ratio_target=1.5)
    with tempfile.TemporaryDirectory() as folder:
        copies = workshop_files(Path(folder))
        out = Path(folder) / "merged.toml"

        def merge_once() -> tuple[float, float]:
            out.unlink(missing_ok=True)
            return measured([READINESS, "merge", str(out), *map(str, copies)])

        merge_once()
        runs, floors = [], []
        for _ in range(max(3, RUNS // 2)):
            runs.append(merge_once())
            floors.append(measured([READINESS, "--version"])[0])
        report("readiness merge OUT FILE... (100 SIF assessment files of 8 assessors each)",
               statistics.median(s for s, _ in runs), floor_name="readiness --version",
               floor=statistics.median(floors), seconds_target=3.0,
               peak_mb=max(mb for _, mb in runs))
    after_change, cold = engine_at_scale()
    report("engine: every judgement after one change, 1,000 items x 20 assessors",
           after_change, seconds_target=0.005)
    report("engine: every judgement from cold (file just read), 1,000 items x 20 assessors",
           cold)

    for extra in sorted((ROOT / "benchmarks").glob("bench_*.py")):
        subprocess.run([PY, str(extra)], check=False)


if __name__ == "__main__":
    main()
