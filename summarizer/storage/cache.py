"""The extraction cache: the model's validated records, so nothing is paid for twice.

One SQLite row per (article content hash, model, record kind, prompt version, schema version)
holding the records the model returned for that call, and a digest of the sentences the question
showed (their spans in the text): records cite sentences by number, so an answer is used only for
the same sentences, and a change to how texts are cut into sentences asks again. (Answers stored
without a digest, by earlier versions or from a batch, are used as they are.) Grounding is cheap
and deterministic, so it runs again on every use; only the model's answer is cached. Only successful calls are stored, so
a failed call is retried on the next run. Each row is written in its own transaction: a run killed
half-way leaves every finished call cached and nothing half-written.

The same database keeps each article's sentence segmentation (``segmenter``), the slow part of
reading an article, so a rerun over a folder of unchanged articles reads it in seconds.
"""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any, NamedTuple

from summarizer.ingest.sentences import Segmenter, segment_sentences, segmentation_version
from summarizer.models.article import Sentence, Span
from summarizer.storage.cache_dir import connect

FILE_NAME = "extractions.sqlite"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS extractions (
    content_hash   TEXT NOT NULL,
    model          TEXT NOT NULL,
    kind           TEXT NOT NULL,
    prompt_version TEXT NOT NULL,
    schema_version TEXT NOT NULL,
    records        TEXT NOT NULL,
    created_at     REAL NOT NULL,
    sentences      TEXT,              -- digest of the sentence spans the question showed
    PRIMARY KEY (content_hash, model, kind, prompt_version, schema_version)
);
CREATE TABLE IF NOT EXISTS segmentations (
    key            TEXT PRIMARY KEY,  -- sha256 of the segmentation version, the text and its exclusions
    spans          TEXT NOT NULL      -- [[start, end], ...] of sentences 1..n
);
"""


class CacheKey(NamedTuple):
    content_hash: str
    model: str
    kind: str
    prompt_version: str
    schema_version: str


class ModelStats(NamedTuple):
    model: str
    answers: int
    articles: int


class CacheStats(NamedTuple):
    """What the cache holds: model answers, the articles they are for, per model, and its size."""

    answers: int
    articles: int
    stale: int  # answers to prompts or schemas that are no longer current: never read again
    models: list[ModelStats]
    size_bytes: int
    oldest: float | None
    newest: float | None


class ExtractionCache:
    def __init__(self, path: Path) -> None:
        self.path = path
        self._db = connect(path, _SCHEMA)
        columns = {row[1] for row in self._db.execute("PRAGMA table_info(extractions)")}
        if "sentences" not in columns:  # a cache written before answers were tied to their sentences
            self._db.execute("ALTER TABLE extractions ADD COLUMN sentences TEXT")
        self._db.commit()

    def get(self, key: CacheKey, sentences: str | None = None) -> list[dict[str, Any]] | None:
        """The records cached for ``key``; None when there are none, or when they answer a question
        that showed other sentences than ``sentences`` (a digest, see ``sentences_digest``)."""
        row = self._db.execute(
            "SELECT records, sentences FROM extractions WHERE content_hash=? AND model=? AND kind=? "
            "AND prompt_version=? AND schema_version=?",
            key,
        ).fetchone()
        if row is None or (sentences is not None and row[1] is not None and row[1] != sentences):
            return None
        records: list[dict[str, Any]] = json.loads(row[0])  # written by put() below
        return records

    def put(self, key: CacheKey, records: list[dict[str, Any]], sentences: str | None = None) -> None:
        with self._db:
            self._db.execute(
                "INSERT OR REPLACE INTO extractions "
                "(content_hash, model, kind, prompt_version, schema_version, records, created_at, sentences) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (*key, json.dumps(records, ensure_ascii=False), time.time(), sentences),
            )

    def segmenter(self) -> Segmenter:
        """``segment_sentences``, remembered here for each text (and code version) it has seen."""
        version = segmentation_version()

        def segment(text: str, excluded: Sequence[Span]) -> list[Sentence]:
            digest = hashlib.sha256(f"{version}\0{text}\0".encode())
            digest.update(json.dumps([[span.start, span.end] for span in excluded]).encode())
            key = digest.hexdigest()
            row = self._db.execute("SELECT spans FROM segmentations WHERE key=?", (key,)).fetchone()
            if row:
                return [
                    Sentence(id=number, start=start, end=end)
                    for number, (start, end) in enumerate(json.loads(row[0]), start=1)
                ]
            sentences = segment_sentences(text, excluded)
            with self._db:
                self._db.execute(
                    "INSERT OR REPLACE INTO segmentations VALUES (?, ?)",
                    (key, json.dumps([[s.start, s.end] for s in sentences])),
                )
            return sentences

        return segment

    def _stale_condition(self, current: set[tuple[str, str, str]]) -> tuple[str, list[str]]:
        """SQL matching answers whose (kind, prompt version, schema version) is not in ``current``."""
        if not current:
            return "1", []
        pairs = " OR ".join("(kind = ? AND prompt_version = ? AND schema_version = ?)" for _ in current)
        return f"NOT ({pairs})", [value for versions in sorted(current) for value in versions]

    def stats(self, current: set[tuple[str, str, str]]) -> CacheStats:
        """The cache's contents; ``current`` holds the (kind, prompt version, schema version) in use."""
        condition, values = self._stale_condition(current)
        (stale,) = self._db.execute(f"SELECT count(*) FROM extractions WHERE {condition}", values).fetchone()
        # The keys of an article asked about in chunks share its hash, the first 64 characters.
        answers, articles, oldest, newest = self._db.execute(
            "SELECT count(*), count(DISTINCT substr(content_hash, 1, 64)), min(created_at), max(created_at) "
            "FROM extractions"
        ).fetchone()
        models = [
            ModelStats(*row)
            for row in self._db.execute(
                "SELECT model, count(*), count(DISTINCT substr(content_hash, 1, 64)) FROM extractions "
                "GROUP BY model ORDER BY count(*) DESC, model"
            )
        ]
        files = [self.path, self.path.with_name(self.path.name + "-wal")]
        size = sum(f.stat().st_size for f in files if f.exists())
        return CacheStats(answers, articles, stale, models, size, oldest, newest)

    def clear(
        self,
        *,
        model: str | None = None,
        older_than_days: float | None = None,
        stale_except: set[tuple[str, str, str]] | None = None,
    ) -> int:
        """Delete cached answers: of ``model`` only, cached more than ``older_than_days`` ago only,
        or stale only (not one of the ``stale_except`` versions); all of them when nothing narrows
        it. Returns how many were deleted; the file shrinks accordingly."""
        conditions: list[str] = []
        values: list[str | float] = []
        if model is not None:
            conditions.append("model = ?")
            values.append(model)
        if older_than_days is not None:
            conditions.append("created_at < ?")
            values.append(time.time() - older_than_days * 86400)
        if stale_except is not None:
            condition, versions = self._stale_condition(stale_except)
            conditions.append(condition)
            values.extend(versions)
        where = f" WHERE {' AND '.join(conditions)}" if conditions else ""
        with self._db:
            deleted = self._db.execute(f"DELETE FROM extractions{where}", values).rowcount
            if not conditions:
                self._db.execute("DELETE FROM segmentations")
        self._db.execute("VACUUM")
        self._db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        return deleted

    def close(self) -> None:
        self._db.close()
