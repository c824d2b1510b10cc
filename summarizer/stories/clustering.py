"""A folder's articles sorted into stories by their text, deterministically and without any model.

The articles' terms (``terms.py``) are weighed over the folder (``vectors.py``); the pairs of
articles worth comparing are found through an index of their terms, within a window of
publication days (``neighbours.py``); average linkage merges them into groups (``linkage.py``).
The same articles in the same order always give the same groups.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from summarizer.ground.dates import published_day
from summarizer.models.article import Article
from summarizer.stories.linkage import average_linkage
from summarizer.stories.neighbours import neighbour_pairs
from summarizer.stories.terms import article_terms
from summarizer.stories.vectors import Vector, weigh


@dataclass(frozen=True)
class Clustering:
    """The groups of articles (indices into the articles given) and each article's vector."""

    groups: list[list[int]]
    vectors: list[Vector]


def cluster(articles: Sequence[Article]) -> Clustering:
    """The stories ``articles`` tell, each a group of indices into ``articles``, by first article."""
    vectors = weigh([article_terms(a) for a in articles])
    days = [publication_day(a) for a in articles]
    pairs = neighbour_pairs(vectors, days)
    return Clustering(average_linkage(vectors, pairs, days=days), vectors)


def publication_day(article: Article) -> date | None:
    """The day an article was published, where its ``published`` is an ISO date (ingest makes it one)."""
    return published_day(article.published)
