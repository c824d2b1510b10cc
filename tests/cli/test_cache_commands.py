"""`summarize cache stats|clear` (summarizer/cli/cache.py) over a cache directory."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from summarizer.cli import cli
from summarizer.extract.plan import Versions
from summarizer.storage.cache import FILE_NAME, CacheKey, ExtractionCache


def cached(cache_dir: Path) -> None:
    cache = ExtractionCache(cache_dir / FILE_NAME)
    kind, prompt, schema = sorted(Versions.current().asked_with())[0]
    cache.put(CacheKey("a" * 64, "model-a", kind, prompt, schema), [])
    cache.put(CacheKey("b" * 64, "model-a", kind, "an-old-prompt", schema), [])
    cache.close()


def summarize(*args: str | Path) -> tuple[int, str]:
    result = CliRunner().invoke(cli, [*map(str, args)])
    return result.exit_code, result.output


def test_stats_show_answers_articles_stale_answers_and_models(tmp_path: Path) -> None:
    cached(tmp_path)
    code, output = summarize("cache", "stats", "--cache-dir", tmp_path)
    assert code == 0
    lines = output.splitlines()
    assert lines[0].startswith(f"{tmp_path / FILE_NAME} (")
    assert lines[1].startswith("2 model answers for 2 articles, cached from ")
    assert lines[2] == "1 of them answer older prompts or schemas (`summarize cache clear --stale`)"
    assert lines[3] == "  model-a: 2 answers, 2 articles"


def test_clear_stale_then_everything(tmp_path: Path) -> None:
    cached(tmp_path)
    assert summarize("cache", "clear", "--stale", "--cache-dir", tmp_path) == (
        0,
        f"deleted 1 cached model answers from {tmp_path / FILE_NAME}\n",
    )
    assert summarize("cache", "clear", "--cache-dir", tmp_path)[1].startswith("deleted 1 ")
    assert "0 model answers for 0 articles" in summarize("cache", "stats", "--cache-dir", tmp_path)[1]


def test_the_cache_directory_comes_from_the_environment(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    cached(tmp_path)
    monkeypatch.setenv("SUMMARIZER_CACHE_DIR", str(tmp_path))
    assert "2 model answers" in summarize("cache", "stats")[1]


def test_a_cache_that_cannot_be_opened_is_a_one_line_error(tmp_path: Path) -> None:
    (tmp_path / FILE_NAME).write_bytes(b"this is not an SQLite database, it is garbage" * 100)
    code, output = summarize("cache", "stats", "--cache-dir", tmp_path)
    assert code == 2
    assert output.count("\n") == 1 and "cannot open the cache" in output
