"""The extraction cache: the model's validated records, so nothing is paid for twice.

One SQLite row per (article content hash, model, record kind, prompt version, schema version)
holding the records the model returned for that call. Grounding is cheap and deterministic, so it
runs again on every use; only the model's answer is cached. Only successful calls are stored, so
a failed call is retried on the next run. Each row is written in its own transaction: a run killed
half-way leaves every finished call cached and nothing half-written.
"""

from __future__ import annotations

import json
import sqlite3
import time
from pathlib import Path
from typing import Any, NamedTuple

_SCHEMA = """
CREATE TABLE IF NOT EXISTS extractions (
    content_hash   TEXT NOT NULL,
    model          TEXT NOT NULL,
    kind           TEXT NOT NULL,
    prompt_version TEXT NOT NULL,
    schema_version TEXT NOT NULL,
    records        TEXT NOT NULL,
    created_at     REAL NOT NULL,
    PRIMARY KEY (content_hash, model, kind, prompt_version, schema_version)
)
"""


class CacheKey(NamedTuple):
    content_hash: str
    model: str
    kind: str
    prompt_version: str
    schema_version: str


class ExtractionCache:
    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self._db = sqlite3.connect(path, timeout=30)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.execute(_SCHEMA)
        self._db.commit()

    def get(self, key: CacheKey) -> list[dict[str, Any]] | None:
        row = self._db.execute(
            "SELECT records FROM extractions WHERE content_hash=? AND model=? AND kind=? "
            "AND prompt_version=? AND schema_version=?",
            key,
        ).fetchone()
        return json.loads(row[0]) if row else None

    def put(self, key: CacheKey, records: list[dict[str, Any]]) -> None:
        with self._db:
            self._db.execute(
                "INSERT OR REPLACE INTO extractions VALUES (?, ?, ?, ?, ?, ?, ?)",
                (*key, json.dumps(records, ensure_ascii=False), time.time()),
            )

    def close(self) -> None:
        self._db.close()
