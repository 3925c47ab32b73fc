"""Mock inspections from the command line: `readiness lists …`, `sample` and `timeline`.

Commands parse, call the core (`childlists`, `listcheck`, `listdemo`, `sampling`,
`timeline`) and print; files are written by `reports.mock` through a temporary file.
"""


import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from readiness.cli.common import bank_set, echo, echo_json, table

if TYPE_CHECKING:
    from readiness.banks import Bank
    from readiness.childlists import ListSet

WIDTH = 66
"""Longest "what" in the printed timeline (--json, --csv and --ics have it in full)."""
INCOMPLETE_EXIT = 3
"""`readiness sample` exits 3 when the lists could not meet every rule (the sample is
still written, marked INCOMPLETE)."""

app = typer.Typer(
    help="Your Annex A child-level lists: a fictional set to try things on, and checks.",
    no_args_is_help=True,
)

FrameworkOpt = Annotated[str, typer.Option(
    "--framework", help="The bank whose lists, profiles or timeline to use.")]
JsonFlag = Annotated[bool, typer.Option("--json", help="Print JSON for other tools.")]
MappingOpt = Annotated[Path | None, typer.Option(
    "--mapping", help="A TOML file naming your column headings (see `readiness lists "
    "mapping`).", show_default=False)]
FolderArg = Annotated[Path, typer.Argument(
    metavar="DIR", help="A folder of lists (list-01.csv ... list-11.csv or .xlsx), or one "
    "Excel workbook with a sheet per list.", show_default=False)]


def _date(text: str | None, what: str) -> dt.date | None:
    from readiness.edits import parse_date

    return parse_date(text, what)


def _read(ctx: typer.Context, framework: str, folder: Path,
          mapping: Path | None) -> tuple["Bank", "ListSet"]:
    from readiness.childlists import load_mapping, read_lists

    bank = bank_set(ctx).get(framework)
    return bank, read_lists(bank, folder, load_mapping(bank, mapping))


@app.command("demo")
def demo(
    ctx: typer.Context,
    folder: Annotated[Path, typer.Argument(metavar="DIR", help="A new or empty folder.",
                                           show_default=False)],
    framework: FrameworkOpt = "sif-2015",
    seed: Annotated[int, typer.Option(help="Another seed, another fictional authority.")] = 1,
    as_of: Annotated[str | None, typer.Option(
        "--as-of", help="The lists' date (default today).", show_default=False)] = None,
) -> None:
    """Write a fictional authority's child-level lists, one CSV per list, to try checks and
    samples on. IDs are DEMO-000123; there are no names.

    Example: readiness lists demo demo-lists
    """
    from readiness.listdemo import write_demo

    bank = bank_set(ctx).get(framework)
    written = write_demo(bank, folder, seed=seed, as_of=_date(as_of, "--as-of"))
    echo(f"Wrote {len(written)} fictional lists to {folder} "
         f"({written[0].name} ... {written[-1].name}).")
    echo(f"Next: readiness lists check {folder}")


@app.command("check")
def check(
    ctx: typer.Context,
    folder: FolderArg,
    mapping: MappingOpt = None,
    framework: FrameworkOpt = "sif-2015",
    as_json: JsonFlag = False,
) -> None:
    """Check the lists against Annex A's format rules: every problem by file, row and column.
    Nothing is written. Exits 1 when there are problems (advice alone exits 0).

    Example: readiness lists check annex-a/ --mapping our-headings.toml
    """
    from readiness.listcheck import check_lists

    bank, lists = _read(ctx, framework, folder, mapping)
    result = check_lists(bank, lists)
    if as_json:
        echo_json(result.to_dict())
    else:
        rows = [[lid, t.name, str(len(t.rows))] for lid, t in lists.tables.items()]
        echo(table(rows, header=["LIST", "FILE", "ROWS"]))
        echo()
        for problem in result.problems:
            label = "advice: " if problem.severity == "advice" else ""
            rule = f"  [{problem.rule}]" if problem.rule else ""
            echo(f"{label}{problem.where()}: {problem.message}{rule}")
        errors, advice = len(result.errors), len(result.advice)
        echo(("" if not result.problems else "\n")
             + f"{errors} problem{'s' if errors != 1 else ''}, {advice} piece"
             f"{'s' if advice != 1 else ''} of advice"
             + (" (the rules in brackets: readiness banks show "
                f"{bank.id} --lists)" if result.problems else "."))
    if result.errors:
        raise typer.Exit(1)


