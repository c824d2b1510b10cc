"""Bad input at the command line: each unusable input is one line on stderr, the others are extracted.

The model is the loopback stub server answering for a synthetic corpus as a perfect model would
(summarizer/testing/), so no model is needed; what is checked is what the tool says and does
about the files, never a traceback.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from summarizer.cli import cli
from summarizer.ingest.files import ingest_paths, load_article
from summarizer.storage.cache import FILE_NAME as CACHE_FILE_NAME
from summarizer.storage.cache import ExtractionCache
from summarizer.storage.call_log import FILE_NAME as CALL_LOG_FILE_NAME
from summarizer.testing.stub_server import StubServer
from support.synthetic import Corpus, CorpusResponder, synthetic_corpus

FIVE_MB = 5 * 1024 * 1024
HTML = """<!DOCTYPE html><html><head><title>Talks in Geneva</title>
<script>var tracker = "SCRIPTTEXT";</script><style>p { color: red; }</style></head>
<body><nav><a href="/">Home</a> <a href="/world">World NAVTEXT</a></nav>
<article><h1>Talks in Geneva</h1>
<p>Delegations from both sides met in Geneva on Monday, the mediator said.</p>
<script>document.write("INLINESCRIPT")</script>
<p>The talks will resume on Thursday after a pause for consultations.</p></article>
<footer>FOOTERTEXT</footer></body></html>
"""


@pytest.fixture(scope="module")
def corpus() -> Corpus:
    return synthetic_corpus(articles=3, seed=11)


@pytest.fixture(scope="module")
def server(corpus: Corpus) -> Iterator[StubServer]:
    with StubServer(CorpusResponder(corpus)) as stub:
        yield stub


def summarize(*args: str | Path, env: dict[str, str] | None = None) -> Result:
    result = CliRunner().invoke(cli, [*map(str, args)], env=env)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output
    return result


def model(server: StubServer, cache_dir: Path) -> list[str]:
    return ["--base-url", server.base_url, "--model", server.model, "--cache-dir", str(cache_dir)]


def ignores_permissions(path: Path) -> bool:
    """Whether a mode-000 or read-only ``path`` is still open to this process (root, some CI)."""
    return os.access(path, os.R_OK | os.W_OK)


def write_bad_folder(folder: Path, corpus: Corpus) -> tuple[list[str], dict[str, str], tuple[str, str]]:
    """Good articles next to every kind of bad file: (the good paths, the reason for each bad one, the copy)."""
    good = [str(path) for path in corpus.write(folder)]
    (folder / "latin1.txt").write_bytes(
        "Le caf\u00e9 de la place a ferm\u00e9, a dit le maire.\n".encode("latin-1")
    )
    (folder / "mangled.txt").write_bytes(b"Prices rose \xc3\x28 sharply in S\xe3o Paulo \xff on Monday.\n")
    (folder / "page.html").write_text(HTML, encoding="utf-8")
    good += [str(folder / "latin1.txt"), str(folder / "mangled.txt"), str(folder / "page.html")]
    copy = folder / "zz-copy.md"
    copy.write_text(Path(good[0]).read_text(encoding="utf-8"), encoding="utf-8")
    (folder / "empty.txt").write_bytes(b"")
    (folder / "blank.txt").write_text(" \n\t\r\n  \n", encoding="utf-8")
    (folder / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00")
    (folder / "huge.txt").write_text("x" * (FIVE_MB - 1) + "\n", encoding="utf-8")
    (folder / "loop.txt").symlink_to(folder / "loop.txt")
    (folder / "gone.txt").symlink_to(folder / "deleted.txt")
    (folder / "again").symlink_to(folder, target_is_directory=True)
    bad = {
        str(folder / "empty.txt"): "empty article (no text after normalisation)",
        str(folder / "blank.txt"): "empty article (no text after normalisation)",
        str(folder / "image.txt"): "binary file (contains NUL bytes)",
        str(folder / "huge.txt"): "too long for one article: 5,242,880 characters (limit 300,000)",
        str(folder / "loop.txt"): "symbolic link loop",
        str(folder / "gone.txt"): "broken symbolic link",
    }
    locked = folder / "locked.txt"
    locked.write_text("Talks resumed on Monday. Both sides attended.\n", encoding="utf-8")
    locked.chmod(0)
    if ignores_permissions(locked):
        locked.unlink()
    else:
        bad[str(locked)] = "cannot read file: permission denied"
    return good, bad, (str(copy), good[0])


def test_bad_files_are_one_line_each_and_the_good_articles_are_extracted(
    corpus: Corpus, server: StubServer, tmp_path: Path
) -> None:
    folder = tmp_path / "news"
    folder.mkdir()
    good, bad, (copy, original) = write_bad_folder(folder, corpus)
    missing = str(tmp_path / "yesterday")
    bad[missing] = "no such file or directory"
    out = tmp_path / "extractions.jsonl"
    result = summarize("extract", folder, missing, "-o", out, *model(server, tmp_path / "cache"))
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert sorted(line for line in lines if line.startswith("failed: ")) == sorted(
        f"failed: {path}: {reason}" for path, reason in bad.items()
    )
    assert f"skipped: {copy} (same text as {original})" in lines
    assert f"skipped: {folder / 'again'} (same folder as {folder}, already read)" in lines
    assert all(line.startswith(("failed: ", "skipped: ", "summarize: ")) for line in lines)
    assert lines[-1].startswith(
        f"summarize: {len(good) + len(bad)} articles: 0 cached, {len(good)} extracted,"
    )
    extractions = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [x["article"]["path"] for x in extractions] == sorted(good)
    assert all(x["error"] is None for x in extractions)
    texts = {Path(x["article"]["path"]).name: x["article"]["text"] for x in extractions}
    assert texts["latin1.txt"] == "Le caf\u00e9 de la place a ferm\u00e9, a dit le maire.\n"
    assert texts["mangled.txt"] == "Prices rose \u00c3( sharply in S\u00e3o Paulo \u00ff on Monday.\n"
    assert "Delegations from both sides met in Geneva on Monday, the mediator said." in texts["page.html"]
    for noise in ("SCRIPTTEXT", "INLINESCRIPT", "NAVTEXT", "FOOTERTEXT", "color: red"):
        assert noise not in texts["page.html"]
    records = sum(len(x["events"]) + len(x["figures"]) + len(x["statements"]) for x in extractions)
    assert records > 0


def test_file_names_not_in_utf8_or_holding_a_newline_are_shown_escaped(
    corpus: Corpus, server: StubServer, tmp_path: Path
) -> None:
    folder = tmp_path / "news"
    folder.mkdir()
    try:
        with open(os.fsencode(folder) + b"/caf\xe9.md", "wb") as latin1_name:
            latin1_name.write(corpus.articles[0].text.encode("utf-8"))
    except OSError:
        pytest.skip("the file system takes UTF-8 file names only")
    (folder / "empty\nfile.txt").write_bytes(b"")
    out = tmp_path / "out.jsonl"
    result = summarize("extract", folder, "-o", out, *model(server, tmp_path / "cache"))
    assert result.exit_code == 1
    assert (
        f"failed: {folder}/empty\\x0afile.txt: empty article (no text after normalisation)" in result.stderr
    )
    (extraction,) = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert extraction["article"]["path"] == f"{folder}/caf\\xe9.md"
    assert extraction["events"]


@pytest.mark.parametrize("via", ["option", "environment"])
@pytest.mark.parametrize("command", ["brief", "extract", "batch prepare"])
def test_max_article_chars_applies_to_every_command_that_reads_articles(
    corpus: Corpus, server: StubServer, tmp_path: Path, command: str, via: str
) -> None:
    paths = sorted(corpus.write(tmp_path / "news"), key=lambda path: len(load_article(path).text))
    limit = len(load_article(paths[1]).text)
    too_long = paths[2]
    out = tmp_path / ("brief.md" if command == "brief" else "out.jsonl")
    args: list[str | Path] = [*command.split(), tmp_path / "news", "-o", out]
    args += (
        ["--model", "m", "--cache-dir", tmp_path / "cache"]
        if command == "batch prepare"
        else model(server, tmp_path / "cache")
    )
    env = {"SUMMARIZER_MAX_ARTICLE_CHARS": str(limit)} if via == "environment" else None
    result = summarize(*args, *(["--max-article-chars", str(limit)] if via == "option" else []), env=env)
    assert result.exit_code == 1
    length = len(load_article(too_long).text)
    assert (
        f"failed: {too_long}: too long for one article: {length:,} characters (limit {limit:,})"
        in result.stderr
    )
    assert [line for line in result.stderr.splitlines() if line.startswith("failed: ")] == [
        f"failed: {too_long}: too long for one article: {length:,} characters (limit {limit:,})"
    ]
    assert out.exists()


def test_a_folder_of_2000_articles_among_other_files_is_read_in_name_order(tmp_path: Path) -> None:
    folder = tmp_path / "archive"
    folder.mkdir()
    for number in range(2000):
        (folder / f"{number:04d}.txt").write_text(
            f"Rebels entered district {number} on Friday, residents said. The army left post {number}.\n",
            encoding="utf-8",
        )
    for number in range(200):
        (folder / f"scan{number:03d}.pdf").write_bytes(b"%PDF-1.4")
        (folder / f"photo{number:03d}.jpg").write_bytes(b"\xff\xd8\xff")
        (folder / f"README{number:03d}").write_text("notes", encoding="utf-8")
        (folder / f".draft{number:03d}.txt").write_text("Hidden. Skipped.", encoding="utf-8")
    result = ingest_paths([folder])
    assert (result.failures, result.skipped) == ([], [])
    assert [a.path for a in result.articles] == [str(folder / f"{number:04d}.txt") for number in range(2000)]
    assert all(len(a.sentences) == 2 for a in result.articles)


# --- the cache directory ------------------------------------------------------------------------


def unusable_cache_dir(tmp_path: Path, problem: str) -> Path:
    """A cache directory with ``problem``."""
    cache_dir = tmp_path / "cache"
    if problem == "under a file":
        (tmp_path / "file").write_text("not a folder", encoding="utf-8")
        return tmp_path / "file" / "cache"
    cache_dir.mkdir()
    if problem == "cache not a database":
        (cache_dir / CACHE_FILE_NAME).write_bytes(b"garbage, not SQLite" * 100)
    elif problem == "call log not a database":
        (cache_dir / CALL_LOG_FILE_NAME).write_bytes(b"garbage, not SQLite" * 100)
    elif problem == "cache is a folder":
        (cache_dir / CACHE_FILE_NAME).mkdir()
    elif problem == "read-only folder":
        cache_dir.chmod(0o555)
        if ignores_permissions(cache_dir):
            pytest.skip("running with privileges that can write a read-only folder")
    elif problem == "read-only cache file":
        ExtractionCache(cache_dir / CACHE_FILE_NAME).close()
        (cache_dir / CACHE_FILE_NAME).chmod(0o444)
        if ignores_permissions(cache_dir / CACHE_FILE_NAME):
            pytest.skip("running with privileges that can write a read-only file")
    return cache_dir


@pytest.mark.parametrize(
    ("problem", "message"),
    [
        ("under a file", "{cache}/run.lock: cannot open the run lock (not a directory: {tmp}/file/cache)"),
        (
            "cache not a database",
            "{cache}/extractions.sqlite: cannot open the cache (file is not a database)",
        ),
        (
            "cache is a folder",
            "{cache}/extractions.sqlite: cannot open the cache (unable to open database file)",
        ),
        (
            "call log not a database",
            "{cache}/calls.sqlite: cannot open the call log (file is not a database)",
        ),
        (
            "read-only folder",
            "{cache}/run.lock: cannot open the run lock (permission denied: {cache}/run.lock)",
        ),
        ("read-only cache file", "{cache}: cannot write to the cache (attempt to write a readonly database)"),
    ],
)
@pytest.mark.parametrize("command", ["brief", "extract"])
def test_an_unusable_cache_dir_is_a_one_line_error(
    corpus: Corpus, server: StubServer, tmp_path: Path, command: str, problem: str, message: str
) -> None:
    cache_dir = unusable_cache_dir(tmp_path, problem)
    corpus.write(tmp_path / "news")
    out = tmp_path / ("brief.md" if command == "brief" else "out.jsonl")
    result = summarize(command, tmp_path / "news", "-o", out, *model(server, cache_dir))
    assert result.exit_code == 2
    assert result.output.splitlines() == ["Error: " + message.format(cache=cache_dir, tmp=tmp_path)]
    assert not out.exists()


@pytest.mark.parametrize(
    ("problem", "message"),
    [
        (
            "cache not a database",
            "{cache}/extractions.sqlite: cannot open the cache (file is not a database)",
        ),
        (
            "read-only cache file",
            "{cache}/extractions.sqlite: cannot write to the cache (attempt to write a readonly database)",
        ),
    ],
)
def test_clearing_an_unusable_cache_is_a_one_line_error(tmp_path: Path, problem: str, message: str) -> None:
    cache_dir = unusable_cache_dir(tmp_path, problem)
    result = summarize("cache", "clear", "--cache-dir", cache_dir)
    assert result.exit_code == 2
    assert result.output.splitlines() == ["Error: " + message.format(cache=cache_dir)]


@pytest.mark.parametrize("command", ["brief", "extract", "batch prepare", "cache stats"])
def test_a_cache_dir_that_is_a_file_is_a_usage_error(corpus: Corpus, tmp_path: Path, command: str) -> None:
    corpus.write(tmp_path / "news")
    (tmp_path / "file").write_text("not a folder", encoding="utf-8")
    args: list[str | Path] = [*command.split(), "--cache-dir", tmp_path / "file"]
    if command != "cache stats":
        args += [tmp_path / "news", "-o", tmp_path / "out", "--model", "m"]
    if command in ("brief", "extract"):
        args += ["--base-url", "http://127.0.0.1:9/v1"]
    result = summarize(*args)
    assert result.exit_code == 2
    assert (
        f"Error: Invalid value for '--cache-dir' (env var: 'SUMMARIZER_CACHE_DIR'): Directory '{tmp_path / 'file'}' is a file."
        in result.output
    )
