"""The errors a user can act on, one family, and the one way a validation error becomes a line.

Every error the library raises for bad input, an unusable cache, a model that cannot be reached
or a template that does not render is a ``SummarizerError`` whose message is one line saying what
is wrong and where. Anything else that escapes is a bug.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pydantic import ValidationError

    from summarizer.pipeline import RunReport


class SummarizerError(Exception):
    """An error a user can act on; ``str(error)`` is one line."""


class IngestError(SummarizerError):
    """A file that cannot be read as an article."""

    def __init__(self, path: str, reason: str) -> None:
        self.path = path
        self.reason = " ".join(reason.split())
        super().__init__(f"{self.path}: {self.reason}")


class ModelCallError(SummarizerError):
    """A model call that failed for good; the message carries no secret."""


class EmbeddedModelError(SummarizerError):
    """The embedded model cannot be used; the message says what to do."""


class CacheDirError(SummarizerError):
    """The cache or the call log in the cache directory cannot be opened or written."""


class RunLockedError(SummarizerError):
    """Another run held the cache directory's lock for longer than this run would wait."""


class PreviousBriefingError(SummarizerError):
    """A previous briefing that cannot be used."""


class ExtractionsFileError(SummarizerError):
    """An extractions file (``summarize extract``'s output) that cannot be read."""


class OutputError(SummarizerError):
    """An output file that cannot be written (a full disk, a quota); the outputs are left as they were."""


class TemplateError(SummarizerError):
    """A briefing template that cannot be loaded or rendered."""


class FeedListError(SummarizerError):
    """A feeds file (``summarize fetch --feeds``) that cannot be read, or a feed URL that is not one."""


class FetchError(SummarizerError):
    """A feed, page or robots.txt that could not be downloaded or used: ``url``, and why in a few words."""

    def __init__(self, url: str, reason: str) -> None:
        self.url = url
        self.reason = " ".join(reason.split())
        super().__init__(f"{url}: {self.reason}")


class NotHtmlError(FetchError):
    """A link to something other than an HTML page (a PDF, a video): skipped, not failed."""


class ArticleWriteError(SummarizerError):
    """A fetched article that could not be written to its folder (a full disk, no permission).

    ``written`` is how many articles the run had written before."""

    def __init__(self, message: str, written: int) -> None:
        super().__init__(message)
        self.written = written


class SeveralStoriesError(SummarizerError):
    """Articles that tell several stories, given for one briefing (which would compare their records)."""


class NothingToBriefError(SummarizerError):
    """No article produced any record, so there is no briefing to write.

    ``report`` is the run's report (``pipeline.RunReport``): which articles failed and why."""

    def __init__(self, message: str, report: RunReport | None = None) -> None:
        super().__init__(message)
        self.report = report


def validation_message(error: ValidationError, *, top: str | None = None, count_more: bool = False) -> str:
    """The first problem of ``error`` as ``where: what`` on one line.

    ``where`` is the dotted location of the bad value, or ``top`` where the problem is the whole
    value (left out when ``top`` is None); ``count_more`` adds how many other problems there are.
    """
    problems = error.errors(include_url=False)
    first = problems[0]
    where = ".".join(str(part) for part in first["loc"]) or top
    what = next((line.strip() for line in str(first["msg"]).splitlines() if line.strip()), "")
    more = f" (and {len(problems) - 1} more)" if count_more and len(problems) > 1 else ""
    return f"{where}: {what}{more}" if where else f"{what}{more}"
