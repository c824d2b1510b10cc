"""Developments: what happened, each event once with every outlet that reports it, in the words of one.

A development is shown in the words of an article, never in the model's: its text is a sentence
(less a leading dateline such as "MEXICO CITY (AP) —"), and its first citation is exactly those
words, so everything a reader sees stands in what it cites. Every sentence of every article is a
candidate, except speech (mostly a direct quote, a quote's continuation, first-person words:
"Who said what" has those; what is announced is news too), a sentence that only says who spoke ("Biden said in a speech."), one
that introduces a list ("Following are offers of aid…"), headings, names and fragments. A paragraph that ends without a stop is a sentence (a standfirst,
a summary point, shown without its list mark) when it is long and not cut off. The model's events and figures say which
sentences are news (they rank first among equals) and with whom and when.

The sentences are grouped by meaning: each, in order of its position in its article (leads
first), joins the group whose sentences it is on average most alike (``merge/similarity.py``)
when that mean reaches ``SAME_EVENT`` (or only ``SAME_FIGURES_EVENT`` where it gives two figures
that the group's telling sentence gives too: "The vote was 216-210" and "The final tally was 216
supporting the ouster and 210 members voting against it") and the group holds no sentence of its
own article (an article tells an event once: its next sentence on the subject tells something
more), else it starts a group. A group is one development, told
by its most typical sentence (one that does not hedge, nor only says what something is, where
there is one); it cites every
sentence of the group and counts their distinct outlets. A sentence whose numbers are all other
than the telling sentence's does not support it ("the toll rose to 21" / "to 18 children and three
adults"): it tells a development of its own, or, where figures cite all its numbers, it is those
figures. An action that repeats (an air strike, ``ground/actions.py``) told for two days that
cannot be one is two events, however alike the words; so are sentences that tell no step of a
criminal case in common ("charged with" three counts, "convicted of" them). Developments are ranked
by outlets, an outlet that leads with one (tells it in its first sentence that tells a development)
counting twice, so that what outlets lead with comes before background that several mention in
passing ("The blaze is already the deadliest U.S. wildfire in more than a century."); then news
first, then by how early their articles tell them: the ``MAIN_DEVELOPMENTS`` first are the main
ones, the next news ones are also reported, and a development told by a hedging sentence is
unconfirmed.

Two outlets that give one event days that cannot be one make a date ``Disagreement``, after each
weekday has been resolved against its article's publication date ("Wednesday" in an article of
Thursday 2024-11-28 is 2024-11-27), so that reports that agree are seen to agree. Sentences of
one development may tell neighbouring events, so only sentences at least ``SAME_DAY_EVENT``
alike are held to tell the same one.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from summarizer.ground.actions import ONE_OFF, action_kind, case_steps
from summarizer.ground.attribution import attribution
from summarizer.ground.dates import could_be_same_day, event_day, resolved_day, when_key
from summarizer.ground.grounding import claim_words, hedge
from summarizer.ground.names import NameIndex
from summarizer.ground.numbers import YEAR_SPAN, NumberMention, in_a_name, mentions
from summarizer.ground.speech import only_attribution
from summarizer.ingest.datelines import dateline_end
from summarizer.merge.clusters import ClusterIndex, RareWords, Sources, comparable_text, distinct
from summarizer.merge.similarity import embeddings
from summarizer.merge.support import unsupported
from summarizer.models.article import Article, Sentence
from summarizer.models.briefing import ClaimedValue, Disagreement
from summarizer.models.records import ArticleExtraction, Citation, Event

if TYPE_CHECKING:
    import numpy as np
    from numpy.typing import NDArray

SAME_EVENT = 0.6  # mean cosine similarity at which a sentence joins a group
SAME_DAY_EVENT = 0.75  # cosine similarity at which two sentences tell the very same event
SAME_FIGURES_EVENT = 0.3  # …at which it joins a group whose telling gives two of its figures
_NEAR_BOUND = 0.1  # how far past a bound ("more than 11") a number may be and still be the one it bounds
_WORD_AFTER_DIGITS = re.compile(r"[\d,.]+\s*([A-Za-z]+)")
_COMMON_NUMBER = 12  # numbers up to this one ("eight Republicans", "two touchdowns") are no anchor
EXACT_UP_TO = 512  # groups every sentence is compared with; beyond, those sharing a rare word
MAIN_DEVELOPMENTS = 12
_TOLLS = frozenset({"deaths", "displacement"})  # action kinds whose days are as-of days
_SHORTEST_SENTENCE = 4  # words
_ENDED = re.compile(r"[.!?][\"”’)]*$")  # a sentence ends so; a heading or a fragment does not
# A paragraph of this many words or more that ends without a stop is a sentence (a standfirst, a
# summary point), unless it ends as a cut-off excerpt does: on a letter or a word that leads on.
_UNSTOPPED_PARAGRAPH = 12  # words; shorter, it is a heading ("Kenya confirms first case of Mpox")
_CUT_OFF = re.compile(
    r"(?:\b\w|\b(?:a|an|the|of|to|in|on|at|by|for|from|with|and|or|but|that|which|who|as|than|into|its|his|her|their)|[,;:—–-])$",
    re.IGNORECASE,
)
_LIST_MARK = re.compile(r"^[•·▪*-]\s+")  # "• A cargo ship lost power…": the mark is no part of the words
_OPENERS = frozenset("“\"‘'—–-")
_FIRST_PERSON = re.compile(r"\b(?:I|I'm|I’m|I've|I’ve|me|my|we|We|our|Our|us)\b")
_MOSTLY_QUOTED = 0.5
_LOWER_WORD = re.compile(r"\b[a-z]{3,}\b")  # none: a name, a byline ("Sheriff Bobby F. Kimbrough, Jr.")

# A short sentence that only says what something is ("CrowdStrike is a global cybersecurity firm.")
# tells no event, however like the group's sentences it is.
_DEFINITION = re.compile(r"^[^,;]{1,60}?\s(?:is|are)\s(?:a|an|one of)\s[^,;]{1,80}[.]$")
_QUOTED = re.compile(r"[“\"]([^”\"]+)[”\"]")
# What is announced is an event as well as words said ("Meta has announced it is laying off more
# than 11,000 employees"): the sentence tells a development and is in "Who said what" too.
_ANNOUNCED = re.compile(r"\bannounc(?:ed|es|ing)\b")
# "Following are offers of aid and other reactions…": what the article lists next, not an event.
_LIST_INTRODUCTION = re.compile(r"^(?:Following|Below|Here)\s+(?:are|is)\b")


@dataclass
class _Unit:
    """One sentence that reports a development, as a one-sentence development."""

    event: Event
    article: str
    rank: tuple[int, int]  # (position of the sentence in its article, the article's order)
    news: bool  # the model found an event or a figure in it
    counted: frozenset[float]  # the numbers of the figures that cite it ("Figures reported" shows them)
    kind: str | None  # the kind of action it tells (``ground/actions.py``)
    day: str | None  # the day its event happened (``_event_day``)
    steps: frozenset[str]  # the steps of a criminal case it tells (``ground/actions.py``)
    lede: bool  # the first sentence of its article that tells a development


def _display(article: Article, sentence: Sentence) -> Citation:
    """The sentence's own words less a leading dateline, as a citation of exactly those words."""
    text = article.span_text(sentence)
    mark = _LIST_MARK.match(text)
    opening = mark.end() if mark else 0
    start = sentence.start + opening + dateline_end(text[opening:])
    end = sentence.start + len(text.rstrip())
    return Citation(
        article_id=article.id,
        path=article.path,
        start=start,
        end=end,
        quote=article.text[start:end],
        sentence_id=sentence.id,
    )


