"""An entry's article page: downloaded, decoded, and its text and metadata extracted.

Extraction is ingest's own for ``.html`` files (``summarizer.ingest.files.parse_html``: trafilatura,
else the body's visible text), so a fetched page reads as the saved page would.
"""

from __future__ import annotations

from dataclasses import dataclass

from summarizer.errors import FetchError
from summarizer.fetch.charset import decode_html
from summarizer.fetch.http import Fetcher


@dataclass(frozen=True)
class Page:
    url: str
    """Where the page was found, after redirects."""
    canonical: str | None
    """The absolute URL the page names as its own (``<link rel="canonical">``, ``og:url``), when it
    names one; trafilatura keeps only absolute http(s) URLs."""
    text: str
    title: str | None
    outlet: str | None
    published: str | None


def read_page(fetcher: Fetcher, link: str) -> Page:
    """The page at ``link``. Raises ``FetchError`` (``NotHtmlError`` for something that is no HTML
    page) when it cannot be had or holds no text."""
    from summarizer.ingest.files import parse_html

    download = fetcher.page(link)
    parsed = parse_html(decode_html(download.body, download.content_type))
    if not parsed.text.strip():
        raise FetchError(link, "no article text on the page")
    metadata = parsed.metadata
    return Page(
        url=download.url,
        canonical=metadata.get("url"),
        text=parsed.text,
        title=metadata.get("title"),
        outlet=metadata.get("outlet"),
        published=metadata.get("published"),
    )
