"""Actors of many articles merged: the names of one actor become one actor with its aliases
(``ground/names.py``: case, accents, "Full Name (ABBR)" written in any article, transliterations)."""

from __future__ import annotations

from collections import Counter, defaultdict

from summarizer.ground.names import NameIndex, fold, name_key, split_abbreviation
from summarizer.merge.clusters import Sources, distinct
from summarizer.models.records import Actor, ArticleExtraction


def name_index(extractions: list[ArticleExtraction], introduced: list[tuple[str, str]]) -> NameIndex:
    index = NameIndex()
    for extraction in extractions:
        index.add_all(a.name for a in extraction.actors)
        index.add_all(s.speaker for s in extraction.statements)
    for full, short in introduced:
        index.same(full, short)
    return index


def merge_actors(
    extractions: list[ArticleExtraction],
    names: NameIndex,
    sources: Sources,
    introduced_pairs: list[tuple[str, str]],
) -> list[Actor]:
    """One actor per canonical name, named by its most cited full name, with the other spellings as aliases."""
    groups: dict[str, list[Actor]] = defaultdict(list)
    for extraction in extractions:
        for actor in extraction.actors:
            groups[names.canonical(actor.name)].append(actor)
    introduced: dict[str, set[str]] = defaultdict(set)
    for full, short in introduced_pairs:
        introduced[names.canonical(full)] |= {full, short}
    merged = []
    for key, actors in groups.items():
        citations = distinct(c for actor in actors for c in actor.citations)
        spellings: Counter[str] = Counter()
        for actor in actors:
            full_name, abbreviation = split_abbreviation(actor.name)
            spellings.update([full_name, *([abbreviation] if abbreviation else [])])
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
