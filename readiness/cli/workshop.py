"""Workshop commands: agree, moderation, roster, merge, merge-driver, git-setup."""


import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from readiness.cli.assessments import ByOption, FileArg, ItemArg, open_edit, save, who
from readiness.cli.common import (
    bank_set,
    echo,
    echo_json,
    read_assessment,
    table,
    terminal_width,
    wrap,
)

if TYPE_CHECKING:
    from readiness.assessment import Assessment
    from readiness.banks import Bank
    from readiness.views import ConflictView, Disputes, Progress


def register(app: typer.Typer) -> None:
    app.command("agree")(agree)
    app.command("moderation")(moderation)
    app.command("roster")(roster)
    app.command("merge")(merge)
    app.command("merge-driver")(merge_driver)
    app.command("git-setup")(git_setup)


def agree(
    ctx: typer.Context,
    file: FileArg,
    item: ItemArg,
    grade: Annotated[str | None, typer.Argument(
        metavar="[GRADE]", help="The grade the room agreed (as for `score`).",
        show_default=False)] = None,
    serious: Annotated[bool, typer.Option(
        "--serious", help="The agreed grade (the worst) is a serious failure: children "
        "harmed or at risk of harm.")] = False,
    note: Annotated[str | None, typer.Option("--note", "-n", help="Why the room agreed it.",
                                             show_default=False)] = None,
    clear: Annotated[bool, typer.Option("--clear", help="Take the agreed grade off (the "
                                        "assessors' grades count again).")] = False,
    by: ByOption = None,
) -> None:
    """Record the grade a workshop agreed for an item: from now on it is the item's grade.

    Example: readiness agree ours.toml ESN05 "requires improvement" --note "Audit 14 and
    the March dip sample" --by "B. Smith"

    Example: readiness agree ours.toml ESN05 --clear --by "B. Smith"
    """
    from readiness import views
    from readiness.errors import ReadinessError
    from readiness.judgement import judge

    if clear == (grade is not None):
        raise ReadinessError("give the agreed GRADE, or --clear to take it off (not both)",
                             hint='readiness agree FILE ITEM "requires improvement" --by NAME')
    editable = open_edit(ctx, file)
    name = who(by)
    found = editable.clear_agreed(item, by=name) if clear else \
        editable.agree(item, grade or "", by=name, serious=serious, note=note)
    saved = save(editable, file)
    bank, data = editable.bank, editable.data
    result = judge(bank, data)
    counts = views.counting(bank, data.responses.get(found.id), result.views[found.id])
    done = views.disputes(bank, data, result)
    echo(f"{found.id}: {views.label(bank, counts.grade)} counts ({counts.why}). {saved}")
    if done.disputed:
        echo(f"{done.progress[:1].upper()}{done.progress[1:]}.")


def moderation(
    ctx: typer.Context,
    file: FileArg,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON for other tools.")] = False,
) -> None:
    """Where assessors disagree, most in need first, each view side by side.

    Items whose assessors gave different grades, not yet agreed first, serious flags
    first, then the widest spread; then how far each person has got, and anything a
    merge kept aside.

    Example: readiness moderation ours.toml
    """
    from readiness import views
    from readiness.judgement import judge

    data, bank = read_assessment(ctx, file)
    result = judge(bank, data)
    found = views.disputes(bank, data, result)
    people = views.progress(bank, data)
    kept = views.conflicts(bank, data)
    if as_json:
        echo_json(_moderation_json(bank, found, people, kept, data))
        return
    _print_moderation(bank, found, people, kept, views.register_doubles(data))


def _moderation_json(bank: "Bank", found: "Disputes", people: list["Progress"],
                     kept: list["ConflictView"], data: "Assessment") -> dict[str, object]:
    import msgspec

    from readiness import views

    return {
        "progress": found.progress, "disputed": found.disputed, "agreed": found.agreed,
        "items": [{**msgspec.to_builtins(m), "counts": m.counting.grade,
                   "why": m.counting.why} for m in found.items],
        "people": msgspec.to_builtins(people),
        "judgements": msgspec.to_builtins(views.judgement_moderation(bank, data)),
        "kept_aside": msgspec.to_builtins(kept),
        "register_doubles": views.register_doubles(data),
    }


def _print_moderation(bank: "Bank", found: "Disputes", people: list["Progress"],
                      kept: list["ConflictView"], doubles: list[str]) -> None:
    from readiness import views

    width = terminal_width()
    if not found.items:
        echo("No disagreements: every item's assessors gave the same grade (or one graded).")
    else:
        echo(f"{found.progress[:1].upper()}{found.progress[1:]}.")
    for m in found.items:
        state = f"AGREED {views.label(bank, m.agreed).upper()}" if m.settled else \
            "TO AGREE AGAIN" if m.to_agree else "TO AGREE"
        echo()
        echo(wrap(f"{m.id}  {m.short}  [{state}]", indent="", width=width))
        for o in m.opinions:
            said = views.label(bank, o.grade) + (" (serious failure)" if o.serious else "") \
                + (f", evidence {o.strength}" if o.strength else "")
            who = (o.by or "unnamed") + (" (agreed apart)" if o.agreed_apart else "")
            echo(wrap(f"{who}: {said}", width=width))
            if o.note:
                echo(wrap(f"“{o.note}”", indent="      ", width=width))
        echo(wrap(f"Counts: {views.label(bank, m.counting.grade)} ({m.counting.why}).",
                  width=width))
    if people:
        echo()
        echo(wrap("Progress: " + ", ".join(p.words for p in people), indent="", width=width))
    open_ones = [k for k in kept if k.open]
    if open_ones:
        echo()
        echo(f"Kept aside by merges ({len(open_ones)}), the later change counting:")
        for k in open_ones:
            echo(wrap(f"{k.about}: counts {k.kept}; kept aside {k.other} [{k.id}]",
                      width=width))
    for code in doubles:
        echo(wrap(f"Evidence code {code} names two documents registered apart: give one "
                  "of them a new code.", indent="", width=width))


