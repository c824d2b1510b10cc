from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest

from summarizer.article import Article
from summarizer.briefing import Briefing, Failure, Source
from summarizer.records import Actor, Citation, Event, Figure, Statement
from summarizer.render import (
    FORMATS,
    TemplateError,
    escape_markdown,
    figure_text,
    format_for_path,
    render,
)

EN_DASH = "\N{EN DASH}"
TEXT_A = (
    "Shelling killed more than 327 civilians in Ardenne on Monday, officials said. "
    'Mayor Lena Ortiz said: "We need help now."\n'
    "Rebels are believed to have seized the airport."
)
TEXT_B = "At least 300 people died in Ardenne on Monday. Ortiz asked for help."
TEXT_TRICKY = (
    "# Breaking: the banner read {{ 7*7 }} and {% if x %}yes{% endif %}. "
    "A post said <script>alert(1)</script> [^1] *loudly*."
)


def make_article(article_id: str, path: str, text: str) -> Article:
    return Article(id=article_id, path=path, content_hash="0" * 64, text=text)


def cite(article: Article, phrase: str) -> Citation:
    start = article.text.find(phrase)
    assert start >= 0, phrase
    end = start + len(phrase)
    return Citation(
        article_id=article.id, path=article.path, start=start, end=end, quote=article.text[start:end]
    )


A = make_article("aaaa", "seeds/001.txt", TEXT_A)
B = make_article("bbbb", "seeds/002.txt", TEXT_B)
T = make_article("tttt", "seeds/003.txt", TEXT_TRICKY)

SHELLING_A = cite(A, "Shelling killed more than 327 civilians in Ardenne on Monday")
SHELLING_B = cite(B, "At least 300 people died in Ardenne on Monday")
MAYOR = cite(A, 'Mayor Lena Ortiz said: "We need help now."')
AIRPORT = cite(A, "Rebels are believed to have seized the airport.")
ORTIZ_B = cite(B, "Ortiz asked for help.")


def make_briefing(**changes: object) -> Briefing:
    fields: dict[str, object] = {
        "title": "Ardenne shelling",
        "generated_at": "2024-12-02T08:00:00+00:00",
        "model": "test-model",
        "sources": [
            Source(
                article_id=A.id,
                path=A.path,
                title="Shelling in Ardenne",
                outlet="Daily",
                published="2024-12-01",
            ),
            Source(article_id=B.id, path=B.path),
        ],
        "developments": [
            Event(
                description="Shelling hit Ardenne",
                where="Ardenne",
                when="Monday",
                citations=[SHELLING_A, SHELLING_B],
            )
        ],
        "figures": [
            Figure(
                measure="deaths",
                subject="civilians",
                value=327,
                value_text="327",
                qualifier="more_than",
                citations=[SHELLING_A],  # the same span as the event: one footnote
            )
        ],
        "statements": [
            Statement(speaker="Lena Ortiz", content="We need help now.", quoted=True, citations=[MAYOR])
        ],
        "unconfirmed": [
            Event(
                description="Rebels seized the airport",
                status="unconfirmed",
                hedge="are believed to",
                citations=[AIRPORT],
            )
        ],
        "actors": [Actor(name="Lena Ortiz", aliases=["Ortiz"], citations=[MAYOR, ORTIZ_B])],
    }
    fields.update(changes)
    return Briefing.model_validate(fields)


def tricky_briefing() -> Briefing:
    """Template syntax and markup inside an article, its title and its path."""
    quote = cite(T, TEXT_TRICKY[: TEXT_TRICKY.index(". A post")])
    script = cite(T, "A post said <script>alert(1)</script> [^1] *loudly*.")
    return make_briefing(
        title="<script>alert(1)</script> {{ 7*7 }}",
        sources=[Source(article_id=T.id, path="seeds/<script>.txt", title="{% if x %}t{% endif %}")],
        developments=[Event(description="A banner was shown", citations=[quote])],
        figures=[],
        statements=[Statement(speaker="A post", content="<script>alert(1)</script>", citations=[script])],
        unconfirmed=[],
        actors=[],
    )


