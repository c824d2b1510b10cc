"""What the model is asked to fill: one small response model per record kind.

Records cite sentences by number (``[S3]`` → ``3``); the tool turns numbers into character spans
(``ground/grounding.py``), so the model never copies text. Sentence numbers are typed as the set of numbers
the article has, so a schema-constrained server cannot emit a number that does not exist and any
other server's answer fails validation (and is re-asked). Every field is required and fields come
in a fixed order, the cited sentence last: a small model that must give the number first counts
its items (1, 2, 3…) instead of finding the sentence; after writing the content, it finds it.
Lists and strings are bounded so a constrained decode cannot run away.
"""

from __future__ import annotations

import hashlib
import json
from functools import lru_cache
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, create_model

# A number as written: digits with optional currency and multiplier, or a small number word.
NUMBER_PATTERN = (
    r"^([£$€]?[0-9][0-9,.]*( ?(k|m|bn|thousand|million|billion))?"
    r"|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|dozen)$"
)

RecordKind = Literal["events", "figures", "statements"]
RECORD_KINDS: tuple[RecordKind, ...] = ("events", "figures", "statements")

MAX_ITEMS: dict[RecordKind, int] = {"events": 8, "figures": 10, "statements": 8}
# A small model tends to stop after one item; asking for a few more costs little, because
# grounding drops any item that its cited sentence does not support.
MIN_ITEMS: dict[RecordKind, int] = {"events": 3, "figures": 1, "statements": 2}


def _item_fields(kind: RecordKind, sentence_ref: object) -> dict[str, tuple[object, object]]:
    name = Field(min_length=1, max_length=80)
    # The briefing shows a development and a statement in the article's own words: the model
    # names the sentence, who acted or spoke, and when, and writes nothing else.
    if kind == "events":
        return {
            "who": (list[str], Field(max_length=4)),
            "when": (str | None, Field(max_length=40)),
            "sentence": (sentence_ref, ...),
        }
    if kind == "figures":
        return {
            "number": (str, Field(pattern=NUMBER_PATTERN, max_length=24)),
            "counts": (str, Field(min_length=1, max_length=60)),
            "of_whom": (str | None, Field(max_length=60)),
            "sentence": (sentence_ref, ...),
        }
    return {
        "speaker": (str, name),
        "sentence": (sentence_ref, ...),
    }


@lru_cache(maxsize=256)
def draft_model(kind: RecordKind, sentence_count: int) -> type[BaseModel]:
    """The response model for ``kind`` over an article of ``sentence_count`` sentences."""
    ids = tuple(range(1, max(sentence_count, 1) + 1))
    # Types made at run time, which mypy cannot follow (a Literal of a variable, a list of a model
    # made here); and mypy checks a ``**`` dict against create_model's ``__config__``, ``__base__``...
    sentence_ref = Literal[ids]  # type: ignore[valid-type]
    item = create_model(f"{kind.title()[:-1]}Item", **_item_fields(kind, sentence_ref))  # type: ignore[call-overload]
    items = Field(min_length=min(MIN_ITEMS[kind], sentence_count), max_length=MAX_ITEMS[kind])
    model: type[BaseModel] = create_model(kind.title(), **{kind: (list[item], items)})  # type: ignore[valid-type, call-overload]
    return model


@lru_cache(maxsize=len(RECORD_KINDS))
def item_types(kind: RecordKind) -> type[BaseModel]:
    """The fields of an item of ``kind`` with their types, without the schema's bounds.

    What grounding needs of an item whatever its origin (the model, the cache, a batch result):
    its bounds are grounding's own checks against the article (a sentence it does not have, a
    number it does not write). Validated strictly, as the model's answers are.
    """
    fields = {name: (annotation, ...) for name, (annotation, _) in _item_fields(kind, int).items()}
    # mypy checks ``**fields`` against create_model's ``__config__``, ``__base__``... as well.
    model_name = f"{kind.title()[:-1]}Types"
    model: type[BaseModel] = create_model(model_name, __config__=ConfigDict(strict=True), **fields)  # type: ignore[call-overload]
    return model


def schema_version() -> str:
    """A short hash of the response models' shape; part of every cache key."""
    shapes = {kind: draft_model(kind, 2).model_json_schema() for kind in RECORD_KINDS}
    return hashlib.sha256(json.dumps(shapes, sort_keys=True).encode()).hexdigest()[:12]
