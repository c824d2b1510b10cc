"""The model client against recorded answers of llama-cpp-python's server."""

from __future__ import annotations

import pytest

from summarizer.client.chat import ChatModel
from summarizer.client.embedded import MODEL_NAME
from summarizer.client.endpoint import Endpoint
from summarizer.extract.prompts import messages_for
from summarizer.extract.responses import draft_model
from summarizer.ingest.files import build_article

pytestmark = pytest.mark.recorded


@pytest.fixture
def default_cassette_name() -> str:
    return "format_fallback"


@pytest.fixture
def vcr_config(vcr_config: dict[str, object]) -> dict[str, object]:
    """Answers replayed by the response format asked for, whatever the prompt's words: what is
    tested is how the client answers a server that refuses the standard response format, and
    llama-cpp-python's server, which refused it, is no longer what the embedded model runs on."""
    return {**vcr_config, "match_on": ["method", "path", "response_format"]}


ARTICLE = build_article(
    "short.txt",
    "Rebels captured the airport of Aleppo on Saturday. At least 12 civilians were killed, "
    'the monitor said. "We will return," said Ali Jumaa, a rebel fighter.',
)


@pytest.mark.vcr
def test_auto_format_falls_back_to_json_object_when_the_server_refuses_json_schema(model_url: str):
    chat = ChatModel(Endpoint(base_url=model_url, model=MODEL_NAME, response_format="auto"))
    figures = chat.structured(
        messages_for(ARTICLE, "figures"), draft_model("figures", len(ARTICLE.sentences))
    )
    assert chat.response_format == "json_object"
    # The json_schema request refused twice (a 500 once could be a glitch), then the answer.
    assert chat.usage.calls == 3 and chat.usage.failed_calls == 2
    assert figures.figures, "the recorded answer lists the article's figures"
    chat.close()
