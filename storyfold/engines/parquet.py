"""Parquet in and out: article rows as input, the contract's objects as tables, and a store import.

Input: a Parquet file (or a folder of part files, as Spark writes them) holds one article per row with the
JSONL record's fields: a ``text`` or ``html`` column (or an alias the JSONL reader knows), and optional
``url``/``title``/``published``/``outlet``/``source``/``authors``/``language``.  Each row goes through the
JSONL reader's own :func:`~storyfold.ingest.jsonl.record_document`, so a row means what the same record
means in a JSONL dump, and is named ``file.parquet#N`` (N the 1-based row in its file).  The file's footer
(schema and row groups) is read on the driver; rows are read by the tasks, one row group at a time.

Output: one table per contract object.  Scalar fields are columns; nested ones (lists, objects) are JSON
text columns, so a reader sees the contract's own shape without a Parquet schema per nested object.  The
articles table also carries what the store keeps and the contract leaves out (raw page, encoding,
warnings, container fields), and ``parses`` holds each article's NLP parse in the NLP module's binary
form, so ``storyfold import`` loads a store without parsing again.

Only pyarrow is needed here (imported inside functions), not PySpark: ``storyfold import`` runs without it.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any

from storyfold.errors import InputError
from storyfold.model import Analysis, Article, RawDocument, RemovedSpan, Skipped

PARQUET_SUFFIXES = (".parquet", ".parq")
# Bookkeeping files Spark and Hadoop committers write beside the part files of a Parquet folder: not inputs.
COMMITTER_MARKERS = ("_SUCCESS", "_committed_", "_started_")
# The tables written by :func:`write_parquet`, in the order a reader would load them.
TABLES = ("articles", "stories", "facts", "quotes", "discrepancies", "skipped", "parses")
# Story parts that get a table of their own: one row per item, with the story id as ``story``.
STORY_PARTS = ("facts", "quotes", "discrepancies")
# An empty table still says its shape (readers join on these columns).
EMPTY_COLUMNS = {"skipped": ("source", "reason"), "facts": ("story",), "quotes": ("story",),
                 "discrepancies": ("story",), "parses": ("article", "parse")}
# Articles per store transaction on import: large enough that the store's per-batch work (story assignment)
# is paid rarely, small enough that a batch's articles and parses sit comfortably in the driver's memory.
IMPORT_BATCH_ROWS = 2000
# Article fields the store keeps beyond the contract's article object (see storyfold.store.codec).
STORE_ONLY_FIELDS = ("raw", "is_html", "encoding", "encoding_confidence", "warnings", "fields")


def is_parquet(name: str) -> bool:
    return name.lower().endswith(PARQUET_SUFFIXES)


def is_committer_marker(name: str) -> bool:
    return os.path.basename(name).startswith(COMMITTER_MARKERS)


# --------------------------------------------------------------------------- input


def parquet_pieces(source: str, path: str, rows_per_piece: int) -> list[tuple[int, int, int, int]] | Skipped:
    """(row group, first row of the group in the file, start, stop within the group) for each piece of work.

    Only the footer is read.  A file that is not Parquet is a skipped input (as any unreadable file); a
    Parquet file without a ``text`` or ``html`` column is misuse and raises: none of its rows could ever be
    an article.  A large row group is cut into pieces so one file still spreads over many tasks.
    """
    import pyarrow.parquet as pq

    try:
        meta = pq.ParquetFile(path).metadata
    except Exception as exc:  # pyarrow raises ArrowInvalid, OSError, ... for a damaged footer
        return Skipped(source, f"not a readable Parquet file: {exc.__class__.__name__}: {str(exc)[:200]}")
    _check_page_column(source, [meta.schema.column(i).path.split(".")[0] for i in range(meta.num_columns)])
    pieces, first = [], 0
    for group in range(meta.num_row_groups):
        rows = meta.row_group(group).num_rows
        pieces += [(group, first, start, min(start + rows_per_piece, rows)) for start in range(0, rows, rows_per_piece)]
        first += rows
    return pieces


def _check_page_column(source: str, columns: list[str]) -> None:
    from storyfold.ingest.jsonl import HTML_KEYS, TEXT_KEYS

    if not {name.lower() for name in columns} & {*HTML_KEYS, *TEXT_KEYS}:
        shown = ", ".join(dict.fromkeys(columns)) or "none"
        raise InputError(f"{source}: Parquet file has no 'text' or 'html' column (its columns: {shown})",
                         source=source, fix="name the column holding each article's page 'text' (plain text) "
                                            "or 'html' (markup)")


def read_piece(source: str, path: str, piece: tuple[int, int, int, int], max_bytes: int
               ) -> Iterator[tuple[int, RawDocument | Skipped]]:
    """(row number in the file, record) for one piece, as the JSONL reader makes records; a bad row is skipped."""
    import pyarrow.parquet as pq

    from storyfold.ingest import repaired_fields
    from storyfold.ingest.decode import repair_text
    from storyfold.ingest.jsonl import record_document

    group, first, start, stop = piece
    rows = pq.ParquetFile(path).read_row_group(group).slice(start, stop - start).to_pylist()
    for row_no, row in enumerate(rows, start=first + start):
        record_source = f"{source}#{row_no + 1}"
        size = sum(len(value) for value in row.values() if isinstance(value, str | bytes))
        if size > max_bytes:
            yield row_no, Skipped(record_source, f"record too large ({size:,} bytes; max_input_bytes is "
                                                 f"{max_bytes:,})")
            continue
        item = record_document(record_source, row)
        if isinstance(item, RawDocument):
            item.content = repair_text(item.content)
            item.fields = repaired_fields(item.fields)
        yield row_no, item


# --------------------------------------------------------------------------- output


def write_parquet(analysis: Analysis, folder: Path, parsed: Mapping[str, Any] | None = None) -> list[Path]:
    """One Parquet file per table in ``folder``; ``parsed`` (article id -> parse) fills the parses table."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for table, rows in table_rows(analysis, parsed or {}).items():
        path = folder / f"{table}.parquet"
        empty = pa.table({name: pa.array([], pa.string()) for name in EMPTY_COLUMNS.get(table, ())})
        pq.write_table(_table(rows) if rows else empty, path)
        written.append(path)
    return written


