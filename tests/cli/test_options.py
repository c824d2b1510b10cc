"""What the commands share (summarizer/cli/options.py): here, the run lock's option and exit code."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from summarizer.cli import cli
from summarizer.cli.options import EXIT_LOCKED
from summarizer.testing.stub_server import StubServer, empty_object
from support.locks import held_by_another_process

ARTICLE = "Rebels entered the town on Friday, residents said. The army left its post.\n"


@pytest.mark.parametrize("via", ["option", "environment"])
@pytest.mark.parametrize("command", ["brief", "extract", "batch prepare", "batch collect"])
def test_a_run_that_meets_another_gives_up_after_wait_lock_with_exit_code_4(
    tmp_path: Path, command: str, via: str
) -> None:
    (tmp_path / "news").mkdir()
    (tmp_path / "news" / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "results.jsonl").write_text("", encoding="utf-8")
    cache, out = tmp_path / "cache", tmp_path / "out.md"
    inputs = [tmp_path / "results.jsonl"] if command == "batch collect" else [tmp_path / "news", "-o", out]
    args = [*command.split(), *map(str, inputs), "--cache-dir", str(cache)]
    with StubServer(empty_object) as server, held_by_another_process(cache) as holder:
        if command in ("brief", "extract"):
            args += ["--base-url", server.base_url, "--model", server.model]
        elif command == "batch prepare":
            args += ["--model", server.model]
        wait = ["--wait-lock", "0.3"] if via == "option" else []
        env = {"SUMMARIZER_WAIT_LOCK": "0.3"} if via == "environment" else {}
        result = CliRunner().invoke(cli, [*args, *wait], env=env)
        assert server.calls == 0
    assert result.exit_code == EXIT_LOCKED == 4, result.output
    assert result.stderr.count("\n") == 1
    assert result.stderr.startswith(
        f"Error: another run is using the cache directory {cache} (pid {holder.pid} since "
    )
    assert "gave up after waiting 0.3 s (--wait-lock waits longer)" in result.stderr
    assert not out.exists()


def test_the_lock_option_is_in_the_help_and_the_exit_code_in_the_main_help() -> None:
    runner = CliRunner()
    main_help = " ".join(runner.invoke(cli, ["--help"]).output.split())
    assert "· 4 another run kept the cache directory for longer than --wait-lock." in main_help
    brief_help = runner.invoke(cli, ["brief", "--help"]).output
    assert "--wait-lock SECONDS" in brief_help and "SUMMARIZER_WAIT_LOCK" in brief_help
