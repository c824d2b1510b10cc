"""The run's model (summarizer/client/backend.py): an embedded server that dies mid-run is started
again once, and the run goes on; one that dies again fails the calls left, at once.

The embedded server is a stand-in for llama-server (``support/fake_llama_server.py``) that answers
with the embedded model's recorded answers for the seeds and kills itself (SIGKILL) on a given
request; it is found through ``SUMMARIZER_LLAMA_SERVER``, as a real one would be.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Sequence
from pathlib import Path

import pytest
from click.testing import CliRunner

from summarizer.cli import cli
from summarizer.client import embedded
from summarizer.client.embedded import ENV_SERVER
from summarizer.pipeline import Run
from support.fake_llama_server import fake_llama_server
from support.paths import SEEDS

BACKOFF = 0.01
SEED_CALLS = 15  # 5 seeds x 3 record kinds


@pytest.fixture
def dying_server(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Callable[[Sequence[int]], Path]:
    """Makes the embedded server one that dies on the given request of each start; returns the
    file its starts are counted in. The model file is not needed by the stand-in."""

    def install(die_at: Sequence[int]) -> Path:
        program, starts = fake_llama_server(tmp_path, die_at)
        monkeypatch.setenv(ENV_SERVER, str(program))
        monkeypatch.setattr(embedded, "model_file", lambda cache_dir: tmp_path / "model.gguf")
        return starts

    return install


def pids(starts: Path) -> list[int]:
    return [int(line) for line in starts.read_text().splitlines()]


def running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def test_a_server_killed_mid_run_is_restarted_once_and_every_article_is_extracted(
    dying_server: Callable[[Sequence[int]], Path], tmp_path: Path
) -> None:
    starts = dying_server([5])  # killed as the second article's second question arrives
    extractions, report = Run(cache_dir=tmp_path / "cache", backoff=BACKOFF).extract([SEEDS])
    assert report.ok, report.failures
    assert (report.extracted, len(extractions)) == (5, 5)
    assert all(x.error is None and (x.events or x.figures or x.statements) for x in extractions)
    assert report.usage.calls - report.usage.failed_calls == SEED_CALLS
    first, second = pids(starts)
    assert report.warnings == [
        f"the embedded model server exited (code -9) during the run and was restarted "
        f"(see {tmp_path / 'cache' / 'logs' / 'embedded-server.log'})"
    ]
    assert not running(first) and not running(second)  # the run stopped the one it started again


def test_a_server_that_dies_again_fails_the_calls_left_with_one_line(
    dying_server: Callable[[Sequence[int]], Path], tmp_path: Path
) -> None:
    starts = dying_server([4, 2])  # the second article's first call is asked again, then it dies again
    extractions, report = Run(cache_dir=tmp_path / "cache", backoff=BACKOFF).extract([SEEDS])
    assert len(pids(starts)) == 2  # restarted once, not twice
    reason = (
        "the embedded model server exited again (code -9) after being restarted "
        f"(see {tmp_path / 'cache' / 'logs' / 'embedded-server.log'})"
    )
    assert extractions[0].error is None
    assert [f.path for f in report.failures] == [x.article.path for x in extractions[1:]]
    for failure in report.failures:
        assert "\n" not in failure.error
        assert set(re.findall(r"(?:events|figures|statements): ([^;]+)", failure.error)) == {reason}
    assert extractions[1].events  # asked again of the restarted server, before it died too


def test_a_server_that_cannot_be_started_again_fails_the_calls_left_with_one_line(
    dying_server: Callable[[Sequence[int]], Path], tmp_path: Path
) -> None:
    starts = dying_server([2, 0])
    extractions, report = Run(cache_dir=tmp_path / "cache", backoff=BACKOFF).extract([SEEDS])
    assert len(pids(starts)) == 2
    assert [f.path for f in report.failures] == [x.article.path for x in extractions]
    assert extractions[0].events and not extractions[0].figures  # answered before the server died
    for failure in report.failures:
        assert "\n" not in failure.error
        assert "the embedded model server exited (code -9) and could not be started again (" in failure.error
        assert "exited with code 1 while starting" in failure.error


def test_the_command_says_the_server_was_restarted_and_writes_the_briefing(
    dying_server: Callable[[Sequence[int]], Path], tmp_path: Path
) -> None:
    dying_server([2])
    out = tmp_path / "brief.md"
    result = CliRunner().invoke(
        cli, ["brief", str(SEEDS), "-o", str(out), "--cache-dir", str(tmp_path / "cache")]
    )
    assert result.exit_code == 0, result.output
    lines = result.stderr.splitlines()
    assert lines[0].startswith("warning: the embedded model server exited (code -9) during the run and was")
    assert lines[1].startswith("summarize: 5 articles: 0 cached, 5 extracted, 0 failed")
    assert len(lines) == 2 and out.read_text().startswith("# ")
