"""Assessment commands: new, score, unscore, import, summary."""


from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from readiness.cli.common import (
    bank_set,
    echo,
    echo_json,
    read_assessment,
    table,
    terminal_safe,
    terminal_width,
    wrap,
)

if TYPE_CHECKING:
    from readiness.edits import Editable

FileArg = Annotated[Path, typer.Argument(metavar="FILE", help="The assessment file (.toml).")]
ItemArg = Annotated[str, typer.Argument(metavar="ITEM", help="Item id: ESN08, 'esn 08' or 08.")]
ByOption = Annotated[
    str | None,
    typer.Option("--by", help="Who is scoring (default: READINESS_ASSESSOR, your saved name, "
                 "or your login).", show_default=False),
]


def open_edit(ctx: typer.Context, path: Path) -> "Editable":
    """Open for editing, telling the user what opening changed (bank update, migration)."""
    import sys

    from readiness import store

    editable = store.open_for_edit(path, bank_set(ctx))
    for note in editable.notes:
        sys.stderr.write(f"note: {terminal_safe(note)}\n")
    return editable


def save(editable: "Editable", file: Path) -> str:
    """Save, and say so; a change that changes nothing writes nothing, and says that.

    Someone else's save since the file was read is merged in, and said.
    """
    from readiness import store

    result = store.save_merging(editable)
    said = f"Saved {file}." if result else f"Nothing changed, so {file} was not written."
    if result.merged:
        from readiness import views

        said += " " + (views.incoming_words(editable.data, result.incoming) or
                       "Someone else had saved it meanwhile: merged.")
        if result.conflicts:
            said += (f" {len(result.conflicts)} fields were changed by both: the later "
                     f"counts, the other is kept (readiness moderation {file}).")
    return said


def who(by: str | None) -> str:
    from readiness import settings

    return by.strip() if by and by.strip() else settings.assessor()


def register(app: typer.Typer) -> None:
    for command in (new, score, unscore, import_responses, summary, restore, carry, confirm):
        app.command(command.__name__.replace("_responses", ""))(command)


def new(
    ctx: typer.Context,
    file: FileArg,
    authority: Annotated[str, typer.Option(
        "--authority", help="The authority's name.", show_default=False)],
    bank: Annotated[str, typer.Option("--bank", help="The bank to assess against.")] = "sif-2015",
    title: Annotated[str, typer.Option("--title", help="A title for the assessment.",
                                       show_default=False)] = "",
) -> None:
    """Create a new, empty assessment file.

    Example: readiness new ours.toml --bank sif-2015 --authority "Northshire County Council"
    """
    from readiness import store

    chosen = bank_set(ctx).get(bank)
    store.create(file, chosen, authority, title=title)
    echo(f"Created {file} ({chosen.title}, {len(chosen.items)} items). "
         f"Next: readiness open {file}")


def score(
    ctx: typer.Context,
    file: FileArg,
    item: ItemArg,
    grade: Annotated[str, typer.Argument(
        metavar="GRADE", help="A grade of the bank's scale: outstanding, good, "
        "requires_improvement, inadequate (or 1–4); n/a where the item does not apply.")],
    evidence_strength: Annotated[str | None, typer.Option(
        "--evidence-strength", "-s", help="none, partial or strong: is the grade backed by "
        "evidence an inspector would accept?", show_default=False)] = None,
    evidence: Annotated[list[str] | None, typer.Option(
        "--evidence", "-e", help="An evidence code to cite (repeatable), e.g. 1.07.",
        show_default=False)] = None,
    case: Annotated[list[str] | None, typer.Option(
        "--case", help="A case ID from an audit that backs the grade (repeatable). IDs only, "
        "never names.", show_default=False)] = None,
    note: Annotated[str | None, typer.Option("--note", "-n", help="Your rationale.",
                                             show_default=False)] = None,
    serious: Annotated[bool | None, typer.Option(
        "--serious/--not-serious", help="Mark an inadequate grade a serious failure: children "
        "harmed or at risk of harm (it makes the judgement inadequate).",
        show_default=False)] = None,
    by: ByOption = None,
) -> None:
    """Grade one item.

    Example: readiness score ours.toml ESN08 good -s partial -e 1.07 --note "Audit March"

    Example: readiness score ours.toml ESN05 inadequate --serious --note "Referrals unassessed"
    """

    editable = open_edit(ctx, file)
    found = editable.score(item, grade, by=who(by), strength=evidence_strength, note=note,
                           evidence=evidence or [], cases=case or [], serious=serious)
    saved = save(editable, file)
    response = editable.data.responses[found.id]
    if response.not_applicable:
        echo(f"{found.id}: marked not applicable (left out of every judgement). {saved}")
        return
    flagged = " (serious failure)" if any(e.serious for e in response.assessors()
                                          if e.by == who(by)) else ""
    echo(f"{found.id}: {editable.bank.grade_label(_own_grade(response, who(by)))}{flagged} "
         f"(by {who(by)}). {saved}")


