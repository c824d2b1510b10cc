"""The model a run talks to: a given endpoint, or the embedded server started on first use.

The embedded server is started only when an article actually needs a model call, so a run whose
extractions all come from the cache never loads the model.
"""

from __future__ import annotations

import contextlib
from pathlib import Path
from types import TracebackType

from summarizer.config import Endpoint
from summarizer.embedded import MODEL_NAME, EmbeddedServer
from summarizer.llm import ChatModel, Usage


class Backend:
    def __init__(self, endpoint: Endpoint | None, cache_dir: Path, *, timeout: float = 600.0) -> None:
        self._endpoint = endpoint
        self._cache_dir = cache_dir
        self._timeout = timeout
        self._stack = contextlib.ExitStack()
        self._chat: ChatModel | None = None

    @property
    def model_name(self) -> str:
        return self._endpoint.model if self._endpoint else MODEL_NAME

    @property
    def embedded(self) -> bool:
        return self._endpoint is None

    @property
    def usage(self) -> Usage:
        return self._chat.usage if self._chat else Usage()

    def chat(self) -> ChatModel:
        """The chat client, starting the embedded server if this is the first call of the run."""
        if self._chat is None:
            endpoint = self._endpoint or self._stack.enter_context(
                EmbeddedServer(self._cache_dir, timeout=self._timeout)
            )
            self._chat = ChatModel(endpoint)
            self._stack.callback(self._chat.close)
        return self._chat

    def __enter__(self) -> Backend:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self._stack.close()
