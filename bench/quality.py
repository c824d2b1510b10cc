"""Quality of the briefing on real stories: key-fact recall, support, attribution, false disagreements.

Each story is a folder of real articles from several outlets (``bench/devset/<story>/``) with a
hand-made gold list (``gold.json`` there; the seeds' is ``bench/devset/seeds.gold.json``): the
key facts a careful editor would put in a one-page briefing, the figures with how their values
relate (rising, conflicting, a breakdown), the main statements and their speakers, the
unconfirmed reports. ``bench/devset/README.md`` says how the lists are written.

The briefings are made from the embedded model's recorded answers (``bench/devset/cassettes/``,
replayed offline); ``--record`` asks the embedded model again for whatever is not recorded.

Figures, per story:

- **recall**: the share of gold facts that one line of the briefing's body states: a line states a
  fact when it holds every term group of the fact (any alternative of a group). Body lines are the
  items of In brief, Main developments, Also reported, Figures reported, Who said what and
  Unconfirmed reports, and each row of a disagreement table read with its heading; sources,
  footnotes and quotes do not count. **w/o also rep.** is the same without the Also reported list.
- **support**: the share of items whose numbers and names all stand in the words they cite (an
  actor's aliases count). This check is the benchmark's own, independent of grounding's.
- **attribution**: of the statements whose cited words hold a gold statement, the share whose
  speaker is the gold speaker (or one of its aliases).
- **false disagreements**: disagreements the gold list does not have as conflicting values.
- **size**: developments in the briefing; **lead**: whether it opens with an "In brief" section,
  and **opens on central**: whether the first line of "In brief" states the story's central event
  (its first fact) in the fact's terms.
- **central**: of the outlets the gold list says report the story's central event (its first
  fact), how many the one development telling it in the fact's terms carries (the best such
  development, where several do).
- **figures**: the share of the gold figures' values (a number as one article writes it) that a
  figure of the briefing gives from that article, whether agreed, running or disputed; and
  **side by side**: of the gold figures whose values conflict between articles, how many have
  two values of two articles in one disagreement or one running figure of the briefing.

Prints figures and asserts nothing::

    python bench/quality.py [--record] [STORY ...]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import vcr

from summarizer.client.embedded import MODEL_NAME, EmbeddedServer
from summarizer.client.endpoint import Endpoint
from summarizer.ground.numbers import mentions
from summarizer.models.briefing import Briefing
from summarizer.pipeline import Outputs, Run, Summary
from summarizer.storage.cache_dir import default_cache_dir
from support.paths import REPO, SEEDS

DEVSET = REPO / "bench" / "devset"
CASSETTES = DEVSET / "cassettes"
SEEDS_CASSETTE = REPO / "tests" / "fixtures" / "cassettes" / "seeds.yaml"
# Nothing listens here: while replaying, every request is answered from the cassette.
REPLAY_URL = "http://127.0.0.1:9/v1"
BODY_SECTIONS = (
    "In brief",
    "Main developments",
    "Also reported",
    "Where sources disagree",
    "Figures reported",
    "Who said what",
    "Unconfirmed reports",
)
_FOOTNOTE = re.compile(r"\[\^\d+\]")
_NUMBER = re.compile(r"\d[\d,.]*\d|\d")
_NAME = re.compile(r"\b[A-Z][\w'’-]+(?:\s+(?:al-|bin\s+)?[A-Z][\w'’-]+)*")
# Capitalised words that name nothing: sentence openers, days, months, the briefing's own words.
_NOT_NAMES = frozenset(
    ["the", "a", "an", "on", "in", "at", "of", "and", "or", "but", "as", "after", "before", "during", "since", "with", "by", "for", "from", "to", "this", "that", "these", "those", "it", "its", "his", "her", "their", "they", "he", "she", "we", "our", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december", "single", "source", "sources", "according", "unconfirmed", "reported", "more", "than", "at", "least", "about"]
)  # fmt: skip


@dataclass
class Story:
    slug: str
    articles: list[Path]
    gold: dict[str, Any]
    cassette: Path


@dataclass
class Scores:
    slug: str
    articles: int
    facts: int
    facts_stated: int
    facts_stated_in_main: int  # without the "Also reported" list
    items: int
    items_supported: int
    statements_judged: int
    statements_right: int
    disagreements: int
    false_disagreements: int
    developments: int
    central_outlets: int  # outlets of the central event that its development carries
    central_reported: int  # outlets the gold list says report it
    lead: bool
    opens_on_central: bool  # the first line of "In brief" states the central event
    figure_values: int  # gold figure values, by article and number
    figure_values_shown: int  # …that a figure of the briefing gives from that article
    conflicts: int  # gold figures whose values conflict between articles
    conflicts_side_by_side: int  # …with two articles' values in one disagreement or running figure
    calls: int
    prompt_tokens: int
    completion_tokens: int
    missed: list[str]
    unsupported: list[str]
    wrong_speakers: list[str]
    false: list[str]


def stories(names: Iterable[str]) -> list[Story]:
    wanted = set(names)
    found = [Story("seeds", sorted(SEEDS.glob("*.txt")), _load(DEVSET / "seeds.gold.json"), SEEDS_CASSETTE)]
    for gold in sorted(DEVSET.glob("*/gold.json")):
        folder = gold.parent
        found.append(
            Story(folder.name, sorted(folder.glob("*.md")), _load(gold), CASSETTES / f"{folder.name}.yaml")
        )
    return [s for s in found if not wanted or s.slug in wanted]


def _load(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def brief(story: Story, endpoint: Endpoint, record: bool) -> tuple[Summary, str]:
    """The story's briefing (and its Markdown), every model answer from the cassette."""
    recorder = vcr.VCR(
        match_on=["method", "path", "body"],
        filter_headers=["authorization", "api-key", "x-api-key", "openai-organization", "cookie"],
        decode_compressed_response=True,
        record_mode="new_episodes" if record else "none",
    )
    story.cassette.parent.mkdir(parents=True, exist_ok=True)
    with (
        tempfile.TemporaryDirectory() as tmp,
        recorder.use_cassette(str(story.cassette), allow_playback_repeats=True),
    ):
        out = Path(tmp) / "brief.md"
        run = Run(endpoint=endpoint, cache_dir=Path(tmp) / "cache", log_calls=False)
        summary = run.summarize(story.articles, Outputs((out,), previous=None))
        return summary, out.read_text(encoding="utf-8")


