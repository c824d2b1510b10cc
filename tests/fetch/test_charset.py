from __future__ import annotations

import codecs

import pytest

from summarizer.fetch.charset import decode_html

TEXT = "Café “Zürich” – 5 € résumé"


def test_the_header_charset_wins_over_meta() -> None:
    body = f'<meta charset="utf-8"><p>{TEXT}</p>'.encode("cp1252")
    assert TEXT in decode_html(body, "text/html; charset=windows-1252")


def test_a_meta_charset_is_read_when_the_header_has_none() -> None:
    body = f'<html><head><meta charset="windows-1252"></head><p>{TEXT}</p>'.encode("cp1252")
    assert TEXT in decode_html(body, "text/html")


def test_a_meta_http_equiv_is_read() -> None:
    meta = '<meta http-equiv="Content-Type" content="text/html; charset=ISO-8859-15">'
    body = f"{meta}<p>Prix : 5 €</p>".encode("iso-8859-15")
    assert "Prix : 5 €" in decode_html(body, None)


@pytest.mark.parametrize("label", ["iso-8859-1", "latin1", "US-ASCII"])
def test_latin_1_and_ascii_labels_mean_windows_1252(label: str) -> None:
    body = TEXT.encode("cp1252")  # the quotes, the dash and the euro sign are bytes 0x80-0x9f
    assert decode_html(body, f"text/html; charset={label}") == TEXT


def test_without_any_label_utf_8_then_windows_1252() -> None:
    assert decode_html(TEXT.encode("utf-8"), None) == TEXT
    assert decode_html(TEXT.encode("cp1252"), "text/html") == TEXT


def test_a_byte_order_mark_wins_over_every_label() -> None:
    assert decode_html(codecs.BOM_UTF8 + TEXT.encode("utf-8"), "text/html; charset=latin1") == TEXT
    assert decode_html(codecs.BOM_UTF16_LE + TEXT.encode("utf-16-le"), None) == TEXT


def test_a_meta_naming_utf_16_in_an_ascii_compatible_page_means_utf_8() -> None:
    body = f'<meta charset="utf-16"><p>{TEXT}</p>'.encode()
    assert TEXT in decode_html(body, None)


def test_an_unknown_label_is_ignored_and_bad_bytes_are_replaced() -> None:
    assert decode_html("Café".encode(), "text/html; charset=x-no-such") == "Café"
    assert decode_html(b"caf\xc3", "text/html; charset=utf-8") == "caf\ufffd"
