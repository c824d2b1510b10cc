import math
from collections import Counter
from itertools import product

import pytest

from summarizer.stories.vectors import TERMS_KEPT, Sum, dot, weigh


def test_vectors_have_length_one_and_keep_their_heaviest_terms() -> None:
    counts = [Counter({f"w:t{i}": 1 + i % 3 for i in range(100)}), Counter({"w:t1": 1, "w:t2": 1})]
    vectors = weigh(counts)
    assert all(math.isclose(sum(w * w for w in v.values()), 1.0) for v in vectors)
    assert len(vectors[0]) == TERMS_KEPT
    assert weigh([Counter()]) == [{}]


def test_names_and_places_outweigh_words_and_a_term_no_other_article_uses_counts_less() -> None:
    shared = {"w:quake": 1, "n:alex jones": 1, "p:aleppo": 1}
    first, _ = weigh([Counter({**shared, "w:lone": 1}), Counter(shared)])
    assert first["p:aleppo"] > first["n:alex jones"] > first["w:quake"] > first["w:lone"]


def test_a_term_every_article_uses_still_counts_in_a_small_folder() -> None:
    vectors = weigh([Counter({"p:aleppo": 2, "w:rebel": 1})] * 5)
    assert vectors[0]["p:aleppo"] > 0 and dot(vectors[0], vectors[1]) == pytest.approx(1.0)


def test_the_average_similarity_of_two_groups_is_that_of_every_pair_of_their_articles() -> None:
    vectors = weigh([Counter({"w:a": i + 1, "w:b": 3 - i, "p:c": i % 2}) for i in range(5)])
    left, right = Sum(), Sum()
    for v in vectors[:2]:
        left.add(Sum(v, 1))
    for v in vectors[2:]:
        right.add(Sum(v, 1))
    pairs = [dot(a, b) for a, b in product(vectors[:2], vectors[2:])]
    assert left.average_similarity(right) == pytest.approx(sum(pairs) / len(pairs))
    assert Sum().average_similarity(right) == 0.0
