"""The one-call API: ``summarize`` over the seeds' recorded answers, and the settings of a ``Run``."""

from __future__ import annotations

import json
import signal
import time
from pathlib import Path

import pytest

import summarizer
from summarizer.client import backend
from summarizer.client.embedded import MODEL_NAME
from summarizer.client.endpoint import Endpoint
from summarizer.errors import NothingToBriefError
from summarizer.models.briefing import Briefing
from summarizer.pipeline import Run
from summarizer.testing.recorded import RecordedResponder
from summarizer.testing.stub_server import Fault, StubServer, every_nth
from support.locks import held_by_another_process
from support.paths import CASSETTES, SEEDS

SLOW = 2.0  # seconds the stub server takes to answer, well past the timeout under test
TIMEOUT = 0.3
ATTEMPTS = 4  # the chat client's attempts for a transport failure


@pytest.fixture(scope="module")
def recorded() -> RecordedResponder:
    return RecordedResponder(CASSETTES / "seeds.yaml")


def recorded_endpoint(server: StubServer) -> Endpoint:
    return Endpoint(base_url=server.base_url, model=MODEL_NAME, response_format="json_schema")


def test_summarize_writes_each_output_and_the_next_run_says_what_is_new(
    recorded: RecordedResponder, tmp_path: Path
) -> None:
    md, js = tmp_path / "brief.md", tmp_path / "brief.json"
    with StubServer(recorded) as server:
        first = summarizer.summarize(
            [SEEDS], endpoint=recorded_endpoint(server), cache_dir=tmp_path / "cache", out=[md, js]
        )
        calls = server.calls
        again = summarizer.summarize(
            [SEEDS], endpoint=recorded_endpoint(server), cache_dir=tmp_path / "cache", out=[md]
        )
    assert first.report.ok and (first.report.articles, first.report.extracted, calls) == (5, 5, 15)
    assert first.written == (md, js) and first.previous is None and first.briefing.since_previous is None
    assert Briefing.model_validate_json(js.read_text()).citation_count == first.briefing.citation_count > 40
    assert md.read_text().startswith("# ")
    # The second run makes no call, finds brief.json next to brief.md, and has nothing new.
    assert (server.calls, again.report.cached, again.previous) == (15, 5, js)
    assert again.briefing.since_previous is not None and again.briefing.since_previous.nothing_new


def test_summarize_without_outputs_returns_the_briefing_and_writes_nothing(
    recorded: RecordedResponder, tmp_path: Path
) -> None:
    with StubServer(recorded) as server:
        summary = summarizer.summarize(
            [SEEDS], endpoint=recorded_endpoint(server), cache_dir=tmp_path / "cache"
        )
    assert summary.written == () and summary.briefing.developments
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cache"]


def test_no_record_from_any_article_raises_with_the_report_and_writes_nothing(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_text("Share this article\n", encoding="utf-8")
    out = tmp_path / "brief.md"
    with pytest.raises(
        NothingToBriefError, match=r"^no article produced any record; .*brief\.md not written$"
    ) as raised:
        summarizer.summarize([tmp_path / "empty.txt"], cache_dir=tmp_path / "cache", out=[out])
    assert raised.value.report is not None and [f.error for f in raised.value.report.failures] == [
        "no article text (only headings and boilerplate)"
    ]
    assert not out.exists()


def test_a_given_endpoint_waits_no_longer_than_the_runs_timeout(tmp_path: Path) -> None:
    with StubServer(lambda body: "{}", faults=every_nth(1, Fault(delay=SLOW))) as server:
        run = Run(endpoint=server.endpoint(), cache_dir=tmp_path / "cache", timeout=TIMEOUT, backoff=0.01)
        started = time.monotonic()
        _, report = run.extract([SEEDS / "000_95cae97815ee1bb2.txt"])
        waited = time.monotonic() - started
    (failure,) = report.failures
    assert f"did not answer within {TIMEOUT:g} s" in failure.error
    # Every attempt of the three calls was given up at the timeout, not after the slow answer.
    assert server.calls == 3 * ATTEMPTS
    assert waited < 3 * ATTEMPTS * SLOW / 2


def test_the_embedded_endpoint_waits_no_longer_than_the_runs_timeout(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The embedded server's endpoint gets the run's timeout as any other does (the server is
    stood in for by the stub, so no model is needed)."""
    with StubServer(lambda body: "{}", faults=every_nth(1, Fault(delay=SLOW))) as server:

        class StubbedEmbeddedServer:
            exit_code = None  # it never exits

            def __init__(self, cache_dir: Path) -> None:
                pass

            def __enter__(self) -> Endpoint:
                return server.endpoint()

            def __exit__(self, *exc_info: object) -> None:
                pass

        monkeypatch.setattr(backend, "EmbeddedServer", StubbedEmbeddedServer)
        run = Run(cache_dir=tmp_path / "cache", timeout=TIMEOUT, backoff=0.01)
        _, report = run.extract([SEEDS / "000_95cae97815ee1bb2.txt"])
    (failure,) = report.failures
    assert f"did not answer within {TIMEOUT:g} s" in failure.error
    assert server.calls == 3 * ATTEMPTS


def test_a_previous_briefing_given_as_a_path_is_read_before_any_model_call(tmp_path: Path) -> None:
    broken = tmp_path / "yesterday.json"
    broken.write_text(json.dumps([1, 2]), encoding="utf-8")
    with StubServer(lambda body: "{}") as server, pytest.raises(summarizer.PreviousBriefingError):
        summarizer.summarize(
            [SEEDS], endpoint=server.endpoint(), cache_dir=tmp_path / "cache", previous=broken
        )
    assert server.calls == 0


def test_summarize_waits_for_another_run_on_its_cache_directory_and_not_for_a_killed_one(
    recorded: RecordedResponder, tmp_path: Path
) -> None:
    cache, out = tmp_path / "cache", tmp_path / "brief.md"
    with StubServer(recorded) as server, held_by_another_process(cache) as holder:
        with pytest.raises(summarizer.RunLockedError, match=rf"\(pid {holder.pid} since .*, brief\)"):
            summarizer.summarize(
                [SEEDS], endpoint=recorded_endpoint(server), cache_dir=cache, out=[out], wait_lock=0.2
            )
        assert server.calls == 0 and not out.exists()
        holder.send_signal(signal.SIGKILL)
        holder.wait()
        summary = summarizer.summarize(
            [SEEDS], endpoint=recorded_endpoint(server), cache_dir=cache, out=[out], wait_lock=0
        )
    assert summary.report.ok and summary.written == (out,) and server.calls == 15