def body_lines(markdown: str, sections: tuple[str, ...] = BODY_SECTIONS) -> list[str]:
    """The lines of the briefing's body that state something, without footnote marks."""
    lines, section, heading = [], None, ""
    for raw in markdown.splitlines():
        if raw.startswith("## "):
            section = raw[3:].strip()
            continue
        if section not in sections or raw.startswith("[^"):
            continue
        if raw.startswith("**") and raw.endswith("**"):
            heading = raw.strip("*")
        elif raw.startswith("- "):
            lines.append(_FOOTNOTE.sub("", raw[2:]))
        elif raw.startswith("| ") and not raw.startswith(("| ---", "| Figure", "| Day")):
            lines.append(f"{heading}: {_FOOTNOTE.sub('', raw)}")
    return lines


def normalised(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).replace("’", "'").replace("‘", "'").replace("\\", "")
    return " ".join(text.lower().split())


def contains(text: str, term: str) -> bool:
    """Whether ``text`` (normalised) holds ``term`` as whole words, or as a whole number; a word
    may end in a plural or possessive "s" on either side ("rebel" / "rebels" / "rebels'")."""
    term = normalised(term)
    if term[:1].isdigit():
        return re.search(rf"(?<![\w,.]){re.escape(term)}(?!\w)", text) is not None
    stem = re.escape(term[:-1] if term.endswith("s") and len(term) > 3 else term)
    return re.search(rf"(?<!\w){stem}(?:s|'s|')?(?!\w)", text) is not None


def states(line: str, terms: list[list[str]]) -> bool:
    text = normalised(line)
    return all(any(contains(text, alternative) for alternative in group) for group in terms)


