"""`readiness banks …`: list, show, validate and describe question banks."""


from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from readiness.cli.common import bank_set, echo, echo_json, table, wrap

if TYPE_CHECKING:
    from readiness.banks import Bank, Item

app = typer.Typer(
    help="The question banks: the inspection frameworks turned into items you score.",
    no_args_is_help=True,
)

JsonFlag = Annotated[bool, typer.Option("--json", help="Print JSON for other tools.")]


@app.command("list")
def list_banks(ctx: typer.Context, as_json: JsonFlag = False) -> None:
    """List the banks you can assess against, with their item counts.

    Example: readiness banks list --json
    """
    rows: list[dict[str, Any]] = []
    banks = bank_set(ctx)
    for bank in banks.all():
        entry = banks.entry(bank.id)
        rows.append(
            {
                "id": bank.id,
                "title": bank.title,
                "framework": bank.framework,
                "version": bank.version,
                "judgements": len(bank.judgements),
                "items": len(bank.items),
                "shipped": entry.shipped,
                "path": str(entry.path),
            }
        )
    if as_json:
        echo_json(rows)
        return
    echo(
        table(
            [[r["id"], str(r["items"]), str(r["judgements"]), str(r["title"])] for r in rows],
            header=["BANK", "ITEMS", "JUDGEMENTS", "TITLE"],
        )
    )


@app.command("show")
def show(
    ctx: typer.Context,
    bank_id: Annotated[str, typer.Argument(metavar="BANK", help="A bank id, e.g. sif-2015.")],
    item: Annotated[
        str | None,
        typer.Argument(
            metavar="[ITEM]", help="An item id (ESN08, 'esn 08' or 08).", show_default=False
        ),
    ] = None,
    as_json: JsonFlag = False,
    lists: Annotated[bool, typer.Option(
        "--lists", help="Show the child-level lists with their stage 1 and 2 deadlines, the "
        "lists' format rules and the documents with their codes.")] = False,
) -> None:
    """Show a bank's judgements with their item counts, or one item in full.

    Examples: readiness banks show sif-2015 · readiness banks show sif-2015 ESN08 ·
    readiness banks show sif-2015 --lists
    """
    from readiness.items import resolve_item

    bank = bank_set(ctx).get(bank_id)
    if lists:
        _show_lists(bank, as_json)
        return
    if item is not None:
        found = resolve_item(bank, item)
        if as_json:
            import msgspec

            echo_json(msgspec.to_builtins(found))
        else:
            _show_item(bank, found)
        return
    if as_json:
        echo_json(
            {
                "id": bank.id,
                "title": bank.title,
                "framework": bank.framework,
                "version": bank.version,
                "scale": [g.slug for g in bank.scale],
                "judgements": [
                    {
                        "id": j.id,
                        "title": j.title,
                        "kind": j.kind,
                        "contributes_to": j.contributes_to,
                        "limiting": j.limiting,
                        "items": [i.id for i in bank.items_by_judgement[j.id]],
                    }
                    for j in bank.judgements
                ],
                "evidence": len(bank.evidence),
                "enquiries": [q.id for q in bank.enquiries],
            }
        )
        return
    echo(f"{bank.title} ({bank.id}, version {bank.version})")
    echo(wrap(bank.framework))
    echo(wrap("Derived from: " + ", ".join(bank.source)))
    echo(wrap("Grades, best first: " + ", ".join(g.label for g in bank.scale)))
    echo()
    rows = []
    for j in bank.judgements:
        kind = j.kind + (f" → {j.contributes_to}" if j.contributes_to else "")
        kind += ", limiting" if j.limiting else ""
        rows.append([j.id, str(len(bank.items_by_judgement[j.id])), kind, j.title])
    echo(table(rows, header=["JUDGEMENT", "ITEMS", "KIND", "TITLE"]))
    echo()
    for j in bank.judgements:
        items = bank.items_by_judgement[j.id]
        if not items:
            continue
        echo(f"{j.title}")
        for item_ in items:
            echo(f"  {item_.id:<8} {_short(item_)}")
        echo()
    if bank.enquiries:
        echo("Lines of enquiry")
        for q in bank.enquiries:
            echo(f"  {q.id:<8} {q.question}  [{', '.join(q.items)}]")
        echo()
    if bank.evidence:
        echo(f"Evidence catalogue: {len(bank.evidence)} documents"
             + (f", {len(bank.child_lists)} child-level lists" if bank.child_lists else ""))
        echo("  (readiness banks show " + bank.id + " ITEM shows one item in full)")


