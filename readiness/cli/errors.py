"""How the command line shows a problem: one clear message on stderr and a non-zero exit.

Commands raise `ReadinessError`; the root group catches it here, so no command needs
its own try/except and no user sees a traceback for bad input.
"""

from __future__ import annotations

import sys
from typing import Any

import typer
import typer.core

from readiness.errors import ReadinessError


def show_error(error: ReadinessError) -> None:
    for line in str(error).splitlines():
        sys.stderr.write(f"error: {line}\n" if not line.startswith("  ") else f"{line}\n")


class ReadinessGroup(typer.core.TyperGroup):
    """The root command group: turns the app's own errors into a message and an exit code."""

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except ReadinessError as error:
            show_error(error)
            raise typer.Exit(error.exit_code) from None
        except KeyboardInterrupt:
            sys.stderr.write("interrupted: nothing more was written\n")
            raise typer.Exit(130) from None
