"""Synthetic news stories: article files, the items a model would return for them, and a responder.

A story is one town where an organisation fights a rival: events (an offensive, clashes, air
strikes, a withdrawal, a capture), figures (civilians killed, residents displaced, air strikes,
people detained) and statements (a spokesman, the town's governor, a UN envoy). Each article of
a story reports some of its facts in its own words: synonymous verbs, name variants of
organisations ("Hayat Tahrir al-Sham (HTS)", "Hay'at Tahrir al-Sham", "HTS"), weekdays that
sometimes disagree, compatible and conflicting figures ("at least 311", "over 327"), near-duplicate
statements, and a share of hedged ("reportedly") claims. Every claim sentence comes with the item
a model would return for it (``Claim``), so what a perfect model answers is known exactly.

- ``synthetic_corpus`` writes articles as ``.md`` files with front matter, dated over a number of
  days. A story is reported on consecutive days: later days bring new developments (a withdrawal,
  a capture) and higher figures than earlier days reported (the death toll rises every day).
- ``one_story_corpus`` writes the articles of a single story, for what one briefing is made of
  (a folder that tells several stories is briefed per story).
- ``CorpusResponder`` answers the tool's chat requests for a corpus's articles as a perfect model
  would, for a stub model server.
- ``ArticleWriter`` and ``Cast`` are the generator itself, shared with ``bench/merge_scale.py``.

Everything is drawn from one seeded ``random.Random``: the same arguments give the same corpus.
"""

from __future__ import annotations

import json
import random
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, replace
from datetime import date, timedelta
from functools import partial
from itertools import product
from pathlib import Path
from typing import Any

from summarizer.extract.responses import RECORD_KINDS, RecordKind
from summarizer.models.article import Article

DEFAULT_SEED = 20241202
DEFAULT_FIRST_DAY = date(2024, 12, 2)
DEFAULT_DAYS = 7
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
# In a corpus, the events a story starts with (the day before or the day it is first reported),
# and those that follow on later days, in this order.
OPENING_EVENTS = ("offensive", "clashes", "airstrike")
LATER_EVENTS = ("withdrawal", "capture")
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

# Items that fill an answer up to its list's minimum length where it has no item to repeat.
# Grounding drops the figure and the statement: they name no word to find in [S1] (a figure of 0
# would stay only if [S1] wrote zero). An event is its sentence: [S1] is then an event.
PADDING: dict[RecordKind, dict[str, Any]] = {
    "events": {"who": [], "when": None, "sentence": 1},
    "figures": {"number": "0", "counts": "-", "of_whom": None, "sentence": 1},
    "statements": {"speaker": "-", "sentence": 1},
}
_PROMPT_SENTENCE = re.compile(r"^\[S(\d+)\] (.*)$", re.MULTILINE)


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
    event_days: dict[str, int]  # event kind → its weekday (0 is Monday; taken modulo 7)
    figure_values: dict[str, int]  # measure → true value


@dataclass(frozen=True)
class Claim:
    """A sentence of an article and the item a model would return for it (without its sentence id)."""

    kind: RecordKind
    sentence: str
    item: dict[str, Any]
    topic: str  # what of the story it reports: the event kind, the measure or the speaker's role


@dataclass(frozen=True)
class WrittenArticle:
    """An article's text (its headline first), its outlet, and the claims its sentences make."""

    title: str
    text: str
    outlet: str
    claims: tuple[Claim, ...]


class Names:
    """Names, each one choice from every part, drawn in a seeded random order.

    A part may list a choice more than once to make it commoner, so a name can come up again
    unless ``distinct`` is set: then a name already drawn is skipped.
    """

    def __init__(
        self, rng: random.Random, parts: tuple[tuple[str, ...], ...], distinct: bool = False
    ) -> None:
        self.names = ["".join(choice) for choice in product(*parts)]
        rng.shuffle(self.names)
        self.distinct = distinct
        self.drawn: set[str] = set()

    def draw(self) -> str:
        while self.names:
            name = self.names.pop()
            if not (self.distinct and name in self.drawn):
                self.drawn.add(name)
                return name
        raise ValueError("ran out of distinct synthetic names: ask for fewer stories")


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


