"""Opening the app: `readiness` (start screen), `readiness open FILE`, `readiness demo`."""

from pathlib import Path
from typing import Annotated

import typer

from readiness.cli.common import bank_set, echo


def start(ctx: typer.Context, path: Path | None = None) -> None:
    """Run the terminal app (textual loads only here, never for the light commands)."""
    from readiness.tui.app import make_app

    banks = bank_set(ctx)
    if path is not None:
        from readiness import store

        store.read(path, banks)  # a bad file is one clear line here, before the screen opens
    make_app(banks, path).run()


def register(app: typer.Typer) -> None:
    app.command("open")(open_file)
    app.command("demo")(demo)


def open_file(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(metavar="FILE", help="The assessment file (.toml).")],
) -> None:
    """Open an assessment in the app.

    Example: readiness open ours.toml
    """
    start(ctx, file)


def demo(
    ctx: typer.Context,
    fresh: Annotated[bool, typer.Option("--fresh", help="Start the demo again from scratch "
                                        "(your changes to it are replaced).")] = False,
    file: Annotated[Path | None, typer.Option("--file", help="Where to keep the demo "
                                              "(default: your data folder).",
                                              show_default=False)] = None,
    no_app: Annotated[bool, typer.Option("--no-app", help="Only make the file and print "
                                         "where it is.")] = False,
) -> None:
    """Open a demo: a fictional authority's partly scored assessment, to try things on.

    Example: readiness demo --fresh
    """
    from readiness import demo as demo_module

    path = demo_module.ensure(bank_set(ctx), file, fresh=fresh)
    if no_app:
        echo(str(path))
        return
    start(ctx, path)
