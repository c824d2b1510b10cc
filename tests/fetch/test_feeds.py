from __future__ import annotations

import pytest

from summarizer.errors import FetchError
from summarizer.fetch.feeds import parse_feed

RSS = b"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel>
  <title>The Daily</title>
  <link>https://daily.example/</link>
  <item>
    <title>Bridge: council votes "yes" to close it</title>
    <link>https://daily.example/bridge</link>
    <pubDate>Sat, 05 Dec 2026 14:03:00 +0100</pubDate>
    <description>&lt;p&gt;The council voted &lt;b&gt;7 to 2&lt;/b&gt;.&lt;/p&gt;</description>
    <content:encoded><![CDATA[<p>The council voted 7 to 2 on Tuesday.</p><p>Works begin in May.</p>]]></content:encoded>
  </item>
  <item>
    <title>Relative link</title>
    <link>/2026/12/relative</link>
    <description>Plain text summary.</description>
  </item>
  <item>
    <description>An item with text and no link or title.</description>
  </item>
</channel>
</rss>
"""

ATOM = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title type="text">Wire</title>
  <id>urn:wire</id>
  <updated>2026-12-05T10:00:00Z</updated>
  <entry>
    <title type="html">Floods &lt;em&gt;rise&lt;/em&gt;</title>
    <id>urn:wire:1</id>
    <link rel="alternate" href="https://wire.example/floods"/>
    <updated>2026-12-05T09:30:00Z</updated>
    <summary>River levels rose overnight.</summary>
  </entry>
</feed>
"""

RDF = b"""<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"
         xmlns:dc="http://purl.org/dc/elements/1.1/">
  <channel rdf:about="https://old.example/">
    <title>Old Times</title>
    <link>https://old.example/</link>
    <items><rdf:Seq><rdf:li rdf:resource="https://old.example/a"/></rdf:Seq></items>
  </channel>
  <item rdf:about="https://old.example/a">
    <title>Strike ends</title>
    <link>https://old.example/a</link>
    <description>Workers return on Monday.</description>
    <dc:date>2026-12-04T08:00:00+00:00</dc:date>
  </item>
</rdf:RDF>
"""


def test_rss_2_entries_with_content_preferred_to_summary() -> None:
    feed = parse_feed("https://daily.example/feed.xml", RSS)
    assert (feed.title, feed.problem, len(feed.entries)) == ("The Daily", None, 3)
    first, relative, linkless = feed.entries
    assert first.link == "https://daily.example/bridge"
    assert first.title == 'Bridge: council votes "yes" to close it'
    assert first.published == "2026-12-05T13:03:00Z"
    assert (first.text, first.text_kind) == (
        "The council voted 7 to 2 on Tuesday.\nWorks begin in May.",
        "content",
    )
    assert relative.link == "https://daily.example/2026/12/relative"
    assert (relative.text, relative.text_kind, relative.published) == ("Plain text summary.", "summary", None)
    assert (linkless.link, linkless.title, linkless.text) == (
        None,
        None,
        "An item with text and no link or title.",
    )


def test_relative_links_resolve_against_where_the_feed_was_found() -> None:
    feed = parse_feed("https://daily.example/feed.xml", RSS, location="https://cdn.example/feeds/daily.xml")
    assert feed.entries[1].link == "https://cdn.example/2026/12/relative"


def test_atom() -> None:
    feed = parse_feed("https://wire.example/atom", ATOM)
    (entry,) = feed.entries
    assert (feed.title, entry.title, entry.link) == ("Wire", "Floods rise", "https://wire.example/floods")
    assert (entry.published, entry.text) == ("2026-12-05T09:30:00Z", "River levels rose overnight.")


def test_rdf() -> None:
    feed = parse_feed("https://old.example/rss", RDF)
    (entry,) = feed.entries
    assert (feed.title, entry.title, entry.link) == ("Old Times", "Strike ends", "https://old.example/a")
    assert (entry.published, entry.text) == ("2026-12-04T08:00:00Z", "Workers return on Monday.")


def test_a_malformed_feed_keeps_the_entries_read_before_the_fault() -> None:
    broken = RSS.replace(b"</channel>", b"<item><title>Cut off <link>https://daily.example/x</item>")
    feed = parse_feed("https://daily.example/feed.xml", broken)
    assert feed.problem and "\n" not in feed.problem
    assert [entry.link for entry in feed.entries][:2] == [
        "https://daily.example/bridge",
        "https://daily.example/2026/12/relative",
    ]


@pytest.mark.parametrize(
    "body",
    [b"", b"\x00\x01 not xml", b"<html><body><p>A web page, not a feed.</p></body></html>", b"<rss><channel"],
)
def test_a_body_with_no_feed_is_a_fetch_error(body: bytes) -> None:
    with pytest.raises(FetchError) as raised:
        parse_feed("https://daily.example/feed.xml", body)
    assert raised.value.reason.startswith("not a readable feed (")
    assert "\n" not in str(raised.value)


def test_an_empty_but_sound_feed_has_no_entries() -> None:
    feed = parse_feed(
        "https://daily.example/feed.xml", b'<rss version="2.0"><channel><title>Quiet</title></channel></rss>'
    )
    assert (feed.title, feed.entries, feed.problem) == ("Quiet", [], None)


def test_a_charset_declared_only_in_the_header_is_used() -> None:
    body = RSS.replace(b' encoding="utf-8"', b"").replace(b"The Daily", "Le Quotidien é".encode("cp1252"))
    feed = parse_feed(
        "https://daily.example/feed.xml", body, content_type="application/rss+xml; charset=windows-1252"
    )
    assert feed.title == "Le Quotidien é"


def test_links_that_are_not_http_are_dropped() -> None:
    body = RSS.replace(b"https://daily.example/bridge", b"javascript:alert(1)")
    assert parse_feed("https://daily.example/feed.xml", body).entries[0].link is None
