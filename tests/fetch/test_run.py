"""Whole fetch runs against a loopback site: what is saved, what is skipped, what a rerun does."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from summarizer.errors import ArticleWriteError
from summarizer.fetch.limits import Limits
from summarizer.fetch.run import FetchReport, fetch_feeds
from summarizer.fetch.state import FILE_NAME, FetchState
from summarizer.ingest.files import ingest_paths
from support.feed_documents import Item, article_page, atom, rdf, rss, story
from support.loopback_site import LoopbackSite, Route, redirect

LIMITS = Limits(timeout=5, delay=0)
RSS_TYPE = "application/rss+xml"


def run(site: LoopbackSite, tmp_path: Path, *feeds: str, limits: Limits = LIMITS) -> FetchReport:
    return fetch_feeds([site.url(feed) for feed in feeds], tmp_path / "out", tmp_path / "cache", limits)


def saved(tmp_path: Path) -> dict[str, tuple[dict[str, str], str]]:
    """Each saved file's front matter and body, by file name."""
    files = {}
    for path in sorted((tmp_path / "out").glob("*.md")):
        _, head, body = path.read_text(encoding="utf-8").split("---\n", 2)
        files[path.name] = (yaml.safe_load(head), body)
    return files


def only_file(tmp_path: Path) -> tuple[dict[str, str], str]:
    (only,) = saved(tmp_path).values()
    return only


def page_requests(site: LoopbackSite) -> list[str]:
    return [
        path for path in site.paths_requested() if not path.endswith((".rss", ".atom", ".rdf", "robots.txt"))
    ]


def counts(report: FetchReport) -> tuple[int, int, int, int, int, int]:
    return (
        report.entries,
        report.new,
        report.already,
        report.from_summary,
        report.skipped,
        len(report.entry_failures),
    )


def test_rss_atom_and_rdf_entries_are_saved_with_front_matter_and_ingest_reads_them(
    site: LoopbackSite, tmp_path: Path
) -> None:
    site["/world.rss"] = Route(
        rss("Daily World", [Item("Bridge to close", "/bridge")]), content_type=RSS_TYPE
    )
    site["/wire.atom"] = Route(
        atom("Wire", [Item("Port reopens", site.url("/port"))]), content_type="application/atom+xml"
    )
    site["/old.rdf"] = Route(
        rdf("Old Times", [Item("Tram line opens", site.url("/tram"))]), content_type="application/rdf+xml"
    )
    site["/bridge"] = Route(article_page("Bridge to close", story("bridge")))
    site["/port"] = Route(article_page("Port reopens", story("port"), site_name="Wire Service"))
    site["/tram"] = Route(
        article_page("Tram line opens", story("tram"), canonical="https://old.example/tram")
    )

    report = run(site, tmp_path, "/world.rss", "/wire.atom", "/old.rdf")

    assert (report.feeds, report.feed_failures, counts(report)) == (3, [], (3, 3, 0, 0, 0, 0))
    files = saved(tmp_path)
    assert sorted(files) == sorted(path.name for path in report.written)
    bridge_name = next(name for name in files if name.startswith("bridge-to-close-"))
    front, body = files[bridge_name]
    fetched = front.pop("fetched")
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", fetched)
    assert front == {
        "title": "Bridge to close",
        "outlet": "The Daily",
        "url": site.url("/bridge"),
        "published": "2026-12-05T14:03:00Z",
        "feed": site.url("/world.rss"),
    }
    assert body.startswith("Bridge to close\n") and story("bridge")[1] in body
    assert "Home" not in body and "Copyright" not in body
    tram = next(front for front, _ in files.values() if front["title"] == "Tram line opens")
    assert tram["url"] == "https://old.example/tram"  # the page's canonical URL

    read = ingest_paths([tmp_path / "out"])
    assert read.failures == [] and read.skipped == []
    by_title = {article.title: article for article in read.articles}
    assert set(by_title) == {"Bridge to close", "Port reopens", "Tram line opens"}
    port = by_title["Port reopens"]
    assert (port.outlet, port.url, port.published) == ("Wire Service", site.url("/port"), "2026-12-05")
    state = FetchState(tmp_path / "cache" / FILE_NAME)
    assert all(state.with_text(article.content_hash) for article in read.articles)
    state.close()


