"""Places named in a sentence or a description, and the keys under which two spellings coincide.

A place is a capitalised name after a preposition ("in Aleppo", "across Idlib and western
Aleppo", "in Idlib province") or the object of a capture ("captured Hama", "the fall of
Aleppo", "seized the town of Saraqib").
A name with the ending of a nationality followed by a lowercase word is an adjective ("in the
Syrian conflict"), unless that word is a kind of place or one that may follow a place ("in Tehran
on Friday").
A ``Gazetteer`` of the places a run's articles name also recognises those names anywhere else
("HTS fighters entered Aleppo's outskirts").
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from summarizer.ground.names import fold

_PLACE_NOUNS = r"(?:province|city|region|countryside|governorate|district|town|village|area|camp|airport)\b"
_DIRECTION = (
    r"(?:north|south|east|west|central|rural|northern|southern|eastern|western"
    r"|north-?western|north-?eastern|south-?western|south-?eastern)"
)
_NAME = r"[A-Z][\w'’-]+(?:\s+(?:of\s+(?:the\s+)?)?[A-Z][\w'’-]+){0,3}"  # "Democratic Republic of the Congo"
_LEAD = (
    r"(?<![\w'’-])(?i:in|near|across|around|outside|at|into|towards?|from)\s+(?:the\s+)?"
    r"|(?<![\w'’-])(?i:captured|captures?|capturing|seized|seizes?|seizing|overran|overrun|stormed|storms?|breached"
    r"|entered|enters?|took control of|taken control of|takes control of|control of|fall of|capture of"
    r"|recaptured)\s+(?:the\s+(?:city|town|village|province|region)\s+of\s+)?"
)
_PLACES = re.compile(
    rf"(?:{_LEAD})(?P<names>(?:{_DIRECTION}\s+)?{_NAME}(?:(?:\s*,\s*|\s+and\s+)(?:{_DIRECTION}\s+)?{_NAME})*)"
)
_ONE_PLACE = re.compile(rf"(?:{_DIRECTION}\s+)?({_NAME})")
# Lowercase words that may follow a place name; any other lowercase word makes it an adjective.
_FOLLOWERS = frozenset(
    [
        "on",
        "in",
        "at",
        "and",
        "or",
        "to",
        "with",
        "after",
        "before",
        "since",
        "during",
        "until",
        "for",
        "from",
        "by",
        "as",
        "near",
        "of",
        "is",
        "was",
        "were",
        "are",
        "has",
        "had",
        "have",
        "which",
        "where",
        "when",
        "while",
        "amid",
        "that",
        "overnight",
        "late",
        "early",
        "last",
        "this",
        "but",
    ]
)
# A kind of place and its name: "the east Indian district of Balasore" names Balasore, not India.
_KIND_OF = re.compile(
    rf"\s*(?<![\w'’-])(?:province|city|region|governorate|district|town|village|state|county|island|capital|port)\s+of\s+"
    rf"(?:the\s+)?(?P<name>{_NAME})"
)
_DEMONYM = re.compile(r"(?:an|ese|ish|i|ic)$")
# Words a place name never starts with: "in Tuesday's earthquake" names a day ("May" may be
# either), "from Hurricane Ian" a storm, "from the Halloween crowd crush" a feast.
_NOT_PLACES = frozenset(
    {"the", "a", "an", "this", "that", "its", "their", "his", "her", "monday", "tuesday", "wednesday",
     "thursday", "friday", "saturday", "sunday", "january", "february", "march", "april", "june", "july",
     "august", "september", "october", "november", "december", "hurricane", "storm", "typhoon", "cyclone",
     "tropical", "earth", "halloween", "christmas", "easter", "thanksgiving", "ramadan", "eid", "diwali",
     "hanukkah", "passover"}
)  # fmt: skip
_POSSESSIVE = re.compile(r"['’]s$")
_GENERIC = re.compile(
    rf"\b(?:the|of|{_DIRECTION}|province|city|region|countryside|governorate|district|town|village|areas?|outskirts)\b"
)
_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")
# "dead in his county": the place of whoever the sentence names by it ("Charlotte County
# Commissioner …"), else as written; never the story's wider place.
_LOCAL_NOUNS = r"county|city|town|district|parish|province|state|village|area|region"
_OWN_PLACE = re.compile(
    rf"\b(?:in|across|throughout)\s+(?P<own>(?:his|her|their|its)\s+(?P<noun>{_LOCAL_NOUNS}))\b"
)


def places(text: str) -> list[str]:
    """The places ``text`` names: "Rebels captured Hama and moved across Idlib" → Hama, Idlib."""
    found: list[str] = []
    for match in _PLACES.finditer(text):
        for one in _ONE_PLACE.finditer(match.group("names")):
            name = _POSSESSIVE.sub("", one.group(1))
            after_name = text[match.start("names") + one.end(1) :]
            following = _WORD.match(after_name.lstrip())
            adjective = (
                name == one.group(1)
                and _DEMONYM.search(name) is not None
                and following is not None
                and following.group(0).islower()
                and following.group(0) not in _FOLLOWERS
                and (not re.match(_PLACE_NOUNS, following.group(0)) or _KIND_OF.match(after_name) is not None)
            )
            if not adjective and fold(name.split()[0]) not in _NOT_PLACES and name not in found:
                found.append(name)
    for kind_of in _KIND_OF.finditer(text):  # "the Indian state of Odisha", "the city of Aleppo"
        name = _POSSESSIVE.sub("", kind_of.group("name"))
        if fold(name.split()[0]) not in _NOT_PLACES and name not in found:
            found.append(name)
    for own in _OWN_PLACE.finditer(text):
        noun = own.group("noun").capitalize()
        named = re.search(rf"\b(?:[A-Z][\w'’-]+\s+){{1,2}}{noun}\b", text)
        place = named.group(0) if named else own.group("own")
        if place not in found:
            found.append(place)
    return found


def place_key(name: str) -> str:
    """ "Aleppo city", "western Aleppo" and "Aleppo's" → "aleppo"."""
    return " ".join(_GENERIC.sub(" ", fold(_POSSESSIVE.sub("", name.strip())).replace("-", " ")).split())


def place_keys(names: Iterable[str | None]) -> frozenset[str]:
    """The keys of comma- or "and"-separated place names ("Idlib and Hama" → idlib, hama), a place
    named in another's possessive apart ("South Korea's Muan International" → korea, muan international)."""
    keys = set()
    for name in names:
        for part in re.split(r",|\band\b|['’]s\s", name or ""):
            if key := place_key(part):
                keys.add(key)
    return frozenset(keys)


class Gazetteer:
    """The places a run names, recognised in any text by their words."""

    def __init__(self, names: Iterable[str | None]) -> None:
        self._keys = {key for key in place_keys(names) if len(key) >= 3}
        self._longest = max((len(k.split()) for k in self._keys), default=0)

    def keys_in(self, text: str) -> frozenset[str]:
        words = [place_key(w) for w in _WORD.findall(text) if w[:1].isupper()]
        found = set()
        for size in range(1, self._longest + 1):
            for i in range(len(words) - size + 1):
                if (phrase := " ".join(words[i : i + size])) in self._keys:
                    found.add(phrase)
        return frozenset(found)


def same_places(a: frozenset[str], b: frozenset[str]) -> bool:
    """Whether two sets of place keys name a place in common, one key opening the other ("muan"
    and "muan international airport"; not "york" and "new york")."""
    return any(_opens(x, y) or _opens(y, x) for x in a for y in b)


def _opens(short: str, long: str) -> bool:
    return long == short or long.startswith(short + " ")
