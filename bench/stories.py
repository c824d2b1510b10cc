"""Sorting articles into stories: how right on real stories, how fast and how large at scale.

    python bench/stories.py [--sizes 1000 10000]

**Real stories.** The mixed folder of every real story the checkout has: the dev set's eight
(``bench/devset/*/``), the seeds, and the two of ``bench/stories/`` (pairs of one kind: two
earthquakes, jury verdicts, finals on penalties, takeovers, elections), 11 stories and 64
articles. A story is its folder. The clustering runs on the articles as read (with their dates,
where they have one), then again with every date removed, so that only the text tells the stories
apart. Printed: pairwise precision and recall (of the pairs of articles put in one story, the
share that are one story; of the pairs that are one story, the share put in one) and B-cubed
precision and recall (per article, the share of its group that is its story and of its story
that is its group, averaged), then each group found with its stories.

**At scale.** Synthetic articles (``tests/support/synthetic.py``: stories of a town fought over,
reported over a week) of 1,000 and 10,000 articles: the wall time of the clustering of articles
already read, its peak memory (tracemalloc, in a second run: tracing slows Python down) and that
memory per article, and the same scores against the towns; then the time to tie the groups to
the story registry (``stories/continuity.py``) and record them, on a first night (every story
new) and on the next (the same articles again: every story continues). The generator draws town names such
as "Qariora" and "Ain Qariora", and organisations, spokesmen and envoys shared by many towns'
stories, all in the same few sentences, so its scores are those of a harder, more uniform corpus
than news; a second line counts the towns whose names end alike as one story, to show how much
of the difference is that.

Prints figures and asserts nothing.
"""

from __future__ import annotations

import argparse
import hashlib
import tempfile
import time
import tracemalloc
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

from summarizer.ingest.files import ingest_paths
from summarizer.models.article import Article
from summarizer.storage.story_registry import StoryRegistry
from summarizer.stories.clustering import Clustering, cluster
from summarizer.stories.continuity import sort_stories
from summarizer.stories.headlines import headline
from support.paths import REPO, SEEDS
from support.synthetic import synthetic_corpus

STORY_FOLDERS = [
    *sorted(p for p in (REPO / "bench" / "devset").iterdir() if p.is_dir() and p.name != "cassettes"),
    SEEDS,
    *sorted(p for p in (REPO / "bench" / "stories").iterdir() if p.is_dir()),
]


def scores(groups: Sequence[Sequence[int]], labels: Sequence[str]) -> tuple[float, float, float, float]:
    """Pairwise precision and recall, B-cubed precision and recall, from the groups' counts."""
    cells = Counter((number, labels[i]) for number, group in enumerate(groups) for i in group)
    group_sizes = Counter(number for number, group in enumerate(groups) for _ in group)
    label_sizes = Counter(labels)

    def pairs(n: int) -> int:
        return n * (n - 1) // 2

    together = sum(pairs(n) for n in cells.values())
    found, true = sum(map(pairs, group_sizes.values())), sum(map(pairs, label_sizes.values()))
    total = len(labels)
    b3_precision = sum(n * n / group_sizes[g] for (g, _), n in cells.items()) / total
    b3_recall = sum(n * n / label_sizes[label] for (_, label), n in cells.items()) / total
    return (together / found if found else 1.0, together / true if true else 1.0, b3_precision, b3_recall)


def score_line(name: str, groups: Sequence[Sequence[int]], labels: Sequence[str], seconds: float) -> str:
    pp, pr, bp, br = scores(groups, labels)
    return (
        f"{name:<24} {len(labels):>6} {len(set(labels)):>7} {len(groups):>6}  "
        f"{pp:>6.3f} {pr:>6.3f}  {bp:>6.3f} {br:>6.3f}  {seconds:>6.2f}s"
    )


HEADER = f"{'':<24} {'articles':>6} {'stories':>7} {'groups':>6}  {'pairwise P/R':>13}  {'B-cubed P/R':>13}  {'time':>7}"


def real_stories() -> None:
    paths = [p for folder in STORY_FOLDERS for p in sorted([*folder.glob("*.md"), *folder.glob("*.txt")])]
    paths = [p for p in paths if p.name != "README.md"]
    articles = ingest_paths(paths).articles
    labels = [Path(a.path).parent.name for a in articles]
    print("Real stories: bench/devset/, seeds/, bench/stories/")
    print(HEADER)
    for name, given in (
        ("as read", articles),
        ("dates removed", [a.model_copy(update={"published": None}) for a in articles]),
    ):
        started = time.perf_counter()
        found = cluster(given)
        print(score_line(name, found.groups, labels, time.perf_counter() - started))
    found = cluster(articles)
    print("\nGroups found (articles: story × count) and their headlines:")
    for group in sorted(found.groups, key=lambda g: -len(g)):
        stories = ", ".join(f"{s} × {n}" for s, n in Counter(labels[i] for i in group).most_common())
        print(f"  {len(group):>2}: {stories}\n      {headline(articles, found.vectors, group)}")


def synthetic_articles(size: int) -> tuple[list[Article], list[str]]:
    """``size`` synthetic articles as read (text, headline, outlet, day), and each one's town."""
    corpus = synthetic_corpus(size)
    articles = []
    for written in corpus.articles:
        text = written.text.split("\n---\n", 1)[1]
        digest = hashlib.sha256(text.encode()).hexdigest()
        articles.append(
            Article(
                id=digest[:16],
                path=written.name,
                content_hash=digest,
                text=text,
                title=written.title,
                outlet=written.outlet,
                published=written.published.isoformat(),
            )
        )
    return articles, [a.town for a in corpus.articles]


def at_scale(sizes: Sequence[int]) -> None:
    print("\nSynthetic stories at scale (clustering of articles already read)")
    print(f"{HEADER}  {'peak memory':>12} {'per article':>11}")
    for size in sizes:
        articles, towns = synthetic_articles(size)
        started = time.perf_counter()
        found = cluster(articles)
        seconds = time.perf_counter() - started
        tracemalloc.start()
        cluster(articles)
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        line = score_line(f"{size:,} synthetic", found.groups, towns, seconds)
        print(f"{line}  {peak / 2**20:>9.1f} MiB {peak / size / 1024:>8.1f} KiB")
        alike = [town.split()[-1] for town in towns]  # "Ain Qariora" and "Qariora" as one
        print(score_line("  towns named alike as 1", found.groups, alike, seconds))
        first, then, continued = registry_nights(articles, found)
        print(
            f"  story registry: first night {first:.2f}s, next night {then:.2f}s "
            f"({continued} of {len(found.groups)} stories continued)"
        )


def registry_nights(articles: Sequence[Article], found: Clustering) -> tuple[float, float, int]:
    """Seconds to sort the groups into stories and record them, on a first night and the next,
    and how many stories the next night continued."""
    nights = []
    with tempfile.TemporaryDirectory() as tmp:
        registry = StoryRegistry(Path(tmp) / "stories.sqlite")
        for night in range(2):
            started = time.perf_counter()
            sorting = sort_stories(articles, found, registry, now=1.8e9 + night * 86400)
            update = sorting.registry_update
            registry.record(update.stories, update.articles, update.merged)
            nights.append(time.perf_counter() - started)
        registry.close()
    return nights[0], nights[1], sum(1 for s in sorting.stories if s.continued and not s.merged)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="*", default=[1000, 10000])
    args = parser.parse_args()
    real_stories()
    at_scale(args.sizes)


if __name__ == "__main__":
    main()
