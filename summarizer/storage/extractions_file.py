"""The extractions file of ``summarize extract``: one article's grounded records per JSON line.

``summarize render`` reads it back and briefs it without any model.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from pydantic import ValidationError

from summarizer.errors import ExtractionsFileError, validation_message
from summarizer.models.records import ArticleExtraction
from summarizer.storage.atomic_file import write_atomic


def write_extractions(path: Path, extractions: Iterable[ArticleExtraction]) -> None:
    """Write ``extractions`` to ``path``, whole or not at all."""
    write_atomic(path, "".join(x.model_dump_json() + "\n" for x in extractions))


def read_extractions(path: Path) -> list[ArticleExtraction]:
    """The extractions in ``path``; ``ExtractionsFileError`` names the first line that is not one."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as error:
        raise ExtractionsFileError(f"{path}: cannot read ({error.__class__.__name__})") from None
    extractions = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            extractions.append(ArticleExtraction.model_validate_json(line))
        except ValidationError as error:
            problem = validation_message(error, top="line")
            raise ExtractionsFileError(f"{path}:{number}: not an extraction ({problem})") from None
    return extractions
