"""The briefing: merged, sourced records of a set of articles, ready to render.

``Briefing`` is also the public JSON output (``--format json``); its JSON Schema is generated into
``schemas/briefing.schema.json`` (see ``models/json_schemas.py``).
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, Field

from summarizer.models.records import Actor, Citation, Dropped, Event, Figure, Qualifier, Statement, Status

BRIEFING_FORMAT_VERSION = "4"
READABLE_FORMAT_VERSIONS = ("2", "3", "4")  # versions a previous briefing may have (``merge/changes.py``)

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


class ClaimedValue(BaseModel):
    """One value outlets give for a figure or for the day of an event, with everything that supports it."""

    text: str = Field(description="The value as shown: 'over 327', 'between 300 and 350', 'on Wednesday'.")
    value: float | None = Field(default=None, description="A figure's value (lower end of a range).")
    value_max: float | None = None
    qualifier: Qualifier | None = None
    unit: str | None = None
    day: str | None = Field(
        default=None, description="A date's normalised day: 'weekday:wednesday', 'date:2024-11-27'."
    )
    as_of: str | None = None
    where: str | None = Field(default=None, description="The place its sentence counts, where it names one.")
    published: str | None = Field(default=None, description="When its first article was published.")
    status: Status = "reported"
    hedge: str | None = None
    attribution: str | None = None
    source_count: int = Field(ge=1)
    citations: list[Citation] = Field(min_length=1)


class Disagreement(BaseModel):
    """Outlets that give different values for the same figure, or different days for the same event."""

    kind: Literal["figure", "date"]
    about: str = Field(description="What the values are about: 'deaths', 'deaths of civilians', or an event.")
    measure: str | None = None
    subject: str | None = None
    where: str | None = None
    mutually_exclusive: bool = Field(
        description=(
            "If the values are about the same thing, no single truth satisfies them all ('exactly 300' / "
            "'exactly 350', 'Wednesday' / 'Thursday'); False when they differ but could all hold "
            "('over 327' / 'at least 311')."
        )
    )
    values: list[ClaimedValue] = Field(min_length=2)


class RunningFigure(BaseModel):
    """A toll that outlets gave at different times: every value kept, the latest first.

    Values are ordered by the day each was given (its as-of day, else its article's publication
    date) where at least two days differ, highest first between values of one day: a running count
    (deaths, injuries, people displaced) only grows, so its highest value is its latest. Values of
    no known day then follow, highest first, counted by ``undated``. Where fewer than two days are
    known, all values are highest first.
    """

    about: str = Field(description="What the figure counts: 'deaths', 'deaths of civilians in Aleppo'.")
    measure: str
    subject: str | None = None
    where: str | None = None
    by_time: bool = Field(
        description="Whether the values are in time order (latest first); else highest first."
    )
    values: list[ClaimedValue] = Field(min_length=2, description="Latest first, or highest first.")
    undated: int = Field(
        default=0,
        ge=0,
        description="How many of the last values have no known day: no step of the progression, highest first.",
    )


class FigureChange(BaseModel):
    """A figure this briefing gives that the previous one did not give, or gave with other values.

    Values are ordered highest first.
    """

    about: str = Field(description="What the figure counts: 'deaths', 'deaths of civilians in Aleppo'.")
    measure: str
    subject: str | None = None
    unit: str | None = None
    where: str | None = None
    before: list[ClaimedValue] = Field(
        default_factory=list, description="Its values in the previous briefing; empty for a new figure."
    )
    after: list[ClaimedValue] = Field(min_length=1, description="Its values in this briefing.")
    added: list[ClaimedValue] = Field(
        description="The values of `after` the previous briefing did not give: all of them for a new figure."
    )


class Changes(BaseModel):
    """What a briefing reports that the previous briefing of the same story did not (``merge/changes.py``)."""

    previous_generated_at: str = Field(description="When the previous briefing was made.")
    new_developments: list[Event] = Field(default_factory=list)
    new_figures: list[FigureChange] = Field(default_factory=list)
    changed_figures: list[FigureChange] = Field(default_factory=list)
    new_statements: list[Statement] = Field(default_factory=list)

    @property
    def nothing_new(self) -> bool:
        return not (self.new_developments or self.new_figures or self.changed_figures or self.new_statements)


class Briefing(BaseModel):
    format_version: str = BRIEFING_FORMAT_VERSION
    title: str
    generated_at: str = Field(description="When the briefing was made, ISO 8601 with time zone.")
    model: str | None = Field(default=None, description="The model the extractions came from.")
    sources: list[Source]
    lead: list[Event] = Field(
        default_factory=list,
        description="'In brief': the best-sourced developments, which open the briefing (also in developments).",
    )
    developments: list[Event] = Field(
        description="The main reported events, most-sourced first, then earliest told in their articles."
    )
    also_reported: list[Event] = Field(
        default_factory=list, description="Further reported events, after the main developments."
    )
    disagreements: list[Disagreement] = Field(
        default_factory=list,
        description="Figures and days on which the sources disagree, values side by side.",
    )
    figures: list[Figure] = Field(
        description="Figures no source contradicts; disputed ones are in disagreements."
    )
    running: list[RunningFigure] = Field(
        default_factory=list, description="Tolls given at different times, as a progression."
    )
    statements: list[Statement]
    unconfirmed: list[AnyRecord] = Field(
        description="Records the articles report as unconfirmed, claimed or rumoured."
    )
    actors: list[Actor]
    failures: list[Failure] = Field(default_factory=list)
    dropped: list[Dropped] = Field(
        default_factory=list,
        description="Items taken out because their words do not stand in what they cite, with the reason.",
    )
    since_previous: Changes | None = Field(
        default=None, description="What is new since the previous briefing, where one was given."
    )

    @property
    def citation_count(self) -> int:
        records = [
            *self.developments,
            *self.also_reported,
            *self.figures,
            *self.statements,
            *self.unconfirmed,
        ]
        values = [v for d in self.disagreements for v in d.values]
        values += [v for r in self.running for v in r.values]
        return sum(len(r.citations) for r in [*records, *values])
