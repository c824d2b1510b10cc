"""The progress bar of a run on a terminal: articles done out of all, from the first moment."""

from __future__ import annotations

import sys
from typing import Any

import click

from summarizer.extract.extractor import ExtractionProgress
from summarizer.models.records import ArticleExtraction


class TerminalProgress(ExtractionProgress):
    """click's progress bar over the articles, shown on stderr.

    It appears as soon as the articles are read, says when the embedded model is being started
    (which takes a while) and then names each article as it is done. Before that, a line says
    when the run waits for another one.
    """

    def __init__(self) -> None:
        self._bar: Any = None
        self._status = ""

    def waiting_for_lock(self, holder: str) -> None:
        click.echo(f"waiting for another run to finish with the cache directory ({holder})", err=True)

    def started(self, articles: int, calls: int) -> None:
        self._status = f"{calls} model calls to make" if calls else "all from the cache"
        self._bar = click.progressbar(
            length=articles,
            label="extracting",
            file=sys.stderr,
            show_pos=True,
            show_eta=calls > 0,
            item_show_func=lambda _: self._status,
        )
        self._bar.render_progress()

    def model_starting(self) -> None:
        self._status = "starting the embedded model"
        if self._bar is not None:
            self._bar.render_progress()

    def article_done(self, extraction: ArticleExtraction) -> None:
        self._status = extraction.article.path
        if self._bar is not None:
            self._bar.update(1)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.render_finish()
