"""The HTML briefing in a real browser: Debian's chromium, headless, on the seeds' briefing.

The briefing is made from the embedded model's recorded answers for the seeds; four seeds are
given front matter (outlet, date, web address), the fifth stays a bare text file. Chromium takes
a screenshot and dumps the DOM it built; driven over the DevTools protocol, it presses Tab and
moves the mouse as a reader would, at a desktop's width and a phone's, on screen and in print.
"""

from __future__ import annotations

import struct
from collections.abc import Iterator
from pathlib import Path

import lxml.html
import pytest

import summarizer
from summarizer.client.embedded import MODEL_NAME
from summarizer.client.endpoint import Endpoint
from summarizer.models.briefing import Briefing
from summarizer.testing.recorded import RecordedResponder
from summarizer.testing.stub_server import StubServer
from support.browser import CHROMIUM, DevTools, chromium
from support.paths import CASSETTES, SEEDS

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        CHROMIUM is None, reason="Debian's chromium is not installed (apt-get install chromium; .ci/run does)"
    ),
]

DESKTOP = (1000, 900)
PHONE = (390, 844)
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
# The focused or hovered citation's quote, if its tip shows, else "".
TIP_SHOWN = """(link => {
    const tip = link.closest('sup.cite').querySelector('.tip');
    const box = tip.getBoundingClientRect();
    return getComputedStyle(tip).display !== 'none' && box.width > 0 && box.height > 0 ? tip.textContent : '';
})(%s)"""


def outlet(number: int) -> str:
    return f"Outlet {number}"


def url(number: int) -> str:
    return f"https://news{number}.example/aleppo"


@pytest.fixture(scope="module")
def briefing_page(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Briefing]:
    """The seeds' HTML briefing and its JSON form."""
    folder = tmp_path_factory.mktemp("seeds")
    for number, seed in enumerate(sorted(SEEDS.glob("*.txt"))):
        text = seed.read_text(encoding="utf-8")
        if number < 4:
            front = (
                f"---\noutlet: {outlet(number)}\ndate: 2024-11-{27 + number:02d}\nurl: {url(number)}\n---\n"
            )
            (folder / f"{seed.stem}.md").write_text(front + text, encoding="utf-8")
        else:
            (folder / seed.name).write_text(text, encoding="utf-8")
    page, data = folder / "brief.html", folder / "brief.json"
    with StubServer(RecordedResponder(CASSETTES / "seeds.yaml")) as server:
        endpoint = Endpoint(base_url=server.base_url, model=MODEL_NAME, response_format="json_schema")
        summary = summarizer.summarize(
            [folder], endpoint=endpoint, cache_dir=folder / "cache", out=[page, data], previous=None
        )
    assert summary.report.ok and server.calls == 15  # every answer was recorded
    return page, Briefing.model_validate_json(data.read_text(encoding="utf-8"))


@pytest.fixture
def browser(tmp_path: Path) -> Iterator[DevTools]:
    with DevTools(tmp_path / "profile") as devtools:
        yield devtools


def assert_png(path: Path, width: int, height: int) -> None:
    """A PNG of that size, and not a blank page (a white one compresses to a few kilobytes)."""
    data = path.read_bytes()
    assert data.startswith(PNG_SIGNATURE)
    assert struct.unpack(">II", data[16:24]) == (width, height)
    assert len(data) > 40_000, f"{path} is {len(data)} bytes: a blank page?"


def test_chromium_shows_the_briefing_with_every_quote_behind_its_citation_and_links_to_the_articles(
    briefing_page: tuple[Path, Briefing], tmp_path: Path
) -> None:
    page, briefing = briefing_page
    shot = tmp_path / "brief.png"
    chromium(page, tmp_path / "profile-shot", "--window-size=1000,2400", f"--screenshot={shot}")
    assert_png(shot, 1000, 2400)

    dom = lxml.html.fromstring(chromium(page, tmp_path / "profile-dom", "--dump-dom").stdout)
    quotes = {q.get("id"): q.text_content() for q in dom.xpath("//ol[@class='citations']//blockquote")}
    cited = {c.quote for c in _citations(briefing)}
    assert set(quotes.values()) == cited and len(quotes) > 30
    citations = dom.xpath("//sup[@class='cite']")
    assert len(citations) >= len(quotes)
    for citation in citations:
        link, tip = citation.getchildren()
        assert link.tag == "a" and tip.get("class") == "tip"  # the browser kept the tip inside it
        number = link.get("href").removeprefix("#c")
        assert link.get("aria-describedby") == f"q{number}" and link.text == number
        assert tip.text == f"“{quotes[f'q{number}']}”"
        assert tip.xpath("span[@class='tip-source']")[0].text.startswith("— ")
    sources = dom.xpath("//ul[@class='sources']/li")
    assert len(sources) == 5
    for number, source in enumerate(sources[:4]):
        (link,) = source.xpath("a")
        assert (link.get("href"), link.text) == (url(number), outlet(number))
        assert f", {27 + number} Nov 2024" in source.text_content()
    assert not sources[4].xpath("a")  # no address, no link: named by its title
    assert sources[4].text_content().startswith("[5] Jihadist Rebels Capture Aleppo")


