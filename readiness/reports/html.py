"""The board pack as one self-contained HTML file: styles and SVG charts inline, no network.

Prints on A4 with page breaks between the parts, and reads on a phone (tables scroll
sideways inside their own box). Every piece of text from the assessment is escaped.
"""

from __future__ import annotations

from readiness.reports.charts import Chart
from readiness.reports.pack import ItemLine, Pack, Section
from readiness.reports.safety import html_text as h

STYLE = """
:root { --ink: #1b1b1b; --muted: #555; --line: #c8c8c8; --band: #f3f3f3;
        --good: #00703c; --ri: #8a5300; --bad: #b10e1e; --best: #1d4f91; }
* { box-sizing: border-box; }
body { font: 16px/1.5 -apple-system, "Segoe UI", Arial, sans-serif; color: var(--ink);
       margin: 0; background: #fff; }
main { max-width: 60rem; margin: 0 auto; padding: 1rem; }
h1 { font-size: 1.6rem; margin: 0.2rem 0; }
h2 { font-size: 1.25rem; margin: 1.6rem 0 0.4rem; border-bottom: 2px solid var(--ink);
     break-after: avoid; }
h3 { font-size: 1.05rem; margin: 1rem 0 0.3rem; break-after: avoid; }
.meta, .note { color: var(--muted); font-size: 0.9rem; }
.demo { background: #fff3cd; border: 2px solid #8a5300; padding: 0.4rem 0.8rem;
        font-weight: bold; }
.headline { font-size: 1.2rem; font-weight: 600; border-left: 6px solid var(--ink);
            background: var(--band); padding: 0.6rem 0.9rem; margin: 1rem 0; }
.scroll { overflow-x: auto; }
table { border-collapse: collapse; width: 100%; margin: 0.4rem 0 1rem; font-size: 0.92rem; }
th, td { border: 1px solid var(--line); padding: 0.3rem 0.5rem; text-align: left;
         vertical-align: top; }
th { background: var(--band); }
tr { break-inside: avoid; }
.grade { font-weight: bold; white-space: nowrap; }
.g-best { color: var(--best); } .g-benchmark { color: var(--good); }
.g-below { color: var(--ri); } .g-worst { color: var(--bad); }
.g-none, .g-excluded { color: var(--muted); font-weight: normal; }
.overdue { color: var(--bad); font-weight: bold; }
figure { margin: 1rem 0; break-inside: avoid; }
figure svg { max-width: 100%; height: auto; }
figcaption { font-size: 0.85rem; color: var(--muted); }
ul { padding-left: 1.2rem; }
.part { break-before: page; }
@page { size: A4; margin: 16mm 14mm; }
@media print { body { font-size: 11pt; } main { max-width: none; padding: 0; }
               .scroll { overflow: visible; } a { color: inherit; } }
@media (max-width: 40rem) { body { font-size: 15px; } h1 { font-size: 1.35rem; } }
"""

CAPTIONS = {
    "Likely grades and ranges": "The diamond is the likely grade; the bar spans what each "
                                "judgement could be (low to high).",
    "Coverage": "How many items are scored, and how many of them are backed by strong "
                "evidence.",
}

def grade(text: str, pack: Pack) -> str:
    """A grade with its mark, coloured by its position on the scale (never by its words)."""
    css = "g-" + pack.tones.get(text, "none")
    return f'<span class="grade {h(css)}">{h(pack.symbols.get(text, ""))} {h(text)}</span>'


def table(header: list[str], rows: list[list[str]]) -> str:
    """`rows` hold HTML already escaped by the caller (so grades can carry their badge)."""
    head = "".join(f"<th scope=\"col\">{h(c)}</th>" for c in header)
    body = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in rows)
    return f'<div class="scroll"><table><thead><tr>{head}</tr></thead>' \
           f"<tbody>{body}</tbody></table></div>"


def items(lines: list[ItemLine], why: bool, pack: Pack) -> str:
    header = ["Item", "Characteristic", "Grade"] + (["Why"] if why else [])
    rows = [[h(i.id), f"<strong>{h(i.short)}</strong><br><span class=\"note\">"
             f"{h(i.summary)}</span>", grade(i.grade, pack)] + ([h(i.why)] if why else [])
            for i in lines]
    return table(header, rows)


def figure(chart: Chart) -> str:
    svg = chart.svg.replace("<svg ", f'<svg role="img" aria-label="{h(chart.alt)}" ', 1)
    return f"<figure>{svg}<figcaption>{h(CAPTIONS.get(chart.title, chart.title))}" \
           "</figcaption></figure>"


