"""The JSON Schemas of the public JSON outputs, generated from the pydantic models.

``python -m summarizer.models.json_schemas [DIR]`` writes them into ``DIR``, by default the
checkout's ``schemas/``, whose files a test compares with the models.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from pydantic import BaseModel

from summarizer.models.briefing import Briefing
from summarizer.models.records import ArticleExtraction
from summarizer.models.story_index import StoryIndex

# The repository's schemas/, beside the package in a checkout.
CHECKOUT_SCHEMAS = Path(__file__).resolve().parents[2] / "schemas"

PUBLIC_MODELS: dict[str, type[BaseModel]] = {
    "briefing.schema.json": Briefing,
    "extraction.schema.json": ArticleExtraction,
    "index.schema.json": StoryIndex,
}


def generated() -> dict[str, str]:
    """File name → schema text, as the models define it now."""
    return {
        name: json.dumps(model.model_json_schema(mode="serialization"), indent=2, ensure_ascii=False) + "\n"
        for name, model in PUBLIC_MODELS.items()
    }


def write(directory: Path | None = None) -> list[Path]:
    target = directory or CHECKOUT_SCHEMAS
    target.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in generated().items():
        path = target / name
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written


if __name__ == "__main__":
    for path in write(Path(sys.argv[1]) if len(sys.argv) > 1 else None):
        print(path)
