"""How alike two sentences are in meaning: cosine similarity of sentence embeddings.

The embeddings come from ``wordllama``, whose static 16 MB model ships inside its wheel: it is
loaded from the installed package with downloads disabled, so nothing is fetched at run time. A
sentence's embedding is the mean of its token vectors, which costs microseconds: a story's
sentences are embedded in well under a second.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np
    from numpy.typing import NDArray
    from wordllama.inference import WordLlamaInference


@lru_cache(maxsize=1)
def _model() -> WordLlamaInference:
    import wordllama

    return wordllama.WordLlama.load(cache_dir=Path(wordllama.__file__).parent, disable_download=True)


def embeddings(texts: list[str]) -> NDArray[np.float32]:
    """One unit-length vector per text: the dot product of two is their cosine similarity (-1 to 1)."""
    import numpy as np

    if not texts:
        return np.zeros((0, 0), dtype=np.float32)
    vectors: NDArray[np.float32] = np.asarray(_model().embed(texts, norm=True), dtype=np.float32)
    return vectors
