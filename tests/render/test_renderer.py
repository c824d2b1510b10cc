from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest
from markupsafe import escape

from summarizer.errors import TemplateError
from summarizer.models.article import Article
from summarizer.models.briefing import (
    Briefing,
    Changes,
    ClaimedValue,
    Disagreement,
    Failure,
    FigureChange,
    RunningFigure,
    Source,
)
from summarizer.models.records import Actor, Citation, Event, Figure, Statement
from summarizer.render.renderer import (
    FORMATS,
    claimed_text,
    date_text,
    escape_markdown,
    event_text,
    figure_text,
    format_for_path,
    render,
    web_url,
)

EN_DASH = "\N{EN DASH}"
TEXT_A = (
    "Shelling killed more than 327 civilians in Ardenne on Monday, officials said. "
    'Mayor Lena Ortiz said: "We need help now."\n'
    "Rebels are believed to have seized the airport."
)
TEXT_B = "At least 300 people died in Ardenne on Monday. Ortiz asked for help."
TEXT_C = (
    "Monitors said over 327 people were killed in Ardenne by Tuesday. Rebels took the airport on Wednesday."
)
TEXT_D = (
    "SOHR reportedly put the toll at 250. The airport fell on Thursday, witnesses said. "
    "According to SOHR, the governor is believed to have fled."
)
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
C = make_article("cccc", "seeds/004.txt", TEXT_C)
D = make_article("dddd", "seeds/005.txt", TEXT_D)
T = make_article("tttt", "seeds/003.txt", TEXT_TRICKY)

SHELLING_A = cite(A, "Shelling killed more than 327 civilians in Ardenne on Monday")
SHELLING_B = cite(B, "At least 300 people died in Ardenne on Monday")
MAYOR = cite(A, 'Mayor Lena Ortiz said: "We need help now."')
AIRPORT = cite(A, "Rebels are believed to have seized the airport.")
ORTIZ_B = cite(B, "Ortiz asked for help.")
TOLL_C = cite(C, "over 327 people were killed in Ardenne by Tuesday")
AIRPORT_C = cite(C, "Rebels took the airport on Wednesday.")
TOLL_D = cite(D, "SOHR reportedly put the toll at 250.")
AIRPORT_D = cite(D, "The airport fell on Thursday, witnesses said.")
GOVERNOR_D = cite(D, "According to SOHR, the governor is believed to have fled.")


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
                source_count=2,
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
        "actors": [Actor(name="Lena Ortiz", aliases=["Ortiz"], citations=[MAYOR, ORTIZ_B], source_count=2)],
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


def toll_disagreement(mutually_exclusive: bool = True) -> Disagreement:
    return Disagreement(
        kind="figure",
        about="deaths in Ardenne",
        measure="deaths",
        where="Ardenne",
        mutually_exclusive=mutually_exclusive,
        values=[
            ClaimedValue(
                text="about 250",
                value=250,
                qualifier="about",
                status="unconfirmed",
                hedge="reportedly",
                attribution="SOHR",
                source_count=1,
                citations=[TOLL_D],
            ),
            ClaimedValue(
                text="at least 300", value=300, qualifier="at_least", source_count=1, citations=[SHELLING_B]
            ),
            ClaimedValue(
                text="over 327",
                value=327,
                qualifier="more_than",
                as_of="by Tuesday",
                attribution="monitors",
                source_count=2,
                citations=[SHELLING_A, TOLL_C],
            ),
        ],
    )


def airport_disagreement() -> Disagreement:
    return Disagreement(
        kind="date",
        about="Rebels seized the airport",
        mutually_exclusive=True,
        values=[
            ClaimedValue(text="on Wednesday", day="weekday:wednesday", source_count=1, citations=[AIRPORT_C]),
            ClaimedValue(text="on Thursday", day="weekday:thursday", source_count=1, citations=[AIRPORT_D]),
        ],
    )


def disputed_briefing(**changes: object) -> Briefing:
    """Four outlets that disagree on the toll and on the day the airport fell."""
    fields: dict[str, object] = {
        "sources": [
            Source(article_id=A.id, path=A.path, outlet="Daily"),
            Source(article_id=B.id, path=B.path, outlet="Courier"),
            Source(article_id=C.id, path=C.path, outlet="Wire"),
            Source(article_id=D.id, path=D.path, outlet="Post"),
        ],
        "developments": [
            Event(
                description="Shelling hit Ardenne",
                where="Ardenne",
                source_count=3,
                citations=[SHELLING_A, SHELLING_B, TOLL_C],
            ),
            Event(description="Rebels seized the airport", source_count=2, citations=[AIRPORT_C, AIRPORT_D]),
        ],
        "disagreements": [toll_disagreement(), airport_disagreement()],
        "figures": [],
        "unconfirmed": [
            Event(
                description="The governor fled",
                status="unconfirmed",
                hedge="is believed to",
                attribution="SOHR",
                citations=[GOVERNOR_D],
            )
        ],
    }
    fields.update(changes)
    return make_briefing(**fields)


