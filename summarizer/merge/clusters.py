"""What the merge shares: each article's independent source, clusters of records found to be one,
and the index through which a record finds the clusters it may join.

Every comparison is made only with candidates found through an index (speaker, rare words),
never with all records, so merging is close to linear in the
number of records (``bench/merge_scale.py``).
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Generic, TypeVar

from summarizer.ground.names import fold
from summarizer.models.records import ArticleExtraction, Citation, Record

R = TypeVar("R", bound=Record)

SIMILAR = 85.0  # token-set similarity (0-100) above which two statements say the same thing
CANDIDATES = 32  # most clusters compared under one index key
RARE_WORDS = 3  # index keys per record for word matching: its rarest words

_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")
_COMMON = frozenset(
    {
        "the", "a", "an", "and", "or", "of", "to", "in", "on", "at", "by", "for", "with", "from", "as",
        "its", "their", "has", "have", "had", "was", "were", "is", "are", "be", "been", "that", "this",
        "which", "who", "said", "says", "after", "before", "over", "into", "than", "more", "also",
    }
)  # fmt: skip


class Sources:
    """What the merge needs to know of each article: its independent source, order and date."""

    def __init__(self, extractions: list[ArticleExtraction]) -> None:
        self.order = {x.article.id: i for i, x in enumerate(extractions)}
        self._outlet = {
            x.article.id: fold(x.article.outlet) if x.article.outlet else None for x in extractions
        }
        self._published = {x.article.id: x.article.published or "" for x in extractions}

    def published(self, article_id: str) -> str | None:
        return self._published.get(article_id) or None

    def key(self, article_id: str) -> str:
        """Articles of one outlet are one source; an article of unknown outlet is its own."""
        return self._outlet.get(article_id) or article_id

    def count(self, citations: Iterable[Citation]) -> int:
        return len({self.key(c.article_id) for c in citations})

    def sort_key(self, record: Record) -> tuple[int, str, int, int]:
        """Most sources first, then earliest published, then first written."""
        first = min(record.citations, key=lambda c: (self.order.get(c.article_id, 0), c.start))
        published = min((self._published.get(c.article_id, "") for c in record.citations), default="")
        return (-record.source_count, published or "~", self.order.get(first.article_id, 0), first.start)


def distinct(citations: Iterable[Citation]) -> list[Citation]:
    """Each cited span once, in first-cited order."""
    distinct: dict[tuple[str, int, int], Citation] = {}
    for c in citations:
        distinct.setdefault((c.article_id, c.start, c.end), c)
    return list(distinct.values())


def comparable_text(text: str) -> str:
    return " ".join(w for w in (fold(w) for w in _WORD.findall(text)) if w not in _COMMON)


class RareWords:
    """Index keys for word matching: a record's rarest words across the whole run."""

    def __init__(self, texts: Iterable[str]) -> None:
        self._frequency = Counter(w for text in texts for w in set(text.split()))

    def keys(self, text: str) -> list[str]:
        words = sorted(set(text.split()), key=lambda w: (self._frequency[w], w))
        return words[:RARE_WORDS]


@dataclass
class Cluster(Generic[R]):
    """Records found to be one: ``record`` is the merged one, ``members`` what it was made of."""

    record: R
    text: str
    members: list[R] = field(default_factory=list)
    sentences: set[tuple[str, int]] = field(default_factory=set)  # (article, start) of each citation

    def absorb(self, record: R) -> None:
        """``record`` joins: reported if any member is, with the first attribution any gives."""
        if self.members:
            if record.status == "reported" and self.record.status != "reported":
                self.record.status, self.record.hedge = "reported", None
            self.record.attribution = self.record.attribution or record.attribution
        self.members.append(record)
        self.sentences |= cited_sentences(record)


class ClusterIndex:
    """Clusters by key; a lookup returns at most ``CANDIDATES`` clusters per key, the latest first."""

    def __init__(self) -> None:
        self._clusters: dict[object, list[int]] = defaultdict(list)

    def add(self, keys: Iterable[object], cluster: int) -> None:
        for key in keys:
            bucket = self._clusters[key]
            if not bucket or bucket[-1] != cluster:
                bucket.append(cluster)

    def candidates(self, keys: Iterable[object]) -> list[int]:
        found: dict[int, None] = {}
        for key in keys:
            for cluster in reversed(self._clusters.get(key, [])[-CANDIDATES:]):
                found.setdefault(cluster, None)
        return sorted(found)


def cited_sentences(record: Record) -> set[tuple[str, int]]:
    return {(c.article_id, c.start) for c in record.citations}
