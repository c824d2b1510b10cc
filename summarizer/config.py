"""Where the model is and how to talk to it: the settings every backend shares.

With no ``base_url`` the embedded model is used. Options come from the command line or the
environment (the tool's own ``SUMMARIZER_*`` variables first, then the usual ``OPENAI_*`` ones).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

import platformdirs

ResponseFormat = Literal["json_schema", "json_object"]
ResponseFormatSetting = Literal["auto", "json_schema", "json_object"]

ENV_BASE_URL = ("SUMMARIZER_BASE_URL", "OPENAI_BASE_URL")
ENV_MODEL = ("SUMMARIZER_MODEL", "OPENAI_MODEL")
ENV_API_KEY = ("SUMMARIZER_API_KEY", "OPENAI_API_KEY")
ENV_RESPONSE_FORMAT = "SUMMARIZER_RESPONSE_FORMAT"
ENV_CACHE_DIR = "SUMMARIZER_CACHE_DIR"
ENV_CONCURRENCY = "SUMMARIZER_CONCURRENCY"
ENV_PRICE_PROMPT = "SUMMARIZER_PRICE_PROMPT"
ENV_PRICE_COMPLETION = "SUMMARIZER_PRICE_COMPLETION"
ENV_MAX_ARTICLE_CHARS = "SUMMARIZER_MAX_ARTICLE_CHARS"


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
    """An OpenAI-compatible chat endpoint and the model to ask there."""

    base_url: str
    model: str
    api_key: Secret = field(default_factory=lambda: Secret("not-needed"))
    response_format: ResponseFormatSetting = "auto"
    timeout: float = 600.0


def default_cache_dir() -> Path:
    override = os.environ.get(ENV_CACHE_DIR)
    return Path(override) if override else Path(platformdirs.user_cache_dir("summarizer"))
