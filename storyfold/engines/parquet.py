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
import types
import typing
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import asdict
from pathlib import Path
from typing import Any

from storyfold.errors import InputError
from storyfold.model import Analysis, Article, Discrepancy, Fact, Quote, RawDocument, RemovedSpan, Skipped, Story

PARQUET_SUFFIXES = (".parquet", ".parq")
# Bookkeeping files Spark and Hadoop committers write beside the part files of a Parquet folder: not inputs.
COMMITTER_MARKERS = ("_SUCCESS", "_committed_", "_started_")
# The tables written by :func:`write_parquet`, in the order a reader would load them.
TABLES = ("articles", "stories", "facts", "quotes", "discrepancies", "skipped", "parses")
# Story parts that get a table of their own: one row per item, with the story id as ``story``.
STORY_PARTS = ("facts", "quotes", "discrepancies")
# The model class behind each table's columns, and the columns that come first (the story's id in a part).
TABLE_MODELS: dict[str, tuple[type, tuple[str, ...]]] = {
    "articles": (Article, ()), "stories": (Story, ()), "facts": (Fact, ("story",)), "quotes": (Quote, ("story",)),
    "discrepancies": (Discrepancy, ("story",)), "skipped": (Skipped, ())}
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
    folder.mkdir(parents=True, exist_ok=True)
    clear_tables(folder)
    return [write_table(folder, table, rows) for table, rows in table_rows(analysis, parsed or {}).items()]


def table_rows(analysis: Analysis, parsed: Mapping[str, Any]) -> dict[str, list[dict[str, Any]]]:
    """The rows of every table: contract objects flattened, story parts with their story's id."""
    pairs = [(article, parsed[article.id]) for article in analysis.articles if article.id in parsed]
    return {"articles": article_rows(analysis.articles), **story_rows(analysis.stories),
            "skipped": [asdict(entry) for entry in analysis.skipped], "parses": parse_rows(pairs)}


def article_rows(articles: Sequence[Article]) -> list[dict[str, Any]]:
    """Rows of the articles table: the contract's article object plus what the store keeps."""
    from storyfold.report.json import article_to_dict

    return [{**article_to_dict(article), **_store_fields(article)} for article in articles]


def story_rows(stories: Sequence[Story]) -> dict[str, list[dict[str, Any]]]:
    """Rows of the stories table and of each story part's table (one row per item, with its story's id)."""
    from storyfold.report.json import story_to_dict

    data = [story_to_dict(story) for story in stories]
    tables = {"stories": data}
    for part in STORY_PARTS:
        tables[part] = [{"story": story["id"], **item} for story in data for item in story[part]]
    return tables


def parse_rows(pairs: Sequence[tuple[Article, Any]]) -> list[dict[str, Any]]:
    """Rows of the parses table: each article's parse in the NLP module's binary form."""
    from storyfold.nlp import parsed_to_bytes

    return [{"article": article.id, "parse": parsed_to_bytes(parsed)} for article, parsed in pairs]


def write_table(folder: Path, table: str, rows: list[dict[str, Any]]) -> Path:
    """``rows`` as ``folder/TABLE.parquet``, in the table's fixed schema (see :func:`table_schema`)."""
    import pyarrow.parquet as pq

    path = folder / f"{table}.parquet"
    pq.write_table(_table(table, rows), path)
    return path


def write_part(folder: Path, table: str, part: int, rows: list[dict[str, Any]]) -> Path:
    """``rows`` as part file ``part`` of ``folder/TABLE.parquet/`` (how an engine's tasks write a table).

    Every part has the table's fixed schema, even an empty one, so a reader of the folder (``pq.read_table``,
    Spark, DuckDB) sees one schema; the part numbers sort in row order.
    """
    import pyarrow.parquet as pq

    path = folder / f"{table}.parquet" / f"part-{part:05d}.parquet"
    path.parent.mkdir(parents=True, exist_ok=True)
    pq.write_table(_table(table, rows), path)
    return path


def clear_tables(folder: Path) -> None:
    """Remove the tables of an earlier output in ``folder`` (a file or a folder of parts each), nothing else."""
    import shutil

    for table in TABLES:
        path = folder / f"{table}.parquet"
        if path.is_dir():
            shutil.rmtree(path)
        elif path.exists():
            path.unlink()