def roster(
    ctx: typer.Context,
    file: FileArg,
    add: Annotated[list[str] | None, typer.Option(
        "--add", help="Put a person on this assessment's roster (repeatable).",
        show_default=False)] = None,
    remove: Annotated[list[str] | None, typer.Option(
        "--remove", help="Take a person off the roster; their grades stay (repeatable).",
        show_default=False)] = None,
) -> None:
    """The people scoring in this workshop, typed once and kept in the assessment.

    Without options, lists them with how far each has got.

    Example: readiness roster ours.toml --add "A. Patel" --add "J. Okafor"
    """
    from readiness import views

    if add or remove:
        editable = open_edit(ctx, file)
        changed = [name for name in add or [] if editable.roster_add(name)]
        gone = [name for name in remove or [] if editable.roster_remove(name)]
        said = (["Added " + ", ".join(changed)] if changed else []) + \
            (["Took off " + ", ".join(gone)] if gone else [])
        echo(f"{'; '.join(said) or 'Nothing changed'}. {save(editable, file)}")
        data, bank = editable.data, editable.bank
    else:
        data, bank = read_assessment(ctx, file)
    found = views.progress(bank, data)
    if not found:
        echo(f'Nobody yet. Add people with: readiness roster {file} --add "A. Patel"')
        return
    echo(table([[p.name, f"{p.graded}/{p.applicable}", "" if p.on_roster else
                 "(not on the roster: has grades)"] for p in found],
               header=["PERSON", "GRADED", ""]))


def merge(
    ctx: typer.Context,
    out: Annotated[Path, typer.Argument(metavar="OUT", help="The merged assessment to "
                                        "write (.toml); may be one of the FILEs.")],
    files: Annotated[list[Path], typer.Argument(metavar="FILE...", help="Assessments of "
                                                 "one bank (copies from several laptops).")],
    force: Annotated[bool, typer.Option("--force", help="Replace OUT if it exists (and is "
                                        "not one of the FILEs); it is backed up first.")]
    = False,
) -> None:
    """Combine copies of one assessment, keeping every assessor's work.

    Every assessor's grades, evidence, notes, actions, snapshots and audits are kept;
    grades agreed apart that differ are kept as assessors' grades and the item is
    flagged to agree; the later change to one assessor's entry counts. The order of
    the FILEs does not change the result.

    Example: readiness merge workshop.toml laptop-1.toml laptop-2.toml laptop-3.toml
    """
    from readiness import workshop

    report = workshop.merge_files(out, files, bank_set(ctx), force=force)
    what = "Wrote" if report.written else "Nothing new, so did not write"
    echo(f"{what} {report.out}: {report.files} files, {len(report.people)} assessors, "
         f"{report.graded} items graded.")
    if report.to_agree:
        echo(f"To agree again (grades agreed apart differ): {', '.join(report.to_agree)}. "
             f"See: readiness moderation {report.out}")
    if report.kept_aside:
        echo(f"{report.kept_aside} changes made in the same second as another are kept "
             f"aside in the file: readiness moderation {report.out}")


def merge_driver(
    base: Annotated[Path, typer.Argument(metavar="BASE", help="git's %O.")],
    ours: Annotated[Path, typer.Argument(metavar="OURS", help="git's %A: the result is "
                                         "written here.")],
    theirs: Annotated[Path, typer.Argument(metavar="THEIRS", help="git's %B.")],
) -> None:
    """git's merge driver for assessments (registered by `readiness git-setup`).

    Writes the merged assessment into OURS and exits 0; changes made on both branches
    to one field are recorded in the file, never as conflict markers. Exits non-zero,
    writing nothing, only when a file cannot be read.

    Example: git config merge.readiness.driver "readiness merge-driver %O %A %B"
    """
    from readiness import workshop

    report = workshop.merge_driver(base, ours, theirs)
    if report.conflicts:
        sys.stderr.write(f"readiness: {report.conflicts} changes made on both branches are "
                         "recorded in the file (see `readiness moderation FILE`)\n")
    if report.exit_code:
        raise typer.Exit(report.exit_code)


def git_setup(
    folder: Annotated[Path, typer.Argument(metavar="[DIR]", help="The folder of "
                                           "assessments in a git repository.")] = Path("."),
) -> None:
    """Make git merge assessments with readiness (no conflict markers in the TOML).

    Adds `*.toml merge=readiness` to DIR/.gitattributes, `.readiness/` to .gitignore,
    and registers the driver in the repository's config; running it again changes
    nothing.

    Example: readiness git-setup assessments
    """
    from readiness import workshop

    for line in workshop.git_setup(folder):
        echo(line)
