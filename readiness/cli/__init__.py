"""The command line (typer): parse, call the core, show. Logic lives in the core."""
