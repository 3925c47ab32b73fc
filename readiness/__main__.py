"""`python -m readiness` is the same as `readiness`."""

from readiness.cli.main import main

main()
