"""Reading a feed (RSS 0.9x/2.0, Atom, RDF) into its entries, with feedparser.

A malformed feed whose entries could still be read (feedparser's "bozo" flag) is used, with the
problem kept for a warning; one from which nothing could be read is a ``FetchError``. An entry's
text in the feed is its full content where the feed gives one, else its summary, as plain text.
"""

from __future__ import annotations

import io
import re
import time
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any, Literal

from summarizer.errors import FetchError

_HTML_TYPES = ("text/html", "application/xhtml+xml")
# Characters no text needs; a feed may carry any of them.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


@dataclass(frozen=True)
class FeedEntry:
    link: str | None
    """The entry's page (an absolute http(s) URL), None when the feed gives none."""
    title: str | None
    published: str | None
    """When the feed says it was published (or else updated): ISO 8601 in UTC, ``2026-12-06T14:03:00Z``."""
    text: str
    """The entry's own text in the feed, plain; empty when it has none."""
    text_kind: Literal["content", "summary"]


@dataclass(frozen=True)
class Feed:
    url: str
    title: str | None
    entries: list[FeedEntry]
    problem: str | None
    """What was wrong with a malformed feed whose entries were still read; None for a sound one."""


def parse_feed(
    url: str, body: bytes, *, content_type: str | None = None, location: str | None = None
) -> Feed:
    """The feed in ``body``, downloaded from ``url`` (``location`` after redirects, against which
    relative links are resolved). Raises ``FetchError`` when it holds no feed at all."""
    import feedparser

    headers = {"content-location": location or url}
    if content_type:
        headers["content-type"] = content_type
    parsed = feedparser.parse(io.BytesIO(body), response_headers=headers)
    problem = _problem(parsed)
    if not parsed.entries and (problem or not parsed.get("version")):
        raise FetchError(url, f"not a readable feed ({problem or 'no RSS, Atom or RDF in it'})")
    feed = parsed.get("feed", {})
    return Feed(
        url=url,
        title=_plain(feed.get("title"), feed.get("title_detail")) or None,
        entries=[_entry(entry) for entry in parsed.entries],
        problem=problem,
    )


def _problem(parsed: Any) -> str | None:
    import feedparser

    error = parsed.get("bozo_exception") if parsed.get("bozo") else None
    if error is None or isinstance(error, feedparser.ThingsNobodyCaresAboutButMe):
        return None  # a charset or content type that disagrees with the document, and no harm done
    return " ".join(str(error).split()) or type(error).__name__


def _entry(entry: Any) -> FeedEntry:
    link = entry.get("link")
    if not (isinstance(link, str) and link.lower().startswith(("http://", "https://"))):
        link = None
    contents = [
        _plain(content.get("value"), content) for content in entry.get("content", []) if content.get("value")
    ]
    content = max(contents, key=len, default="")
    summary = _plain(entry.get("summary"), entry.get("summary_detail"))
    return FeedEntry(
        link=link,
        title=" ".join(_plain(entry.get("title"), entry.get("title_detail")).split()) or None,
        published=_iso_utc(entry.get("published_parsed") or entry.get("updated_parsed")),
        text=content or summary,
        text_kind="content" if content else "summary",
    )


def _plain(value: object, detail: Any) -> str:
    """A feed's text construct as plain text: HTML turned into its text, control characters dropped."""
    if not isinstance(value, str) or not value.strip():
        return ""
    if detail and detail.get("type") in _HTML_TYPES:
        from summarizer.ingest.files import parse_html

        value = parse_html(value).text
    return _CONTROL.sub("", value).strip()


def _iso_utc(moment: time.struct_time | None) -> str | None:
    if moment is None:
        return None
    try:
        return datetime(*moment[:6], tzinfo=timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    except (TypeError, ValueError):
        return None
