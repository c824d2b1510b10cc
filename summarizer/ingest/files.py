"""Reading article files and folders into ``Article`` objects.

Decoding: UTF-8 (a byte-order mark is dropped); a file that is not valid UTF-8 is read as cp1252,
and failing that as latin-1, which never fails. A file with a UTF-16 byte-order mark is read as
UTF-16. Any other file containing NUL bytes is rejected as binary.

Limits: an article's text (after extraction from HTML or JSON, and normalisation) may have at most
``max_chars`` characters (``MAX_ARTICLE_CHARS`` by default, about 25 model-context chunks); a
longer one is rejected before it is cut into sentences, the slow part of reading. A file of more
than ``MAX_FILE_BYTES`` bytes (or 4 bytes per allowed character, if that is more) is rejected
before it is read, so a huge file never fills memory.

Paths: an article's ``path``, and a failure's, is the path as given or found in a folder, with
control characters (a newline) and bytes of a file name that are not UTF-8 written ``\\xNN``, so
it fits on one line of any output.

Normalisation (``normalise_text``): Unicode NFC, and ``\\r\\n`` and ``\\r`` line endings become ``\\n``.
Nothing else is changed. All offsets (sentences, excluded spans, citations) refer to the
normalised text of the article, ``Article.text``.

Formats, by file suffix:

- ``.txt``: plain text.
- ``.md``: Markdown, kept as written. Optional front matter between ``---`` lines at the very top,
  made of ``key: value`` lines, gives the metadata (``title``; ``outlet``, ``source`` or ``site``;
  ``published`` or ``date``; ``url``); a value may be quoted as in YAML (``"a \\"quoted\\" title"``,
  ``'it''s'``). The front matter is removed: ``Article.text`` starts after it.
- ``.json``: an object with a string ``text`` and optional ``title``, ``outlet`` (or ``source`` or
  ``site``), ``published`` (or ``date``) and ``url``. Half a surrogate pair escaped in a string
  (``"\\ud800"``) becomes U+FFFD.
- ``.html``, ``.htm``: the main text and metadata as extracted by trafilatura; where trafilatura
  finds nothing, the text of the body without scripts, styles, navigation, headers and footers.
  Control characters no page shows (and lxml refuses) become spaces first.

Metadata given by the file wins; otherwise the title is the article's headline or first heading
(see ``boilerplate``). ``published`` is an ISO 8601 date (YYYY-MM-DD) when it can be parsed, else
the string as given. Datelines in the text are never used as the publication date.
"""

from __future__ import annotations

import codecs
import errno
import hashlib
import json
import os
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Any

from summarizer.errors import IngestError
from summarizer.ingest.boilerplate import find_exclusions
from summarizer.ingest.limits import MAX_ARTICLE_CHARS, MAX_FILE_BYTES
from summarizer.ingest.sentences import Segmenter, segment_sentences
from summarizer.models.article import Article
from summarizer.models.briefing import Failure

SUPPORTED_SUFFIXES = (".txt", ".md", ".html", ".htm", ".json")

_METADATA_KEYS = {
    "title": ("title",),
    "outlet": ("outlet", "source", "site"),
    "published": ("published", "date"),
    "url": ("url",),
}
_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(?P<body>.*?)^---[ \t]*(?:\n|\Z)", re.DOTALL | re.MULTILINE)
_FRONT_MATTER_LINE = re.compile(r"(?P<key>[A-Za-z_][\w-]*)[ \t]*:(?:[ \t]+(?P<value>.*))?")
_DATE_FORMATS = ("%B %d, %Y", "%b %d, %Y", "%B %d %Y", "%b %d %Y", "%d %B %Y", "%d %b %Y", "%Y/%m/%d")
_ISO_DATE_PREFIX = re.compile(r"\d{4}-\d{2}-\d{2}")
# A JSON string may escape half a surrogate pair ("\ud800"), which no text can hold: it becomes U+FFFD.
_SURROGATE = re.compile("[\ud800-\udfff]")
_UNSHOWABLE = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff]")
# Control characters lxml refuses in a text; an HTML page shows none of them.
_XML_INCOMPATIBLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_WHITE_SPACE = re.compile(r"\s+")
_HTML_NOISE = ("script", "style", "noscript", "template", "nav", "header", "footer", "aside", "form")
_HTML_BLOCKS = (
    "p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "section", "article",
    "blockquote", "pre", "tr", "table", "figure", "figcaption", "dd", "dt", "main",
)  # fmt: skip


