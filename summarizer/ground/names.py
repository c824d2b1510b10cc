"""Names of actors: when two names written by different outlets are one actor.

Deterministic rules, each one a way newsrooms write the same name differently:

- case, accents and apostrophes ("Hay'at Tahrir al-Sham" = "Hayat Tahrir al-Sham"), hyphens
  ("al-Sham" = "al Sham"), a leading "the" and a trailing possessive;
- abbreviations that an article introduces: "Hayat Tahrir al-Sham (HTS)" in any article's text
  (the initials must spell the abbreviation) or as the name itself;
- transliterations of one long name ("Abu Mohammad al-Julani" / "Abu Mohammed al-Jolani"):
  names of at least ``_TRANSLITERATION_MIN`` letters, word for word alike (same first letter,
  a few letters apart), with at least one word written the same;
- one country's armed forces ("the Syrian army" = "Syrian government forces" = "Syrian troops"):
  a military head noun with the same nationality and nothing else but "government" or "regime".

Within one article, a person it names by one word ("Mr. Kim said") after giving their whole name
is that person (``whole_name``), and so is one it describes by a title only one person holds there
("the president said" after "President Joe Biden", ``titled_name``): an article of one Kim is no
evidence about another article's Kim.

``NameIndex`` applies them to a whole run's names in near-linear time: a name is only compared
with the names whose words start with the same letters, the only ones that can be spellings of it.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable

from rapidfuzz import fuzz

from summarizer.ground.numbers import only_count_words

_ABBREVIATION = re.compile(r"\s\(([A-Z][A-Za-z.]{1,7})\)")
_NAME_WITH_ABBREVIATION = re.compile(r"^(?P<name>.+?)\s*\((?P<short>[A-Z][A-Za-z.]{1,7})\)$")
_NAME_WORD = r"(?:[A-Z][\w'’.-]*|al-[\w'’-]+|bin|ibn|de)"
_ALSO_KNOWN_AS = re.compile(
    rf"({_NAME_WORD}(?:\s+{_NAME_WORD}){{0,5}}),?\s+(?:also known as|formerly known as|known as)\s+"
    rf"({_NAME_WORD}(?:\s+{_NAME_WORD}){{0,5}})"
)
_LEADING_ARTICLE = re.compile(r"^the\s+")
_POSSESSIVE = re.compile(r"(?:['’]s|s['’])$")
_SEPARATORS = re.compile(r"[\s\-‐–]+")
_MILITARY = frozenset({"army", "forces", "force", "troops", "military", "soldiers", "armed"})
_MILITARY_MODIFIERS = frozenset({"government", "regime", "armed", "the"})
_ACTOR_CLAUSE = re.compile(r",|;|\s(?:who|whose|which|said|says|told|was|were|is|are|has|have|had)\s")
_ACTOR_WORDS = 6  # more is a phrase about somebody, not a name
_TRANSLITERATION_MIN = 10
_WORD_SPELLING_RATIO = 75.0


def fold(text: str) -> str:
    """Case-, accent- and apostrophe-insensitive form for comparing words ("Hay'at" = "hayat")."""
    if text.isascii():
        return text.casefold().replace("'", "")
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch) and ch not in "'’")


def actor_name(name: str) -> str | None:
    """The name in what the model gave as an actor, cut where a clause about it begins ("Ali Silo,
    whose two relatives could not be saved" is "Ali Silo"); None for a phrase too long to be a
    name ("other residents to recover the bodies…") or a bare number ("three")."""
    head = _ACTOR_CLAUSE.split(name.strip(), maxsplit=1)[0].strip(" :")
    words = head.split()
    if not words or len(words) > _ACTOR_WORDS or only_count_words(head):
        return None
    return head


def name_key(name: str) -> str:
    """The form under which spellings of one name coincide: "The Hay'at Tahrir al-Sham's" → "hayat tahrir al sham"."""
    key = _SEPARATORS.sub(" ", fold(_POSSESSIVE.sub("", name.strip(" .,;:")))).strip()
    return _LEADING_ARTICLE.sub("", key).replace(".", "")


def split_abbreviation(name: str) -> tuple[str, str | None]:
    """("Hayat Tahrir al-Sham", "HTS") for "Hayat Tahrir al-Sham (HTS)"; (name, None) otherwise."""
    match = _NAME_WITH_ABBREVIATION.match(name.strip())
    if match and _spells(match.group("name").split(), match.group("short")):
        return match.group("name").strip(), match.group("short")
    return name.strip(), None


def _initial(word: str) -> str:
    """The letter a word gives an abbreviation: "Sham" and "al-Sham" give S; "for" gives none."""
    last = re.split(r"[-‐]", word)[-1]
    return last[0].upper() if last[:1].isupper() else ""


def _spells(words: list[str], short: str) -> bool:
    """Whether the capitalised words' initials spell ``short`` ("U.N." = "UN")."""
    letters = short.replace(".", "").upper()
    return bool(words) and bool(_initial(words[0])) and "".join(map(_initial, words)) == letters


def abbreviations_in(text: str) -> list[tuple[str, str]]:
    """Each ("Full Name", "ABBR") the text introduces, as "Full Name (ABBR)" or "X, also known as Y"."""
    pairs = []
    for match in _ABBREVIATION.finditer(text):
        short = match.group(1)
        words = text[max(0, match.start() - 120) : match.start()].split()[-8:]
        for start in range(len(words) - 1, -1, -1):
            if _spells(words[start:], short):
                pairs.append((" ".join(words[start:]), short))
                break
    if "known as" in text:
        pairs += [(m.group(1), m.group(2)) for m in _ALSO_KNOWN_AS.finditer(text)]
    return pairs


def _transliterated(a: str, b: str) -> bool:
    """Whether two keys are spellings of one name: "abu mohammad al julani" / "abu mohammed al jolani"."""
    wa, wb = a.split(), b.split()
    if len(wa) != len(wb) or not set(wa) & set(wb):
        return False
    return all(
        x == y or (x[0] == y[0] and fuzz.ratio(x, y) >= _WORD_SPELLING_RATIO)
        for x, y in zip(wa, wb, strict=True)
    )


def _military_key(key: str) -> str | None:
    """ "syrian" for "syrian government forces", "syrian army"; None for names of other kinds."""
    words = key.split()
    if len(words) < 2 or words[-1] not in _MILITARY:
        return None
    modifiers = [w for w in words[:-1] if w not in _MILITARY_MODIFIERS and w not in _MILITARY]
    return (
        modifiers[0]
        if len(modifiers) == 1 and modifiers[0].endswith(("an", "ian", "ish", "ese", "i"))
        else None
    )


class NameIndex:
    """Groups the names of a run into actors; ``canonical(name)`` is the same for one actor's names."""

    def __init__(self) -> None:
        self._parent: dict[str, str] = {}
        self._by_initials: dict[tuple[str, ...], list[str]] = defaultdict(list)
        self._by_military: dict[str, str] = {}

    def _find(self, key: str) -> str:
        root = key
        while self._parent[root] != root:
            root = self._parent[root]
        while self._parent[key] != root:  # path compression
            self._parent[key], key = root, self._parent[key]
        return root

    def _union(self, a: str, b: str) -> None:
        ra, rb = self._find(a), self._find(b)
        if ra != rb:
            self._parent[max(ra, rb)] = min(ra, rb)

    def _add_key(self, key: str) -> None:
        if key in self._parent:
            return
        self._parent[key] = key
        if military := _military_key(key):
            if military in self._by_military:
                self._union(key, self._by_military[military])
            self._by_military.setdefault(military, key)
        if len(key.replace(" ", "")) >= _TRANSLITERATION_MIN:
            bucket = self._by_initials[tuple(word[0] for word in key.split())]
            for other in bucket:
                if _transliterated(key, other):
                    self._union(key, other)
            bucket.append(key)

    def add(self, name: str) -> None:
        full, short = split_abbreviation(name)
        self._add_key(name_key(full))
        if short:
            self.same(full, short)

    def same(self, a: str, b: str) -> None:
        """Record that two names are one actor (from an abbreviation the articles introduce)."""
        for name in (a, b):
            self._add_key(name_key(name))
        self._union(name_key(a), name_key(b))

    def add_all(self, names: Iterable[str]) -> None:
        for name in names:
            self.add(name)

    def canonical(self, name: str) -> str:
        """The key of the actor ``name`` belongs to (the name's own key if it was never added)."""
        key = name_key(split_abbreviation(name)[0])
        return self._find(key) if key in self._parent else key


_HONORIFIC = re.compile(r"^(?:Mr|Mrs|Ms|Dr|Mx)\.?\s+")
_ONE_WORD = re.compile(r"[A-Z][\w'’-]*[a-z][\w'’-]*")  # "Kim", not "PM"
_NAME_RUN = re.compile(r"(?<![\w'’-])[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)*")
# Titles a person holds ("the party leader", "Foreign Minister …"), and the words that qualify them.
PERSON_TITLES = (
    "leader", "chief", "minister", "spokesman", "spokeswoman", "spokesperson", "president", "governor",
    "mayor", "head", "secretary", "chairman", "chair",
)  # fmt: skip
TITLE_QUALIFIERS = ("vice", "prime", "deputy", "former")
# Words of a title written before a name ("Defence Minister Kim Yong-hyun"): no given names.
_TITLE_WORDS = frozenset(
    {*PERSON_TITLES, *TITLE_QUALIFIERS,
     "speaker", "senator", "chancellor", "king", "queen", "prince", "princess", "pope", "general",
     "judge", "director", "commissioner", "premier", "sheriff", "coach", "captain", "officer",
     "ambassador", "attorney", "justice", "lord", "sir", "mr", "mrs", "ms", "dr", "rep", "sen", "gov",
     "gen", "foreign", "defence", "defense", "interior", "finance", "health", "state", "assembly",
     "party", "ceo", "late", "democrat", "democratic", "republican", "labour", "conservative", "us",
     "u.s", "uk"}
)  # fmt: skip
_GIVEN_BEFORE = re.compile(r"[A-Z][a-z][\w'’-]*")  # "Kristoffer", not "NEW" of "A NEW PM"
_PARTICLE_AFTER = re.compile(r"\s+(?:da|de|do|dos|das|del|van|von|bin|al|ibn|la|le)\s+[A-Z]")
_GIVEN_AFTER = re.compile(r"[A-Z][a-z]*-[a-z]+|[A-Z][a-z]{1,3}")  # "Min-ki", "Suk": an East Asian given name


def whole_name(speaker: str, earlier: Iterable[str]) -> str | None:
    """The whole name that ``earlier`` text of an article gives a person it now names by one word
    ("Mr. Kim", "Bottzauw"): the one name that holds that word last after a given name ("Kristoffer
    Bottzauw", "Tayyip Erdogan") or first before an East Asian given name ("Kim Min-ki", "Yoon Suk
    Yeol"), title words left out. None where the text gives no such name, or two ("Kim
    Min-ki" and "Kim Yong-hyun"), or where ``speaker`` is more than one word."""
    word = _HONORIFIC.sub("", speaker.strip())
    if not _ONE_WORD.fullmatch(word):
        return None
    found: dict[str, str] = {}
    for text in earlier:
        for run in _NAME_RUN.finditer(text):
            words = run.group(0).split()
            for i, candidate in enumerate(words):
                if fold(candidate) != fold(word):
                    continue
                given_before = i > 0 and _GIVEN_BEFORE.fullmatch(words[i - 1]) is not None
                given_before = given_before and fold(words[i - 1]).strip(".") not in _TITLE_WORDS
                given_after = words[i + 1 : i + 3]
                if i == len(words) - 1 and given_before:
                    if _PARTICLE_AFTER.match(text, run.end()):
                        continue  # "Luiz Inácio Lula da Silva": the name goes on
                    name = f"{words[i - 1]} {candidate}"
                elif given_after and all(_GIVEN_AFTER.fullmatch(w) for w in given_after):
                    name = " ".join([candidate, *given_after])
                else:
                    continue
                found.setdefault(name_key(name), name)
    return next(iter(found.values())) if len(found) == 1 else None


# A person's title, as a speaker's description ("the president said") and as written before a name.
_PERSON_TITLES: dict[str, str] = {
    "president": "President", "governor": "Governor|Gov\\.", "judge": "Judge", "mayor": "Mayor",
    "chancellor": "Chancellor", "senator": "Senator|Sen\\.", "premier": "Premier", "sheriff": "Sheriff",
    "minister": "Minister", "speaker": "Speaker", "pope": "Pope", "king": "King", "queen": "Queen",
    "justice": "Justice",
}  # fmt: skip
_DESCRIBED = re.compile(r"^(?:the\s+)?(?:[\w'’-]+['’]s\s+)?(?P<title>[a-z]+)$", re.IGNORECASE)


def titled_name(speaker: str, earlier: Iterable[str]) -> str | None:
    """The one person ``earlier`` text of an article names with the title a speaker is described by
    ("the president" after "President Joe Biden", "state's governor" after "Gov. Wes Moore"); None
    where it names none, or two ("President Joe Biden" and "Fed President Loretta Mester")."""
    described = _DESCRIBED.match(speaker.strip())
    title = _PERSON_TITLES.get(described["title"].casefold()) if described else None
    if title is None:
        return None
    titled = re.compile(rf"(?<![\w'’-])(?:{title})\s+(?P<name>[A-Z][\w'’.-]+(?:\s+[A-Z][\w'’.-]+){{0,3}})")
    found: dict[str, str] = {}
    for text in earlier:
        for match in titled.finditer(text):
            found.setdefault(name_key(match["name"]), re.sub(r"['’]s$", "", match.group(0)))
    return next(iter(found.values())) if len(found) == 1 else None
