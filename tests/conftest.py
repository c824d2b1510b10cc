"""Shared fixtures: recorded model responses, and the way they are re-recorded.

Tests marked ``recorded`` replay HTTP cassettes from ``tests/fixtures/cassettes/``, recorded from
the real embedded model by ``make record`` (``SUMMARIZER_RECORD=1``, which starts the embedded
server for the session). Requests match on method, path and body, so the prompts and schemas
must be exactly those that were recorded: a prompt change needs a new recording. Authorization
headers are never written to a cassette.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from vcr import VCR
    from vcr.request import Request

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO / "seeds"
RECORDING = os.environ.get("SUMMARIZER_RECORD") == "1"
# Nothing listens here: while replaying, every request is answered from the cassette.
REPLAY_URL = "http://127.0.0.1:9/v1"


@pytest.fixture(scope="session")
def vcr_config() -> dict[str, object]:
    return {
        "filter_headers": ["authorization", "api-key", "x-api-key", "openai-organization", "cookie"],
        "match_on": ["method", "path", "body"],
        "allow_playback_repeats": True,
        "decode_compressed_response": True,
    }


def pytest_recording_configure(config: pytest.Config, vcr: VCR) -> None:
    vcr.register_matcher("response_format", _same_response_format)


def _same_response_format(asked: Request, recorded: Request) -> None:
    """Requests match that ask for the same response format ("json_schema", "json_object")."""
    formats = [json.loads(r.body or b"{}").get("response_format", {}).get("type") for r in (asked, recorded)]
    assert formats[0] == formats[1], formats


@pytest.fixture(scope="session")
def vcr_cassette_dir() -> str:
    return str(REPO / "tests" / "fixtures" / "cassettes")


@pytest.fixture(scope="session")
def model_url() -> Iterator[str]:
    """The endpoint recorded tests talk to: the real embedded server while recording, else nothing."""
    if not RECORDING:
        yield REPLAY_URL
        return
    from summarizer.client.embedded import EmbeddedServer
    from summarizer.storage.cache_dir import default_cache_dir

    with EmbeddedServer(default_cache_dir()) as endpoint:
        yield endpoint.base_url


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh, empty cache for the test (the model file is not needed: calls are replayed)."""
    path = tmp_path / "cache"
    monkeypatch.setenv("SUMMARIZER_CACHE_DIR", str(path))
    return path