def md_unescape(text: str) -> str:
    """What a Markdown renderer shows for backslash escapes."""
    return re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", text)


def footnote_lines(md: str) -> list[str]:
    return [line for line in md.splitlines() if re.match(r"\[\^\d+\]: ", line)]


def all_citations(briefing: Briefing) -> list[Citation]:
    records = [*briefing.developments, *briefing.figures, *briefing.statements, *briefing.unconfirmed]
    return [c for r in [*records, *briefing.actors] for c in r.citations]


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_format_renders(fmt: str) -> None:
    out = render(make_briefing(), fmt)  # type: ignore[arg-type]
    assert out.endswith("\n")
    assert "Ardenne shelling" in out


def test_markdown_layout() -> None:
    md = render(make_briefing())
    lines = md.splitlines()
    assert lines[0] == "# Ardenne shelling"
    assert "Generated 2024-12-02T08:00:00+00:00 · model test-model" in lines
    assert "2 sources · 1 development · 5 citations" in lines
    assert "- [1] seeds/001.txt — Shelling in Ardenne — Daily (2024-12-01)" in lines
    assert "- [2] seeds/002.txt" in lines
    headings = [line for line in lines if line.startswith("## ")]
    assert headings == [
        "## Sources",
        "## Main developments",
        "## Figures reported",
        "## Who said what",
        "## Unconfirmed reports",
        "## Actors",
        "## Citations",
    ]
    assert "- Shelling hit Ardenne (Ardenne, Monday) — 2 sources [^1][^2]" in lines
    assert "- more than 327 deaths (civilians) — 1 source [^1]" in lines
    assert "- **Lena Ortiz**: We need help now. — 1 source [^3]" in lines
    assert "- Rebels seized the airport (reported as: 'are believed to') — 1 source [^4]" in lines
    assert "- **Lena Ortiz** (also: Ortiz) — 2 sources [^3][^5]" in lines
    assert (
        f"[^1]: [1] seeds/001.txt, chars {SHELLING_A.start}{EN_DASH}{SHELLING_A.end}: “{SHELLING_A.quote}”"
        in lines
    )
    assert "\n\n\n" not in md


def test_every_quote_appears_verbatim_in_markdown_and_html() -> None:
    briefing = make_briefing()
    md = render(briefing, "md")
    page = render(briefing, "html")
    quotes = {c.quote for c in all_citations(briefing)}
    for quote in quotes:
        assert quote.replace("\n", " ") in md
    blockquotes = re.findall(r"<blockquote>(.*?)</blockquote>", page, re.DOTALL)
    assert {html.unescape(b) for b in blockquotes} == quotes


def test_markdown_quote_with_newline_stays_on_one_line() -> None:
    citation = cite(A, 'now."\nRebels')
    md = render(make_briefing(developments=[Event(description="x", citations=[citation])]))
    assert f'[^1]: [1] seeds/001.txt, chars {citation.start}{EN_DASH}{citation.end}: “now." Rebels”' in md


def test_shared_citation_gets_one_footnote_number() -> None:
    briefing = make_briefing()
    md = render(briefing)
    notes = footnote_lines(md)
    distinct = {(c.article_id, c.start, c.end) for c in all_citations(briefing)}
    assert len(notes) == len(distinct) == 5
    assert [n.split("]", 1)[0] for n in notes] == [f"[^{i}" for i in range(1, 6)]
    assert sum(SHELLING_A.quote in n for n in notes) == 1
    page = render(briefing, "html")
    assert page.count('id="c1"') == 1
    assert page.count('<sup><a href="#c1">1</a></sup>') == 2  # the event and the figure


def test_corroboration_markers() -> None:
    md = render(make_briefing())
    development = next(line for line in md.splitlines() if line.startswith("- Shelling hit"))
    figure = next(line for line in md.splitlines() if line.startswith("- more than 327"))
    assert "— 2 sources" in development
    assert "— 1 source " in figure
    assert "— 2 sources" in render(make_briefing(), "html")


