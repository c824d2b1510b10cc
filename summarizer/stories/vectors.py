"""Each article as a weighted vector of its terms, and the similarity of two articles or groups.

A term's weight in an article is tf-idf-like, over the folder being sorted:

- ``1 + log(count)``: a term used often matters more, but not in proportion;
- times ``log((N + PSEUDO_ARTICLES) / (df + 0.5))``, where ``df`` of the ``N`` articles use the term:
  a term few articles use tells more. The ``PSEUDO_ARTICLES`` count as if the folder also held
  that many articles about other things, so that in a folder of five articles about one story, the
  words all five use still count;
- times the weight of its kind (``KIND_WEIGHTS``): a story is above all who and where, so names
  and places weigh more than other words;
- times ``LONE_TERM_WEIGHT`` for a term no other article of the folder uses: it can link the
  article to nothing, and at full weight it would only make the article look unlike every other.

Each article keeps its ``TERMS_KEPT`` heaviest terms, scaled to length 1, so the similarity of two
articles is the dot product of their vectors (their cosine), between 0 and 1. The average
similarity of every article of one group with every article of another is the dot product of the
two groups' mean vectors; ``Sum`` keeps a group's sum, from which every such average is computed.
"""

from __future__ import annotations

import heapq
import math
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence

from summarizer.stories.terms import NAME, PLACE, WORD

Vector = dict[str, float]

PSEUDO_ARTICLES = 40
KIND_WEIGHTS = {WORD: 1.0, NAME: 2.0, PLACE: 5.0}
LONE_TERM_WEIGHT = 0.3
TERMS_KEPT = 60
_KIND_LENGTH = len(WORD)


def weigh(counts: Sequence[Mapping[str, int]]) -> list[Vector]:
    """One vector per article, from how often each article uses each term (``terms.article_terms``)."""
    total = len(counts)
    used_by: Counter[str] = Counter(
        term for article in counts for term, count in article.items() if count > 0
    )
    vectors = []
    for article in counts:
        weights = {
            term: (1 + math.log(count))
            * math.log((total + PSEUDO_ARTICLES) / (used_by[term] + 0.5))
            * KIND_WEIGHTS[term[:_KIND_LENGTH]]
            * (LONE_TERM_WEIGHT if used_by[term] == 1 else 1.0)
            for term, count in article.items()
            if count > 0
        }
        vectors.append(unit(heapq.nlargest(TERMS_KEPT, weights.items(), key=_heaviest_first)))
    return vectors


def unit(weights: Iterable[tuple[str, float]]) -> Vector:
    """``weights`` scaled to length 1 (an empty vector stays empty)."""
    kept = dict(weights)
    length = math.sqrt(sum(w * w for w in kept.values()))
    return {term: w / length for term, w in kept.items()} if length else {}


def dot(a: Mapping[str, float], b: Mapping[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(w * b[t] for t, w in a.items() if t in b)


def heaviest(vector: Mapping[str, float], count: int) -> list[tuple[str, float]]:
    """The ``count`` heaviest terms of ``vector``, heaviest first (ties in term order)."""
    return heapq.nlargest(count, vector.items(), key=_heaviest_first)


class Sum:
    """The sum of a group's article vectors and how many articles it adds up."""

    def __init__(self, vector: Mapping[str, float] | None = None, count: int = 0) -> None:
        self.vector: Vector = dict(vector or {})
        self.count = count

    def add(self, other: Sum) -> None:
        for term, weight in other.vector.items():
            self.vector[term] = self.vector.get(term, 0.0) + weight
        self.count += other.count

    def mean(self) -> Vector:
        return {t: w / self.count for t, w in self.vector.items()} if self.count else {}

    def average_similarity(self, other: Sum) -> float:
        """The average similarity of each article of this group with each article of ``other``."""
        if not (self.count and other.count):
            return 0.0
        return dot(self.vector, other.vector) / (self.count * other.count)


def _heaviest_first(item: tuple[str, float]) -> tuple[float, str]:
    return item[1], item[0]
