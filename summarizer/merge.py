"""Merge: the records of many articles become one briefing, each fact once with all its sources.

Deterministic rules only:

- events: two events are one when their descriptions match closely (token-set similarity) and
  their places do not differ, or when they cite the same sentence;
- figures: one when value, unit and qualifier are equal and the measure and subject agree;
- statements: one when the speaker is the same and what was said matches closely;
- actors: one per name once case, accents and apostrophes are folded, with the "Full Name (ABBR)"
  pairs the articles write joined as aliases.

Merged records keep every citation (each distinct span once) and are ordered by how many articles
support them, then by where they first appear. Records reported as unconfirmed go apart.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from datetime import datetime
from typing import TypeVar

from rapidfuzz import fuzz

from summarizer.briefing import Briefing, Failure, Source
from summarizer.ground import _fold
from summarizer.records import Actor, ArticleExtraction, Citation, Event, Figure, Record, Statement

R = TypeVar("R", bound=Record)

SIMILAR = 85.0
_ABBREVIATION = re.compile(r"\s\(([A-Z][A-Z.]{1,7})\)")


def _similar(a: str, b: str) -> bool:
    return fuzz.token_set_ratio(_fold(a), _fold(b)) >= SIMILAR


def _add_citations(target: list[Citation], more: Iterable[Citation]) -> None:
    seen = {(c.article_id, c.start, c.end) for c in target}
    for c in more:
        if (c.article_id, c.start, c.end) not in seen:
            seen.add((c.article_id, c.start, c.end))
            target.append(c)


def _cluster(records: list[R], same: Callable[[R, R], bool], combine: Callable[[R, R], None]) -> list[R]:
    merged: list[R] = []
    for record in records:
        home = next((m for m in merged if same(m, record)), None)
        if home is None:
            merged.append(record.model_copy(deep=True))
            continue
        _add_citations(home.citations, record.citations)
        if record.status == "reported":
            home.status, home.hedge = "reported", None
        combine(home, record)
    return merged


def _same_event(a: Event, b: Event) -> bool:
    if {(c.article_id, c.start) for c in a.citations} & {(c.article_id, c.start) for c in b.citations}:
        return (
            _similar(a.description, b.description)
            or fuzz.partial_ratio(_fold(a.description), _fold(b.description)) >= SIMILAR
        )
    places_differ = bool(a.where and b.where and not _similar(a.where, b.where))
    return not places_differ and _similar(a.description, b.description)


def _combine_events(home: Event, other: Event) -> None:
    home.actors.extend(name for name in other.actors if _fold(name) not in {_fold(n) for n in home.actors})
    home.when = home.when or other.when
    home.where = home.where or other.where


def _same_figure(a: Figure, b: Figure) -> bool:
    if (a.value, a.unit, a.qualifier) != (b.value, b.unit, b.qualifier):
        return False
    subjects_agree = not (a.subject and b.subject) or _similar(a.subject, b.subject)
    return subjects_agree and _similar(a.measure, b.measure)


def _same_statement(a: Statement, b: Statement) -> bool:
    return _fold(a.speaker) == _fold(b.speaker) and _similar(a.content, b.content)


def _keep(home: Record, other: Record) -> None:
    """Nothing beyond citations and status to combine."""


def _support(record: Record, order: dict[str, int]) -> tuple[int, int, int]:
    first = record.citations[0]
    return (-len(record.article_ids), order.get(first.article_id, 0), first.start)


def _initial(word: str) -> str:
    """The letter a word gives an abbreviation: "Sham" and "al-Sham" give S; "for" gives none."""
    last = re.split(r"[-‐]", word)[-1]
    return last[0].upper() if last[:1].isupper() else ""


def _abbreviated_names(text: str) -> list[tuple[str, str]]:
    """("Hayat Tahrir al-Sham", "HTS") for each "Full Name (ABBR)" whose initials spell ABBR."""
    pairs = []
    for match in _ABBREVIATION.finditer(text):
        short = match.group(1)
        letters = short.replace(".", "")
        words = text[max(0, match.start() - 120) : match.start()].split()[-8:]
        for start in range(len(words) - 1, -1, -1):
            candidate = words[start:]
            if "".join(_initial(w) for w in candidate) == letters and _initial(candidate[0]):
                pairs.append((" ".join(candidate), short))
                break
    return pairs


def _aliases(extractions: list[ArticleExtraction]) -> dict[str, set[str]]:
    """Folded name → the names the articles give as the same, from "Full Name (ABBR)"."""
    groups: dict[str, set[str]] = {}
    for extraction in extractions:
        for full, short in _abbreviated_names(extraction.article.text):
            group = groups.get(_fold(full)) or groups.get(_fold(short)) or set()
            group |= {full, short}
            for name in group:
                groups[_fold(name)] = group
    return groups


def _merge_actors(extractions: list[ArticleExtraction]) -> list[Actor]:
    aliases = _aliases(extractions)
    merged: dict[str, Actor] = {}
    for extraction in extractions:
        for actor in extraction.actors:
            group = aliases.get(_fold(actor.name), {actor.name})
            key = min(_fold(n) for n in group)
            home = merged.get(key)
            if home is None:
                merged[key] = home = Actor(name=actor.name, citations=list(actor.citations))
            else:
                _add_citations(home.citations, actor.citations)
            for name in (actor.name, *sorted(group)):
                known = {_fold(home.name), *(_fold(a) for a in home.aliases)}
                cited = name == actor.name or any(_fold(name) in _fold(c.quote) for c in home.citations)
                if _fold(name) not in known and cited:
                    home.aliases.append(name)
    return sorted(merged.values(), key=lambda a: (-len({c.article_id for c in a.citations}), _fold(a.name)))


def _derived_title(events: list[Event], actors: list[Actor]) -> str:
    places = [e.where for e in events if e.where]
    place = max(places, key=lambda p: sum(_similar(p, q) for q in places)) if places else None
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
    order = {x.article.id: i for i, x in enumerate(extractions)}
    events = _cluster([e for x in extractions for e in x.events], _same_event, _combine_events)
    figures = _cluster([f for x in extractions for f in x.figures], _same_figure, _keep)
    statements = _cluster([s for x in extractions for s in x.statements], _same_statement, _keep)
    actors = _merge_actors(extractions)
    by_support: Callable[[Record], tuple[int, int, int]] = lambda r: _support(r, order)  # noqa: E731
    reported_events = sorted((e for e in events if e.status == "reported"), key=by_support)
    reported_figures = sorted((f for f in figures if f.status == "reported"), key=by_support)
    unconfirmed = sorted((r for r in [*events, *figures] if r.status == "unconfirmed"), key=by_support)
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
        figures=reported_figures,
        statements=sorted(statements, key=by_support),
        unconfirmed=unconfirmed,
        actors=actors,
        failures=failures,
    )
