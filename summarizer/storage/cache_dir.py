"""The cache directory: where it is, and opening its databases with one-line errors."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from summarizer.errors import CacheDirError

ENV_CACHE_DIR = "SUMMARIZER_CACHE_DIR"

_Database = TypeVar("_Database")


def default_cache_dir() -> Path:
    """``SUMMARIZER_CACHE_DIR``, else the user cache directory (``~/.cache/summarizer`` on Linux)."""
    override = os.environ.get(ENV_CACHE_DIR)
    if override:
        return Path(override)
    import platformdirs  # only when no directory is given

    return Path(platformdirs.user_cache_dir("summarizer"))


def open_in_cache_dir(open_database: Callable[[Path], _Database], path: Path, what: str) -> _Database:
    """``open_database(path)``, its errors (a folder that is a file or read-only, a file that is
    not a database) turned into ``CacheDirError``."""
    try:
        return open_database(path)
    except OSError as error:
        where = f": {error.filename}" if error.filename else ""
        reason = f"{(error.strerror or str(error)).lower()}{where}"
    except sqlite3.Error as error:
        reason = str(error)
    raise CacheDirError(f"{path}: cannot open the {what} ({reason})")


def connect(path: Path, schema: str, *, shared_across_threads: bool = False) -> sqlite3.Connection:
    """A SQLite database at ``path`` (its folder made if need be) in WAL mode, which a killed run
    cannot leave half-written, with the tables of ``schema`` created where missing."""
    path.parent.mkdir(parents=True, exist_ok=True)
    db = sqlite3.connect(path, timeout=30, check_same_thread=not shared_across_threads)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=NORMAL")
    db.executescript(schema)
    db.commit()
    return db