def test_tab_reaches_each_citation_and_shows_its_quote(
    briefing_page: tuple[Path, Briefing], browser: DevTools, tmp_path: Path
) -> None:
    page, _ = briefing_page
    browser.open(page, *DESKTOP)
    focused = []
    for _ in range(2):  # "In brief" opens the page: its first citations
        browser.press_tab()
        focused.append(browser.evaluate("document.activeElement.getAttribute('href')"))
    assert focused == ["#c1", "#c2"]
    shown = browser.evaluate(TIP_SHOWN % "document.activeElement")
    quote = browser.evaluate("document.getElementById('q2').textContent")
    assert shown.startswith(f"“{quote}”— ")
    assert (
        browser.evaluate(TIP_SHOWN % "document.querySelector('a[href=\"#c1\"]')") == ""
    )  # no longer focused
    outline = browser.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline == "solid"
    browser.screenshot(tmp_path / "focus.png")
    assert_png(tmp_path / "focus.png", *DESKTOP)
    for _ in range(80):  # then on to the sources: the four links to articles, in order
        browser.press_tab()
        focused.append(browser.evaluate("document.activeElement.getAttribute('href')"))
    articles = [href for href in focused if href and href.startswith("https://")]
    assert articles[:4] == [url(0), url(1), url(2), url(3)]


def test_pointing_at_a_citation_shows_its_quote(
    briefing_page: tuple[Path, Briefing], browser: DevTools, tmp_path: Path
) -> None:
    page, _ = briefing_page
    browser.open(page, *DESKTOP)
    target = "document.querySelectorAll('sup.cite > a')[12]"
    x, y = browser.evaluate(
        f"(link => {{ link.scrollIntoView({{block: 'center'}}); const r = link.getBoundingClientRect();"
        f" return [r.x + r.width / 2, r.y + r.height / 2]; }})({target})"
    )
    assert browser.evaluate(TIP_SHOWN % target) == ""
    browser.move_mouse(x, y)
    number = browser.evaluate(f"{target}.textContent")
    quote = browser.evaluate(f"document.getElementById('q{number}').textContent")
    assert browser.evaluate(TIP_SHOWN % target).startswith(f"“{quote}”")
    browser.screenshot(tmp_path / "hover.png")
    browser.move_mouse(1, 1)
    assert browser.evaluate(TIP_SHOWN % target) == ""


def test_a_phone_reads_it_without_scrolling_sideways_and_print_leaves_out_the_tips(
    briefing_page: tuple[Path, Briefing], browser: DevTools, tmp_path: Path
) -> None:
    page, _ = briefing_page
    browser.open(page, *PHONE)
    assert browser.evaluate("document.documentElement.scrollWidth") <= PHONE[0]
    assert browser.evaluate("parseFloat(getComputedStyle(document.body).fontSize)") >= 16
    browser.evaluate("document.querySelector('sup.cite > a').focus()")
    assert browser.evaluate(TIP_SHOWN % "document.activeElement")
    assert browser.evaluate("document.documentElement.scrollWidth") <= PHONE[0]
    browser.screenshot(tmp_path / "phone.png")
    assert_png(tmp_path / "phone.png", *PHONE)

    browser.emulate_print()
    assert browser.evaluate(TIP_SHOWN % "document.activeElement") == ""
    after = browser.evaluate("getComputedStyle(document.querySelector('ul.sources a'), '::after').content")
    assert after == f'" <{url(0)}>"'


def _citations(briefing: Briefing) -> list[summarizer.Citation]:
    records = [
        *briefing.developments,
        *briefing.also_reported,
        *briefing.figures,
        *briefing.statements,
        *briefing.unconfirmed,
    ]
    values = [v for d in briefing.disagreements for v in d.values] + [
        v for r in briefing.running for v in r.values
    ]
    return [c for r in [*records, *values] for c in r.citations] + [
        c for a in briefing.actors for c in a.citations
    ]
