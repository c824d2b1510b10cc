"""Figures compared across outlets: the same claim merged, tolls as they ran, other claims side by side.

Figures are compared only when they count the same thing: the same measure however written
("liabilities", "liability", "worth of liabilities"), subject (a group, or
the name a count belongs to: a figure naming none belongs to the only name its measure has) and
unit (``ground/figure_context.py``), no two different causes ("airstrikes" / "offensive"), no two
different places and, but for running counts, no two different as-of times. A figure whose
sentence does not say what it counts (``UNNAMED_MEASURE``), or that is a condition rather than a
count ("would have prevented him from buying more than 14.9 percent"), is compared with nothing.
Within such a group, two figures are the same claim when they state the same number in
compatible words:

- "311" and "at least 311" (a bound that the exact value reaches), "over 327" and "more than 327";
- "about 300" and "300" (within half the step of the round number "about" gives, between
  ``ABOUT_AT_LEAST`` and ``ABOUT`` of it: "about 130" is not "119"); but "about 300" and "about
  310" are two outlets' roundings, each shown as written;
- one number written to two precisions: "9%" and "9.2 percent", "$69 billion" and "$68.7 billion";
- two lower bounds, the lower a round number the higher one reaches below the next round number:
  "more than 2,100" and "at least 2,170" (not for a running count, whose bounds are its progression);
- the same range ("between 300 and 350" and "300-350").

Anything else is a different claim: "over 327" and "at least 311" are two outlets' different
counts even though both could be true. Different claims of a running count (``RUNNING_MEASURES``:
deaths, injuries, people missing, rescued, displaced or detained, air strikes) were given at
different moments: they are a ``RunningFigure``, every value kept, latest first where two of
their days are known (those of no known day after them), else highest first, but
for an article's smaller numbers beside its own higher one, which count a part (``parts``).
Values of one count that one sentence gives as two named sources' ("80,000, police said, while the
CGT said 700,000") are a ``Disagreement`` of their own, however far apart, running count or not;
their sentence still stands among the figures, where it says of what and where.
Different claims of anything else, made by more than one article, are a ``Disagreement`` listing
every claim with its qualifier, sources and citations; ``mutually_exclusive`` says whether no
single number could satisfy them all. One article's several numbers for one measure are not a
disagreement: an article does not disagree with itself.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from summarizer.ground.dates import resolved_day, when_key
from summarizer.ground.figure_context import GROUPS, RUNNING_MEASURES, UNNAMED_MEASURE, is_measurement
from summarizer.ground.names import name_key
from summarizer.ground.places import place_keys, same_places
from summarizer.models.briefing import ClaimedValue, Disagreement, RunningFigure
from summarizer.models.records import QUALIFIER_WORDS, Figure, Qualifier

ABOUT = 0.10  # "about 300" covers 270-330 at most
ABOUT_AT_LEAST = 0.05  # …and 285-315 at least, whatever its round number
SCANNED_CONTEXTS = 32
CLOSE = 1.25  # values of one quantity that outlets give differ by less than this factor
_LOWER: frozenset[Qualifier] = frozenset({"at_least", "more_than"})
_UPPER: frozenset[Qualifier] = frozenset({"at_most", "less_than"})
_PRECISION: dict[Qualifier, int] = {
    "exact": 0,
    "about": 1,
    "at_least": 2,
    "more_than": 2,
    "at_most": 3,
    "less_than": 3,
}

_WRITTEN_NUMBER = re.compile(r"\d[\d,]*(?:\.(\d+))?")
SourceKey = Callable[[str], str]
Published = Callable[[str], str | None]  # an article's publication date, where known


def interval(figure: Figure) -> tuple[float, float, bool, bool]:
    """(low, high, low_open, high_open): the values a figure allows."""
    v = figure.value
    if figure.value_max is not None:
        return v, figure.value_max, False, False
    return {
        "exact": (v, v, False, False),
        "about": (v * (1 - ABOUT), v * (1 + ABOUT), False, False),
        "at_least": (v, math.inf, False, True),
        "more_than": (v, math.inf, True, True),
        "at_most": (0.0, v, False, False),
        "less_than": (0.0, v, False, True),
    }[figure.qualifier]


def _compatible_all(figures: list[Figure]) -> bool:
    """Whether one number could satisfy every figure (their intervals share a point)."""
    lows = [(lo, lo_open) for lo, _, lo_open, _ in map(interval, figures)]
    highs = [(hi, hi_open) for _, hi, _, hi_open in map(interval, figures)]
    low, low_open = max(lows, key=lambda x: (x[0], x[1]))
    high, high_open = min(highs, key=lambda x: (x[0], not x[1]))
    return low < high or (low == high and not low_open and not high_open)


def same_claim(a: Figure, b: Figure) -> bool:
    """Whether two figures about one measure state the same number (see the module's rules)."""
    if a.value_max is not None or b.value_max is not None:
        return (a.value, a.value_max) == (b.value, b.value_max)
    qualifiers = {a.qualifier, b.qualifier}
    if a.value == b.value:
        return (
            len(qualifiers) == 1
            or qualifiers <= _LOWER
            or qualifiers <= _UPPER
            or qualifiers <= {"exact", "about"}
            or qualifiers <= {"exact", "at_least"}
            or qualifiers <= {"exact", "at_most"}
        )
    if qualifiers in ({"exact", "more_than"}, {"exact", "at_least"}):
        # "more than 11 years" and "11.25 years": the bound is the exact value cut to its precision.
        bound = a if a.qualifier != "exact" else b
        exact = b if bound is a else a
        step = _step(bound)
        return step is not None and bound.value <= exact.value < bound.value + step
    if qualifiers <= _LOWER and a.measure not in RUNNING_MEASURES:
        # "more than 2,100 acres" and "at least 2,170 acres": the lower bound is the higher one
        # rounded down to its round number. A running count's bounds are its progression.
        low, high = sorted((a, b), key=lambda f: f.value)
        return low.value <= high.value < low.value + _round_step(low)
    if qualifiers == {"exact", "about"}:
        # "about 300" and "312" are one claim told less and more precisely; "nearly $300 billion"
        # and "about $330 billion" are two, each outlet's own.
        around = a if a.qualifier == "about" else b
        other = b if around is a else a
        return abs(other.value - around.value) <= _about_reach(around)
    return len(qualifiers) == 1 and _rounded_alike(a, b)


def _step(figure: Figure) -> float | None:
    """The precision a figure is written to: 1 for "9%", 0.1 for "9.2 percent", 0.1 billion for
    "$68.7 billion"; None where its text shows no number."""
    match = _WRITTEN_NUMBER.search(figure.value_text)
    if match is None or not (written := float(match.group(0).replace(",", ""))):
        return None
    return (figure.value / written) * 10.0 ** -len(match.group(1) or "")


def _about_reach(figure: Figure) -> float:
    """How far from an "about" figure another value may be and still be the one it rounds: half
    its round number's step ("about 300" reaches 310, "about 130" not 119), and, for a number of
    two figures or fewer, at least ``ABOUT_AT_LEAST`` of it ("about 250" reaches 240; "about
    12,700", written to three figures, does not reach 12,900)."""
    half_step = _round_step(figure) / 2
    if _significant_figures(figure) > 2:
        return half_step
    return min(ABOUT * figure.value, max(half_step, ABOUT_AT_LEAST * figure.value))


def _significant_figures(figure: Figure) -> int:
    """How many figures a number is written to: 2 for "250" and "13,000", 3 for "12,700"."""
    digits = _WRITTEN_NUMBER.search(figure.value_text)
    if digits is None:
        return 0
    written = digits.group(0).replace(",", "").replace(".", "").lstrip("0")
    return len(written if digits.group(1) else written.rstrip("0"))


def _round_step(figure: Figure) -> float:
    """The step a round number is written to: 100 for "2,100", 1 for "2,170", 0.1 billion for
    "$5.5 billion"."""
    step = _step(figure) or 0.0
    digits = _WRITTEN_NUMBER.search(figure.value_text)
    if digits and not digits.group(1):
        whole = digits.group(0).replace(",", "")
        step *= 10.0 ** (len(whole) - len(whole.rstrip("0")))
    return step


def _rounded_alike(a: Figure, b: Figure) -> bool:
    """Whether the less precise of two figures is the other rounded ("9%" and "9.2 percent",
    "$69 billion" and "$68.7 billion"): one number, written to two precisions."""
    step_a, step_b = _step(a), _step(b)
    if step_a is None or step_b is None or step_a == step_b:
        return False
    coarse, fine = (a, b) if step_a > step_b else (b, a)
    return abs(fine.value - coarse.value) <= max(step_a, step_b) / 2 * (1 + 1e-9)


def value_text(figure: Figure) -> str:
    """The claim in plain words: "more than 327", "between 300 and 350", "about 2,300"."""
    number = figure.value_text
    if figure.value_max is not None:
        return number
    words = QUALIFIER_WORDS[figure.qualifier]
    return f"{words} {number}".strip()


@dataclass(frozen=True)
class _Circumstances:
    """What a figure says of when, where and from what it counts; None or empty: not stated."""

    cause: str | None
    places: frozenset[str]
    as_of: str | None

    @classmethod
    def of(cls, figure: Figure) -> _Circumstances:
        """A running count's as-of time tells when it was counted, not another count: it is left out."""
        as_of = when_key(figure.as_of) if figure.as_of and figure.measure not in RUNNING_MEASURES else None
        return cls(figure.cause, place_keys([figure.where]), as_of)


@dataclass
class _Context:
    """Figures that count the same thing in circumstances that do not differ."""

    causes: set[str] = field(default_factory=set)
    places: set[str] = field(default_factory=set)
    as_of: set[str] = field(default_factory=set)
    figures: list[Figure] = field(default_factory=list)

    def admits(self, c: _Circumstances) -> bool:
        return not (
            (c.cause and self.causes and c.cause not in self.causes)
            or (c.places and self.places and not same_places(c.places, frozenset(self.places)))
            or (c.as_of and self.as_of and c.as_of not in self.as_of)
        )

    def add(self, figure: Figure, c: _Circumstances) -> None:
        self.figures.append(figure)
        self.causes |= {c.cause} if c.cause else set()
        self.places |= c.places
        self.as_of |= {c.as_of} if c.as_of else set()


@dataclass
class _Measure:
    """The contexts of one (measure, subject, unit), found by their circumstances."""

    contexts: list[_Context] = field(default_factory=list)
    by_circumstances: dict[_Circumstances, _Context] = field(default_factory=dict)

    def add(self, figure: Figure) -> None:
        c = _Circumstances.of(figure)
        home = self.by_circumstances.get(c)
        if home is None and len(self.contexts) <= SCANNED_CONTEXTS:
            home = next((context for context in self.contexts if context.admits(c)), None)
        if home is None:
            self.contexts.append(home := _Context())
        self.by_circumstances.setdefault(c, home)
        home.add(figure, c)


def _bucket(value: float) -> int:
    """Values within ``ABOUT`` of each other fall in the same or a neighbouring bucket."""
    return math.floor(math.log1p(max(value, 0.0)) / math.log1p(ABOUT))


def _claims(figures: list[Figure]) -> list[list[Figure]]:
    """Figures grouped into claims: each group states one number.

    A figure can only be the same claim as one that has its value, or one within ``ABOUT`` of it
    (an "about", or the same number written to another precision); claims are found through
    those indexes, never by scanning them all, so grouping stays linear however many values one
    measure has.
    """
    claims: list[list[Figure]] = []
    by_value: dict[tuple[float, float | None], set[int]] = defaultdict(set)
    by_bucket: dict[int, set[int]] = defaultdict(set)  # every claim, by the buckets of its values
    about_by_bucket: dict[int, set[int]] = defaultdict(set)  # claims with an "about" figure
    for figure in figures:
        bucket = _bucket(figure.value)
        near = (bucket - 1, bucket, bucket + 1)
        if figure.value_max is None:  # "about 300", or a number written to another precision
            candidates = set().union(*(by_bucket.get(b, ()) for b in near))
        else:
            candidates = set(by_value.get((figure.value, figure.value_max), ()))
            candidates = candidates.union(*(about_by_bucket.get(b, ()) for b in near))
        home = next((i for i in sorted(candidates) if all(same_claim(figure, o) for o in claims[i])), None)
        if home is None:
            home = len(claims)
            claims.append([])
        claims[home].append(figure)
        by_value[(figure.value, figure.value_max)].add(home)
        by_bucket[bucket].add(home)
        if figure.qualifier == "about":
            about_by_bucket[bucket].add(home)
    return claims


def _merged(claim: list[Figure], source_key: SourceKey) -> Figure:
    """One figure for a claim: the most precise wording, every citation, reported if any reports it."""
    best = min(claim, key=lambda f: _PRECISION[f.qualifier])
    merged = best.model_copy()
    merged.citations = []
    seen: set[tuple[str, int, int]] = set()
    for figure in claim:
        for c in figure.citations:
            if (c.article_id, c.start, c.end) not in seen:
                seen.add((c.article_id, c.start, c.end))
                merged.citations.append(c)
    if any(f.status == "reported" for f in claim):
        merged.status, merged.hedge = "reported", None
    # Who reported it, where every telling names the same one: "according to CBS" on four
    # outlets' figure would credit CBS with what the others report on their own.
    # One name written with or without a title ("Gaetz", "Mr Gaetz") is one source.
    attributions = {f.attribution for f in claim}
    fullest = max(attributions, key=lambda a: len(a or ""))
    merged.attribution = fullest if fullest and all(a and _within(a, fullest) for a in attributions) else None
    merged.source_count = len({source_key(c.article_id) for c in merged.citations})
    return merged


def _within(name: str, fuller: str) -> bool:
    """Whether ``fuller`` is ``name`` with more names or titles ("Gaetz", "Mr Gaetz"), not
    another's ("a Gaetz aide")."""
    words, more = name.split(), fuller.split()
    return set(words) <= set(more) and all(w[:1].isupper() for w in more if w not in words)


def figure_about(measure: str, subject: str | None, where: str | None) -> str:
    text = f"{measure} of {subject}" if subject else measure
    return f"{text} in {where}" if where else text


_WORTH_OF = re.compile(r"^(?:worth|value)\s+of\s+")


def _measure_key(measure: str) -> str:
    """A measure as one writing of it: "liabilities", "liability" and "worth of liabilities" are one."""
    words = _WORTH_OF.sub("", measure.casefold()).split()
    return " ".join(
        word[:-3] + "y"
        if word.endswith("ies")
        else word[:-1]
        if word.endswith("s") and not word.endswith("ss")
        else word
        for word in words
    )


def _one_writing(figures: list[Figure]) -> list[Figure]:
    """The figures with each measure written as the first figure that measures it writes it."""
    keys = [_measure_key(f.measure) for f in figures]
    first: dict[str, str] = {}
    for key, figure in zip(keys, figures, strict=True):
        first.setdefault(key, figure.measure)
    return [
        f if first[key] == f.measure else f.model_copy(update={"measure": first[key]})
        for key, f in zip(keys, figures, strict=True)
    ]


def _titled_names(figures: list[Figure]) -> dict[str, str]:
    """Holders that are another holder's name with words before it, each to that name: "Disgraced
    Theranos CEO Elizabeth Holmes" is "Elizabeth Holmes" (not "Holmes" alone, which may be another
    Holmes: a name of one word is no one's shorter name)."""
    names = {f.subject for f in figures if f.subject}
    return {
        long: short
        for long in names
        for short in names
        if len(short.split()) >= 2 and len(long.split()) > len(short.split()) and long.endswith(" " + short)
    }


def _only_holders(figures: list[Figure]) -> dict[tuple[str, str | None], str]:
    """The one name that holds a measure, where the figures of that measure name only one: a figure
    of it that names no holder is that one's ("Musk acquired a 9% stake" / "He disclosed a 9.2
    percent stake"). Where several are named ("Labour 410 seats, the Conservatives 119"), a figure
    with none is compared with none of them. Not for a toll: one that names who caused it
    ("Hurricane Michael caused 16 deaths") is told apart from the story's own."""
    named: dict[tuple[str, str | None], set[str]] = defaultdict(set)
    for figure in figures:
        if figure.subject and figure.subject not in GROUPS and figure.measure not in RUNNING_MEASURES:
            named[(figure.measure, figure.unit)].add(figure.subject)
    return {key: next(iter(names)) for key, names in named.items() if len(names) == 1}


@dataclass
class ComparedFigures:
    """Figures compared across outlets: agreed, running (given at different times), disputed."""

    agreed: list[Figure] = field(default_factory=list)
    running: list[RunningFigure] = field(default_factory=list)
    disagreements: list[Disagreement] = field(default_factory=list)
    parts: list[Figure] = field(default_factory=list)  # smaller counts beside an article's own total


def _without_parts(claims: list[Figure], rivals: list[list[Figure]]) -> tuple[list[Figure], list[Figure]]:
    """A running count's claims, less those that are parts of a total: a claim every article of
    which also gives a higher value of the count ("at least 230 killed" and, further down, "at
    least 21 people died at the school"). One article gives one toll at a time: its smaller
    numbers of the same count are a part of it, not earlier moments of the whole; but not a
    value of ``rivals``, the counts of two sources set side by side."""
    highest: dict[str, float] = defaultdict(float)
    for claim in claims:
        for c in claim.citations:
            highest[c.article_id] = max(highest[c.article_id], _top(claim))
    rival_values = {(f.value, f.value_max) for told in rivals for f in told}
    kept: list[Figure] = []
    parts: list[Figure] = []
    for claim in claims:
        articles = {c.article_id for c in claim.citations}
        is_part = (claim.value, claim.value_max) not in rival_values and all(
            highest[a] > _top(claim) for a in articles
        )
        (parts if is_part else kept).append(claim)
    return kept, parts


def _top(figure: Figure) -> float:
    return figure.value_max or figure.value


def _rivals(a: Figure, b: Figure) -> bool:
    """Whether two values of one count are given by two different named sources ("Mamata
    estimated the toll to be over 500, while Vaishnaw maintained the official figure of 238")."""
    if not (a.attribution and b.attribution):
        return False
    words_a, words_b = set(name_key(a.attribution).split()), set(name_key(b.attribution).split())
    return not (words_a <= words_b or words_b <= words_a)  # "Vaishnaw" is "Minister Ashwini Vaishnaw"


def _rival_counts(figures: list[Figure]) -> list[list[Figure]]:
    """The values of a running count that one sentence gives as two or more sources' at once
    ("Mamata estimated the toll to be over 500, while Vaishnaw maintained the official figure of
    238"): the sources disagree at one moment, which no progression explains. Values of two
    sentences may be of two moments or places ("at least 47 …, Yonhap reported" / "At least 33
    bodies have been recovered …, a fire official told Reuters"), and are left to the progression."""
    by_sentence: dict[tuple[str, int | None], list[Figure]] = defaultdict(list)
    for figure in figures:
        for told_in in dict.fromkeys((c.article_id, c.sentence_id) for c in figure.citations):
            by_sentence[told_in].append(figure)
    rivals: list[list[Figure]] = []
    for told in by_sentence.values():
        named = [f for f in told if f.attribution]
        if any(_rivals(a, b) for a in named for b in named) and named not in rivals:
            rivals.append(named)
    return rivals


def compare_figures(
    figures: list[Figure], source_key: SourceKey, published: Published = lambda _: None
) -> ComparedFigures:
    """The figures no other outlet contradicts, merged; the running tolls; and the disagreements.

    Figures are grouped by (measure, subject, unit), then by circumstances through a dictionary;
    a figure whose circumstances are new is compared with at most ``SCANNED_CONTEXTS`` contexts
    (a figure that states no place joins the first context it does not contradict). So the cost
    is linear in the number of figures for a bounded number of claims per context. Different
    claims of a running count (``RUNNING_MEASURES``) are a progression, not a disagreement.
    """
    by_measure: dict[tuple[str, str | None, str | None], _Measure] = defaultdict(_Measure)
    compared = ComparedFigures()
    comparable: list[Figure] = []
    for figure in figures:
        # Nothing to compare with: what it counts is unknown, or it is a condition, not a count.
        (compared.agreed if figure.measure == UNNAMED_MEASURE or figure.condition else comparable).append(
            figure
        )
    comparable = _one_writing(comparable)
    titled = _titled_names(comparable)
    comparable = [
        f.model_copy(update={"subject": titled[f.subject]}) if f.subject in titled else f for f in comparable
    ]
    holders = _only_holders(comparable)
    for figure in comparable:
        subject = figure.subject or holders.get((figure.measure, figure.unit))
        by_measure[(figure.measure, subject, figure.unit)].add(figure)

    for (measure, subject, _), group in by_measure.items():
        for context in group.contexts:
            claims = [_merged(c, source_key) for c in _claims(context.figures)]
            if len(claims) == 1:
                compared.agreed.extend(claims)
                continue
            # A place heads the claims only where every claim gives it.
            places = {f.where for f in claims}
            where = places.pop() if len(places) == 1 else None
            about = figure_about(measure, subject, where)
            rival_counts = [] if is_measurement(measure) else _rival_counts(context.figures)
            for rivals in rival_counts:
                told = [claimed_value(f, published) for f in sorted(rivals, key=_top, reverse=True)]
                compared.disagreements.append(_disputed(about, measure, subject, where, rivals, told))
            if measure in RUNNING_MEASURES:
                claims, parts = _without_parts(claims, rival_counts)
                compared.parts.extend(parts)
                if len(claims) == 1:
                    compared.agreed.extend(claims)
                    continue
                values = [claimed_value(f, published) for f in claims]
                moments = [_moment(v) for v in values]
                timed = len({m for m in moments if m}) > 1
                days = moments if timed else [None] * len(moments)
                # Latest first; values of no known day after them; highest first within a day.
                order = sorted(
                    range(len(values)),
                    key=lambda i: (days[i] is not None, days[i] or "", values[i].value or 0.0),
                    reverse=True,
                )
                compared.running.append(
                    RunningFigure(
                        about=about,
                        measure=measure,
                        subject=subject,
                        where=where,
                        by_time=timed,
                        values=[values[i] for i in order],
                        undated=moments.count(None) if timed else 0,
                    )
                )
            elif is_measurement(measure):
                compared.agreed.extend(claims)  # "10 metres" and "12 metres": of what, unknown
            else:
                for close in _close_claims(claims):
                    if len(close) == 1 or len({c.article_id for f in close for c in f.citations}) == 1:
                        compared.agreed.extend(close)
                        continue
                    told = [claimed_value(f) for f in sorted(close, key=lambda f: (f.value, f.qualifier))]
                    compared.disagreements.append(_disputed(about, measure, subject, where, close, told))
    return compared


def _disputed(
    about: str,
    measure: str,
    subject: str | None,
    where: str | None,
    figures: list[Figure],
    values: list[ClaimedValue],
) -> Disagreement:
    """The disagreement of ``figures``, shown as ``values``."""
    return Disagreement(
        kind="figure",
        about=about,
        measure=measure,
        subject=subject,
        where=where,
        mutually_exclusive=not _compatible_all(figures),
        values=values,
    )


def _close_claims(claims: list[Figure]) -> list[list[Figure]]:
    """Claims cut where a value is more than ``CLOSE`` times the one below it. Outlets giving one
    quantity differ by rounding, conversion or an update; values of one unit further apart than
    that ("135 months" and "18 months", "160 metres" and "780 metres") are different quantities
    whose sentences name them alike."""
    ordered = sorted(claims, key=lambda f: f.value)
    groups = [[ordered[0]]]
    for figure in ordered[1:]:
        if figure.value > CLOSE * max(_top(groups[-1][-1]), 1e-9):
            groups.append([])
        groups[-1].append(figure)
    return groups


def _moment(value: ClaimedValue) -> str | None:
    """When a value was given: its as-of day resolved against its article's date, else that date."""
    key = when_key(value.as_of) if value.as_of else None
    if key:
        day = resolved_day(key, value.published)
        if day.startswith("date:") and not day.startswith("date:-"):
            return day.removeprefix("date:")
    return value.published[:10] if value.published else None


def claimed_value(figure: Figure, published: Published = lambda _: None) -> ClaimedValue:
    """A figure as one of the values of a disagreement, a running figure or a changed figure."""
    dates = [d for c in figure.citations if (d := published(c.article_id))]
    return ClaimedValue(
        text=value_text(figure),
        value=figure.value,
        value_max=figure.value_max,
        qualifier=figure.qualifier,
        unit=figure.unit,
        as_of=figure.as_of,
        where=figure.where,
        published=max(dates) if dates else None,
        status=figure.status,
        hedge=figure.hedge,
        attribution=figure.attribution,
        source_count=figure.source_count,
        citations=figure.citations,
    )
