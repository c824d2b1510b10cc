"""The index of a run's stories as Markdown, JSON or HTML (``templates/index.md.j2``, ``index.html.j2``).

The templates get ``index`` (the ``StoryIndex``) and the functions ``story_link`` (the briefing
file of a story to link from an index of a format: its file of that format, else its Markdown,
else its JSON), ``article_link`` (an article's web address where it is an http(s) one, else
None: an article's own address is never trusted to be a link of another kind), ``moment_text``,
``count``, ``plural`` ("1 story", "2 stories") and ``corroboration``, and the filters ``md`` and ``md_url`` (a link target for
Markdown). HTML is autoescaped.
"""

from __future__ import annotations

from urllib.parse import quote, urlsplit

from summarizer.models.story_index import IndexArticle, IndexStory, QuietStory, StoryIndex
from summarizer.render.renderer import TEMPLATES, Format, page_environment

_TEMPLATES: dict[str, str] = {"md": "index.md.j2", "html": "index.html.j2"}
_LINK_ORDER = ("md", "json")


def render_index(index: StoryIndex, fmt: Format) -> str:
    """The index as text in ``fmt``."""
    if fmt == "json":
        return index.model_dump_json(indent=2) + "\n"
    env = page_environment(fmt, TEMPLATES)
    env.filters["md_url"] = markdown_url
    env.globals.update(
        story_link=lambda story: story_link(story, fmt), article_link=article_link, plural=plural
    )
    return env.get_template(_TEMPLATES[fmt]).render(index=index)


def story_link(story: IndexStory | QuietStory, fmt: Format) -> str | None:
    """The briefing file an index in ``fmt`` links a story to, or None if it has none."""
    by_suffix = {name.rsplit(".", 1)[-1]: name for name in story.briefing}
    return next((by_suffix[s] for s in (fmt, *_LINK_ORDER) if s in by_suffix), None)


def article_link(article: IndexArticle) -> str | None:
    """The article's web address, if it is an http or https one."""
    if article.url and urlsplit(article.url).scheme.lower() in ("http", "https"):
        return article.url
    return None


def plural(n: int, one: str, many: str) -> str:
    """'1 story', '2 stories'."""
    return f"{n} {one if n == 1 else many}"


def markdown_url(url: str) -> str:
    """``url`` as a Markdown link target: spaces, brackets and angle brackets percent-encoded."""
    return quote(url, safe=":/?#@!$&'*+,;=%~-._[]")