def test_empty_sections_say_none_reported() -> None:
    empty = make_briefing(sources=[], developments=[], figures=[], statements=[], unconfirmed=[], actors=[])
    md = render(empty)
    assert md.count("None reported.") == 6
    assert "0 sources · 0 developments · 0 citations" in md
    assert "## Main developments\n\nNone reported.\n" in md
    assert "## Citations" not in md
    assert render(empty, "html").count("None reported.") == 6


def test_failures_section_only_when_failures_exist() -> None:
    heading = "Articles that could not be processed"
    assert heading not in render(make_briefing())
    assert heading not in render(make_briefing(), "html")
    failed = make_briefing(failures=[Failure(path="seeds/009.txt", error="model returned\nno JSON")])
    md = render(failed)
    assert f"## {heading}" in md
    assert "- seeds/009.txt: model returned no JSON" in md
    assert md.index(heading) < md.index("## Citations")
    assert "<code>seeds/009.txt</code>: model returned\nno JSON" in render(failed, "html")


def test_template_syntax_in_article_text_is_printed_literally() -> None:
    briefing = tricky_briefing()
    md = render(briefing, "md")
    page = render(briefing, "html")
    for out in (md, page):
        assert "49" not in out
        assert "{% if x %}yes{% endif %}" in out
    assert "{{ 7\\*7 }}" in md  # escaped so that it renders as {{ 7*7 }}
    assert "{{ 7*7 }}" in md_unescape(md)
    assert "{{ 7*7 }}" in page


def test_markdown_special_characters_in_quotes_are_escaped_minimally() -> None:
    md = render(tricky_briefing())
    notes = footnote_lines(md)
    assert len(notes) == 2
    assert "“\\# Breaking: the banner read {{ 7\\*7 }}" in notes[0]
    assert "\\<script>alert(1)\\</script> \\[^1\\] \\*loudly\\*.”" in notes[1]
    # No footnote reference or heading comes from article text; the words survive unescaping.
    assert re.findall(r"(?<!\\)\[\^\d+\](?!:)", md) == ["[^1]", "[^2]"]
    for citation in all_citations(tricky_briefing()):
        assert f"“{citation.quote}”" in md_unescape(md)


def test_html_escapes_script() -> None:
    page = render(tricky_briefing(), "html")
    assert "<script>" not in page
    assert "<title>&lt;script&gt;alert(1)&lt;/script&gt; {{ 7*7 }}</title>" in page
    assert "<code>seeds/&lt;script&gt;.txt</code>" in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; [^1] *loudly*.</blockquote>" in page


def test_html_structure() -> None:
    page = render(make_briefing(), "html")
    assert page.startswith("<!DOCTYPE html>")
    assert "<title>Ardenne shelling</title>" in page
    assert '<sup><a href="#c2">2</a></sup>' in page
    for number in range(1, 6):
        assert f'<li id="c{number}" value="{number}">' in page
    assert "<blockquote>" in page and "seeds/001.txt" in page
    assert not re.search(r"<script|<link|\bsrc=|@import|url\(", page)


def test_user_template(tmp_path: Path) -> None:
    template = tmp_path / "mine.md.j2"
    template.write_text(
        "{{ briefing.title|md }}: {{ footnotes|length }} notes\n"
        "{% for item in figures %}{{ figure_text(item.record) }} {{ item.refs|join(',') }}\n{% endfor %}"
        "{% for fn in footnotes %}"
        "{{ fn.number }}/{{ fn.source }}/{{ source_numbers[fn.citation.article_id] }}\n"
        "{% endfor %}",
        encoding="utf-8",
    )
    out = render(make_briefing(), "md", template)
    assert out.splitlines() == [
        "Ardenne shelling: 5 notes",
        "more than 327 deaths (civilians) 1",
        "1/1/1",
        "2/2/2",
        "3/1/1",
        "4/1/1",
        "5/2/2",
    ]


