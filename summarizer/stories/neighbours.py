"""The pairs of articles worth comparing, found through an index of their terms, never all pairs.

Each term lists the articles whose vectors hold it (an inverted index). An article is compared
only with the articles that share at least one of its terms, and the dot product of two vectors
is added up term by term along those lists, so it is exact for every pair found and costs
nothing for the pairs that share no term. A term that more than ``max(COMMON_TERM_ARTICLES, N /
COMMON_TERM_SHARE)`` of the ``N`` articles hold is as common as a word of everyday news at that
scale: it links no pair (in a folder of up to that many articles every term is used).

Two articles whose publication days are more than ``WINDOW_DAYS`` apart are never neighbours: an
earthquake of 2017 and one of 2023 are two stories however alike their words. An article without a
date may be a neighbour of any other.

Each article keeps at most ``MOST_NEIGHBOURS`` neighbours, the most similar, and only those at
least ``MIN_SIMILARITY`` alike: enough to propose every group worth merging (``linkage.py``
computes the groups' similarities from their vectors, not from these pairs), while memory stays
proportional to the number of articles.
"""

from __future__ import annotations

import bisect
import heapq
from collections.abc import Sequence
from datetime import date

from summarizer.stories.vectors import Vector

WINDOW_DAYS = 3
COMMON_TERM_ARTICLES = 300
COMMON_TERM_SHARE = 20
MOST_NEIGHBOURS = 10
MIN_SIMILARITY = 0.04

Pair = tuple[int, int, float]  # (article, later article, similarity)


def neighbour_pairs(vectors: Sequence[Vector], days: Sequence[date | None]) -> list[Pair]:
    """Each article's most similar neighbours, as pairs ``(i, j, similarity)`` with ``i < j``."""
    postings: dict[str, tuple[list[int], list[float]]] = {}
    for index, vector in enumerate(vectors):
        for term, weight in vector.items():
            ids, weights = postings.setdefault(term, ([], []))
            ids.append(index)
            weights.append(weight)
    common = max(COMMON_TERM_ARTICLES, len(vectors) // COMMON_TERM_SHARE)
    linking = {t: p for t, p in postings.items() if 1 < len(p[0]) <= common}
    pairs: list[Pair] = []
    for index, vector in enumerate(vectors):
        shared: dict[int, float] = {}
        for term, weight in vector.items():
            if (posting := linking.get(term)) is None:
                continue
            ids, weights = posting
            for at in range(bisect.bisect_right(ids, index), len(ids)):
                other = ids[at]
                shared[other] = shared.get(other, 0.0) + weight * weights[at]
        close = [
            (other, similarity)
            for other, similarity in shared.items()
            if similarity >= MIN_SIMILARITY and within_window(days[index], days[other])
        ]
        for other, similarity in heapq.nlargest(MOST_NEIGHBOURS, close, key=_most_similar_first):
            pairs.append((index, other, similarity))
    return pairs


def within_window(a: date | None, b: date | None) -> bool:
    """Whether two publication days are close enough for one story (an unknown day always is)."""
    return a is None or b is None or abs((a - b).days) <= WINDOW_DAYS


def periods_meet(
    first: date | None, last: date | None, other_first: date | None, other_last: date | None
) -> bool:
    """Whether two spells of publication days (first to last) come within ``WINDOW_DAYS`` of each
    other: a story followed for a week continues with the next day's articles (an unknown day
    always meets)."""
    if first is None or last is None or other_first is None or other_last is None:
        return True
    return max((first - other_last).days, (other_first - last).days) <= WINDOW_DAYS


def _most_similar_first(item: tuple[int, float]) -> tuple[float, int]:
    return item[1], -item[0]