def table_rows(analysis: Analysis, parsed: Mapping[str, Any]) -> dict[str, list[dict[str, Any]]]:
    """The rows of every table: contract objects flattened, story parts with their story's id."""
    from storyfold.nlp import parsed_to_bytes
    from storyfold.report.json import analysis_to_dict

    data = analysis_to_dict(analysis)
    tables: dict[str, list[dict[str, Any]]] = {
        "articles": [_flat({**row, **_store_fields(article)})
                     for row, article in zip(data["articles"], analysis.articles, strict=True)],
        "stories": [_flat(row) for row in data["stories"]],
    }
    for part in STORY_PARTS:
        tables[part] = [_flat({"story": story["id"], **item}) for story in data["stories"] for item in story[part]]
    tables["skipped"] = [_flat(row) for row in data["skipped"]]
    tables["parses"] = [{"article": a.id, "parse": parsed_to_bytes(parsed[a.id])}
                        for a in analysis.articles if a.id in parsed]
    return tables


def _table(rows: list[dict[str, Any]]) -> Any:
    """A table with a column for every key of any row (pyarrow takes the columns from the first row alone)."""
    import pyarrow as pa

    columns = list(dict.fromkeys(key for row in rows for key in row))
    return pa.Table.from_pylist([{key: row.get(key) for key in columns} for row in rows])


def _store_fields(article: Article) -> dict[str, Any]:
    return {name: getattr(article, name) for name in STORE_ONLY_FIELDS}


def _flat(row: dict[str, Any]) -> dict[str, Any]:
    return {key: value if value is None or isinstance(value, str | bool | int | float)
            else json.dumps(value, ensure_ascii=False, default=str) for key, value in row.items()}


# --------------------------------------------------------------------------- reading our own output back


def output_table(folder: Path, table: str) -> Path:
    """The path of one output table, or an error that names the folder and what is missing."""
    path = folder / f"{table}.parquet"
    if not path.exists():
        raise InputError(f"{folder} holds no {table}.parquet: not a storyfold Parquet output", source=str(folder),
                         fix="pass the folder given to --parquet (it holds articles.parquet and skipped.parquet)")
    return path