def span(section: Section, pack: Pack) -> str:
    likely = grade(section.likely, pack) if section.likely != "not assessed" else \
        h(section.stands)
    if section.low == section.high:
        return likely
    return f"{likely} <span class=\"note\">(could be {h(section.low)} to " \
           f"{h(section.high)})</span>"


def render(pack: Pack, charts: list[Chart]) -> str:
    def badge(text: str) -> str:
        return grade(text, pack)

    parts = [f"<!doctype html><html lang=\"en-GB\"><head><meta charset=\"utf-8\">"
             f"<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
             f"<title>{h(pack.authority)}: readiness summary</title><style>{STYLE}</style>"
             f"</head><body><main>"]
    parts.append(f"<header><h1>{h(pack.authority)}: readiness summary</h1>"
                 f"<p class=\"meta\">{h(pack.bank)} · {h(pack.made)} · a self-assessment, "
                 f"not an Ofsted judgement · {h(pack.coverage)}</p>")
    if pack.demo:
        parts.append('<p class="demo">DEMO: a fictional authority, for trying the app.</p>')
    parts.append(f"<p class=\"headline\" id=\"headline\">{h(pack.headline)}</p></header>")

    summary_rows = [[h(s.name), badge(s.likely) if s.likely != "not assessed" else h(s.stands),
                     h(s.range),
                     h(f"{s.assessed} of {s.items}"), h(f"{s.evidenced} of {s.assessed}")]
                    for s in pack.all_sections]
    parts.append("<section id=\"summary\"><h2>Where we likely stand</h2>"
                 + table(["Judgement", "Likely", "Could be", "Scored", "Strongly evidenced"],
                         summary_rows)
                 + "".join(figure(c) for c in charts) + "</section>")

    if pack.trend:
        trend = pack.trend
        rows = [[h(m.name), badge(m.before.replace("_", " ")), badge(m.now.replace("_", " ")),
                 h(m.direction)] for m in trend.judgements]
        moved = [[h(f"{m.id} {m.name}"), badge(m.before.replace("_", " ")),
                  badge(m.now.replace("_", " ")), h(m.direction)] for m in trend.items]
        parts.append(f"<section id=\"trend\"><h2>What moved since {h(trend.label)} "
                     f"({h(trend.taken)})</h2>"
                     + table(["Judgement", "Then", "Now", "Moved"], rows)
                     + (f"<h3>Items that moved ({len(moved)})</h3>"
                        + table(["Item", "Then", "Now", "Moved"], moved) if moved else
                        "<p>No item changed grade.</p>") + "</section>")

    for number, section in enumerate(pack.all_sections):
        css = " part" if number == 0 else ""
        parts.append(f"<section class=\"judgement{css}\" id=\"j-{h(section.id)}\">"
                     f"<h2>{h(section.name)}: {span(section, pack)}</h2>"
                     f"<p class=\"note\">{h(section.title)}</p><ul>"
                     + "".join(f"<li>{h(r)}</li>" for r in section.reasons) + "</ul>")
        if section.strengths:
            parts.append("<h3>Strengths (good or better, strongly evidenced)</h3>"
                         + items(section.strengths, False, pack))
        if section.priorities:
            parts.append("<h3>Priorities</h3>" + items(section.priorities, True, pack))
        parts.append("</section>")

    parts.append("<section id=\"gaps\" class=\"part\"><h2>Evidence gaps</h2>"
                 f"<p>{len(pack.unevidenced)} items have no evidence attached.</p>"
                 + (items(pack.unevidenced, True, pack) if pack.unevidenced else ""))
    if pack.missing_documents:
        parts.append("<h3>Documents the framework asks for, not yet in the register</h3>"
                     + table(["Code", "Document"],
                             [[h(c), h(t)] for c, t in pack.missing_documents]))
    parts.append("</section>")

    action_rows = [[h(a.id), h(a.item), h(a.text), h(a.owner), h(a.due),
                    (f"<span class=\"overdue\">Overdue · {h(a.status)}</span>" if a.overdue
                     else h(a.status))] for a in pack.actions]
    parts.append("<section id=\"actions\" class=\"part\"><h2>Action plan</h2>"
                 + (table(["Action", "Item", "What", "Owner", "Due", "Status"], action_rows)
                    if action_rows else "<p>No actions recorded yet.</p>") + "</section>")
    parts.append("<section id=\"method\"><h2>How this is worked out</h2><ul>"
                 + "".join(f"<li>{h(m)}</li>" for m in pack.method) + "</ul></section>")
    parts.append(f"<footer class=\"note\"><p>Made with readiness on {h(pack.made)} from "
                 f"{h(pack.title)}.</p></footer></main></body></html>")
    return "\n".join(parts)
