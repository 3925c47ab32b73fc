"""`readiness export`: one function that turns an assessment into a board pack file.

Heavy libraries load only for the formats that need them: Markdown, CSV and JSON need
neither pandas nor matplotlib; HTML needs matplotlib for its charts; Word and Excel
need their own libraries too.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from pathlib import Path

from readiness.assessment import Assessment
from readiness.banks import Bank
from readiness.errors import ReadinessError
from readiness.judgement import judge
from readiness.reports.pack import Pack, build

FORMATS = {"html": ".html", "docx": ".docx", "xlsx": ".xlsx", "md": ".md", "csv": ".csv",
           "json": ".json"}


def default_output(assessment_path: Path, fmt: str, today: date | None = None) -> Path:
    today = today or date.today()
    return assessment_path.with_name(f"{assessment_path.stem}-board-pack-{today:%Y-%m-%d}"
                                     f"{FORMATS[fmt]}")


def export(bank: Bank, assessment: Assessment, fmt: str, output: Path, *,
           since: str | None = None, include_cases: bool = False,
           progress: Callable[[str], None] | None = None) -> Path:
    """Write the board pack in `fmt` to `output` (through a temporary file: all or nothing)."""
    from readiness.store import write_atomic

    if fmt not in FORMATS:
        raise ReadinessError(f"{fmt!r} is not an export format",
                             hint=f"Use one of: {', '.join(FORMATS)}.")
    if not output.parent.is_dir():
        raise ReadinessError("the folder for the export does not exist", file=output.parent)
    step = progress or (lambda _: None)
    step("Working out the judgements")
    pack = build(bank, assessment, judge(bank, assessment), since=since,
                 include_cases=include_cases)
    if fmt in ("md", "csv", "json"):
        step(f"Writing {fmt.upper()}")
        write_atomic(output, _text(pack, fmt).encode("utf-8"))
        return output
    step("Drawing the charts")
    from readiness.reports.charts import charts

    drawn = charts(pack, ("svg",) if fmt == "html" else ("png",))
    step(f"Writing {fmt.upper()}")
    if fmt == "html":
        from readiness.reports.html import render

        write_atomic(output, render(pack, drawn).encode("utf-8"))
        return output
    temp = output.with_name(f".{output.name}.part")
    try:
        if fmt == "docx":
            from readiness.reports.docx import render as render_docx

            render_docx(pack, drawn, temp)
        else:
            from readiness.reports.xlsx import render as render_xlsx

            render_xlsx(pack, drawn, temp)
        write_atomic(output, temp.read_bytes())
    finally:
        temp.unlink(missing_ok=True)
    return output


def _text(pack: Pack, fmt: str) -> str:
    if fmt == "md":
        from readiness.reports.markdown import render

        return render(pack)
    if fmt == "csv":
        from readiness.reports.tabular import render_csv

        return render_csv(pack)
    return json.dumps(pack.as_dict(), indent=2, ensure_ascii=False, default=str) + "\n"
