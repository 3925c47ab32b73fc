"""Export measures for `make bench`: each board-pack format from the demo, whole command.

Targets (median): Markdown and JSON < 0.3 s, CSV and HTML < 1 s, XLSX and DOCX < 2 s.
HTML draws its charts as SVG by hand and loads no plotting library.
For context, the import of the libraries a format needs is timed alone on this machine.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench import PY, READINESS, RUNS, _once, report

TARGETS = {"md": 0.3, "json": 0.3, "csv": 1.0, "html": 1.0, "xlsx": 2.0, "docx": 2.0}
LIBRARIES = {"docx": "docx", "xlsx": "openpyxl"}


def median_of(argv: list[str]) -> float:
    _once(argv)
    samples = []
    for _ in range(max(3, RUNS // 2)):
        start = time.perf_counter()
        _once(argv)
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def main() -> None:
    from readiness import demo
    from readiness.banks import BankSet

    with tempfile.TemporaryDirectory() as folder:
        path = demo.ensure(BankSet(), Path(folder) / "demo.toml")
        for fmt, target in TARGETS.items():
            out = Path(folder) / f"pack.{fmt}"
            seconds = median_of([READINESS, "export", str(path), "-f", fmt, "-o", str(out),
                                 "--force"])
            if fmt in LIBRARIES:
                floor = median_of([PY, "-c", f"import {LIBRARIES[fmt]}"])
                report(f"export --format {fmt} (demo)", seconds,
                       floor_name=f'python -c "import {LIBRARIES[fmt]}" (context only)',
                       floor=floor, seconds_target=target)
            else:
                report(f"export --format {fmt} (demo)", seconds, seconds_target=target)


if __name__ == "__main__":
    main()
