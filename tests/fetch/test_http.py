"""The Fetcher against a loopback site: statuses, redirects, limits, content types, robots.txt."""

from __future__ import annotations

import pytest

from summarizer import __version__
from summarizer.errors import FetchError, NotHtmlError
from summarizer.fetch.http import USER_AGENT, Fetcher, media_type
from summarizer.fetch.limits import Limits
from summarizer.fetch.politeness import HostGate
from support.loopback_site import LoopbackSite, Route, redirect

FAST = Limits(timeout=0.5, delay=0)
PAGE = b"<html><body><p>Hello.</p></body></html>"


@pytest.fixture
def fetcher() -> Fetcher:
    with Fetcher(FAST) as opened:
        yield opened


def reason(call: object) -> str:
    with pytest.raises(FetchError) as raised:
        call()  # type: ignore[operator]
    assert "\n" not in str(raised.value)
    return raised.value.reason


def test_a_page_names_the_tool_and_asks_for_html(site: LoopbackSite, fetcher: Fetcher) -> None:
    site["/story"] = Route(PAGE)
    download = fetcher.page(site.url("/story"))
    assert (download.status, download.body, download.url) == (200, PAGE, site.url("/story"))
    request = site.requests[-1]
    assert request.headers["user-agent"] == USER_AGENT == f"summarizer/{__version__}"
    assert request.headers["accept"].startswith("text/html")
    assert site.paths_requested() == ["/robots.txt", "/story"]


@pytest.mark.parametrize("status", [404, 410, 500, 503])
def test_an_error_status_is_a_fetch_error(site: LoopbackSite, fetcher: Fetcher, status: int) -> None:
    site["/story"] = Route(b"oops", status=status)
    assert reason(lambda: fetcher.page(site.url("/story"))) == f"HTTP {status}"


def test_a_slow_answer_times_out(site: LoopbackSite, fetcher: Fetcher) -> None:
    site["/slow"] = Route(stall=True)
    assert reason(lambda: fetcher.page(site.url("/slow"))) == "no answer within 0.5 s"


def test_a_refused_connection(fetcher: Fetcher) -> None:
    with LoopbackSite() as gone:
        url = gone.url("/story")
    assert reason(lambda: fetcher.page(url)) == (
        "robots.txt could not be read (cannot connect: connection refused), so nothing on the site is fetched"
    )


def test_redirects_are_followed_to_the_final_url(site: LoopbackSite, fetcher: Fetcher) -> None:
    site["/old"] = redirect("/older", 301)
    site["/older"] = redirect(site.url("/story"), 308)
    site["/story"] = Route(PAGE)
    download = fetcher.page(site.url("/old"))
    assert (download.url, download.body) == (site.url("/story"), PAGE)


def test_a_redirect_loop_is_reported_as_one(site: LoopbackSite, fetcher: Fetcher) -> None:
    site["/a"] = redirect("/b")
    site["/b"] = redirect("/a")
    assert reason(lambda: fetcher.page(site.url("/a"))) == f"redirect loop (back to {site.url('/a')})"
    assert site.paths_requested().count("/a") == 1


def test_redirects_are_bounded(site: LoopbackSite) -> None:
    for hop in range(5):
        site[f"/hop/{hop}"] = redirect(f"/hop/{hop + 1}")
    site["/hop/5"] = Route(PAGE)
    with Fetcher(Limits(timeout=0.5, delay=0, max_redirects=4)) as fetcher:
        assert reason(lambda: fetcher.page(site.url("/hop/0"))) == "more than 4 redirects"
    assert "/hop/5" not in site.paths_requested()
    with Fetcher(Limits(timeout=0.5, delay=0, max_redirects=5)) as fetcher:
        assert fetcher.page(site.url("/hop/0")).body == PAGE


def test_a_redirect_to_another_scheme_is_refused(site: LoopbackSite, fetcher: Fetcher) -> None:
    site["/ftp"] = redirect("ftp://files.example/story")
    assert reason(lambda: fetcher.page(site.url("/ftp"))) == "redirected to a URL that is not http(s): ftp:"


def test_a_body_declared_too_large_is_not_read(site: LoopbackSite) -> None:
    site["/huge"] = Route(b"x" * 20_000)
    with Fetcher(Limits(timeout=0.5, delay=0, max_bytes=10_000)) as fetcher:
        assert reason(lambda: fetcher.page(site.url("/huge"))) == "too large: 20,000 bytes (limit 10,000)"
        site["/huge"] = Route(b"x" * 10_000)
        assert len(fetcher.page(site.url("/huge")).body) == 10_000