def _items(briefing: Briefing) -> Iterator[tuple[str, str, list[str]]]:
    """(kind, the item's own words, the words it cites) for every item of the body."""
    for event in [*briefing.developments, *briefing.also_reported]:
        yield (
            "development",
            " ".join([event.description, *event.actors, event.where or ""]),
            [c.quote for c in event.citations],
        )
    for figure in briefing.figures:
        yield "figure", figure.value_text, [c.quote for c in figure.citations]
    for statement in briefing.statements:
        yield "statement", f"{statement.speaker}: {statement.content}", [c.quote for c in statement.citations]
    for record in briefing.unconfirmed:
        words = (
            getattr(record, "description", None)
            or getattr(record, "content", None)
            or getattr(record, "value_text", "")
        )
        yield "unconfirmed", words, [c.quote for c in record.citations]


def supported(words: str, quotes: list[str], aliases: dict[str, set[str]]) -> bool:
    cited = normalised(" ".join(quotes))
    # Numbers are compared as the same pattern reads them on both sides ("$10m" holds 10).
    if not _numbers(words) <= _numbers(cited):
        return False
    for name in _NAME.findall(words):
        parts = [p for p in name.split() if p.lower() not in _NOT_NAMES]
        if not parts:
            continue
        name = " ".join(parts)
        spellings = {name, *aliases.get(normalised(name), set())}
        if not any(contains(cited, s) for s in spellings) and not all(contains(cited, p) for p in parts):
            return False
    return True


def _aliases(briefing: Briefing) -> dict[str, set[str]]:
    table: dict[str, set[str]] = {}
    for actor in briefing.actors:
        names = {actor.name, *actor.aliases}
        for name in names:
            table.setdefault(normalised(name), set()).update(names)
    return table


def _shared(said: str, quotes: list[str]) -> tuple[int, int]:
    """(words of a gold statement found in the cited words, its words): longer than three letters."""
    words = {w for w in re.findall(r"\w+", normalised(said)) if len(w) > 3}
    cited = set(re.findall(r"\w+", normalised(" ".join(quotes))))
    return len(words & cited), len(words)


def _overlap(said: str, quotes: list[str]) -> float:
    found, words = _shared(said, quotes)
    return found / words if words else 0.0


def _held(gold: dict[str, Any], quotes: list[str]) -> tuple[bool, int]:
    """How well cited words hold a gold statement: most of its words first, then the most words
    (a two-word gold quote such as "We have impact!" is held by many a longer one)."""
    return _overlap(gold["said"], quotes) >= 0.6, _shared(gold["said"], quotes)[0]


def _carried(said: str, article: str) -> bool:
    """Whether a gold statement's words stand in an article (normalised), whatever the quotation
    marks and punctuation around them."""
    words = re.findall(r"\w+", normalised(said))
    return " ".join(words) in " ".join(re.findall(r"\w+", article))


def _same_speaker(speaker: str, gold: dict[str, Any]) -> bool:
    said = normalised(speaker)
    names = [normalised(n) for n in [gold["speaker"], *gold.get("aliases", [])]]
    return any(said == n or (len(n) > 3 and (n in said or said in n)) for n in names)


def _numbers(text: str) -> set[str]:
    return {n.replace(",", "") for n in _NUMBER.findall(text)}


def is_true_disagreement(values: list[str], gold: dict[str, Any]) -> bool:
    """Whether the gold list has these values as conflicting ones (figures by number, days by word)."""
    numbers = set().union(*(_numbers(v) for v in values))
    words = {normalised(v) for v in values}
    for figure in gold.get("figures", []):
        if figure["relation"] != "conflicting":
            continue
        gold_numbers = set().union(*(_numbers(v["text"]) for v in figure["values"]))
        if len(numbers & gold_numbers) >= 2:
            return True
        # One number with other qualifiers ("nine" against "more than nine"): the values as written.
        gold_texts = [normalised(v["text"]) for v in figure["values"]]
        if len(words) >= 2 and all(any(contains(g, w) for g in gold_texts) for w in words):
            return True
    for day in gold.get("dates", []):
        gold_words = {normalised(v) for v in day["values"]}
        if day["relation"] == "conflicting" and sum(any(g in w for g in gold_words) for w in words) >= 2:
            return True
    return False


