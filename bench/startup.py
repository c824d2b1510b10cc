"""Start-up cost: `import summarizer`, `summarize --help`, and a warm `summarize brief seeds/`.

A warm run finds every model answer in the cache, so what it costs is the tool itself: imports,
reading the articles (their segmentation is cached too), merging, rendering and writing. The cache
is filled first from the seeds' recorded answers (tests/fixtures/cassettes/seeds.yaml) served by
the loopback stub server, under the embedded model's name, so the warm run is the default command
exactly as a user types it. Each figure is the median wall time of several runs in a fresh
process. Prints figures; asserts nothing.

    python bench/startup.py [--runs N]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from summarizer.client.embedded import MODEL_NAME
from summarizer.testing.recorded import RecordedResponder
from summarizer.testing.stub_server import StubServer
from support.paths import CASSETTES, SEEDS

BIN = Path(sys.executable).parent


def wall(command: list[str], env: dict[str, str], runs: int) -> float:
    """The median wall time of ``command`` over ``runs`` runs, after one run to warm the disk cache."""
    times = []
    for run in range(runs + 1):
        started = time.perf_counter()
        subprocess.run(command, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        if run:
            times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    runs = parser.parse_args().runs
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "SUMMARIZER_CACHE_DIR": str(Path(tmp) / "cache")}
        out = str(Path(tmp) / "brief.md")
        with StubServer(RecordedResponder(CASSETTES / "seeds.yaml")) as server:
            subprocess.run(
                [str(BIN / "summarize"), "brief", str(SEEDS), "-o", out, "--no-previous", "-q",
                 "--base-url", server.base_url, "--model", MODEL_NAME, "--response-format", "json_schema"],
                env=env, check=True,
            )  # fmt: skip
        figures = {
            "import summarizer": wall([sys.executable, "-c", "import summarizer"], env, runs),
            "summarize --help": wall([str(BIN / "summarize"), "--help"], env, runs),
            "summarize brief seeds/ (warm)": wall(
                [str(BIN / "summarize"), "brief", str(SEEDS), "-o", out, "--no-previous", "-q"], env, runs
            ),
        }
    print(f"median wall time of {runs} runs, each in a fresh process")
    for what, seconds in figures.items():
        print(f"  {what:<32} {seconds:6.3f} s")


if __name__ == "__main__":
    main()