def md_unescape(text: str) -> str:
    """What a Markdown renderer shows for backslash escapes."""
    return re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", text)


def footnote_lines(md: str) -> list[str]:
    return [line for line in md.splitlines() if re.match(r"\[\^\d+\]: ", line)]


def footnote_quotes(md: str) -> dict[int, str]:
    """Footnote number -> the quote it shows, as a Markdown renderer shows it."""
    notes = (re.fullmatch(r"\[\^(\d+)\]: .*?: “(.*)”", line) for line in footnote_lines(md))
    return {int(m.group(1)): md_unescape(m.group(2)) for m in notes if m}


def refs_in(line: str) -> list[int]:
    return [int(n) for n in re.findall(r"\[\^(\d+)\]", line)]


def all_citations(briefing: Briefing) -> list[Citation]:
    records = [*briefing.developments, *briefing.figures, *briefing.statements, *briefing.unconfirmed]
    values = [v for d in briefing.disagreements for v in d.values]
    return [c for r in [*records, *values, *briefing.actors] for c in r.citations]


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
    assert "2 sources · 1 development · 0 disagreements · 5 citations" in lines
    assert (
        "- [1] **Daily** — Shelling in Ardenne (2024-12-01) · seeds/001.txt" in lines
    )  # as a reader names it
    assert "- [2] **002.txt** · seeds/002.txt" in lines  # no outlet, no title: the file's name
    headings = [line for line in lines if line.startswith("## ")]
    assert headings == [
        "## Sources",
        "## Main developments",
        "## Where sources disagree",
        "## Figures reported",
        "## Who said what",
        "## Unconfirmed reports",
        "## Actors",
        "## Citations",
    ]
    assert "- Shelling hit Ardenne (Monday) — 2 sources [^1][^2]" in lines  # the place is in its words
    assert "## Where sources disagree\n\nNone found.\n\n## Figures reported" in md
    assert "- Shelling killed more than 327 civilians in Ardenne on Monday — single source [^1]" in lines
    assert "- **Lena Ortiz**: We need help now. — single source [^3]" in lines
    assert "- Rebels seized the airport (reported as: 'are believed to') — single source [^4]" in lines
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
    blockquotes = re.findall(r'<blockquote id="q\d+">(.*?)</blockquote>', page, re.DOTALL)
    assert {html.unescape(b) for b in blockquotes} == quotes
    tips = re.findall(
        r'<span class="tip" aria-hidden="true">“(.*?)”<span class="tip-source">', page, re.DOTALL
    )
    assert {html.unescape(t) for t in tips} == quotes


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
    assert page.count('<sup class="cite"><a href="#c1" aria-describedby="q1">1</a>') == 2  # event and figure


def test_corroboration_markers() -> None:
    md = render(disputed_briefing())
    lines = md.splitlines()
    assert "- Shelling hit Ardenne — 3 sources [^1][^2][^3]" in lines
    assert "- Rebels seized the airport — 2 sources [^4][^5]" in lines
    assert "- **Lena Ortiz**: We need help now. — single source [^7]" in lines
    assert "| on Wednesday | [3] Wire | single source [^4] |" in lines
    page = render(disputed_briefing(), "html")
    assert '<span class="support">— 3 sources</span>' in page
    assert '<span class="support single">— single source</span>' in page


def test_source_count_is_the_records_not_its_articles() -> None:
    """Two articles of one outlet are one source; the merge's count is shown as given."""
    event = Event(description="Shelling hit Ardenne", citations=[SHELLING_A, SHELLING_B])
    md = render(make_briefing(developments=[event]))
    assert "- Shelling hit Ardenne — single source [^1][^2]" in md.splitlines()


def test_actor_shows_its_source_count() -> None:
    actor = "- **Lena Ortiz** (also: Ortiz) — {} [^3][^5]"
    assert actor.format("2 sources") in render(make_briefing()).splitlines()


def test_developments_keep_the_merge_order() -> None:
    developments = disputed_briefing().developments
    for ordered in (developments, developments[::-1]):
        md = render(disputed_briefing(developments=ordered))
        section = md.split("## Main developments\n\n", 1)[1].split("\n\n", 1)[0]
        assert [line.split(" — ")[0] for line in section.splitlines()] == [
            f"- {event_text(e)}" for e in ordered
        ]


