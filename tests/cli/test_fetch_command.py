"""`summarize fetch` (summarizer/cli/fetch.py) against a loopback site: lines, summary, exit codes."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from summarizer.cli import cli
from summarizer.fetch.state import FILE_NAME
from support.feed_documents import Item, article_page, rss, story
from support.loopback_site import LoopbackSite, Route

RSS_TYPE = "application/rss+xml"


@pytest.fixture
def site() -> Iterator[LoopbackSite]:
    with LoopbackSite() as running:
        yield running


def summarize(*args: str | Path) -> tuple[int, list[str]]:
    result = CliRunner().invoke(cli, [*map(str, args)])
    return result.exit_code, result.output.splitlines()


def fetch(site: LoopbackSite, tmp_path: Path, *args: str | Path) -> tuple[int, list[str]]:
    return summarize("fetch", "--delay", "0", "--timeout", "5", "--cache-dir", tmp_path / "cache", *args)


def test_a_run_prints_its_summary_and_saves_the_articles(site: LoopbackSite, tmp_path: Path) -> None:
    site["/world.rss"] = Route(
        rss(
            "A",
            [
                Item("Bridge", "/bridge"),
                Item("Port", "/port", "The port reopened."),
                Item("Report", "/report.pdf"),
            ],
        ),
        content_type=RSS_TYPE,
    )
    site["/bridge"] = Route(article_page("Bridge", story("bridge")))
    site["/port"] = Route(b"", status=404)
    site["/report.pdf"] = Route(b"%PDF", content_type="application/pdf")
    out = tmp_path / "articles"

    code, lines = fetch(site, tmp_path, site.url("/world.rss"), "--out", out)

    assert code == 0
    assert lines == [
        f"from summary: {site.url('/port')}: HTTP 404",
        f"skipped: {site.url('/report.pdf')}: not an HTML page (application/pdf)",
        f"fetch: 1 feed, 3 entries: 1 new, 0 already fetched, 1 from summary, 1 skipped → {out}/",
    ]
    assert len(list(out.glob("*.md"))) == 2
    assert (tmp_path / "cache" / FILE_NAME).is_file()

    code, lines = fetch(site, tmp_path, site.url("/world.rss"), "--out", out, "--quiet")
    assert (code, lines) == (
        0,
        ["fetch: 1 feed, 3 entries: 0 new, 3 already fetched, 0 from summary, 0 skipped → nothing written"],
    )


def test_feeds_come_from_a_file_and_the_default_folder_is_dated(
    site: LoopbackSite, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site["/a.rss"] = Route(rss("A", [Item("Bridge", "/bridge")]), content_type=RSS_TYPE)
    site["/bridge"] = Route(article_page("Bridge", story("bridge")))
    feeds = tmp_path / "feeds.txt"
    feeds.write_text(f"# my feeds\n{site.url('/a.rss')}\n\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("SUMMARIZER_CACHE_DIR", str(tmp_path / "env-cache"))

    result = CliRunner().invoke(cli, ["fetch", "--feeds", str(feeds), "--delay", "0", "-q"])

    folder = Path("feeds") / date.today().isoformat()
    assert result.exit_code == 0
    assert result.output.endswith(f"→ {folder}/\n")
    assert len(list((tmp_path / folder).glob("bridge-*.md"))) == 1
    assert (tmp_path / "env-cache" / FILE_NAME).is_file()


def test_some_failures_exit_1_with_one_line_each(site: LoopbackSite, tmp_path: Path) -> None:
    site["/a.rss"] = Route(
        rss("A", [Item("Bridge", "/bridge"), Item("Port", "/port")]), content_type=RSS_TYPE
    )
    site["/bridge"] = Route(article_page("Bridge", story("bridge")))
    site["/port"] = Route(b"", status=500)

    code, lines = fetch(
        site, tmp_path, site.url("/a.rss"), site.url("/missing.rss"), "-o", tmp_path / "out", "-q"
    )

    assert code == 1
    assert lines == [
        f"failed: {site.url('/missing.rss')}: HTTP 404",
        f"failed: {site.url('/port')}: HTTP 500, and the feed has no text for it",
        f"fetch: 2 feeds (1 failed), 2 entries: 1 new, 0 already fetched, 0 from summary, 0 skipped, 1 failed → {tmp_path / 'out'}/",
    ]


def test_nothing_fetched_exits_3(site: LoopbackSite, tmp_path: Path) -> None:
    code, lines = fetch(site, tmp_path, site.url("/missing.rss"), "-o", tmp_path / "out")
    assert code == 3
    assert lines[0] == f"failed: {site.url('/missing.rss')}: HTTP 404"
    assert not (tmp_path / "out").exists()


def test_a_malformed_feed_is_a_warning_unless_quiet(site: LoopbackSite, tmp_path: Path) -> None:
    body = rss("A", [Item("Bridge", "/bridge")]).replace(b"</channel></rss>", b"<item>")
    site["/a.rss"] = Route(body, content_type=RSS_TYPE)
    site["/bridge"] = Route(article_page("Bridge", story("bridge")))
    code, lines = fetch(site, tmp_path, site.url("/a.rss"), "-o", tmp_path / "out")
    assert code == 0
    assert lines[0].startswith(f"warning: {site.url('/a.rss')}: malformed feed (")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((), "no feed URL: give some as arguments or in --feeds FILE."),
        (("feeds.txt",), "argument: not an http(s) URL: 'feeds.txt'"),
        (("--feeds", "missing.txt"), "missing.txt: cannot read the feeds file (no such file or directory)"),
        (("https://a.example/feed", "--delay", "-1"), "Invalid value for '--delay'"),
        (("https://a.example/feed", "--timeout", "0"), "Invalid value for '--timeout'"),
    ],
)
def test_usage_errors_exit_2_before_any_request(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: tuple[str, ...], message: str
) -> None:
    monkeypatch.chdir(tmp_path)
    code, lines = summarize("fetch", "--cache-dir", tmp_path / "cache", *args)
    assert code == 2
    assert message in lines[-1]
    assert not (tmp_path / "cache").exists()


def test_a_cache_directory_that_cannot_be_opened_exits_2(site: LoopbackSite, tmp_path: Path) -> None:
    (tmp_path / "file").write_text("a file, not a folder")
    code, lines = summarize("fetch", "--cache-dir", tmp_path / "file" / "cache", site.url("/a.rss"))
    assert code == 2
    assert lines == [
        f"Error: {tmp_path / 'file' / 'cache' / FILE_NAME}: cannot open the record of fetched articles "
        f"(not a directory: {tmp_path / 'file' / 'cache'})"
    ]
    assert site.requests == []


def test_an_output_folder_that_cannot_be_written_exits_3_when_nothing_was_written(
    site: LoopbackSite, tmp_path: Path
) -> None:
    site["/a.rss"] = Route(rss("A", [Item("Bridge", "/bridge")]), content_type=RSS_TYPE)
    site["/bridge"] = Route(article_page("Bridge", story("bridge")))
    (tmp_path / "file").write_text("a file where a folder should be")
    code, lines = fetch(site, tmp_path, site.url("/a.rss"), "-o", tmp_path / "file" / "out")
    assert code == 3
    (line,) = lines
    assert line.startswith(f"Error: {tmp_path / 'file' / 'out' / 'bridge-'}")
    assert line.endswith(".md: cannot write the article (not a directory); 0 written before it are kept")
