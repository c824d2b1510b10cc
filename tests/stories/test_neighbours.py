from datetime import date

from summarizer.stories import neighbours
from summarizer.stories.neighbours import neighbour_pairs, periods_meet, within_window

SAME = {"p:aleppo": 1.0}


def test_articles_sharing_a_term_are_neighbours_with_their_exact_similarity() -> None:
    vectors = [{"p:aleppo": 0.6, "w:rebel": 0.8}, {"p:aleppo": 0.8, "w:army": 0.6}, {"w:goal": 1.0}]
    assert neighbour_pairs(vectors, [None] * 3) == [(0, 1, 0.48)]


def test_articles_published_too_far_apart_are_never_neighbours_but_undated_ones_may_be() -> None:
    days = [date(2017, 9, 19), date(2023, 2, 7), None, date(2017, 9, 19 + neighbours.WINDOW_DAYS)]
    pairs = {(i, j) for i, j, _ in neighbour_pairs([SAME] * 4, days)}
    assert pairs == {(0, 2), (0, 3), (1, 2), (2, 3)}
    assert within_window(None, date(2020, 1, 1))


def test_a_term_too_many_articles_hold_links_none(monkeypatch) -> None:
    monkeypatch.setattr(neighbours, "COMMON_TERM_ARTICLES", 3)
    assert neighbour_pairs([SAME] * 4, [None] * 4) == []
    assert len(neighbour_pairs([SAME] * 3, [None] * 3)) == 3


def test_each_article_keeps_its_most_similar_neighbours(monkeypatch) -> None:
    monkeypatch.setattr(neighbours, "MOST_NEIGHBOURS", 2)
    vectors = [{"p:x": 1.0}, *({"p:x": w, "w:y": (1 - w * w) ** 0.5} for w in (0.5, 0.9, 0.7))]
    assert [(i, j) for i, j, _ in neighbour_pairs(vectors, [None] * 4) if i == 0] == [(0, 2), (0, 3)]


def test_a_story_followed_for_a_week_meets_the_next_days_articles() -> None:
    # A story told from the 1st to the 7th continues with articles of the 8th to the 9th.
    assert periods_meet(date(2026, 12, 8), date(2026, 12, 9), date(2026, 12, 1), date(2026, 12, 7))
    assert periods_meet(date(2026, 12, 10), date(2026, 12, 10), date(2026, 12, 1), date(2026, 12, 7))
    # Four days after its last article it has gone quiet as far as likeness goes.
    assert not periods_meet(date(2026, 12, 11), date(2026, 12, 12), date(2026, 12, 1), date(2026, 12, 7))
    assert periods_meet(None, None, date(2026, 12, 1), date(2026, 12, 7))  # an unknown day meets
