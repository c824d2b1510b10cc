"""Reading back what ``summarize brief FOLDER --out DIR/`` wrote: the index and each story's JSON briefing."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from summarizer.models.briefing import Briefing
from summarizer.models.story_index import StoryIndex


@dataclass(frozen=True)
class StoryFolder:
    index: StoryIndex
    briefings: dict[str, Briefing]  # slug → the story's briefing

    @property
    def listed(self) -> set[str]:
        """The file names of every article the run accounts for: a source of a briefing, or listed in
        the index with no briefing (also reported, or in a story with no record)."""
        cited = {Path(s.path).name for b in self.briefings.values() for s in b.sources}
        stories = [*self.index.stories, *self.index.also_reported]
        return cited | {Path(a.path).name for s in stories if not s.briefing for a in s.articles}

    @property
    def failed(self) -> dict[str, str]:
        """File name → why it could not be processed."""
        return {Path(f.path).name: f.error for f in self.index.failures}


def read_story_folder(directory: Path) -> StoryFolder:
    index = StoryIndex.model_validate_json((directory / "index.json").read_text(encoding="utf-8"))
    briefings = {
        story.slug: Briefing.model_validate_json(
            (directory / f"{story.slug}.json").read_text(encoding="utf-8")
        )
        for story in index.stories
        if story.briefing
    }
    return StoryFolder(index, briefings)
