"""Speed of the embedded model: tokens per article, the server's rates, the floor and the wall.

Every article of the seeds (and of each dev-set story, ``bench/devset/*/``) is extracted with the
embedded model from an empty cache, one article at a time through the tool's own client, with one
embedded server kept up for the whole benchmark. Per article it prints the prompt tokens the
server evaluated (after reusing the cached prefix), the tokens it generated, its prompt and
generation rates, and the floor: the server's own time for those tokens (prompt tokens ÷ prompt
rate + generated tokens ÷ generation rate), against the wall time the tool took. The rates come
from llama-server's timing lines in its log. Run it on a quiet machine: any other heavy process
on the same cores slows every figure. Prints figures; asserts nothing::

    python bench/embedded_speed.py [--seeds-only]
"""

from __future__ import annotations

import argparse
import re
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from summarizer.client.embedded import EmbeddedServer
from summarizer.pipeline import Run
from summarizer.storage.cache_dir import default_cache_dir
from support.paths import REPO, SEEDS

DEVSET = REPO / "bench" / "devset"
# llama-server's timing lines, e.g. "prompt eval time =  1248.11 ms /    99 tokens (...)".
_PROMPT = re.compile(r"prompt eval time =\s*([\d.]+) ms /\s*(\d+) tokens")
_EVAL = re.compile(r"(?<!prompt )eval time =\s*([\d.]+) ms /\s*(\d+) (?:runs|tokens)")


@dataclass
class Timing:
    article: str
    prompt_tokens: int = 0
    prompt_ms: float = 0.0
    generated: int = 0
    generation_ms: float = 0.0
    wall: float = 0.0

    @property
    def floor(self) -> float:
        return (self.prompt_ms + self.generation_ms) / 1000


def _read_timings(log_text: str, timing: Timing) -> None:
    for ms, tokens in _PROMPT.findall(log_text):
        timing.prompt_ms += float(ms)
        timing.prompt_tokens += int(tokens)
    for ms, tokens in _EVAL.findall(log_text):
        timing.generation_ms += float(ms)
        timing.generated += int(tokens)


def articles(seeds_only: bool) -> list[Path]:
    found = sorted(SEEDS.glob("*.txt"))
    if not seeds_only:
        found += sorted(DEVSET.glob("*/*.md"))
    return found


def measure(paths: list[Path]) -> list[Timing]:
    timings = []
    with tempfile.TemporaryDirectory() as tmp:
        cache_dir = Path(tmp)
        models = default_cache_dir() / "models"  # the assembled model file, not assembled again
        if models.is_dir():
            (cache_dir / "models").symlink_to(models)
        server = EmbeddedServer(cache_dir)
        with server as endpoint:
            for path in paths:
                read_from = server.log_path.stat().st_size
                run = Run(endpoint=endpoint, cache_dir=cache_dir, use_cache=False, log_calls=False)
                started = time.perf_counter()
                run.extract([path])
                timing = Timing(path.relative_to(REPO).as_posix(), wall=time.perf_counter() - started)
                with server.log_path.open(encoding="utf-8", errors="replace") as log:
                    log.seek(read_from)
                    _read_timings(log.read(), timing)
                timings.append(timing)
    return timings


def report(timings: list[Timing]) -> None:
    print(
        f"{'article':<58} {'prompt tok':>10} {'gen tok':>8} {'prompt/s':>9} {'gen/s':>7} {'floor s':>8} {'wall s':>7}"
    )
    for t in timings:
        prompt_rate = t.prompt_tokens / (t.prompt_ms / 1000) if t.prompt_ms else 0.0
        gen_rate = t.generated / (t.generation_ms / 1000) if t.generation_ms else 0.0
        print(
            f"{t.article:<58} {t.prompt_tokens:>10,} {t.generated:>8,} {prompt_rate:>9.1f} {gen_rate:>7.1f}"
            f" {t.floor:>8.1f} {t.wall:>7.1f}"
        )
    for name, group in (("seeds", [t for t in timings if t.article.startswith("seeds/")]), ("all", timings)):
        if not group:
            continue
        floor, wall = sum(t.floor for t in group), sum(t.wall for t in group)
        prompt, generated = sum(t.prompt_tokens for t in group), sum(t.generated for t in group)
        print(
            f"{name}: {len(group)} articles · {prompt:,} prompt + {generated:,} generated tokens "
            f"({prompt // len(group):,} + {generated // len(group):,} per article) · floor {floor:.0f} s · "
            f"wall {wall:.0f} s · wall/floor {wall / floor:.2f} · {3600 * len(group) / wall:.0f} articles an hour"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds-only", action="store_true", help="only the five seed articles")
    report(measure(articles(parser.parse_args().seeds_only)))


if __name__ == "__main__":
    main()
