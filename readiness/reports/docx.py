"""The board paper as a Word document (python-docx), ready to table or paste into a template.

The same parts as the printed HTML: front sheet, body, appendix. Every page carries the
protective marking and the self-assessment label in its header and "Page N of M" in its
footer (Word fields); table headers repeat on each page; the document's properties name
the paper, its author (the lead officer, else the authority) and when it was made. The
range of each judgement is drawn as a table on the scale, so no picture library loads.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

from readiness.reports.pack import ItemLine, Pack
from readiness.reports.safety import clean

TONE_FILLS = {"best": "C6DBEF", "benchmark": "C7E9D8", "below": "F8DDB0", "worst": "F6C6B5"}


def render(pack: Pack, path: Path) -> None:
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.shared import Cm, Pt

    document = Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_height, section.page_width = Cm(29.7), Cm(21.0)  # A4
    section.top_margin = section.bottom_margin = Cm(1.7)
    section.header_distance = section.footer_distance = Cm(0.8)
    for side in ("left_margin", "right_margin"):
        setattr(section, side, Cm(1.6))
    styles = document.styles
    styles["Normal"].font.name = "Calibri"
    styles["Normal"].font.size = Pt(10)
    styles["Normal"].paragraph_format.space_after = Pt(3)
    for name, size in (("Heading 1", 12), ("Heading 2", 10.5), ("Title", 18)):
        styles[name].font.size = Pt(size)
    styles["Heading 1"].paragraph_format.space_before = Pt(8)
    _properties(document, pack)
    _header_footer(section, pack)

    doc = Writer(document, pack)
    doc.front()
    doc.body()
    doc.appendix()
    document.save(str(path))


def _properties(document: Any, pack: Pack) -> None:
    properties = document.core_properties
    now = datetime.now().replace(microsecond=0)
    properties.title = clean(pack.heading())
    properties.subject = clean(f"{pack.label}: {pack.bank}")
    properties.author = clean(pack.board.lead or pack.authority)
    properties.last_modified_by = clean(pack.board.lead or pack.authority)
    properties.created = now
    properties.modified = now
    properties.revision = 1
    properties.category = clean(pack.board.marking)
    properties.keywords = clean(f"{pack.board.marking}; self-assessment; {pack.bank}")
    properties.comments = clean(pack.label)


def _field(paragraph: Any, code: str) -> None:
    """A Word field (PAGE, NUMPAGES) that Word and LibreOffice fill in on every page."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    run = paragraph.add_run()
    for kind, text in (("begin", None), (None, code), ("separate", None), (None, "1"),
                       ("end", None)):
        if kind is not None:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        elif text == code:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = f" {code} "
        else:
            element = OxmlElement("w:t")
            element.text = text
        run._r.append(element)


def _header_footer(section: Any, pack: Pack) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    header = section.header.paragraphs[0]
    header.text = ""
    marking = header.add_run(clean(pack.board.marking))
    marking.bold = True
    header.add_run("\t\t" + clean(pack.label))
    for run in header.runs:
        run.font.size = Pt(8)
    footer = section.footer.paragraphs[0]
    footer.text = ""
    footer.add_run(clean(pack.authority) + "\t" + clean(pack.board.marking) + "\tPage ")
    _field(footer, "PAGE")
    footer.add_run(" of ")
    _field(footer, "NUMPAGES")
    for run in footer.runs:
        run.font.size = Pt(8)
    footer.alignment = WD_ALIGN_PARAGRAPH.LEFT