def test_disagreements_follow_main_developments() -> None:
    md = render(disputed_briefing())
    headings = [line for line in md.splitlines() if line.startswith("## ")]
    assert headings[1:4] == ["## Main developments", "## Where sources disagree", "## Figures reported"]
    assert "4 sources · 2 developments · 2 disagreements · 9 citations" in md.splitlines()


def test_figure_disagreement_shows_values_side_by_side() -> None:
    md = render(disputed_briefing())
    section = md.split("## Where sources disagree\n\n", 1)[1].split("\n## ", 1)[0]
    assert section.split("\n\n")[:3] == [
        "**Deaths in Ardenne**",
        "| Figure | According to | Reported by | Sources |\n"
        "| --- | --- | --- | --- |\n"
        "| about 250 (unconfirmed: 'reportedly') | SOHR | [4] Post | single source [^6] |\n"
        "| at least 300 | — | [2] Courier | single source [^2] |\n"
        "| over 327, by Tuesday | monitors | [1] Daily, [3] Wire | 2 sources [^1][^3] |",
        "If these count the same thing, they cannot all be true.",
    ]


def test_date_disagreement_shows_days_side_by_side() -> None:
    md = render(disputed_briefing())
    section = md.split("## Where sources disagree\n\n", 1)[1].split("\n## ", 1)[0]
    assert section.split("\n\n")[3:] == [
        "**When: Rebels seized the airport**",
        "| Day | Reported by | Sources |\n"
        "| --- | --- | --- |\n"
        "| on Wednesday | [3] Wire | single source [^4] |\n"
        "| on Thursday | [4] Post | single source [^5] |",
        "If this is one event, these days cannot all be right.\n",
    ]


def test_disagreement_footnotes_point_at_each_values_quotes() -> None:
    briefing = disputed_briefing()
    md = render(briefing)
    quotes = footnote_quotes(md)
    rows = [line for line in md.splitlines() if line.startswith("| ") and "[^" in line]
    values = [v for d in briefing.disagreements for v in d.values]
    assert len(rows) == len(values) == 5
    for row, value in zip(rows, values, strict=True):
        assert row.startswith(f"| {value.text}")
        assert [quotes[n] for n in refs_in(row)] == [c.quote for c in value.citations]
    assert quotes[6] == "SOHR reportedly put the toll at 250."


def test_disagreement_that_could_all_be_true_says_so() -> None:
    md = render(disputed_briefing(disagreements=[toll_disagreement(mutually_exclusive=False)]))
    assert "\nThese differ but could all be true: a single number fits every value.\n" in md
    assert "cannot all be true" not in md
    page = render(disputed_briefing(), "html")
    assert '<p class="verdict exclusive">If these count the same thing, they cannot all be true.</p>' in page


def test_unconfirmed_claims_show_who_and_the_hedge() -> None:
    md = render(disputed_briefing())
    section = md.split("## Unconfirmed reports\n\n", 1)[1].split("\n\n", 1)[0]
    assert (
        section
        == "- The governor fled, according to SOHR (reported as: 'is believed to') — single source [^8]"
    )
    assert footnote_quotes(md)[8] == GOVERNOR_D.quote
    page = render(disputed_briefing(), "html")
    assert (
        'The governor fled, <span class="attribution">according to SOHR</span> '
        '<span class="hedge">(reported as: ‘is believed to’)</span>'
    ) in page


def test_figure_shows_its_words_as_of_and_attribution() -> None:
    figure = Figure(
        measure="deaths",
        value=327,
        value_text="327",
        qualifier="more_than",
        where="Ardenne",
        as_of="as of Monday",
        attribution="SOHR",
        source_count=3,
        citations=[SHELLING_A],
    )
    md = render(make_briefing(figures=[figure]))
    expected = (
        "- Shelling killed more than 327 civilians in Ardenne on Monday, as of Monday, according to SOHR"
        " — 3 sources [^1]"
    )
    assert expected in md.splitlines()


def test_empty_sections_say_none_reported() -> None:
    empty = make_briefing(sources=[], developments=[], figures=[], statements=[], unconfirmed=[], actors=[])
    md = render(empty)
    assert md.count("None reported.") == 6
    assert md.count("None found.") == 1
    assert "0 sources · 0 developments · 0 disagreements · 0 citations" in md
    assert "## Main developments\n\nNone reported.\n" in md
    assert "## Citations" not in md
    assert render(empty, "html").count("None reported.") == 6
    assert '<h2>Where sources disagree</h2>\n<p class="none">None found.</p>' in render(empty, "html")


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
    assert '<span class="file">seeds/&lt;script&gt;.txt</span>' in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; [^1] *loudly*.</blockquote>" in page
    assert '&lt;script&gt;alert(1)&lt;/script&gt; [^1] *loudly*.”<span class="tip-source">' in page


