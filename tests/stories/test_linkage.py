import random
from datetime import date
from itertools import combinations

from summarizer.stories.linkage import average_linkage
from summarizer.stories.vectors import dot, unit


def all_pairs(vectors):
    return [(i, j, dot(a, b)) for (i, a), (j, b) in combinations(enumerate(vectors), 2) if dot(a, b) > 0]


def naive_average_linkage(vectors, threshold):
    """Average linkage over every pair of groups, the slow and obvious way."""
    groups = [[i] for i in range(len(vectors))]

    def average(a, b):
        return sum(dot(vectors[i], vectors[j]) for i in a for j in b) / (len(a) * len(b))

    while len(groups) > 1:
        best, a, b = max((average(a, b), a, b) for a, b in combinations(groups, 2))
        if best < threshold:
            break
        groups.remove(a)
        groups.remove(b)
        groups.append(sorted(a + b))
    return sorted(groups)


def test_groups_are_those_of_average_linkage_over_every_pair() -> None:
    rng = random.Random(4)
    terms = [f"w:t{i}" for i in range(12)]
    for _ in range(20):
        vectors = [unit((t, rng.random()) for t in rng.sample(terms, 4)) for _ in range(14)]
        for threshold in (0.2, 0.35, 0.5):
            assert average_linkage(vectors, all_pairs(vectors), threshold) == naive_average_linkage(
                vectors, threshold
            )


def test_a_chain_of_articles_each_like_the_next_does_not_join_its_unlike_ends() -> None:
    # a is like b, b like c, c like d; a and d share nothing: single linkage would make one group
    a, b, c, d = ({"w:x": 1.0}, unit([("w:x", 1), ("w:y", 1)]), unit([("w:y", 1), ("w:z", 1)]), {"w:z": 1.0})
    vectors = [a, b, c, d]
    assert average_linkage(vectors, all_pairs(vectors), 0.5) == [[0, 1], [2, 3]]


def test_articles_with_no_neighbour_stay_alone() -> None:
    vectors = [{"w:x": 1.0}, {"w:y": 1.0}]
    assert average_linkage(vectors, [], 0.1) == [[0], [1]]


def test_groups_of_days_too_far_apart_never_merge_however_an_undated_article_bridges_them() -> None:
    # a (2023-05) and c (2024-08) are alike, and b, of no known day, is like both
    vectors = [{"w:x": 1.0}, {"w:x": 1.0}, {"w:x": 1.0}]
    days = [date(2023, 5, 5), None, date(2024, 8, 14)]
    assert average_linkage(vectors, all_pairs(vectors), 0.5, days=days) == [[0, 1], [2]]
    # Must not trigger: days that meet (a story followed over a few days), or none known.
    near = [date(2023, 5, 5), None, date(2023, 5, 7)]
    assert average_linkage(vectors, all_pairs(vectors), 0.5, days=near) == [[0, 1, 2]]
    assert average_linkage(vectors, all_pairs(vectors), 0.5) == [[0, 1, 2]]
