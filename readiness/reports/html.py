"""The board paper as one self-contained HTML file: styles and SVG charts inline, no network.

Prints on A4 as a paper a board can table: a front sheet, a body of a few pages, the
item tables as an appendix; the protective marking, the self-assessment label and page
numbers on every page (CSS page margin boxes), table headers repeated on each page, long
words and links wrapped inside their column. Reads on a phone too. Every piece of text
from the assessment is escaped.
"""

from __future__ import annotations

from collections.abc import Callable

from readiness.reports.pack import ItemLine, Pack, ResponseLine, Section
from readiness.reports.safety import clean
from readiness.reports.safety import html_text as h
from readiness.reports.svg import coverage_chart, range_chart

STYLE = """
:root { --ink: #1b1b1b; --muted: #555; --line: #c8c8c8; --band: #f3f3f3;
        --good: #00703c; --ri: #8a5300; --bad: #b10e1e; --best: #1d4f91; }
* { box-sizing: border-box; }
body { font: 16px/1.45 Carlito, Calibri, -apple-system, "Segoe UI", Arial, sans-serif;
       color: var(--ink); margin: 0; background: #fff; }
main { max-width: 60rem; margin: 0 auto; padding: 1rem; }
p, li, td, th, dd { overflow-wrap: anywhere; }
h1 { font-size: 1.6rem; margin: 0.3rem 0; line-height: 1.2; }
h2 { font-size: 1.15rem; margin: 1.1rem 0 0.35rem; border-bottom: 2px solid var(--ink);
     break-after: avoid; }
h3 { font-size: 1rem; margin: 0.8rem 0 0.25rem; break-after: avoid; }
.meta, .note { color: var(--muted); font-size: 0.9rem; }
.running { display: flex; justify-content: space-between; font-size: 0.85rem;
           color: var(--muted); border-bottom: 1px solid var(--line); padding-bottom: 0.2rem; }
.marking { font-weight: bold; letter-spacing: 0.05em; }
.kicker { font-size: 1rem; margin: 0.8rem 0 0; color: var(--muted); }
.label { border: 3px solid var(--ink); padding: 0.35rem 0.7rem; font-weight: bold;
         font-size: 1.05rem; margin: 0.5rem 0; }
.demo { background: #fff3cd; border: 2px solid #8a5300; padding: 0.3rem 0.8rem;
        font-weight: bold; }
dl.facts { display: grid; grid-template-columns: 9rem 1fr 9rem 1fr; margin: 0.5rem 0;
           border-top: 1px solid var(--line); font-size: 0.92em; }
dl.facts dd:last-of-type { grid-column: span 3; }
dl.facts dt, dl.facts dd { margin: 0; padding: 0.15rem 0.3rem;
                           border-bottom: 1px solid var(--line); }
dl.facts dt { font-weight: bold; background: var(--band); }
.headline { font-weight: 600; border-left: 6px solid var(--ink); background: var(--band);
            padding: 0.45rem 0.8rem; margin: 0.5rem 0; }
.scroll { overflow-x: auto; }
table { border-collapse: collapse; width: 100%; margin: 0.3rem 0 0.8rem; font-size: 0.9rem;
        table-layout: fixed; }
th, td { border: 1px solid var(--line); padding: 0.12rem 0.35rem; text-align: left;
         vertical-align: top; }
th { background: var(--band); }
tr.group th { background: #fff; border-left: 0; border-right: 0; padding-top: 0.35rem; }
thead { display: table-header-group; }
tr { break-inside: avoid; }
.grade { font-weight: bold; }
.g-best { color: var(--best); } .g-benchmark { color: var(--good); }
.g-below { color: var(--ri); } .g-worst { color: var(--bad); }
.g-none, .g-excluded { color: var(--muted); font-weight: normal; }
.rag { font-weight: bold; }
td .note { font-size: 0.9em; }
.rag-red { color: var(--bad); } .rag-amber { color: var(--ri); }
.rag-green { color: var(--good); } .rag-complete, .rag-dropped { color: var(--muted); }
.up { color: var(--good); } .down { color: var(--bad); }
.none-yet { color: var(--bad); font-weight: bold; }
figure { margin: 0.5rem 0; break-inside: avoid; }
figure svg { max-width: 100%; height: auto; }
figcaption { font-size: 0.85rem; color: var(--muted); }
ol, ul { padding-left: 1.4rem; margin: 0.3rem 0; }
.position p { margin: 0.3rem 0; }
.part { break-before: page; }
@media print {
  body { font-size: 10pt; line-height: 1.35; }
  main { max-width: none; padding: 0; }
  .scroll { overflow: visible; }
  .running { display: none; }
  table { font-size: 8.5pt; }
  h1 { font-size: 18pt; }
  h2 { font-size: 12pt; margin: 0.6rem 0 0.25rem; }
  p { margin: 0.3rem 0; }
  figure svg { max-height: 62mm; }
}
@media (max-width: 40rem) { body { font-size: 15px; } h1 { font-size: 1.35rem; }
                            table { table-layout: auto; } }
"""


