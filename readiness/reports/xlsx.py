"""The board pack as an Excel workbook (pandas + openpyxl).

A summary sheet, one sheet per judgement with every item and response, the action plan
and the evidence register; headers frozen, filters on, columns sized to fit. Text that
a spreadsheet would run as a formula is stored as text.
"""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

from readiness.reports.charts import Chart
from readiness.reports.pack import Pack
from readiness.reports.safety import is_formula_like
from readiness.reports.tabular import rows

HEADINGS = {"item": "Item", "judgements": "Counts toward", "short": "Characteristic",
            "descriptor": "Descriptor (framework)", "grade": "Grade",
            "evidence_strength": "Evidence strength", "assessors": "Assessors",
            "evidence": "Evidence", "note": "Rationale", "actions": "Actions",
            "cases": "Case IDs"}


def _sheet_name(name: str, used: set[str]) -> str:
    clean = re.sub(r"[\[\]:*?/\\]", " ", name)[:31].strip() or "Sheet"
    candidate, n = clean, 2
    while candidate.lower() in used:
        candidate = f"{clean[:28]} {n}"
        n += 1
    used.add(candidate.lower())
    return candidate


def render(pack: Pack, charts: list[Chart], path: Path) -> None:
    import pandas as pd
    from openpyxl.drawing.image import Image
    from openpyxl.styles import Font

    summary = pd.DataFrame(
        [[s.name, pack.likely_text(s), s.low, s.high, s.items, s.assessed, s.evidenced,
          " ".join(s.reasons)] for s in pack.all_sections],
        columns=["Judgement", "Likely", "Low", "High", "Items", "Scored",
                 "Strongly evidenced", "Reasons"])
    responses = pd.DataFrame(rows(pack)).rename(columns=HEADINGS)
    actions = pd.DataFrame(
        [[a.id, a.item, a.item_short, a.text, a.owner, a.due, a.status,
          "yes" if a.overdue else ""] for a in pack.actions],
        columns=["Action", "Item", "Characteristic", "What", "Owner", "Due", "Status",
                 "Overdue"])
    register = pd.DataFrame(pack.register, columns=["code", "title", "location", "date",
                                                    "used_by"]).rename(columns={
        "code": "Code", "title": "Title", "location": "Where", "date": "Date",
        "used_by": "Used by"})

    used: set[str] = set()
    with pd.ExcelWriter(path, engine="openpyxl") as writer:
        first = _sheet_name("Summary", used)
        summary.to_excel(writer, sheet_name=first, index=False, startrow=3)
        for section in pack.sections:
            part = responses[responses["Item"].isin(section.item_ids)]
            part.to_excel(writer, sheet_name=_sheet_name(section.name, used), index=False)
        actions.to_excel(writer, sheet_name=_sheet_name("Action plan", used), index=False)
        register.to_excel(writer, sheet_name=_sheet_name("Evidence register", used),
                          index=False)
        if pack.trend:
            moved = pd.DataFrame(
                [[m.id, m.name, m.before, m.now, m.direction]
                 for m in [*pack.trend.judgements, *pack.trend.items]],
                columns=["Id", "Name", f"At {pack.trend.label}", "Now", "Moved"])
            moved.to_excel(writer, sheet_name=_sheet_name(f"Since {pack.trend.label}", used),
                           index=False)
        book = writer.book
        for sheet in book.worksheets:
            header_row = 4 if sheet.title == first else 1
            _tidy(sheet, header_row)
        top = book[first]
        top["A1"] = f"{pack.authority}: readiness summary ({pack.made})"
        top["A2"] = pack.headline
        top["A3"] = "A self-assessment, not an Ofsted judgement." + (
            " DEMO: a fictional authority." if pack.demo else "")
        top["A1"].font = Font(bold=True, size=14)
        for cell in ("A2", "A3"):
            top[cell].data_type = "s"
        anchor_row = len(summary) + 7
        for chart in charts:
            image = Image(io.BytesIO(chart.png))
            image.width, image.height = image.width * 0.45, image.height * 0.45
            top.add_image(image, f"A{anchor_row}")
            anchor_row += int(image.height / 20) + 2


def _tidy(sheet: Any, header_row: int) -> None:
    """Frozen header, a filter, widths that fit, and no formula anyone typed can run."""
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    for row in sheet.iter_rows(min_row=header_row):
        for cell in row:
            if is_formula_like(cell.value) or cell.data_type == "f":
                cell.data_type = "s"  # shown as typed, never run
    widths: dict[int, int] = {}
    for row in sheet.iter_rows(min_row=header_row):
        for cell in row:
            if cell.value is not None:
                longest = max(len(line) for line in str(cell.value).splitlines() or [""])
                widths[cell.column] = max(widths.get(cell.column, 0), longest)
    for column, width in widths.items():
        sheet.column_dimensions[get_column_letter(column)].width = min(max(width + 2, 8), 60)
        if width > 60:
            for (cell,) in sheet.iter_rows(min_row=header_row + 1, min_col=column,
                                           max_col=column):
                cell.alignment = Alignment(wrap_text=True, vertical="top")
    for cell in sheet[header_row]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = sheet.cell(row=header_row + 1, column=1)
    if sheet.max_row > header_row:
        last = get_column_letter(sheet.max_column)
        sheet.auto_filter.ref = f"A{header_row}:{last}{sheet.max_row}"