def _own_grade(response: object, by: str) -> str:
    from readiness.assessment import Response

    assert isinstance(response, Response)
    for entry in response.assessors():
        if entry.by == by and entry.grade:
            return entry.grade
    return response.grades()[0] if response.grades() else "not assessed"


def unscore(
    ctx: typer.Context,
    file: FileArg,
    item: ItemArg,
    by: Annotated[str | None, typer.Option(
        "--by", help="Remove only this assessor's grade (default: every grade).",
        show_default=False)] = None,
) -> None:
    """Set an item back to not assessed. Notes and evidence are kept.

    Example: readiness unscore ours.toml ESN08
    """
    from readiness import store

    editable = open_edit(ctx, file)
    found = editable.unscore(item, by=by)
    if store.save(editable):
        echo(f"{found.id}: grade removed{' for ' + by if by else ''}. Saved {file}.")
    else:
        echo(f"{found.id}: there is no grade{' by ' + by if by else ''} to remove; nothing "
             f"changed, so {file} was not written.")


def import_responses(
    ctx: typer.Context,
    file: FileArg,
    responses: Annotated[Path, typer.Argument(
        metavar="RESPONSES", help="A CSV or Excel (.xlsx) file with columns item, grade "
        "(or n/a), evidence_strength, evidence, note, by, cases. Also understood: notes, "
        "rationale, comments (note); assessor, name (by); strength; case.")],
    by: ByOption = None,
) -> None:
    """Load many responses from a spreadsheet; one bad row means nothing is imported.

    Example: readiness import ours.toml self-assessment.xlsx
    """
    from readiness import importer

    editable = open_edit(ctx, file)
    rows = importer.read_rows(responses)
    changes = importer.plan(rows, editable, responses, who(by))
    importer.apply(changes, editable)
    saved = save(editable, file)
    graded = sum(1 for c in changes if c.grade)
    absent = sum(1 for c in changes if c.not_applicable)
    echo(f"Imported {len(changes)} rows ({graded} grades"
         + (f", {absent} not applicable" if absent else "") + f") from {responses}. {saved}")


def summary(
    ctx: typer.Context,
    file: FileArg,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON for other tools.")] = False,
) -> None:
    """Show each judgement's likely grade, range and top reasons.

    Example: readiness summary ours.toml --json
    """
    from readiness import views
    from readiness.judgement import judge

    data, bank = read_assessment(ctx, file)
    result = judge(bank, data)
    review = views.carried_to_review(bank, data, result)
    if as_json:
        echo_json({**result.as_dict(), "carried_to_review": review})
        return
    width = terminal_width()
    echo(wrap(f"{data.authority}: {bank.title}" + ("  [DEMO]" if data.demo else ""),
              indent="", width=width))
    echo(wrap(views.headline(bank, result), indent="", width=width))
    if review:
        echo(wrap(f"{views.review_words(len(review)).capitalize()}: their grades, carried "
                  "from another framework, count toward nothing until confirmed "
                  f"({', '.join(review[:8])}{'…' if len(review) > 8 else ''}).",
                  indent="", width=width))
    echo()
    rows = [[j.name, j.grade, j.range, f"{j.assessed}/{j.items}",
             f"{j.evidenced}/{j.assessed}"] for j in views.judgement_views(bank, result)]
    echo(table(rows, header=["JUDGEMENT", "LIKELY", "COULD BE", "SCORED", "STRONG"],
               width=width, wrap=(0, 1, 2)))
    for j in result.judgements:
        if j.reasons:
            echo()
            echo(bank.judgement_name(j.id))
            for reason in j.reasons[:3]:
                echo(wrap(reason, indent="  - ", width=width).replace("\n  - ", "\n    "))
    echo()
    echo("This is a self-assessment, not an Ofsted judgement.")


