"""The text of an HTML page's bytes, in the encoding the page declares.

As browsers do (the WHATWG encoding sniffing rules, simplified): a byte-order mark wins, then the
``charset`` of the Content-Type header, then a ``<meta charset>`` or ``<meta http-equiv>`` in the
first 1,024 bytes; with none, UTF-8 if the bytes are valid UTF-8, else windows-1252. The labels
``iso-8859-1``, ``latin1`` and ``us-ascii`` mean windows-1252, as in every browser, and a
``<meta>`` naming UTF-16 in an ASCII-compatible page means UTF-8. Bytes invalid in the chosen
encoding become U+FFFD.
"""

from __future__ import annotations

import codecs
import re

_BOMS = ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"))
_PRESCAN_BYTES = 1024
_META_CHARSET = re.compile(rb"""<meta[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_HEADER_CHARSET = re.compile(r"""charset\s*=\s*["']?([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
# Python's names for the labels that browsers read as windows-1252.
_WINDOWS_1252_ALIASES = frozenset({"iso8859-1", "ascii"})


def decode_html(body: bytes, content_type: str | None) -> str:
    """``body`` as text, decoded as described in the module's docstring."""
    for bom, bom_encoding in _BOMS:
        if body.startswith(bom):
            return body[len(bom) :].decode(bom_encoding, errors="replace")
    header = _HEADER_CHARSET.search(content_type or "")
    encoding: str | None = _encoding(header.group(1)) if header else None
    if encoding is None and (meta := _META_CHARSET.search(body[:_PRESCAN_BYTES])):
        encoding = _encoding(meta.group(1).decode("ascii"))
        if encoding is not None and encoding.startswith("utf-16"):
            encoding = "utf-8"
    if encoding is None:
        try:
            return body.decode("utf-8")
        except UnicodeDecodeError:
            encoding = "cp1252"
    return body.decode(encoding, errors="replace")


def _encoding(label: str) -> str | None:
    """Python's codec for a charset label; None for a label it does not know."""
    try:
        name = codecs.lookup(label).name
    except LookupError:
        return None
    return "cp1252" if name in _WINDOWS_1252_ALIASES else name
