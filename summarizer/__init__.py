"""summarizer: a folder of news articles about one story → a sourced briefing.

The stages are plain functions over pydantic models; the public ones are re-exported here.
"""

from summarizer.article import Article, Sentence
from summarizer.briefing import Briefing
from summarizer.config import Endpoint, Secret
from summarizer.ground import ground
from summarizer.ingest import ingest_paths, load_article
from summarizer.merge import merge
from summarizer.pipeline import Run, RunReport, brief
from summarizer.records import Actor, ArticleExtraction, Citation, Event, Figure, Statement
from summarizer.render import render

__version__ = "0.1.0"

__all__ = [
    "Actor",
    "Article",
    "ArticleExtraction",
    "Briefing",
    "Citation",
    "Endpoint",
    "Event",
    "Figure",
    "Run",
    "RunReport",
    "Secret",
    "Sentence",
    "Statement",
    "__version__",
    "brief",
    "ground",
    "ingest_paths",
    "load_article",
    "merge",
    "render",
]
