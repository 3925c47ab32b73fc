"""`readiness evidence …`: the authority's evidence register."""


from pathlib import Path
from typing import Annotated

import typer

from readiness.cli.assessments import FileArg, open_edit, save
from readiness.cli.common import bank_set, echo, echo_json, table
from readiness.cli.errors import ReadinessGroup

app = typer.Typer(help="The evidence register: documents that back your grades.",
                  no_args_is_help=True, cls=ReadinessGroup)


@app.command("add")
def add(
    ctx: typer.Context,
    file: FileArg,
    code: Annotated[str, typer.Argument(metavar="CODE", help="An Annex A code (1.07) or your "
                                        "own (QA-2026-03).")],
    title: Annotated[str | None, typer.Option("--title", "-t", help="What the document is "
                                              "(default for Annex A codes: its title).",
                                              show_default=False)] = None,
    location: Annotated[str | None, typer.Option(
        "--location", "-l", help="Where the document is: a path in the assessment's folder, "
        "a full or network path (C:\\QA\\x.pdf, \\\\server\\share\\x.pdf), a URL (https, "
        "SharePoint) or a document-system reference. Kept as typed, never opened.",
        show_default=False)] = None,
    date: Annotated[str | None, typer.Option("--date", "-d", help="The document's date, "
                                             "YYYY-MM-DD or DD/MM/YYYY.",
                                             show_default=False)] = None,
    item: Annotated[list[str] | None, typer.Option(
        "--item", "-i", help="Also cite it for this item (repeatable).",
        show_default=False)] = None,
) -> None:
    """Add (or update) a document in the evidence register.

    Example: readiness evidence add ours.toml 1.07 --title "Threshold document 2026"
    --location docs/thresholds.pdf --date 2026-10-01 --item ESN06
    """

    editable = open_edit(ctx, file)
    entry = editable.add_evidence(code, title=title, location=location, when=date,
                                  base=Path.cwd())
    for one in item or []:
        editable.attach(one, code)
    where = f" at {entry.location}" if entry.location else ""
    echo(f"{code}: {entry.title}{where}. {save(editable, file)}")


@app.command("list")
def list_evidence(
    ctx: typer.Context,
    file: FileArg,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """List the evidence register, where each document is used, and Annex A gaps.

    Example: readiness evidence list ours.toml
    """
    from readiness import store

    data, bank = store.read(file, bank_set(ctx))
    uses = data.evidence_uses()
    if as_json:
        echo_json({code: {"title": ref.title, "location": ref.location, "kind": ref.kind,
                          "date": ref.date, "used_by": uses.get(code, [])}
                   for code, ref in data.evidence.items()})
        return
    rows = [[code, ref.title[:48], ref.location[:32], str(ref.date or ""),
             ", ".join(uses.get(code, [])) or "unused"]
            for code, ref in sorted(data.evidence.items())]
    if rows:
        echo(table(rows, header=["CODE", "TITLE", "LOCATION", "DATE", "USED BY"]))
    else:
        echo("The register is empty. Add a document with: readiness evidence add FILE CODE "
             "--title ...")
    missing = [doc.code for doc in bank.evidence if doc.code not in data.evidence]
    if missing:
        echo()
        echo(f"Not yet in the register ({len(missing)} of {len(bank.evidence)} catalogue "
             f"documents): {', '.join(missing)}")
