"""Merge time and peak memory as the number of records grows: is merge close to linear?

    python bench/merge_scale.py [--sizes 1000,10000,100000] [--repeat N] [--check]

For each size, synthetic extractions of about that many records (events, figures, statements)
are made the way the pipeline makes them: ``build_article`` over generated text, then ``ground``
over the items a model would return for its sentences, which cites them (``ground.citation``),
reads values and qualifiers from the text and marks "reportedly" as unconfirmed. About 10 records
per article and 50 per place; each place is one story that 3 to 8 articles report in their own
words (synonymous verbs, name variants of organisations, weekdays that sometimes disagree,
compatible and conflicting figures, near-duplicate statements by the same speakers), so that any
blocking or indexing inside merge meets what it meets on real folders. Articles are shuffled.

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
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from functools import partial
from itertools import pairwise, product
from typing import Any

from summarizer.article import Article
from summarizer.briefing import Briefing
from summarizer.drafts import RECORD_KINDS, RecordKind
from summarizer.ground import ground
from summarizer.ingest import build_article
from summarizer.merge import merge
from summarizer.records import ArticleExtraction, Citation, Record

SEED = 20241208
DEFAULT_SIZES = (1_000, 10_000, 100_000)
TARGET_PER_10X = 12.0
GENERATED_AT = datetime(2024, 12, 8, 12, 0, tzinfo=timezone.utc)
FIRST_PUBLISHED = date(2024, 11, 20)
CITATIONS_CHECKED = 200
HEDGED_SHARE = 0.1

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
SOURCES = ("residents said", "a monitoring group said", "according to local sources", "activists said")
REPORTERS = ("Local officials", "A monitoring group", "Activists", "Medical sources", "Aid agencies")
HEADLINES = ("Fighting around {town}", "Battle for {town} intensifies", "{town}: what we know so far")
OUTLETS = [
    f"The {adjective} {noun}"
    for adjective, noun in product(
        ("Northern", "Daily", "Evening", "Coastal", "Valley", "Morning"),
        ("Ledger", "Courier", "Herald", "Observer", "Dispatch", "Record"),
    )
]

# Towns: an optional first word, then three syllables ("Kafr Belorabad", "Dunmiran").
TOWN_PARTS = (
    ("", "", "", "Tell ", "Kafr ", "Deir ", "Ain "),
    ("Bel", "Cal", "Dun", "El", "Far", "Gol", "Har", "Kes", "Lor", "Mar", "Nor", "Ost", "Pel", "Qar", "Ras",
     "Sel", "Tal", "Ur", "Vel", "Wes", "Yar", "Zan", "Bar", "Dor", "Hel", "Jor", "Kal", "Mir", "Sar", "Tor"),
    ("", "a", "o", "i", "en", "ar", "im", "ul", "es", "or", "am", "ir"),
    ("ford", "ab", "ora", "ein", "iya", "mar", "don", "ash", "ul", "ena", "ik", "ad",
     "un", "is", "aya", "in", "at", "abad", "iyeh", "oun", "ani", "el", "ut", "iq"),
)  # fmt: skip
PERSON_PARTS = (
    ("Abu Karim ", "Abu Omar ", "Hassan ", "Khaled ", "Omar ", "Yusuf ", "Rami ", "Samir ", "Nadia ", "Layla ",
     "Maren ", "Ingrid ", "Tomas ", "Elena ", "Farid ", "Salma ", "Jamal ", "Rana ", "Tarek ", "Huda ",
     "Karim ", "Mona ", "Adel ", "Dina "),
    ("al-", "", ""),
    ("Hadd", "Nass", "Khat", "Sal", "Mans", "Rash", "Bak", "Tam", "Hal", "Jab", "Qas", "Zah", "Sab", "Dar",
     "Fad", "Kub", "Laz", "Mur", "Naj", "Wah"),
    ("ad", "er", "ib", "ani", "oun", "awi", "im", "ar", "ouri", "ein", "ash", "udi"),
)  # fmt: skip
# Organisations: "Full Name" / a spelling variant of its first word / initials ("Hay'at", "HTS").
ORGANISATION_FIRST_WORDS = (
    ("Hayat", "Hay'at"), ("Harakat", "Haraka"), ("Jabhat", "Jebhat"), ("Jaysh", "Jaish"), ("Liwa", "Liwaa"),
    ("Kataib", "Kata'ib"), ("Ahrar", "Ahrār"), ("Faylaq", "Failaq"), ("Ansar", "Ansār"), ("Suqur", "Suqour"),
)  # fmt: skip
ORGANISATION_MIDDLE_WORDS = (
    "Tahrir", "Fajr", "Nasr", "Thuwar", "Karama", "Izza", "Wahda", "Tawhid", "Haqq", "Mujahidin", "Rahman",
    "Burkan", "Dira", "Ghadab", "Qasim", "Yarmouk", "Osud", "Lahib",
)  # fmt: skip
ORGANISATION_LAST_WORDS = (
    "al-Sham", "al-Shamal", "al-Janub", "al-Furat", "al-Watan", "al-Sahil", "al-Badiya", "al-Jazira",
    "al-Ghab", "al-Qalamun", "al-Hurriya", "al-Islam", "al-Umma", "al-Rafidain",
)  # fmt: skip

# Event kinds: who acts (None: the story's organisation) and the synonymous ways of saying it.
EVENT_KINDS: dict[str, tuple[tuple[str, ...] | None, tuple[str, ...]]] = {
    "capture": (None, ("captured", "seized", "took control of")),
    "offensive": (None, ("launched an offensive on", "began an attack on", "launched an assault on")),
    "clashes": (None, ("clashed with {rival} near", "fought {rival} near", "battled {rival} outside")),
    "withdrawal": (("Government forces", "Army units", "Regime troops"), ("withdrew from", "pulled out of")),
    "airstrike": (("Warplanes", "Government aircraft", "Jets"), ("struck", "bombed", "hit")),
}
# Measures: the names a model gives them, of whom, the sentences, and the range of true values.
MEASURES: dict[str, tuple[tuple[str, ...], str | None, tuple[str, ...], tuple[int, int]]] = {
    "killed": (
        ("deaths", "people killed", "dead"),
        "civilians",
        (
            "{who} said {n} civilians were {hedge}killed in {town}.",
            "{who} said {n} civilians had {hedge}died in the fighting for {town}.",
        ),
        (20, 900),
    ),
    "displaced": (
        ("displaced", "people displaced", "displaced people"),
        "residents",
        (
            "{who} said {n} residents had {hedge}fled {town}.",
            "{who} said {n} residents had {hedge}been displaced from their homes in {town}.",
        ),
        (1_000, 60_000),
    ),
    "airstrikes": (
        ("airstrikes", "air strikes"),
        None,
        (
            "{who} said {n} airstrikes had {hedge}hit {town}.",
            "{who} said {n} airstrikes were {hedge}carried out on targets in {town}.",
        ),
        (10, 400),
    ),
    "detained": (
        ("people detained", "detentions", "arrests"),
        None,
        (
            "{who} said {n} people had been {hedge}detained in {town}.",
            "{who} said {n} people were {hedge}arrested at checkpoints around {town}.",
        ),
        (15, 600),
    ),
}
# Speakers' roles: how the sentence names them (plain, quoted) and near-duplicate contents.
ROLES: dict[str, tuple[str, str, tuple[str, ...]]] = {
    "spokesman": (
        "{name}, a spokesman for {org}, said {content}.",
        '"{content}," said {name}, a spokesman for {org}.',
        (
            "civilians in {town} would not be harmed",
            "the civilians of {town} would not be harmed",
            "civilians in {town} will not be harmed",
            "no civilian in {town} would be harmed",
        ),
    ),
    "governor": (
        "{town} governor {name} said {content}.",
        '"{content}," {town} governor {name} said.',
        (
            "the army would retake {town} within days",
            "the army will retake {town} within days",
            "troops would retake {town} within days",
        ),
    ),
    "envoy": (
        "UN envoy {name} said {content}.",
        '"{content}," UN envoy {name} said.',
        (
            "the fighting around {town} must stop",
            "the fighting around {town} must stop now",
            "fighting around {town} has to stop",
        ),
    ),
}
ENVOYS = 6


@dataclass(frozen=True)
class Organisation:
    name: str
    variant: str
    abbreviation: str


@dataclass(frozen=True)
class Story:
    """One place and what happened there: the facts its articles report, each in its own words."""

    index: int
    town: str
    organisation: Organisation
    rival: Organisation
    speakers: dict[str, str]  # role → name
    event_days: dict[str, int]
    figure_values: dict[str, int]


@dataclass(frozen=True)
class Claim:
    """A sentence of an article and the item a model would return for it (without its sentence id)."""

    kind: RecordKind
    sentence: str
    item: dict[str, Any]


@dataclass(frozen=True)
class Row:
    records: int
    articles: int
    places: int
    seconds: float
    peak_bytes: int
    briefing: Briefing


class Names:
    """Distinct names, each one choice from every part, drawn in a seeded random order."""

    def __init__(self, rng: random.Random, parts: tuple[tuple[str, ...], ...]) -> None:
        self.names = ["".join(choice) for choice in product(*parts)]
        rng.shuffle(self.names)

    def draw(self) -> str:
        if not self.names:
            raise SystemExit("ran out of distinct synthetic names: use smaller sizes")
        return self.names.pop()


def organisations(rng: random.Random, count: int) -> list[Organisation]:
    """``count`` organisations whose abbreviations (the initials of their names) all differ."""
    made: dict[str, Organisation] = {}
    combinations = list(product(ORGANISATION_FIRST_WORDS, ORGANISATION_MIDDLE_WORDS, ORGANISATION_LAST_WORDS))
    rng.shuffle(combinations)
    for (first, variant), middle, last in combinations:
        abbreviation = first[0] + middle[0] + last.split("-")[-1][0]
        if abbreviation not in made:
            made[abbreviation] = Organisation(
                f"{first} {middle} {last}", f"{variant} {middle} {last}", abbreviation
            )
        if len(made) == count:
            break
    return list(made.values())


class ArticleWriter:
    """Writes one article of a story: its sentences, and for each the item a model would return."""

    def __init__(self, rng: random.Random, story: Story) -> None:
        self.rng = rng
        self.story = story
        self.mentioned: set[str] = set()
        # How this outlet names organisations: "Full Name (ABBR)" first, always the long form, or initials.
        self.style = rng.choices(("pair", "long", "short"), weights=(7, 2, 1))[0]
        self.long_forms: dict[str, str] = {}

    def mention(self, organisation: Organisation) -> tuple[str, str]:
        """How the organisation is written here, and the name a model would give for it."""
        long = self.long_forms.setdefault(
            organisation.abbreviation, self.rng.choice((organisation.name, organisation.variant))
        )
        first = organisation.abbreviation not in self.mentioned
        self.mentioned.add(organisation.abbreviation)
        if self.style == "short":
            return organisation.abbreviation, organisation.abbreviation
        if self.style == "pair" and first:
            return f"{long} ({organisation.abbreviation})", long
        name = self.rng.choice((long, organisation.abbreviation)) if self.style == "pair" else long
        return name, name

    def hedge(self) -> str:
        """The word that makes grounding mark a record unconfirmed, for a share of the records."""
        return "reportedly " if self.rng.random() < HEDGED_SHARE else ""

    def event(self, kind: str) -> Claim:
        subjects, verbs = EVENT_KINDS[kind]
        who: list[str] = []
        if subjects is None:
            subject, name = self.mention(self.story.organisation)
            who.append(name)
        else:
            subject = name = self.rng.choice(subjects)
        verb = verb_name = self.rng.choice(verbs)
        if "{rival}" in verb:
            rival, rival_name = self.mention(self.story.rival)
            who.append(rival_name)
            verb, verb_name = verb.format(rival=rival), verb.format(rival=rival_name)
        day = self.story.event_days[kind]
        if self.rng.random() < 0.15:  # outlets disagree on the day
            day += self.rng.choice((-1, 1))
        when = WEEKDAYS[day % 7]
        town = self.story.town
        source = self.rng.choice(SOURCES)
        sentence = f"{subject} {self.hedge()}{verb} {town} on {when}, {source}."
        return Claim(
            "events",
            sentence,
            {"what": f"{name} {verb_name} {town}", "who": who, "when": when, "where": town},
        )

    def figure(self, measure: str) -> Claim:
        names, subject, templates, _ = MEASURES[measure]
        number, written = self.value(self.story.figure_values[measure])
        sentence = self.rng.choice(templates).format(
            who=self.rng.choice(REPORTERS), n=written, hedge=self.hedge(), town=self.story.town
        )
        return Claim(
            "figures", sentence, {"number": number, "counts": self.rng.choice(names), "of_whom": subject}
        )

    def value(self, true_value: int) -> tuple[str, str]:
        """A figure as an outlet gives it: the number, and the words around it (qualifier included)."""
        roll = self.rng.random()
        if roll < 0.35:
            return f"{true_value:,}", f"{true_value:,}"
        if roll < 0.65:
            return f"{true_value:,}", f"at least {true_value:,}"
        if roll < 0.85:
            higher = true_value + self.rng.randint(1, max(1, true_value // 10))
            return f"{higher:,}", f"over {higher:,}"
        rounded = round(true_value, 2 - len(str(true_value)))
        return f"{rounded:,}", f"about {rounded:,}"

    def statement(self, role: str) -> Claim:
        plain, quoted, contents = ROLES[role]
        speaker = self.story.speakers[role]
        content = self.rng.choice(contents).format(town=self.story.town)
        form, said = (
            (quoted, content[0].upper() + content[1:]) if self.rng.random() < 0.4 else (plain, content)
        )
        org = self.mention(self.story.organisation)[0] if "{org}" in form else ""
        sentence = form.format(name=speaker, org=org, town=self.story.town, content=said)
        return Claim("statements", sentence, {"speaker": speaker, "says": content})

    def write(self, path: str, published: date) -> ArticleExtraction:
        rng = self.rng
        story = self.story
        claims: list[Callable[[], Claim]] = [
            *(partial(self.event, kind) for kind in rng.sample(list(story.event_days), rng.randint(3, 5))),
            *(partial(self.figure, m) for m in rng.sample(list(story.figure_values), rng.randint(2, 4))),
            *(partial(self.statement, role) for role in rng.sample(list(ROLES), rng.randint(2, 3))),
        ]
        rng.shuffle(claims)
        written = [claim() for claim in claims]  # in text order, so a first mention comes first
        lines = [claim.sentence for claim in written]
        lines.insert(
            rng.randint(0, len(lines)), f"{story.town} had been held by government forces for years."
        )
        text = rng.choice(HEADLINES).format(town=story.town) + "\n\n" + "\n".join(lines) + "\n"
        if rng.random() < 0.5:
            text += "\nShare this article\n"
        article = build_article(path, text, outlet=rng.choice(OUTLETS), published=published.isoformat())
        ids = {article.span_text(s): s.id for s in article.sentences}
        drafts: dict[RecordKind, list[dict[str, Any]]] = {kind: [] for kind in RECORD_KINDS}
        for claim in written:
            drafts[claim.kind].append({**claim.item, "sentence": ids[claim.sentence]})
        return ground(article, drafts, model="synthetic")


def record_count(extraction: ArticleExtraction) -> int:
    return len(extraction.events) + len(extraction.figures) + len(extraction.statements)


def synthetic_extractions(size: int) -> tuple[list[ArticleExtraction], int]:
    """About ``size`` records in articles of about 50-record stories, shuffled; and the number of places."""
    rng = random.Random(SEED + size)
    towns = Names(rng, TOWN_PARTS)
    people = Names(rng, PERSON_PARTS)
    groups = organisations(rng, max(8, size // 500))
    envoys = [people.draw() for _ in range(ENVOYS)]
    spokesmen = {o.abbreviation: people.draw() for o in groups}
    extractions: list[ArticleExtraction] = []
    records = 0
    stories = 0
    while records < size:
        organisation, rival = rng.sample(groups, 2)
        story = Story(
            index=stories,
            town=towns.draw(),
            organisation=organisation,
            rival=rival,
            speakers={
                "spokesman": spokesmen[organisation.abbreviation],
                "governor": people.draw(),
                "envoy": rng.choice(envoys),
            },
            event_days={kind: rng.randrange(7) for kind in EVENT_KINDS},
            figure_values={m: rng.randint(*bounds) for m, (*_, bounds) in MEASURES.items()},
        )
        stories += 1
        first_day = FIRST_PUBLISHED + timedelta(days=story.index % 30)
        for number in range(rng.randint(3, 8)):
            if records >= size:
                break
            slug = story.town.lower().replace(" ", "-")
            published = first_day + timedelta(days=rng.randint(0, 2))
            extraction = ArticleWriter(rng, story).write(f"articles/{slug}-{number + 1}.txt", published)
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
