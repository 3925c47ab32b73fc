"""The board paper as an Excel workbook (openpyxl only: pandas is not loaded).

A summary sheet with the front sheet's facts and native Excel charts (the range of each
judgement as floating bars, coverage as bars), one sheet per judgement with every item
and response, the action plan (real dates, RAG, overdue first), what moved, and the
evidence register. Every sheet prints: A4 landscape, fitted to the page width, the
header row repeated, the marking and self-assessment label in the header, page numbers
in the footer. Text that a spreadsheet would run as a formula is stored as text, marked
the way Excel marks typed text (quote prefix), never with a visible apostrophe.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Any

from readiness.reports.pack import Pack
from readiness.reports.safety import clean, is_formula_like
from readiness.views import moved_words

DATE_FORMAT = "dd/mm/yyyy"
RAG_FILLS = {"red": "F4C7C3", "amber": "FCE8B2", "green": "B7E1CD"}


def _sheet_name(name: str, used: set[str]) -> str:
    clean_name = re.sub(r"[\[\]:*?/\\']", " ", clean(name))[:31].strip() or "Sheet"
    candidate, n = clean_name, 2
    while candidate.lower() in used:
        candidate = f"{clean_name[:28]} {n}"
        n += 1
    used.add(candidate.lower())
    return candidate


class Book:
    """Writes rows into an openpyxl workbook, every value made safe on the way in."""

    def __init__(self, pack: Pack) -> None:
        from openpyxl import Workbook

        self.pack = pack
        self.book = Workbook()
        self.used: set[str] = set()

    def sheet(self, name: str) -> Any:
        title = _sheet_name(name, self.used)
        if len(self.used) == 1:
            sheet = self.book.active
            sheet.title = title
            return sheet
        return self.book.create_sheet(title)

    def put(self, sheet: Any, row: int, column: int, value: object) -> Any:
        cell = sheet.cell(row=row, column=column)
        if isinstance(value, str):
            value = clean(value)
            cell.value = value
            cell.data_type = "s"  # shown as typed, never run
            if is_formula_like(value):
                cell.quotePrefix = True
        elif isinstance(value, date):
            cell.value = value
            cell.number_format = DATE_FORMAT
        else:
            cell.value = value
        return cell

    def rows(self, sheet: Any, header: list[str], rows: list[list[object]],
             start: int = 1, widths: list[int] | None = None) -> None:
        from openpyxl.styles import Alignment, Font, PatternFill
        from openpyxl.utils import get_column_letter

        for column, text in enumerate(header, 1):
            cell = self.put(sheet, start, column, text)
            cell.font = Font(bold=True)
            cell.fill = PatternFill("solid", fgColor="F3F3F3")
        wrap = Alignment(wrap_text=True, vertical="top")
        for n, values in enumerate(rows, start + 1):
            for column, value in enumerate(values, 1):
                self.put(sheet, n, column, value).alignment = wrap
        sizes = widths or [_width([h, *(r[i] for r in rows)]) for i, h in enumerate(header)]
        for column, width in enumerate(sizes, 1):
            sheet.column_dimensions[get_column_letter(column)].width = width
        for n, values in enumerate(rows, start + 1):
            # Wrapped text needs its row tall enough: LibreOffice and Excel do not grow a
            # row for wrapped text they did not lay out themselves, so rows would overlap.
            lines = max((_lines(value, width) for value, width in zip(values, sizes,
                                                                       strict=False)),
                        default=1)
            if lines > 1:
                sheet.row_dimensions[n].height = min(409, 14 * lines + 2)
        sheet.freeze_panes = sheet.cell(row=start + 1, column=1)
        if rows:
            last = get_column_letter(len(header))
            sheet.auto_filter.ref = f"A{start}:{last}{start + len(rows)}"
        self.print_setup(sheet, start)

    def print_setup(self, sheet: Any, header_row: int) -> None:
        """A4 landscape, fitted to one page wide, the header row on every page."""
        sheet.page_setup.orientation = "landscape"
        sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
        sheet.page_setup.fitToWidth = 1
        sheet.page_setup.fitToHeight = 0
        sheet.sheet_properties.pageSetUpPr.fitToPage = True
        sheet.print_title_rows = f"{header_row}:{header_row}"
        sheet.print_options.gridLines = False
        sheet.page_margins.top = sheet.page_margins.bottom = 0.7
        marking = clean(self.pack.board.marking)
        sheet.oddHeader.left.text = marking
        sheet.oddHeader.right.text = clean(self.pack.label).replace("&", "&&")
        sheet.oddFooter.left.text = clean(self.pack.authority).replace("&", "&&")
        sheet.oddFooter.center.text = marking
        sheet.oddFooter.right.text = "Page &P of &N"


def _lines(value: object, width: int) -> int:
    """How many lines a cell's text takes in a column `width` characters wide."""
    if value is None or not isinstance(value, str):
        return 1
    usable = max(1, int(width * 1.2) - 1)  # a column width counts '0's; text is narrower
    return sum(max(1, -(-len(line) // usable)) for line in value.splitlines() or [""])


def _width(values: list[object]) -> int:
    longest = max((len(line) for v in values if v is not None
                   for line in str(v).splitlines() or [""]), default=8)
    return min(max(longest + 2, 8), 60)


def render(pack: Pack, path: Path) -> None:
    from openpyxl.styles import Font, PatternFill

    book = Book(pack)
    summary = book.sheet("Summary")
    board = pack.board
    top = [
        (f"{pack.heading()} ({pack.made})", Font(bold=True, size=14)),
        (f"{pack.label}.", Font(bold=True)),
        (pack.headline, None),
        (f"{pack.against()}.", None),
        (f"Report to {board.name or 'the board'}"
         + (f", {board.meeting}" if board.meeting else "")
         + (f". Lead officer: {board.lead}" if board.lead else "")
         + f". {board.marking}." + (" DEMO: a fictional authority." if pack.demo else ""),
         None),
    ]
    for row, (text, font) in enumerate(top, 1):
        cell = book.put(summary, row, 1, text)
        if font is not None:
            cell.font = font
    start = len(top) + 2
    sections = pack.all_sections
    book.rows(summary, ["Judgement", "Likely", "Low", "High", "Since last board", "Items",
                        "Scored", "Strongly evidenced", "Reasons"],
              [[s.name, s.grade, s.low, s.high, s.trend.moved if s.trend else "", s.items,
                s.assessed, s.evidenced, " ".join(s.reasons)] for s in sections],
              start=start, widths=[24, 24, 20, 20, 16, 8, 8, 12, 80])
    _charts(book, summary, start, len(sections))

    names = {s.id: s.name for s in sections}
    for s in pack.sections:
        lines = [r for r in pack.responses if s.id in r.judgement_ids]
        sheet = book.sheet(s.name)
        header = ["Item", "Characteristic", "Grade", "Evidence strength",
                  "Strongly evidenced", "Evidence", "Rationale", "Assessors", "Counts toward",
                  "Actions", "Descriptor (framework)"] + (
            ["Case IDs"] if pack.include_cases else [])
        book.rows(sheet, header, [
            [r.item, r.short, r.grade, r.evidence_strength,  # type: ignore[misc]
             "yes" if r.strongly_evidenced else "no", r.evidence, r.note, r.assessors,
             ", ".join(names.get(j, j) for j in r.judgement_ids), ", ".join(r.action_ids),
             r.descriptor] + ([r.cases] if pack.include_cases else []) for r in lines],
            widths=[8, 36, 20, 10, 10, 16, 50, 30, 24, 10, 60]
            + ([20] if pack.include_cases else []))

    plan = book.sheet("Action plan")
    book.rows(plan, ["Action", "RAG", "Item", "Characteristic", "What", "Owner", "Due",
                     "Status", "Overdue", "For a priority"],
              [[a.id, a.rag_words, a.item, a.item_short, a.text, a.owner, a.due_date,
                a.status, "yes" if a.overdue else "", "yes" if a.priority else ""]
               for a in pack.actions],
              widths=[8, 24, 8, 30, 50, 24, 12, 12, 9, 10])
    for n, action in enumerate(pack.actions, 2):
        if action.rag in RAG_FILLS:
            plan.cell(row=n, column=2).fill = PatternFill("solid", fgColor=RAG_FILLS[action.rag])

    if pack.trend:
        moved = book.sheet(f"Since {pack.trend.label}")
        rows: list[list[object]] = [[s.name, "judgement", s.trend.before, s.trend.now,
                                     s.trend.moved, "; ".join(s.trend.items)]
                                    for s in sections if s.trend is not None]
        for m in pack.trend.items:
            line = next((r for r in pack.responses if r.item == m.id), None)
            rows.append([line.short if line else m.name, "item", _label(pack, m.before),
                         _label(pack, m.now), moved_words(m.direction), m.id])
        book.rows(moved, ["Name", "Kind", f"At {pack.trend.label} ({pack.trend.taken})",
                          "Now", "Moved", "Items that moved it / item"], rows,
                  widths=[40, 10, 24, 24, 18, 60])

    register = book.sheet("Evidence register")
    book.rows(register, ["Code", "Title", "Where", "Date", "Used by"],
              [[r["code"], r["title"], r["location"],
                date.fromisoformat(r["date_iso"]) if r["date_iso"] else "", r["used_by"]]
               for r in pack.register], widths=[16, 50, 50, 12, 40])
    book.book.properties.title = clean(pack.heading())
    book.book.properties.creator = clean(board.lead or pack.authority)
    book.book.properties.subject = clean(pack.label)
    book.book.save(str(path))


def _label(pack: Pack, value: str) -> str:
    """A grade slug from a snapshot as the pack writes grades."""
    by_slug = dict(zip(pack.scale_slugs, pack.scale, strict=True))
    if value in by_slug:
        return by_slug[value].lower()
    return value.replace("_", " ")


def _charts(book: Book, sheet: Any, start: int, count: int) -> None:
    """Native Excel charts, from cells on the summary sheet (a reader can restyle them)."""
    from openpyxl.chart import BarChart, Reference

    pack = book.pack
    worst = len(pack.scale) - 1
    # The numbers the charts are drawn from, on a sheet of their own: kept out of the
    # printed summary, hidden, and there for anyone who wants to restyle a chart.
    data = book.sheet("Chart data")
    data.sheet_state = "hidden"
    table_row = start
    start, data_col = 1, 1
    book.put(data, start, data_col, "Judgement")
    for n, head in enumerate(("Below the range", "Range", "Likely (grade steps)",
                              "Scored", "Strongly evidenced"), 1):
        book.put(data, start, data_col + n, head)
    for row, s in enumerate(pack.all_sections, start + 1):
        likely, low, high = s.positions
        assert low is not None and high is not None
        book.put(data, row, data_col, s.name)
        # steps up from the worst grade: worst = 0, best = number of grades - 1
        book.put(data, row, data_col + 1, worst - low)
        book.put(data, row, data_col + 2, max(low - high, 0) + 0.2)
        book.put(data, row, data_col + 3, worst - likely if likely is not None else None)
        book.put(data, row, data_col + 4, s.assessed)
        book.put(data, row, data_col + 5, s.evidenced)
    cats = Reference(data, min_col=data_col, min_row=start + 1, max_row=start + count)

    ranges = BarChart()
    ranges.type, ranges.grouping, ranges.overlap = "bar", "stacked", 100
    ranges.title = "Range of each judgement (0 = " + pack.scale[-1].lower() + ", " + \
        f"{worst} = " + pack.scale[0].lower() + ")"
    ranges.add_data(Reference(data, min_col=data_col + 1, max_col=data_col + 2,
                              min_row=start, max_row=start + count), titles_from_data=True)
    ranges.set_categories(cats)
    ranges.series[0].graphicalProperties.noFill = True
    ranges.series[0].graphicalProperties.line.noFill = True
    ranges.series[1].graphicalProperties.solidFill = "56B4E9"
    ranges.y_axis.scaling.min, ranges.y_axis.scaling.max = 0, worst + 0.3
    ranges.y_axis.majorUnit = 1
    ranges.legend = None
    ranges.height, ranges.width = 7, 16
    anchor = table_row + count + 2  # a cell anchor: tall rows above already push it down
    sheet.add_chart(ranges, f"A{anchor}")

    coverage = BarChart()
    coverage.type = "bar"
    coverage.title = "Coverage: items scored and strongly evidenced"
    coverage.add_data(Reference(data, min_col=data_col + 4, max_col=data_col + 5,
                                min_row=start, max_row=start + count), titles_from_data=True)
    coverage.set_categories(cats)
    coverage.height, coverage.width = 7, 16
    sheet.add_chart(coverage, f"F{anchor}")

