"""`readiness banks …`: list, show, validate and describe question banks."""


import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from readiness.cli.common import bank_set, echo, echo_json, table, wrap
from readiness.cli.errors import ReadinessGroup

if TYPE_CHECKING:
    from readiness.banks import Bank, Item, Judgement

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
                **_status(bank),
                "shipped": entry.shipped,
                "path": str(entry.path),
            }
        )
    if as_json:
        echo_json(rows)
        return
    echo(
        table(
            [[r["id"], str(r["items"]), str(r["judgements"]), str(r["status"]), str(r["title"])]
             for r in rows],
            header=["BANK", "ITEMS", "JUDGEMENTS", "STATUS", "TITLE"],
        )
    )


def _status(bank: "Bank") -> dict[str, Any]:
    """Whether the framework is in force, for tables and JSON alike."""
    return {
        "status": bank.status,
        "status_date": bank.status_date.isoformat() if bank.status_date else None,
        "replaced_by": bank.replaced_by or None,
        "status_note": bank.status_note or None,
    }


def _status_line(bank: "Bank") -> str:
    """'Status: withdrawn since 2024-01-01; replaced by ILACS' (as much as the bank says)."""
    text = f"Status: {bank.status}"
    if bank.status_date:
        text += f" since {bank.status_date.isoformat()}"
    if bank.replaced_by:
        text += f"; replaced by {bank.replaced_by}"
    return text


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
    lists: Annotated[bool, typer.Option(
        "--lists", help="Show the child-level lists with their stage 1 and 2 deadlines, the "
        "lists' format rules and the documents with their codes.")] = False,
) -> None:
    """Show a bank's judgements with their item counts, or one item in full.

    Examples: readiness banks show sif-2015 · readiness banks show sif-2015 ESN08 ·
    readiness banks show sif-2015 --rules · readiness banks show sif-2015 --lists
    """
    from readiness.items import resolve_item

    bank = bank_set(ctx).get(bank_id)
    if rules:
        _show_rules(bank, as_json)
        return
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
                **_status(bank),
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
    echo(wrap(_status_line(bank)))
    if bank.status_note:
        echo(wrap(bank.status_note))
    echo(wrap("Derived from: " + ", ".join(
        f"{bank.documents[s]} ({s})" if s in bank.documents else s for s in bank.source)))
    echo(wrap("Grades, best first: " + ", ".join(g.label for g in bank.scale)))
    echo()
    rows = []
    for j in bank.judgements:
        kind = j.kind + (f" → {j.contributes_to}" if j.contributes_to else "")
        kind += ", limiting" if j.id in bank.limiting else ""
        rows.append([j.id, str(len(bank.items_by_judgement[j.id])), kind, _title(j)])
    echo(table(rows, header=["JUDGEMENT", "ITEMS", "KIND", "TITLE"]))
    echo()
    for j in bank.judgements:
        items = bank.items_by_judgement[j.id]
        if not items:
            continue
        echo(_title(j))
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
def _title(judgement: "Judgement") -> str:
    """'Outcome 1: children, young people ...' where the framework labels it."""
    return f"{judgement.label}: {judgement.title}" if judgement.label else judgement.title


def _short(item: "Item") -> str:
    text = item.short or item.text
    return text if len(text) <= 76 else text[:75].rstrip() + "…"


def _show_item(bank: "Bank", item: "Item") -> None:
    judgements = ", ".join(_title(bank.judgement_map[j]) for j in item.judgements)
    echo(f"{item.id}  {item.short}".rstrip())
    echo(wrap(f"Counts toward: {judgements}"))
    if item.section:
        echo(wrap(f"Section: {item.section}"))
    if item.audience:
        echo(wrap("For: " + ", ".join(item.audience)))
    if item.tags:
        echo(wrap("Tags: " + ", ".join(item.tags)))
    from readiness.views import cite

    echo(wrap(f"Source: {cite(bank, item.source)}"))
    echo()
    echo(f"Descriptor ({bank.grade_label(bank.rules.benchmark.grade).lower()})")
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
                 .replace("\n  ", "\n" + " " * (len(code) + 4)))


