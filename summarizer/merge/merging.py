"""Merge: the records of many articles become one briefing, each fact once with all its sources.

Deterministic rules only:

- actors: the names of one actor become one actor with its aliases (``names.py``);
- events: two events are one when they name the same kind of action (``actions.py``: "captured",
  "seized" and "took control of" are one kind) and share a place or an actor, without naming two
  different places; when one of them names no place, a one-off action (an offensive, a capture)
  joins the only compatible event of its kind, never one of several (and not at all once the run
  has more than ``FEW_OF_A_KIND`` events of that kind). Events that the rules cannot classify
  are one when their words match closely. Two outlets may give one event
  different days: the event is merged and the days become a date ``Disagreement``. Repeating
  actions (air strikes) on different days are different events, and so are one article's own;
- statements: one when the speaker is the same actor and what was said matches closely;
- figures: compared per measure (``disagreements.py``): the same claim is merged, different
  claims become a ``Disagreement``.

Near-duplicates within one article collapse by the same rules. Each merged record counts its
independent sources (distinct outlets; articles where the outlet is unknown), and records are
ordered by that count, then by publication time and position. Records reported as unconfirmed
go apart.

Every comparison is made only with candidates found through an index (kind of action with
place or actor, speaker, rare words), never with all records, so merging is close to linear in
the number of records (``bench/merge_scale.py``).
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Generic, TypeVar

from rapidfuzz import fuzz

from summarizer.ground.actions import ONE_OFF, action_kind
from summarizer.ground.dates import could_be_same_day, when_key
from summarizer.ground.names import NameIndex, abbreviations_in, fold, name_key, split_abbreviation
from summarizer.ground.places import Gazetteer, place_keys, places
from summarizer.merge.figures import compare_figures
from summarizer.models.briefing import Briefing, ClaimedValue, Disagreement, Failure, Source
from summarizer.models.records import Actor, ArticleExtraction, Citation, Event, Record, Statement

R = TypeVar("R", bound=Record)

SIMILAR = 85.0  # token-set similarity (0-100) above which two descriptions say the same thing
CANDIDATES = 32  # most clusters compared under one index key
FEW_OF_A_KIND = 8  # most events of one kind among which a place-less one can find "the only one"
RARE_WORDS = 3  # index keys per record for word matching: its rarest words

_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")
_COMMON = frozenset(
    {
        "the", "a", "an", "and", "or", "of", "to", "in", "on", "at", "by", "for", "with", "from", "as",
        "its", "their", "has", "have", "had", "was", "were", "is", "are", "be", "been", "that", "this",
        "which", "who", "said", "says", "after", "before", "over", "into", "than", "more", "also",
    }
)  # fmt: skip


class _Sources:
    """What the merge needs to know of each article: its independent source, order and date."""

    def __init__(self, extractions: list[ArticleExtraction]) -> None:
        self.order = {x.article.id: i for i, x in enumerate(extractions)}
        self._outlet = {
            x.article.id: fold(x.article.outlet) if x.article.outlet else None for x in extractions
        }
        self._published = {x.article.id: x.article.published or "" for x in extractions}

    def key(self, article_id: str) -> str:
        """Articles of one outlet are one source; an article of unknown outlet is its own."""
        return self._outlet.get(article_id) or article_id

    def count(self, citations: Iterable[Citation]) -> int:
        return len({self.key(c.article_id) for c in citations})

    def sort_key(self, record: Record) -> tuple[int, str, int, int]:
        """Most sources first, then earliest published, then first written."""
        first = min(record.citations, key=lambda c: (self.order.get(c.article_id, 0), c.start))
        published = min((self._published.get(c.article_id, "") for c in record.citations), default="")
        return (-record.source_count, published or "~", self.order.get(first.article_id, 0), first.start)


def _distinct(citations: Iterable[Citation]) -> list[Citation]:
    """Each cited span once, in first-cited order."""
    distinct: dict[tuple[str, int, int], Citation] = {}
    for c in citations:
        distinct.setdefault((c.article_id, c.start, c.end), c)
    return list(distinct.values())


def _text(text: str) -> str:
    return " ".join(w for w in (fold(w) for w in _WORD.findall(text)) if w not in _COMMON)


class _RareWords:
    """Index keys for word matching: a record's rarest words across the whole run."""

    def __init__(self, texts: Iterable[str]) -> None:
        self._frequency = Counter(w for text in texts for w in set(text.split()))

    def keys(self, text: str) -> list[str]:
        words = sorted(set(text.split()), key=lambda w: (self._frequency[w], w))
        return words[:RARE_WORDS]


