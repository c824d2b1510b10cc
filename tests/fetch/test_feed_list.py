from __future__ import annotations

from pathlib import Path

import pytest

from summarizer.errors import FeedListError
from summarizer.fetch.feed_list import feed_urls


def test_arguments_then_the_file_each_url_once(tmp_path: Path) -> None:
    feeds = tmp_path / "feeds.txt"
    feeds.write_text(
        "\ufeff# world news\n"
        "https://a.example/world.rss\n"
        "\n"
        "   https://b.example/feed?x=1#top   # a comment after a space\n"
        "  # an indented comment\n"
        "https://a.example/world.rss\n",
        encoding="utf-8",
    )
    assert feed_urls(["http://c.example/atom"], feeds) == [
        "http://c.example/atom",
        "https://a.example/world.rss",
        "https://b.example/feed?x=1#top",
    ]


@pytest.mark.parametrize(
    "bad",
    ["ftp://a.example/feed", "a.example/feed", "https://", "http://[::1/feed", "http://a.example:port/"],
)
def test_a_line_that_is_no_http_url_names_its_file_and_line(tmp_path: Path, bad: str) -> None:
    feeds = tmp_path / "feeds.txt"
    feeds.write_text(f"https://a.example/feed\n{bad}\n", encoding="utf-8")
    with pytest.raises(FeedListError) as raised:
        feed_urls([], feeds)
    assert str(raised.value) == f"{feeds}:2: not an http(s) URL: {bad!r}"


def test_an_argument_that_is_no_url() -> None:
    with pytest.raises(FeedListError, match=r"^argument: not an http\(s\) URL: 'feeds\.txt'$"):
        feed_urls(["feeds.txt"])


def test_a_missing_or_binary_feeds_file(tmp_path: Path) -> None:
    with pytest.raises(FeedListError, match=r"cannot read the feeds file \(no such file or directory\)"):
        feed_urls([], tmp_path / "missing.txt")
    binary = tmp_path / "feeds.bin"
    binary.write_bytes(b"\xff\xfe\x00http")
    with pytest.raises(FeedListError, match="the feeds file is not UTF-8 text"):
        feed_urls([], binary)
