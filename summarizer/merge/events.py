"""Events of many articles merged: one development per event, with every source that reports it.

Two events are one when they name the same kind of action (``ground/actions.py``: "captured",
"seized" and "took control of" are one kind) and share a place or an actor, without naming two
different places; when one of them names no place, a one-off action (an offensive, a capture)
joins the only compatible event of its kind, never one of several (and not at all once the run
has more than ``FEW_OF_A_KIND`` events of that kind). Events that the rules cannot classify are
one when their words match closely. Two outlets may give one event different days: the event is
merged and the days become a date ``Disagreement``. Repeating actions (air strikes) on different
days are different events, and so are one article's own.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable

from rapidfuzz import fuzz

from summarizer.ground.actions import ONE_OFF, action_kind
from summarizer.ground.dates import could_be_same_day, when_key
from summarizer.ground.names import NameIndex, fold
from summarizer.ground.places import Gazetteer, place_keys, places
from summarizer.merge.clusters import (
    SIMILAR,
    Cluster,
    ClusterIndex,
    RareWords,
    Sources,
    cited_sentences,
    comparable_text,
    distinct,
)
from summarizer.models.briefing import ClaimedValue, Disagreement
from summarizer.models.records import Event

FEW_OF_A_KIND = 8  # most events of one kind among which a place-less one can find "the only one"


class EventMerger:
    def __init__(self, events: list[Event], names: NameIndex) -> None:
        self.names = names
        self.texts = [comparable_text(f"{e.description} {' '.join(e.actors)}") for e in events]
        self.gazetteer = Gazetteer(name for e in events for name in [e.where, *places(e.description)])
        self.rare = RareWords(self.texts)
        self.clusters: list[Cluster[Event]] = []
        self.of_kind: Counter[str | None] = Counter()
        self.index = ClusterIndex()

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
        self, cluster: Cluster[Event], event: Event, kind: str | None, day: str | None
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
        keys = [("place", kind, p) for p in where] + [("actor", kind, a) for a in actors]
        word_keys = [("word", w) for w in self.rare.keys(text)]
        strong: list[tuple[float, int]] = []
        loose: list[int] = []
        # "The only event of its kind" can be told only while the run has few events of that kind.
        whole_kind = kind in ONE_OFF and self.of_kind[kind] <= FEW_OF_A_KIND
        lookup = [*keys, *word_keys, *([("kind", kind)] if whole_kind else [])]
        sentences = cited_sentences(event)
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
            self.clusters.append(Cluster(record=event.model_copy(), text=text, kind=kind))
            self.of_kind[kind] += 1
        self.clusters[home].absorb(event, where, actors, day)
        self.index.add([*keys, *word_keys, *([("kind", kind)] if kind in ONE_OFF else [])], home)

    def events(self, sources: Sources) -> tuple[list[Event], list[Disagreement]]:
        merged, disagreements = [], []
        for cluster in self.clusters:
            event = cluster.record
            event.citations = distinct(c for m in cluster.members for c in m.citations)
            event.actors = distinct_names((a for m in cluster.members for a in m.actors), self.names)
            event.where = next((m.where for m in cluster.members if m.where), None)
            event.source_count = sources.count(event.citations)
            disagreement = date_disagreement(event, cluster, sources)
            event.when = None if disagreement else next((m.when for m in cluster.members if m.when), None)
            if disagreement:
                disagreements.append(disagreement)
            merged.append(event)
        return merged, disagreements


def date_disagreement(event: Event, cluster: Cluster[Event], sources: Sources) -> Disagreement | None:
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
        citations = distinct(c for member in members for c in member.citations)
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


def distinct_names(names: Iterable[str], index: NameIndex) -> list[str]:
    seen: dict[str, str] = {}
    for name in names:
        seen.setdefault(index.canonical(name), name)
    return list(seen.values())
