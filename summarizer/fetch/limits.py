"""How long a fetch waits, how long it pauses between requests to one host, how much it reads."""

from __future__ import annotations

from dataclasses import dataclass

DEFAULT_TIMEOUT = 20.0
DEFAULT_DELAY = 1.0
DEFAULT_MAX_BYTES = 5_000_000
DEFAULT_MAX_REDIRECTS = 10


@dataclass(frozen=True)
class Limits:
    timeout: float = DEFAULT_TIMEOUT
    """Seconds to wait for a connection, and for each read of an answer."""
    delay: float = DEFAULT_DELAY
    """Seconds from the end of one request to a host to the start of the next."""
    max_bytes: int = DEFAULT_MAX_BYTES
    """Largest body read (after decompression); a larger one is not used."""
    max_redirects: int = DEFAULT_MAX_REDIRECTS