def _ended(article: Article, sentence: Sentence, text: str) -> bool:
    """Whether ``sentence`` ends as a sentence does: with a stop, or as a paragraph of
    ``_UNSTOPPED_PARAGRAPH`` words or more that is not cut off (nor the article's last words,
    which an excerpt may have cut)."""
    words = text.rstrip()
    if _ENDED.search(words):
        return True
    return (
        len(words.split()) >= _UNSTOPPED_PARAGRAPH
        and not _CUT_OFF.search(words)
        and article.text.startswith("\n", sentence.end)
        and sentence is not article.sentences[-1]
    )


def _mostly_quoted(text: str) -> bool:
    quoted = sum(len(m.group(1)) for m in _QUOTED.finditer(text))
    return quoted > _MOSTLY_QUOTED * len(text)


def _sentence_event(article: Article, sentence: Sentence, told: list[Event]) -> Event:
    """The sentence as a development, with whom and when the model's events found in it."""
    cited = _display(article, sentence)
    status, hedge_words = hedge([claim_words(cited.quote)])
    when = event_day(cited.quote, next((e.when for e in told if e.when and e.when in cited.quote), None))
    return Event(
        description=cited.quote,
        actors=list(dict.fromkeys(a for e in told for a in e.actors if a in cited.quote)),
        when=when,
        citations=[cited],
        status=status,
        hedge=hedge_words,
        attribution=attribution(cited.quote),
    )


