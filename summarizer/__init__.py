"""summarizer: news articles about one story → a sourced briefing.

``summarize(paths, out=["brief.md"])`` is the whole job in one call. The stages are plain
functions over pydantic models in the packages named after them (``summarizer.merge.briefing.merge``,
``summarizer.render.renderer.render``); the names a user needs most are here. Each is imported
on first use, so ``import summarizer`` costs nothing until something is asked of it.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

# Public name → the module that defines it.
_EXPORTS = {
    "summarize": "summarizer.pipeline",
    "brief": "summarizer.pipeline",
    "write_briefing": "summarizer.pipeline",
    "write_stories": "summarizer.pipeline",
    "Run": "summarizer.pipeline",
    "RunReport": "summarizer.pipeline",
    "Summary": "summarizer.pipeline",
    "Endpoint": "summarizer.client.endpoint",
    "Secret": "summarizer.client.endpoint",
    "Prices": "summarizer.client.usage",
    "ingest_paths": "summarizer.ingest.files",
    "load_article": "summarizer.ingest.files",
    "Article": "summarizer.models.article",
    "Sentence": "summarizer.models.article",
    "Actor": "summarizer.models.records",
    "ArticleExtraction": "summarizer.models.records",
    "Citation": "summarizer.models.records",
    "Event": "summarizer.models.records",
    "Figure": "summarizer.models.records",
    "Statement": "summarizer.models.records",
    "Briefing": "summarizer.models.briefing",
    "Failure": "summarizer.models.briefing",
    "StoryIndex": "summarizer.models.story_index",
    "StoryOutputs": "summarizer.stories.briefings",
    "StoriesSummary": "summarizer.stories.briefings",
    "SummarizerError": "summarizer.errors",
    "IngestError": "summarizer.errors",
    "ModelCallError": "summarizer.errors",
    "EmbeddedModelError": "summarizer.errors",
    "CacheDirError": "summarizer.errors",
    "RunLockedError": "summarizer.errors",
    "PreviousBriefingError": "summarizer.errors",
    "ExtractionsFileError": "summarizer.errors",
    "TemplateError": "summarizer.errors",
    "NothingToBriefError": "summarizer.errors",
    "FeedListError": "summarizer.errors",
    "FetchError": "summarizer.errors",
    "NotHtmlError": "summarizer.errors",
    "ArticleWriteError": "summarizer.errors",
    "OutputError": "summarizer.errors",
    "SeveralStoriesError": "summarizer.errors",
}

__all__ = [
    "Actor",
    "Article",
    "ArticleExtraction",
    "ArticleWriteError",
    "Briefing",
    "CacheDirError",
    "Citation",
    "EmbeddedModelError",
    "Endpoint",
    "Event",
    "ExtractionsFileError",
    "Failure",
    "FeedListError",
    "FetchError",
    "Figure",
    "IngestError",
    "ModelCallError",
    "NotHtmlError",
    "NothingToBriefError",
    "OutputError",
    "PreviousBriefingError",
    "Prices",
    "Run",
    "RunLockedError",
    "RunReport",
    "Secret",
    "Sentence",
    "SeveralStoriesError",
    "Statement",
    "StoriesSummary",
    "StoryIndex",
    "StoryOutputs",
    "SummarizerError",
    "Summary",
    "TemplateError",
    "__version__",
    "brief",
    "ingest_paths",
    "load_article",
    "summarize",
    "write_briefing",
    "write_stories",
]

if TYPE_CHECKING:
    from summarizer.client.endpoint import Endpoint, Secret
    from summarizer.client.usage import Prices
    from summarizer.errors import (
        ArticleWriteError,
        CacheDirError,
        EmbeddedModelError,
        ExtractionsFileError,
        FeedListError,
        FetchError,
        IngestError,
        ModelCallError,
        NothingToBriefError,
        NotHtmlError,
        OutputError,
        PreviousBriefingError,
        RunLockedError,
        SeveralStoriesError,
        SummarizerError,
        TemplateError,
    )
    from summarizer.ingest.files import ingest_paths, load_article
    from summarizer.models.article import Article, Sentence
    from summarizer.models.briefing import Briefing, Failure
    from summarizer.models.records import Actor, ArticleExtraction, Citation, Event, Figure, Statement
    from summarizer.models.story_index import StoryIndex
    from summarizer.pipeline import Run, RunReport, Summary, brief, summarize, write_briefing, write_stories
    from summarizer.stories.briefings import StoriesSummary, StoryOutputs


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'summarizer' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value  # found once; later look-ups do not come here
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
