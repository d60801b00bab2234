"""``storyfold import``: load a Parquet output (``analyze --parquet DIR``) into a store, batch by batch."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer
from rich.markup import escape
from rich.table import Table

from storyfold.cli.app import app
from storyfold.cli.common import ExitCode, progress_bar, report_skipped, reports_errors, settings_from_options, stderr
from storyfold.cli.spark import merged_reports
from storyfold.errors import InputError

# The AddReport counts the summary shows, with their labels (the same words as `storyfold add`).
SUMMARY_ROWS = (("added", "added"), ("duplicates", "duplicates"), ("unchanged", "already in the store"),
                ("stories_created", "stories created"), ("stories_grown", "stories grown"),
                ("stories_merged", "stories merged"), ("seconds", "time (s)"))


@app.command("import")
@reports_errors
def import_command(
    folder: Annotated[Path, typer.Argument(help="A folder written by `analyze --parquet DIR` (either engine).")],
    db: Annotated[Path | None, typer.Option("--db", help="Store file (else $STORYFOLD_DB, else the per-user "
                                                         "default).")] = None,
    batch: Annotated[int, typer.Option(min=1, help="Articles per store transaction.")] = 2000,
    setting: Annotated[list[str] | None, typer.Option("--set", help="Override a setting: name=value.")] = None,
    progress: Annotated[bool, typer.Option(help="Progress bar on stderr.")] = True,
) -> None:
    """Add the articles of a Parquet output to a store: the store marks copies and assigns stories.

    Each batch is one transaction: a failed import keeps the batches before it, and importing again adds
    only the rest.  Exit code 0: all added or already there; 1: the output lists skipped inputs; 2: misuse.
    """
    from storyfold.engines.parquet import import_parquet
    from storyfold.store import Store

    if not folder.is_dir():
        raise InputError(f"{folder} is not a folder", source=str(folder),
                         fix="pass the folder given to `storyfold analyze --parquet DIR`")
    _require_pyarrow()
    settings = settings_from_options(setting, progress)
    with Store.open(db, settings=settings) as store, progress_bar(settings.progress) as callback:
        if store.migrated_from:
            stderr.print(f"migrated {escape(str(store.path))} from schema {store.migrated_from}", highlight=False)
        reports = import_parquet(folder, store, batch, callback)
    total = merged_reports(reports)
    _print_summary(total, len(reports))
    if report_skipped(total.skipped):
        raise typer.Exit(ExitCode.SKIPPED)


def _require_pyarrow() -> None:
    try:
        import pyarrow  # noqa: F401
    except ImportError:
        raise InputError("pyarrow is not installed", source="storyfold import",
                         fix='install the extra: pip install "storyfold[spark]" (it brings pyarrow)') from None


def _print_summary(total: Any, batches: int) -> None:
    table = Table(show_header=False, box=None, title="storyfold import")
    table.add_row("batches", str(batches))
    for name, label in SUMMARY_ROWS:
        value = getattr(total, name)
        table.add_row(label, f"{value:.1f}" if isinstance(value, float) else str(value))
    table.add_row("skipped", str(len(total.skipped)))
    stderr.print(table)