def _speech(text: str) -> bool:
    """Whether a sentence is speech rather than report: mostly quoted, a quote's continuation
    (it opens with a quotation mark or a dash) or first-person words outside quotation marks."""
    if _mostly_quoted(text) or text.lstrip()[:1] in _OPENERS:
        return True
    return _FIRST_PERSON.search(_QUOTED.sub("", text)) is not None


def _units(extractions: list[ArticleExtraction]) -> list[_Unit]:
    units: list[_Unit] = []
    for order, x in enumerate(extractions):
        article = x.article
        by_sentence: dict[int, list[Event]] = defaultdict(list)
        for event in x.events:
            sentence_id = event.citations[0].sentence_id
            if sentence_id is not None:
                by_sentence[sentence_id].append(event)
        counted: dict[int, set[float]] = defaultdict(set)  # what "Figures reported" shows
        own_text = {article.id: article.text}
        for figure in x.figures:
            if unsupported(figure, own_text.__getitem__) is None:  # not "its 50-year-old Roe"
                for c in figure.citations:
                    if c.sentence_id:
                        counted[c.sentence_id].add(figure.value)
        news = set(by_sentence) | {c.sentence_id for f in x.figures for c in f.citations}
        # In "Who said what", unless the words said are the lesser part of their sentence ("Depp
        # will receive $10.4 million, a sum her attorneys say she cannot afford to pay").
        said = {
            s.citations[-1].sentence_id
            for s in x.statements
            if len(s.content) >= _MOSTLY_QUOTED * len(s.citations[-1].quote)
            and not _ANNOUNCED.search(_QUOTED.sub("", s.citations[-1].quote))
        }
        for sentence in article.sentences:
            text = article.span_text(sentence)
            if (
                sentence.id in said
                or len(text.split()) < _SHORTEST_SENTENCE
                or not _ended(article, sentence, text)
                or not _LOWER_WORD.search(text)
                or _speech(text)
                or only_attribution(text)
                or _LIST_INTRODUCTION.match(text)
            ):
                continue
            event = _sentence_event(article, sentence, by_sentence.get(sentence.id, []))
            kind = action_kind(event.description)
            day = _event_day(event, kind, article.published)
            rank = (sentence.id, order)
            figures = frozenset(counted.get(sentence.id, ()))
            steps = case_steps(event.description)
            lede = not units or units[-1].article != article.id
            units.append(_Unit(event, article.id, rank, sentence.id in news, figures, kind, day, steps, lede))
    return units


def _event_day(event: Event, kind: str | None, published: str | None) -> str | None:
    """The day the event happened, resolved against its article's date; None where it names
    none, or names the day a toll was counted ("311 killed by Tuesday"), not an event's."""
    if not event.when or kind in _TOLLS:
        return None
    key = when_key(event.when)
    return resolved_day(key, published) if key else None


def _another_day(unit: _Unit, group: Iterable[_Unit]) -> bool:
    """Whether ``unit`` tells, on a day that another article of ``group`` cannot have meant, an
    action that repeats (an air strike, talks: not an offensive's launch, ``ground/actions.py``)
    or one of another kind: then it is another event, however alike the words."""
    if unit.day is None or unit.kind is None:
        return False
    return any(
        other.article != unit.article
        and other.day is not None
        and not could_be_same_day(unit.day, other.day)
        and (unit.kind not in ONE_OFF or _other_kinds(unit, other))
        for other in group
    )


def _another_step(unit: _Unit, group: Iterable[_Unit]) -> bool:
    """Whether ``unit`` tells steps of a criminal case and a sentence of ``group`` tells none of them."""
    return bool(unit.steps) and any(other.steps and not other.steps & unit.steps for other in group)


def _other_kinds(a: _Unit, b: _Unit) -> bool:
    """Whether two units tell actions of two known kinds ("captured" is not "launched")."""
    return a.kind is not None and b.kind is not None and a.kind != b.kind


