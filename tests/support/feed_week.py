"""A simulated week of news feeds: outlets on loopback sites whose feeds gain each day's articles.

``week_corpus(plan)`` is the week's news: stories that start and stop on days of their own, each
told by a few articles a day with figures that rise from day to day (``one_story_corpus``), each
story with its own town, organisations and speakers, as distinct stories are.

``FeedWeek(corpus)`` puts a synthetic corpus (``support.synthetic``) on the web. Each outlet is a
loopback site of its own (a host of its own, as outlets are) with one feed: RSS 2.0, Atom or RDF.
The outlets take turns publishing the corpus's articles, so that a story is told by several of
them. Each article is an HTML page whose paragraphs are the article's sentences, so the text
``summarize fetch`` saves is made of the sentences whose claims ``CorpusResponder`` knows.

``publish(day)`` adds the day's articles to their outlets' feeds (each feed lists every entry so
far, newest first) and serves their pages. The RSS feed answers with an ``ETag``, the Atom feed
with a ``Last-Modified``, the RDF feed with neither, so a rerun meets both "304 Not Modified" and
a whole feed whose every entry was fetched before. Every request is counted per site.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from contextlib import ExitStack
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from email.utils import format_datetime
from types import TracebackType
from typing import Literal

from support.feed_documents import Item, article_page, atom, rdf, rss
from support.loopback_site import LoopbackSite, Route
from support.synthetic import DEFAULT_FIRST_DAY, DEFAULT_SEED, Corpus, SyntheticArticle, one_story_corpus

FeedKind = Literal["rss", "atom", "rdf"]
PAGES = "/news/"
FEED_TYPES: dict[FeedKind, tuple[str, Callable[[str, list[Item]], bytes]]] = {
    "rss": ("application/rss+xml", rss),
    "atom": ("application/atom+xml", atom),
    "rdf": ("application/rdf+xml", rdf),
}
FIRST_HOUR = 6
"""A day's articles come out an hour apart from 06:00 UTC."""


@dataclass(frozen=True)
class StoryPlan:
    """A story told on ``days`` days from day ``start`` of the week (0 is the first), ``per_day``
    articles a day."""

    start: int
    days: int
    per_day: int


WEEK = (
    StoryPlan(0, 7, 2),  # all week
    StoryPlan(0, 3, 2),  # then quiet
    StoryPlan(2, 5, 2),
    StoryPlan(3, 4, 1),  # a single article on its first day: also reported, then a story
    StoryPlan(5, 1, 1),  # a single article, never followed
)


def week_corpus(
    plan: Sequence[StoryPlan] = WEEK, seed: int = DEFAULT_SEED, first_day: date = DEFAULT_FIRST_DAY
) -> Corpus:
    """The articles of the stories of ``plan``, in order of publication day, then of file name."""
    stories = [
        one_story_corpus(
            story.days * story.per_day,
            seed=seed + number,
            first_day=first_day + timedelta(days=story.start),
            days=story.days,
        )
        for number, story in enumerate(plan)
    ]
    towns = [story.articles[0].town for story in stories]
    if len(set(towns)) < len(towns):
        raise ValueError(f"two stories of the plan drew the same town ({towns}): try another seed")
    articles = [article for story in stories for article in story.articles]
    return Corpus(tuple(sorted(articles, key=lambda a: (a.published, a.name))))


@dataclass(frozen=True)
class Outlet:
    name: str
    feed: FeedKind


OUTLETS = (
    Outlet("The Northern Ledger", "rss"),
    Outlet("The Valley Courier", "atom"),
    Outlet("The Morning Herald", "rdf"),
)


@dataclass(frozen=True)
class Published:
    """An article as its outlet put it out: where, when, and as which feed entry."""

    article: SyntheticArticle
    outlet: Outlet
    moment: datetime
    url: str

    @property
    def item(self) -> Item:
        return Item(self.article.title, self.url, published=format_datetime(self.moment, usegmt=True))


class FeedWeek:
    def __init__(self, corpus: Corpus, outlets: Sequence[Outlet] = OUTLETS) -> None:
        self.corpus = corpus
        self.outlets = tuple(outlets)
        self.sites = {outlet: LoopbackSite() for outlet in self.outlets}
        self.outlet_of = {
            article.name: self.outlets[number % len(self.outlets)]
            for number, article in enumerate(corpus.articles)
        }
        self.published: dict[Outlet, list[Published]] = {outlet: [] for outlet in self.outlets}
        self._stack = ExitStack()

    def __enter__(self) -> FeedWeek:
        for site in self.sites.values():
            self._stack.enter_context(site)
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self._stack.close()

    @property
    def feed_urls(self) -> list[str]:
        return [self.sites[outlet].url(f"/feed.{outlet.feed}") for outlet in self.outlets]

    @property
    def entries(self) -> int:
        """The entries the feeds list now."""
        return sum(len(items) for items in self.published.values())

    def publish(self, day: date) -> list[Published]:
        """Put out the corpus's articles of ``day``: their pages, and their entries in the feeds."""
        new = []
        for number, article in enumerate(self.corpus.published_on(day)):
            outlet = self.outlet_of[article.name]
            site = self.sites[outlet]
            path = f"{PAGES}{article.name.removesuffix('.md')}"
            moment = datetime.combine(day, time(FIRST_HOUR), timezone.utc) + timedelta(hours=number)
            site[path] = Route(article_page(article.title, paragraphs(article), site_name=outlet.name))
            new.append(Published(article, outlet, moment, site.url(path)))
            self.published[outlet].append(new[-1])
        for outlet in self.outlets:
            self._serve_feed(outlet)
        return new

    def _serve_feed(self, outlet: Outlet) -> None:
        content_type, write = FEED_TYPES[outlet.feed]
        newest_first = sorted(self.published[outlet], key=lambda p: p.moment, reverse=True)
        body = write(outlet.name, [p.item for p in newest_first])
        headers = {}
        if outlet.feed == "rss":
            headers["ETag"] = f'"{hashlib.sha256(body).hexdigest()[:16]}"'
        elif outlet.feed == "atom" and newest_first:
            headers["Last-Modified"] = format_datetime(newest_first[0].moment, usegmt=True)
        self.sites[outlet][f"/feed.{outlet.feed}"] = Route(body, content_type=content_type, headers=headers)

    def pages_requested(self) -> list[str]:
        """The paths of the article pages requested, of every site."""
        return [
            path for site in self.sites.values() for path in site.paths_requested() if path.startswith(PAGES)
        ]

    def feed_requests(self) -> int:
        return sum(
            1 for site in self.sites.values() for path in site.paths_requested() if path.startswith("/feed.")
        )

    def forget_requests(self) -> None:
        for site in self.sites.values():
            site.requests.clear()


def paragraphs(article: SyntheticArticle) -> list[str]:
    """The article's sentences, one a paragraph: its text but for the front matter and headline."""
    body = article.text.split("---\n", 2)[2]
    _, *lines = body.splitlines()
    return [line for line in lines if line.strip()]