def read_articles(folder: Path, batch_rows: int) -> Iterator[list[Article]]:
    """The articles of a Parquet output, ``batch_rows`` at a time, in the order the run kept them."""
    import pyarrow.parquet as pq

    path = output_table(folder, "articles")
    try:
        handle = pq.ParquetFile(path)
        missing = {"id", "source", "text", *STORE_ONLY_FIELDS} - set(handle.schema_arrow.names)
        if missing:
            raise InputError(f"{path} lacks the column(s) {', '.join(sorted(missing))}", source=str(path),
                             fix="write it again with this storyfold version's --parquet")
        for batch in handle.iter_batches(batch_size=batch_rows):
            yield [article_from_row(row) for row in batch.to_pylist()]
    except (OSError, ValueError) as exc:  # a damaged file (pyarrow's ArrowInvalid is a ValueError)
        raise InputError(f"{path} is not a readable Parquet table ({exc})", source=str(path),
                         fix="write the output again") from exc


def article_from_row(row: Mapping[str, Any]) -> Article:
    """An :class:`Article` from an articles-table row (JSON text columns decoded)."""
    def listed(name: str) -> list:
        return list(json.loads(row[name])) if row.get(name) else []

    return Article(
        id=row["id"], source=row["source"], raw=row.get("raw") or "", format=row.get("format") or "text",
        is_html=bool(row.get("is_html")), text=row["text"] or "", outlet=row.get("outlet"), url=row.get("url"),
        title=row.get("title"), authors=listed("authors"), published=row.get("published"),
        language=row.get("language"), removed=[RemovedSpan(**span) for span in listed("removed")],
        duplicate_of=row.get("duplicate_of"), duplicate_reason=row.get("duplicate_reason"),
        fields=json.loads(row["fields"]) if row.get("fields") else {}, encoding=row.get("encoding"),
        encoding_confidence=row.get("encoding_confidence"), warnings=listed("warnings"),
    )


def read_skipped(folder: Path) -> list[Skipped]:
    import pyarrow.parquet as pq

    rows = pq.read_table(output_table(folder, "skipped")).to_pylist()
    return [Skipped(row["source"], row["reason"]) for row in rows]


def read_parses(folder: Path, ids: set[str]) -> dict[str, Any]:
    """The stored parses of ``ids`` (none when the output has no parses table, or a parse is damaged)."""
    import pyarrow.parquet as pq

    from storyfold.nlp import parsed_from_bytes

    path = folder / "parses.parquet"
    if not path.exists() or not ids:
        return {}
    if not {"article", "parse"} <= set(pq.ParquetFile(path).schema_arrow.names):
        return {}  # an empty parses table: the store parses the articles itself
    parsed = {}
    for row in pq.read_table(path, filters=[("article", "in", sorted(ids))]).to_pylist():
        try:
            parsed[row["article"]] = parsed_from_bytes(row["parse"])
        except ValueError:
            continue  # a damaged parse: the store parses that article itself
    return parsed


# --------------------------------------------------------------------------- into a store


def import_parquet(folder: Path, store: Any, batch_rows: int = IMPORT_BATCH_ROWS,
                   progress: Callable[[str, int, int], None] | None = None) -> list[Any]:
    """Add a Parquet output's articles to ``store`` (a :class:`storyfold.store.Store`), batch by batch.

    Each batch is one ``Store.add_articles`` call, so one transaction: an import that fails part-way keeps
    the batches before it, and running it again adds only the rest (stored ids are left unchanged).  The
    store marks copies and assigns stories itself; the output's stored parses spare it the NLP.  The
    output's skipped rows go with the first batch, so the store's run history lists them.  Returns each
    batch's ``AddReport``.
    """
    folder = Path(folder)
    skipped = read_skipped(folder)
    reports = []
    for batch in read_articles(folder, batch_rows):
        parsed = read_parses(folder, {article.id for article in batch})
        reports.append(store.add_articles(batch, parsed, skipped=skipped, progress=progress))
        skipped = []
    if skipped or not reports:
        reports.append(store.add_articles([], skipped=skipped))
    return reports


__all__ = ["TABLES", "article_from_row", "import_parquet", "is_committer_marker", "is_parquet", "parquet_pieces",
           "read_articles", "read_parses", "read_piece", "read_skipped", "write_parquet"]
