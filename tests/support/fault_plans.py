"""Fault plans for the stub server: answers spoilt on the way, and faults aimed at one article.

Shared by the chat client's fault tests and the runs that go on past faults.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Collection
from typing import Any

from summarizer.extract.responses import RECORD_KINDS
from summarizer.testing.stub_server import Fault, FaultPlan, StubServer
from support.synthetic import CorpusResponder, SyntheticArticle


def host(server: StubServer) -> str:
    return server.base_url.split("/")[2]


def asked_kind(body: dict[str, Any]) -> str:
    response_format = body["response_format"]
    schema = (
        response_format["json_schema"]["schema"]
        if response_format["type"] == "json_schema"
        else response_format["schema"]
    )
    (kind,) = schema["properties"]
    return kind


# Answers spoilt on the way: the perfect answer cut in half, stripped of a required field, or citing
# sentences the article does not have; each with what the failure message says about it.


def truncated(answer: str) -> str:
    return answer[: len(answer) // 2]


def without_sentences(answer: str) -> str:
    return json.dumps(
        {
            kind: [{k: v for k, v in item.items() if k != "sentence"} for item in items]
            for kind, items in json.loads(answer).items()
        }
    )


def citing_missing_sentences(answer: str) -> str:
    return json.dumps(
        {
            kind: [{**item, "sentence": item["sentence"] + 1000} for item in items]
            for kind, items in json.loads(answer).items()
        }
    )


SPOILT: dict[str, tuple[Callable[[str], str], str]] = {
    "truncated JSON": (truncated, ": Invalid JSON: EOF while parsing"),
    "schema violation": (without_sentences, ": events.0.sentence: Field required"),
    "missing sentences": (citing_missing_sentences, ": events.0.sentence: Input should be 1, 2, 3"),
}


def spoilt(
    responder: CorpusResponder, spoil: Callable[[str], str], numbers: Collection[int] | None = None
) -> FaultPlan:
    """The perfect answer spoilt by ``spoil``, for requests ``numbers`` (every request when None)."""

    def plan(number: int, body: dict[str, Any]) -> Fault | None:
        if numbers is None or number in numbers:
            return Fault(content=spoil(responder(body)))
        return None

    return plan


def about(
    written: SyntheticArticle, fault: Callable[[dict[str, Any]], Fault], kinds: Collection[str] = RECORD_KINDS
) -> FaultPlan:
    """``fault(body)`` for every request about the article ``written`` asking for one of ``kinds``."""

    def plan(number: int, body: dict[str, Any]) -> Fault | None:
        prompt = next(m["content"] for m in body["messages"] if m["role"] == "user")
        mine = all(claim.sentence in prompt for claim in written.claims)
        return fault(body) if mine and asked_kind(body) in kinds else None

    return plan


def either(*plans: FaultPlan) -> FaultPlan:
    """The first fault any of ``plans`` has for a request."""
    return lambda number, body: next((f for p in plans if (f := p(number, body)) is not None), None)
