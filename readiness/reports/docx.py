"""The board pack as a Word document (python-docx): headings, tables and the charts as images,
so a board clerk can paste it into their own template."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from readiness.reports.charts import Chart
from readiness.reports.pack import ItemLine, Pack, Section


def render(pack: Pack, charts: list[Chart], path: Path) -> None:
    from docx import Document
    from docx.shared import Cm, Pt

    document = Document()
    section = document.sections[0]
    section.page_height, section.page_width = Cm(29.7), Cm(21.0)  # A4
    for side in ("left_margin", "right_margin"):
        setattr(section, side, Cm(2.0))
    document.styles["Normal"].font.size = Pt(10.5)
    document.core_properties.title = f"{pack.authority}: readiness summary"

    document.add_heading(f"{pack.authority}: readiness summary", level=0)
    meta = document.add_paragraph(f"{pack.bank} · {pack.made} · a self-assessment, not an "
                                  "Ofsted judgement")
    meta.runs[0].italic = True
    if pack.demo:
        document.add_paragraph().add_run("DEMO: a fictional authority.").bold = True
    document.add_paragraph().add_run(pack.headline).bold = True

    document.add_heading("Where we likely stand", level=1)
    _table(document, ["Judgement", "Likely", "Could be", "Scored", "Strongly evidenced"],
           [[s.name, _grade(pack.likely_text(s), pack.symbols), s.range,
             f"{s.assessed} of {s.items}", f"{s.evidenced} of {s.assessed}"]
            for s in pack.all_sections], [4.4, 3.6, 3.6, 2.2, 2.2])
    for chart in charts:
        document.add_picture(io.BytesIO(chart.png), width=Cm(16))
        _alt_text(document, chart)
        caption = document.add_paragraph(chart.alt)
        caption.runs[0].italic = True
        caption.runs[0].font.size = Pt(8)

    if pack.trend:
        document.add_heading(f"What moved since {pack.trend.label} ({pack.trend.taken})",
                             level=1)
        _table(document, ["Judgement", "Then", "Now", "Moved"],
               [[m.name, m.before.replace("_", " "), m.now.replace("_", " "), m.direction]
                for m in pack.trend.judgements])
        if pack.trend.items:
            _table(document, ["Item", "Then", "Now", "Moved"],
                   [[f"{m.id} {m.name}", m.before.replace("_", " "), m.now.replace("_", " "),
                     m.direction] for m in pack.trend.items])

    for part in pack.all_sections:
        _judgement(document, part, pack.symbols)

    document.add_heading("Evidence gaps", level=1)
    document.add_paragraph(f"{len(pack.unevidenced)} items have no evidence attached.")
    if pack.unevidenced:
        _items(document, pack.unevidenced, "Judgement", pack.symbols)
    if pack.missing_documents:
        document.add_heading("Documents the framework asks for, not yet in the register",
                             level=2)
        _table(document, ["Code", "Document"], [list(d) for d in pack.missing_documents],
               [1.6, 14.4])

    document.add_heading("Action plan", level=1)
    if pack.actions:
        _table(document, ["Action", "Item", "What", "Owner", "Due", "Status"],
               [[a.id, a.item, a.text, a.owner, a.due,
                 ("OVERDUE · " if a.overdue else "") + a.status] for a in pack.actions],
               [1.5, 2.0, 6.2, 3.0, 2.2, 2.1])
    else:
        document.add_paragraph("No actions recorded yet.")
    document.add_heading("How this is worked out", level=1)
    for line in pack.method:
        document.add_paragraph(line, style="List Bullet")
    document.save(str(path))


def _grade(text: str, symbols: dict[str, str]) -> str:
    return f"{symbols.get(text, '')} {text}".strip()


def _judgement(document: Any, section: Section, symbols: dict[str, str]) -> None:
    add = document.add_heading
    add(f"{section.name}: {section.stands}", level=1)
    paragraph = document.add_paragraph
    if section.low != section.high:
        paragraph(f"Could be {section.range}.")
    for reason in section.reasons:
        paragraph(reason, style="List Bullet")
    if section.strengths:
        add("Strengths (good or better, strongly evidenced)", level=2)
        _items(document, section.strengths, None, symbols)
    if section.priorities:
        add("Priorities", level=2)
        _items(document, section.priorities, "Why", symbols)


def _items(document: Any, lines: list[ItemLine], why: str | None,
           symbols: dict[str, str]) -> None:
    from docx.shared import Pt

    header = ["Item", "Characteristic", "Grade"] + ([why] if why else [])
    widths = [2.0, 10.2, 3.8] if not why else [2.0, 7.8, 3.2, 3.0]
    rows = [[i.id, "", _grade(i.grade, symbols)] + ([i.why] if why else []) for i in lines]
    table = _table(document, header, rows, widths)
    for row, item in zip(table.rows[1:], lines, strict=True):
        paragraph = row.cells[1].paragraphs[0]
        paragraph.add_run(item.short).bold = True
        detail = paragraph.add_run(f"\n{item.summary}")
        detail.font.size = Pt(8.5)


def _table(document: Any, header: list[str], rows: list[list[str]],
           widths: list[float] | None = None) -> Any:
    """A grid table with a bold header row; `widths` in cm keep long text readable."""
    from docx.shared import Cm

    table = document.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    table.autofit = widths is None
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.text = ""
        cell.paragraphs[0].add_run(text).bold = True
    for row in rows:
        cells = table.add_row().cells
        for cell, text in zip(cells, row, strict=True):
            cell.text = str(text)
    if widths:  # both the grid (LibreOffice reads it) and each cell (Word reads those)
        for column, width in zip(table.columns, widths, strict=True):
            column.width = Cm(width)
        for row in table.rows:
            for cell, width in zip(row.cells, widths, strict=True):
                cell.width = Cm(width)
    document.add_paragraph()
    return table


def _alt_text(document: Any, chart: Chart) -> None:
    """Word's alt text for the picture just added (the `descr` of its drawing)."""
    paragraphs = document.paragraphs
    for element in paragraphs[-1]._p.iter():
        if element.tag.endswith("}docPr"):
            element.set("descr", chart.alt)
            element.set("title", chart.title)
