"""The model a run talks to: a given endpoint, or the embedded server started on first use.

The embedded server is started only when an article actually needs a model call, so a run whose
extractions all come from the cache never loads the model. If it exits during the run (killed
for memory, say), it is started again once and the call that met its death is asked again; if it
exits a second time, every call still to make fails at once with the reason.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable
from functools import reduce
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, TypeVar

from summarizer.client.embedded import MODEL_NAME, EmbeddedServer
from summarizer.client.endpoint import DEFAULT_TIMEOUT, Endpoint
from summarizer.client.usage import Usage
from summarizer.errors import EmbeddedModelError, ModelCallError
from summarizer.storage.call_log import CallLabel, CallRecord, endpoint_host

if TYPE_CHECKING:
    from pydantic import BaseModel

    from summarizer.client.chat import ChatModel

T = TypeVar("T", bound="BaseModel")

EMBEDDED_HOST = "embedded"
# Requests in flight at once by default: the embedded server answers one at a time on this
# machine's cores, so more would only queue there; a remote server is usually glad of several.
DEFAULT_CONCURRENCY_EMBEDDED = 1
DEFAULT_CONCURRENCY_REMOTE = 8
# How many times a run starts the embedded server again after it exited.
EMBEDDED_RESTARTS = 1


class Backend:
    """The run's model, as a context manager: the chat client is made (and the embedded server
    started) on the first call, and stopped when the run ends. ``timeout`` bounds every answer,
    whichever the endpoint. ``notes`` says, one line each, what the run should know (a restart)."""

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
        self._chats: list[ChatModel] = []  # every client of the run, for its usage
        self._server: EmbeddedServer | None = None
        self._restarts = 0
        self._gone: str | None = None  # why no call can be made any more
        self._restart_lock = threading.Lock()
        self.notes: list[str] = []

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
        return reduce(lambda total, chat: total + chat.usage, self._chats, Usage())

    def chat(self) -> ChatModel:
        """The chat client, starting the embedded server if this is the first call of the run."""
        if self._gone is not None:
            raise ModelCallError(self._gone)
        if self._chat is None:
            if self._endpoint is not None:
                self._use(self._endpoint)
            else:
                self._server = EmbeddedServer(self._cache_dir)
                self._use(self._stack.enter_context(self._server))
        assert self._chat is not None  # made by _use
        return self._chat

    def structured(self, messages: list[dict[str, str]], response_model: type[T], label: CallLabel) -> T:
        """``ChatModel.structured`` on the run's model; a call that met the embedded server's
        death is asked again of the server started in its place."""
        while True:
            chat = self.chat()
            try:
                return chat.structured(messages, response_model, label)
            except ModelCallError:
                if not self._ask_again(chat):
                    raise

    def _use(self, endpoint: Endpoint) -> None:
        from summarizer.client.chat import ChatModel  # openai and instructor: only when a call is made

        self._chat = ChatModel(
            endpoint,
            timeout=self._timeout,
            backoff=self._backoff,
            on_call=self._log_call if self._on_call else None,
            server_gone=self._server_gone if self._server else None,
        )
        self._chats.append(self._chat)
        self._stack.callback(self._chat.close)

    def _server_gone(self) -> bool:
        return self._server is not None and self._server.exit_code is not None

    def _ask_again(self, failed_on: ChatModel) -> bool:
        """Whether a call that failed on ``failed_on`` is worth asking again: the embedded server
        it was sent to has exited, and another one has been (or is now) started in its place.
        Raises ``ModelCallError`` once the server has exited for good."""
        with self._restart_lock:
            if self._gone is not None:
                raise ModelCallError(self._gone)
            if failed_on is not self._chat:
                return True  # another call found the server dead and started a new one
            if self._server is None or (code := self._server.exit_code) is None:
                return False  # the server is up: the call failed for its own reasons
            if self._restarts >= EMBEDDED_RESTARTS:
                self._gone = (
                    f"the embedded model server exited again (code {code}) after being restarted "
                    f"(see {self._server.log_path})"
                )
                raise ModelCallError(self._gone)
            self._restarts += 1
            failed_on.close()  # its calls still waiting give up and come here
            try:
                self._use(self._server.restart())
            except EmbeddedModelError as error:
                self._gone = (
                    f"the embedded model server exited (code {code}) and could not be started again ({error})"
                )
                raise ModelCallError(self._gone) from error
            self.notes.append(
                f"the embedded model server exited (code {code}) during the run and was restarted "
                f"(see {self._server.log_path})"
            )
            return True

    def _log_call(self, record: CallRecord) -> None:
        if self._on_call:  # the embedded server's port changes every run; its name does not
            self._on_call(record._replace(endpoint_host=self.host))

    def __enter__(self) -> Backend:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self._stack.close()
