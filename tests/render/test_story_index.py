import re
from html.parser import HTMLParser

from summarizer.models.briefing import Failure
from summarizer.models.story_index import (
    IndexArticle,
    IndexStory,
    MergedStoryNote,
    NewSincePrevious,
    QuietStory,
    StoryIndex,
)
from summarizer.render.story_index import article_link, markdown_url, render_index, story_link

HOSTILE = "<script>alert(1)</script> *bold* [x](javascript:alert(2)) {{ 7*7 }}"


def story(slug: str, headline: str, briefing: list[str], **fields) -> IndexStory:
    article = IndexArticle(
        path=f"feed/{slug}.md", title=headline, outlet="Outlet", url=fields.pop("url", None), new=True
    )
    return IndexStory(
        id=f"id-{slug}",
        slug=slug,
        headline=headline,
        outlets=["Outlet", "Other | Outlet"],
        source_count=2,
        article_count=2,
        new_article_count=1,
        first_seen="2026-12-01T05:30:00+00:00",
        continued=True,
        briefing=briefing,
        articles=[article],
        **fields,
    )


INDEX = StoryIndex(
    generated_at="2026-12-02T05:30:00+00:00",
    articles=5,
    stories=[
        story(
            "quake",
            HOSTILE,
            ["quake.md", "quake.html", "quake.json"],
            since_previous=NewSincePrevious(
                previous="briefs/quake.json", developments=2, figures=1, statements=0
            ),
            merged=[MergedStoryNote(id="old", slug="quake-2", headline="Quake <b>too</b>")],
        ),
        story(
            "final", "Final", ["final.json"], note="No briefing: no article of this story gave any record."
        ),
    ],
    also_reported=[
        story("alone", "Alone (really)", [], url="https://example.org/a b)c"),
        story("hostile", "Evil", [], url="javascript:alert(3)"),
    ],
    quiet=[
        QuietStory(
            id="q",
            slug="quiet",
            headline="Quiet one",
            last_active="2026-11-28T05:30:00+00:00",
            kept_until="2026-12-05T05:30:00+00:00",
            briefing=["quiet.md"],
        )
    ],
    failures=[Failure(path="feed/empty.txt", error="empty article")],
)


class Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def test_markdown_index_lists_stories_with_links_and_escaped_text() -> None:
    markdown = render_index(INDEX, "md")
    assert "Generated 2026-12-02 05:30 UTC · 5 articles · 2 stories · 2 also reported" in markdown
    assert (
        "## [\\<script>alert(1)\\</script> \\*bold\\* \\[x\\](javascript:alert(2)) {{ 7\\*7 }}](quake.md)"
        in markdown
    )
    assert "2 sources · 2 articles (1 new) · Outlet, Other | Outlet" in markdown
    assert "New since the last briefing: 2 developments, 1 figure, 0 statements." in markdown
    assert 'Merged: the story "Quake \\<b>too\\</b>" (quake-2) turned out to be this one.' in markdown
    assert "## [Final](final.json)" in markdown and "No briefing: no article" in markdown
    assert "- [Alone (really)](https://example.org/a%20b%29c) — Outlet" in markdown
    assert "- Evil — Outlet" in markdown  # an address that is no web page is no link
    assert (
        "[Quiet one](quiet.md) — no new article since 2026-11-28 05:30 UTC; kept until 2026-12-05 05:30 UTC"
        in markdown
    )
    assert "- feed/empty.txt: empty article" in markdown
    assert "49" not in markdown  # template syntax in a headline is printed, never run


def test_html_index_escapes_everything_and_links_briefings_and_web_pages_only() -> None:
    page = render_index(INDEX, "html")
    parsed = Links()
    parsed.feed(page)
    assert "script" not in {tag for tag, _ in parsed.tags}
    links = [attributes["href"] for tag, attributes in parsed.tags if tag == "a"]
    assert links == ["quake.html", "final.json", "https://example.org/a b)c", "quiet.md"]
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "javascript:alert(3)" not in page
    assert re.search(r"Nothing new|New since the last briefing: 2 developments", page)


def test_json_index_is_the_model() -> None:
    assert StoryIndex.model_validate_json(render_index(INDEX, "json")) == INDEX


def test_a_story_is_linked_to_its_briefing_in_the_index_format_else_markdown_else_json() -> None:
    both = story("s", "S", ["s.md", "s.html", "s.json"])
    assert [story_link(both, fmt) for fmt in ("md", "html", "json")] == ["s.md", "s.html", "s.json"]
    assert story_link(story("s", "S", ["s.md", "s.json"]), "html") == "s.md"
    assert story_link(story("s", "S", []), "md") is None


def test_only_web_addresses_are_article_links() -> None:
    page = IndexArticle(path="a", url="HTTPS://example.org/x", new=False)
    assert article_link(page) == "HTTPS://example.org/x"
    for url in ("javascript:alert(1)", "file:///etc/passwd", "data:text/html,x", "//example.org", None):
        assert article_link(IndexArticle(path="a", url=url, new=False)) is None
    assert markdown_url("https://e.org/a (b)<c>") == "https://e.org/a%20%28b%29%3Cc%3E"
