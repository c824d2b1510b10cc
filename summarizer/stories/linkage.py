"""Groups of articles by average linkage: the two most alike groups merge while they are alike enough.

Every article starts as a group of its own. The two groups whose articles are on average the most
similar (the mean similarity of every article of one with every article of the other) merge, as
long as that average is at least ``THRESHOLD``; then again, until no two groups are. Averaging
over every pair keeps a chain of articles, each like the next, from joining two stories that only
its ends tell (single linkage would), and a long story's loosely related articles together (as
complete linkage would not).

Two groups whose publication days do not meet (``neighbours.periods_meet``: their dated articles
more than ``WINDOW_DAYS`` apart) never merge, however alike: articles of no known day, alike to
both, would otherwise join two stories months apart that tell alike events (a health emergency
declared, another ended).

Only groups that hold a pair of neighbours (``neighbours.py``) are candidates, so the work grows
with the number of neighbour pairs, not with the square of the number of articles; the average
itself is computed exactly, from the groups' vector sums (``vectors.Sum``). Merges are made in
order of similarity, ties broken by article order, so the same articles always give the same
groups.
"""

from __future__ import annotations

import heapq
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from summarizer.stories.neighbours import Pair, periods_meet
from summarizer.stories.vectors import Sum, Vector

THRESHOLD = 0.14


@dataclass
class _Group:
    members: list[int]
    total: Sum
    first: date | None = None  # the earliest and latest publication days of its dated articles
    last: date | None = None
    neighbours: set[int] = field(default_factory=set)
    version: int = 0

    def meets(self, other: _Group) -> bool:
        return periods_meet(self.first, self.last, other.first, other.last)


def average_linkage(
    vectors: Sequence[Vector],
    pairs: Sequence[Pair],
    threshold: float = THRESHOLD,
    days: Sequence[date | None] | None = None,
) -> list[list[int]]:
    """The groups of articles (indices into ``vectors``), each in index order, by first member;
    ``days`` are the articles' publication days, where known."""
    known = days or [None] * len(vectors)
    groups = {i: _Group([i], Sum(v, 1), known[i], known[i]) for i, v in enumerate(vectors)}
    queue: list[tuple[float, int, int, int, int]] = []
    for i, j, similarity in pairs:
        groups[i].neighbours.add(j)
        groups[j].neighbours.add(i)
        queue.append((-similarity, i, j, 0, 0))
    heapq.heapify(queue)
    while queue:
        negative, a, b, version_a, version_b = heapq.heappop(queue)
        if -negative < threshold:
            break
        first, second = groups.get(a), groups.get(b)
        if first is None or second is None or (first.version, second.version) != (version_a, version_b):
            continue  # a group has changed since this similarity was computed
        if not first.meets(second):
            continue  # stories of days too far apart
        _merge(groups, a, b)
        first.version += 1
        for other in first.neighbours:
            neighbour = groups[other]
            similarity = first.total.average_similarity(neighbour.total)
            if similarity >= threshold:
                low, high = (a, other) if a < other else (other, a)
                versions = (
                    (first.version, neighbour.version) if low == a else (neighbour.version, first.version)
                )
                heapq.heappush(queue, (-similarity, low, high, *versions))
    return sorted((sorted(g.members) for g in groups.values()), key=lambda members: members[0])


def _merge(groups: dict[int, _Group], keep: int, gone: int) -> None:
    """Group ``gone`` joins group ``keep``; their neighbours become ``keep``'s."""
    first, second = groups[keep], groups.pop(gone)
    first.members += second.members
    dated = [d for d in (first.first, first.last, second.first, second.last) if d is not None]
    first.first, first.last = (min(dated), max(dated)) if dated else (None, None)
    if len(second.total.vector) > len(first.total.vector):  # add the smaller sum into the larger
        first.total, second.total = second.total, first.total
    first.total.add(second.total)
    for other in second.neighbours:
        if other != keep:
            neighbour = groups[other]
            neighbour.neighbours.discard(gone)
            neighbour.neighbours.add(keep)
            first.neighbours.add(other)
    first.neighbours.discard(gone)
    first.neighbours.discard(keep)