def test_user_html_template_is_autoescaped(tmp_path: Path) -> None:
    template = tmp_path / "mine.html.j2"
    template.write_text("<h1>{{ briefing.title }}</h1>\n", encoding="utf-8")
    out = render(tricky_briefing(), "html", template)
    assert out == "<h1>&lt;script&gt;alert(1)&lt;/script&gt; {{ 7*7 }}</h1>\n"


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("line one\n{% for x in %}\n", r"mine\.j2:2: .+"),
        ("line one\n\n{{ nonexistent_name }}\n", r"mine\.j2:3: 'nonexistent_name' is undefined"),
        ("{{ briefing.title }}\n{{ briefing.no_such_field }}\n", r"mine\.j2:2: .*no_such_field.*"),
        ("ok\n{% include 'missing.j2' %}\n", r"mine\.j2:2: template not found: missing\.j2"),
    ],
)
def test_broken_user_template_raises_one_line_error(tmp_path: Path, source: str, expected: str) -> None:
    template = tmp_path / "mine.j2"
    template.write_text(source, encoding="utf-8")
    with pytest.raises(TemplateError) as info:
        render(make_briefing(), "md", template)
    message = str(info.value)
    assert "\n" not in message
    assert message.startswith(str(template))
    assert re.fullmatch(re.escape(str(tmp_path)) + "/" + expected, message)


def test_missing_user_template_raises(tmp_path: Path) -> None:
    template = tmp_path / "nope.j2"
    with pytest.raises(TemplateError, match=r"nope\.j2: template not found$"):
        render(make_briefing(), "html", template)


def test_template_with_json_is_refused(tmp_path: Path) -> None:
    with pytest.raises(TemplateError):
        render(make_briefing(), "json", tmp_path / "x.j2")


@pytest.mark.parametrize(
    ("name", "fmt"),
    [
        ("brief.md", "md"),
        ("brief.markdown", "md"),
        ("BRIEF.MD", "md"),
        ("out/brief.json", "json"),
        ("brief.html", "html"),
        ("brief.htm", "html"),
        ("brief.txt", None),
        ("brief", None),
    ],
)
def test_format_for_path(name: str, fmt: str | None) -> None:
    assert format_for_path(Path(name)) == fmt


@pytest.mark.parametrize("fmt", FORMATS)
def test_output_is_deterministic(fmt: str) -> None:
    assert render(make_briefing(), fmt) == render(make_briefing(), fmt)  # type: ignore[arg-type]


def test_json_round_trips() -> None:
    briefing = make_briefing(failures=[Failure(path="x.txt", error="boom")])
    out = render(briefing, "json")
    assert out.endswith("}\n")
    assert Briefing.model_validate_json(out) == briefing
    assert json.loads(out)["figures"][0]["qualifier"] == "more_than"


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({}, "more than 327 deaths (civilians)"),
        ({"qualifier": "exact", "subject": None}, "327 deaths"),
        (
            {"qualifier": "about", "measure": "road", "subject": None, "value_text": "12", "unit": "km"},
            "about 12 km of road",
        ),
        (
            {"qualifier": "at_least", "measure": "households", "value_text": "40", "unit": "%"},
            "at least 40% of households (civilians)",
        ),
        (
            {
                "qualifier": "less_than",
                "measure": "damage",
                "subject": None,
                "value_text": "$2m",
                "unit": "m",
            },
            "less than $2m of damage",
        ),
        (
            {"qualifier": "at_most", "measure": "people", "subject": None, "unit": "people"},
            "at most 327 people",
        ),
    ],
)
def test_figure_text(changes: dict[str, object], expected: str) -> None:
    base = make_briefing().figures[0].model_dump()
    assert figure_text(Figure.model_validate({**base, **changes})) == expected


def test_escape_markdown_keeps_plain_text() -> None:
    plain = 'Officials said 327 (or more) people - "many" - died; it\'s 40% & rising. snake_case_word'
    assert escape_markdown(plain) == plain
    assert escape_markdown("a\nb") == "a b"
    assert escape_markdown("_x_ &amp; C#") == "\\_x\\_ \\&amp; C\\#"
