"""The check that the articles given for one briefing tell one story.

A briefing sets its articles' figures against each other: one story's death toll against another
story's would be a false disagreement. So a single briefing (``--out FILE``) is made only of
articles that ``clustering.py`` finds to tell one story; articles that tell several are refused
with one line that names them, before any model call, and briefed per story with ``--out DIR/``.
"""

from __future__ import annotations

from collections.abc import Sequence

from summarizer.errors import SeveralStoriesError
from summarizer.models.article import Article
from summarizer.stories.clustering import cluster
from summarizer.stories.headlines import headline

NAMED = 3
_HEADLINE_CHARS = 60


def require_one_story(articles: Sequence[Article]) -> None:
    """Raise ``SeveralStoriesError`` if ``articles`` tell more than one story."""
    found = cluster(articles)
    if len(found.groups) <= 1:
        return
    by_size = sorted(found.groups, key=lambda g: (-len(g), g[0]))
    names = [_short(headline(articles, found.vectors, g)) for g in by_size[:NAMED]]
    more = "; …" if len(by_size) > NAMED else ""
    raise SeveralStoriesError(
        f"these {len(articles)} articles tell {len(by_size)} stories ({'; '.join(names)}{more}); "
        "a briefing compares the records of one story: write one briefing per story with --out DIR/"
    )


def _short(text: str) -> str:
    return text if len(text) <= _HEADLINE_CHARS else text[: _HEADLINE_CHARS - 1].rstrip() + "…"
