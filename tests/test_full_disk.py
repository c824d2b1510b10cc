"""A full disk while a run writes: every old output is kept, and one line says what happened.

The disk is filled by making the system calls that write an output fail as a full disk makes
them fail (ENOSPC, EDQUOT), and the cache by SQLite's own limit on its size (SQLITE_FULL).
"""

from __future__ import annotations

import contextlib
import errno
import os
import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

import pytest
from click.testing import CliRunner, Result

from summarizer import pipeline
from summarizer.cli import cli
from summarizer.cli.options import EXIT_NOTHING, EXIT_USAGE
from summarizer.client.embedded import MODEL_NAME
from summarizer.testing.recorded import RecordedResponder
from summarizer.testing.stub_server import StubServer
from support.paths import CASSETTES, SEEDS

Database = TypeVar("Database")


@pytest.fixture(scope="module")
def server() -> Iterator[StubServer]:
    with StubServer(RecordedResponder(CASSETTES / "seeds.yaml")) as stub:
        yield stub


def summarize(*args: str | Path) -> Result:
    return CliRunner().invoke(cli, [*map(str, args)])


def model(server: StubServer, cache: Path) -> list[str]:
    """The options that send a command's model calls to ``server`` and cache them in ``cache``."""
    return [
        *("--base-url", server.base_url, "--model", MODEL_NAME, "--response-format", "json_schema"),
        *("--cache-dir", str(cache)),
    ]


def full_disk_for(name: str, error: int = errno.ENOSPC) -> Callable[..., Any]:
    """os.write, failing as a full disk does on the temporary file of the output ``name``."""
    write = os.write

    def write_until_full(fd: int, data: Any) -> int:
        if Path(os.readlink(f"/proc/self/fd/{fd}")).name.startswith(f".{name}."):
            raise OSError(error, os.strerror(error))
        return write(fd, data)

    return write_until_full


def test_a_full_disk_on_the_second_output_keeps_both_old_outputs(
    server: StubServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    md, js = tmp_path / "out" / "brief.md", tmp_path / "out" / "brief.json"
    args = ["brief", SEEDS, "-o", md, "-o", js, "--no-previous", *model(server, tmp_path / "cache")]
    assert summarize(*args).exit_code == 0
    before = {path: path.read_bytes() for path in (md, js)}

    monkeypatch.setattr(os, "write", full_disk_for("brief.json"))
    again = summarize(*args, "--title", "A new title")
    assert again.exit_code == EXIT_NOTHING == 3
    assert again.output == (
        f"Error: {js}: cannot write (no space left on device); {md}, {js} left as they were\n"
    )
    assert {path: path.read_bytes() for path in (md, js)} == before
    assert sorted(p.name for p in md.parent.iterdir()) == ["brief.json", "brief.md"]


def test_a_quota_met_by_extract_and_by_render_leaves_the_old_file(
    server: StubServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    extractions, brief = tmp_path / "extractions.jsonl", tmp_path / "brief.md"
    extract = ["extract", SEEDS, "-o", extractions, *model(server, tmp_path / "cache")]
    assert summarize(*extract).exit_code == 0
    brief.write_text("old", encoding="utf-8")
    before = {path: path.read_bytes() for path in (extractions, brief)}

    for out, args in ((extractions, extract), (brief, ["render", extractions, "-o", brief])):
        with monkeypatch.context() as patch:
            patch.setattr(os, "write", full_disk_for(out.name, errno.EDQUOT))
            result = summarize(*args)
        assert result.exit_code == EXIT_NOTHING
        assert result.output.splitlines()[-1] == (
            f"Error: {out}: cannot write (disk quota exceeded); {out} left as it was"
        )
    assert {path: path.read_bytes() for path in (extractions, brief)} == before


def full(database: type[Database]) -> type[Database]:
    """``database`` (the cache or the call log) on a disk that has no room for one more page; its
    pages are small, so that a few rows fill the room left in them."""

    class Full(database):  # type: ignore[valid-type,misc]
        def __init__(self, path: Path) -> None:
            path.parent.mkdir(parents=True, exist_ok=True)
            with contextlib.closing(sqlite3.connect(path)) as new:
                new.execute("PRAGMA page_size = 512")
                new.execute("VACUUM")
            super().__init__(path)
            pages = self._db.execute("PRAGMA page_count").fetchone()[0]
            self._db.execute(f"PRAGMA max_page_count = {pages}")

    return Full  # type: ignore[return-value]


@pytest.mark.parametrize(
    ("database", "message"),
    [
        ("ExtractionCache", "{cache}: cannot write to the cache (database or disk is full)"),
        ("CallLog", "{cache}/calls.sqlite: cannot write to the call log (database or disk is full)"),
    ],
)
def test_a_full_cache_or_call_log_is_one_line_and_writes_no_briefing(
    server: StubServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, database: str, message: str
) -> None:
    monkeypatch.setattr(f"summarizer.pipeline.{database}", full(getattr(pipeline, database)))
    out, cache = tmp_path / "brief.md", tmp_path / "cache"
    result = summarize("brief", SEEDS, "-o", out, *model(server, cache))
    assert result.exit_code == EXIT_USAGE == 2
    assert result.output == f"Error: {message.format(cache=cache)}\n"
    assert not out.exists()
