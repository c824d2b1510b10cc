"""Which story each group of a run's articles is: one an earlier run saw, or a new one.

With a registry (``storage/story_registry.py``), a group of articles continues a story an earlier
run saw when it holds an article of that story, or when its articles are on average as alike to
that story's articles as two articles must be to join one story (``linkage.THRESHOLD``; the
story's mean vector stands for its articles) and were published within ``neighbours.WINDOW_DAYS``
of the story's days, as two articles of one story must be. It then keeps that story's id and slug. A group
that continues two or more stories shows that they are one: they are merged into the one first
seen, and the others are listed as merged into it. Two groups that continue one story are one
story. A story that no run has brought a new article for ``quiet_days`` days is forgotten first,
so that a later article starts a new story rather than continue a stale one.

A new story's id is the start of a hash of its first article (the earliest published, then the
first in order), so the same articles give the same id even without a registry; its slug comes
from its headline (``headlines.py``). Nothing is written here: ``Sorting.registry_update`` is
what the caller records once the run's briefings are written.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from summarizer.models.article import Article
from summarizer.storage.story_registry import DEFAULT_QUIET_DAYS, KnownStory, StoryRegistry
from summarizer.stories.clustering import Clustering, publication_day
from summarizer.stories.headlines import headline, slug
from summarizer.stories.linkage import THRESHOLD
from summarizer.stories.neighbours import periods_meet
from summarizer.stories.vectors import Sum, Vector, dot, heaviest

MEAN_TERMS_KEPT = 100
PROPOSING_TERMS = 20
COMMON_TERM_STORIES = 50
_DAY = 86400.0


@dataclass(frozen=True)
class MergedStory:
    """A story an earlier run saw that turned out to be part of another."""

    id: str
    slug: str
    headline: str


@dataclass
class Story:
    """One story of a run: its articles (indices into the run's articles) and what the registry knew."""

    id: str
    slug: str
    headline: str
    members: list[int]
    new_members: list[int]  # the members no story had before this run
    first_seen: float
    continued: bool  # an earlier run saw it
    merged: list[MergedStory] = field(default_factory=list)
    known_articles: set[str] = field(default_factory=set)  # ids of its articles earlier runs saw


@dataclass(frozen=True)
class RegistryUpdate:
    """What a run changes in the registry (``StoryRegistry.record``'s arguments)."""

    stories: list[KnownStory]
    articles: dict[str, list[str]]
    merged: dict[str, str]


@dataclass
class Sorting:
    """A run's stories, largest first, and what to record in the registry."""

    stories: list[Story]
    quiet: list[KnownStory]  # kept stories that this run's articles do not continue
    expired: list[KnownStory]  # stories forgotten by this run: quiet for too long
    registry_update: RegistryUpdate


def sort_stories(
    articles: Sequence[Article],
    clustering: Clustering,
    registry: StoryRegistry | None,
    now: float,
    quiet_days: float = DEFAULT_QUIET_DAYS,
) -> Sorting:
    """The stories of ``articles``, continuing those in ``registry`` (None: every story is new)."""
    expired = registry.expire(now - quiet_days * _DAY) if registry else []
    known = {s.id: s for s in (registry.stories() if registry else [])}
    belongs = registry.stories_of(a.id for a in articles) if registry else {}
    vectors = clustering.vectors
    components = _components(articles, clustering, known, belongs)

    taken = {s.slug for s in known.values()}
    used_ids = set(known)
    stories: list[Story] = []
    update = RegistryUpdate([], {}, {})
    for groups, stored in components:
        members = sorted(i for g in groups for i in clustering.groups[g])
        new_members = [i for i in members if articles[i].id not in belongs]
        title = headline(articles, vectors, members)
        if stored:
            stored.sort(key=lambda s: (s.first_seen, s.id))
            survivor, others = stored[0], stored[1:]
            story = Story(survivor.id, survivor.slug, title, members, new_members, survivor.first_seen, True)
            story.merged = [MergedStory(s.id, s.slug, s.headline) for s in others]
            story.known_articles = (
                {a for s in stored for a in registry.articles_of(s.id)} if registry else set()
            )
            update.merged.update({s.id: survivor.id for s in others})
        else:
            new_id = _new_id(articles, members, used_ids)
            story = Story(new_id, slug(title, taken), title, members, new_members, now, False)
        used_ids.add(story.id)
        taken.add(story.slug)
        stories.append(story)
        update.stories.append(_known(story, stored, articles, vectors, now))
        update.articles[story.id] = [articles[i].id for i in new_members]
    stories.sort(key=lambda s: (-len(s.members), s.members[0]))
    continued = {s.id for s in stories} | {m.id for s in stories for m in s.merged}
    quiet = [s for s in known.values() if s.id not in continued]
    return Sorting(stories, quiet, expired, update)


def _components(
    articles: Sequence[Article],
    clustering: Clustering,
    known: dict[str, KnownStory],
    belongs: dict[str, str],
) -> list[tuple[list[int], list[KnownStory]]]:
    """The run's stories as (groups, known stories): a group and a known story are one when the
    group holds an article of it or is alike to it; what is one with one thing is one with all."""
    parent = list(range(len(clustering.groups)))  # groups, then known stories, as nodes
    story_node: dict[str, int] = {}

    def find(node: int) -> int:
        while parent[node] != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    def join(group: int, story_id: str) -> None:
        if story_id not in story_node:
            story_node[story_id] = len(parent)
            parent.append(len(parent))
        a, b = find(group), find(story_node[story_id])
        parent[max(a, b)] = min(a, b)  # a root is always a group's node

    alike = _StoryIndex(list(known.values()))
    for number, group in enumerate(clustering.groups):
        for story_id in {belongs[articles[i].id] for i in group if articles[i].id in belongs} & known.keys():
            join(number, story_id)
        days = [d for i in group if (d := publication_day(articles[i])) is not None]
        group_sum = _sum(clustering.vectors, group)
        for story_id in alike.alike(group_sum, min(days, default=None), max(days, default=None)):
            join(number, story_id)

    components: dict[int, tuple[list[int], list[KnownStory]]] = {}
    for number in range(len(clustering.groups)):
        components.setdefault(find(number), ([], []))[0].append(number)
    for story_id, node in story_node.items():
        components[find(node)][1].append(known[story_id])
    return list(components.values())


def story_id(article: Article) -> str:
    """The id of a story first told by ``article``."""
    return hashlib.sha256(f"story:{article.content_hash}".encode()).hexdigest()[:12]


class _StoryIndex:
    """Known stories found by the heaviest terms of a group, among the terms of their mean vectors.

    A group's ``PROPOSING_TERMS`` heaviest terms propose the stories that hold them, except a term
    more than ``COMMON_TERM_STORIES`` stories hold: it is too common to tell which one a group
    goes on with (its own story shares terms that fewer stories hold: its places and names). The
    likeness of the stories proposed is computed over all their terms.
    """

    def __init__(self, stories: Sequence[KnownStory]) -> None:
        self._stories = stories
        postings: dict[str, list[int]] = {}
        for number, story in enumerate(stories):
            for term in story.mean:
                postings.setdefault(term, []).append(number)
        self._postings = {t: p for t, p in postings.items() if len(p) <= COMMON_TERM_STORIES}

    def alike(self, group: Sum, first_day: date | None, last_day: date | None) -> list[str]:
        """The ids of the stories whose articles are on average alike enough to the group's, and
        were published close enough to its days (``first_day`` to ``last_day``; None: unknown)."""
        mean = group.mean()
        candidates = {n for term, _ in heaviest(mean, PROPOSING_TERMS) for n in self._postings.get(term, ())}
        return [
            story.id
            for story in (self._stories[n] for n in sorted(candidates))
            if periods_meet(first_day, last_day, story.first_day, story.last_day)
            and dot(mean, story.mean) >= THRESHOLD
        ]


def _sum(vectors: Sequence[Vector], members: Sequence[int]) -> Sum:
    total = Sum()
    for i in members:
        total.add(Sum(vectors[i], 1))
    return total


def _new_id(articles: Sequence[Article], members: Sequence[int], used: set[str]) -> str:
    """The id of the story first told by its earliest article (another member's if that id is in use)."""
    by_age = sorted(members, key=lambda i: (publication_day(articles[i]) or date.max, i))
    for i in by_age:
        if (candidate := story_id(articles[i])) not in used:
            return candidate
    number = 2
    while f"{story_id(articles[by_age[0]])}-{number}" in used:
        number += 1
    return f"{story_id(articles[by_age[0]])}-{number}"


def _known(
    story: Story,
    stored: Sequence[KnownStory],
    articles: Sequence[Article],
    vectors: Sequence[Vector],
    now: float,
) -> KnownStory:
    """The story as the registry is to keep it: its articles' mean and days now, with this run's new ones."""
    total = Sum()
    for known in stored:
        total.add(Sum({t: w * known.articles for t, w in known.mean.items()}, known.articles))
    for i in story.new_members:
        total.add(Sum(vectors[i], 1))
    mean = dict(heaviest(total.mean(), MEAN_TERMS_KEPT))
    active = now if story.new_members or not stored else max(s.last_active for s in stored)
    days = [d for s in stored for d in (s.first_day, s.last_day) if d]
    days += [d for i in story.members if (d := publication_day(articles[i])) is not None]
    return KnownStory(
        story.id,
        story.slug,
        story.headline,
        story.first_seen,
        active,
        total.count,
        mean,
        min(days, default=None),
        max(days, default=None),
    )