@app.command("mapping")
def mapping_template(ctx: typer.Context, framework: FrameworkOpt = "sif-2015") -> None:
    """Print the default mapping file: every column's heading, to edit for your own lists.

    Example: readiness lists mapping > our-headings.toml
    """
    from readiness.childlists import default_mapping

    echo(default_mapping(bank_set(ctx).get(framework)).rstrip("\n"))


def register(root: typer.Typer) -> None:
    root.add_typer(app, name="lists")
    root.command("sample")(sample)
    root.command("timeline")(timeline)


def sample(
    ctx: typer.Context,
    folder: FolderArg,
    profile: Annotated[str, typer.Option(
        "--profile", help="A sample profile of the bank (tracked-25, la-audit-18, "
        "targeted-50, lac-8-12).", show_default=False)],
    seed: Annotated[int, typer.Option(
        "--seed", help="The same lists and seed give the same sample.", show_default=False)],
    output: Annotated[Path, typer.Option(
        "--output", "-o", help="Where to write the sample: .csv (or .json).",
        show_default=False)],
    framework: FrameworkOpt = "sif-2015",
    mapping: MappingOpt = None,
    as_of: Annotated[str | None, typer.Option(
        "--as-of", help="The lists' date (default: the newest date in them).",
        show_default=False)] = None,
    as_json: JsonFlag = False,
) -> None:
    """Draw a case sample from the lists as a profile describes it; each child says which rule
    it meets. When the lists cannot meet a rule the sample is still written, marked
    INCOMPLETE, the rule and the shortfall are named, and the exit code is 3.

    Example: readiness sample annex-a/ --profile tracked-25 --seed 7 -o sample.csv
    """
    import json

    from readiness.reports.mock import sample_csv
    from readiness.sampling import draw
    from readiness.sampling import profile as find_profile
    from readiness.store import write_atomic

    bank = bank_set(ctx).get(framework)
    find_profile(bank, profile)  # an unknown profile fails before any file is read
    if not output.parent.is_dir():
        from readiness.errors import ReadinessError

        raise ReadinessError("the folder for the sample does not exist", file=output.parent)
    _, lists = _read(ctx, framework, folder, mapping)
    drawn = draw(bank, lists, profile, seed, _date(as_of, "--as-of"))
    data = (json.dumps(drawn.to_dict(), indent=2, ensure_ascii=False) + "\n"
            if output.suffix.lower() == ".json" else sample_csv(drawn))
    write_atomic(output, data.encode("utf-8"))
    if as_json:
        echo_json(drawn.to_dict())
    else:
        rules = len(drawn.shortfalls)
        state = "complete" if drawn.complete else (
            f"INCOMPLETE: {rules} of its rules could not be met from these lists (below)"
            if rules else "INCOMPLETE")
        echo(f"{drawn.profile.title}")
        echo(f"{drawn.profile.id}, seed {seed}, lists of {drawn.as_of:%d %B %Y}: "
             f"{len(drawn.picks)} of {drawn.profile.total} children drawn; {state}.")
        echo()
        echo(table([[p.child_id, p.label] for p in drawn.picks], header=["CHILD", "CHOSEN AS"]))
        for short in drawn.shortfalls:
            echo(f"short: {short.message()}")
        echo(f"\nWritten to {output}.")
    if not drawn.complete:
        raise typer.Exit(INCOMPLETE_EXIT)