@dataclass
class _Cluster(Generic[R]):
    """Records found to be one: ``record`` is the merged one, ``members`` what it was made of."""

    record: R
    text: str
    kind: str | None = None
    members: list[R] = field(default_factory=list)
    sentences: set[tuple[str, int]] = field(default_factory=set)  # (article, start) of each citation
    places: set[str] = field(default_factory=set)
    actors: set[str] = field(default_factory=set)
    days: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))  # article → day keys

    def absorb(self, record: R, places: Iterable[str], actors: Iterable[str], day: str | None) -> None:
        if self.members:
            if record.status == "reported" and self.record.status != "reported":
                self.record.status, self.record.hedge = "reported", None
            self.record.attribution = self.record.attribution or record.attribution
        self.members.append(record)
        self.sentences |= _sentences(record)
        self.places |= set(places)
        self.actors |= set(actors)
        if day:
            for article in {c.article_id for c in record.citations}:
                self.days[article].add(day)


class _Index:
    """Clusters by key; a lookup returns at most ``CANDIDATES`` clusters per key, the latest first."""

    def __init__(self) -> None:
        self._clusters: dict[object, list[int]] = defaultdict(list)

    def add(self, keys: Iterable[object], cluster: int) -> None:
        for key in keys:
            bucket = self._clusters[key]
            if not bucket or bucket[-1] != cluster:
                bucket.append(cluster)

    def candidates(self, keys: Iterable[object]) -> list[int]:
        found: dict[int, None] = {}
        for key in keys:
            for cluster in reversed(self._clusters.get(key, [])[-CANDIDATES:]):
                found.setdefault(cluster, None)
        return sorted(found)


def _sentences(record: Record) -> set[tuple[str, int]]:
    return {(c.article_id, c.start) for c in record.citations}


class _EventMerger:
    def __init__(self, events: list[Event], names: NameIndex) -> None:
        self.names = names
        self.texts = [_text(f"{e.description} {' '.join(e.actors)}") for e in events]
        self.gazetteer = Gazetteer(name for e in events for name in [e.where, *places(e.description)])
        self.rare = _RareWords(self.texts)
        self.clusters: list[_Cluster[Event]] = []
        self.of_kind: Counter[str | None] = Counter()
        self.index = _Index()

    def _features(self, event: Event) -> tuple[str | None, frozenset[str], frozenset[str], str | None]:
        kind = action_kind(event.description)
        named = place_keys([event.where, *places(event.description)]) | self.gazetteer.keys_in(
            event.description
        )
        actor_words = {w for a in event.actors for w in fold(a).split()}
        places_named = frozenset(p for p in named if p not in actor_words)
        actors = frozenset(self.names.canonical(a) for a in event.actors)
        day = when_key(event.when) if event.when else None
        return kind, places_named, actors, day

    def _same_day_possible(
        self, cluster: _Cluster[Event], event: Event, kind: str | None, day: str | None
    ) -> bool:
        if not day:
            return True
        own = {c.article_id for c in event.citations}
        return not any(
            any(not could_be_same_day(day, d) for d in days) and (kind not in ONE_OFF or article in own)
            for article, days in cluster.days.items()
        )

    def add(self, event: Event, text: str) -> None:
        kind, where, actors, day = self._features(event)
        keys: list[object] = [("place", kind, p) for p in where] + [("actor", kind, a) for a in actors]
        word_keys = [("word", w) for w in self.rare.keys(text)]
        strong: list[tuple[float, int]] = []
        loose: list[int] = []
        # "The only event of its kind" can be told only while the run has few events of that kind.
        whole_kind = kind in ONE_OFF and self.of_kind[kind] <= FEW_OF_A_KIND
        lookup = [*keys, *word_keys, *([("kind", kind)] if whole_kind else [])]
        sentences = _sentences(event)
        for i in self.index.candidates(lookup):
            cluster = self.clusters[i]
            if sentences & cluster.sentences and (similar := fuzz.token_set_ratio(text, cluster.text)) >= 70:
                strong.append((200 + similar, i))  # one sentence, told twice
                continue
            same_kind = kind is not None and cluster.kind == kind
            if (where and cluster.places and not where & cluster.places) or (
                kind and cluster.kind and not same_kind
            ):
                continue
            if not self._same_day_possible(cluster, event, kind, day):
                continue
            if same_kind and (where & cluster.places or actors & cluster.actors):
                strong.append((100 + fuzz.token_set_ratio(text, cluster.text), i))
            elif same_kind and bool(where) != bool(cluster.places):  # only one names a place
                if kind in ONE_OFF:
                    loose.append(i)
            elif (similar := fuzz.token_set_ratio(text, cluster.text)) >= SIMILAR:
                strong.append((similar, i))
            elif same_kind and kind in ONE_OFF:
                loose.append(i)
        if strong:
            home = max(strong)[1]
        elif len(loose) == 1 and whole_kind:
            home = loose[0]
        else:
            home = len(self.clusters)
            self.clusters.append(_Cluster(record=event.model_copy(), text=text, kind=kind))
            self.of_kind[kind] += 1
        self.clusters[home].absorb(event, where, actors, day)
        self.index.add([*keys, *word_keys, *([("kind", kind)] if kind in ONE_OFF else [])], home)

    def events(self, sources: _Sources) -> tuple[list[Event], list[Disagreement]]:
        merged, disagreements = [], []
        for cluster in self.clusters:
            event = cluster.record
            event.citations = _distinct(c for m in cluster.members for c in m.citations)
            event.actors = _distinct_names((a for m in cluster.members for a in m.actors), self.names)
            event.where = next((m.where for m in cluster.members if m.where), None)
            event.source_count = sources.count(event.citations)
            disagreement = _date_disagreement(event, cluster, sources)
            event.when = None if disagreement else next((m.when for m in cluster.members if m.when), None)
            if disagreement:
                disagreements.append(disagreement)
            merged.append(event)
        return merged, disagreements


