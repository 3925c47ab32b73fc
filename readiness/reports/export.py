"""`readiness export`: one function that turns an assessment into a board pack file.

Heavy libraries load only for the formats that need them: Markdown, CSV, JSON and HTML
need none (HTML's charts are SVG written by hand); Word loads python-docx and Excel
openpyxl, each only there.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from readiness.assessment import Assessment, Board
from readiness.assessment import today as current_day
from readiness.banks import Bank
from readiness.errors import ReadinessError
from readiness.judgement import judge
from readiness.reports.pack import Pack, build
from readiness.reports.safety import clean

FORMATS = {"html": ".html", "docx": ".docx", "xlsx": ".xlsx", "md": ".md", "csv": ".csv",
           "json": ".json"}


def default_output(assessment_path: Path, fmt: str, today: date | None = None) -> Path:
    today = today or current_day()
    return assessment_path.with_name(f"{assessment_path.stem}-board-pack-{today:%Y-%m-%d}"
                                     f"{FORMATS[fmt]}")


TO_STDOUT = ("md", "csv", "json")
"""The formats that can be written to standard output (`-o -`)."""


def export(bank: Bank, assessment: Assessment, fmt: str, output: Path, *,
           since: str | None = None, include_cases: bool = False,
           progress: Callable[[str], None] | None = None, board: Board | None = None) -> Path:
    """Write the board pack in `fmt` to `output` (through a temporary file: all or nothing).

    A file that cannot be written (a read-only folder, a file open in another program, a
    full disk) is a `ReadinessError` naming the path and the reason, and leaves nothing
    behind: no temporary or part-written file.
    """
    if fmt not in FORMATS:
        raise ReadinessError(f"{fmt!r} is not an export format",
                             hint=f"Use one of: {', '.join(FORMATS)}.")
    if output.is_dir():
        raise ReadinessError("this is a folder: give the board pack a file name, e.g. "
                             f"{output / ('board-pack' + FORMATS[fmt])}", file=output)
    if not output.parent.is_dir():
        raise ReadinessError("the folder for the export does not exist", file=output.parent)
    step = progress or (lambda _: None)
    step("Working out the judgements")
    pack = build(bank, assessment, judge(bank, assessment), since=since,
                 include_cases=include_cases, board=board)
    step(f"Writing {fmt.upper()}")
    if fmt in TO_STDOUT:
        bom = "\ufeff" if fmt == "csv" else ""  # so Excel on Windows reads it as UTF-8
        _write(output, (bom + _text(pack, fmt)).encode("utf-8"))
        return output
    if fmt == "html":
        from readiness.reports.html import render

        _write(output, clean(render(pack)).encode("utf-8"))
        return output
    # Word and Excel are drawn into a private temporary folder (never beside the output,
    # so nothing is left there if this fails), then written over the output atomically.
    import tempfile

    try:
        with tempfile.TemporaryDirectory(prefix="readiness-export-") as folder:
            temp = Path(folder) / f"board-pack{FORMATS[fmt]}"
            if fmt == "docx":
                from readiness.reports.docx import render as render_docx

                render_docx(pack, temp)
            else:
                from readiness.reports.xlsx import render as render_xlsx

                render_xlsx(pack, temp)
            data = temp.read_bytes()
    except OSError as exc:
        raise ReadinessError(f"could not draw the board pack: {_reason(exc)}; nothing was "
                             "written", file=output) from None
    _write(output, data)
    return output


def export_text(bank: Bank, assessment: Assessment, fmt: str, *, since: str | None = None,
                include_cases: bool = False, board: Board | None = None) -> str:
    """The board pack as text, for standard output (`-o -`): Markdown, CSV or JSON only."""
    if fmt not in TO_STDOUT:
        kind = {"html": "an HTML", "docx": "a Word", "xlsx": "an Excel"}.get(fmt, f"a {fmt}")
        raise ReadinessError(
            f"{kind} board pack cannot be written to standard output (-o -): choose "
            f"--format md, csv or json, or give a file name, e.g. -o board-pack"
            f"{FORMATS.get(fmt, '')}")
    pack = build(bank, assessment, judge(bank, assessment), since=since,
                 include_cases=include_cases, board=board)
    return _text(pack, fmt)


def _write(output: Path, data: bytes) -> None:
    from readiness.store import write_atomic

    try:
        write_atomic(output, data)
    except OSError as exc:
        raise ReadinessError(f"could not write the board pack: {_reason(exc)}; nothing was "
                             "written", file=output) from None


def _reason(exc: OSError) -> str:
    """Why a file could not be written, in words a council's staff would use."""
    import errno

    words = {
        errno.EACCES: "permission denied (the folder is read-only, or the file is open in "
                      "another program)",
        errno.EPERM: "permission denied (the folder is read-only, or the file is open in "
                     "another program)",
        errno.ENOSPC: "the disk is full",
        errno.EDQUOT: "the disk is full (your quota is used up)",
        errno.EROFS: "the drive is read-only",
        errno.EISDIR: "there is a folder with that name",
        errno.ENOENT: "the folder does not exist",
    }
    return words.get(exc.errno or 0, exc.strerror or str(exc))


def _text(pack: Pack, fmt: str) -> str:
    """Markdown, CSV or JSON; no bidi control character typed anywhere survives into any."""
    if fmt == "md":
        from readiness.reports.markdown import render

        return clean(render(pack))
    if fmt == "csv":
        from readiness.reports.tabular import render_csv

        return clean(render_csv(pack))
    from readiness.reports.jsondoc import render_json

    return clean(render_json(pack))
