"""Sentence embeddings (summarizer/merge/similarity.py): the model shipped in its wheel, offline."""

from __future__ import annotations

import socket

import numpy as np
import pytest

from summarizer.merge.similarity import embeddings


def test_embeddings_are_unit_vectors_whose_dot_product_says_how_alike(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def no_network(*args: object, **kwargs: object) -> None:
        raise AssertionError("the embedding model must load without the network")

    monkeypatch.setattr(socket.socket, "connect", no_network)
    vectors = embeddings(
        [
            "Microsoft will buy Activision Blizzard for $68.7 billion.",
            "Activision Blizzard is to be acquired by Microsoft in a $68.7 billion deal.",
            "Heavy rain flooded the northern highway.",
        ]
    )
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-3)
    same, other = float(vectors[0] @ vectors[1]), float(vectors[0] @ vectors[2])
    assert same > 0.6 > other


def test_no_text_no_vectors() -> None:
    assert embeddings([]).shape[0] == 0
