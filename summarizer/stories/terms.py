"""The terms two articles are compared by: their words, the names they write, the places they name.

- **Words**: runs of letters, folded (case, accents, apostrophes), at least three letters long,
  with a trailing plural "s" dropped ("quakes" = "quake"). Words any news text uses say nothing
  about which story an article tells and are left out (``STOP_WORDS``: function words, reporting
  verbs, numbers written as words, days, months, words of time).
- **Names**: two to four capitalised words in a row ("Alex Jones", "New Popular Front"), in the
  text (a headline's capitals are style, not names); each is one term besides its words.
- **Places**: the places ``ground/places.py`` finds ("in Idlib province"), by their key, so
  "Aleppo city" and "Aleppo's" are one place.

The headline counts ``HEADLINE_REPEATS`` more times than a line of text: it says what the story is.
Terms are strings with a kind prefix ("w:quake", "n:alex jones", "p:aleppo") and are interned, so
a folder's articles share one copy of each.
"""

from __future__ import annotations

import re
import sys
from collections import Counter

from summarizer.ground.names import fold
from summarizer.ground.places import place_key, places
from summarizer.models.article import Article

WORD, NAME, PLACE = "w:", "n:", "p:"
HEADLINE_REPEATS = 2

STOP_WORDS = frozenset(
    """
    about above across after again against ago all almost along already also although always am
    among amid and another any anyone anything are around as at away back be became because become
    been before being below beside besides between both but by came can cannot could did does doing
    done down during each either else even ever every few for from further get gets getting give
    given gives got had has have having her here hers herself him himself his how however including
    into its itself just last later latest least less like made make makes making many may maybe
    might more most much must near nearly neither never new next nor not now off often once one only
    onto other others our ours out over own per perhaps put rather same see seen several shall she
    should since some something soon still such take taken takes than that the their theirs them
    themselves then there these they this those though through throughout thus till too took toward
    towards under until upon use used very via was were what whatever when where whether which while
    who whom whose why will with within without would yet you your yours
    said says say saying told tell tells according report reported reports reporting added asked
    announced stated claimed confirmed noted explained called
    two three four five six seven eight nine ten eleven twelve twenty thirty forty fifty hundred
    hundreds thousand thousands million millions billion billions first second third fourth fifth
    monday tuesday wednesday thursday friday saturday sunday january february march april june july
    august september october november december today yesterday tomorrow tonight morning afternoon
    evening night week weekend month year time times day days weeks months years hour hours minute
    minutes earlier early late
    mr mrs ms dr
    """.split()  # noqa: SIM905 (a list of words reads best as text)
)

_LETTERS = re.compile(r"[^\W\d_]+")  # after folding, which drops apostrophes
_CAPITALISED = r"[A-Z][^\W\d_]*(?:['’-][^\W\d_]+)*"
_NAME_RUN = re.compile(rf"(?<![\w'’-]){_CAPITALISED}(?:[ \t]+{_CAPITALISED}){{1,3}}(?![\w'’-])")
_POSSESSIVE = re.compile(r"['’]s\b")
_MIN_LETTERS = 3
_PLURAL_MIN = 5


def words(text: str) -> list[str]:
    """The words of ``text`` that can tell one story from another, folded and singular."""
    found = []
    for match in _LETTERS.finditer(fold(_POSSESSIVE.sub("", text))):
        word = match.group()
        if len(word) < _MIN_LETTERS or word in STOP_WORDS:
            continue
        if len(word) >= _PLURAL_MIN and word.endswith("s") and not word.endswith("ss"):
            word = word[:-1]
        found.append(word)
    return found


def names(text: str) -> list[str]:
    """The names ``text`` writes (two to four capitalised words in a row), each as its words joined."""
    found = []
    for match in _NAME_RUN.finditer(text):
        key = " ".join(words(match.group()))
        if " " in key:  # still a name of two words or more once "The", "In" and the like are gone
            found.append(key)
    return found


def article_terms(article: Article) -> Counter[str]:
    """How often ``article`` uses each of its terms (words, names, places), its headline counted more."""
    counts: Counter[str] = Counter(WORD + w for w in words(article.text))
    if article.title:
        for _ in range(HEADLINE_REPEATS):
            counts.update(WORD + w for w in words(article.title))
    counts.update(NAME + n for n in names(article.text))
    counts.update(PLACE + key for p in places(article.text) if (key := place_key(p)))
    return Counter({sys.intern(term): count for term, count in counts.items()})
