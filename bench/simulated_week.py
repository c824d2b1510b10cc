"""A simulated week: a folder that gains articles day by day, briefed once per day.

    python bench/simulated_week.py [--articles 70] [--latency 0.2]

Each day the day's synthetic articles are added to the folder and ``summarize brief`` runs over
all of it, as the nightly job does, writing ``briefs/brief-<day>.md`` and ``.json`` against the
loopback stub server (real HTTP; answers as a perfect model would). Per day: the new articles,
the model calls the server received, and what the briefing lists as new since the day before.
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from click.testing import CliRunner

from summarizer.cli import cli
from summarizer.models.briefing import Briefing
from summarizer.testing.stub_server import StubServer
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
        print(f"{'day':<11} {'new':>4} {'in folder':>9} {'calls':>6} {'exit':>4}  new since the day before")
        for day in corpus.days:
            new = corpus.write(feed, corpus.published_on(day))
            calls = server.calls
            outputs = ["-o", str(briefs / f"brief-{day}.md"), "-o", str(briefs / f"brief-{day}.json")]
            result = CliRunner().invoke(cli, ["brief", str(feed), *outputs, *model])
            briefing = Briefing.model_validate_json(
                (briefs / f"brief-{day}.json").read_text(encoding="utf-8")
            )
            since = briefing.since_previous
            what = (
                "(first briefing)"
                if since is None
                else f"{len(since.new_developments)} developments, {len(since.new_figures)} figures, "
                f"{len(since.changed_figures)} changed figures, {len(since.new_statements)} statements"
            )
            total = len(list(feed.glob("*.md")))
            print(
                f"{day!s:<11} {len(new):>4} {total:>9} {server.calls - calls:>6} {result.exit_code:>4}  {what}"
            )
        print(f"last summary: {result.output.strip().splitlines()[-1]}")


if __name__ == "__main__":
    main()
