"""The typer application object that every command module registers its commands on."""

from __future__ import annotations

import typer

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="Turn raw news pages from many outlets into verified, cited stories.",
)