def test_a_rerun_asks_with_validators_and_fetches_nothing_new(site: LoopbackSite, tmp_path: Path) -> None:
    site["/etag.rss"] = Route(
        rss("A", [Item("Bridge", "/bridge")]), content_type=RSS_TYPE, headers={"ETag": '"v1"'}
    )
    site["/dated.rss"] = Route(
        rss("B", [Item("Port", "/port")]),
        content_type=RSS_TYPE,
        headers={"Last-Modified": "Sat, 05 Dec 2026 10:00:00 GMT"},
    )
    site["/plain.rss"] = Route(rss("C", [Item("Tram", "/tram")]), content_type=RSS_TYPE)
    for topic in ("bridge", "port", "tram"):
        site[f"/{topic}"] = Route(article_page(topic.title(), story(topic)))
    feeds = ("/etag.rss", "/dated.rss", "/plain.rss")
    assert counts(run(site, tmp_path, *feeds)) == (3, 3, 0, 0, 0, 0)
    first_files = saved(tmp_path)
    site.requests.clear()

    again = run(site, tmp_path, *feeds)

    assert (again.feeds, again.feeds_not_modified, counts(again)) == (3, 2, (1, 0, 1, 0, 0, 0))
    assert page_requests(site) == []
    assert again.written == [] and saved(tmp_path) == first_files
    assert (
        again.summary()
        == "3 feeds (2 not modified), 1 entry: 0 new, 1 already fetched, 0 from summary, 0 skipped → nothing written"
    )


def test_a_rerun_fetches_only_the_new_entries(site: LoopbackSite, tmp_path: Path) -> None:
    site["/world.rss"] = Route(
        rss("A", [Item("Bridge", "/bridge")]), content_type=RSS_TYPE, headers={"ETag": '"v1"'}
    )
    site["/bridge"] = Route(article_page("Bridge", story("bridge")))
    site["/port"] = Route(article_page("Port", story("port")))
    run(site, tmp_path, "/world.rss")
    site["/world.rss"] = Route(
        rss("A", [Item("Port", "/port"), Item("Bridge", "/bridge")]),
        content_type=RSS_TYPE,
        headers={"ETag": '"v2"'},
    )
    site.requests.clear()

    again = run(site, tmp_path, "/world.rss")

    assert counts(again) == (2, 1, 1, 0, 0, 0)
    assert page_requests(site) == ["/port"]
    assert len(saved(tmp_path)) == 2


def test_one_article_under_several_urls_or_in_several_feeds_is_saved_once(
    site: LoopbackSite, tmp_path: Path
) -> None:
    page = article_page("Bridge to close", story("bridge"), canonical="https://daily.example/bridge")
    site["/a.rss"] = Route(rss("A", [Item("Bridge to close", "/bridge")]), content_type=RSS_TYPE)
    site["/b.rss"] = Route(
        rss(
            "B",
            [
                Item("Bridge to close", site.url("/bridge#comments")),  # the same link, spelt otherwise
                Item("Bridge to close (short link)", "/s/1"),  # redirects to the same page
                Item("Bridge to close (syndicated)", "/syndicated/bridge"),  # names the same canonical URL
            ],
        ),
        content_type=RSS_TYPE,
    )
    site["/c.rss"] = Route(rss("C", [Item("Bridge to close (copy)", "/copy/bridge")]), content_type=RSS_TYPE)
    site["/bridge"] = Route(page)
    site["/s/1"] = redirect("/bridge", 301)
    site["/syndicated/bridge"] = Route(
        article_page(
            "Bridge to close", [*story("bridge"), "Syndicated."], canonical="https://daily.example/bridge"
        )
    )
    site["/copy/bridge"] = Route(
        article_page("Bridge to close", story("bridge"))
    )  # the same text, no canonical URL

    report = run(site, tmp_path, "/a.rss", "/b.rss", "/c.rss")

    assert counts(report) == (5, 1, 4, 0, 0, 0)
    assert len(saved(tmp_path)) == 1
    site.requests.clear()
    assert counts(run(site, tmp_path, "/a.rss", "/b.rss", "/c.rss")) == (5, 0, 5, 0, 0, 0)
    assert page_requests(site) == []


