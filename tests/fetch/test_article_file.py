from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from summarizer.fetch.article_file import ArticleFile, file_name, quoted, slug, write_article
from summarizer.ingest.files import load_article

TEXT = "The council voted 7 to 2 on Tuesday to close the old bridge.\nWorks begin in May.\n"


def article(**changes: str) -> ArticleFile:
    fields = {
        "text": TEXT,
        "url": "https://daily.example/bridge",
        "feed": "https://daily.example/feed.xml",
        "fetched": "2026-12-06T05:30:00Z",
        "title": "Bridge to close",
        "outlet": "The Daily",
        "published": "2026-12-05T13:03:00Z",
    } | changes
    return ArticleFile(**fields)


def front_matter(path: Path) -> dict[str, object]:
    head = path.read_text(encoding="utf-8").split("---\n")[1]
    loaded: dict[str, object] = yaml.safe_load(head)
    return loaded


def test_the_file_is_front_matter_then_the_text(tmp_path: Path) -> None:
    path = write_article(
        article(note="page unavailable (HTTP 404); text from the feed summary"),
        tmp_path,
        "https://daily.example/bridge",
    )
    assert path.read_text(encoding="utf-8") == (
        "---\n"
        'title: "Bridge to close"\n'
        'outlet: "The Daily"\n'
        'url: "https://daily.example/bridge"\n'
        'published: "2026-12-05T13:03:00Z"\n'
        'fetched: "2026-12-06T05:30:00Z"\n'
        'feed: "https://daily.example/feed.xml"\n'
        'note: "page unavailable (HTTP 404); text from the feed summary"\n'
        "---\n" + TEXT
    )


@pytest.mark.parametrize(
    "title",
    [
        'Aleppo: "a turning point", envoy says',
        "It's over: the strike ends",
        "Two lines\nof title\r\nwith\ttabs",
        "Backslash C:\\temp\\new and a # hash",
        "---",
        "'quoted at both ends'",
        '"double-quoted at both ends"',
        "Café ☕ – em — dash \u2028 line separator",
        "key: value\nurl: https://evil.example/",
    ],
)
def test_ingest_and_yaml_read_back_what_was_written(tmp_path: Path, title: str) -> None:
    path = write_article(article(title=title, outlet=title), tmp_path, "https://daily.example/bridge")
    expected = " ".join(title.split())
    read = load_article(path)
    assert (read.title, read.outlet, read.url, read.published) == (
        expected,
        expected,
        "https://daily.example/bridge",
        "2026-12-05",
    )
    assert read.text == TEXT
    assert front_matter(path)["title"] == expected
    assert front_matter(path)["url"] == "https://daily.example/bridge"


def test_the_content_hash_is_the_one_ingest_gives(tmp_path: Path) -> None:
    written = article(text="  Café\r\ncrème\u0301 brûlée.  \n\n")
    path = write_article(written, tmp_path, "https://daily.example/x")
    assert load_article(path).content_hash == written.content_hash


def test_fields_left_out_are_not_written(tmp_path: Path) -> None:
    bare = ArticleFile(
        text=TEXT,
        url="https://daily.example/x",
        feed="https://daily.example/feed",
        fetched="2026-12-06T05:30:00Z",
    )
    path = write_article(bare, tmp_path, "https://daily.example/x")
    assert set(front_matter(path)) == {"url", "feed", "fetched"}
    assert load_article(path).title is None


def test_quoted_is_one_line() -> None:
    assert quoted('a "b"\n c\\d') == '"a \\"b\\" c\\\\d"'


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ('Bridge: council votes "yes" to close it!', "bridge-council-votes-yes-to-close-it"),
        ("Crème brûlée à Zürich", "creme-brulee-a-zurich"),
        ("حلب", "article"),
        ("", "article"),
        ("../../etc/passwd", "etc-passwd"),
        ("word " * 30, ("word-" * 12)[:-1]),
    ],
)
def test_slug(title: str, expected: str) -> None:
    assert slug(title) == expected
    assert len(slug(title)) <= 60


def test_file_names_are_stable_and_differ_by_url() -> None:
    first = file_name("Bridge to close", "https://daily.example/bridge")
    assert first == file_name("Bridge to close", "https://daily.example/bridge")
    assert (
        first.startswith("bridge-to-close-")
        and first.endswith(".md")
        and len(first) == len("bridge-to-close-") + 11
    )
    assert first != file_name("Bridge to close", "https://other.example/bridge")
    assert "/" not in file_name("a/b", "https://x.example/") and file_name(
        None, "https://x.example/"
    ).startswith("article-")


def test_writing_leaves_no_temporary_file(tmp_path: Path) -> None:
    write_article(article(), tmp_path / "feeds" / "2026-12-06", "https://daily.example/bridge")
    assert [p.name for p in (tmp_path / "feeds" / "2026-12-06").iterdir()] == [
        file_name("Bridge to close", "https://daily.example/bridge")
    ]