def _groups(units: list[_Unit], vectors: NDArray[np.float32]) -> list[list[int]]:
    """Units grouped by meaning: each joins the group it is on average most alike, leads first.

    A unit's mean similarity to a group's sentences is the dot product of its vector with the
    mean of theirs, so each group keeps only the sum of its vectors. While there are at most
    ``EXACT_UP_TO`` groups a unit is compared with all of them; beyond that, only with the
    groups that share one of its rarest words (``merge/clusters.py``), so that grouping stays
    close to linear in the number of sentences.
    """
    import numpy as np

    texts = [comparable_text(u.event.description) for u in units]
    anchors = [_anchors(u.event.description) for u in units]
    rare = RareWords(texts)
    index = ClusterIndex()
    sums = np.zeros((max(len(units), 1), vectors.shape[1] if vectors.ndim == 2 else 1), dtype=np.float32)
    groups: list[list[int]] = []
    articles: list[set[str]] = []  # each group's articles
    for i in sorted(range(len(units)), key=lambda i: units[i].rank):
        keys = rare.keys(texts[i])
        candidates = (
            np.arange(len(groups))
            if len(groups) <= EXACT_UP_TO
            else np.asarray(index.candidates(keys), dtype=int)
        )
        home = len(groups)
        if len(candidates):
            sizes = np.asarray([len(groups[g]) for g in candidates], dtype=np.float32)
            scores = (sums[candidates] @ vectors[i]) / sizes
            for best in np.argsort(-scores, kind="stable"):
                if scores[best] < SAME_FIGURES_EVENT:
                    break
                if (
                    scores[best] < SAME_EVENT
                    and len(anchors[i] & anchors[groups[int(candidates[best])][0]]) < 2
                ):
                    continue  # less alike: one only where both give the same figures ("216-210", "216 to 210")
                if units[i].article in articles[int(candidates[best])]:
                    continue  # an article tells an event once: its other sentence tells something else
                if _another_step(units[i], (units[j] for j in groups[int(candidates[best])])):
                    continue  # "charged with" three counts is not "convicted of" them
                if not _another_day(units[i], (units[j] for j in groups[int(candidates[best])])):
                    home = int(candidates[best])
                    break
        if home == len(groups):
            groups.append([])
            articles.append(set())
        groups[home].append(i)
        articles[home].add(units[i].article)
        sums[home] += vectors[i]
        index.add(keys, home)
    for g, members in enumerate(groups):  # the most typical sentence first: it tells the development
        typical = vectors[members] @ sums[g]
        order = sorted(
            range(len(members)),
            key=lambda k: (
                units[members[k]].event.status != "reported",
                _DEFINITION.match(units[members[k]].event.description) is not None,
                -round(float(typical[k]), 4),  # equally typical within rounding: the earlier told
                units[members[k]].rank,
            ),
        )
        members[:] = [members[k] for k in order]
    return [part for members in groups for part in _split_by_numbers(members, units)]


def _anchors(text: str) -> set[float]:
    """The numbers of ``text`` that few sentences share by chance: above ``_COMMON_NUMBER``, and
    no year (nor a number that could be one: "during the 2016 campaign") nor part of a name ("an
    ATR 72 aircraft")."""
    return {
        m.value
        for m in mentions(text)
        if m.value > _COMMON_NUMBER
        and not (m.unit is None and YEAR_SPAN[0] <= m.value <= YEAR_SPAN[1])
        and not in_a_name(text, m)
    }


def _split_by_numbers(members: list[int], units: list[_Unit]) -> list[list[int]]:
    """A group, less the sentences whose numbers are all other than its telling sentence's: "the
    toll has risen to 21" does not support "the toll has risen to 18 children and three adults"
    (nor "the body count has risen to 4,300" a quake "of magnitude 7.8"). Each such sentence
    tells a development of its own, unless figures that pass the support check cite all its
    numbers: then "Figures reported" tells it. A bound and a number within it are not other:
    "more than 11 years" is "11 years and 3 months"."""
    told = _mentions(units[members[0]].event.description)
    if not told:
        return [members]
    kept: list[int] = [members[0]]
    apart: list[int] = []
    for i in members[1:]:
        own = _mentions(units[i].event.description)
        if not own or any(_agree(a, b) for a in own for b in told):
            kept.append(i)
        elif not {m.value for m, _ in own} <= units[i].counted:
            apart.append(i)
    return [kept, *([i] for i in apart)]


def _mentions(text: str) -> list[tuple[NumberMention, str]]:
    """The numbers of ``text`` that are no year, each with the word that says what it counts."""
    return [(m, _counted_word(text, m)) for m in mentions(text) if not m.looks_like_year(text)]


def _counted_word(text: str, mention: NumberMention) -> str:
    """What the number counts as written: its unit ("%", "USD"), else the word right after its
    digits ("11 years and 3 months" and "11 years" count "year"; "133 and" counts "and", which
    no other number does)."""
    if mention.unit:
        return mention.unit
    word = _WORD_AFTER_DIGITS.match(text, mention.start)
    return word.group(1).lower().removesuffix("s") if word else ""