@pytest.mark.parametrize(
    ("route", "why"),
    [
        (Route(b"gone", status=404), "HTTP 404"),
        (Route(b"oops", status=500), "HTTP 500"),
        (Route(stall=True), "no answer within 0.5 s"),
        (redirect("/story"), "redirect loop (back to {story})"),
        (Route(b"<p>" + b"x" * 30_000 + b"</p>"), "too large: 30,007 bytes (limit 20,000)"),
        (Route(endless=True), "too large: more than 20,000 bytes"),
        (Route(b"<html><body><script>app()</script></body></html>"), "no article text on the page"),
    ],
)
def test_an_entry_whose_page_fails_is_saved_from_the_feed_with_a_note(
    site: LoopbackSite, tmp_path: Path, route: Route, why: str
) -> None:
    summary = "The council voted to close the bridge. Works begin in May."
    site["/world.rss"] = Route(
        rss("Daily World", [Item("Bridge to close", "/story", summary)]), content_type=RSS_TYPE
    )
    site["/story"] = route
    why = why.format(story=site.url("/story"))

    report = run(site, tmp_path, "/world.rss", limits=Limits(timeout=0.5, delay=0, max_bytes=20_000))

    assert counts(report) == (1, 0, 0, 1, 0, 0)
    assert report.from_summary_reasons == [(site.url("/story"), why)]
    front, body = only_file(tmp_path)
    assert front["note"] == f"page unavailable ({why}); text from the feed summary"
    assert (front["title"], front["outlet"], front["url"]) == (
        "Bridge to close",
        "Daily World",
        site.url("/story"),
    )
    assert body == summary + "\n"
    (article,) = ingest_paths([tmp_path / "out"]).articles
    assert article.text == summary + "\n"
    site.requests.clear()
    assert counts(run(site, tmp_path, "/world.rss")) == (1, 0, 1, 0, 0, 0)
    assert page_requests(site) == []


def test_a_page_robots_txt_forbids_is_not_fetched_and_the_feed_text_is_used(
    site: LoopbackSite, tmp_path: Path
) -> None:
    site["/robots.txt"] = Route(b"User-agent: *\nDisallow: /private/\n", content_type="text/plain")
    site["/world.rss"] = Route(
        rss("A", [Item("Secret", "/private/story", "What the feed says."), Item("Open", "/open")]),
        content_type=RSS_TYPE,
    )
    site["/private/story"] = Route(article_page("Secret", story("secret")))
    site["/open"] = Route(article_page("Open", story("open")))

    report = run(site, tmp_path, "/world.rss")

    assert counts(report) == (2, 1, 0, 1, 0, 0)
    assert "/private/story" not in site.paths_requested()
    assert site.paths_requested().count("/robots.txt") == 1
    notes = [front.get("note") for front, _ in saved(tmp_path).values()]
    assert sorted(notes, key=str) == [
        None,
        "page unavailable (disallowed by robots.txt); text from the feed summary",
    ]


