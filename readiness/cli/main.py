"""The `readiness` command: the root group, global options and the command groups.

Command modules import the core inside their bodies, so `readiness --version` and
`readiness banks list` stay as light as typer itself (measured by `make bench`).
"""


from pathlib import Path
from typing import Annotated

import typer

from readiness import __version__
from readiness.cli import actions, assessments, audits, banks, evidence, mock, reports, workshop
from readiness.cli import app as app_commands
from readiness.cli.common import Options
from readiness.cli.errors import ReadinessGroup

app = typer.Typer(
    name="readiness",
    cls=ReadinessGroup,
    help=(
        "Score your children's services against Ofsted's inspection framework, attach "
        "evidence, see likely judgement ranges and brief your boards.\n\n"
        "Run with no command to open the app (recent assessments, new, demo).\n\n"
        "Example: readiness new ours.toml --bank sif-2015 --authority \"Northshire\""
    ),
    add_completion=False,
    invoke_without_command=True,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"readiness {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    ctx: typer.Context,
    banks_dir: Annotated[
        Path | None,
        typer.Option(
            "--banks-dir",
            envvar="READINESS_BANKS",
            help="A folder of your own question banks (*.toml), loaded beside the shipped ones.",
            show_default=False,
        ),
    ] = None,
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Show the version."),
    ] = False,
) -> None:
    ctx.obj = Options(banks_dir=banks_dir)
    if ctx.invoked_subcommand is None:
        app_commands.start(ctx)


app.add_typer(banks.app, name="banks")
app.add_typer(evidence.app, name="evidence")
app.add_typer(actions.app, name="action")
app.add_typer(audits.app, name="audit")
assessments.register(app)
reports.register(app)
app_commands.register(app)
mock.register(app)
workshop.register(app)


def main() -> None:
    app()
