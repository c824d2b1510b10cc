"""The loopback web site the fetch tests fetch from."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from support.loopback_site import LoopbackSite


@pytest.fixture
def site() -> Iterator[LoopbackSite]:
    with LoopbackSite() as running:
        yield running
