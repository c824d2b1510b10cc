"""A responder for the stub server that answers with a real model's recorded answers.

``RecordedResponder(cassette)`` reads a cassette of chat completions recorded from a model server
(the YAML that ``make record`` writes in ``tests/fixtures/cassettes/``) and answers each request
with the assistant content recorded for the same question: the same system and user messages and
the same ``response_format``. A re-ask (the question, the rejected answer and what was wrong with
it) is the same question asked again, so it gets the recorded answer too. With
``stub_server.StubServer`` and a fault plan, this puts faults between the tool and a real model's
answers: ``StubServer(RecordedResponder(path), faults=random_faults(...))``.

A request whose question was not recorded raises ``LookupError``, which the stub server answers
with HTTP 500: a test then fails, rather than pass on an invented answer. Reading a cassette needs
PyYAML (installed with the test dependencies).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any


class RecordedResponder:
    """Answers chat completion requests from a cassette of recorded ones."""

    def __init__(self, cassette: Path) -> None:
        import yaml  # a test dependency, needed only here

        recorded = yaml.safe_load(cassette.read_text(encoding="utf-8"))
        self._answers: dict[str, str] = {}
        for interaction in recorded.get("interactions", []):
            request, response = interaction["request"], interaction["response"]
            if response["status"]["code"] != 200 or not request.get("body"):
                continue
            body = json.loads(request["body"])
            choices = json.loads(response["body"]["string"]).get("choices") or []
            content = choices[0].get("message", {}).get("content") if choices else None
            if isinstance(content, str):
                self._answers.setdefault(_question(body), content)

    def __len__(self) -> int:
        return len(self._answers)

    def __call__(self, request: Mapping[str, Any]) -> str:
        """The recorded answer to ``request``'s question."""
        try:
            return self._answers[_question(request)]
        except KeyError:
            raise LookupError("this question was not recorded") from None


def _question(body: Mapping[str, Any]) -> str:
    """What a request asks, without a re-ask's added turns: the first system and user messages
    and the response format."""
    messages = list(body.get("messages", []))
    first = [
        next((m.get("content") for m in messages if m.get("role") == role), None)
        for role in ("system", "user")
    ]
    return json.dumps([first, body.get("response_format")], sort_keys=True)