def table_schema(table: str) -> Any:
    """The Arrow schema of one table, from the model's field types: the same whatever rows a writer has.

    Text, numbers and flags are typed columns; lists and nested objects are JSON text.  A schema from the
    rows would differ between part files (a column all null in one part, text in the next).
    """
    import pyarrow as pa

    if table == "parses":
        return pa.schema([("article", pa.string()), ("parse", pa.binary())])
    model, first = TABLE_MODELS[table]
    hints = typing.get_type_hints(model)
    names = [*first, *(name for name in hints if name not in first)] if table != "articles" else _article_columns()
    return pa.schema([(name, _arrow_type(hints.get(name, str))) for name in names])


def _article_columns() -> list[str]:
    from storyfold.report.json import article_to_dict

    return list(dict.fromkeys([*article_to_dict(Article(id="", source="", raw="")), *STORE_ONLY_FIELDS]))


def _arrow_type(annotation: Any) -> Any:
    """Arrow type of one field: its scalar type (optional or not), else JSON text."""
    import pyarrow as pa

    args = [arg for arg in typing.get_args(annotation) if arg is not type(None)]
    if typing.get_origin(annotation) in (typing.Union, types.UnionType) and len(args) == 1:
        annotation = args[0]
    scalar = {bool: pa.bool_(), int: pa.int64(), float: pa.float64(), str: pa.string()}
    if typing.get_origin(annotation) is typing.Literal:
        return pa.string()
    return scalar.get(annotation, pa.string())


def _table(table: str, rows: list[dict[str, Any]]) -> Any:
    """The rows as an Arrow table of the table's schema (nested values as JSON text)."""
    import pyarrow as pa

    schema = table_schema(table)
    text_columns = {field.name for field in schema if pa.types.is_string(field.type)}
    return pa.Table.from_pylist([_cells(row, text_columns) for row in rows], schema=schema)


def _store_fields(article: Article) -> dict[str, Any]:
    return {name: getattr(article, name) for name in STORE_ONLY_FIELDS}


def _cells(row: dict[str, Any], text_columns: set[str]) -> dict[str, Any]:
    """A row ready for its schema: anything but text or null in a text column becomes JSON text."""
    return {key: json.dumps(value, ensure_ascii=False, default=str)
            if key in text_columns and value is not None and not isinstance(value, str) else value
            for key, value in row.items()}


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
        for part in table_files(path):
            handle = pq.ParquetFile(part)
            missing = {"id", "source", "text", *STORE_ONLY_FIELDS} - set(handle.schema_arrow.names)
            if missing:
                raise InputError(f"{part} lacks the column(s) {', '.join(sorted(missing))}", source=str(part),
                                 fix="write it again with this storyfold version's --parquet")
            for batch in handle.iter_batches(batch_size=batch_rows):
                yield [article_from_row(row) for row in batch.to_pylist()]
    except (OSError, ValueError) as exc:  # a damaged file (pyarrow's ArrowInvalid is a ValueError)
        raise InputError(f"{path} is not a readable Parquet table ({exc})", source=str(path),
                         fix="write the output again") from exc


def table_files(path: Path) -> list[Path]:
    """The files of one table: itself, or its part files in row order (a table the engine's tasks wrote)."""
    return sorted(path.glob("part-*.parquet")) if path.is_dir() else [path]


def article_from_row(row: Mapping[str, Any]) -> Article:
    """An :class:`Article` from an articles-table row (JSON text columns decoded)."""
    def listed(name: str) -> list:
        return list(json.loads(row[name])) if row.get(name) else []

    return Article(
        id=row["id"], source=row["source"], raw=row.get("raw") or "", format=row.get("format") or "text",
        is_html=bool(row.get("is_html")), text=row["text"] or "", outlet=row.get("outlet"),
        outlet_source=row.get("outlet_source"), url=row.get("url"),
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
    parts = table_files(path)
    if not parts or not {"article", "parse"} <= set(pq.read_schema(parts[0]).names):
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


__all__ = ["TABLES", "article_from_row", "article_rows", "clear_tables", "import_parquet", "is_committer_marker",
           "is_parquet", "parquet_pieces", "parse_rows", "read_articles", "read_parses", "read_piece", "read_skipped",
           "story_rows", "table_files", "table_schema", "write_parquet", "write_part", "write_table"]
