"""A simulated week of nightly runs: `summarize fetch` from loopback feeds, then `summarize brief` by story.

    python bench/feed_week.py [--stories 12 --per-day 3] [--latency 0.05] [--seed 20241202]

Three outlets, each a loopback site of its own with one feed (RSS 2.0 with an ETag, Atom with a
Last-Modified, RDF with neither), publish synthetic stories day by day (tests/support/feed_week.py):
stories that start and stop on days of their own, a few articles a day each, with figures that
rise from day to day. By default the stories are those of the test (tests/test_feed_week.py);
``--stories N`` draws N stories of up to ``--per-day`` articles a day instead. Each day runs as
the README's nightly job does: ``summarize fetch FEEDS --out feeds/<day>/`` then ``summarize brief
feeds/<day>/ --out briefs/<day>/``, with one cache directory, against the loopback stub model
server (real HTTP, ``--latency`` seconds a call, answers as a perfect model would).

Per day: the entries the feeds list, the new entries fetched (files saved), the pages requested,
the model calls, the exit code (the larger of the two commands'), the stories of the index and the
true stories (the towns), how many stories hold one town only, how many stories of towns an
earlier day saw kept the id they had, the wall time of fetch and of brief, the events told for the
first time that day (a town and a kind of event: an offensive, a withdrawal…), and what each
compared story's briefing lists as new since its previous briefing (developments / figures new or
changed / statements). Then a rerun of the last day, and how the death toll of the story told all
week changed, as its briefings say each day. Asserts nothing.
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from click.testing import CliRunner

from summarizer.cli import cli
from summarizer.models.story_index import IndexStory
from summarizer.testing.stub_server import StubServer
from support.feed_week import WEEK, FeedWeek, StoryPlan, week_corpus
from support.story_folder import StoryFolder, read_story_folder
from support.synthetic import DEFAULT_DAYS, DEFAULT_SEED, CorpusResponder


def drawn_plan(stories: int, per_day: int, seed: int, days: int = DEFAULT_DAYS) -> list[StoryPlan]:
    """``stories`` stories: the first told all week, the others from a day and for days drawn at random."""
    rng = random.Random(seed)
    plan = [StoryPlan(0, days, per_day)]
    for _ in range(stories - 1):
        start = rng.randrange(days)
        plan.append(StoryPlan(start, rng.randint(1, days - start), rng.randint(1, per_day)))
    return plan


def summarize(*args: str | Path) -> tuple[int, str]:
    result = CliRunner().invoke(cli, [*map(str, args)])
    return result.exit_code, result.output


class Night:
    """One night's `fetch` then `brief`, and what each cost."""

    def __init__(self, feeds: FeedWeek, server: StubServer, cache: Path, folder: Path, briefs: Path) -> None:
        feeds.forget_requests()
        started = time.perf_counter()
        self.fetch_code, fetched = summarize(
            "fetch", *feeds.feed_urls, "--out", folder, "--delay", "0", "--timeout", "5", "--cache-dir", cache
        )
        self.fetch_seconds = time.perf_counter() - started
        self.fetch_summary = fetched.strip().splitlines()[-1]
        self.pages = len(feeds.pages_requested())
        self.saved = len(list(folder.glob("*.md")))
        calls = server.calls
        started = time.perf_counter()
        model: list[str | Path] = [
            "--base-url",
            server.base_url,
            "--model",
            server.model,
            "--cache-dir",
            cache,
        ]
        self.brief_code, output = summarize("brief", folder, "--out", f"{briefs}/", *model)
        self.brief_seconds = time.perf_counter() - started
        self.brief_summary = output.strip().splitlines()[-1]
        self.calls = server.calls - calls
        self.stories = read_story_folder(briefs)


