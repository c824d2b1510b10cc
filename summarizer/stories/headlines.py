"""A story's headline, and the slug its files are named by.

The headline is the title of the story's most central article: the one most like the story's
articles on average (ties go to the earlier article). An article without a title offers its first
line instead, cut at ``HEADLINE_CHARS`` characters on a word.

The slug is the headline's first words, folded to lowercase ASCII letters and digits joined by
hyphens ("Death toll in Mexico earthquake rises above 200" → "death-toll-in-mexico-earthquake-rises");
a slug another story already has gets "-2", "-3"…, and so does "index", the name of the index's
files. A story keeps the slug it was first given.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Container, Sequence

from summarizer.models.article import Article
from summarizer.stories.vectors import Sum, Vector, dot

HEADLINE_CHARS = 100
SLUG_WORDS = 6
SLUG_CHARS = 60
RESERVED_SLUGS = frozenset({"index"})
_SLUG_WORD = re.compile(r"[a-z0-9]+")


def headline(articles: Sequence[Article], vectors: Sequence[Vector], members: Sequence[int]) -> str:
    """The headline of the story told by ``articles[i]`` for ``i`` in ``members``."""
    total = Sum()
    for i in members:
        total.add(Sum(vectors[i], 1))
    titled = [i for i in members if (articles[i].title or "").strip()]
    candidates = titled or list(members)
    central = max(candidates, key=lambda i: (dot(vectors[i], total.vector), -i))
    article = articles[central]
    if article.title and article.title.strip():
        return " ".join(article.title.split())
    first_line = next((line for line in article.text.splitlines() if line.strip()), "")
    return _shortened(" ".join(first_line.split())) or article.path


def slug(text: str, taken: Container[str]) -> str:
    """A slug for ``text`` that is not in ``taken``."""
    ascii_text = unicodedata.normalize("NFKD", text.casefold()).encode("ascii", "ignore").decode()
    words: list[str] = []
    for word in _SLUG_WORD.findall(ascii_text):
        if len(words) == SLUG_WORDS or len("-".join([*words, word])) > SLUG_CHARS:
            break
        words.append(word)
    base = "-".join(words) or "story"
    chosen, number = base, 1
    while chosen in taken or chosen in RESERVED_SLUGS:
        number += 1
        chosen = f"{base}-{number}"
    return chosen


def _shortened(line: str) -> str:
    if len(line) <= HEADLINE_CHARS:
        return line
    cut = line[:HEADLINE_CHARS].rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:-") + "…"