class Writer:
    """Adds the paper's parts to a python-docx document."""

    def __init__(self, document: Any, pack: Pack) -> None:
        self.document = document
        self.pack = pack

    # --- small pieces ---------------------------------------------------------------

    def para(self, text: str = "", *, bold: bool = False, italic: bool = False,
             size: float | None = None, style: str | None = None) -> Any:
        from docx.shared import Pt

        paragraph = self.document.add_paragraph(style=style)
        if text:
            run = paragraph.add_run(clean(text))
            run.bold, run.italic = bold, italic
            if size:
                run.font.size = Pt(size)
        return paragraph

    def heading(self, text: str, level: int = 1, *, new_page: bool = False) -> None:
        paragraph = self.document.add_heading(clean(text), level=level)
        paragraph.paragraph_format.keep_with_next = True
        if new_page:
            paragraph.paragraph_format.page_break_before = True

    def grade(self, text: str, short: bool = False) -> str:
        mark = self.pack.symbols.get(text, "")
        return f"{mark} {self.pack.shorts.get(text, text) if short else text}".strip()

    def table(self, header: list[str], rows: list[list[str]], widths: list[float],
              size: float = 8.5) -> Any:
        """A grid table whose header row repeats on every page; a row of one cell is a
        group heading across the table. `widths` in cm (both the grid, which LibreOffice
        reads, and each cell, which Word reads)."""
        from docx.oxml import OxmlElement
        from docx.oxml.ns import qn
        from docx.shared import Cm, Pt

        table = self.document.add_table(rows=1, cols=len(header))
        table.style = "Table Grid"
        table.autofit = False
        head = table.rows[0]
        flag = OxmlElement("w:tblHeader")
        flag.set(qn("w:val"), "true")
        head._tr.get_or_add_trPr().append(flag)
        for cell, text in zip(head.cells, header, strict=True):
            run = cell.paragraphs[0].add_run(clean(text))
            run.bold = True
            run.font.size = Pt(size)
            _shade(cell, "F3F3F3")
        for row in rows:
            cells = table.add_row().cells
            cant_split = OxmlElement("w:cantSplit")
            cells[0]._tc.getparent().get_or_add_trPr().append(cant_split)
            if len(row) == 1:
                merged = cells[0].merge(cells[-1])
                run = merged.paragraphs[0].add_run(clean(row[0]))
                run.bold = True
                run.font.size = Pt(size + 0.5)
                continue
            for cell, text in zip(cells, row, strict=True):
                paragraph = cell.paragraphs[0]
                for n, part in enumerate(clean(text).split("\n")):
                    run = paragraph.add_run(("\n" if n else "") + part)
                    run.font.size = Pt(size)
                paragraph.paragraph_format.space_after = Pt(0)
        for column, width in zip(table.columns, widths, strict=True):
            column.width = Cm(width)
        for row in table.rows:
            for cell, width in zip(row.cells, widths, strict=False):
                cell.width = Cm(width)
        self.document.add_paragraph().paragraph_format.space_after = Pt(0)
        return table

    def grouped(self, lines: list[ItemLine],
                cells: Callable[[ItemLine], list[str]]) -> list[list[str]]:
        rows: list[list[str]] = []
        last = None
        for line in lines:
            if line.under != last:
                rows.append([line.under])
                last = line.under
            rows.append(cells(line))
        return rows

    # --- the parts --------------------------------------------------------------------

    def front(self) -> None:
        pack, board = self.pack, self.pack.board
        self.para(f"Report to {board.name or 'the board'}"
                  + (f" · {board.meeting}" if board.meeting else ""), size=11)
        self.document.add_heading(clean(pack.heading()), level=0)
        self.para(pack.against(), italic=True)
        label = self.table([f"{pack.label}."],
                           [["It says where the authority believes it stands and why; only "
                             "Ofsted makes judgements."]], [17.8], size=10.5)
        _shade(label.rows[0].cells[0], "FFFFFF")
        if pack.demo:
            self.para("DEMO: a fictional authority, for trying the app.", bold=True)
        facts = self.table(["Board", board.name or "Not given", "Meeting",
                            board.meeting or "Not given"],
                           [["Lead officer", board.lead or "Not given", "Protective marking",
                             board.marking], ["Version", board.version, "", ""]],
                           [3.0, 6.0, 3.2, 5.6], size=9)
        facts.rows[2].cells[1].merge(facts.rows[2].cells[3])
        self.heading("1. Purpose")
        self.para(pack.purpose)
        self.heading("2. Recommendations")
        self.para("The board is asked to:")
        for n, text in enumerate(pack.recommendations):
            self.para(f"({'abcdefgh'[n]}) {text}").paragraph_format.left_indent = \
                _cm(0.6)
        self.heading("3. The position in brief")
        self.para(pack.headline, bold=True)
        since = f"Since {pack.trend.label}" if pack.trend else ""
        rows = [[s.name, self.grade(s.grade) if s.likely != "not assessed" else s.grade,
                 s.range] + ([s.trend.moved if s.trend else ""] if since else [])
                + [f"{s.assessed} of {s.items}", f"{s.evidenced} of {s.assessed}"]
                for s in pack.all_sections]
        self.table(["Judgement", "Likely", "Could be"] + ([since] if since else [])
                   + ["Scored", "Strongly evidenced"], rows,
                   [3.7, 3.6, 3.8, 2.5, 1.8, 2.4] if since else [4.4, 4.0, 4.6, 2.2, 2.6])
        self.para(pack.grade_key, italic=True, size=8.5)

    def body(self) -> None:
        pack = self.pack
        self.heading("4. Where we stand, judgement by judgement", new_page=True)
        for s in pack.all_sections:
            paragraph = self.para()
            paragraph.add_run(clean(f"{s.name}: {s.stands}")).bold = True
            paragraph.add_run(clean((f", could be {s.range}" if s.low != s.high else "")
                                    + ". " + " ".join(s.reasons)))
        self.heading("5. How far this can be relied on")
        for text in [*pack.confidence, pack.range_note]:
            self.para(text)
        paragraph = self.para()
        paragraph.add_run("Moderation. ").bold = True
        paragraph.add_run(clean(" ".join([pack.moderation_words,
                                          *pack.moderation_by_judgement])))
        if pack.audits:
            paragraph = self.para()
            paragraph.add_run("Case audits. ").bold = True
            paragraph.add_run(clean(pack.audits))
        if pack.trend:
            self.heading(f"6. What moved since {pack.trend.label} ({pack.trend.taken})")
            self.table(["Judgement", "Then", "Now", "Moved", "Items that moved it"],
                       [[s.name, self.grade(s.trend.before, short=True),
                         self.grade(s.trend.now, short=True),
                         s.trend.moved, "; ".join(s.trend.items) or "none"]
                        for s in pack.all_sections if s.trend], [3.6, 1.4, 1.4, 2.2, 9.2])
            self.para(pack.moves_key)
        else:
            self.heading("6. What moved since the last board")
            self.para("No snapshot has been taken yet, so there is nothing to compare with.")
        self.heading("7. Strengths")
        grouped = f"; grouped by {pack.grouped_by}" if pack.grouped_by else ""
        self.para(f"At {pack.benchmark} or better and strongly evidenced, with the "
                  f"authority's own evidence{grouped}.")
        if pack.strengths:
            self.table(["Strength", "Our evidence"],
                       self.grouped(pack.key_strengths, lambda i: [i.named, i.rationale]),
                       [7.3, 10.5])
        if pack.other_strengths:
            self.para(f"Also at {pack.benchmark} or better and strongly evidenced: "
                      + "; ".join(i.short for i in pack.other_strengths) + ".")
        self.heading("8. Priorities")
        self.para(f"Serious failures first, then items below {pack.benchmark}, each with the "
                  f"authority's reasoning and the actions that answer it{grouped}.")
        if pack.priorities:
            self.table(["Priority", "Grade", "Our reasoning", "Action"],
                       self.grouped(pack.priorities, lambda i: [
                           i.named, self.grade(i.grade, short=True), i.rationale,
                           "\n".join(i.actions) or "NO ACTION YET"]),
                       [5.4, 1.3, 7.3, 3.8])
        self.heading("9. Action plan")
        self.para(f"{pack.rag_key} Overdue actions first.", italic=True, size=8.5)
        if pack.actions:
            self.table(["RAG", "Action", "For", "Owner", "Due", "Status"],
                       [[a.rag_words, f"{a.id} {a.text}", a.item_short, a.owner, a.due,
                         a.status] for a in pack.actions], [2.8, 5.6, 3.2, 2.6, 1.9, 1.7])
        else:
            self.para("No actions recorded yet.")

    def appendix(self) -> None:
        pack = self.pack
        self.heading("Appendix A: every item", new_page=True)
        self.para("Each item under the judgement it is listed with first: the grade that "
                  "counts, how strong the evidence is and the documents cited, the "
                  "authority's reasoning and its actions.")
        header = ["Item", "Grade", "Evidence", "Our reasoning", "Actions"] + (
            ["Case IDs"] if pack.include_cases else [])
        widths = [4.8, 2.6, 2.6, 6.4, 1.4] if not pack.include_cases else \
            [4.2, 2.3, 2.3, 5.2, 1.4, 2.4]
        for s in pack.all_sections:
            lines = [r for r in pack.responses if r.judgement_ids[:1] == [s.id]]
            if not lines:
                continue
            self.heading(s.name, level=2)
            self.table(header, [[f"{r.short}\n{r.item}", self.grade(r.grade),
                                 "\n".join(x for x in (r.evidence_strength, r.evidence) if x),
                                 r.note, ", ".join(r.action_ids)]
                                + ([r.cases] if pack.include_cases else []) for r in lines],
                       widths)
        self.heading("Appendix B: evidence gaps")
        self.para(f"{len(pack.unevidenced)} items that apply have no evidence attached"
                  + (": " + "; ".join(i.short for i in pack.unevidenced) + "."
                     if pack.unevidenced else "."))
        if pack.weak:
            self.para(f"Graded {pack.benchmark} or better but not yet strongly evidenced: "
                      + "; ".join(i.short for i in pack.weak) + ".")
        if pack.missing_documents:
            self.heading("Documents the framework asks for, not yet in the register", 2)
            self.table(["Code", "Document"], [list(d) for d in pack.missing_documents],
                       [2.0, 15.8])
        self.heading("Appendix C: how this is worked out")
        self.range_grid()
        for line in pack.method:
            self.para(line, style="List Bullet")

    def range_grid(self) -> None:
        """Each judgement's range on the scale as shaded cells, ◆ on the likely grade."""
        pack = self.pack
        scale = list(reversed(pack.scale))
        worst = len(pack.scale) - 1
        rows = []
        for s in pack.all_sections:
            likely, low, high = s.positions
            cells = []
            for column in range(len(scale)):
                position = worst - column
                inside = low is not None and high is not None and high <= position <= low
                cells.append(("◆" if position == likely else "■") if inside else "")
            rows.append([s.name, *cells])
        width = 12.8 / len(scale)
        table = self.table(["Judgement", *scale], rows, [5.0] + [width] * len(scale))
        for row, s in zip(table.rows[1:], pack.all_sections, strict=True):
            likely = s.positions[0]
            tone = pack.scale_tones[likely] if likely is not None else "none"
            for cell in row.cells[1:]:
                if cell.text:
                    _shade(cell, TONE_FILLS.get(tone, "E6E6E6"))
        self.para("◆ the likely grade; shaded: the range the judgement could fall in.",
                  italic=True, size=8.5)


def _cm(value: float) -> Any:
    from docx.shared import Cm

    return Cm(value)


def _shade(cell: Any, colour: str) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), colour)
    cell._tc.get_or_add_tcPr().append(shading)