def timeline(
    ctx: typer.Context,
    notified: Annotated[str, typer.Option(
        "--notified", help="The day Ofsted rang (2026-03-31 or 31/03/2026).",
        show_default=False)],
    framework: FrameworkOpt = "sif-2015",
    region: Annotated[str, typer.Option(
        "--region", help="Whose bank holidays to skip: england, wales or scotland.")] =
        "england",
    as_json: JsonFlag = False,
    ics: Annotated[Path | None, typer.Option(
        "--ics", help="Write a calendar file (.ics) to import into Outlook or Google.",
        show_default=False)] = None,
    csv_file: Annotated[Path | None, typer.Option(
        "--csv", help="Write the timeline as CSV.", show_default=False)] = None,
) -> None:
    """Every dated step from the notification: the lists' deadlines, the weeks on site, the
    report and the action plan, in working days (weekends and bank holidays skipped), each
    with its source; then who inspectors will meet.

    Example: readiness timeline --notified 2026-03-31 --ics inspection.ics
    """
    from readiness.errors import ReadinessError
    from readiness.timeline import build

    day = _date(notified, "--notified")
    if day is None:
        raise ReadinessError("--notified needs a date", hint="e.g. --notified 2026-03-31")
    bank = bank_set(ctx).get(framework)
    built = build(bank, day, region.lower())
    if ics is not None or csv_file is not None:
        from readiness.reports.mock import timeline_csv, timeline_ics
        from readiness.store import write_atomic

        for path in (p for p in (ics, csv_file) if p is not None):
            if not path.parent.is_dir():
                raise ReadinessError("the folder does not exist", file=path.parent)
        if ics is not None:
            write_atomic(ics, timeline_ics(built))
            echo(f"Wrote {ics}.")
        if csv_file is not None:
            write_atomic(csv_file, timeline_csv(built).encode("utf-8"))
            echo(f"Wrote {csv_file}.")
        return
    if as_json:
        echo_json(built.to_dict())
        return
    _print_timeline(built, bank)


def _print_timeline(built: "object", bank: "Bank") -> None:
    from readiness.timeline import Timeline

    assert isinstance(built, Timeline)
    echo(f"Inspection timeline ({built.bank}) from {built.notified:%A} {built.notified.day} "
         f"{built.notified:%B %Y}, {built.region.title()}")
    echo()
    rows = []
    for s in built.steps:
        when = f"{s.start:%d %b}" + (f"–{s.end:%d %b}" if s.end else "")
        what = s.what if len(s.what) <= WIDTH else s.what[: WIDTH - 1].rstrip() + "…"
        rows.append([when, f"{s.start:%a}", what + (" *" if s.notes or s.differs else ""),
                     s.source.split(",")[0][:3]])
    echo(table(rows, header=["DATE", "DAY", "WHAT", "SRC"]))
    notes = [(s, n) for s in built.steps for n in s.notes]
    differs = [s for s in built.steps if s.differs]
    if notes or differs:
        echo("\n* Notes")
        for s, n in notes:
            echo(f"  {s.start:%d %b} {s.id}: {n}")
        for s in differs:
            echo(f"  {s.id}: {s.differs}")
    if built.meetings:
        echo("\nWho inspectors will see (a checklist)")
        for m in built.meetings:
            weeks = "; ".join(f"{a:%d %b}–{b:%d %b}" for a, b in m.weeks)
            echo(f"  [ ] {m.how}: {m.who}" + (f" ({weeks})" if weeks else ""))
    if built.holidays:
        echo("\nBank holidays skipped: " + ", ".join(
            f"{name} ({day:%d %b})" for day, name in built.holidays.items()))
    cited = [name for name in dict.fromkeys([*bank.source, *bank.documents])
             if any(name in s.source for s in built.steps)
             or any(name in m.source for m in built.meetings)]
    named = [f"{name[:3]} {bank.documents.get(name, name)}" for name in cited]
    echo(f"\nSources: {'; '.join(named)}. --json gives each step's quote and basis.")