@app.command("validate")
def validate(
    ctx: typer.Context,
    files: Annotated[
        list[Path], typer.Argument(help="Bank or crosswalk files to check.", show_default=False)
    ],
) -> None:
    """Check bank and crosswalk files; each problem is printed as FILE:LINE: message.

    A crosswalk (it has [[link]]s) is checked against the banks: the ones given here
    first, then yours and the shipped ones.

    Example: readiness banks validate questionbanks/*.toml questionbanks/crosswalks/*.toml
    """
    from readiness.banks import load_bank
    from readiness.cli.errors import show_error
    from readiness.crosswalks import is_crosswalk_file, load_crosswalk, lookup
    from readiness.errors import ReadinessError

    failed = 0
    banks: list[Bank] = []
    crosswalks = [path for path in files if is_crosswalk_file(path)]
    for path in files:
        if path in crosswalks:
            continue
        try:
            bank = load_bank(path, cache=False)
        except ReadinessError as error:
            show_error(error)
            failed += 1
            continue
        banks.append(bank)
        echo(f"{path}: ok ({bank.id}: {len(bank.judgements)} judgements, {len(bank.items)} items)")
    for path in crosswalks:
        try:
            crosswalk = load_crosswalk(path, lookup(bank_set(ctx), banks))
        except ReadinessError as error:
            show_error(error)
            failed += 1
            continue
        echo(f"{path}: ok (crosswalk {crosswalk.from_} → {crosswalk.to}: "
             f"{len(crosswalk.links)} links)")
    if failed:
        raise typer.Exit(1)


@app.command("map")
def map_banks(
    ctx: typer.Context,
    one: Annotated[str, typer.Argument(metavar="FROM", help="A bank id, e.g. sif-2015.")],
    other: Annotated[
        str, typer.Argument(metavar="TO", help="The other bank (or framework), e.g. ilacs.")
    ],
    as_json: JsonFlag = False,
) -> None:
    """Show how one framework's items and judgements answer to another's, and what has none.

    Works either way round: a crosswalk written from the SIF reads from the National
    Framework too (subset and superset swap).

    Example: readiness banks map sif-2015 national-framework-2023
    """
    from readiness.crosswalks import find_map

    found = find_map(bank_set(ctx), one, other)
    if as_json:
        echo_json(found.as_dict())
        return
    left, right = found.left.framework, found.right.framework
    echo(f"{found.title} ({found.crosswalk})" + (", read from the other side" if found.reversed
                                                 else ""))
    echo(wrap(f"{len(found.links)} links from {left} to {right}. A relationship reads from "
              f"left to right: subset = the {left} side asks for part of what the {right} "
              "side asks; superset = for more; overlap = each asks for something the other "
              "does not; equal = the same."))
    echo()
    for link in found.links:
        echo(f"{', '.join(link.from_)} → {', '.join(link.to)}  ({link.relationship}, "
             f"basis: {link.basis})")
        for ident, on_right in [(i, False) for i in link.from_] + [(i, True) for i in link.to]:
            echo(f"    {ident:<22} {_clip(found.name(ident, right=on_right), 60)}")
        if link.note:
            echo(wrap(link.note, indent="  "))
        echo()
    for framework, other_side, unmatched, on_right in (
            (left, right, found.unmatched_left, False),
            (right, left, found.unmatched_right, True)):
        if not unmatched:
            echo(f"Everything in {framework} has a counterpart in {other_side}.")
            continue
        echo(f"In {framework}, with no counterpart in {other_side} ({len(unmatched)}):")
        for ident in unmatched:
            echo(f"  {ident:<22} {_clip(found.name(ident, right=on_right), 64)}")
        echo()
    if found.grades:
        echo(wrap("Grades proposed when an assessment is carried (readiness carry): "
                  + ", ".join(f"{a} → {b}" for a, b in found.grades.items())))
        echo(wrap(found.grades_says, indent="  "))


def _clip(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


@app.command("new")
def new_bank(
    bank_id: Annotated[str, typer.Argument(metavar="ID", help="The new bank's id, e.g. ilacs.")],
    output: Annotated[
        Path | None,
        typer.Option("-o", "--output", help="Write it to this file (never over an existing "
                     "one) instead of printing it.", show_default=False),
    ] = None,
    title: Annotated[
        str, typer.Option("--title", help="The bank's title.", show_default=False)
    ] = "",
) -> None:
    """Write a commented skeleton of a new bank that validates as it stands.

    Fill it in with your framework (ILACS, or your own practice standards), check it with
    `readiness banks validate`, and put it in your banks folder.

    Example: readiness banks new ilacs -o ilacs.toml
    """
    from readiness.errors import ReadinessError
    from readiness.skeleton import bank_skeleton

    text = bank_skeleton(bank_id, title, str(output) if output else "")
    if output is None:
        sys.stdout.write(text)
        return
    try:
        with output.open("x", encoding="utf-8") as handle:
            handle.write(text)
    except FileExistsError:
        raise ReadinessError("the file already exists; nothing was written", file=output,
                             hint="Give a new file name with -o.") from None
    except OSError as exc:
        raise ReadinessError(f"cannot write the file: {exc.strerror}", file=output) from None
    echo(f"Wrote {output}. Fill it in, then: readiness banks validate {output}")


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