def _short(item: "Item") -> str:
    text = item.short or item.text
    return text if len(text) <= 76 else text[:75].rstrip() + "…"


def _show_item(bank: "Bank", item: "Item") -> None:
    judgements = ", ".join(bank.judgement_map[j].title for j in item.judgements)
    echo(f"{item.id}  {item.short}".rstrip())
    echo(wrap(f"Counts toward: {judgements}"))
    if item.tags:
        echo(wrap("Tags: " + ", ".join(item.tags)))
    echo(wrap(f"Source: {item.source}"))
    echo()
    echo("Descriptor (good)")
    echo(wrap(item.text))
    echo()
    echo("Question")
    echo(wrap(item.question))
    if item.prompts:
        echo()
        echo("Prompts an inspector may use")
        for prompt in item.prompts:
            echo(wrap(prompt, indent="  - ").replace("\n  - ", "\n    "))
    if item.evidence:
        echo()
        echo("Suggested evidence")
        for code in item.evidence:
            echo(wrap(f"{code}  {bank.evidence_map[code].title}", indent="  ")
                 .replace("\n  ", "\n        "))


@app.command("validate")
def validate(
    files: Annotated[list[Path], typer.Argument(help="Bank files to check.", show_default=False)],
) -> None:
    """Check bank files; each problem is printed as FILE:LINE: message.

    Example: readiness banks validate questionbanks/*.toml
    """
    from readiness.banks import load_bank
    from readiness.cli.errors import show_error
    from readiness.errors import ReadinessError

    failed = 0
    for path in files:
        try:
            bank = load_bank(path, cache=False)
        except ReadinessError as error:
            show_error(error)
            failed += 1
            continue
        echo(f"{path}: ok ({bank.id}: {len(bank.judgements)} judgements, {len(bank.items)} items)")
    if failed:
        raise typer.Exit(1)


@app.command("schema")
def schema() -> None:
    """Print the JSON Schema of the bank format, for completion in your editor.

    Example: readiness banks schema > bank.schema.json
    """
    from readiness.banks import schema as bank_schema

    echo_json(bank_schema())


def _show_lists(bank: "Bank", as_json: bool) -> None:
    """Annex A at a glance: the lists and when each is due, their rules, the documents."""
    import msgspec

    if as_json:
        echo_json({
            "id": bank.id,
            "child_lists": [
                {"id": c.id, "number": c.number, "area": c.area, "title": c.title,
                 "stage1": c.stage1.text(), "stage2": c.stage2.text() if c.stage2 else None,
                 "columns": [msgspec.to_builtins(col) for col in c.columns],
                 "source": c.source}
                for c in bank.child_lists],
            "list_rules": [msgspec.to_builtins(r) for r in bank.list_rules],
            "documents": [msgspec.to_builtins(e) for e in bank.evidence],
        })
        return
    if not bank.child_lists and not bank.evidence:
        echo(f"{bank.title} ({bank.id}) has no child-level lists or document catalogue.")
        return
    echo(f"Child-level lists ({bank.id}): when each is due")
    areas: dict[str, list[list[str]]] = {}
    for c in bank.child_lists:
        title = c.title if len(c.title) <= 56 else c.title[:55].rstrip() + "…"
        areas.setdefault(c.area, []).append([
            f"{c.number:>2}", title, c.stage1.text(),
            c.stage2.text() if c.stage2 else "Not applicable"])
    for area, rows in areas.items():
        echo()
        echo(area)
        echo(table(rows, header=["LIST", "WHO IS ON IT", "STAGE 1", "STAGE 2"]))
    if bank.list_rules:
        echo()
        echo("How the lists are to be given")
        for rule in bank.list_rules:
            echo(wrap(f"[{rule.id}] {rule.text}", indent="  ").replace("\n  ", "\n    "))
            for option in rule.options:
                echo(wrap(f"- {option}", indent="      "))
    if bank.evidence:
        echo()
        echo("Documents (name each file with its code first, e.g. \"1.07 Thresholds.pdf\")")
        group = ""
        for doc in bank.evidence:
            if doc.group != group:
                group = doc.group
                echo(f"  {group}")
            echo(wrap(f"{doc.code}  {doc.title}", indent="    ").replace("\n    ",
                                                                        "\n          "))
            if doc.detail:
                echo(wrap(doc.detail, indent="          "))
                for line in doc.contents:
                    echo(wrap(f"- {line}", indent="          "))
