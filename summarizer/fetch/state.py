"""What earlier fetches did, kept in ``fetched.sqlite`` in the cache directory (SQLite, WAL).

- Per feed: the ``ETag`` and ``Last-Modified`` of its last answer, sent back so that an unchanged
  feed is answered 304 with no body.
- Per article: the URLs it was found under (the feed's link, the page's URL after redirects, its
  canonical URL), the hash of the text saved, the file it was saved to, and how: so that a rerun
  fetches no entry twice, and an article under a second URL or in a second feed is saved once.

URLs are remembered in the form ``url_key`` gives them. Each article is recorded in its own
transaction right after its file is written: a run that is killed loses nothing it had saved.
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal
from urllib.parse import urlsplit, urlunsplit

from summarizer.storage.cache_dir import connect

FILE_NAME = "fetched.sqlite"

Outcome = Literal["page", "feed", "skipped"]
"""How an article was saved: from its page, from the feed's text, or not at all (not HTML)."""

_SCHEMA = """
CREATE TABLE IF NOT EXISTS feeds (
    url            TEXT PRIMARY KEY,
    etag           TEXT,
    last_modified  TEXT,
    checked_at     REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS articles (
    id             INTEGER PRIMARY KEY,
    content_hash   TEXT UNIQUE,       -- sha256 of the text saved; NULL when nothing was saved
    path           TEXT,              -- the file written, as it was named then
    outcome        TEXT NOT NULL,     -- page | feed | skipped
    fetched_at     REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS urls (
    url            TEXT PRIMARY KEY,  -- url_key() of a URL the article was found under
    article        INTEGER NOT NULL REFERENCES articles(id)
);
"""

_DEFAULT_PORTS = {"http": 80, "https": 443}


def url_key(url: str) -> str:
    """``url`` as remembered: scheme and host in lower case, no default port, no fragment, ``/`` for
    an empty path. Two spellings of one address get one key; anything else is kept as given."""
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower()
    if ":" in host:  # an IPv6 address keeps its brackets
        host = f"[{host}]"
    try:
        port = parts.port
    except ValueError:
        port = None
    netloc = host if port is None or port == _DEFAULT_PORTS.get(scheme) else f"{host}:{port}"
    return urlunsplit((scheme, netloc, parts.path or "/", parts.query, ""))


@dataclass(frozen=True)
class Known:
    """An article fetched before: how, and where it was saved (None when it was skipped)."""

    article: int
    outcome: Outcome
    path: str | None


class FetchState:
    def __init__(self, path: Path) -> None:
        self.path = path
        self._db = connect(path, _SCHEMA)

    def close(self) -> None:
        self._db.close()

    def validators(self, feed_url: str) -> tuple[str | None, str | None]:
        """The ``ETag`` and ``Last-Modified`` of the feed's last answer."""
        row = self._db.execute(
            "SELECT etag, last_modified FROM feeds WHERE url=?", (url_key(feed_url),)
        ).fetchone()
        return (row[0], row[1]) if row else (None, None)

    def remember_validators(self, feed_url: str, etag: str | None, last_modified: str | None) -> None:
        with self._db:
            self._db.execute(
                "INSERT OR REPLACE INTO feeds (url, etag, last_modified, checked_at) VALUES (?, ?, ?, ?)",
                (url_key(feed_url), etag, last_modified, time.time()),
            )

    def known(self, urls: Iterable[str]) -> Known | None:
        """The article fetched before under any of ``urls``."""
        for url in urls:
            row = self._db.execute(
                "SELECT a.id, a.outcome, a.path FROM urls u JOIN articles a ON a.id = u.article WHERE u.url=?",
                (url_key(url),),
            ).fetchone()
            if row:
                return Known(row[0], row[1], row[2])
        return None

    def with_text(self, content_hash: str) -> Known | None:
        """The article saved before with this very text."""
        row = self._db.execute(
            "SELECT id, outcome, path FROM articles WHERE content_hash=?", (content_hash,)
        ).fetchone()
        return Known(row[0], row[1], row[2]) if row else None

    def record(
        self,
        urls: Iterable[str],
        *,
        outcome: Outcome,
        content_hash: str | None = None,
        path: str | None = None,
    ) -> int:
        """Remember a new article under ``urls``; its id."""
        with self._db:
            cursor = self._db.execute(
                "INSERT INTO articles (content_hash, path, outcome, fetched_at) VALUES (?, ?, ?, ?)",
                (content_hash, path, outcome, time.time()),
            )
            article = cursor.lastrowid
            assert article is not None  # an INSERT always sets it
            self._add_urls(article, urls)
        return article

    def add_urls(self, article: int, urls: Iterable[str]) -> None:
        """Remember further URLs of an article already recorded."""
        with self._db:
            self._add_urls(article, urls)

    def _add_urls(self, article: int, urls: Iterable[str]) -> None:
        self._db.executemany(
            "INSERT OR IGNORE INTO urls (url, article) VALUES (?, ?)",
            [(key, article) for key in dict.fromkeys(url_key(url) for url in urls)],
        )
