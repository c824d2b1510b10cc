"""An article as the tool reads it: normalised text, metadata, and the sentences offered to the model.

All offsets (sentences, excluded spans, citations) are character offsets into ``Article.text``,
the text after normalisation (Unicode NFC, ``\\n`` line endings). Nothing else is ever indexed.
"""

from __future__ import annotations

from pydantic import BaseModel, Field


class Span(BaseModel):
    """A half-open character range ``[start, end)`` of ``Article.text``."""

    start: int = Field(ge=0)
    end: int = Field(ge=0)


class Sentence(Span):
    """One sentence offered to the model as ``[S<id>]``; ids start at 1 and follow text order."""

    id: int = Field(ge=1)


class Excluded(Span):
    """Text kept in the article (offsets stay valid) but never shown to the model nor cited."""

    reason: str


class Article(BaseModel):
    id: str = Field(description="Stable id: the first 16 hex digits of the text's sha256.")
    path: str = Field(description="The file the article was read from, as given by the user.")
    content_hash: str = Field(description="sha256 of the normalised text.")
    text: str
    title: str | None = None
    outlet: str | None = None
    published: str | None = Field(default=None, description="Publication date as ISO 8601, where known.")
    url: str | None = None
    sentences: list[Sentence] = Field(default_factory=list)
    excluded: list[Excluded] = Field(default_factory=list)

    def span_text(self, span: Span) -> str:
        return self.text[span.start : span.end]

    def sentence(self, sentence_id: int) -> Sentence | None:
        """The sentence with this id, or None where the article has no such sentence."""
        index = sentence_id - 1
        if 0 <= index < len(self.sentences) and self.sentences[index].id == sentence_id:
            return self.sentences[index]
        return next((s for s in self.sentences if s.id == sentence_id), None)
