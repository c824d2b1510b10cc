"""Stories across runs: stable ids and slugs, continuing by article or by likeness, merges, quiet stories."""

from pathlib import Path

import pytest

from summarizer.ingest.files import ingest_paths
from summarizer.models.article import Article
from summarizer.storage.story_registry import KnownStory, StoryRegistry
from summarizer.stories.clustering import cluster
from summarizer.stories.continuity import Sorting, sort_stories, story_id
from summarizer.stories.terms import article_terms
from summarizer.stories.vectors import Sum, weigh
from support.paths import REPO

DEVSET = REPO / "bench" / "devset"
DAY = 86400.0
T0 = 1_790_000_000.0


def articles_of(story: str) -> list[Article]:
    return ingest_paths(sorted((DEVSET / story).glob("*.md"))).articles


QUAKE = articles_of("mexico-earthquake-2017-09")
FINAL = articles_of("world-cup-final-2022-12")


@pytest.fixture
def registry(tmp_path: Path) -> StoryRegistry:
    opened = StoryRegistry(tmp_path / "stories.sqlite")
    yield opened
    opened.close()


def run(
    articles: list[Article], registry: StoryRegistry | None, now: float, quiet_days: float = 7
) -> Sorting:
    """One run: its stories sorted and recorded, as a run that wrote its briefings does."""
    sorting = sort_stories(articles, cluster(articles), registry, now, quiet_days)
    if registry is not None:
        update = sorting.registry_update
        registry.record(update.stories, update.articles, update.merged)
    return sorting


def story_with(sorting: Sorting, articles: list[Article], article: Article):
    return next(s for s in sorting.stories if articles.index(article) in s.members)


def test_a_story_keeps_its_id_and_slug_as_it_gains_articles(registry: StoryRegistry) -> None:
    first = run([*QUAKE[:3], *FINAL[:3]], registry, T0)
    second_articles = [*QUAKE, *FINAL]
    second = run(second_articles, registry, T0 + DAY)
    for old in first.stories:
        new = next(s for s in second.stories if s.id == old.id)
        assert (new.slug, new.continued, new.first_seen) == (old.slug, True, T0)
        assert len(new.members) == 6 and len(new.new_members) == 3
    assert len(second.stories) == 2 and not second.quiet


def test_new_articles_alone_continue_the_story_they_are_like(registry: StoryRegistry) -> None:
    """A dated folder a night: none of the night's articles was seen, their likeness links them."""
    first = run(QUAKE[:3], registry, T0)
    second = run(QUAKE[3:], registry, T0 + DAY)
    assert [s.id for s in second.stories] == [first.stories[0].id]
    assert second.stories[0].new_members == [0, 1, 2]


def test_without_a_registry_a_story_is_named_by_its_earliest_article() -> None:
    sorting = run([*FINAL, *QUAKE], None, T0)
    quake = story_with(sorting, [*FINAL, *QUAKE], QUAKE[0])
    earliest = min(QUAKE, key=lambda a: (a.published or "9999", QUAKE.index(a)))
    assert quake.id == story_id(earliest) and not quake.continued
    assert [s.id for s in run([*FINAL, *QUAKE], None, T0 + DAY).stories] == [s.id for s in sorting.stories]


def test_two_stories_that_turn_out_to_be_one_are_merged_into_the_older(registry: StoryRegistry) -> None:
    vectors = weigh([article_terms(a) for a in QUAKE])

    def known(story: str, slug: str, members: range, first_seen: float) -> KnownStory:
        total = Sum()
        for i in members:
            total.add(Sum(vectors[i], 1))
        return KnownStory(story, slug, slug, first_seen, first_seen, total.count, total.mean())

    older, newer = (
        known("older", "quake-a", range(0, 2), T0),
        known("newer", "quake-b", range(2, 4), T0 + DAY),
    )
    registry.record(
        [older, newer], {"older": [a.id for a in QUAKE[:2]], "newer": [a.id for a in QUAKE[2:4]]}, {}
    )
    sorting = run(QUAKE, registry, T0 + 2 * DAY)
    [story] = sorting.stories
    assert (story.id, story.slug, story.continued) == ("older", "quake-a", True)
    assert [(m.id, m.slug) for m in story.merged] == [("newer", "quake-b")]
    assert [s.id for s in registry.stories()] == ["older"]
    assert set(registry.stories_of(a.id for a in QUAKE).values()) == {"older"}


def test_a_quiet_story_is_kept_for_the_quiet_days_then_forgotten(registry: StoryRegistry) -> None:
    first = run(QUAKE[:3], registry, T0)
    quake = first.stories[0]
    other_night = run(FINAL, registry, T0 + 2 * DAY)
    assert [s.id for s in other_night.quiet] == [quake.id] and not other_night.expired
    still = run(QUAKE[3:], registry, T0 + 6.9 * DAY)  # within 7 days of its last new article
    assert still.stories[0].id == quake.id
    gone = run(QUAKE[:3], registry, T0 + 6.9 * DAY + 7.1 * DAY, quiet_days=7)
    assert [s.id for s in gone.expired] == [quake.id, other_night.stories[0].id]
    assert not gone.stories[0].continued and gone.stories[0].first_seen == T0 + 14 * DAY


def test_a_story_rerun_with_no_new_article_stays_as_active_as_it_was(registry: StoryRegistry) -> None:
    run(QUAKE, registry, T0)
    run(QUAKE, registry, T0 + 5 * DAY)  # the same folder again: nothing new
    [kept] = registry.stories()
    assert kept.last_active == T0
    assert run(QUAKE, registry, T0 + 8 * DAY).expired  # quiet for 8 days, though seen every night


def test_alike_articles_published_long_after_a_story_start_a_new_one(registry: StoryRegistry) -> None:
    first = run(QUAKE[:3], registry, T0)
    later = [a.model_copy(update={"published": "2017-10-09"}) for a in QUAKE[3:]]
    second = run(later, registry, T0 + DAY)
    assert not second.stories[0].continued and second.stories[0].id != first.stories[0].id
    [kept, new] = registry.stories()
    assert (str(kept.first_day), str(kept.last_day)) == ("2017-09-20", "2017-09-20")
    assert (str(new.first_day), str(new.last_day)) == ("2017-10-09", "2017-10-09")