def restore(
    file: FileArg,
    number: Annotated[int | None, typer.Argument(
        metavar="[N]", help="The backup to put back (its number in --list).",
        show_default=False)] = None,
    list_them: Annotated[bool, typer.Option("--list", help="List the backups: number, "
                                            "when that version was saved, size.")] = False,
) -> None:
    """Put an earlier version of an assessment back from its backups.

    The current version is backed up first, so a restore can itself be undone. Without
    N (or with --list) the backups are listed, newest first.

    Example: readiness restore ours.toml --list
    """
    from datetime import datetime

    from readiness import store

    if list_them or number is None:
        rows = []
        for n, path in store.numbered_backups(file):
            try:
                info = path.stat()
            except OSError:
                continue
            rows.append([str(n), f"{datetime.fromtimestamp(info.st_mtime):%d %b %Y %H:%M}",
                         _size(info.st_size)])
        if not rows:
            echo(f"There are no backups of {file} yet: one is kept each time a change is "
                 "saved.")
            return
        echo(table(rows, header=["N", "SAVED", "SIZE"]))
        echo()
        echo(f"Put one back with: readiness restore {file} N")
        return
    chosen = store.restore(file, number)
    echo(f"Restored {file} from backup {number} ({chosen.name}); the version it replaced is "
         "kept as the newest backup.")


def _size(count: int) -> str:
    return f"{count} bytes" if count < 1024 else f"{count / 1024:.0f} KB"


def carry(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(metavar="FROM", help="The assessment to carry "
                                         "forward (.toml).")],
    to: Annotated[str, typer.Option("--to", help="The bank of the new assessment, e.g. "
                                    "national-framework-2023.", show_default=False)],
    output: Annotated[Path, typer.Option("-o", "--output", help="The new assessment to "
                                         "write (.toml).", show_default=False)],
    force: Annotated[bool, typer.Option("--force", help="Replace the output file if it "
                                        "exists (it is backed up first).")] = False,
    by: ByOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print what was carried as "
                                          "JSON.")] = False,
) -> None:
    """Start an assessment on another framework from this one, through their crosswalk.

    Evidence references, case IDs, rationale, case audits and actions go to the items
    that answer to theirs, each marked with where it came from. Grades are proposed,
    not given: a carried item counts toward nothing until someone confirms or changes
    its grade. What has no counterpart is kept in the new file's [[unmapped]] records
    and listed here. The old file is not changed.

    Example: readiness carry ours.toml --to national-framework-2023 -o ours-nf.toml
    """
    import msgspec

    from readiness.carry import carry_file

    report = carry_file(file, to, output, bank_set(ctx), by=who(by), force=force)
    if as_json:
        echo_json({**msgspec.to_builtins(report), "out": str(output)})
        return
    targets = {t for line in report.carried for t in line.target}
    items = sum(1 for line in report.carried if line.target and not line.source.startswith(
        ("action", "audit")))
    echo(f"Wrote {output}: an assessment of {report.target_bank} carried from "
         f"{report.source_bank} ({file}, unchanged).")
    echo(wrap(f"{items} items carried to {len(targets)} items here; {report.to_review} "
              f"have a proposed grade to review. Copied {report.evidence} evidence "
              f"references, {report.actions} actions and {report.audits} case audits.",
              indent=""))
    echo(wrap(report.grades_says, indent=""))
    echo()
    for line in report.carried:
        if line.target:
            echo(wrap(f"{line.source} → {', '.join(line.target)}: {line.words}", indent="    "))
    if report.unmapped:
        echo()
        echo(f"Kept in {output}'s [[unmapped]] records, with nothing here to go to "
             f"({len(report.unmapped)}):")
        for record in report.unmapped:
            where = f" (belongs under {record.judgement})" if record.judgement else ""
            what = f"{record.kind} {record.item}".strip()
            echo(wrap(f"{what}{where}: {record.text}", indent="    "))
    echo()
    echo(f"Next: readiness open {output} (carried items show “carried from …: review”).")


def confirm(
    ctx: typer.Context,
    file: FileArg,
    items: Annotated[list[str], typer.Argument(metavar="ITEM...", help="Items whose carried "
                                               "grade to confirm, e.g. NF-S11.")],
    by: ByOption = None,
) -> None:
    """Confirm the grade carried to items from another framework (see `readiness carry`).

    The proposed grade becomes your grade for the item, with its evidence strength and
    rationale; from then on it counts. To give another grade, use `readiness score`.

    Example: readiness confirm ours-nf.toml NF-S11 NF-S28
    """
    editable = open_edit(ctx, file)
    done = []
    for text in items:
        item, slug = editable.confirm_carried(text, by=who(by))
        done.append(f"{item.id} {editable.bank.grade_label(slug).lower()}")
    said = save(editable, file)
    echo(f"Confirmed {', '.join(done)}. {said}")
