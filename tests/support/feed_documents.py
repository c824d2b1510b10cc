"""Feeds (RSS 2.0, Atom, RDF) and article pages for the fetch tests, written as sites write them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timezone
from email.utils import parsedate_to_datetime
from html import escape


@dataclass(frozen=True)
class Item:
    title: str
    link: str | None
    summary: str = ""
    published: str = "Sat, 05 Dec 2026 14:03:00 +0000"
    """As RSS writes dates; Atom and RDF get the same moment in ISO 8601."""

    @property
    def published_iso(self) -> str:
        return parsedate_to_datetime(self.published).astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def rss(title: str, items: list[Item]) -> bytes:
    entries = "".join(
        "<item>"
        f"<title>{escape(item.title)}</title>"
        + (f"<link>{escape(item.link)}</link>" if item.link else "")
        + (f"<description>{escape(item.summary)}</description>" if item.summary else "")
        + f"<pubDate>{item.published}</pubDate>"
        "</item>"
        for item in items
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel>'
        f"<title>{escape(title)}</title><link>https://example.org/</link>{entries}</channel></rss>\n"
    ).encode()


def atom(title: str, items: list[Item]) -> bytes:
    entries = "".join(
        f"<entry><title>{escape(item.title)}</title><id>urn:{index}</id>"
        + (f'<link rel="alternate" href="{escape(item.link)}"/>' if item.link else "")
        + (f"<summary>{escape(item.summary)}</summary>" if item.summary else "")
        + f"<updated>{item.published_iso}</updated></entry>"
        for index, item in enumerate(items)
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom">'
        f"<title>{escape(title)}</title><id>urn:feed</id><updated>2026-12-05T14:03:00Z</updated>{entries}</feed>\n"
    ).encode()


def rdf(title: str, items: list[Item]) -> bytes:
    entries = "".join(
        f'<item rdf:about="{escape(item.link or "")}"><title>{escape(item.title)}</title>'
        + (f"<link>{escape(item.link)}</link>" if item.link else "")
        + (f"<description>{escape(item.summary)}</description>" if item.summary else "")
        + f"<dc:date>{item.published_iso}</dc:date></item>"
        for item in items
    )
    return (
        '<?xml version="1.0"?>\n<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
        'xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">'
        f'<channel rdf:about="https://example.org/"><title>{escape(title)}</title>'
        f"<link>https://example.org/</link></channel>{entries}</rdf:RDF>\n"
    ).encode()


def article_page(
    headline: str,
    paragraphs: list[str],
    *,
    site_name: str = "The Daily",
    canonical: str | None = None,
    charset: str = "utf-8",
) -> bytes:
    """A news page: navigation, the article, a footer; encoded in ``charset``, which it declares."""
    link = f'<link rel="canonical" href="{escape(canonical)}">' if canonical else ""
    body = "".join(f"<p>{escape(paragraph)}</p>" for paragraph in paragraphs)
    return (
        f'<!doctype html><html><head><meta charset="{charset}"><title>{escape(headline)}</title>'
        f'<meta property="og:site_name" content="{escape(site_name)}">{link}</head><body>'
        "<nav><a href='/'>Home</a> <a href='/world'>World</a> <a href='/sport'>Sport</a></nav>"
        f"<article><h1>{escape(headline)}</h1>{body}</article>"
        "<footer>Copyright The Daily. All rights reserved.</footer></body></html>"
    ).encode(charset)


def story(topic: str) -> list[str]:
    """Three paragraphs of a plausible news story about ``topic``, different for each topic."""
    return [
        f"The city council voted on Tuesday to go ahead with the {topic} plan, officials said.",
        f"Opponents of the {topic} plan said they would appeal the decision in the regional court.",
        f"Work on the {topic} project is due to begin in May and to last about two years.",
    ]
