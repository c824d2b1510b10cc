"""The call log (summarizer/storage/call_log.py): calls reported once it is closed are dropped."""

from __future__ import annotations

from pathlib import Path

from summarizer.storage.call_log import CallLabel, CallLog, CallRecord


def call(outcome: str) -> CallRecord:
    return CallRecord(
        started_at=0.0,
        model="m",
        endpoint_host="127.0.0.1",
        label=CallLabel("a.txt", "0" * 64, "events"),
        prompt_tokens=None,
        completion_tokens=None,
        latency=0.1,
        outcome=outcome,
        error=None,
    )


def test_a_call_that_ends_after_its_run_closed_the_log_is_not_logged(tmp_path: Path) -> None:
    log = CallLog(tmp_path / "calls.sqlite")
    run = log.start_run("brief", "m", "127.0.0.1")
    log.add_call(run, call("ok"))
    log.close()
    log.add_call(run, call("connection error"))  # a request still in flight as the run stopped
    reopened = CallLog(tmp_path / "calls.sqlite")
    assert [row.outcome for row in reopened.calls(run)] == ["ok"]
    reopened.close()
