"""The briefing: merged, sourced records of a set of articles, ready to render.

``Briefing`` is also the public JSON output (``--format json``); its JSON Schema is generated into
``schemas/briefing.schema.json`` (see ``schemas.py``).
"""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, Field

from summarizer.records import Actor, Event, Figure, Statement

BRIEFING_FORMAT_VERSION = "1"

AnyRecord = Annotated[Event | Figure | Statement, Field(discriminator="kind")]


class Source(BaseModel):
    article_id: str
    path: str
    title: str | None = None
    outlet: str | None = None
    published: str | None = None
    url: str | None = None


class Failure(BaseModel):
    """An article that produced no extraction in this run, and why."""

    path: str
    error: str


class Briefing(BaseModel):
    format_version: str = BRIEFING_FORMAT_VERSION
    title: str
    generated_at: str = Field(description="When the briefing was made, ISO 8601 with time zone.")
    model: str | None = Field(default=None, description="The model the extractions came from.")
    sources: list[Source]
    developments: list[Event] = Field(description="Reported events, most-sourced first.")
    figures: list[Figure]
    statements: list[Statement]
    unconfirmed: list[AnyRecord] = Field(
        description="Records the articles report as unconfirmed, claimed or rumoured."
    )
    actors: list[Actor]
    failures: list[Failure] = Field(default_factory=list)

    @property
    def citation_count(self) -> int:
        records = [*self.developments, *self.figures, *self.statements, *self.unconfirmed]
        return sum(len(r.citations) for r in records)
