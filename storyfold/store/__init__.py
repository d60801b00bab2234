"""The SQLite corpus store (see storyfold.store.store): ``Store.open(path)``, ``add``, the CorpusReader reads."""

from storyfold.store.store import DB_ENV, AddReport, Store, default_db_path

__all__ = ["DB_ENV", "AddReport", "Store", "default_db_path"]
