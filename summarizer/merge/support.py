"""The last check before a briefing is shown: every item's words stand in the words it cites.

Each item of the briefing's body is checked against its citations, whatever made it:

- a development's text is exactly the words of its first citation;
- a statement's words are a span of its cited sentence, and its speaker is named there or in the
  sentence before it that it cites too;
- a figure says what its number counts, and its number is written in its cited sentence, and so
  are its place and its as-of time (a bare number tells a reader nothing: its sentence is cited);
- no shown text has letters of a script its article does not use (a model's prose that drifted
  into another language is never shown).

An item that fails is taken out of the briefing and listed in ``Briefing.dropped`` with the
reason, so that nothing is lost silently. Grounding and merging build items that pass; this check
keeps that true for whatever changes in them later.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterable
from typing import TypeVar

from summarizer.ground.figure_context import UNNAMED_MEASURE
from summarizer.ground.names import fold
from summarizer.models.records import Dropped, Event, Figure, Statement

AnyItem = Event | Figure | Statement
Item = TypeVar("Item", bound=Event | Figure | Statement)


def scripts(text: str) -> set[str]:
    """The scripts of the letters of ``text``: 'LATIN', 'CYRILLIC', 'CJK', 'ARABIC'…"""
    found = set()
    for char in text:
        if char.isalpha():
            name = unicodedata.name(char, "")
            found.add(name.split(" ", 1)[0] if name else "UNKNOWN")
    return found


def _in(words: str | None, text: str) -> bool:
    return not words or fold(words) in fold(text)


def unsupported(item: AnyItem, article_text: Callable[[str], str]) -> str | None:
    """Why ``item`` is not supported by what it cites, or None when it is.

    ``article_text`` gives the whole text of an article by its id (for the script check).
    """
    cited = " ".join(c.quote for c in item.citations)
    shown: list[str | None]
    if isinstance(item, Event):
        if item.description != item.citations[0].quote:
            return "its text is not the words it cites"
        shown = [item.description, item.when, item.where, *item.actors]
    elif isinstance(item, Statement):
        if not any(item.content in c.quote for c in item.citations):
            return "its words are not a span of its cited sentence"
        if not any(_in(part, cited) for part in item.speaker.split()):
            return f"its speaker {item.speaker!r} is not named in what it cites"
        shown = [item.speaker, item.content]
    else:
        if item.measure == UNNAMED_MEASURE:
            return "its sentence does not say what the number counts"
        if not _in(item.value_text, cited):
            return f"its number {item.value_text!r} is not written in its cited sentence"
        for label, words in (("place", item.where), ("time", item.as_of)):
            if not _in(words, cited):
                return f"its {label} {words!r} is not named in its cited sentence"
        shown = [item.measure, item.subject, item.where, item.as_of, item.attribution]
    allowed = set().union(*(scripts(article_text(c.article_id)) for c in item.citations))
    foreign = scripts(" ".join(s for s in shown if s)) - allowed
    if foreign:
        return f"it shows letters of a script its article does not use ({', '.join(sorted(foreign))})"
    return None


def supported(
    items: Iterable[Item], article_text: Callable[[str], str], dropped: list[Dropped]
) -> list[Item]:
    """The items that pass (see the module's rules); the others are added to ``dropped``."""
    texts: dict[str, str] = {}

    def scripts_text(article_id: str) -> str:
        """An article's letters, one of each: its scripts read from them once, not from its whole
        text at every citation (a development of many outlets cites many articles)."""
        if article_id not in texts:
            texts[article_id] = "".join(set(article_text(article_id)))
        return texts[article_id]

    kept = []
    for item in items:
        reason = unsupported(item, scripts_text)
        if reason is None:
            kept.append(item)
        else:
            dropped.append(Dropped(kind=item.kind, reason=reason, record=item.model_dump(mode="json")))
    return kept