def css_string(text: str) -> str:
    """Text as a CSS string: every character outside letters, digits and spaces as a hex
    escape, so nothing typed can end the string or the style sheet."""
    return '"' + "".join(c if (c.isalnum() and c.isascii()) or c == " "
                         else f"\\{ord(c):06x} " for c in clean(text)) + '"'


def page_style(pack: Pack) -> str:
    """The running head and foot of every printed page (Chromium, Edge, Chrome: CSS margin
    boxes): marking, the self-assessment label, the authority, page N of M."""
    marking = css_string(pack.board.marking)
    return f"""
@page {{ size: A4; margin: 15mm 13mm 14mm 13mm;
  @top-left {{ content: {marking}; font: bold 8pt Arial, sans-serif; }}
  @top-right {{ content: {css_string(pack.label)}; font: 8pt Arial, sans-serif; }}
  @bottom-left {{ content: {css_string(pack.authority)}; font: 8pt Arial, sans-serif;
                  color: #555; }}
  @bottom-center {{ content: {marking}; font: bold 8pt Arial, sans-serif; }}
  @bottom-right {{ content: "Page " counter(page) " of " counter(pages);
                   font: 8pt Arial, sans-serif; }}
}}
"""


def grade(text: str, pack: Pack) -> str:
    """A grade with its mark, coloured by its position on the scale (never by its words)."""
    css = "g-" + pack.tones.get(text, "none")
    return f'<span class="grade {h(css)}">{h(pack.symbols.get(text, ""))} {h(text)}</span>'


def short_grade(text: str, pack: Pack) -> str:
    """A grade's mark and short form ("! RI") for narrow columns, its words in a tooltip."""
    css = "g-" + pack.tones.get(text, "none")
    return f'<span class="grade {h(css)}" title="{h(text)}">{h(pack.symbols.get(text, ""))} ' \
           f"{h(pack.shorts.get(text, text))}</span>"


