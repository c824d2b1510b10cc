"""The index of a run's stories: what ``summarize brief FOLDER --out DIR/`` writes as ``DIR/index.*``.

``StoryIndex`` is also the public JSON output ``DIR/index.json``; its JSON Schema is generated
into ``schemas/index.schema.json`` (see ``models/json_schemas.py``).
"""

from __future__ import annotations

from pydantic import BaseModel, Field

from summarizer.models.briefing import Failure

INDEX_FORMAT_VERSION = "1"


class IndexArticle(BaseModel):
    """One article of a story, as its file says."""

    path: str
    title: str | None = None
    outlet: str | None = None
    published: str | None = None
    url: str | None = None
    new: bool = Field(description="No story had this article before this run.")


class MergedStoryNote(BaseModel):
    """A story an earlier run saw that turned out to be part of this one."""

    id: str
    slug: str
    headline: str


class NewSincePrevious(BaseModel):
    """How much a story's briefing reports that its previous briefing did not."""

    previous: str = Field(description="The previous briefing's file.")
    developments: int
    figures: int = Field(description="Figures new or changed.")
    statements: int


class IndexStory(BaseModel):
    id: str = Field(description="Stable across runs that share a cache directory.")
    slug: str = Field(description="The name of the story's briefing files: <slug>.md, <slug>.json…")
    headline: str
    outlets: list[str] = Field(description="Distinct outlets, in order of first article.")
    source_count: int = Field(
        description="Independent sources: distinct outlets, or articles where the outlet is unknown."
    )
    article_count: int
    new_article_count: int = Field(description="Articles the story did not have before this run.")
    first_seen: str = Field(description="When a run first saw the story, ISO 8601.")
    continued: bool = Field(description="An earlier run saw the story.")
    briefing: list[str] = Field(
        default_factory=list, description="The story's briefing files, relative to the index; empty if none."
    )
    note: str | None = Field(default=None, description="Why the story has no briefing, where it has none.")
    since_previous: NewSincePrevious | None = None
    merged: list[MergedStoryNote] = Field(default_factory=list)
    articles: list[IndexArticle]


class QuietStory(BaseModel):
    """A story an earlier run saw that no article of this run continues; kept for a while."""

    id: str
    slug: str
    headline: str
    last_active: str = Field(description="When a run last brought it a new article, ISO 8601.")
    kept_until: str = Field(description="After this, a new article about it starts a new story, ISO 8601.")
    briefing: list[str] = Field(
        default_factory=list, description="Its briefing files in the index's folder, if they are there."
    )


class StoryIndex(BaseModel):
    format_version: str = INDEX_FORMAT_VERSION
    generated_at: str = Field(description="When the index was made, ISO 8601 with time zone.")
    articles: int = Field(description="Articles read in this run.")
    stories: list[IndexStory] = Field(
        description="Stories of two articles or more, or with a briefing before: most outlets first."
    )
    also_reported: list[IndexStory] = Field(
        default_factory=list, description="Stories of a single article in this run, with no briefing."
    )
    quiet: list[QuietStory] = Field(default_factory=list)
    failures: list[Failure] = Field(
        default_factory=list,
        description="Files that could not be read, and articles whose extraction failed.",
    )
