from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Sequence
from pathlib import Path

import pytest
import trafilatura

from summarizer.errors import IngestError
from summarizer.ingest.files import (
    SUPPORTED_SUFFIXES,
    IngestResult,
    ingest_paths,
    load_article,
    normalise_text,
)
from summarizer.ingest.limits import MAX_ARTICLE_CHARS
from summarizer.ingest.sentences import segment_sentences
from summarizer.models.article import Sentence, Span
from summarizer.models.briefing import Failure
from support.paths import SEEDS

STORY = "Rebels entered Aleppo on Friday, residents said. The army withdrew from several districts.\n"


def write(path: Path, content: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def only_failure(result: IngestResult) -> tuple[str, str]:
    assert result.articles == []
    (failure,) = result.failures
    assert "\n" not in failure.error
    return failure.path, failure.error


# --- normalisation and decoding ---------------------------------------------------------------


def test_normalise_text_composes_and_unifies_line_endings_only() -> None:
    assert normalise_text("Cafe\u0301\r\nline\rnext\n") == "Caf\u00e9\nline\nnext\n"
    untouched = "  tabs\tand  spaces  \n\n\u00a0kept "
    assert normalise_text(untouched) == untouched


def test_utf8_bom_is_dropped(tmp_path: Path) -> None:
    article = load_article(write(tmp_path / "bom.txt", b"\xef\xbb\xbf" + STORY.encode()))
    assert article.text == STORY


def test_cp1252_bytes_are_decoded(tmp_path: Path) -> None:
    path = write(tmp_path / "cp1252.txt", "The caf\u00e9 owner said \u201cwe stay\u201d.\n".encode("cp1252"))
    assert load_article(path).text == "The caf\u00e9 owner said \u201cwe stay\u201d.\n"


def test_bytes_invalid_in_cp1252_fall_back_to_latin1(tmp_path: Path) -> None:
    path = write(tmp_path / "latin1.txt", b"Prices rose \x81 sharply in S\xe3o Paulo.")
    assert load_article(path).text == "Prices rose \x81 sharply in S\u00e3o Paulo."


def test_utf16_with_bom_is_decoded(tmp_path: Path) -> None:
    path = write(tmp_path / "utf16.txt", STORY.encode("utf-16"))
    assert load_article(path).text == STORY


def test_windows_line_endings_and_decomposed_accents_are_normalised(tmp_path: Path) -> None:
    path = write(tmp_path / "crlf.txt", "The cafe\u0301 closed.\r\nThe army left.\r\n".encode())
    article = load_article(path)
    assert article.text == "The caf\u00e9 closed.\nThe army left.\n"
    assert [article.span_text(s) for s in article.sentences] == ["The caf\u00e9 closed.", "The army left."]


# --- formats --------------------------------------------------------------------------------------


def test_txt_article_identity_title_and_sentences(tmp_path: Path) -> None:
    text = "Rebels take Aleppo\n\n" + STORY
    article = load_article(write(tmp_path / "story.txt", text))
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    assert (article.id, article.content_hash) == (digest[:16], digest)
    assert article.path == str(tmp_path / "story.txt")
    assert article.title == "Rebels take Aleppo"
    assert [(e.reason, article.span_text(e)) for e in article.excluded] == [
        ("headline", "Rebels take Aleppo")
    ]
    assert [article.span_text(s) for s in article.sentences] == [
        "Rebels entered Aleppo on Friday, residents said.",
        "The army withdrew from several districts.",
    ]
    assert (article.outlet, article.published, article.url) == (None, None, None)


def test_txt_dateline_is_not_the_publication_date(tmp_path: Path) -> None:
    article = load_article(write(tmp_path / "dated.txt", "Monday, July 28\n\n" + STORY))
    assert article.published is None
    assert [e.reason for e in article.excluded] == ["dateline"]


def test_markdown_front_matter_gives_metadata_and_is_removed(tmp_path: Path) -> None:
    content = (
        "---\n"
        'title: "Rebels take Aleppo"\n'
        "source: The Daily\n"
        "date: November 30, 2024\n"
        "url: https://daily.example/aleppo\n"
        "tags:\n"
        "  - syria\n"
        "---\n"
        "# Rebels take Aleppo\n\n" + STORY
    )
    article = load_article(write(tmp_path / "story.md", content))
    assert article.text == "# Rebels take Aleppo\n\n" + STORY
    assert article.title == "Rebels take Aleppo"
    assert article.outlet == "The Daily"
    assert article.published == "2024-11-30"
    assert article.url == "https://daily.example/aleppo"
    assert article.span_text(article.excluded[0]) == "# Rebels take Aleppo"
    assert article.span_text(article.sentences[0]) == "Rebels entered Aleppo on Friday, residents said."


@pytest.mark.parametrize(
    ("written", "read"),
    [
        ('"Aleppo: \\"a turning point\\", says envoy"', 'Aleppo: "a turning point", says envoy'),
        ("'Rebels push: it''s over'", "Rebels push: it's over"),
        ('"Caf\\u00e9 C:\\\\temp"', "Café C:\\temp"),
        ('"He said "no""', 'He said "no"'),  # not valid escapes: kept as written between the quotes
        ("Plain: with a colon", "Plain: with a colon"),
    ],
)
def test_markdown_front_matter_values_are_unquoted_as_yaml_reads_them(
    tmp_path: Path, written: str, read: str
) -> None:
    content = f"---\ntitle: {written}\n---\n{STORY}"
    assert load_article(write(tmp_path / "quoted.md", content)).title == read


def test_markdown_without_front_matter_keeps_leading_rule(tmp_path: Path) -> None:
    content = "---\nRebels entered Aleppo on Friday.\n---\nThe army withdrew.\n"
    article = load_article(write(tmp_path / "rule.md", content))
    assert article.text == content
    assert article.title is None


def test_json_article_with_aliases(tmp_path: Path) -> None:
    document = {
        "text": STORY,
        "title": "Rebels take Aleppo",
        "site": "The Daily",
        "date": "2024-11-30T08:00:00Z",
    }
    article = load_article(write(tmp_path / "story.json", json.dumps(document)))
    assert article.text == STORY
    assert (article.title, article.outlet, article.published) == (
        "Rebels take Aleppo",
        "The Daily",
        "2024-11-30",
    )
    assert len(article.sentences) == 2


def test_json_source_object_and_unparseable_date(tmp_path: Path) -> None:
    document = {"text": STORY, "source": {"name": "Example Wire"}, "published": "last Friday", "url": "u"}
    article = load_article(write(tmp_path / "wire.json", json.dumps(document)))
    assert (article.outlet, article.published, article.url) == ("Example Wire", "last Friday", "u")


HTML = """<!DOCTYPE html>
<html><head><title>Rebels take Aleppo - The Daily</title>
<meta property="og:site_name" content="The Daily">
<meta property="article:published_time" content="2024-11-30T08:00:00Z">
<link rel="canonical" href="https://daily.example/aleppo">
<style>p { color: red; }</style>
<script>var tracker = "SCRIPTTEXT";</script></head>
<body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/world">World NAVTEXT</a></li></ul></nav>
<article><h1>Rebels take Aleppo</h1>
<p>Rebels entered Aleppo on Friday,
   residents said. The army withdrew from several districts.</p>
<script>document.write("INLINESCRIPT")</script>
<p>Russia launched airstrikes on the city for the first time since 2016.</p></article>
<footer>Site footer FOOTERTEXT</footer>
</body></html>
"""


def assert_clean_html_article(text: str) -> None:
    for noise in ("SCRIPTTEXT", "INLINESCRIPT", "NAVTEXT", "color: red", "FOOTERTEXT", "<p>"):
        assert noise not in text
    assert "Rebels entered Aleppo on Friday, residents said." in text
    assert "Russia launched airstrikes on the city for the first time since 2016." in text


def test_html_main_text_and_metadata(tmp_path: Path) -> None:
    article = load_article(write(tmp_path / "story.html", HTML))
    assert_clean_html_article(article.text)
    assert article.title == "Rebels take Aleppo"
    assert article.outlet == "The Daily"
    assert article.published == "2024-11-30"
    assert article.url == "https://daily.example/aleppo"
    assert "Rebels take Aleppo" not in [article.span_text(s) for s in article.sentences]


def test_html_falls_back_to_body_text(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(trafilatura, "bare_extraction", lambda *args, **kwargs: None)
    article = load_article(write(tmp_path / "story.htm", HTML))
    assert_clean_html_article(article.text)
    assert article.title == "Rebels take Aleppo"
    assert article.span_text(article.sentences[-1]).startswith("Russia launched airstrikes")


def test_html_body_text_keeps_the_spaces_between_inline_elements(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(trafilatura, "bare_extraction", lambda *args, **kwargs: None)
    html = "<p>The council  voted <b>7 to 2</b> on the\n<i>bridge</i>.</p><p>Works begin <em>in</em> May.</p>"
    article = load_article(write(tmp_path / "inline.html", html))
    assert article.text == "The council voted 7 to 2 on the bridge.\n\nWorks begin in May."


def test_html_with_only_scripts_is_an_empty_article(tmp_path: Path) -> None:
    path = write(
        tmp_path / "empty.html", "<html><head><script>var x = 1;</script></head><body></body></html>"
    )
    with pytest.raises(IngestError, match="empty article"):
        load_article(path)


# --- folders ------------------------------------------------------------------------------------


def test_seeds_folder() -> None:
    result = ingest_paths([SEEDS])
    assert (result.failures, result.skipped) == ([], [])
    names = sorted(p.name for p in SEEDS.glob("*.txt"))
    assert [a.path for a in result.articles] == [os.path.join(str(SEEDS), name) for name in names]
    for article in result.articles:
        assert article.id == hashlib.sha256(article.text.encode()).hexdigest()[:16]


def test_folder_walk_is_recursive_sorted_and_skips_hidden_and_other_files(tmp_path: Path) -> None:
    write(tmp_path / "b.txt", "Second story. It is about talks.\n")
    write(tmp_path / "a" / "nested.md", "Nested story. It is about aid.\n")
    write(tmp_path / "a" / "notes.pdf", b"%PDF-1.4")
    write(tmp_path / "c.JSON", json.dumps({"text": "Third story. It is about trade."}))
    write(tmp_path / ".hidden.txt", "Hidden story. It is skipped.\n")
    write(tmp_path / ".git" / "x.txt", "Hidden folder story. It is skipped.\n")
    result = ingest_paths([str(tmp_path)])
    assert [a.path for a in result.articles] == [
        os.path.join(str(tmp_path), "a", "nested.md"),
        os.path.join(str(tmp_path), "b.txt"),
        os.path.join(str(tmp_path), "c.JSON"),
    ]
    assert result.failures == []


def test_paths_keep_the_form_the_user_gave(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path / "news" / "one.txt", STORY)
    monkeypatch.chdir(tmp_path)
    result = ingest_paths(["news/"])
    assert [a.path for a in result.articles] == ["news/one.txt"]


def test_supported_suffixes() -> None:
    assert SUPPORTED_SUFFIXES == (".txt", ".md", ".html", ".htm", ".json")


# --- failures -----------------------------------------------------------------------------------


def test_missing_path(tmp_path: Path) -> None:
    missing = str(tmp_path / "nope.txt")
    assert only_failure(ingest_paths([missing])) == (missing, "no such file or directory")


@pytest.mark.parametrize("content", ["", "   \n\t\r\n  "], ids=["empty", "whitespace"])
def test_empty_article(tmp_path: Path, content: str) -> None:
    path = str(write(tmp_path / "empty.txt", content))
    assert only_failure(ingest_paths([path])) == (path, "empty article (no text after normalisation)")


def test_binary_file(tmp_path: Path) -> None:
    path = str(write(tmp_path / "image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"))
    assert only_failure(ingest_paths([path])) == (path, "binary file (contains NUL bytes)")


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        ('{"title": "No text"}', "JSON article has no string 'text' field"),
        ('{"text": 42}', "JSON article has no string 'text' field"),
        ('["text"]', "JSON article must be an object with a string 'text' field"),
        ('{"text": "unterminated', "invalid JSON: Unterminated string starting at (line 1)"),
    ],
)
def test_bad_json(tmp_path: Path, content: str, reason: str) -> None:
    path = str(write(tmp_path / "bad.json", content))
    assert only_failure(ingest_paths([path])) == (path, reason)


def test_only_boilerplate(tmp_path: Path) -> None:
    path = str(write(tmp_path / "chrome.txt", "Share.\nLeave A Reply\n\nExit mobile version\n"))
    assert only_failure(ingest_paths([path])) == (path, "no article text (only headings and boilerplate)")


def test_unsupported_file_given_by_name(tmp_path: Path) -> None:
    path = str(write(tmp_path / "story.rtf", STORY))
    _, reason = only_failure(ingest_paths([path]))
    assert reason.startswith("unsupported file type '.rtf'")


def test_unreadable_file(tmp_path: Path) -> None:
    path = write(tmp_path / "locked.txt", STORY)
    path.chmod(0)
    try:
        if os.access(path, os.R_OK):
            pytest.skip("running with privileges that can read a mode-000 file")
        assert only_failure(ingest_paths([str(path)])) == (str(path), "cannot read file: permission denied")
    finally:
        path.chmod(0o644)


def test_symlink_loop_in_folder(tmp_path: Path) -> None:
    folder = tmp_path / "news"
    write(folder / "one.txt", STORY)
    (folder / "again").symlink_to(folder, target_is_directory=True)
    (folder / "self.txt").symlink_to(folder / "self.txt")
    result = ingest_paths([str(folder)])
    assert [a.path for a in result.articles] == [str(folder / "one.txt")]
    assert {f.path: f.error for f in result.failures} == {str(folder / "self.txt"): "symbolic link loop"}
    assert result.skipped == [(str(folder / "again"), f"same folder as {folder}, already read")]


def test_broken_symlink_in_folder(tmp_path: Path) -> None:
    write(tmp_path / "one.txt", STORY)
    (tmp_path / "gone.txt").symlink_to(tmp_path / "missing.txt")
    result = ingest_paths([tmp_path])
    assert len(result.articles) == 1
    assert result.failures == [Failure(path=str(tmp_path / "gone.txt"), error="broken symbolic link")]


def test_duplicate_article_under_two_names(tmp_path: Path) -> None:
    first = write(tmp_path / "a.txt", STORY)
    write(tmp_path / "b.txt", STORY.replace("\n", "\r\n"))
    result = ingest_paths([tmp_path])
    assert [a.path for a in result.articles] == [str(first)]
    assert result.skipped == [(str(tmp_path / "b.txt"), f"same text as {first}")]
    assert result.failures == []


def test_same_file_given_twice_is_a_duplicate(tmp_path: Path) -> None:
    path = str(write(tmp_path / "a.txt", STORY))
    result = ingest_paths([path, path])
    assert len(result.articles) == 1
    assert result.skipped == [(path, f"same text as {path}")]


def test_failures_do_not_stop_other_files(tmp_path: Path) -> None:
    write(tmp_path / "a_empty.txt", "")
    write(tmp_path / "b_binary.txt", b"\x00\x01")
    write(tmp_path / "c_good.txt", STORY)
    result = ingest_paths([tmp_path, tmp_path / "missing"])
    assert [a.path for a in result.articles] == [str(tmp_path / "c_good.txt")]
    assert [f.path for f in result.failures] == [
        str(tmp_path / "a_empty.txt"),
        str(tmp_path / "b_binary.txt"),
        str(tmp_path / "missing"),
    ]
    assert all("\n" not in f.error for f in result.failures)


def test_load_article_raises_one_line_error_with_path(tmp_path: Path) -> None:
    path = write(tmp_path / "empty.txt", "\n\n")
    with pytest.raises(IngestError) as caught:
        load_article(path)
    assert str(caught.value) == f"{path}: empty article (no text after normalisation)"
    assert caught.value.path == str(path)


def test_load_article_on_a_folder(tmp_path: Path) -> None:
    folder = tmp_path / "folder.txt"
    folder.mkdir()
    with pytest.raises(IngestError, match="is a folder"):
        load_article(folder)


# --- limits -------------------------------------------------------------------------------------


def test_a_5mb_article_among_good_ones_is_rejected_before_it_is_segmented(tmp_path: Path) -> None:
    write(tmp_path / "a.txt", STORY)
    huge = write(tmp_path / "b_huge.txt", ("x" * 99 + "\n") * (5 * 1024 * 1024 // 100) + "y" * 80)
    write(tmp_path / "c.txt", "Talks resumed in Geneva on Monday. Both delegations attended.\n")
    segmented: list[int] = []

    def segment(text: str, excluded: Sequence[Span]) -> list[Sentence]:
        segmented.append(len(text))
        return segment_sentences(text, excluded)

    result = ingest_paths([tmp_path], segment)
    assert [a.path for a in result.articles] == [str(tmp_path / "a.txt"), str(tmp_path / "c.txt")]
    assert result.failures == [
        Failure(path=str(huge), error="too long for one article: 5,242,880 characters (limit 300,000)")
    ]
    assert max(segmented) < MAX_ARTICLE_CHARS


def test_with_the_limit_raised_a_long_article_is_read_with_valid_offsets(tmp_path: Path) -> None:
    paragraphs = [
        f"Rebels entered district {i} on Friday, residents said. The army withdrew from post {i}."
        for i in range(3_400)
    ]
    text = "\n\n".join(paragraphs) + "\n"
    assert MAX_ARTICLE_CHARS < len(text) < 330_000
    path = write(tmp_path / "long.txt", text)
    with pytest.raises(IngestError, match=f"too long for one article: {len(text):,} characters"):
        load_article(path)
    article = load_article(path, max_chars=len(text))
    assert article.text == text
    assert [s.id for s in article.sentences] == list(range(1, 2 * len(paragraphs) + 1))
    assert [article.span_text(s) for s in article.sentences[-2:]] == [
        "Rebels entered district 3399 on Friday, residents said.",
        "The army withdrew from post 3399.",
    ]
    ends = [0] + [offset for s in article.sentences for offset in (s.start, s.end)]
    assert ends == sorted(ends) and ends[-1] <= len(text)


def test_a_file_over_the_byte_limit_is_refused_before_it_is_read(tmp_path: Path) -> None:
    path = tmp_path / "dump.html"
    with path.open("wb") as sparse:  # 60 MB of NUL bytes on disk in no time: reading it would say "binary"
        sparse.truncate(60 * 1024 * 1024)
    with pytest.raises(IngestError) as caught:
        load_article(path)
    assert caught.value.reason == "too large for one article: 62,914,560 bytes (limit 52,428,800)"


# --- input that once stopped a run --------------------------------------------------------------


@pytest.mark.parametrize("document", ["[" * 100_000, '{"text": ' + "[" * 100_000 + "]"])
def test_deeply_nested_json_is_invalid_json(tmp_path: Path, document: str) -> None:
    path = str(write(tmp_path / "deep.json", document))
    assert only_failure(ingest_paths([path])) == (path, "invalid JSON: nested too deeply")


def test_unpaired_surrogate_escapes_in_json_become_replacement_characters(tmp_path: Path) -> None:
    document = '{"text": "Rebels took the city \\ud800 on Friday.", "title": "Aleppo \\udfff", "site": "\\ud83d\\ude00"}'
    article = load_article(write(tmp_path / "escaped.json", document))
    assert article.text == "Rebels took the city \ufffd on Friday."
    assert (article.title, article.outlet) == ("Aleppo \ufffd", "\U0001f600")
    article.model_dump_json()


def test_html_with_control_characters_is_read(tmp_path: Path) -> None:
    html = "<html><body><p>Rebels entered\x01 the city\x0b on Friday.</p><p>The army\x1f withdrew.</p></body></html>"
    article = load_article(write(tmp_path / "control.html", html))
    assert [article.span_text(s) for s in article.sentences] == [
        "Rebels entered the city on Friday.",
        "The army withdrew.",
    ]
