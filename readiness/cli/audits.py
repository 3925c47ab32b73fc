"""`readiness audit …`: cases audited against items, the grade of practice found.

Audits are evidence people read (the item screen, the register, the board pack); they
never change the engine's grades. Case references are IDs, never names.
"""


from pathlib import Path
from typing import Annotated

import typer

from readiness.cli.assessments import ByOption, FileArg, ItemArg, open_edit, save, who
from readiness.cli.common import echo, echo_json, read_assessment, table, terminal_width
from readiness.cli.errors import ReadinessGroup

app = typer.Typer(help="Case audits: a case audited against an item, the grade of practice "
                  "found. They never change the engine's grades.",
                  no_args_is_help=True, cls=ReadinessGroup)

CaseArg = Annotated[str, typer.Argument(
    metavar="CASE", help="The case ID from your case system (no spaces). Never a name.")]


@app.command("add")
def add(
    ctx: typer.Context,
    file: FileArg,
    case: CaseArg,
    item: ItemArg,
    grade: Annotated[str, typer.Argument(
        metavar="GRADE", help="The grade of practice found, on the bank's scale (the slug, "
        "the label, the letters or 1 = best).")],
    note: Annotated[str, typer.Option("--note", "-n", help="What the audit found.",
                                      show_default=False)] = "",
    by: ByOption = None,
    date: Annotated[str | None, typer.Option(
        "--date", "-d", help="The day of the audit, YYYY-MM-DD or DD/MM/YYYY (default "
        "today).", show_default=False)] = None,
) -> None:
    """Record a case audited against an item.

    Example: readiness audit add ours.toml LL-448201 ESN08 good --note "Seen alone; plan
    SMART" --date 2026-11-03
    """
    from readiness import views

    editable = open_edit(ctx, file)
    audit = editable.add_audit(case, item, grade, by=who(by), note=note, when=date)
    saved = save(editable, file)
    tally = views.audit_tally(editable.bank, editable.data.live_audits(audit.item))
    echo(f"Audit {audit.id}: {audit.case} on {audit.item}, "
         f"{views.label(editable.bank, audit.grade)} (by {audit.by or 'unnamed'}, "
         f"{audit.at:%d/%m/%Y}). {audit.item} {tally.words}. {saved}")


@app.command("list")
def list_audits(
    ctx: typer.Context,
    file: FileArg,
    item: Annotated[str | None, typer.Option(
        "--item", "-i", help="Only this item's audits.", show_default=False)] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """List the case audits (removed ones are not shown), then each item's tally.

    Example: readiness audit list ours.toml --item ESN08
    """
    import msgspec

    from readiness import views
    from readiness.items import resolve_item

    data, bank = read_assessment(ctx, file)
    item_id = resolve_item(bank, item).id if item else None
    tallies = {i: t for i, t in views.item_audits(bank, data).items()
               if t.audits and (item_id is None or i == item_id)}
    if as_json:
        echo_json({"audits": [msgspec.to_builtins(msgspec.structs.asdict(a))
                              for a in data.live_audits(item_id)],
                   "items": {i: msgspec.to_builtins(t) for i, t in tallies.items()}})
        return
    lines = views.audit_lines(bank, data, include_cases=True, item=item_id)
    if not lines:
        echo("No case audits" + (f" of {item_id}" if item_id else "") + " yet. Add one with: "
             "readiness audit add FILE CASE ITEM GRADE")
        return
    echo(table([[a.id, a.date, a.case, a.item, a.grade, a.by, a.note] for a in lines],
               header=["ID", "DATE", "CASE", "ITEM", "GRADE", "BY", "NOTE"],
               width=terminal_width(), wrap=(6,)))
    echo()
    for ident, tally in tallies.items():
        echo(f"{ident}: {tally.words} ({tally.cases} case{'s' if tally.cases != 1 else ''})")


@app.command("remove")
def remove(
    ctx: typer.Context,
    file: FileArg,
    audit_id: Annotated[str, typer.Argument(
        metavar="ID", help="The audit's id (8 characters, from readiness audit list).")],
) -> None:
    """Remove a case audit. It stays in the file marked removed, so merging an older copy
    of the file does not bring it back.

    Example: readiness audit remove ours.toml 3f9a0c2e
    """
    editable = open_edit(ctx, file)
    audit, changed = editable.remove_audit(audit_id)
    if not changed:
        assert audit.removed_at is not None
        echo(f"Audit {audit.id} was already removed on {audit.removed_at:%d/%m/%Y}; nothing "
             f"changed, so {file} was not written.")
        return
    echo(f"Audit {audit.id} ({audit.case} on {audit.item}) removed. {save(editable, file)}")


@app.command("import")
def import_audits(
    ctx: typer.Context,
    file: FileArg,
    audits: Annotated[Path, typer.Argument(
        metavar="AUDITS", help="A CSV or Excel (.xlsx) file with columns case, item, grade, "
        "note, by, date (case, item and grade required).")],
    by: Annotated[str | None, typer.Option(
        "--by", help="The auditor for rows with no `by` (default: READINESS_ASSESSOR, your "
        "saved name, or your login).", show_default=False)] = None,
) -> None:
    """Load many case audits from a spreadsheet; one bad row means nothing is imported.

    Example: readiness audit import ours.toml audits.csv
    """
    from readiness import importer

    editable = open_edit(ctx, file)
    rows = importer.read_rows(audits, importer.AUDITS)
    planned = importer.plan_audits(rows, editable, audits, who(by))
    importer.apply_audits(planned, editable)
    cases = len({a.case for a in planned})
    items = len({a.item for a in planned})
    echo(f"Imported {len(planned)} audits ({cases} cases, {items} items) from {audits}. "
         f"{save(editable, file)}")
