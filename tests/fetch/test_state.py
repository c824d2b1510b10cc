from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

import pytest

from summarizer.fetch.state import FILE_NAME, FetchState, Known, url_key


@pytest.fixture
def state(tmp_path: Path) -> Iterator[FetchState]:
    opened = FetchState(tmp_path / "cache" / FILE_NAME)
    yield opened
    opened.close()


@pytest.mark.parametrize(
    ("url", "key"),
    [
        ("HTTPS://News.Example:443/a?b=1#comments", "https://news.example/a?b=1"),
        ("http://news.example:80", "http://news.example/"),
        ("http://news.example:8080/a", "http://news.example:8080/a"),
        ("http://[::1]:8080/a", "http://[::1]:8080/a"),
        ("https://news.example/A/B?Q=1", "https://news.example/A/B?Q=1"),  # paths and queries keep their case
    ],
)
def test_url_key(url: str, key: str) -> None:
    assert url_key(url) == key


def test_the_database_is_in_wal_mode(state: FetchState) -> None:
    with closing(sqlite3.connect(state.path)) as db:
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_validators_are_kept_per_feed(state: FetchState) -> None:
    assert state.validators("https://a.example/feed") == (None, None)
    state.remember_validators("https://a.example/feed", '"v1"', None)
    state.remember_validators("https://b.example/feed", None, "Sat, 05 Dec 2026 10:00:00 GMT")
    state.remember_validators("https://a.example/feed", '"v2"', None)
    assert state.validators("HTTPS://A.example/feed") == ('"v2"', None)
    assert state.validators("https://b.example/feed") == (None, "Sat, 05 Dec 2026 10:00:00 GMT")


def test_an_article_is_known_under_each_of_its_urls_and_its_text(state: FetchState) -> None:
    article = state.record(
        ["https://a.example/story?utm=x", "https://a.example/story"],
        outcome="page",
        content_hash="h1",
        path="feeds/story.md",
    )
    expected = Known(article, "page", "feeds/story.md")
    assert state.known(["https://other.example/x", "https://A.example/story#top"]) == expected
    assert state.known(["https://a.example/other"]) is None
    assert state.with_text("h1") == expected
    assert state.with_text("h2") is None
    state.add_urls(article, ["https://mirror.example/story", "https://a.example/story"])
    assert state.known(["https://mirror.example/story"]) == expected


def test_skipped_entries_have_no_text_and_do_not_collide(state: FetchState) -> None:
    first = state.record(["https://a.example/a.pdf"], outcome="skipped")
    second = state.record(["https://a.example/b.pdf"], outcome="skipped")
    assert first != second
    assert state.known(["https://a.example/b.pdf"]) == Known(second, "skipped", None)


def test_what_was_recorded_survives_reopening(tmp_path: Path) -> None:
    path = tmp_path / FILE_NAME
    first = FetchState(path)
    first.record(["https://a.example/story"], outcome="feed", content_hash="h", path="x.md")
    first.remember_validators("https://a.example/feed", '"e"', None)
    first.close()
    again = FetchState(path)
    assert again.known(["https://a.example/story"]) is not None
    assert again.validators("https://a.example/feed") == ('"e"', None)
    again.close()
