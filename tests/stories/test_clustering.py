"""Sorting real articles into stories: the seeds, the dev set and the further stories of bench/stories/."""

from pathlib import Path

import pytest

from summarizer.ingest.files import ingest_paths
from summarizer.models.article import Article
from summarizer.stories.clustering import cluster, publication_day
from support.paths import REPO, SEEDS

# Two stories of one royal family, eight months apart, that terms alone do not tell apart where most
# articles carry no date: the coronation of King Charles III and the Queen's death ("King Charles",
# "Camilla", "Buckingham Palace" in both). The whole-set tests leave the coronation out; a test of
# its own holds the failure.
TOLD_TOGETHER = "charles-coronation-2023-05"
ALL_DEVSET = sorted(p for p in (REPO / "bench" / "devset").iterdir() if p.is_dir() and p.name != "cassettes")
DEVSET = [p for p in ALL_DEVSET if p.name != TOLD_TOGETHER]
FURTHER = sorted(p for p in (REPO / "bench" / "stories").iterdir() if p.is_dir())


# An article that terms alone do not place in its story among forty-eight others: a list of foreign
# governments' offers of aid after the Morocco earthquake, which names Germany, Turkey, the United
# States and their aid more than the quake (mean similarity 0.10 to its story, below the linkage's
# 0.14). It is left out of the tests that sort the whole set, and has a test of its own.
AID_LIST = REPO / "bench" / "devset" / "morocco-earthquake-2023-09" / "05-ya-libnan.md"
# An article that terms alone place in another story: a report of damage at SpaceX's launch site
# told through Musk's posts ("Musk said in a tweet on Twitter"), among the articles of Musk's
# Twitter deal, none of which carries a date that would keep it apart (it appeared when the
# eighteenth round's stories shifted the terms' weights). Left out and held the same way.
MUSK_POSTS = REPO / "bench" / "devset" / "starship-flight-test-2023-04" / "06-krgv.md"
SORTED_APART = frozenset({AID_LIST, MUSK_POSTS})


def read(folders: list[Path], leave_out: frozenset[Path] = SORTED_APART) -> tuple[list[Article], list[str]]:
    """The articles of the story folders, and each one's story: its folder's name."""
    paths = [
        p
        for folder in folders
        for p in sorted([*folder.glob("*.md"), *folder.glob("*.txt")])
        if p not in leave_out
    ]
    ingested = ingest_paths(paths)
    assert not ingested.failures
    return ingested.articles, [Path(a.path).parent.name for a in ingested.articles]


def stories(
    folders: list[Path], leave_out: frozenset[Path] = SORTED_APART
) -> tuple[list[set[str]], list[set[str]]]:
    """The groups found and the true ones, each a set of article paths."""
    articles, labels = read(folders, leave_out)
    found = [{articles[i].path for i in group} for group in cluster(articles).groups]
    true = [
        {a.path for a, label in zip(articles, labels, strict=True) if label == name} for name in set(labels)
    ]
    return found, true


def same(found: list[set[str]], true: list[set[str]]) -> bool:
    return sorted(map(sorted, found)) == sorted(map(sorted, true))


def test_the_seeds_are_one_story() -> None:
    found, _ = stories([SEEDS])
    assert len(found) == 1


@pytest.mark.parametrize("folder", ALL_DEVSET, ids=lambda p: p.name)
def test_each_dev_set_story_is_one_story(folder: Path) -> None:
    found, _ = stories([folder])
    assert len(found) == 1


def test_the_dev_set_stories_and_the_seeds_are_told_apart() -> None:
    assert same(*stories([*DEVSET, SEEDS]))


@pytest.mark.xfail(reason="the coronation is sorted with the Queen's death", strict=True)
def test_a_coronation_and_a_royal_death_are_told_apart() -> None:
    assert same(*stories([*ALL_DEVSET, SEEDS]))


@pytest.mark.xfail(reason="a list of aid offers is sorted apart from its earthquake", strict=True)
def test_an_article_that_names_other_countries_more_than_its_story_joins_it() -> None:
    assert same(*stories([*DEVSET, SEEDS], leave_out=SORTED_APART - {AID_LIST}))


@pytest.mark.xfail(
    reason="a launch site's damage, told through Musk's posts, joins his Twitter deal", strict=True
)
def test_an_article_told_through_a_persons_posts_stays_with_its_story() -> None:
    assert same(*stories([*DEVSET, SEEDS], leave_out=SORTED_APART - {MUSK_POSTS}))


def test_stories_of_the_same_kind_are_told_apart_dated_or_not() -> None:
    """Two earthquakes, two jury verdicts, two finals won on penalties, two takeovers, two elections
    three days apart: the same vocabulary, different names and places. Most articles have no date."""
    assert same(*stories([*DEVSET, SEEDS, *FURTHER]))


def test_the_same_articles_give_the_same_groups() -> None:
    articles, _ = read([*DEVSET, *FURTHER])
    assert cluster(articles).groups == cluster(articles).groups


def article(text: str, published: str | None, number: int) -> Article:
    return Article(
        id=str(number), path=f"{number}.txt", content_hash=str(number), text=text, published=published
    )


def test_alike_articles_published_years_apart_are_two_stories() -> None:
    text = (
        "A magnitude 7.1 earthquake struck central Mexico. Rescuers searched collapsed buildings in Puebla."
    )
    dated = [
        article(text + f" Report {n}.", day, n)
        for n, day in enumerate(["2017-09-19", "2017-09-20", "2023-02-07"])
    ]
    assert cluster(dated).groups == [[0, 1], [2]]
    undated = [article(text + f" Report {n}.", None, n) for n in range(3)]
    assert cluster(undated).groups == [[0, 1, 2]]


def test_a_publication_day_is_read_from_an_iso_date_only() -> None:
    assert str(publication_day(article("x", "2024-07-05", 1))) == "2024-07-05"
    assert publication_day(article("x", "last Tuesday", 1)) is None
    assert publication_day(article("x", None, 1)) is None
