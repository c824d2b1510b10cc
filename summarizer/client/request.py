"""What every chat completion request of the tool carries, interactive or in a batch file.

The answer's token limit, greedy sampling with a fixed seed (the same answer for the same
question), and the JSON schema the answer must fit, given the way the server takes it.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from summarizer.client.endpoint import ResponseFormat

MAX_TOKENS = 1024
SAMPLING: dict[str, Any] = {"temperature": 0, "seed": 0}


def format_parameters(response_model: type[BaseModel], fmt: ResponseFormat) -> dict[str, Any]:
    """What a request adds for ``fmt`` on top of instructor's JSON-schema mode: nothing for the
    standard ``json_schema``; the ``json_object`` + schema response format, which the client puts
    at the top level of the request, overriding instructor's."""
    if fmt != "json_object":
        return {}
    schema = response_model.model_json_schema()
    return {"extra_body": {"response_format": {"type": "json_object", "schema": schema}}}


def request_body(
    model: str,
    messages: list[dict[str, str]],
    response_model: type[BaseModel],
    response_format: ResponseFormat,
) -> dict[str, Any]:
    """The chat completion request ``ChatModel`` sends for ``messages`` and ``response_model``."""
    import instructor  # with openai: only when a request is made
    from instructor.processing import handle_response_model

    _, kwargs = handle_response_model(
        response_model,
        mode=instructor.Mode.JSON_SCHEMA,
        model=model,
        messages=messages,
        max_tokens=MAX_TOKENS,
        **SAMPLING,
        **format_parameters(response_model, response_format),
    )
    # The OpenAI client merges extra_body into the top level of the request it sends.
    extra_body = kwargs.pop("extra_body", {})
    return {**kwargs, **extra_body}