def test_html_escapes_script_in_disagreements() -> None:
    script = cite(T, "A post said <script>alert(1)</script> [^1] *loudly*.")
    disagreement = toll_disagreement()
    disagreement.values[0].citations = [script]
    disagreement.values[1].attribution = "<script>alert(2)</script> | x"
    briefing = tricky_briefing().model_copy(update={"disagreements": [disagreement]})
    page = render(briefing, "html")
    assert "<script>" not in page
    assert '<td data-label="According to">&lt;script&gt;alert(2)&lt;/script&gt; | x</td>' in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; [^1] *loudly*.</blockquote>" in page
    md = render(briefing)
    assert "| at least 300 | \\<script>alert(2)\\</script> \\| x | " in md


def test_html_disagreement_table() -> None:
    page = render(disputed_briefing(), "html")
    assert page.index("<h2>Main developments</h2>") < page.index("<h2>Where sources disagree</h2>")
    assert page.index("<h2>Where sources disagree</h2>") < page.index("<h2>Figures reported</h2>")
    assert "<h3>Deaths in Ardenne</h3>" in page
    assert "<h3>When: Rebels seized the airport</h3>" in page
    assert page.count('<table class="values">') == 2
    assert (
        "<thead><tr><th>Figure</th><th>According to</th><th>Reported by</th><th>Sources</th></tr></thead>"
        in page
    )
    assert "<thead><tr><th>Day</th><th>Reported by</th><th>Sources</th></tr></thead>" in page
    assert (
        '<tr><td>over 327, by Tuesday</td><td data-label="According to">monitors</td>'
        '<td data-label="Reported by">[1] Daily, [3] Wire</td>'
        '<td data-label="Sources"><span class="support">2 sources</span> <span class="refs">'
        '<sup class="cite"><a href="#c1" aria-describedby="q1">1</a>'
    ) in page
    assert (
        '<td>about 250 <span class="hedge">(unconfirmed: ‘reportedly’)</span></td>'
        '<td data-label="According to">SOHR</td>'
    ) in page


def test_html_structure() -> None:
    page = render(make_briefing(), "html")
    assert page.startswith("<!DOCTYPE html>")
    assert "<title>Ardenne shelling</title>" in page
    assert '<sup class="cite"><a href="#c2" aria-describedby="q2">2</a>' in page
    for number in range(1, 6):
        assert f'<li id="c{number}" value="{number}">' in page
        assert f'<blockquote id="q{number}">' in page
    assert "seeds/001.txt" in page
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
        "Shelling killed more than 327 civilians in Ardenne on Monday 1",
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


def said(quote: str, **changes: object) -> Figure:
    """The test briefing's figure, cited to a sentence of its own."""
    base = make_briefing().figures[0].model_dump()
    citation = {"article_id": "a", "path": "a.txt", "start": 0, "end": len(quote), "quote": quote}
    return Figure.model_validate({**base, **changes, "citations": [citation]})