@dataclass
class IngestResult:
    """Articles read, files that could not be used, and what was not read again ``(path, why)``:
    a copy of a text already read, a folder reached a second time by a link."""

    articles: list[Article] = field(default_factory=list)
    failures: list[Failure] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)


@dataclass
class ParsedText:
    """A file's text and the metadata the file itself gives (``title``, ``outlet``, ``published``,
    ``url``)."""

    text: str
    metadata: dict[str, str] = field(default_factory=dict)


def _shown_path(path: str) -> str:
    """``path`` as one line of text that can be written anywhere: an article's ``path``.

    A control character (a newline) and a byte of a file name that is not UTF-8 (which Python
    holds as a surrogate) become ``\\xNN``; any other path is unchanged.
    """
    return _UNSHOWABLE.sub(lambda match: f"\\x{ord(match.group()) & 0xFF:02x}", path)


def _error(path: str, reason: str) -> IngestError:
    return IngestError(_shown_path(path), reason)


def normalise_text(raw: str) -> str:
    """Unicode NFC with ``\\n`` line endings; the text every offset refers to."""
    return unicodedata.normalize("NFC", raw).replace("\r\n", "\n").replace("\r", "\n")


def ingest_paths(
    paths: Sequence[str | os.PathLike[str]],
    segment: Segmenter = segment_sentences,
    *,
    max_chars: int = MAX_ARTICLE_CHARS,
) -> IngestResult:
    """Read files and folders (recursively) into articles, collecting failures instead of raising.

    Folders are read in name order, skipping hidden entries and files with other suffixes; each
    folder is read once, so symbolic link loops end. A text already read under another name is
    listed in ``skipped`` and not read again, like a folder reached again through a link. ``segment`` cuts texts into sentences (the cache's
    memo of it makes a rerun over unchanged articles fast); a text of more than ``max_chars``
    characters is a failure.
    """
    result = IngestResult()
    walker = _Walker(result, segment, max_chars)
    for path in paths:
        walker.visit(os.fspath(path), given=True)
    return result


def load_article(
    path: str | os.PathLike[str],
    segment: Segmenter = segment_sentences,
    *,
    max_chars: int = MAX_ARTICLE_CHARS,
) -> Article:
    """Read one article file; raises ``IngestError`` when it cannot be used."""
    display = os.fspath(path)
    suffix = Path(display).suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        supported = ", ".join(SUPPORTED_SUFFIXES)
        raise _error(display, f"unsupported file type {suffix or '(none)'!r} (supported: {supported})")
    data = _read_bytes(display, max(MAX_FILE_BYTES, 4 * max_chars))
    raw = _decode(display, data)
    if suffix == ".json":
        parsed = _parse_json(display, raw)
    elif suffix in (".html", ".htm"):
        parsed = parse_html(raw)
    elif suffix == ".md":
        parsed = _parse_markdown(normalise_text(raw))
    else:
        parsed = ParsedText(raw)
    return build_article(display, parsed.text, segment=segment, max_chars=max_chars, **parsed.metadata)


def build_article(
    path: str,
    text: str,
    *,
    title: str | None = None,
    outlet: str | None = None,
    published: str | None = None,
    url: str | None = None,
    segment: Segmenter = segment_sentences,
    max_chars: int = MAX_ARTICLE_CHARS,
) -> Article:
    """An article from its text: normalised, with excluded spans, sentences and a title.

    Raises ``IngestError`` when no sentence is left to cite, or the text has more than
    ``max_chars`` characters.
    """
    path = _shown_path(path)
    text = normalise_text(text)
    if not text.strip():
        raise _error(path, "empty article (no text after normalisation)")
    if len(text) > max_chars:
        raise _error(
            path,
            f"too long for one article: {len(text):,} characters (limit {max_chars:,})",
        )
    exclusions = find_exclusions(text)
    sentences = segment(text, exclusions.excluded)
    if not sentences:
        raise _error(path, "no article text (only headings and boilerplate)")
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return Article(
        id=digest[:16],
        path=path,
        content_hash=digest,
        text=text,
        title=title or exclusions.title,
        outlet=outlet,
        published=_iso_date(published) if published else None,
        url=url,
        sentences=sentences,
        excluded=exclusions.excluded,
    )


