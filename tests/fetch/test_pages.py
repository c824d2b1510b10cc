from __future__ import annotations

from collections.abc import Iterator

import pytest

from summarizer.errors import FetchError
from summarizer.fetch.http import Fetcher
from summarizer.fetch.limits import Limits
from summarizer.fetch.pages import read_page
from support.loopback_site import LoopbackSite, Route, redirect

PAGE = """<!doctype html>
<html><head>
<meta charset="windows-1252">
<title>Grève à Besançon – The Daily</title>
<meta property="og:site_name" content="The Daily">
<link rel="canonical" href="https://daily.example/2026/12/greve">
<meta name="date" content="2026-12-05">
</head><body>
<nav>Home · World · Sport</nav>
<article>
<h1>Grève à Besançon</h1>
<p>Les cheminots de Besançon ont cessé le travail mardi, selon le syndicat “Sud-Rail”.</p>
<p>La grève doit durer trois jours et touche 40 trains régionaux chaque matin.</p>
<p>La direction régionale a annoncé des bus de remplacement pour les lignes les plus chargées.</p>
</article>
<footer>© The Daily</footer>
</body></html>
"""


@pytest.fixture
def fetcher() -> Iterator[Fetcher]:
    with Fetcher(Limits(timeout=0.5, delay=0)) as opened:
        yield opened


def test_a_windows_1252_page_is_decoded_and_its_metadata_read(site: LoopbackSite, fetcher: Fetcher) -> None:
    site["/greve?from=rss"] = redirect("/2026/12/greve?ref=feed")
    site["/2026/12/greve?ref=feed"] = Route(PAGE.encode("cp1252"), content_type="text/html")
    page = read_page(fetcher, site.url("/greve?from=rss"))
    assert page.url == site.url("/2026/12/greve?ref=feed")
    assert page.canonical == "https://daily.example/2026/12/greve"
    assert "Les cheminots de Besançon ont cessé le travail mardi, selon le syndicat “Sud-Rail”." in page.text
    assert "Home · World" not in page.text and "\ufffd" not in page.text
    assert (page.outlet, page.published) == ("The Daily", "2026-12-05")
    assert page.title is not None and page.title.startswith("Grève à Besançon")


def test_a_page_with_no_text_is_a_fetch_error(site: LoopbackSite, fetcher: Fetcher) -> None:
    site["/empty"] = Route(b"<html><head><script>var x;</script></head><body></body></html>")
    with pytest.raises(FetchError, match="no article text on the page"):
        read_page(fetcher, site.url("/empty"))


def test_a_canonical_url_that_is_not_absolute_http_is_ignored(site: LoopbackSite, fetcher: Fetcher) -> None:
    body = PAGE.replace("https://daily.example/2026/12/greve", "javascript:void(0)")
    site["/story"] = Route(body.encode("cp1252"), content_type="text/html; charset=windows-1252")
    assert read_page(fetcher, site.url("/story")).canonical is None
    site["/relative"] = Route(
        PAGE.replace("https://daily.example", "").encode("cp1252"), content_type="text/html"
    )
    assert read_page(fetcher, site.url("/relative")).canonical is None