@pytest.mark.parametrize(
    ("quote", "changes", "expected"),
    [
        # The number and its part of the sentence, as written.
        ("Shelling killed more than 327 civilians in Ardenne on Monday.", {}, "Shelling killed more than 327 civilians in Ardenne on Monday"),
        ("According to FlightAware, 7% of United Airlines flights have been canceled.", {"value_text": "7%"}, "…7% of United Airlines flights have been canceled"),
        ("A global outage by cybersecurity firm CrowdStrike had affected nearly 8.5 million Microsoft devices, Microsoft said.", {"value_text": "8.5 million"}, "…outage by cybersecurity firm CrowdStrike had affected nearly 8.5 million Microsoft devices, Microsoft said"),
        ("The vessel is 48 meters (157 feet) wide and 300 meters (984 feet) long and was loaded with cargo containers setting sail.", {"value_text": "48"}, "The vessel is 48 meters (157 feet) wide and 300 meters (984 feet) long…"),
        ("The entire 22-member crew of the ship were Indians.", {"value_text": "22"}, "The entire 22-member crew of the ship were Indians"),
        # Past commas after it, to what the number's words say of it.
        ("At least 25 people, including 21 children, have already died at the school.", {"value_text": "25"}, "At least 25 people, including 21 children, have already died at the school"),
        # A relative clause is shown with what it is said of.
        ("Its budget is lower than that of Chandrayaan-2, which had a budget of $96.5 million.", {"value_text": "$96.5 million"}, "…that of Chandrayaan-2, which had a budget of $96.5 million"),
        # …and so is a part that opens with a preposition right before its number, and one that opens "of which".
        ("The index now estimates FTX's business, of which Bankman-Fried owns about 70%, at $1 due to a trading halt.", {"value_text": "$1"}, "…estimates FTX's business, of which Bankman-Fried owns about 70%, at $1 due to a trading halt"),
        # Must not trigger: a qualifier that opens with a preposition ("at least").
        ("Officials said on Friday, at least 311 people had died.", {"value_text": "311"}, "…at least 311 people had died"),
        # Not the "2" of "2,200", nor cut at the comma of a number.
        ("Fires damaged 2,200 structures and burned more than 2,100 acres.", {"value_text": "2,100"}, "Fires damaged 2,200 structures and burned more than 2,100 acres"),
        # A currency's letters before the sign.
        ("Musk will pay US$54.20 per share.", {"value_text": "$54.20"}, "Musk will pay US$54.20 per share"),
        # …or after it.
        ("The hackers demanded a $US1 million ransom.", {"value_text": "1 million"}, "The hackers demanded a $US1 million ransom"),
        # A unit written against the number.
        ("A robot sub is descending the 12,500ft of ocean fast.", {"value_text": "12,500"}, "A robot sub is descending the 12,500ft of ocean fast"),
        # Not cut inside a name.
        ("About 30,000 people from Derna were displaced, according to the International Organization for Migration, a United Nations agency.", {"value_text": "30,000"}, "About 30,000 people from Derna were displaced, according to the International Organization for Migration…"),
        # A word quoted right after the number says what it counts.
        ("At the Lawrence Livermore National Lab's $3.5 billion \"ignition\" facility, the size of three football fields, scientists produce powerful reactions by mashing together – or fusing – hydrogen atoms.", {"value_text": "$3.5 billion"}, "At the Lawrence Livermore National Lab's $3.5 billion \"ignition\" facility, the size of three football fields, scientists produce…"),
        # Must not trigger: a quotation that opens after words of the part.
        ("The agency counted 40 members who said “we will leave now” at noon.", {"value_text": "40"}, "The agency counted 40 members who said…"),
        # A title's abbreviation ends no part ("Rep. Kevin McCarthy").
        ("Eight Republicans joined a unanimous Democratic caucus to unseat Rep. Kevin McCarthy, R-Calif., as House speaker.", {"value_text": "Eight"}, "Eight Republicans joined a unanimous Democratic caucus to unseat Rep. Kevin McCarthy…"),
        # Must not trigger: a stop before a word in lower case, or at the end.
        ("About 400 members of the House of Reps. left early that day.", {"value_text": "400"}, "About 400 members of the House of Reps…"),
        # Not cut right after a number: what it counts follows.
        ("The 12-person jury in New York reached its verdict after 9.5 hours of long deliberations in Manhattan.", {"value_text": "12"}, "The 12-person jury in New York reached its verdict after 9.5 hours…"),
        # A part's last few words are shown rather than cut.
        ("This brings the confirmed death toll from the protests to eight, including one person shot and killed in Kakamega, according to police.", {"value_text": "eight"}, "…the confirmed death toll from the protests to eight, including one person shot and killed in Kakamega, according to police"),
        # An as-of time or a condition its words leave out is added.
        ("At least 93 people have died, officials said.", {"value_text": "93", "as_of": "By Tuesday"}, "At least 93 people have died, officials said, by Tuesday"),
        ("Bank rate will have to rise to 5.25 percent, the Bank said.", {"value_text": "5.25 percent", "condition": "if markets are right"}, "Bank rate will have to rise to 5.25 percent, the Bank said (conditional: 'if markets are right')"),
    ],
)  # fmt: skip
def test_figure_text_is_its_sentences_words(quote: str, changes: dict[str, object], expected: str) -> None:
    assert figure_text(said(quote, **changes)) == expected


def test_figure_text_leaves_out_words_beyond_its_reach() -> None:
    quote = (
        "In the long and difficult years that followed the war in the north of the country, at least "
        "311 people were killed by shelling in the towns and villages along the front line that month."
    )
    assert figure_text(said(quote, value_text="311")) == (
        "…at least 311 people were killed by shelling in the towns and villages…"
    )