class _Walker:
    """Depth-first reading of files and folders into an ``IngestResult``."""

    def __init__(self, result: IngestResult, segment: Segmenter, max_chars: int) -> None:
        self.result = result
        self.segment = segment
        self.max_chars = max_chars
        self.folders_read: dict[str, str] = {}
        self.kept_by_hash: dict[str, str] = {}

    def visit(self, path: str, *, given: bool = False) -> None:
        if os.path.isdir(path):
            self._visit_folder(path)
        elif os.path.isfile(path):
            if given or Path(path).suffix.lower() in SUPPORTED_SUFFIXES:
                self._visit_file(path)
        elif given or os.path.islink(path):
            self._fail(path, _missing_reason(path))

    def _fail(self, path: str, reason: str) -> None:
        self.result.failures.append(Failure(path=_shown_path(path), error=reason))

    def _visit_folder(self, path: str) -> None:
        resolved = os.path.realpath(path)
        if resolved in self.folders_read:
            why = f"same folder as {self.folders_read[resolved]}, already read"
            self.result.skipped.append((_shown_path(path), why))
            return
        self.folders_read[resolved] = _shown_path(path)
        try:
            names = sorted(os.listdir(path))
        except OSError as error:
            self._fail(path, f"cannot list folder: {_os_reason(error)}")
            return
        for name in names:
            if not name.startswith("."):
                self.visit(os.path.join(path, name))

    def _visit_file(self, path: str) -> None:
        try:
            article = load_article(path, self.segment, max_chars=self.max_chars)
        except IngestError as error:
            self.result.failures.append(Failure(path=error.path, error=error.reason))
            return
        kept = self.kept_by_hash.get(article.content_hash)
        if kept is None:
            self.kept_by_hash[article.content_hash] = article.path
            self.result.articles.append(article)
        else:
            self.result.skipped.append((article.path, f"same text as {kept}"))


def _missing_reason(path: str) -> str:
    try:
        os.stat(path)
    except OSError as error:
        if error.errno == errno.ELOOP:
            return "symbolic link loop"
        if os.path.islink(path):
            return "broken symbolic link"
        return _os_reason(error)
    return "not a regular file or folder"


def _os_reason(error: OSError) -> str:
    return (error.strerror or str(error)).lower()


def _read_bytes(path: str, limit: int) -> bytes:
    """The file's bytes; a file of more than ``limit`` bytes is refused before it is read."""
    try:
        with open(path, "rb") as file:
            size = os.fstat(file.fileno()).st_size
            if size > limit:
                raise _error(path, f"too large for one article: {size:,} bytes (limit {limit:,})")
            return file.read()
    except IsADirectoryError:
        raise _error(path, "is a folder, not an article file") from None
    except OSError as error:
        raise _error(path, f"cannot read file: {_os_reason(error)}") from None