class Cast:
    """The towns, people and organisations stories are made of.

    With ``distinct_names`` no town or person is drawn twice, so every story has a town of its own;
    without it a name occasionally comes up again.
    """

    def __init__(self, rng: random.Random, organisation_count: int, distinct_names: bool = False) -> None:
        self.rng = rng
        self.towns = Names(rng, TOWN_PARTS, distinct_names)
        self.people = Names(rng, PERSON_PARTS, distinct_names)
        self.organisations = organisations(rng, organisation_count)
        self.envoys = [self.people.draw() for _ in range(ENVOYS)]
        self.spokesmen = {o.abbreviation: self.people.draw() for o in self.organisations}

    def story(self, index: int) -> Story:
        """A new story: a town, two organisations, speakers, the weekday of each event, true figures."""
        rng = self.rng
        organisation, rival = rng.sample(self.organisations, 2)
        return Story(
            index=index,
            town=self.towns.draw(),
            organisation=organisation,
            rival=rival,
            speakers={
                "spokesman": self.spokesmen[organisation.abbreviation],
                "governor": self.people.draw(),
                "envoy": rng.choice(self.envoys),
            },
            event_days={kind: rng.randrange(7) for kind in EVENT_KINDS},
            figure_values={m: rng.randint(*bounds) for m, (*_, bounds) in MEASURES.items()},
        )


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
            subject = self.rng.choice(subjects)
        verb = self.rng.choice(verbs)
        if "{rival}" in verb:
            rival, rival_name = self.mention(self.story.rival)
            who.append(rival_name)
            verb = verb.format(rival=rival)
        day = self.story.event_days[kind]
        if self.rng.random() < 0.15:  # outlets disagree on the day
            day += self.rng.choice((-1, 1))
        when = WEEKDAYS[day % 7]
        town = self.story.town
        source = self.rng.choice(SOURCES)
        sentence = f"{subject} {self.hedge()}{verb} {town} on {when}, {source}."
        item = {"who": who, "when": when}
        return Claim("events", sentence, item, kind)

    def figure(self, measure: str) -> Claim:
        names, subject, templates, _ = MEASURES[measure]
        number, written = self.value(self.story.figure_values[measure])
        sentence = self.rng.choice(templates).format(
            who=self.rng.choice(REPORTERS), n=written, hedge=self.hedge(), town=self.story.town
        )
        item = {"number": number, "counts": self.rng.choice(names), "of_whom": subject}
        return Claim("figures", sentence, item, measure)

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
        return Claim("statements", sentence, {"speaker": speaker}, role)

    def write(self) -> WrittenArticle:
        """3 to 5 events, 2 to 4 figures and 2 or 3 statements (fewer where the story has fewer)."""
        rng = self.rng
        story = self.story
        events = list(story.event_days)
        claims: list[Callable[[], Claim]] = [
            *(partial(self.event, kind) for kind in rng.sample(events, rng.randint(3, min(5, len(events))))),
            *(partial(self.figure, m) for m in rng.sample(list(story.figure_values), rng.randint(2, 4))),
            *(partial(self.statement, role) for role in rng.sample(list(ROLES), rng.randint(2, 3))),
        ]
        rng.shuffle(claims)
        written = [claim() for claim in claims]  # in text order, so a first mention comes first
        lines = [claim.sentence for claim in written]
        lines.insert(
            rng.randint(0, len(lines)), f"{story.town} had been held by government forces for years."
        )
        title = rng.choice(HEADLINES).format(town=story.town)
        text = title + "\n\n" + "\n".join(lines) + "\n"
        if rng.random() < 0.5:
            text += "\nShare this article\n"
        return WrittenArticle(title, text, rng.choice(OUTLETS), tuple(written))


def drafts_for(article: Article, claims: Iterable[Claim]) -> dict[RecordKind, list[dict[str, Any]]]:
    """The raw records a model would return for ``article``: each claim's item, citing its sentence.

    Raises ``KeyError`` for a claim whose sentence is not one of the article's sentences.
    """
    ids = {article.span_text(s): s.id for s in article.sentences}
    drafts: dict[RecordKind, list[dict[str, Any]]] = {kind: [] for kind in RECORD_KINDS}
    for claim in claims:
        drafts[claim.kind].append({**claim.item, "sentence": ids[claim.sentence]})
    return drafts


@dataclass(frozen=True)
class SyntheticArticle:
    """One article file of a corpus: its name, its whole text (front matter included) and its claims."""

    name: str
    text: str
    title: str
    outlet: str
    published: date
    town: str  # the story it reports
    claims: tuple[Claim, ...]