def test_a_figure_an_earlier_line_shows_in_its_words_is_not_shown_again() -> None:
    quote = "The counts stemmed from 11 invoices, 12 vouchers and 11 checks paid to the lawyer who fronted the $130,000 payment."
    figures = [said(quote, value=v, value_text=t) for v, t in ((11, "11"), (12, "12"), (130_000, "$130,000"))]
    md = render(make_briefing(figures=figures))
    lines = [line.split(" — ")[0] for line in md.splitlines() if line.startswith("- ")]
    assert [line for line in lines if "stemmed" in line or "$130,000" in line] == [
        "- The counts stemmed from 11 invoices, 12 vouchers and 11 checks paid to the lawyer…",
        "- …checks paid to the lawyer who fronted the $130,000 payment",
    ]
    # Or a line citing that sentence and another.
    both = said(quote, value=11, value_text="11")
    both.citations.append(said("Prosecutors listed 11 invoices.").citations[0])
    md = render(make_briefing(figures=[both, figures[1]]))
    assert sum(line.startswith("- The counts stemmed") for line in md.splitlines()) == 1
    # Must not trigger: the same number from another sentence, or in the JSON, which keeps every figure.
    other = said("Another 12 vouchers were found in a second box at the office.", value=12, value_text="12")
    md = render(make_briefing(figures=[figures[0], other]))
    assert "Another 12 vouchers" in md
    assert len(json.loads(render(make_briefing(figures=figures), "json"))["figures"]) == 3


def test_json_round_trips_with_disagreements() -> None:
    briefing = disputed_briefing()
    out = render(briefing, "json")
    assert Briefing.model_validate_json(out) == briefing
    data = json.loads(out)
    assert [d["kind"] for d in data["disagreements"]] == ["figure", "date"]
    assert data["disagreements"][0]["values"][2]["citations"][1]["quote"] == TOLL_C.quote
    assert data["unconfirmed"][0]["attribution"] == "SOHR"


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({}, "about 250"),
        ({"as_of": "By Tuesday"}, "about 250, by Tuesday"),
        ({"as_of": "Monday"}, "about 250, as of Monday"),
        ({"unit": "km"}, "about 250 km"),
        ({"text": "40%", "unit": "%"}, "40%"),
        ({"text": "at least 40", "unit": "%"}, "at least 40%"),
        ({"unit": "deaths"}, "about 250"),
    ],
)
def test_claimed_text(changes: dict[str, object], expected: str) -> None:
    base = toll_disagreement().values[0].model_dump()
    assert claimed_text(ClaimedValue.model_validate({**base, **changes}), "deaths") == expected


def test_escape_markdown_keeps_plain_text() -> None:
    plain = 'Officials said 327 (or more) people - "many" - died; it\'s 40% & rising. snake_case_word'
    assert escape_markdown(plain) == plain
    assert escape_markdown("a\nb") == "a b"
    assert escape_markdown("_x_ &amp; C#") == "\\_x\\_ \\&amp; C\\#"


def test_user_template_gets_what_is_new_since_the_previous_briefing(tmp_path: Path) -> None:
    template = tmp_path / "mine.md.j2"
    template.write_text(
        "{% if since_previous %}{{ since_previous.since }}: "
        "{% for f in since_previous.changed_figures %}{{ figure_change_text(f.change) }} {{ f.refs|join(',') }}"
        "{% endfor %}{% else %}first briefing{% endif %}\n",
        encoding="utf-8",
    )
    assert render(make_briefing(), "md", template) == "first briefing"
    toll = toll_disagreement()
    change = FigureChange(
        about="deaths in Ardenne",
        measure="deaths",
        before=[toll.values[1]],
        after=[toll.values[2], toll.values[1]],
        added=[toll.values[2]],
    )
    compared = make_briefing(
        since_previous=Changes(previous_generated_at="2024-12-01T08:00:00+00:00", changed_figures=[change])
    )
    assert render(compared, "md", template) == (
        "2024-12-01 08:00 UTC: deaths in Ardenne: over 327 by Tuesday (was: at least 300) 1,2"
    )


# --- the HTML reading view -----------------------------------------------------------------------

DAILY_URL = 'https://daily.example/ardenne?id=1&from="feed"'


def sourced_briefing() -> Briefing:
    """Sources named three ways: an outlet with a date and a web address, a title with an address
    no link may point to, and nothing but a file."""
    return make_briefing(
        sources=[
            Source(
                article_id=A.id,
                path=A.path,
                title="Shelling in Ardenne",
                outlet="Daily",
                published="2024-12-01",
                url=DAILY_URL,
            ),
            Source(article_id=B.id, path=B.path, title="Toll rises", url="javascript:alert(1)"),
        ]
    )


