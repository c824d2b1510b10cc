"""A fetched article as a ``.md`` file with front matter: the form ``summarizer.ingest`` reads.

The front matter holds ``title``, ``outlet``, ``url``, ``published``, ``fetched``, ``feed`` and, for
an article whose text came from its feed, a ``note`` saying why. Every value is written on one line
as a double-quoted string with JSON's escapes, which YAML reads the same way, so a title with a
colon, quotes or a line break cannot break the file. The body is the article's text, normalised
as ingest normalises it, so ``content_hash`` is the content hash ingest gives the article.

File names are ``<slug of the title>-<8 hex digits of the URL's hash>.md``: stable across runs,
ASCII, and no longer than 80 characters.
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from summarizer.ingest.files import normalise_text
from summarizer.storage.atomic_file import write_atomic

_SLUG_CHARS = 60
_NOT_SLUG = re.compile(r"[^a-z0-9]+")


@dataclass(frozen=True)
class ArticleFile:
    text: str
    url: str
    """The article's address: its canonical URL, else where its page was found."""
    feed: str
    fetched: str
    """When it was fetched, ISO 8601 in UTC."""
    title: str | None = None
    outlet: str | None = None
    published: str | None = None
    note: str | None = None
    """Why the text is not the page's (``page unavailable (HTTP 404); text from the feed summary``)."""

    @property
    def body(self) -> str:
        return normalise_text(self.text).strip() + "\n"

    @property
    def content_hash(self) -> str:
        return hashlib.sha256(self.body.encode("utf-8")).hexdigest()

    def render(self) -> str:
        fields = {
            "title": self.title,
            "outlet": self.outlet,
            "url": self.url,
            "published": self.published,
            "fetched": self.fetched,
            "feed": self.feed,
            "note": self.note,
        }
        lines = [f"{key}: {quoted(value)}" for key, value in fields.items() if value]
        return "---\n" + "\n".join(lines) + "\n---\n" + self.body


def quoted(value: str) -> str:
    """``value`` on one line (runs of white space, line breaks included, made one space), quoted."""
    return json.dumps(" ".join(value.split()), ensure_ascii=False)


def file_name(title: str | None, url: str) -> str:
    digest = hashlib.sha256(url.encode("utf-8")).hexdigest()[:8]
    return f"{slug(title or '')}-{digest}.md"


def slug(title: str) -> str:
    """Lower-case ASCII words of ``title`` joined by ``-``, cut at a word; ``article`` when none."""
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode("ascii")
    words = _NOT_SLUG.sub("-", ascii_title.lower()).strip("-")
    if len(words) > _SLUG_CHARS:
        words = (
            words[: _SLUG_CHARS + 1].rsplit("-", 1)[0] if "-" in words[:_SLUG_CHARS] else words[:_SLUG_CHARS]
        )
    return words or "article"


def write_article(article: ArticleFile, folder: Path, name_url: str) -> Path:
    """Write ``article`` into ``folder`` (created if need be), whole or not at all; its path.
    ``name_url`` (the entry's link) names the file."""
    path = folder / file_name(article.title, name_url)
    write_atomic(path, article.render())
    return path
