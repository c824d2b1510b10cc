"""The call log: every model request of every run, in a local SQLite database.

One row per run (what it was asked to do and what it cost) and one row per HTTP request to a model
(time, model, endpoint host, article, record kind, tokens, latency, outcome). Retries and re-asks
are requests of their own, so the log shows what a server was really sent. Rows are committed as
they happen, so a run that is killed leaves the calls it made. Nothing secret is stored: the
endpoint is kept as its host (never credentials or query), and error texts are the client's
one-line messages, which are scrubbed of the API key.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple
from urllib.parse import urlsplit

from summarizer.storage.cache_dir import connect

FILE_NAME = "calls.sqlite"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS runs (
    id                INTEGER PRIMARY KEY,
    started_at        REAL NOT NULL,
    finished_at       REAL,
    command           TEXT NOT NULL,
    model             TEXT NOT NULL,
    endpoint_host     TEXT NOT NULL,
    articles          INTEGER,
    cached            INTEGER,
    extracted         INTEGER,
    failed            INTEGER
);
CREATE TABLE IF NOT EXISTS calls (
    id                INTEGER PRIMARY KEY,
    run_id            INTEGER NOT NULL REFERENCES runs(id),
    started_at        REAL NOT NULL,
    model             TEXT NOT NULL,
    endpoint_host     TEXT NOT NULL,
    article           TEXT,
    content_hash      TEXT,
    kind              TEXT,
    prompt_tokens     INTEGER,
    completion_tokens INTEGER,
    latency           REAL NOT NULL,
    outcome           TEXT NOT NULL,
    error             TEXT
);
CREATE INDEX IF NOT EXISTS calls_by_run ON calls(run_id);
"""


def endpoint_host(base_url: str) -> str:
    """``host[:port]`` of an endpoint URL, without credentials, path or query."""
    parts = urlsplit(base_url)
    if not parts.hostname:
        return "unknown"
    return f"{parts.hostname}:{parts.port}" if parts.port else parts.hostname


@dataclass(frozen=True)
class CallLabel:
    """What a model call is for: the article and the kind of records asked."""

    article: str
    content_hash: str
    kind: str


class CallRecord(NamedTuple):
    started_at: float
    model: str
    endpoint_host: str
    label: CallLabel | None
    prompt_tokens: int | None
    completion_tokens: int | None
    latency: float
    outcome: str  # ok, invalid output, cut off, HTTP <status>, timeout, connection error
    error: str | None


class RunRow(NamedTuple):
    id: int
    started_at: float
    finished_at: float | None
    command: str
    model: str
    endpoint_host: str
    articles: int | None
    cached: int | None
    extracted: int | None
    failed: int | None
    calls: int
    failed_calls: int
    prompt_tokens: int
    completion_tokens: int


class CallRow(NamedTuple):
    started_at: float
    model: str
    endpoint_host: str
    article: str | None
    kind: str | None
    prompt_tokens: int | None
    completion_tokens: int | None
    latency: float
    outcome: str
    error: str | None


class CallLog:
    """The log database; safe to use from several threads (writes are serialised).

    A call reported once the log is closed (a request that ends while its run is being stopped)
    is not logged."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._closed = False
        self._lock = threading.Lock()
        self._db = connect(path, _SCHEMA, shared_across_threads=True)

    def start_run(self, command: str, model: str, host: str) -> int:
        with self._lock, self._db:
            cursor = self._db.execute(
                "INSERT INTO runs (started_at, command, model, endpoint_host) VALUES (?, ?, ?, ?)",
                (time.time(), command, model, host),
            )
        return int(cursor.lastrowid or 0)

    def finish_run(self, run_id: int, *, articles: int, cached: int, extracted: int, failed: int) -> None:
        with self._lock, self._db:
            self._db.execute(
                "UPDATE runs SET finished_at=?, articles=?, cached=?, extracted=?, failed=? WHERE id=?",
                (time.time(), articles, cached, extracted, failed, run_id),
            )

    def add_call(self, run_id: int, call: CallRecord) -> None:
        label = call.label
        with self._lock:
            if self._closed:
                return
            with self._db:
                self._db.execute(
                    "INSERT INTO calls (run_id, started_at, model, endpoint_host, article, content_hash, kind, "
                    "prompt_tokens, completion_tokens, latency, outcome, error) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (
                        run_id,
                        call.started_at,
                        call.model,
                        call.endpoint_host,
                        label.article if label else None,
                        label.content_hash if label else None,
                        label.kind if label else None,
                        call.prompt_tokens,
                        call.completion_tokens,
                        call.latency,
                        call.outcome,
                        call.error,
                    ),
                )

    def runs(self, limit: int = 10) -> list[RunRow]:
        """The latest ``limit`` runs, newest first, with the totals of their calls."""
        return self._runs("ORDER BY r.id DESC LIMIT ?", (limit,))

    def run(self, run_id: int) -> RunRow | None:
        found = self._runs("HAVING r.id = ?", (run_id,))
        return found[0] if found else None

    def _runs(self, tail: str, values: tuple[int, ...]) -> list[RunRow]:
        rows = self._db.execute(
            f"""
            SELECT r.id, r.started_at, r.finished_at, r.command, r.model, r.endpoint_host,
                   r.articles, r.cached, r.extracted, r.failed,
                   count(c.id), coalesce(sum(c.outcome != 'ok'), 0),
                   coalesce(sum(c.prompt_tokens), 0), coalesce(sum(c.completion_tokens), 0)
            FROM runs r LEFT JOIN calls c ON c.run_id = r.id
            GROUP BY r.id {tail}
            """,
            values,
        )
        return [RunRow(*row) for row in rows]

    def calls(self, run_id: int) -> list[CallRow]:
        """Every call of one run, in the order they were made."""
        rows = self._db.execute(
            "SELECT started_at, model, endpoint_host, article, kind, prompt_tokens, completion_tokens, "
            "latency, outcome, error FROM calls WHERE run_id = ? ORDER BY id",
            (run_id,),
        )
        return [CallRow(*row) for row in rows]

    def close(self) -> None:
        with self._lock:
            self._closed = True
            self._db.close()