def entries(stories: StoryFolder) -> list[IndexStory]:
    return [*stories.index.stories, *stories.index.also_reported]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stories", type=int, help="draw this many stories (default: the test's week)")
    parser.add_argument("--per-day", type=int, default=3, help="most articles a drawn story has a day")
    parser.add_argument("--latency", type=float, default=0.05, help="seconds the stub model takes a call")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    args = parser.parse_args()
    plan: Sequence[StoryPlan] = drawn_plan(args.stories, args.per_day, args.seed) if args.stories else WEEK
    corpus = week_corpus(plan, seed=args.seed)
    town_of = {}  # page URL → the town its article is about
    with (
        tempfile.TemporaryDirectory() as tmp,
        FeedWeek(corpus) as feeds,
        StubServer(CorpusResponder(corpus), latency=args.latency) as server,
    ):
        root = Path(tmp)
        print(f"{len(plan)} stories, {len(corpus.articles)} articles over {len(corpus.days)} days; 3 feeds")
        print(
            f"{'day':<11} {'entries':>7} {'new':>4} {'pages':>5} {'calls':>5} {'exit':>4} "
            f"{'stories':>7} {'towns':>5} {'1 town':>6} {'same id':>7} {'fetch':>6} {'brief':>6} {'first':>5}  "
            "new since each compared story's last briefing (developments/figures/statements)"
        )
        id_of: dict[str, str] = {}  # town → its story's id the last day it was reported
        told: set[tuple[str, str]] = set()  # (town, kind of event) told on a day so far
        for day in corpus.days:
            for published in feeds.publish(day):
                town_of[published.url] = published.article.town
            night = Night(
                feeds, server, root / "cache", root / "feeds" / str(day), root / "briefs" / str(day)
            )
            found = entries(night.stories)
            towns_in = [{town_of[a.url or ""] for a in e.articles} for e in found]
            towns = set().union(*towns_in)
            seen = [e for e, t in zip(found, towns_in, strict=True) if t & id_of.keys()]
            kept = sum(1 for e, t in zip(found, towns_in, strict=True) if e.id in {id_of.get(x) for x in t})
            since = [e.since_previous for e in night.stories.index.stories if e.since_previous]
            new_since = " ".join(f"{s.developments}/{s.figures}/{s.statements}" for s in since) or "-"
            events = {
                (a.town, c.topic) for a in corpus.published_on(day) for c in a.claims if c.kind == "events"
            }
            first, told = len(events - told), told | events
            print(
                f"{day!s:<11} {feeds.entries:>7} {night.saved:>4} {night.pages:>5} {night.calls:>5} "
                f"{max(night.fetch_code, night.brief_code):>4} {len(found):>7} {len(towns):>5} "
                f"{sum(1 for t in towns_in if len(t) == 1):>6} {kept:>3}/{len(seen):<3} "
                f"{night.fetch_seconds:>5.2f}s {night.brief_seconds:>5.2f}s {first:>5}  {new_since}"
            )
            for entry, held in zip(found, towns_in, strict=True):
                for town in held:
                    id_of[town] = entry.id
        print(f"last fetch: {night.fetch_summary}")
        print(f"last brief: {night.brief_summary}")
        again = Night(feeds, server, root / "cache", root / "feeds" / str(day), root / "briefs" / str(day))
        print(
            f"rerun of {day}: {again.pages} pages, {again.calls} model calls, fetch {again.fetch_seconds:.2f}s, "
            f"brief {again.brief_seconds:.2f}s · {again.fetch_summary}"
        )
        every_day = set.intersection(*({a.town for a in corpus.published_on(d)} for d in corpus.days))
        print_tolls(sorted(every_day)[0], root / "briefs", corpus.days, town_of)


def print_tolls(town: str, briefs: Path, days: Sequence[object], town_of: dict[str, str]) -> None:
    """How the death toll of ``town`` changed, as the briefing of its story says each day (its
    deaths new or changed since the last briefing, of ``town`` or of no place)."""
    print(f"death toll of {town} (the story told all week), new or changed since the last briefing:")
    for day in days:
        stories = read_story_folder(briefs / str(day))
        entry = next(e for e in entries(stories) if any(town_of[a.url or ""] == town for a in e.articles))
        if entry.slug not in stories.briefings:
            print(f"  {day}: {entry.slug} ({entry.id}): no briefing")
            continue
        since = stories.briefings[entry.slug].since_previous
        changes = [
            f"{', '.join(v.text for v in change.before) or 'new'} → {', '.join(v.text for v in change.after)}"
            for change in ([*since.new_figures, *since.changed_figures] if since else [])
            if change.measure == "deaths" and change.where in (None, town)
        ]
        compared = "not compared" if since is None else "; ".join(changes) or "no change"
        print(f"  {day}: {entry.slug} ({entry.id}): {compared}")


if __name__ == "__main__":
    main()
