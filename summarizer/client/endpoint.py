"""Where the model is: an OpenAI-compatible chat endpoint, the model to ask there, and its key.

With no endpoint the embedded model is used (``client/embedded.py``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

ResponseFormat = Literal["json_schema", "json_object"]
ResponseFormatSetting = Literal["auto", "json_schema", "json_object"]

# Seconds to wait for one model answer, wherever the model is.
DEFAULT_TIMEOUT = 600.0


class Secret:
    """An API key that never shows itself in a repr, a log line or an error message."""

    __slots__ = ("_value",)

    def __init__(self, value: str) -> None:
        self._value = value

    def reveal(self) -> str:
        return self._value

    def __repr__(self) -> str:
        return "Secret('**********')"

    __str__ = __repr__


@dataclass(frozen=True)
class Endpoint:
    """An OpenAI-compatible chat endpoint and the model to ask there.

    ``response_format`` is how the server takes a JSON schema (``client/chat.py``); ``auto``
    finds out on the first call.
    """

    base_url: str
    model: str
    api_key: Secret = field(default_factory=lambda: Secret("not-needed"))
    response_format: ResponseFormatSetting = "auto"
