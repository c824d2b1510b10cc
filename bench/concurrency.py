"""Extraction wall time at several concurrencies against a server with a fixed latency per call.

    python bench/concurrency.py [--articles 200] [--latency 0.5] [--concurrency 1,4,16]

The server is the loopback stub (summarizer/testing/stub_server.py, real HTTP) in a process of its
own, so that it does not share the client's interpreter lock; it answers for a synthetic corpus
as a perfect model would (summarizer/testing/synthetic.py), after ``--latency`` seconds. For each
concurrency the articles are read once and then every call is made (no cache): the time of the
extraction stage (the calls, validation and grounding) is compared with its floor,
calls x latency / concurrency. The goal is within 15% of the floor at concurrency 16. The
extractions must be the same at every concurrency; the script says so, or exits non-zero.
"""

from __future__ import annotations

import argparse
import multiprocessing
import tempfile
import time
from multiprocessing.connection import Connection
from pathlib import Path

from summarizer.client.backend import Backend
from summarizer.client.endpoint import Endpoint
from summarizer.extract.extractor import Extractor
from summarizer.ingest.files import ingest_paths
from summarizer.testing.stub_server import StubServer
from support.synthetic import CorpusResponder, synthetic_corpus

SEED = 4
TARGET = 1.15


def serve(articles: int, latency: float, ready: Connection) -> None:
    """Run the stub server for the corpus until the process is terminated."""
    with StubServer(CorpusResponder(synthetic_corpus(articles, seed=SEED)), latency=latency) as server:
        ready.send(server.base_url)
        while True:
            time.sleep(3600)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=200)
    parser.add_argument("--latency", type=float, default=0.5)
    parser.add_argument("--concurrency", default="1,4,16")
    args = parser.parse_args()
    levels = [int(level) for level in args.concurrency.split(",")]

    receive, send = multiprocessing.Pipe(duplex=False)
    server = multiprocessing.Process(target=serve, args=(args.articles, args.latency, send), daemon=True)
    server.start()
    base_url = receive.recv()
    try:
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp) / "articles"
            synthetic_corpus(args.articles, seed=SEED).write(folder)
            articles = ingest_paths([folder]).articles
            print(f"{len(articles)} articles, latency {args.latency:g} s per call, server at {base_url}")
            print(f"{'concurrency':>11} {'calls':>6} {'wall':>8} {'floor':>8} {'wall/floor':>10}")
            outputs = set()
            worst = 0.0
            for level in levels:
                endpoint = Endpoint(base_url=base_url, model="stub-model", response_format="json_schema")
                with Backend(endpoint, Path(tmp)) as backend:
                    backend.chat()  # the client is made (and its modules imported) before timing
                    extractor = Extractor(backend, cache=None, concurrency=level)
                    started = time.perf_counter()
                    extractions = extractor.extract_all(articles)
                    wall = time.perf_counter() - started
                    calls = backend.usage.calls
                floor = calls * args.latency / level
                worst = max(worst, wall / floor) if level == max(levels) else worst
                outputs.add("".join(x.model_dump_json() for x in extractions))
                failed = len(extractor.counts.failed)
                note = f"  ({failed} failed)" if failed else ""
                print(f"{level:>11} {calls:>6} {wall:>7.1f}s {floor:>7.1f}s {wall / floor:>10.3f}{note}")
            same = len(outputs) == 1
            print(f"extractions identical at every concurrency: {'yes' if same else 'NO'}")
            print(
                f"at concurrency {max(levels)}: {100 * (worst - 1):+.1f}% from the floor "
                f"(goal: within {100 * (TARGET - 1):.0f}%)"
            )
    finally:
        server.terminate()
    if not same:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
