"""Nightly runs over a folder of good and bad files against a server faulting a share of its answers.

    python bench/faulty_night.py [--share 0.33] [--seed 2026] [--runs 6]

The folder is ``support.mixed_folder``'s: 14 good articles (one of them long enough for
several chunks), a copy, and files no article can be read from. The loopback stub server answers
as a perfect model would, except for ``--share`` of its answers, which get one of
``MODEL_FAULTS`` (rate limits, 5xx, resets, slow answers past the 1 s timeout, cut-off, malformed
and schema-violating JSON, nonexistent sentence numbers, empty choices). ``summarize brief --out
DIR/`` (a briefing per story, and the index) runs again until every good article is in a briefing,
or listed in the index, with nothing missing. Per run: requests and faults, the summary
line's counts, and the files accounted for; at the end, how many were lost and whether the API
key shows up in any file written.
"""

from __future__ import annotations

import argparse
import tempfile
import time
import uuid
from collections import Counter
from pathlib import Path

from click.testing import CliRunner

from summarizer.cli import cli
from summarizer.testing.stub_server import Fault, StubServer, random_faults
from support.mixed_folder import MODEL_FAULTS, write_mixed_folder
from support.story_folder import read_story_folder
from support.synthetic import CorpusResponder, synthetic_corpus


def fault_name(fault: Fault) -> str:
    if fault.status is not None:
        return f"HTTP {fault.status}" + (" + Retry-After" if fault.retry_after is not None else "")
    if fault.reset:
        return "reset"
    if fault.empty_choices:
        return "empty choices"
    if fault.finish_reason:
        return f"finish_reason {fault.finish_reason}"
    if fault.content is not None:
        return "bad content"
    return "slow"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--share", type=float, default=1 / 3)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--runs", type=int, default=6)
    args = parser.parse_args()
    corpus = synthetic_corpus(40, seed=5, days=1)
    key = f"sk-canary-{uuid.uuid4().hex}"
    faults = random_faults(args.share, MODEL_FAULTS, args.seed)
    with tempfile.TemporaryDirectory() as tmp, StubServer(CorpusResponder(corpus), faults=faults) as server:
        root = Path(tmp)
        mixed = write_mixed_folder(root / "feed", corpus)
        out = root / "out"
        command = [
            "brief", str(mixed.folder), str(root / "not-there"), "-o", f"{out}/",
            "--cache-dir", str(root / "cache"), "--base-url", server.base_url, "--model", server.model,
            "--timeout", "1", "-j", "4",
        ]  # fmt: skip
        env = {"HOME": str(root / "home"), "OPENAI_API_KEY": key}
        print(
            f"{len(mixed.good)} good articles, {len(mixed.bad) + 1} bad inputs, faults in {args.share:.0%} of answers"
        )
        print(
            f"{'run':>3} {'requests':>8} {'faults':>6} {'exit':>4} {'cited':>5} {'failed':>6} {'lost':>4} {'wall':>6}  summary"
        )
        lost = len(mixed.good)
        injected: Counter[str] = Counter()
        for run in range(1, args.runs + 1):
            seen = len(server.requests)
            started = time.monotonic()
            result = CliRunner().invoke(cli, command, env=env)
            wall = time.monotonic() - started
            new = server.requests[seen:]
            run_faults = [f for r in new if (f := faults(r.number, r.body)) is not None]
            injected.update(map(fault_name, run_faults))
            stories = read_story_folder(out)
            cited, failed = stories.listed, set(stories.failed)
            model_failed = set(mixed.good) & failed
            lost = len(set(mixed.good) - cited - failed)
            summary = result.output.strip().splitlines()[-1].removeprefix("summarize: ")
            print(
                f"{run:>3} {len(new):>8} {len(run_faults):>6} {result.exit_code:>4} {len(cited):>5} "
                f"{len(model_failed):>6} {lost:>4} {wall:>5.1f}s  {summary}"
            )
            if set(mixed.good) <= cited and not model_failed:
                break
        print("faults injected: " + ", ".join(f"{name} × {n}" for name, n in sorted(injected.items())))
        written = [
            p for p in root.rglob("*") if p.is_file() and not p.is_symlink() and mixed.folder not in p.parents
        ]
        leaks = [p for p in written if key.encode() in p.read_bytes()]
        print(f"files written: {len(written)}, containing the API key: {len(leaks)}; articles lost: {lost}")


if __name__ == "__main__":
    main()
