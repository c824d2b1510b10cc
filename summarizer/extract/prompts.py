"""The prompts, rendered from the Jinja templates in ``extract/templates/``.

Each call is ``system`` + one user message: the sentence-numbered article first, the task last.
The article part is identical for every record kind, so a server with prefix caching (llama.cpp)
evaluates it once per article. A prompt's version is a hash of the templates it is made of, so
editing a template invalidates exactly the cached extractions it produced.

Article text (title and sentences) is data: it reaches the templates as values, never as template
source, and each piece is shown on one line (``prompt_text``), so an article cannot lay out a
sentence marker, the end of the article or a task of its own, nor close the user's turn.
"""

from __future__ import annotations

import hashlib
import re
from functools import lru_cache
from pathlib import Path

import jinja2

from summarizer.extract.responses import RecordKind
from summarizer.models.article import Article

TEMPLATES = Path(__file__).resolve().parent / "templates"

_WHITESPACE = re.compile(r"\s+")
# Where chat-template control tokens start: ChatML and Llama 3 ``<|…|>``, DeepSeek's with full-width bars,
# Gemma's ``<start_of_turn>``, ``<s>``, Mistral's ``[INST]``. Servers such as llama-cpp-python
# tokenize the rendered prompt with special tokens enabled, so written in an article they would
# end the user's turn and open another one.
_CONTROL_TOKEN_START = re.compile(r"[<\[](?=[|\uff5c]|/?s>|(?:start|end)_of_turn>|/?INST\])")


@lru_cache(maxsize=1)
def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
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
        digest.update(name.encode() + b"\0" + (TEMPLATES / name).read_bytes() + b"\0")
    return digest.hexdigest()[:12]


def messages_for(article: Article, kind: RecordKind) -> list[dict[str, str]]:
    """The chat messages asking for ``kind`` records of ``article``."""
    env = _environment()
    sentences = [{"id": s.id, "text": prompt_text(article.span_text(s))} for s in article.sentences]
    title = prompt_text(article.title) if article.title else None
    body = env.get_template("article.j2").render(title=title, sentences=sentences)
    task = env.get_template(f"{kind}.j2").render()
    return [
        {"role": "system", "content": env.get_template("system.j2").render().strip()},
        {"role": "user", "content": f"{body.strip()}\n\n{task.strip()}"},
    ]


def prompt_text(text: str) -> str:
    """Article text as it is shown in a prompt: on one line, with control tokens broken.

    Whitespace, line breaks included, becomes single spaces, and a space follows the first
    character of anything that starts like a chat-template control token (``<|im_end|>`` becomes
    ``< |im_end|>``). Nothing else changes: the words the model reads are the article's.
    """
    collapsed = _WHITESPACE.sub(" ", text).strip()
    return _CONTROL_TOKEN_START.sub(lambda match: match.group() + " ", collapsed)