@dataclass(frozen=True)
class Corpus:
    """Articles in order of publication day (then file name)."""

    articles: tuple[SyntheticArticle, ...]

    @property
    def days(self) -> list[date]:
        """The days with at least one article, in order."""
        return sorted({a.published for a in self.articles})

    def published_on(self, day: date) -> list[SyntheticArticle]:
        return [a for a in self.articles if a.published == day]

    def claims(self) -> Iterator[Claim]:
        return (claim for article in self.articles for claim in article.claims)

    def write(self, folder: Path, articles: Iterable[SyntheticArticle] | None = None) -> list[Path]:
        """Write ``articles`` (all by default) into ``folder``, created if needed; the paths written."""
        folder.mkdir(parents=True, exist_ok=True)
        paths = []
        for article in self.articles if articles is None else articles:
            path = folder / article.name
            path.write_text(article.text, encoding="utf-8")
            paths.append(path)
        return paths


class _Coverage:
    """When a story is reported (days ``first`` to ``last`` of the corpus) and what is known each day."""

    def __init__(self, rng: random.Random, story: Story, first: int, days: int) -> None:
        self.story = story
        self.first = first
        self.last = first + days - 1
        self.articles = 0
        self.event_days = {kind: first + rng.choice((-1, 0)) for kind in OPENING_EVENTS}
        day = first
        for kind in LATER_EVENTS:
            day += rng.randint(1, 2)
            self.event_days[kind] = day
        self.figures = [dict(story.figure_values)]
        for _ in range(days - 1):
            self._add_day_of_figures(rng)

    def extend(self, rng: random.Random) -> None:
        """Report the story one more day."""
        self.last += 1
        self._add_day_of_figures(rng)

    def _add_day_of_figures(self, rng: random.Random) -> None:
        """Every measure rises from one day to the next: each day's articles report new figures."""
        self.figures.append({m: v + rng.randint(1, max(1, v // 5)) for m, v in self.figures[-1].items()})

    def on(self, day: int, first_day: date) -> Story:
        """The story as known on corpus day ``day``: the events so far, the figures of that day."""
        return replace(
            self.story,
            event_days={
                kind: (first_day + timedelta(days=happened)).weekday()
                for kind, happened in self.event_days.items()
                if happened <= day
            },
            figure_values=self.figures[day - self.first],
        )


def synthetic_corpus(
    articles: int,
    seed: int = DEFAULT_SEED,
    first_day: date = DEFAULT_FIRST_DAY,
    days: int = DEFAULT_DAYS,
) -> Corpus:
    """``articles`` article files published over ``days`` days from ``first_day``, about as many each day.

    Each story is reported on 2 to 4 consecutive days (fewer at the end of the corpus, more where
    no other story would go on to the next day). Each day, the stories already reported come back
    first (1 or 2 articles each, as many as the day has room for), then new stories fill the day
    (1 to 3 articles each). So every day after the first that has articles reports on at least one
    story of an earlier day, with new figures and possibly new events. File names start with the
    publication day, so name order is publication order.
    """
    if articles < 0 or days < 1:
        raise ValueError("give a non-negative number of articles over at least one day")
    rng = random.Random(seed)
    cast = Cast(rng, organisation_count=max(8, articles // 50), distinct_names=True)
    coverages: list[_Coverage] = []
    made: list[SyntheticArticle] = []
    texts: set[str] = set()
    for day in range(days):
        published = first_day + timedelta(days=day)
        quota = articles // days + (day < articles % days)
        schedule = [(c, rng.randint(1, 2)) for c in coverages if c.last >= day]
        while sum(count for _, count in schedule) < quota:
            coverage = _Coverage(rng, cast.story(len(coverages)), day, min(rng.randint(2, 4), days - day))
            coverages.append(coverage)
            schedule.append((coverage, rng.randint(1, 3)))
        todays: list[SyntheticArticle] = []
        reported_last: _Coverage | None = None
        for coverage, count in schedule:
            for _ in range(min(count, quota - len(todays))):
                todays.append(_article(rng, coverage, day, published, first_day, texts))
                reported_last = coverage
        if reported_last and day + 1 < days and all(c.last <= day for c in coverages):
            reported_last.extend(rng)  # so that the next day returns to a story reported before
        made.extend(sorted(todays, key=lambda a: a.name))
    return Corpus(tuple(made))


def one_story_corpus(
    articles: int,
    seed: int = DEFAULT_SEED,
    first_day: date = DEFAULT_FIRST_DAY,
    days: int = 1,
) -> Corpus:
    """``articles`` article files about a single story, reported over ``days`` days, about as many
    each day: for what a single briefing (``--out FILE``) is made of, a folder of one story."""
    if articles < 0 or days < 1:
        raise ValueError("give a non-negative number of articles over at least one day")
    rng = random.Random(seed)
    coverage = _Coverage(rng, Cast(rng, organisation_count=8).story(0), 0, days)
    made: list[SyntheticArticle] = []
    texts: set[str] = set()
    for day in range(days):
        published = first_day + timedelta(days=day)
        quota = articles // days + (day < articles % days)
        todays = [_article(rng, coverage, day, published, first_day, texts) for _ in range(quota)]
        made.extend(sorted(todays, key=lambda a: a.name))
    return Corpus(tuple(made))


def _article(
    rng: random.Random, coverage: _Coverage, day: int, published: date, first_day: date, texts: set[str]
) -> SyntheticArticle:
    """The story's next article; its text differs from every one in ``texts``, which it joins."""
    story = coverage.on(day, first_day)
    written = ArticleWriter(rng, story).write()
    while written.text in texts:  # the tool would skip a second copy of a text as a duplicate
        written = ArticleWriter(rng, story).write()
    texts.add(written.text)
    coverage.articles += 1
    slug = story.town.lower().replace(" ", "-")
    front_matter = (
        f"---\ntitle: {written.title}\noutlet: {written.outlet}\ndate: {published.isoformat()}\n---\n"
    )
    return SyntheticArticle(
        name=f"{published.isoformat()}-{slug}-{coverage.articles:02d}.md",
        text=front_matter + written.text,
        title=written.title,
        outlet=written.outlet,
        published=published,
        town=story.town,
        claims=written.claims,
    )


def _normalise_spaces(text: str) -> str:
    return " ".join(text.split())


class CorpusResponder:
    """Answers the tool's extraction requests as a perfect model would for known articles.

    Built from corpora (or any claims), it reads the record kind asked for from the request's
    response schema and the ``[S<n>] text`` lines of the article in the first user message, and
    returns, for each sentence whose text is a claim of that kind, the claim's item citing ``n``.
    A sentence it does not know contributes nothing. The list is cut to the schema's
    ``maxItems`` and padded to its ``minItems`` by repeating its first item, or with ``PADDING``
    where it has none, so the answer always validates. Its index is built once and only read afterwards: calls from many
    threads are safe.
    """

    def __init__(self, *sources: Corpus | Iterable[Claim]) -> None:
        self._items: dict[tuple[RecordKind, str], dict[str, Any]] = {}
        for source in sources:
            for claim in source.claims() if isinstance(source, Corpus) else source:
                self._items.setdefault((claim.kind, _normalise_spaces(claim.sentence)), claim.item)

    def __call__(self, request: Mapping[str, Any]) -> str:
        """The assistant message content (JSON) answering a chat completion request body."""
        kind, bounds = _asked_kind(request)
        sentences = _prompt_sentences(request)
        items = [
            {**self._items[kind, text], "sentence": number}
            for number, text in sentences
            if (kind, text) in self._items
        ]
        del items[bounds.get("maxItems", len(items)) :]
        # A repeated item is one record: grounding keeps each cited sentence once.
        items += [items[0] if items else PADDING[kind]] * (bounds.get("minItems", 0) - len(items))
        return json.dumps({kind: items})


def _asked_kind(request: Mapping[str, Any]) -> tuple[RecordKind, dict[str, Any]]:
    """The record kind a request asks for, and the schema of its list (``minItems``, ``maxItems``)."""
    response_format = request.get("response_format") or {}
    if response_format.get("type") == "json_schema":
        schema = response_format.get("json_schema", {}).get("schema", {})
    else:
        schema = response_format.get("schema", {})
    properties = schema.get("properties", {})
    asked = [kind for kind in RECORD_KINDS if kind in properties]
    if len(asked) != 1:
        raise ValueError(f"the response schema asks for none or several of {', '.join(RECORD_KINDS)}")
    return asked[0], properties[asked[0]]


def _prompt_sentences(request: Mapping[str, Any]) -> list[tuple[int, str]]:
    """The numbered sentences of the article shown in the request's first user message."""
    user = next((m for m in request.get("messages", []) if m.get("role") == "user"), None)
    if user is None or not isinstance(user.get("content"), str):
        raise ValueError("the request has no user message with text content")
    return [
        (int(match.group(1)), _normalise_spaces(match.group(2)))
        for match in _PROMPT_SENTENCE.finditer(user["content"])
    ]
