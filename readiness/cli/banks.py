"""`readiness banks …`: list, show, validate and describe question banks."""


from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from readiness.cli.common import bank_set, echo, echo_json, table, wrap
from readiness.cli.errors import ReadinessGroup

if TYPE_CHECKING:
    from readiness.banks import Bank, Item

app = typer.Typer(
    help="The question banks: the inspection frameworks turned into items you score.",
    no_args_is_help=True,
    cls=ReadinessGroup,
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
    rules: Annotated[bool, typer.Option(
        "--rules", help="List the bank's rules: what each says, where it comes from (the "
        "framework, Ofsted's published outcomes, or this app's method) and its source.")] = False,
) -> None:
    """Show a bank's judgements with their item counts, or one item in full.

    Examples: readiness banks show sif-2015 · readiness banks show sif-2015 ESN08 ·
    readiness banks show sif-2015 --rules
    """
    from readiness.items import resolve_item

    bank = bank_set(ctx).get(bank_id)
    if rules:
        _show_rules(bank, as_json)
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
                        "limiting": j.id in bank.limiting,
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
    echo(wrap("Derived from: " + ", ".join(
        f"{bank.documents[s]} ({s})" if s in bank.documents else s for s in bank.source)))
    echo(wrap("Grades, best first: " + ", ".join(g.label for g in bank.scale)))
    echo()
    rows = []
    for j in bank.judgements:
        kind = j.kind + (f" → {j.contributes_to}" if j.contributes_to else "")
        kind += ", limiting" if j.id in bank.limiting else ""
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


def _show_rules(bank: "Bank", as_json: bool) -> None:
    import msgspec

    from readiness import views

    found = views.rules(bank)
    if as_json:
        echo_json([msgspec.to_builtins(r) for r in found])
        return
    echo(f"How {bank.title} is judged: {len(found)} rules")
    for rule in found:
        echo()
        echo(f"{rule.key}  ({rule.basis_label})")
        echo(wrap(rule.says))
        if rule.source:
            echo(wrap(f"Source: {rule.source}"))
        if rule.quote:
            echo(wrap("“" + " ".join(rule.quote.split()) + "”", indent="    "))
        if rule.evidence:
            echo(wrap(f"Figures: {rule.evidence}"))


def _short(item: "Item") -> str:
    text = item.short or item.text
    return text if len(text) <= 76 else text[:75].rstrip() + "…"


def _show_item(bank: "Bank", item: "Item") -> None:
    judgements = ", ".join(bank.judgement_map[j].title for j in item.judgements)
    echo(f"{item.id}  {item.short}".rstrip())
    echo(wrap(f"Counts toward: {judgements}"))
    if item.tags:
        echo(wrap("Tags: " + ", ".join(item.tags)))
    from readiness.views import cite

    echo(wrap(f"Source: {cite(bank, item.source)}"))
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