def test_a_body_of_no_declared_length_stops_being_read_past_the_limit(site: LoopbackSite) -> None:
    site["/endless"] = Route(endless=True)
    with Fetcher(Limits(timeout=5, delay=0, max_bytes=100_000)) as fetcher:
        assert reason(lambda: fetcher.page(site.url("/endless"))) == "too large: more than 100,000 bytes"


def test_something_other_than_html_is_not_a_page(site: LoopbackSite, fetcher: Fetcher) -> None:
    site["/report.pdf"] = Route(b"%PDF-1.7 ...", content_type="application/pdf")
    with pytest.raises(NotHtmlError) as raised:
        fetcher.page(site.url("/report.pdf"))
    assert raised.value.reason == "not an HTML page (application/pdf)"


@pytest.mark.parametrize("content_type", ["application/xhtml+xml", "TEXT/HTML; charset=latin-1", None])
def test_html_and_unlabelled_answers_are_pages(
    site: LoopbackSite, fetcher: Fetcher, content_type: str | None
) -> None:
    site["/story"] = Route(PAGE, content_type=content_type)
    assert fetcher.page(site.url("/story")).body == PAGE


def test_robots_txt_is_read_once_and_obeyed(site: LoopbackSite, fetcher: Fetcher) -> None:
    site["/robots.txt"] = Route(b"User-agent: *\nDisallow: /private/\n", content_type="text/plain")
    site["/story"] = Route(PAGE)
    site["/private/story"] = Route(PAGE)
    assert reason(lambda: fetcher.page(site.url("/private/story"))) == "disallowed by robots.txt"
    fetcher.page(site.url("/story"))
    assert site.paths_requested() == ["/robots.txt", "/story"]


def test_a_redirect_into_a_disallowed_path_stops_there(site: LoopbackSite, fetcher: Fetcher) -> None:
    site["/robots.txt"] = Route(b"User-agent: summarizer\nDisallow: /private/\n", content_type="text/plain")
    site["/story"] = redirect("/private/story")
    site["/private/story"] = Route(PAGE)
    assert reason(lambda: fetcher.page(site.url("/story"))) == "disallowed by robots.txt"
    assert "/private/story" not in site.paths_requested()


def test_a_failing_robots_txt_forbids_the_site(site: LoopbackSite, fetcher: Fetcher) -> None:
    site["/robots.txt"] = Route(b"", status=503)
    site["/story"] = Route(PAGE)
    assert reason(lambda: fetcher.page(site.url("/story"))) == (
        "robots.txt could not be read (HTTP 503), so nothing on the site is fetched"
    )
    assert site.paths_requested() == ["/robots.txt"]


def test_a_feed_is_asked_again_with_its_validators_and_may_be_unchanged(
    site: LoopbackSite, fetcher: Fetcher
) -> None:
    site["/feed"] = Route(
        b"<rss/>",
        content_type="application/rss+xml",
        headers={"ETag": '"v1"', "Last-Modified": "Sat, 05 Dec 2026 10:00:00 GMT"},
    )
    first = fetcher.feed(site.url("/feed"))
    assert (first.status, first.etag, first.last_modified) == (200, '"v1"', "Sat, 05 Dec 2026 10:00:00 GMT")
    again = fetcher.feed(site.url("/feed"), etag=first.etag, last_modified=first.last_modified)
    assert (again.status, again.body) == (304, b"")
    headers = site.requests[-1].headers
    assert headers["if-none-match"] == '"v1"'
    assert headers["if-modified-since"] == "Sat, 05 Dec 2026 10:00:00 GMT"
    assert "application/rss+xml" in headers["accept"]


def test_every_hop_waits_for_its_host(site: LoopbackSite) -> None:
    waits: list[float] = []
    now = [0.0]
    gate = HostGate(1.5, clock=lambda: now[0], sleep=lambda seconds: waits.append(seconds))
    site["/old"] = redirect("/story")
    site["/story"] = Route(PAGE)
    with Fetcher(FAST, gate=gate) as fetcher:
        fetcher.page(site.url("/old"))
    assert waits == [1.5, 1.5]  # robots.txt, then /old, then /story: two waits between three requests


def test_media_type() -> None:
    assert media_type("Text/HTML; charset=UTF-8") == "text/html"
    assert media_type(None) == ""
