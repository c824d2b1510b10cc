"""The story registry: the stories earlier runs saw, so that a story keeps its id and slug from night to night.

One row per story (id, slug, headline, when a run first saw it, when a run last brought it a new
article, how many articles it holds, the first and last days its articles were published, and
the mean vector of their terms, its heaviest terms only) and one row per article that belongs to a
story. ``stories/continuity.py`` decides which stories
a run continues, creates and merges; this module only keeps them. A run's changes are written in
one transaction (``record``), so a run that is killed leaves the registry as the previous run did.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from summarizer.storage.cache_dir import connect

FILE_NAME = "stories.sqlite"
DEFAULT_QUIET_DAYS = 7.0  # how long a story no run brings a new article to is kept

_SCHEMA = """
CREATE TABLE IF NOT EXISTS stories (
    id          TEXT PRIMARY KEY,
    slug        TEXT NOT NULL UNIQUE,
    headline    TEXT NOT NULL,
    first_seen  REAL NOT NULL,   -- when a run first saw the story (seconds since the epoch)
    last_active REAL NOT NULL,   -- when a run last brought it an article it did not have
    articles    INTEGER NOT NULL,
    first_day   TEXT,            -- the first and last publication days of its dated articles (ISO)
    last_day    TEXT,
    mean        TEXT NOT NULL    -- JSON {term: weight}: the mean of its articles' vectors, heaviest terms
);
CREATE TABLE IF NOT EXISTS story_articles (
    article_id  TEXT PRIMARY KEY,
    story_id    TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS story_articles_by_story ON story_articles(story_id);
"""


@dataclass
class KnownStory:
    """A story as the registry keeps it."""

    id: str
    slug: str
    headline: str
    first_seen: float
    last_active: float
    articles: int
    mean: dict[str, float]
    first_day: date | None = None
    last_day: date | None = None


class StoryRegistry:
    def __init__(self, path: Path) -> None:
        self.path = path
        self._db = connect(path, _SCHEMA)

    def expire(self, before: float) -> list[KnownStory]:
        """Forget the stories no run has brought a new article since ``before``; the stories forgotten."""
        gone = self._stories("WHERE last_active < ?", (before,))
        with self._db:
            for story in gone:
                self._db.execute("DELETE FROM story_articles WHERE story_id = ?", (story.id,))
                self._db.execute("DELETE FROM stories WHERE id = ?", (story.id,))
        return gone

    def stories(self) -> list[KnownStory]:
        """Every story kept, oldest first."""
        return self._stories("", ())

    def stories_of(self, article_ids: Iterable[str]) -> dict[str, str]:
        """Article id → the id of the story it belongs to, for the articles that belong to one."""
        found: dict[str, str] = {}
        ids = list(article_ids)
        for start in range(0, len(ids), 500):  # SQLite's limit on bound parameters
            batch = ids[start : start + 500]
            rows = self._db.execute(
                f"SELECT article_id, story_id FROM story_articles WHERE article_id IN ({','.join('?' * len(batch))})",
                batch,
            )
            found.update(dict(rows))
        return found

    def articles_of(self, story_id: str) -> set[str]:
        """The ids of the articles that belong to the story ``story_id``."""
        rows = self._db.execute("SELECT article_id FROM story_articles WHERE story_id = ?", (story_id,))
        return {article_id for (article_id,) in rows}

    def record(
        self,
        stories: Sequence[KnownStory],
        articles: Mapping[str, Sequence[str]],
        merged: Mapping[str, str],
    ) -> None:
        """In one transaction: ``merged`` (story id → the id of the story it turned out to be) are
        folded into their stories, ``stories`` are written as they are now (a story keeps the slug
        it was first written with), and ``articles`` (story id → article ids) join them."""
        with self._db:
            for gone, into in merged.items():
                self._db.execute("UPDATE story_articles SET story_id = ? WHERE story_id = ?", (into, gone))
                self._db.execute("DELETE FROM stories WHERE id = ?", (gone,))
            for story in stories:
                self._db.execute(
                    "INSERT INTO stories (id, slug, headline, first_seen, last_active, articles, first_day, "
                    "last_day, mean) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET "
                    "headline = excluded.headline, last_active = excluded.last_active, "
                    "articles = excluded.articles, first_day = excluded.first_day, "
                    "last_day = excluded.last_day, mean = excluded.mean",
                    (
                        story.id,
                        story.slug,
                        story.headline,
                        story.first_seen,
                        story.last_active,
                        story.articles,
                        story.first_day.isoformat() if story.first_day else None,
                        story.last_day.isoformat() if story.last_day else None,
                        json.dumps(story.mean, sort_keys=True),
                    ),
                )
            for story_id, article_ids in articles.items():
                self._db.executemany(
                    "INSERT OR REPLACE INTO story_articles (article_id, story_id) VALUES (?, ?)",
                    [(article_id, story_id) for article_id in article_ids],
                )

    def close(self) -> None:
        self._db.close()

    def _stories(self, where: str, values: tuple[float, ...]) -> list[KnownStory]:
        rows = self._db.execute(
            "SELECT id, slug, headline, first_seen, last_active, articles, mean, first_day, last_day "
            f"FROM stories {where} ORDER BY first_seen, id",
            values,
        )
        return [
            KnownStory(
                id,
                slug,
                headline,
                first_seen,
                last_active,
                articles,
                json.loads(mean),
                date.fromisoformat(first_day) if first_day else None,
                date.fromisoformat(last_day) if last_day else None,
            )
            for id, slug, headline, first_seen, last_active, articles, mean, first_day, last_day in rows
        ]