def _agree(a: tuple[NumberMention, str], b: tuple[NumberMention, str]) -> bool:
    """Whether two numbers can be one: equal, or counting one thing with one within the other's
    bound and less than ``_NEAR_BOUND`` from it ("more than 11 years" and "11 years and 3 months";
    not "at least 133" killed and "145 were injured", nor "at least 60" and 133, a later toll)."""
    (x, x_counts), (y, y_counts) = a, b
    if x.value == y.value:
        return True
    if not x_counts or x_counts != y_counts:
        return False
    for bound, other in ((x, y), (y, x)):
        if bound.qualifier in ("more_than", "at_least") and bound.value < other.value <= bound.value * (
            1 + _NEAR_BOUND
        ):
            return True
        if (
            bound.qualifier in ("less_than", "at_most")
            and bound.value * (1 - _NEAR_BOUND) <= other.value < bound.value
        ):
            return True
    return False


@dataclass
class Developments:
    """The developments of a story, each list best-sourced first, then earliest told."""

    main: list[Event]
    also_reported: list[Event]  # reported, beyond the ``MAIN_DEVELOPMENTS`` first
    unconfirmed: list[Event]
    disagreements: list[Disagreement]


@dataclass
class _Development:
    event: Event
    rank: tuple[int, bool, int, int]  # (fewer sources and ledes, not news, earliest position, article order)
    news: bool


def merge_developments(
    extractions: list[ArticleExtraction], names: NameIndex, sources: Sources
) -> Developments:
    """The developments of ``extractions`` (see the module's rules), and the days outlets dispute."""
    units = _units(extractions)
    vectors = embeddings([u.event.description for u in units])
    found: list[_Development] = []
    disagreements: list[Disagreement] = []
    for members in _groups(units, vectors):
        told = [units[i] for i in members]
        event = told[0].event.model_copy()
        event.citations = distinct(c for u in told for c in u.event.citations)
        event.actors = _distinct_names((a for u in told for a in u.event.actors), names)
        event.source_count = sources.count(event.citations)
        if disagreement := _date_disagreement(event, told, vectors[members], sources):
            disagreements.append(disagreement)
            event.when = None
        news = any(u.news for u in told)
        ledes = sources.count(u.event.citations[0] for u in told if u.lede)
        rank = (-(event.source_count + ledes), not news, *min(u.rank for u in told))
        found.append(_Development(event, rank, news))
    found.sort(key=lambda d: d.rank)
    reported = [d for d in found if d.event.status == "reported"]
    return Developments(
        main=[d.event for d in reported[:MAIN_DEVELOPMENTS]],
        also_reported=[d.event for d in reported[MAIN_DEVELOPMENTS:] if d.news][:MAIN_DEVELOPMENTS],
        unconfirmed=[d.event for d in found if d.event.status != "reported" and d.news],
        disagreements=disagreements,
    )


def _date_disagreement(
    event: Event, told: list[_Unit], vectors: NDArray[np.float32], sources: Sources
) -> Disagreement | None:
    """The days outlets give for one event, where they cannot all be one day.

    Sentences of one development may tell neighbouring events (an offensive launched on Thursday,
    a city stormed on Saturday), so two days count against each other only when their sentences
    are alike enough to tell the very same event (``SAME_DAY_EVENT``).
    """
    days = [(k, unit.day) for k, unit in enumerate(told) if unit.day]
    if not any(
        told[a].article != told[b].article  # an article does not disagree with itself
        and not could_be_same_day(day_a, day_b)
        and not _other_kinds(told[a], told[b])
        and float(vectors[a] @ vectors[b]) >= SAME_DAY_EVENT
        for a, day_a in days
        for b, day_b in days
    ):
        return None
    by_day: dict[str, list[Event]] = defaultdict(list)
    for k, day in days:
        by_day[day].append(told[k].event)
    values = []
    for day, events in by_day.items():
        citations = distinct(c for e in events for c in e.citations)
        values.append(
            ClaimedValue(
                text=events[0].when or day,
                day=day,
                status="reported" if any(e.status == "reported" for e in events) else "unconfirmed",
                hedge=next((e.hedge for e in events if e.hedge), None),
                attribution=next((e.attribution for e in events if e.attribution), None),
                source_count=sources.count(citations),
                citations=citations,
            )
        )
    return Disagreement(kind="date", about=event.description, mutually_exclusive=True, values=values)


def _distinct_names(names: Iterable[str], index: NameIndex) -> list[str]:
    seen: dict[str, str] = {}
    for name in names:
        seen.setdefault(index.canonical(name), name)
    return list(seen.values())