def test_html_names_each_source_by_outlet_or_title_with_its_date_and_links_its_article() -> None:
    page = render(sourced_briefing(), "html")
    link = f'<a href="{escape(DAILY_URL)}" rel="noopener noreferrer">Daily</a>'
    assert (
        f'<li id="s1"><span class="num">[1]</span> {link}<span class="date">, 1 Dec 2024</span>'
        ' — Shelling in Ardenne <span class="file">seeds/001.txt</span></li>'
    ) in page
    assert (
        '<li id="s2"><span class="num">[2]</span> Toll rises <span class="file">seeds/002.txt</span></li>'
        in page
    )
    assert "javascript:" not in page
    # Citations and their quotes name the source, not its file.
    assert f'<a href="#s1">[1]</a> {link}, 1 Dec 2024 · chars {SHELLING_A.start}' in page
    assert '<span class="tip-source">— Daily, 1 Dec 2024</span>' in page
    assert '<span class="tip-source">— Toll rises</span>' in page
    assert page.count("seeds/001.txt") == page.count("seeds/002.txt") == 1  # in the list of sources only


def test_html_names_a_source_without_outlet_or_title_by_its_file_name() -> None:
    page = render(make_briefing(), "html")  # its second source is a bare file
    assert (
        '<li id="s2"><span class="num">[2]</span> 002.txt <span class="file">seeds/002.txt</span></li>'
        in page
    )
    assert '<span class="tip-source">— 002.txt</span>' in page


def test_each_citation_shows_its_quote_on_hover_and_focus_and_describes_its_link() -> None:
    page = render(make_briefing(), "html")
    refs = re.findall(
        r'<sup class="cite"><a href="#c(\d+)" aria-describedby="q(\d+)">(\d+)</a>'
        r'<span class="tip" aria-hidden="true">“(.*?)”<span class="tip-source">— [^<]+</span></span></sup>',
        page,
        re.DOTALL,
    )
    assert len(refs) == page.count('<sup class="cite">') > 5
    quotes = dict(re.findall(r'<blockquote id="q(\d+)">(.*?)</blockquote>', page, re.DOTALL))
    for target, described_by, shown, quote in refs:
        assert target == described_by == shown
        assert quote == quotes[target]  # the tip quotes what the citation it links to quotes
    assert ".cite:hover > .tip, .cite:focus-within > .tip { display: block; }" in page
    assert "a:focus-visible { outline: 3px solid" in page


def test_html_page_is_self_contained_readable_on_a_phone_and_printable() -> None:
    page = render(sourced_briefing(), "html")
    assert '<html lang="en">' in page
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in page
    style = page[page.index("<style>") : page.index("</style>")]
    assert "max-width: 44rem" in style and "@media (max-width: 36rem)" in style
    assert "@media print {" in style and ".tip { display: none !important; }" in style
    assert not re.search(
        r"<script|<link|<img|<iframe|\bsrc=|@import|url\(|https?:",
        style + page.replace(str(escape(DAILY_URL)), ""),
    )


@pytest.mark.parametrize(
    ("published", "shown"),
    [
        ("2024-12-01", "1 Dec 2024"),
        ("2024-12-01T08:30:00Z", "1 Dec 2024"),
        ("2024-11-31", "2024-11-31"),
        ("Monday morning", "Monday morning"),
        ("{{ 7*7 }}", "{{ 7*7 }}"),
    ],
)
def test_dates_read_as_a_reader_reads_them(published: str, shown: str) -> None:
    assert date_text(published) == shown


@pytest.mark.parametrize(
    ("url", "linked"),
    [
        ("https://daily.example/a?b=1", True),
        ("HTTP://DAILY.EXAMPLE/", True),
        ("javascript:alert(1)", False),
        ("file:///etc/passwd", False),
        ("//daily.example/a", False),
        ("https://", False),
        ("https://daily.example/a b", False),
        ("data:text/html,<script>", False),
        (None, False),
    ],
)
def test_only_web_addresses_become_links(url: str | None, linked: bool) -> None:
    assert (web_url(url) is not None) == linked