def table(header: list[str], rows: list[list[str]], widths: list[int] | None = None) -> str:
    """`rows` hold HTML already escaped by the caller (so grades can carry their badge);
    `widths` in per cent keep long text inside its column. A row of one cell is a group
    heading across the table."""
    cols = "".join(f'<col style="width:{w}%">' for w in widths) if widths else ""
    head = "".join(f"<th scope=\"col\">{h(c)}</th>" for c in header)
    body = "".join(
        f'<tr class="group"><th colspan="{len(header)}" scope="rowgroup">{row[0]}</th></tr>'
        if len(row) == 1 else
        "<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in rows)
    return f'<div class="scroll"><table><colgroup>{cols}</colgroup><thead><tr>{head}</tr>' \
           f"</thead><tbody>{body}</tbody></table></div>"


def figure(svg: str, caption: str) -> str:
    return f"<figure>{svg}<figcaption>{h(caption)}</figcaption></figure>"


def moved(direction: str, words: str) -> str:
    css = {"up": "up", "new": "up", "down": "down", "dropped": "down"}.get(direction, "")
    return f'<span class="{css}">{h(words)}</span>'


def _front(pack: Pack) -> list[str]:
    board = pack.board
    to = board.name or "the board"
    out = [f'<section class="front" id="front"><p class="kicker">Report to {h(to)}'
           + (f" · {h(board.meeting)}" if board.meeting else "") + "</p>",
           f"<h1>{h(pack.heading())}</h1>",
           f'<p class="meta">{h(pack.against())}</p>',
           f'<p class="label" id="label">{h(pack.label)}. It says where the authority '
           "believes it stands and why; only Ofsted makes judgements.</p>"]
    if pack.demo:
        out.append('<p class="demo">DEMO: a fictional authority, for trying the app.</p>')
    facts = [("Board", board.name or "Not given"), ("Meeting", board.meeting or "Not given"),
             ("Lead officer", board.lead or "Not given"), ("Protective marking", board.marking),
             ("Version", board.version)]
    out.append('<dl class="facts">' + "".join(f"<dt>{h(k)}</dt><dd>{h(v)}</dd>"
                                              for k, v in facts) + "</dl>")
    out.append(f'<h2>1. Purpose</h2><p id="purpose">{h(pack.purpose)}</p>')
    out.append('<h2>2. Recommendations</h2><p>The board is asked to:</p>'
               '<ol type="a" id="recommendations">'
               + "".join(f"<li>{h(r)}</li>" for r in pack.recommendations) + "</ol>")
    out.append('<h2>3. The position in brief</h2>'
               f'<p class="headline" id="headline">{h(pack.headline)}</p>')
    since = f"Since {pack.trend.label}" if pack.trend else ""
    header = ["Judgement", "Likely", "Could be"] + ([since] if since else []) + \
        ["Scored", "Strongly evidenced"]
    widths = [24, 22, 22] + ([14] if since else []) + [9, 9]
    rows = []
    for s in pack.all_sections:
        row = [h(s.name), grade(s.grade, pack) if s.likely != "not assessed" else h(s.grade),
               h(s.range)]
        if since:
            row.append(moved(s.trend.direction, s.trend.moved) if s.trend else "")
        rows.append([*row, h(f"{s.assessed} of {s.items}"),
                     h(f"{s.evidenced} of {s.assessed}")])
    out.append(table(header, rows, widths))
    out.append(f'<p class="note">{h(pack.grade_key)}</p></section>')
    return out


def grouped(lines: list[ItemLine], cells: Callable[[ItemLine], list[str]]) -> list[list[str]]:
    """Rows under a heading row for each judgement."""
    rows: list[list[str]] = []
    last = None
    for line in lines:
        if line.under != last:
            rows.append([h(line.under)])
            last = line.under
        rows.append(cells(line))
    return rows


def _grouped(pack: Pack) -> str:
    return f"; grouped by {h(pack.grouped_by)}" if pack.grouped_by else ""


def _actions_cell(line: ItemLine) -> str:
    if not line.actions:
        return '<span class="none-yet">No action yet</span>'
    return "<br>".join(h(a) for a in line.actions)


def _body(pack: Pack) -> list[str]:
    out = ['<section class="part" id="position"><h2>4. Where we stand, judgement by '
           'judgement</h2><div class="position">']
    for s in pack.all_sections:
        out.append(f"<p><strong>{h(s.name)}: {h(s.stands)}</strong>"
                   + (f", could be {h(s.range)}" if s.low != s.high else "") + ". "
                   + h(" ".join(s.reasons)) + "</p>")
    out.append("</div></section>")
    out.append('<section id="confidence"><h2>5. How far this can be relied on</h2>'
               + "".join(f"<p>{h(c)}</p>" for c in pack.confidence)
               + f"<p>{h(pack.range_note)}</p>"
               + f'<p id="moderation"><strong>Moderation.</strong> '
               f"{h(pack.moderation_words)} "
               + h(" ".join(pack.moderation_by_judgement)) + "</p>"
               + (f'<p id="audits"><strong>Case audits.</strong> {h(pack.audits)}</p>'
                  if pack.audits else "") + "</section>")
    if pack.trend:
        trend = pack.trend
        rows = [[h(s.name), short_grade(s.trend.before, pack), short_grade(s.trend.now, pack),
                 moved(s.trend.direction, s.trend.moved),
                 h("; ".join(s.trend.items)) or '<span class="note">none</span>']
                for s in pack.all_sections if s.trend]
        out.append(f'<section id="trend"><h2>6. What moved since {h(trend.label)} '
                   f"({h(trend.taken)})</h2>"
                   + table(["Judgement", "Then", "Now", "Moved", "Items that moved it"],
                           rows, [20, 8, 8, 12, 52])
                   + f'<p class="note">{h(pack.moves_key)}</p></section>')
    else:
        out.append('<section id="trend"><h2>6. What moved since the last board</h2><p>No '
                   "snapshot has been taken yet, so there is nothing to compare with. Take one "
                   "when the board has seen this paper (readiness snapshot).</p></section>")
    others = (f"<p>Also at {h(pack.benchmark)} or better and strongly evidenced: "
              + h("; ".join(i.short for i in pack.other_strengths)) + ".</p>"
              if pack.other_strengths else "")
    out.append('<section id="strengths"><h2>7. Strengths</h2>'
               f"<p>At {h(pack.benchmark)} or better and strongly evidenced, with the "
               f"authority's own evidence{_grouped(pack)}.</p>"
               + (table(["Strength", "Our evidence"],
                        grouped(pack.key_strengths,
                                lambda i: [f"<strong>{h(i.named)}</strong>", h(i.rationale)]),
                        [42, 58]) + others
                  if pack.strengths else "<p>None yet.</p>") + "</section>")
    out.append('<section id="priorities"><h2>8. Priorities</h2>'
               f"<p>Serious failures first, then items below {h(pack.benchmark)}, each with "
               f"the authority's reasoning and the actions that answer it{_grouped(pack)}.</p>"
               + (table(["Priority", "Grade", "Our reasoning", "Action"],
                        grouped(pack.priorities,
                                lambda i: [f"<strong>{h(i.named)}</strong>",
                                           short_grade(i.grade, pack), h(i.rationale),
                                           _actions_cell(i)]),
                        [31, 7, 42, 20])
                  if pack.priorities else "<p>None.</p>") + "</section>")
    rows = [[f'<span class="rag rag-{h(a.rag)}">{h(a.rag_words)}</span>',
             f"<strong>{h(a.id)}</strong> {h(a.text)}", h(a.item_short), h(a.owner),
             h(a.due), h(a.status)] for a in pack.actions]
    out.append('<section id="actions"><h2>9. Action plan</h2>'
               f'<p class="note">{h(pack.rag_key)} Overdue actions first.</p>'
               + (table(["RAG", "Action", "For", "Owner", "Due", "Status"], rows,
                        [15, 33, 18, 14, 10, 10])
                  if rows else "<p>No actions recorded yet.</p>") + "</section>")
    return out


def _response_row(r: ResponseLine, pack: Pack) -> list[str]:
    evidence = h(r.evidence_strength or "") + (f"<br>{h(r.evidence)}" if r.evidence else "")
    row = [f"<strong>{h(r.short)}</strong><br><span class=\"note\">{h(r.item)}</span>",
           grade(r.grade, pack), evidence, h(r.note), h(", ".join(r.action_ids))]
    return [*row, h(r.cases)] if pack.include_cases else row


def _appendix(pack: Pack) -> list[str]:
    out = ['<section class="part" id="appendix"><h2>Appendix A: every item</h2>'
           "<p>Each item under the judgement it is listed with first; the grade that counts, "
           "how strong the evidence is and the documents cited, the authority's reasoning "
           "and its actions.</p>"]
    header = ["Item", "Grade", "Evidence", "Our reasoning", "Actions"] + (
        ["Case IDs"] if pack.include_cases else [])
    widths = [27, 14, 14, 35, 10] if not pack.include_cases else [24, 13, 13, 30, 8, 12]
    for s in pack.all_sections:
        lines = [r for r in pack.responses if r.judgement_ids[:1] == [s.id]]
        if lines:
            out.append(f"<h3>{h(s.name)}</h3>"
                       + table(header, [_response_row(r, pack) for r in lines], widths))
    out.append("</section>")
    out.append('<section id="gaps"><h2>Appendix B: evidence gaps</h2>'
               f"<p>{len(pack.unevidenced)} items that apply have no evidence attached."
               + (" " + h("; ".join(i.short for i in pack.unevidenced)) + "."
                  if pack.unevidenced else "") + "</p>")
    if pack.weak:
        out.append(f"<p>Graded {h(pack.benchmark)} or better but not yet strongly evidenced: "
                   + h("; ".join(i.short for i in pack.weak)) + ".</p>")
    if pack.missing_documents:
        out.append("<h3>Documents the framework asks for, not yet in the register</h3>"
                   + table(["Code", "Document"],
                           [[h(c), h(t)] for c, t in pack.missing_documents], [12, 88]))
    out.append("</section>")
    out.append('<section id="method"><h2>Appendix C: how this is worked out</h2>'
               + figure(range_chart(pack), "The diamond is the likely grade; the bar spans what "
                        "each judgement could be (low to high).")
               + figure(coverage_chart(pack), "How many items are scored, and how many of "
                        "them are backed by strong evidence.")
               + "<ul>" + "".join(f"<li>{h(m)}</li>" for m in pack.method) + "</ul></section>")
    return out


def render(pack: Pack) -> str:
    parts = [f"<!doctype html><html lang=\"en-GB\"><head><meta charset=\"utf-8\">"
             f"<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
             f"<title>{h(pack.heading())}</title><style>{STYLE}{page_style(pack)}</style>"
             f"</head><body><main>",
             f'<div class="running"><span class="marking">{h(pack.board.marking)}</span>'
             f"<span>{h(pack.label)}</span></div>"]
    parts += _front(pack)
    parts += _body(pack)
    parts += _appendix(pack)
    parts.append(f"<footer class=\"note\"><p>{h(pack.label)}. Made with readiness on "
                 f"{h(pack.made)} from {h(pack.title)}.</p></footer></main></body></html>")
    return "\n".join(parts)


__all__ = ["Section", "render"]