def test_a_page_that_fails_with_no_feed_text_fails_and_is_tried_again(
    site: LoopbackSite, tmp_path: Path
) -> None:
    site["/world.rss"] = Route(
        rss("A", [Item("Bridge", "/bridge"), Item("Port", "/port")]),
        content_type=RSS_TYPE,
        headers={"ETag": '"v1"'},
    )
    site["/bridge"] = Route(article_page("Bridge", story("bridge")))
    site["/port"] = Route(b"", status=503)

    report = run(site, tmp_path, "/world.rss")

    assert counts(report) == (2, 1, 0, 0, 0, 1)
    assert report.entry_failures == [(site.url("/port"), "HTTP 503, and the feed has no text for it")]
    assert not report.nothing_fetched
    site["/port"] = Route(article_page("Port", story("port")))
    site.requests.clear()

    again = run(site, tmp_path, "/world.rss")

    assert "if-none-match" not in site.requests[0].headers  # the feed is read again in full
    assert counts(again) == (2, 1, 1, 0, 0, 0)
    assert page_requests(site) == ["/port"]
    site.requests.clear()
    assert run(site, tmp_path, "/world.rss").feeds_not_modified == 1  # now that nothing failed


def test_a_link_to_something_other_than_html_is_skipped_and_remembered(
    site: LoopbackSite, tmp_path: Path
) -> None:
    site["/world.rss"] = Route(
        rss("A", [Item("Annual report", "/report.pdf", "The report.")]), content_type=RSS_TYPE
    )
    site["/report.pdf"] = Route(b"%PDF-1.7\n...", content_type="application/pdf")

    report = run(site, tmp_path, "/world.rss")

    assert counts(report) == (1, 0, 0, 0, 1, 0)
    assert report.skips == [(site.url("/report.pdf"), "not an HTML page (application/pdf)")]
    assert saved(tmp_path) == {}
    site.requests.clear()
    assert counts(run(site, tmp_path, "/world.rss")) == (1, 0, 1, 0, 0, 0)
    assert page_requests(site) == []


@pytest.mark.parametrize("content_type", ["text/html; charset=ISO-8859-1", "text/html"])
def test_a_windows_1252_page_is_saved_as_utf_8(site: LoopbackSite, tmp_path: Path, content_type: str) -> None:
    paragraphs = [
        "Les cheminots de Besançon ont cessé le travail mardi, selon le syndicat “Sud-Rail”.",
        "La grève doit durer trois jours et touche 40 trains régionaux chaque matin à 5 €.",
        "La direction régionale a annoncé des bus de remplacement pour les lignes les plus chargées.",
    ]
    site["/fr.rss"] = Route(rss("Le Quotidien", [Item("Grève à Besançon", "/greve")]), content_type=RSS_TYPE)
    site["/greve"] = Route(
        article_page("Grève à Besançon", paragraphs, charset="windows-1252"), content_type=content_type
    )

    run(site, tmp_path, "/fr.rss")

    front, body = only_file(tmp_path)
    assert front["title"] == "Grève à Besançon"
    assert all(paragraph in body for paragraph in paragraphs)
    (article,) = ingest_paths([tmp_path / "out"]).articles
    assert paragraphs[1] in article.text


def test_malformed_and_unreadable_feeds(site: LoopbackSite, tmp_path: Path) -> None:
    good = rss("A", [Item("Bridge", "/bridge"), Item("Port", "/port")])
    site["/broken.rss"] = Route(
        good.replace(b"</channel></rss>", b"<item><title>Cut off"), content_type=RSS_TYPE
    )
    site["/garbage.rss"] = Route(b"<html><body>Not a feed</body></html>", content_type="text/html")
    site["/bridge"] = Route(article_page("Bridge", story("bridge")))
    site["/port"] = Route(article_page("Port", story("port")))

    report = run(site, tmp_path, "/broken.rss", "/garbage.rss", "/missing.rss")

    assert counts(report)[:2] == (3, 2)
    (warning,) = report.warnings
    assert warning.startswith(f"{site.url('/broken.rss')}: malformed feed (") and warning.endswith(
        "); 3 entries read from it"
    )
    assert [url for url, _ in report.feed_failures] == [site.url("/garbage.rss"), site.url("/missing.rss")]
    assert report.feed_failures[1][1] == "HTTP 404"
    assert report.feed_failures[0][1].startswith("not a readable feed (")
    assert not report.nothing_fetched and report.failed == 2  # the entry cut off has neither link nor text
    assert report.skips == [(site.url("/broken.rss"), "an entry with neither a link nor text (untitled)")]
    assert report.summary().startswith(
        "3 feeds (2 failed), 3 entries: 2 new, 0 already fetched, 0 from summary, 1 skipped"
    )


