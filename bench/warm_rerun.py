"""A rerun over a folder of cached articles: wall time and model calls (goal: none, a few seconds).

    python bench/warm_rerun.py [--articles 1000]

A synthetic corpus is extracted once through the loopback stub server (real HTTP; answers as a
perfect model would, no latency) into a fresh cache. Then ``summarize brief`` runs again over the
same folder as a nightly job would, in a process of its own (interpreter start and imports
included), writing Markdown and JSON; the stub counts the calls it receives.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from summarizer.pipeline import Run
from summarizer.testing.stub_server import StubServer
from support.synthetic import CorpusResponder, synthetic_corpus

SEED = 5


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=1000)
    args = parser.parse_args()
    corpus = synthetic_corpus(args.articles, seed=SEED)
    with tempfile.TemporaryDirectory() as tmp, StubServer(CorpusResponder(corpus)) as server:
        folder, cache = Path(tmp) / "articles", Path(tmp) / "cache"
        corpus.write(folder)
        cold = Run(endpoint=server.endpoint(), cache_dir=cache, concurrency=16).extract([folder])[1]
        print(f"cold: {cold.summary()}")
        command = [
            *(sys.executable, "-m", "summarizer", "brief", str(folder)),
            *("-o", str(Path(tmp) / "brief.md"), "-o", str(Path(tmp) / "brief.json")),
            *("--base-url", server.base_url, "--model", server.model, "--cache-dir", str(cache)),
        ]
        for label in ("warm", "warm again"):
            calls = server.calls
            started = time.perf_counter()
            result = subprocess.run(command, capture_output=True, text=True, check=False)
            wall = time.perf_counter() - started
            print(
                f"{label}: `summarize brief` exited {result.returncode} in {wall:.1f}s, "
                f"{server.calls - calls} model calls"
            )
            print(f"  {result.stderr.strip().splitlines()[-1]}")


if __name__ == "__main__":
    main()
