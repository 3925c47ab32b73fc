"""Board packs: `readiness export` and `readiness snapshot`."""

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from readiness.cli.assessments import FileArg, open_edit
from readiness.cli.common import bank_set, echo, read_assessment, table, terminal_safe

if TYPE_CHECKING:  # (the model is imported when a command runs: `--version` stays quick)
    from readiness.assessment import Board


def register(app: typer.Typer) -> None:
    app.command("export")(export)
    app.command("snapshot")(snapshot)


def _print_schema(value: bool) -> None:
    if value:
        from readiness.reports.jsondoc import schema

        echo(schema().rstrip("\n"))
        raise typer.Exit()


def export(
    ctx: typer.Context,
    file: FileArg,
    fmt: Annotated[str | None, typer.Option(
        "--format", "-f", help="html, docx, xlsx, md, csv or json (default: from the -o "
        "file's extension, else html).", show_default=False)] = None,
    output: Annotated[Path | None, typer.Option(
        "--output", "-o", help="Where to write (default: beside the assessment, named "
        "NAME-board-pack-DATE.EXT); - for standard output (md, csv, json).",
        show_default=False)] = None,
    force: Annotated[bool, typer.Option(
        "--force", help="Replace the output file if it already exists.")] = False,
    since: Annotated[str | None, typer.Option(
        "--since", help="Compare with this snapshot (see `readiness snapshot FILE --list`).",
        show_default=False)] = None,
    include_case_refs: Annotated[bool, typer.Option(
        "--include-case-refs", help="Include case IDs (left out unless asked for).")] = False,
    board: Annotated[str | None, typer.Option(
        "--board", help='The board the paper goes to, e.g. "Corporate Parenting Board" '
        "(remembered in the file for the next export).", show_default=False)] = None,
    meeting: Annotated[str | None, typer.Option(
        "--meeting", help="The meeting's date: 2027-01-20 or 20/01/2027 (remembered).",
        show_default=False)] = None,
    lead: Annotated[str | None, typer.Option(
        "--lead", help='The lead officer, e.g. "Director of Children\'s Services" '
        "(remembered).", show_default=False)] = None,
    recommendation: Annotated[str | None, typer.Option(
        "--recommendation", help="What the board is asked to do: note, endorse or agree "
        "(remembered; note unless given).", show_default=False)] = None,
    marking: Annotated[str | None, typer.Option(
        "--marking", help="Protective marking: OFFICIAL or OFFICIAL-SENSITIVE (remembered; "
        "OFFICIAL unless given).", show_default=False)] = None,
    by_framework: Annotated[str | None, typer.Option(
        "--by-framework", help="Group strengths and priorities by this framework's outcomes "
        "and enablers, each tagged as Ofsted tags findings, e.g. national-framework-2023 "
        "(through the crosswalk from the assessment's bank); own: by the bank's own "
        "judgements (remembered).", show_default=False)] = None,
    schema: Annotated[bool, typer.Option(
        "--schema", is_eager=True, callback=_print_schema, expose_value=False,
        help="Print the JSON export's JSON Schema and stop (no FILE needed).")] = False,
) -> None:
    """Make a board paper: front sheet, position, confidence, trend, strengths, priorities,
    action plan; the item tables as an appendix.

    The trend compares with the latest snapshot unless --since names another (its label,
    any case, or a date: the last snapshot taken on or before it).

    Example: readiness export ours.toml -f docx --board "Corporate Parenting Board"
    --meeting 2027-01-20 --lead "Director of Children's Services" --recommendation note

    Example: readiness export ours.toml --by-framework national-framework-2023
    """
    import sys

    from readiness.edits import board_from
    from readiness.errors import ReadinessError
    from readiness.reports.export import FORMATS, default_output, export_text
    from readiness.reports.export import export as make

    given = board_from(name=board, meeting=meeting, lead=lead, recommendation=recommendation,
                       marking=marking, by_framework=by_framework)

    to_stdout = output is not None and str(output) == "-"
    if fmt is None:
        fmt = next((f for f, ext in FORMATS.items()
                    if output is not None and not to_stdout and output.suffix.lower() == ext),
                   "html")
    fmt = fmt.lower().lstrip(".")
    if fmt not in FORMATS:
        raise ReadinessError(f"{fmt!r} is not an export format",
                             hint=f"Use one of: {', '.join(FORMATS)}.")
    if given.by_framework not in ("", "own"):  # a framework that cannot be used is not kept
        from readiness.reports.export import framing

        data, bank = read_assessment(ctx, file)
        framing(bank_set(ctx), bank, data, given)
    _remember(ctx, file, given)
    if to_stdout:
        data, bank = read_assessment(ctx, file)
        text = export_text(bank, data, fmt, since=since, include_cases=include_case_refs,
                           board=given, banks=bank_set(ctx))
        sys.stdout.write(terminal_safe(text) if sys.stdout.isatty() else text)
        return
    target = output or default_output(file, fmt)
    if output is not None and output.suffix.lower() != FORMATS[fmt] and not output.is_dir():
        sys.stderr.write(f"warning: {output.name} does not end in {FORMATS[fmt]}, so it may "
                         f"not open in the right program; writing {fmt} anyway\n")
    existed = target.is_file()
    if existed and not force and output is not None:  # the dated default is simply renewed
        raise ReadinessError("a file with this name already exists; nothing was written (add "
                             "--force to replace it, or choose another name with -o)",
                             file=target)
    data, bank = read_assessment(ctx, file)
    made = make(bank, data, fmt, target, since=since, include_cases=include_case_refs,
                board=given, banks=bank_set(ctx))
    echo(f"Wrote {made}" + (" (replaced the earlier file)" if existed else ""))


def _remember(ctx: typer.Context, file: Path, given: "Board") -> None:
    """Keep the board's details given on the command line in the file, for next time."""
    from readiness.assessment import Board

    if given == Board():
        return
    from readiness import store

    editable = open_edit(ctx, file)
    if editable.set_board(given):
        store.save(editable)


def snapshot(
    ctx: typer.Context,
    file: FileArg,
    label: Annotated[str | None, typer.Option(
        "--label", "-l", help='A name for this moment, e.g. "Q3 board".',
        show_default=False)] = None,
    list_them: Annotated[bool, typer.Option("--list", help="List the snapshots.")] = False,
) -> None:
    """Freeze today's judgements and grades inside the file, to compare later packs with.

    Example: readiness snapshot ours.toml --label "Q3 board"
    """
    from readiness import store
    from readiness.judgement import judge
    from readiness.snapshots import take

    if list_them or label is None:
        data, _ = read_assessment(ctx, file)
        rows = [[s.label, f"{s.taken:%d %b %Y %H:%M}",
                 s.judgements["overall"].likely.replace("_", " ")
                 if "overall" in s.judgements else ""] for s in data.snapshots]
        echo(table(rows, header=["SNAPSHOT", "TAKEN", "OVERALL"]) if rows else
             'No snapshots yet. Take one with: readiness snapshot FILE --label "Q3 board"')
        return
    editable = open_edit(ctx, file)
    shot = take(label, editable.bank, editable.data, judge(editable.bank, editable.data))
    editable.add_snapshot(shot)
    store.save(editable)
    echo(f"Snapshot {shot.label!r} kept in {file}. "
         f"Compare later with: readiness export {file} --since {shot.label!r}")
