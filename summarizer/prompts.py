"""The prompts, rendered from the Jinja templates in ``prompts/``.

Each call is ``system`` + one user message: the sentence-numbered article first, the task last.
The article part is identical for every record kind, so a server with prefix caching (llama.cpp)
evaluates it once per article. A prompt's version is a hash of the templates it is made of, so
editing a template invalidates exactly the cached extractions it produced.
"""

from __future__ import annotations

import hashlib
import re
from functools import lru_cache

import jinja2

from summarizer.article import Article
from summarizer.drafts import RecordKind
from summarizer.resources import prompts_dir

_WHITESPACE = re.compile(r"\s+")


@lru_cache(maxsize=1)
def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(prompts_dir()),
        undefined=jinja2.StrictUndefined,
        autoescape=False,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
    )


def _templates_for(kind: RecordKind) -> tuple[str, ...]:
    return ("system.j2", "article.j2", f"{kind}.j2")


def prompt_version(kind: RecordKind) -> str:
    digest = hashlib.sha256()
    for name in _templates_for(kind):
        digest.update(name.encode() + b"\0" + (prompts_dir() / name).read_bytes() + b"\0")
    return digest.hexdigest()[:12]


def messages_for(article: Article, kind: RecordKind) -> list[dict[str, str]]:
    """The chat messages asking for ``kind`` records of ``article``."""
    env = _environment()
    sentences = [
        {"id": s.id, "text": _WHITESPACE.sub(" ", article.span_text(s)).strip()} for s in article.sentences
    ]
    body = env.get_template("article.j2").render(title=article.title, sentences=sentences)
    task = env.get_template(f"{kind}.j2").render()
    return [
        {"role": "system", "content": env.get_template("system.j2").render().strip()},
        {"role": "user", "content": f"{body.strip()}\n\n{task.strip()}"},
    ]
