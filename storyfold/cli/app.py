"""The typer application object that every command module registers its commands on."""

from __future__ import annotations

import typer

from storyfold.cli.common import global_options

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="Turn raw news pages from many outlets into verified, cited stories.",
    callback=global_options,
    pretty_exceptions_enable=False,  # storyfold.cli.main prints one line instead (the traceback with --debug)
)