def _figure_groups(briefing: Briefing) -> list[set[tuple[str, float]]]:
    """Each figure, running figure and disagreement of the briefing as the (article file, value)
    pairs it shows."""
    groups = [{(Path(c.path).name, f.value) for c in f.citations} for f in briefing.figures]
    for shown in [*briefing.running, *(d for d in briefing.disagreements if d.kind == "figure")]:
        groups.append(
            {(Path(c.path).name, v.value) for v in shown.values if v.value is not None for c in v.citations}
        )
    return groups


def _gold_values(figure: dict[str, Any]) -> list[tuple[str, set[float]]]:
    """Each value of a gold figure as its article and the numbers its text writes."""
    return [(v["article"], {m.value for m in mentions(v["text"])}) for v in figure["values"]]


def _figures_shown(gold: dict[str, Any], groups: list[set[tuple[str, float]]]) -> tuple[int, int, int, int]:
    """(values, values shown, conflicting figures, conflicting figures set side by side)."""
    shown = set().union(*groups) if groups else set()
    values = found = conflicts = side_by_side = 0
    for figure in gold.get("figures", []):
        told = [(article, numbers) for article, numbers in _gold_values(figure) if numbers]
        values += len(told)
        found += sum(any((article, n) in shown for n in numbers) for article, numbers in told)
        if figure["relation"] != "conflicting" or len({article for article, _ in told}) < 2:
            continue
        conflicts += 1
        side_by_side += any(
            len({article for article, numbers in told if any((article, n) in group for n in numbers)}) >= 2
            for group in groups
        )
    return values, found, conflicts, side_by_side


def score(story: Story, summary: Summary, markdown: str) -> Scores:
    briefing, gold = summary.briefing, story.gold
    lines = body_lines(markdown)
    missed = [f["fact"] for f in gold["facts"] if not any(states(line, f["terms"]) for line in lines)]
    main_lines = body_lines(markdown, tuple(s for s in BODY_SECTIONS if s != "Also reported"))
    stated_in_main = sum(any(states(line, f["terms"]) for line in main_lines) for f in gold["facts"])
    aliases = _aliases(briefing)
    items = list(_items(briefing))
    unsupported = [
        f"{kind}: {words}" for kind, words, quotes in items if not supported(words, quotes, aliases)
    ]
    judged, wrong = 0, []
    for statement in briefing.statements:
        quotes = [c.quote for c in statement.citations]
        cited = normalised(" ".join(Path(c.path).read_text(encoding="utf-8") for c in statement.citations))
        # A gold statement is what this one quotes where the cited articles carry it, or where
        # most of this one's words are its own (another outlet's wording of the quote): "while the
        # issue has been identified, his agency expects…" is neither of "The issue has been
        # identified, isolated and a fix has been deployed", from another article.
        carried = [
            g
            for g in gold.get("statements", [])
            if _carried(g["said"], cited) or _overlap(statement.content, [g["said"]]) >= 0.5
        ]
        match = max(carried, key=lambda g: _held(g, quotes), default=None)
        if match is None or _overlap(match["said"], quotes) < 0.6:
            continue
        judged += 1
        if not _same_speaker(statement.speaker, match):
            wrong.append(f"{statement.speaker!r} for {match['speaker']!r}: {statement.content[:80]}")
    false = [
        f"{d.about}: {' / '.join(v.text for v in d.values)}"
        for d in briefing.disagreements
        if not is_true_disagreement([v.text for v in d.values], gold)
    ]
    central = gold["facts"][0]
    reporting = set(central["articles"])
    carried_outlets = max(
        (
            len({Path(c.path).name for c in d.citations} & reporting)
            for d in [*briefing.developments, *briefing.also_reported]
            if states(d.description, central["terms"])
        ),
        default=0,
    )
    values, shown, conflicts, side_by_side = _figures_shown(gold, _figure_groups(briefing))
    usage = summary.report.usage
    return Scores(
        slug=story.slug,
        articles=len(story.articles),
        facts=len(gold["facts"]),
        facts_stated=len(gold["facts"]) - len(missed),
        facts_stated_in_main=stated_in_main,
        items=len(items),
        items_supported=len(items) - len(unsupported),
        statements_judged=judged,
        statements_right=judged - len(wrong),
        disagreements=len(briefing.disagreements),
        false_disagreements=len(false),
        developments=len(briefing.developments),
        central_outlets=carried_outlets,
        central_reported=len(reporting),
        lead="## In brief" in markdown,
        opens_on_central=bool(briefing.lead) and states(briefing.lead[0].description, central["terms"]),
        figure_values=values,
        figure_values_shown=shown,
        conflicts=conflicts,
        conflicts_side_by_side=side_by_side,
        calls=usage.calls,
        prompt_tokens=usage.prompt_tokens,
        completion_tokens=usage.completion_tokens,
        missed=missed,
        unsupported=unsupported,
        wrong_speakers=wrong,
        false=false,
    )


