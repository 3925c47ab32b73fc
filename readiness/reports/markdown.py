"""The board pack as Markdown, for email and wikis."""

from __future__ import annotations

from collections.abc import Sequence

from readiness.reports.pack import ItemLine, Pack
from readiness.reports.safety import markdown_cell as cell


def _table(header: list[str], rows: Sequence[Sequence[object]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(cell(v) for v in row) + " |" for row in rows]
    return [*lines, ""]


def _items(lines: list[ItemLine], with_why: bool) -> list[list[str]]:
    return [[i.id, i.short, i.grade] + ([i.why] if with_why else []) for i in lines]


def render(pack: Pack) -> str:
    out = [f"# {cell(pack.authority)}: readiness summary", ""]
    if pack.demo:
        out += ["**DEMO: a fictional authority.**", ""]
    out += [f"{cell(pack.bank)}, {pack.made}. *A self-assessment, not an Ofsted judgement.*", "",
            f"**{cell(pack.headline)}**", "", "## Judgements", ""]
    rows = [[s.name, pack.likely_text(s), s.range,
             f"{s.assessed}/{s.items}", f"{s.evidenced}/{s.assessed}"]
            for s in pack.all_sections]
    out += _table(["Judgement", "Likely", "Range", "Scored", "Strongly evidenced"], rows)
    if pack.trend:
        out += [f"## Since {cell(pack.trend.label)} ({pack.trend.taken})", ""]
        out += _table(["Judgement", "Then", "Now", "Moved"],
                      [[m.name, m.before.replace("_", " "), m.now.replace("_", " "),
                        m.direction] for m in pack.trend.judgements])
        if pack.trend.items:
            out += _table(["Item", "Then", "Now", "Moved"],
                          [[f"{m.id} {m.name}", m.before.replace("_", " "),
                            m.now.replace("_", " "), m.direction] for m in pack.trend.items])
    for section in pack.all_sections:
        out += [f"## {cell(section.name)}: {section.stands}", ""]
        if section.low != section.high:
            out += [f"Could be {section.range}.", ""]
        out += [f"- {cell(r)}" for r in section.reasons] + [""]
        if section.strengths:
            out += ["**Strengths** (good or better, strongly evidenced)", ""]
            out += _table(["Item", "Characteristic", "Grade"], _items(section.strengths, False))
        if section.priorities:
            out += ["**Priorities**", ""]
            out += _table(["Item", "Characteristic", "Grade", "Why"],
                          _items(section.priorities, True))
    out += ["## Evidence gaps", "", f"{len(pack.unevidenced)} items have no evidence attached.",
            ""]
    if pack.unevidenced:
        out += _table(["Item", "Characteristic", "Grade", "Judgement"],
                      _items(pack.unevidenced, True))
    if pack.missing_documents:
        out += ["Documents the framework asks for that are not yet in the register:", ""]
        out += _table(["Code", "Document"], [list(d) for d in pack.missing_documents])
    out += ["## Action plan", ""]
    if pack.actions:
        out += _table(["Action", "Item", "What", "Owner", "Due", "Status"],
                      [[a.id, a.item, a.text, a.owner, a.due,
                        a.status + (" (OVERDUE)" if a.overdue else "")] for a in pack.actions])
    else:
        out += ["No actions recorded yet.", ""]
    out += ["## How this is worked out", ""] + [f"- {m}" for m in pack.method] + [""]
    return "\n".join(out)