def _date_disagreement(event: Event, cluster: _Cluster[Event], sources: _Sources) -> Disagreement | None:
    """The days outlets give for one event, where they cannot all be the same day."""
    by_day: dict[str, list[Event]] = defaultdict(list)
    for member in cluster.members:
        if member.when and (day := when_key(member.when)):
            by_day[day].append(member)
    days = list(by_day)
    if all(could_be_same_day(a, b) for a in days for b in days):
        return None
    values = []
    for day, members in by_day.items():
        citations = _distinct(c for member in members for c in member.citations)
        values.append(
            ClaimedValue(
                text=members[0].when or day,
                day=day,
                status="reported" if any(m.status == "reported" for m in members) else "unconfirmed",
                hedge=next((m.hedge for m in members if m.hedge), None),
                attribution=next((m.attribution for m in members if m.attribution), None),
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


def _merge_statements(statements: list[Statement], names: NameIndex) -> list[Statement]:
    texts = [_text(s.content) for s in statements]
    rare = _RareWords(texts)
    clusters: list[_Cluster[Statement]] = []
    index = _Index()
    for statement, text in zip(statements, texts, strict=True):
        speaker = names.canonical(statement.speaker)
        keys = [(speaker, w) for w in rare.keys(text)] + [(speaker, None)]
        scored = []
        sentences = _sentences(statement)
        for i in index.candidates(keys):
            similar = fuzz.token_set_ratio(text, clusters[i].text)
            if similar >= SIMILAR or (sentences & clusters[i].sentences and similar >= 70):
                scored.append((similar, i))
        if scored:
            home = max(scored)[1]
        else:
            home = len(clusters)
            clusters.append(_Cluster(record=statement.model_copy(), text=text))
        clusters[home].absorb(statement, (), (speaker,), None)
        index.add(keys, home)
    for cluster in clusters:
        cluster.record.citations = _distinct(c for m in cluster.members for c in m.citations)
        cluster.record.quoted = any(m.quoted for m in cluster.members)
    return [c.record for c in clusters]


def _name_index(extractions: list[ArticleExtraction], introduced: list[tuple[str, str]]) -> NameIndex:
    index = NameIndex()
    for extraction in extractions:
        index.add_all(a.name for a in extraction.actors)
        index.add_all(s.speaker for s in extraction.statements)
    for full, short in introduced:
        index.same(full, short)
    return index


def _merge_actors(
    extractions: list[ArticleExtraction],
    names: NameIndex,
    sources: _Sources,
    introduced_pairs: list[tuple[str, str]],
) -> list[Actor]:
    """One actor per canonical name, named by its most cited full name, with the other spellings as aliases."""
    groups: dict[str, list[Actor]] = defaultdict(list)
    for extraction in extractions:
        for actor in extraction.actors:
            groups[names.canonical(actor.name)].append(actor)
    introduced = defaultdict(set)
    for full, short in introduced_pairs:
        introduced[names.canonical(full)] |= {full, short}
    merged = []
    for key, actors in groups.items():
        citations = _distinct(c for actor in actors for c in actor.citations)
        spellings: Counter[str] = Counter()
        for actor in actors:
            full, short = split_abbreviation(actor.name)
            spellings.update([full, *([short] if short else [])])
        name = max(spellings, key=lambda n: (not _is_abbreviation(n), spellings[n], len(n)))
        quotes = " ".join(fold(c.quote) for c in citations)
        candidates = [*spellings, *sorted(introduced.get(key, ()))]
        aliases: dict[str, str] = {}
        for alias in candidates:
            alias_key = name_key(alias)
            if (
                alias_key != name_key(name)
                and alias_key not in aliases
                and (alias in spellings or fold(alias) in quotes)
            ):
                aliases[alias_key] = alias
        actor = Actor(name=name, aliases=list(aliases.values()), citations=citations)
        actor.source_count = sources.count(citations)
        merged.append(actor)
    return sorted(merged, key=lambda a: (-a.source_count, fold(a.name)))


def _is_abbreviation(name: str) -> bool:
    return " " not in name and name.replace(".", "").isupper()


def _derived_title(events: list[Event], actors: list[Actor]) -> str:
    wheres = Counter(e.where for e in events if e.where)
    place = wheres.most_common(1)[0][0] if wheres else None
    lead = actors[0].name if actors else None
    subject = " in ".join(part for part in (lead, place) if part)
    return f"Briefing: {subject}" if subject else "Briefing"


def merge(
    extractions: list[ArticleExtraction],
    *,
    failures: list[Failure],
    generated_at: datetime,
    title: str | None = None,
) -> Briefing:
    sources = _Sources(extractions)
    # The "Full Name (ABBR)" pairs the articles introduce, read once for the whole run.
    introduced = [pair for x in extractions for pair in abbreviations_in(x.article.text)]
    names = _name_index(extractions, introduced)

    all_events = [e for x in extractions for e in x.events]
    merger = _EventMerger(all_events, names)
    for event, text in zip(all_events, merger.texts, strict=True):
        merger.add(event, text)
    events, date_disagreements = merger.events(sources)

    figures, figure_disagreements = compare_figures([f for x in extractions for f in x.figures], sources.key)
    statements = _merge_statements([s for x in extractions for s in x.statements], names)
    for statement in statements:
        statement.source_count = sources.count(statement.citations)
    actors = _merge_actors(extractions, names, sources, introduced)

    reported_events = sorted((e for e in events if e.status == "reported"), key=sources.sort_key)
    reported_figures = sorted((f for f in figures if f.status == "reported"), key=sources.sort_key)
    unconfirmed = sorted(
        (r for r in [*events, *figures, *statements] if r.status == "unconfirmed"), key=sources.sort_key
    )
    disagreements = sorted(
        [*figure_disagreements, *date_disagreements],
        key=lambda d: (-sum(v.source_count for v in d.values), d.kind, d.about),
    )
    models = sorted({x.model for x in extractions})
    return Briefing(
        title=title or _derived_title(reported_events, actors),
        generated_at=generated_at.isoformat(timespec="seconds"),
        model=", ".join(models) or None,
        sources=[
            Source(
                article_id=x.article.id,
                path=x.article.path,
                title=x.article.title,
                outlet=x.article.outlet,
                published=x.article.published,
                url=x.article.url,
            )
            for x in extractions
        ],
        developments=reported_events,
        disagreements=disagreements,
        figures=reported_figures,
        statements=sorted((s for s in statements if s.status == "reported"), key=sources.sort_key),
        unconfirmed=unconfirmed,
        actors=actors,
        failures=failures,
    )
