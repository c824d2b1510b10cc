"""A simulated week: a folder that gains articles day by day, briefed by story once per day.

    python bench/simulated_week.py [--articles 70] [--latency 0.2]

Each day the day's synthetic articles are added to the folder and ``summarize brief --out
briefs/<day>/`` runs over all of it, as the nightly job does (a briefing per story and an index, in
a dated folder), against the loopback stub server (real HTTP; answers as a perfect model would).
Per day: the new articles, the model calls the server received, the stories (briefed, also
reported), how many kept the id they had the day before, and what the stories' briefings list as
new since each story's briefing of the day before.
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from click.testing import CliRunner

from summarizer.cli import cli
from summarizer.testing.stub_server import StubServer
from support.story_folder import read_story_folder
from support.synthetic import CorpusResponder, synthetic_corpus

SEED = 6


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=70)
    parser.add_argument("--latency", type=float, default=0.2)
    args = parser.parse_args()
    corpus = synthetic_corpus(args.articles, seed=SEED)
    with (
        tempfile.TemporaryDirectory() as tmp,
        StubServer(CorpusResponder(corpus), latency=args.latency) as server,
    ):
        feed, briefs, cache = Path(tmp) / "feed", Path(tmp) / "briefs", Path(tmp) / "cache"
        model = ["--base-url", server.base_url, "--model", server.model, "--cache-dir", str(cache)]
        print(
            f"{'day':<11} {'new':>4} {'in folder':>9} {'calls':>6} {'exit':>4} {'stories':>7} {'briefed':>7} "
            f"{'same id':>7}  new since each story's last briefing"
        )
        story_of: dict[str, str] = {}  # article → the story id it was listed under the day before
        for day in corpus.days:
            new = corpus.write(feed, corpus.published_on(day))
            calls = server.calls
            result = CliRunner().invoke(cli, ["brief", str(feed), "-o", f"{briefs / str(day)}/", *model])
            stories = read_story_folder(briefs / str(day))
            entries = [*stories.index.stories, *stories.index.also_reported]
            kept = sum(
                1
                for e in entries
                if any(story_of.get(a.path) in ({e.id} | {m.id for m in e.merged}) for a in e.articles)
            )
            seen_before = sum(1 for e in entries if any(a.path in story_of for a in e.articles))
            story_of = {a.path: e.id for e in entries for a in e.articles}
            compared = [e.since_previous for e in stories.index.stories if e.since_previous]
            what = (
                "(no earlier briefing)"
                if not compared
                else f"{len(compared)} stories: {sum(c.developments for c in compared)} developments, "
                f"{sum(c.figures for c in compared)} figures, {sum(c.statements for c in compared)} statements"
            )
            total = len(list(feed.glob("*.md")))
            briefed = sum(1 for e in stories.index.stories if e.briefing)
            print(
                f"{day!s:<11} {len(new):>4} {total:>9} {server.calls - calls:>6} {result.exit_code:>4} "
                f"{len(entries):>7} {briefed:>7} {kept:>3}/{seen_before:<3}  {what}"
            )
        print(f"last summary: {result.output.strip().splitlines()[-1]}")


if __name__ == "__main__":
    main()