@pytest.mark.parametrize(
    ("by_time", "label", "first"),
    [(True, "as reported over time", "latest"), (False, "as outlets give it", "highest")],
)
def test_a_running_figure_says_whether_its_values_are_in_time_order(
    by_time: bool, label: str, first: str
) -> None:
    values = toll_disagreement().values
    running = RunningFigure(
        about="deaths in Ardenne", measure="deaths", where="Ardenne", by_time=by_time, values=values
    )
    md = render(make_briefing(running=[running]))
    (line,) = [line for line in md.splitlines() if line.startswith("- Deaths in Ardenne")]
    assert line.startswith(f"- Deaths in Ardenne, {label}: ") and f"({first})" in line


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_values_of_no_known_day_follow_the_progression_apart(fmt: str) -> None:
    values = toll_disagreement().values
    running = RunningFigure(
        about="deaths in Ardenne", measure="deaths", where="Ardenne", by_time=True, values=values, undated=1
    )
    out = render(make_briefing(running=[running]), fmt)  # type: ignore[arg-type]
    (line,) = [line for line in out.splitlines() if "Deaths in Ardenne, as reported over time" in line]
    before, undated = line.split("; of no known day: ")
    assert values[-1].text in undated and values[-1].text not in before.split("(latest)")[1]


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_an_unconfirmed_value_of_a_running_figure_says_so(fmt: str) -> None:
    values = [v.model_copy() for v in toll_disagreement().values]
    values[0].status, values[0].hedge = "unconfirmed", "are feared dead"
    running = RunningFigure(
        about="deaths in Ardenne", measure="deaths", where="Ardenne", by_time=False, values=values
    )
    out = render(make_briefing(running=[running]), fmt)  # type: ignore[arg-type]
    assert (
        out.count("(unconfirmed: 'are feared dead')" if fmt == "md" else "(unconfirmed: ‘are feared dead’)")
        == 1
    )


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_each_value_of_a_running_figure_says_who_gave_it(fmt: str) -> None:
    values = [v.model_copy() for v in toll_disagreement().values]
    values[0].attribution = "the Medical Association"
    running = RunningFigure(
        about="deaths in Ardenne", measure="deaths", where="Ardenne", by_time=False, values=values
    )
    out = render(make_briefing(running=[running]), fmt)  # type: ignore[arg-type]
    (line,) = [line for line in out.splitlines() if "Deaths in Ardenne" in line]
    assert line.count("according to") == 2  # only the values whose tellings name who gave them
    opening = '<span class="attribution">' if fmt == "html" else ""
    assert f"{values[0].text}, {opening}according to the Medical Association" in line


def test_a_figure_whose_words_name_its_source_is_not_attributed_again() -> None:
    quote = "The Russian Centre for the Reconciliation of Enemy Parties, which claimed the strikes killed approximately 300 rebels, said more were coming."
    figure = said(
        quote,
        value=300,
        value_text="300",
        attribution="Russian Centre for the Reconciliation of Enemy Parties",
    )
    md = render(make_briefing(figures=[figure]))
    assert "according to Russian Centre" not in md
    # Must not trigger: words that do not name it.
    figure = said(
        "The strikes killed approximately 300 rebels.", value=300, value_text="300", attribution="SOHR"
    )
    assert "killed approximately 300 rebels, according to SOHR" in render(make_briefing(figures=[figure]))


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_a_value_of_a_running_figure_names_its_place_where_the_heading_names_none(fmt: str) -> None:
    values = [v.model_copy() for v in toll_disagreement().values]
    values[1].where = "Congo"
    running = RunningFigure(about="deaths", measure="deaths", where=None, by_time=False, values=values)
    out = render(make_briefing(running=[running]), fmt)  # type: ignore[arg-type]
    (line,) = [line for line in out.splitlines() if "as outlets give it" in line]
    assert f"{values[1].text} in Congo" in line and line.count(" in Congo") == 1
    # Must not trigger: a heading that names the place already.
    running = RunningFigure(
        about="deaths in Congo", measure="deaths", where="Congo", by_time=False, values=values
    )
    out = render(make_briefing(running=[running]), fmt)  # type: ignore[arg-type]
    (line,) = [line for line in out.splitlines() if "as outlets give it" in line]
    assert f"{values[1].text} in Congo" not in line


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_in_brief_ends_on_the_latest_value_of_the_figure_most_outlets_give(fmt: str) -> None:
    values = toll_disagreement().values
    running = RunningFigure(
        about="deaths in Ardenne", measure="deaths", where="Ardenne", by_time=True, values=values
    )
    briefing = make_briefing(running=[running])
    briefing.lead = briefing.developments[:1]
    out = render(briefing, fmt)  # type: ignore[arg-type]
    in_brief = out[out.index("In brief") : out.index("Sources")]
    assert f"Deaths in Ardenne: {values[0].text}" in in_brief
    assert "the latest of the 3 values outlets give" in in_brief
    assert values[1].text not in in_brief  # the others stand under "Figures reported" only
    # Must not trigger: a figure whose values one article gives, or a briefing with no "In brief".
    one_article = [v.model_copy(update={"citations": [TOLL_D]}) for v in values]
    briefing.running = [running.model_copy(update={"values": one_article})]
    assert "values outlets give" not in render(briefing, fmt)  # type: ignore[arg-type]
    assert "values outlets give" not in render(make_briefing(running=[running]), fmt)  # type: ignore[arg-type]
