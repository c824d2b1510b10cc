import sqlite3
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from summarizer.storage.story_registry import KnownStory, StoryRegistry


def story(story_id: str, slug: str, last_active: float = 10.0) -> KnownStory:
    return KnownStory(
        story_id, slug, f"Headline {slug}", 1.0, last_active, 2, {"p:aleppo": 0.5, "w:rebel": 0.25}
    )


def test_stories_their_days_and_their_articles_are_kept_across_openings(tmp_path: Path) -> None:
    path = tmp_path / "cache" / "stories.sqlite"
    registry = StoryRegistry(path)
    dated = replace(story("a", "aleppo"), first_day=date(2024, 11, 27), last_day=date(2024, 11, 30))
    registry.record([dated], {"a": ["x1", "x2"]}, {})
    registry.close()
    reopened = StoryRegistry(path)
    assert reopened.stories() == [dated]
    assert reopened.stories_of(["x1", "x2", "x3"]) == {"x1": "a", "x2": "a"}
    reopened.close()


def test_a_story_keeps_the_slug_it_was_first_written_with(tmp_path: Path) -> None:
    registry = StoryRegistry(tmp_path / "stories.sqlite")
    registry.record([story("a", "aleppo")], {}, {})
    changed = KnownStory("a", "renamed", "New headline", 1.0, 20.0, 5, {"w:x": 1.0})
    registry.record([changed], {"a": ["x9"]}, {})
    [kept] = registry.stories()
    assert (kept.slug, kept.headline, kept.last_active, kept.articles, kept.mean) == (
        "aleppo",
        "New headline",
        20.0,
        5,
        {"w:x": 1.0},
    )


def test_a_merged_story_is_gone_and_its_articles_belong_to_the_story_it_joined(tmp_path: Path) -> None:
    registry = StoryRegistry(tmp_path / "stories.sqlite")
    registry.record([story("a", "one"), story("b", "two")], {"a": ["x1"], "b": ["x2"]}, {})
    registry.record([story("a", "one")], {"a": ["x3"]}, {"b": "a"})
    assert [s.id for s in registry.stories()] == ["a"]
    assert registry.stories_of(["x1", "x2", "x3"]) == {"x1": "a", "x2": "a", "x3": "a"}


def test_stories_quiet_since_before_a_time_are_forgotten_with_their_articles(tmp_path: Path) -> None:
    registry = StoryRegistry(tmp_path / "stories.sqlite")
    registry.record([story("old", "old", 5.0), story("new", "new", 50.0)], {"old": ["x1"], "new": ["x2"]}, {})
    assert [s.id for s in registry.expire(before=10.0)] == ["old"]
    assert [s.id for s in registry.stories()] == ["new"]
    assert registry.stories_of(["x1", "x2"]) == {"x2": "new"}
    registry.record([story("other", "old")], {}, {})  # the forgotten story's slug is free again


def test_many_articles_are_looked_up_at_once(tmp_path: Path) -> None:
    registry = StoryRegistry(tmp_path / "stories.sqlite")
    ids = [f"x{i}" for i in range(1200)]
    registry.record([story("a", "a")], {"a": ids}, {})
    assert len(registry.stories_of([*ids, "unknown"])) == 1200


def test_a_run_that_fails_half_way_changes_nothing(tmp_path: Path) -> None:
    registry = StoryRegistry(tmp_path / "stories.sqlite")
    registry.record([story("a", "one")], {"a": ["x1"]}, {})
    clash = [story("b", "two"), story("c", "one")]  # "one" is a's slug: the second insert fails
    with pytest.raises(sqlite3.IntegrityError):
        registry.record(clash, {"b": ["x2"]}, {})
    assert [s.id for s in registry.stories()] == ["a"] and registry.stories_of(["x2"]) == {}
