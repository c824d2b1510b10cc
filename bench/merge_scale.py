"""Merge time and peak memory as the number of records grows: is merge close to linear?

    python bench/merge_scale.py [--sizes 1000,10000,100000] [--repeat N] [--check]

For each size, synthetic extractions of about that many records (events, figures, statements)
are made the way the pipeline makes them: ``build_article`` over generated text, then ``ground``
over the items a model would return for its sentences, which cites them (``ground.citation``),
reads values and qualifiers from the text and marks "reportedly" as unconfirmed. About 10 records
per article and 50 per place; each place is one story that 3 to 8 articles report in their own
words (synonymous verbs, name variants of organisations, weekdays that sometimes disagree,
compatible and conflicting figures, near-duplicate statements by the same speakers), so that any
blocking or indexing inside merge meets what it meets on real folders. Articles are shuffled. The
stories and their wording come from ``support.synthetic``.

Only the ``merge`` call is timed (best of ``--repeat`` runs). Its peak memory is measured with
tracemalloc in one more run, never a timed one. The target is that 10x more records costs at most
12x more time; steps between sizes that are not 10x apart are compared by the same exponent. The
exit code is 0 unless ``--check`` is given and a step exceeds the target.
"""

from __future__ import annotations

import argparse
import gc
import math
import random
import sys
import time
import tracemalloc
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from itertools import pairwise

from summarizer.ground.grounding import ground
from summarizer.ingest.files import build_article
from summarizer.merge.briefing import merge
from summarizer.models.article import Article
from summarizer.models.briefing import Briefing
from summarizer.models.records import ArticleExtraction, Citation, Record
from support.synthetic import ArticleWriter, Cast, drafts_for

SEED = 20241208
DEFAULT_SIZES = (1_000, 10_000, 100_000)
TARGET_PER_10X = 12.0
GENERATED_AT = datetime(2024, 12, 8, 12, 0, tzinfo=timezone.utc)
FIRST_PUBLISHED = date(2024, 11, 20)
CITATIONS_CHECKED = 200


@dataclass(frozen=True)
class Row:
    records: int
    articles: int
    places: int
    seconds: float
    peak_bytes: int
    briefing: Briefing


def record_count(extraction: ArticleExtraction) -> int:
    return len(extraction.events) + len(extraction.figures) + len(extraction.statements)


def synthetic_extractions(size: int) -> tuple[list[ArticleExtraction], int]:
    """About ``size`` records in articles of about 50-record stories, shuffled; and the number of places."""
    rng = random.Random(SEED + size)
    cast = Cast(rng, organisation_count=max(8, size // 500))
    extractions: list[ArticleExtraction] = []
    records = 0
    stories = 0
    while records < size:
        story = cast.story(stories)
        stories += 1
        first_day = FIRST_PUBLISHED + timedelta(days=story.index % 30)
        for number in range(rng.randint(3, 8)):
            if records >= size:
                break
            slug = story.town.lower().replace(" ", "-")
            published = first_day + timedelta(days=rng.randint(0, 2))
            written = ArticleWriter(rng, story).write()
            article = build_article(
                f"articles/{slug}-{number + 1}.txt",
                written.text,
                outlet=written.outlet,
                published=published.isoformat(),
            )
            extraction = ground(article, drafts_for(article, written.claims), model="synthetic")
            extractions.append(extraction)
            records += record_count(extraction)
    rng.shuffle(extractions)
    check_citations(rng, extractions)
    return extractions, stories


def check_citations(rng: random.Random, extractions: list[ArticleExtraction]) -> None:
    """Every sampled citation's quote is exactly its article's text at its span."""
    articles: dict[str, Article] = {x.article.id: x.article for x in extractions}
    records: list[Record] = [r for x in extractions for r in (*x.events, *x.figures, *x.statements)]
    citations: list[Citation] = [
        c for r in rng.sample(records, min(CITATIONS_CHECKED, len(records))) for c in r.citations
    ]
    for c in citations:
        assert c.quote == articles[c.article_id].text[c.start : c.end], c


def timed_merge(extractions: list[ArticleExtraction], repeat: int) -> tuple[float, Briefing]:
    """The best wall time of ``repeat`` merges, and the briefing."""
    best = math.inf
    for _ in range(repeat):
        gc.collect()
        start = time.perf_counter()
        briefing = merge(extractions, failures=[], generated_at=GENERATED_AT)
        best = min(best, time.perf_counter() - start)
    return best, briefing


def traced_merge(extractions: list[ArticleExtraction]) -> int:
    """Peak bytes allocated by Python during one merge."""
    gc.collect()
    tracemalloc.start()
    try:
        merge(extractions, failures=[], generated_at=GENERATED_AT)
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def measure(size: int, repeat: int) -> Row:
    print(f"generating {size:,} records…", file=sys.stderr, flush=True)
    extractions, places = synthetic_extractions(size)
    seconds, briefing = timed_merge(extractions, repeat)
    peak = traced_merge(extractions)
    records = sum(record_count(x) for x in extractions)
    return Row(records, len(extractions), places, seconds, peak, briefing)


def per_10x(previous: Row, current: Row) -> float:
    """The time ratio of this step scaled to 10x more records, at the step's own exponent."""
    return (current.seconds / previous.seconds) ** (1 / math.log10(current.records / previous.records))


def sizes(text: str) -> list[int]:
    try:
        values = [int(part.replace("_", "")) for part in text.split(",")]
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a comma-separated list of record counts") from None
    if not values or min(values) < 10 or values != sorted(set(values)):
        raise argparse.ArgumentTypeError("sizes must be increasing record counts of at least 10")
    return values


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=sizes, default=list(DEFAULT_SIZES), help="default: 1000,10000,100000")
    parser.add_argument("--repeat", type=int, default=1, help="time the best of N merges (default: 1)")
    parser.add_argument(
        "--check", action="store_true", help=f"exit 1 if a 10x step costs over {TARGET_PER_10X:g}x"
    )
    args = parser.parse_args()
    if args.repeat < 1:
        parser.error("--repeat must be at least 1")
    header = [
        "records",
        "articles",
        "places",
        "merge_s",
        "peak_MiB",
        "developments",
        "figures",
        "disagreements",
    ]
    header += ["time_ratio_vs_previous", "per_10x"]
    print("  ".join(header), flush=True)
    rows: list[Row] = []
    for size in args.sizes:
        row = measure(size, args.repeat)
        cells = [
            f"{row.records:>7,}",
            f"{row.articles:>8,}",
            f"{row.places:>6,}",
            f"{row.seconds:>7.3f}",
            f"{row.peak_bytes / 2**20:>8.1f}",
            f"{len(row.briefing.developments):>12,}",
            f"{len(row.briefing.figures):>7,}",
            f"{len(row.briefing.disagreements):>13,}",
        ]
        if rows:
            cells += [f"{row.seconds / rows[-1].seconds:>22.2f}", f"{per_10x(rows[-1], row):>7.1f}"]
        print("  ".join(cells), flush=True)
        rows.append(row)
    steps = [(previous, current, per_10x(previous, current)) for previous, current in pairwise(rows)]
    if not steps:
        print("no step to compare: give at least two sizes")
        return
    within = all(ratio <= TARGET_PER_10X for *_, ratio in steps)
    detail = "; ".join(f"{a.records:,} → {b.records:,}: {ratio:.1f}x per 10x" for a, b, ratio in steps)
    print(
        f"every step within {TARGET_PER_10X:g}x time per 10x records: {'yes' if within else 'NO'} ({detail})"
    )
    if args.check and not within:
        sys.exit(1)


if __name__ == "__main__":
    main()