def test_nothing_fetched_when_every_feed_fails(site: LoopbackSite, tmp_path: Path) -> None:
    site["/down.rss"] = Route(b"", status=502)
    report = run(site, tmp_path, "/down.rss", "/missing.rss")
    assert report.nothing_fetched and report.written == []
    assert not (tmp_path / "out").exists()
    assert (
        report.summary()
        == "2 feeds (2 failed), 0 entries: 0 new, 0 already fetched, 0 from summary, 0 skipped → nothing written"
    )


def test_nothing_fetched_when_every_entry_fails(site: LoopbackSite, tmp_path: Path) -> None:
    site["/world.rss"] = Route(
        rss("A", [Item("Bridge", "/bridge"), Item("Port", "/port")]), content_type=RSS_TYPE
    )
    assert run(site, tmp_path, "/world.rss").nothing_fetched  # both pages 404, no text in the feed


def test_an_entry_without_a_link_is_saved_from_its_feed_text_once(site: LoopbackSite, tmp_path: Path) -> None:
    site["/world.rss"] = Route(
        rss("A", [Item("Brief", None, "The council met. Nothing was decided."), Item("Empty", None)]),
        content_type=RSS_TYPE,
    )
    report = run(site, tmp_path, "/world.rss")
    assert counts(report) == (2, 0, 0, 1, 1, 0)
    front, body = only_file(tmp_path)
    assert front["note"] == "no link in the feed; text from the feed summary"
    assert body == "The council met. Nothing was decided.\n"
    assert counts(run(site, tmp_path, "/world.rss")) == (2, 0, 1, 0, 1, 0)


def test_pages_of_several_hosts_are_fetched_in_one_run(tmp_path: Path) -> None:
    with LoopbackSite() as first, LoopbackSite() as second:
        items = []
        for host, site in (("one", first), ("two", second)):
            for number in range(3):
                path = f"/{host}/{number}"
                site[path] = Route(article_page(f"{host} {number}", story(f"{host}{number}")))
                items.append(Item(f"{host} {number}", site.url(path)))
        first["/all.rss"] = Route(rss("All", items), content_type=RSS_TYPE)
        report = fetch_feeds([first.url("/all.rss")], tmp_path / "out", tmp_path / "cache", LIMITS)
    assert counts(report) == (6, 6, 0, 0, 0, 0)
    assert second.paths_requested()[0] == "/robots.txt"


def test_an_article_that_cannot_be_written_stops_the_run_and_is_not_recorded(
    site: LoopbackSite, tmp_path: Path
) -> None:
    site["/world.rss"] = Route(rss("A", [Item("Bridge", "/bridge")]), content_type=RSS_TYPE)
    site["/bridge"] = Route(article_page("Bridge", story("bridge")))
    (tmp_path / "out").write_text("a file where the folder should be")
    with pytest.raises(ArticleWriteError) as raised:
        run(site, tmp_path, "/world.rss")
    assert raised.value.written == 0
    assert (
        "bridge-" in str(raised.value)
        and "cannot write the article" in str(raised.value)
        and "\n" not in str(raised.value)
    )
    (tmp_path / "out").unlink()
    assert counts(run(site, tmp_path, "/world.rss")) == (1, 1, 0, 0, 0, 0)
