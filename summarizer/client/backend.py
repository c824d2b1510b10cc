"""The model a run talks to: a given endpoint, or the embedded server started on first use.

The embedded server is started only when an article actually needs a model call, so a run whose
extractions all come from the cache never loads the model.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

from summarizer.client.embedded import MODEL_NAME, EmbeddedServer
from summarizer.client.endpoint import DEFAULT_TIMEOUT, Endpoint
from summarizer.client.usage import Usage
from summarizer.storage.call_log import CallRecord, endpoint_host

if TYPE_CHECKING:
    from summarizer.client.chat import ChatModel

EMBEDDED_HOST = "embedded"
# Requests in flight at once by default: the embedded server answers one at a time on this
# machine's cores, so more would only queue there; a remote server is usually glad of several.
DEFAULT_CONCURRENCY_EMBEDDED = 1
DEFAULT_CONCURRENCY_REMOTE = 8


class Backend:
    """The run's model, as a context manager: the chat client is made (and the embedded server
    started) on the first call, and stopped when the run ends. ``timeout`` bounds every answer,
    whichever the endpoint."""

    def __init__(
        self,
        endpoint: Endpoint | None,
        cache_dir: Path,
        *,
        timeout: float = DEFAULT_TIMEOUT,
        backoff: float = 1.0,
        on_call: Callable[[CallRecord], None] | None = None,
    ) -> None:
        self._endpoint = endpoint
        self._cache_dir = cache_dir
        self._timeout = timeout
        self._backoff = backoff
        self._on_call = on_call
        self._stack = contextlib.ExitStack()
        self._chat: ChatModel | None = None

    @property
    def model_name(self) -> str:
        return self._endpoint.model if self._endpoint else MODEL_NAME

    @property
    def host(self) -> str:
        """Where the model runs, for the call log: the endpoint's host, or ``embedded``."""
        return endpoint_host(self._endpoint.base_url) if self._endpoint else EMBEDDED_HOST

    @property
    def embedded(self) -> bool:
        return self._endpoint is None

    @property
    def started(self) -> bool:
        """Whether the chat client (and the embedded server, if any) is up."""
        return self._chat is not None

    @property
    def default_concurrency(self) -> int:
        return DEFAULT_CONCURRENCY_EMBEDDED if self.embedded else DEFAULT_CONCURRENCY_REMOTE

    @property
    def usage(self) -> Usage:
        return self._chat.usage if self._chat else Usage()

    def chat(self) -> ChatModel:
        """The chat client, starting the embedded server if this is the first call of the run."""
        if self._chat is None:
            from summarizer.client.chat import ChatModel  # openai and instructor: only when a call is made

            endpoint = self._endpoint or self._stack.enter_context(EmbeddedServer(self._cache_dir))
            self._chat = ChatModel(
                endpoint,
                timeout=self._timeout,
                backoff=self._backoff,
                on_call=self._log_call if self._on_call else None,
            )
            self._stack.callback(self._chat.close)
        return self._chat

    def _log_call(self, record: CallRecord) -> None:
        if self._on_call:  # the embedded server's port changes every run; its name does not
            self._on_call(record._replace(endpoint_host=self.host))

    def __enter__(self) -> Backend:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self._stack.close()
