"""The JSON Schemas of the public JSON outputs, generated from the pydantic models.

``python -m summarizer.schemas`` rewrites ``schemas/``; a test fails when the files are stale.
"""

from __future__ import annotations

import json
from pathlib import Path

from pydantic import BaseModel

from summarizer.briefing import Briefing
from summarizer.records import ArticleExtraction
from summarizer.resources import schemas_dir

PUBLIC_MODELS: dict[str, type[BaseModel]] = {
    "briefing.schema.json": Briefing,
    "extraction.schema.json": ArticleExtraction,
}


def generated() -> dict[str, str]:
    """File name → schema text, as the models define it now."""
    return {
        name: json.dumps(model.model_json_schema(mode="serialization"), indent=2, ensure_ascii=False) + "\n"
        for name, model in PUBLIC_MODELS.items()
    }


def write(directory: Path | None = None) -> list[Path]:
    target = directory or schemas_dir()
    target.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in generated().items():
        path = target / name
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written


if __name__ == "__main__":
    for path in write():
        print(path)
