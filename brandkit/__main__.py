"""`python -m brandkit`: the same command line as the installed `brandkit`."""

from brandkit.cli import run

run()