def _share(part: int, whole: int) -> str:
    return f"{part}/{whole} {100 * part / whole:3.0f}%" if whole else "-"


def report(scores: list[Scores], details: bool) -> None:
    header = (
        "story",
        "art.",
        "recall",
        "w/o also rep.",
        "support",
        "attribution",
        "false dis.",
        "devs",
        "central",
        "lead",
        "opens on central",
        "figures",
        "side by side",
        "calls/art",
        "tokens/art",
    )
    rows = [header]
    for s in scores:
        rows.append(
            (
                s.slug,
                str(s.articles),
                _share(s.facts_stated, s.facts),
                _share(s.facts_stated_in_main, s.facts),
                _share(s.items_supported, s.items),
                _share(s.statements_right, s.statements_judged),
                f"{s.false_disagreements} of {s.disagreements}",
                str(s.developments),
                f"{s.central_outlets}/{s.central_reported}",
                "yes" if s.lead else "no",
                "yes" if s.opens_on_central else "no",
                _share(s.figure_values_shown, s.figure_values),
                f"{s.conflicts_side_by_side}/{s.conflicts}",
                f"{s.calls / s.articles:.1f}",
                f"{s.prompt_tokens // s.articles:,} + {s.completion_tokens // s.articles:,}",
            )
        )
    widths = [max(len(r[i]) for r in rows) for i in range(len(header))]
    for row in rows:
        print("  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)))
    total = lambda f: sum(f(s) for s in scores)  # noqa: E731
    print(
        f"all: recall {_share(total(lambda s: s.facts_stated), total(lambda s: s.facts))} "
        f"({_share(total(lambda s: s.facts_stated_in_main), total(lambda s: s.facts))} without Also reported), "
        f"support {_share(total(lambda s: s.items_supported), total(lambda s: s.items))}, "
        f"attribution {_share(total(lambda s: s.statements_right), total(lambda s: s.statements_judged))}, "
        f"false disagreements {total(lambda s: s.false_disagreements)}, "
        f"central event {_share(total(lambda s: s.central_outlets), total(lambda s: s.central_reported))} "
        f"of its outlets, opens on the central event in {total(lambda s: s.opens_on_central)} of {len(scores)}, "
        f"figures {_share(total(lambda s: s.figure_values_shown), total(lambda s: s.figure_values))} of the gold "
        f"values, conflicts side by side {total(lambda s: s.conflicts_side_by_side)} of {total(lambda s: s.conflicts)}"
    )
    if details:
        for s in scores:
            print(f"\n## {s.slug}")
            for title, entries in (("missed facts", s.missed), ("unsupported items", s.unsupported),
                                   ("wrong speakers", s.wrong_speakers), ("false disagreements", s.false)):  # fmt: skip
                for entry in entries:
                    print(f"  {title}: {entry}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("stories", nargs="*", help="story slugs (default: all)")
    parser.add_argument("--record", action="store_true", help="ask the embedded model what is not recorded")
    parser.add_argument("--details", action="store_true", help="list what each story misses")
    args = parser.parse_args()
    chosen = stories(args.stories)
    if not chosen:
        sys.exit("no such story")
    scores = []
    if args.record:
        with EmbeddedServer(default_cache_dir()) as endpoint:
            for story in chosen:
                scores.append(score(story, *brief(story, endpoint, record=True)))
    else:
        endpoint = Endpoint(REPLAY_URL, MODEL_NAME, response_format="json_schema")
        for story in chosen:
            if not story.cassette.exists():
                print(f"{story.slug}: not recorded (python bench/quality.py --record {story.slug})")
                continue
            scores.append(score(story, *brief(story, endpoint, record=False)))
    report(scores, args.details)


if __name__ == "__main__":
    main()