def _decode(path: str, data: bytes) -> str:
    """UTF-8 (BOM dropped), else cp1252, else latin-1; UTF-16 only with its byte-order mark."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise _error(path, "binary file (invalid UTF-16 text)") from None
    if b"\x00" in data:
        raise _error(path, "binary file (contains NUL bytes)")
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1")


def _parse_markdown(text: str) -> ParsedText:
    """Split off front matter (``key: value`` lines between ``---`` lines at the very top)."""
    match = _FRONT_MATTER.match(text)
    if match is None:
        return ParsedText(text)
    fields: dict[str, Any] = {}
    for line in match.group("body").split("\n"):
        if not line.strip() or line.lstrip().startswith(("#", "- ")) or line[:1].isspace():
            continue
        pair = _FRONT_MATTER_LINE.fullmatch(line.rstrip())
        if pair is None:
            return ParsedText(text)
        fields[pair.group("key").lower()] = _unquote(pair.group("value") or "")
    return ParsedText(text[match.end() :], _metadata(fields))


def _unquote(value: str) -> str:
    """A front-matter value as YAML reads a one-line scalar: ``"..."`` with backslash escapes (JSON's
    are YAML's), ``'...'`` with ``''`` for a quote; a quoted value whose escapes are not valid keeps
    what is between its quotes as written."""
    value = value.strip()
    if len(value) < 2 or value[0] != value[-1] or value[0] not in "\"'":
        return value
    if value[0] == "'":
        return value[1:-1].replace("''", "'")
    try:
        decoded = json.loads(value)
    except json.JSONDecodeError:
        return value[1:-1]
    return _SURROGATE.sub("\ufffd", decoded) if isinstance(decoded, str) else value[1:-1]


def _parse_json(path: str, raw: str) -> ParsedText:
    try:
        document = json.loads(raw)
    except json.JSONDecodeError as error:
        raise _error(path, f"invalid JSON: {error.msg} (line {error.lineno})") from None
    except RecursionError:
        raise _error(path, "invalid JSON: nested too deeply") from None
    if not isinstance(document, dict):
        raise _error(path, "JSON article must be an object with a string 'text' field")
    if not isinstance(document.get("text"), str):
        raise _error(path, "JSON article has no string 'text' field")
    fields = {key: value for key, value in document.items() if isinstance(key, str)}
    source = fields.get("source")
    if isinstance(source, dict) and isinstance(source.get("name"), str):
        fields["source"] = source["name"]
    fields = {
        key: _SURROGATE.sub("\ufffd", value) if isinstance(value, str) else value
        for key, value in fields.items()
    }
    return ParsedText(fields["text"], _metadata(fields))


def _metadata(fields: dict[str, Any]) -> dict[str, str]:
    """The first non-empty string under each metadata key or its aliases."""
    metadata: dict[str, str] = {}
    for name, keys in _METADATA_KEYS.items():
        values = (fields.get(key) for key in keys)
        value = next((v.strip() for v in values if isinstance(v, str) and v.strip()), None)
        if value is not None:
            metadata[name] = value
    return metadata


def parse_html(raw: str) -> ParsedText:
    """The main text of an HTML page or fragment, and its metadata (title, site name, date, canonical
    URL) as trafilatura finds them; the visible text of the body where trafilatura finds nothing."""
    import trafilatura  # about 0.15 s to import: only for HTML files
    from trafilatura.settings import Document

    raw = _XML_INCOMPATIBLE.sub(" ", raw)
    try:
        document = trafilatura.bare_extraction(raw, with_metadata=True, include_comments=False)
    except Exception:  # a third-party extractor on arbitrary input: fall back to the plain text
        document = None
    # A dict only with ``as_dict=True``; None when nothing was extracted.
    if not isinstance(document, Document) or not (text := document.text or "").strip():
        return ParsedText(_html_body_text(raw))
    fields = {
        "title": document.title,
        "outlet": document.sitename or document.hostname,
        "published": document.date,
        "url": document.url,
    }
    return ParsedText(text, _metadata(fields))


def _html_body_text(raw: str) -> str:
    """The visible text of the body, one block element per paragraph."""
    import lxml.html
    from lxml.etree import ParserError

    try:
        tree = lxml.html.document_fromstring(raw)
    except (ParserError, ValueError):
        return ""
    for element in tree.xpath("//" + " | //".join(_HTML_NOISE)):
        element.drop_tree()
    for element in tree.iter():
        element.text = _collapse_spaces(element.text)
        element.tail = _collapse_spaces(element.tail)
    for element in tree.iter(*_HTML_BLOCKS):
        element.tail = "\n" + (element.tail or "")
    body = tree.find("body")
    lines = (body if body is not None else tree).text_content().split("\n")
    return "\n\n".join(line.strip() for line in lines if line.strip())


def _collapse_spaces(text: str | None) -> str | None:
    """Each run of white space made one space; one at either end is kept, since it parts words
    (``voted <b>7</b> on``)."""
    return _WHITE_SPACE.sub(" ", text) if text else text


def _iso_date(raw: str) -> str:
    """``YYYY-MM-DD`` when ``raw`` is a recognisable date, else ``raw`` as given."""
    value = raw.strip()
    if _ISO_DATE_PREFIX.match(value):
        try:
            return datetime.strptime(value[:10], "%Y-%m-%d").date().isoformat()
        except ValueError:
            return value
    for date_format in _DATE_FORMATS:
        try:
            return datetime.strptime(value, date_format).date().isoformat()
        except ValueError:
            continue
    try:
        return parsedate_to_datetime(value).date().isoformat()
    except (TypeError, ValueError, IndexError):
        return value
