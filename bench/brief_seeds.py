"""Cold and warm extraction of the seeds: wall time, model calls and tokens per article.

    python bench/brief_seeds.py [--base-url URL --model NAME]   # default: the embedded model

The cold run uses an empty extraction cache (the embedded model file is shared with the user's
cache so it is not assembled again); the warm run repeats it over the same cache.
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from summarizer.client.endpoint import Endpoint
from summarizer.pipeline import Run, brief
from summarizer.storage.cache_dir import default_cache_dir

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base-url")
    parser.add_argument("--model")
    args = parser.parse_args()
    endpoint = Endpoint(base_url=args.base_url, model=args.model) if args.base_url else None
    with tempfile.TemporaryDirectory() as tmp:
        cache = Path(tmp)
        models = default_cache_dir() / "models"
        if models.is_dir():
            (cache / "models").symlink_to(models)
        for label in ("cold", "warm"):
            extractions, report = Run(endpoint=endpoint, cache_dir=cache).extract([SEEDS])
            briefing = brief(extractions, report.failures)
            print(f"{label}: {report.summary()} · {briefing.citation_count} citations")
            if label == "cold" and report.articles:
                print(
                    f"  per article: {report.usage.calls / report.articles:.1f} calls, "
                    f"{report.usage.prompt_tokens / report.articles:,.0f} prompt tokens, "
                    f"{report.usage.completion_tokens / report.articles:,.0f} completion tokens, "
                    f"{report.seconds / report.articles:.1f} s"
                )


if __name__ == "__main__":
    main()
