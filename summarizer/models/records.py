"""Grounded records: what an article says, each record carrying verified citations.

These are the records after grounding (``ground/grounding.py``): every ``Citation`` has been resolved to a
character span of its article's text and ``quote`` is exactly that text. The merge step combines
records of several articles into records of the same types with more citations.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, Field

from summarizer.models.article import Article

Qualifier = Literal["exact", "at_least", "more_than", "about", "at_most", "less_than"]
QUALIFIER_WORDS: dict[Qualifier, str] = {
    "exact": "",
    "at_least": "at least",
    "more_than": "more than",
    "about": "about",
    "at_most": "at most",
    "less_than": "less than",
}
Status = Literal["reported", "unconfirmed"]


class Citation(BaseModel):
    """Exact words of one article: ``quote == article.text[start:end]``."""

    article_id: str
    path: str
    start: int = Field(ge=0)
    end: int = Field(ge=0)
    quote: str
    sentence_id: int | None = Field(default=None, description="The [S<id>] the model cited, where any.")


class Record(BaseModel):
    citations: list[Citation] = Field(min_length=1)
    status: Status = "reported"
    hedge: str | None = Field(
        default=None, description="The words that mark the record as unconfirmed (e.g. 'is believed to')."
    )
    attribution: str | None = Field(
        default=None,
        description="Who the article says reported or claimed it (e.g. 'SOHR'), as the article writes it.",
    )
    source_count: int = Field(
        default=1,
        ge=1,
        description="Independent sources that support it: distinct outlets, or articles where the outlet is unknown.",
    )

    @property
    def article_ids(self) -> list[str]:
        """The distinct articles that support this record, in citation order."""
        return list(dict.fromkeys(c.article_id for c in self.citations))


class Event(Record):
    kind: Literal["event"] = "event"
    description: str
    actors: list[str] = Field(default_factory=list)
    when: str | None = None
    where: str | None = None


class Figure(Record):
    kind: Literal["figure"] = "figure"
    measure: str = Field(description="What is counted, normalised: 'deaths', 'injuries', 'air strikes'…")
    subject: str | None = Field(
        default=None,
        description="Of whom: a group, normalised ('civilians'), or, for a count that does not run up, "
        "the name it belongs to as written ('Labour' for 'Labour win 410 seats'); None for a total.",
    )
    value: float = Field(description="The value, or the lower end of a range.")
    value_max: float | None = Field(default=None, description="The upper end of a range ('300-350').")
    value_text: str = Field(description="The number as the article writes it, e.g. '14,000' or 'four'.")
    unit: str | None = None
    qualifier: Qualifier = "exact"
    cause: str | None = Field(
        default=None,
        description="The kind of action the sentence says produced it (e.g. 'airstrike', 'offensive').",
    )
    where: str | None = Field(default=None, description="The places the cited sentence names.")
    as_of: str | None = Field(default=None, description="The time the figure is given as of, as written.")
    condition: str | None = Field(
        default=None,
        description="The words that make the number a condition or a scenario, not a count "
        "('would have', 'if'); such a figure is compared with no other.",
    )


class Statement(Record):
    kind: Literal["statement"] = "statement"
    speaker: str
    content: str
    quoted: bool = Field(
        default=False, description="The cited text carries the speaker's own words in quotes."
    )


class Actor(BaseModel):
    name: str
    aliases: list[str] = Field(default_factory=list)
    citations: list[Citation] = Field(min_length=1)
    source_count: int = Field(default=1, ge=1, description="Independent sources that name the actor.")


class Dropped(BaseModel):
    """A record the model returned that grounding rejected, kept for the run's account."""

    kind: str
    reason: str
    record: dict[str, Any]


class Recited(BaseModel):
    """A record whose key field was not in the sentence the model cited but in a sentence next to it."""

    kind: str
    cited: int = Field(description="The sentence the model cited.")
    found: int = Field(description="The sentence the record now cites.")
    record: dict[str, Any]


class ArticleExtraction(BaseModel):
    """Everything extracted from one article; one line of ``extractions.jsonl``."""

    article: Article
    model: str
    events: list[Event] = Field(default_factory=list)
    figures: list[Figure] = Field(default_factory=list)
    statements: list[Statement] = Field(default_factory=list)
    actors: list[Actor] = Field(default_factory=list)
    dropped: list[Dropped] = Field(default_factory=list)
    recited: list[Recited] = Field(default_factory=list)
    error: str | None = Field(default=None, description="Why extraction failed, where it did.")
