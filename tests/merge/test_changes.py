"""What is new since the previous briefing (summarizer/changes.py), and how it is shown.

Briefings are made the way the pipeline makes them: ``build_article`` and ``ground`` over
hand-written draft items, then ``merge``. Day 2 reads day 1's articles and one more.
"""

from __future__ import annotations

import json
import re
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pytest

from summarizer.errors import PreviousBriefingError
from summarizer.ground.grounding import ground
from summarizer.ingest.files import build_article
from summarizer.merge.briefing import merge
from summarizer.merge.changes import compare, find_previous, find_story_previous, load_previous
from summarizer.models.briefing import Briefing, Changes
from summarizer.models.records import ArticleExtraction
from summarizer.pipeline import brief
from summarizer.render.renderer import figure_change_text, moment_text, render

DAY_1 = datetime(2024, 12, 8, 6, 0, tzinfo=timezone.utc)
DAY_2 = datetime(2024, 12, 9, 6, 0, tzinfo=timezone.utc)


def extract(path: str, text: str, outlet: str, **drafts: list[dict[str, Any]]) -> ArticleExtraction:
    return ground(build_article(path, text, outlet=outlet), drafts, model="m")  # type: ignore[arg-type]


def event(what: str, sentence: int, where: str) -> dict[str, Any]:
    return {"who": [], "when": None, "sentence": sentence}


def figure(number: str, sentence: int, counts: str = "deaths") -> dict[str, Any]:
    return {"number": number, "counts": counts, "of_whom": None, "sentence": sentence}


def statement(speaker: str, says: str, sentence: int) -> dict[str, Any]:
    return {"speaker": speaker, "sentence": sentence}


def wire() -> ArticleExtraction:
    return extract(
        "wire.txt",
        "Rebels launched an offensive on Aleppo on Wednesday.\n\n"
        "The offensive has resulted in over 327 deaths as of Tuesday, monitors said.\n\n"
        "Ahmed Hassan said the hospital had run out of beds.\n",
        "Wire",
        events=[event("Rebels launched an offensive on Aleppo", 1, "Aleppo")],
        figures=[figure("327", 2)],
        statements=[statement("Ahmed Hassan", "The hospital has run out of beds", 3)],
    )


def courier() -> ArticleExtraction:
    return extract(
        "courier.txt",
        "At least 311 people were killed in the offensive by Tuesday.\n\n"
        "Rebels captured Aleppo airport on Friday.\n",
        "Courier",
        events=[event("Rebels captured Aleppo airport", 2, "Aleppo")],
        figures=[figure("311", 1)],
    )


def post() -> ArticleExtraction:
    """Day 2's article: a known event, a new one, a higher toll, a new figure and a new statement."""
    return extract(
        "post.txt",
        "Rebels captured the airport of Aleppo on Friday.\n\n"
        "Rebels captured Hama on Saturday.\n\n"
        "More than 400 people have been killed in the offensive as of Friday, monitors said.\n\n"
        "Warplanes conducted 125 airstrikes on Hama.\n\n"
        "Maria Lopez said the road to Idlib was closed.\n",
        "Post",
        events=[
            event("Rebels captured Aleppo airport", 1, "Aleppo"),
            event("Rebels captured Hama", 2, "Hama"),
        ],
        figures=[figure("400", 3), figure("125", 4, counts="airstrikes")],
        statements=[statement("Maria Lopez", "The road to Idlib is closed", 5)],
    )


def day_1() -> Briefing:
    return merge([wire(), courier()], failures=[], generated_at=DAY_1)


def day_2() -> Briefing:
    current = merge([wire(), courier(), post()], failures=[], generated_at=DAY_2)
    current.since_previous = compare(day_1(), current)
    return current


def with_other_citations(briefing: Briefing) -> Briefing:
    """The briefing as another model would have made it: the same texts, other citations."""
    data = briefing.model_dump(mode="json")

    def shift(node: object) -> None:
        if isinstance(node, dict):
            if {"article_id", "start", "end", "quote"} <= node.keys():
                node["start"] += 1000
                node["end"] += 1000
            for value in node.values():
                shift(value)
        elif isinstance(node, list):
            for value in node:
                shift(value)

    shift(data)
    return Briefing.model_validate(data)


def section(md: str) -> str:
    return md.split("## New since the last briefing", 1)[1].split("\n## ", 1)[0]


# --- compare -------------------------------------------------------------------------------------


def test_day_2_lists_the_new_development_and_not_the_known_ones() -> None:
    changes = day_2().since_previous
    assert changes is not None
    assert changes.previous_generated_at == "2024-12-08T06:00:00+00:00"
    assert [e.description for e in changes.new_developments] == [
        "Rebels captured Hama on Saturday.",
        "Warplanes conducted 125 airstrikes on Hama.",
    ]
    # The airport's capture and the toll are reported by the new article too, but were in day 1's
    # briefing: the new article's words join those developments as another source.
    airport, *_ = day_2().developments
    assert (airport.description, airport.source_count) == (
        "Rebels captured the airport of Aleppo on Friday.",
        2,
    )


def test_higher_toll_is_a_changed_figure_with_before_and_after() -> None:
    changes = day_2().since_previous
    assert changes is not None
    (toll,) = changes.changed_figures
    assert toll.about == "deaths"
    assert [v.text for v in toll.before] == ["more than 327", "at least 311"]
    assert [v.text for v in toll.after] == ["more than 400", "more than 327", "at least 311"]
    assert [(v.text, v.as_of) for v in toll.added] == [("more than 400", "as of Friday")]
    (citation,) = toll.added[0].citations
    assert citation.path == "post.txt"
    assert citation.quote.startswith("More than 400 people have been killed")
    assert figure_change_text(toll) == (
        "deaths: more than 400 as of Friday (was: more than 327 as of Tuesday, at least 311 by Tuesday)"
    )


def test_new_measure_is_a_new_figure_and_new_speaker_a_new_statement() -> None:
    changes = day_2().since_previous
    assert changes is not None
    (strikes,) = changes.new_figures
    assert (strikes.about, strikes.before, [v.text for v in strikes.added]) == ("air strikes", [], ["125"])
    assert [s.speaker for s in changes.new_statements] == ["Maria Lopez"]


def test_identical_input_has_nothing_new() -> None:
    previous = day_1()
    again = merge([wire(), courier()], failures=[], generated_at=DAY_2)
    changes = compare(previous, again)
    assert changes.nothing_new
    assert changes == Changes(previous_generated_at=previous.generated_at)


def test_previous_briefing_from_another_model_with_the_same_texts_has_nothing_new() -> None:
    previous = with_other_citations(day_1())
    current = merge([wire(), courier()], failures=[], generated_at=DAY_2)
    assert not {c.start for e in previous.developments for c in e.citations} & {
        c.start for e in current.developments for c in e.citations
    }
    assert compare(previous, current).nothing_new


def test_development_with_a_known_citation_but_new_words_is_known() -> None:
    previous = day_1()
    current = merge([wire(), courier()], failures=[], generated_at=DAY_2)
    current.developments[0].description = "An offensive on Aleppo began"
    assert compare(previous, current).nothing_new


def test_same_toll_at_a_later_time_is_not_a_change() -> None:
    later = extract(
        "later.txt",
        "At least 311 people had been killed in the offensive by Thursday.\n",
        "Daily",
        figures=[figure("311", 1)],
    )
    current = merge([wire(), courier(), later], failures=[], generated_at=DAY_2)
    assert compare(day_1(), current).nothing_new


def test_toll_that_an_article_no_longer_gives_shows_the_remaining_values() -> None:
    current = merge([wire()], failures=[], generated_at=DAY_2)  # the Courier's article failed
    (toll,) = compare(day_1(), current).changed_figures
    assert (toll.added, [v.text for v in toll.after]) == ([], ["more than 327"])
    assert figure_change_text(toll) == (
        "deaths: more than 327 as of Tuesday (was: more than 327 as of Tuesday, at least 311 by Tuesday)"
    )


def test_figures_in_different_places_are_different_figures() -> None:
    hama = extract(
        "hama.txt", "In Hama, 12 people were killed in airstrikes.\n", "Daily", figures=[figure("12", 1)]
    )
    idlib = extract(
        "idlib.txt", "In Idlib, 30 people were killed in airstrikes.\n", "Daily", figures=[figure("30", 1)]
    )
    previous = merge([hama], failures=[], generated_at=DAY_1)
    changes = compare(previous, merge([hama, idlib], failures=[], generated_at=DAY_2))
    assert ([f.about for f in changes.new_figures], changes.changed_figures) == (["deaths in Idlib"], [])


def test_brief_compares_with_the_previous_briefing() -> None:
    previous = day_1()
    extractions = [wire(), courier(), post()]
    assert brief(extractions, []).since_previous is None
    changes = brief(extractions, [], previous=previous).since_previous
    assert changes is not None
    assert [e.description for e in changes.new_developments] == [
        "Rebels captured Hama on Saturday.",
        "Warplanes conducted 125 airstrikes on Hama.",
    ]


# --- load_previous -------------------------------------------------------------------------------


def test_json_briefing_with_changes_loads_back(tmp_path: Path) -> None:
    current = day_2()
    path = tmp_path / "brief.json"
    path.write_text(render(current, "json"), encoding="utf-8")
    loaded = load_previous(path)
    assert loaded == current
    assert loaded.format_version == "4"
    assert json.loads(path.read_text())["since_previous"]["changed_figures"][0]["about"] == "deaths"


def test_format_version_2_is_read(tmp_path: Path) -> None:
    data = day_1().model_dump(mode="json", exclude={"since_previous"})
    data["format_version"] = "2"
    path = tmp_path / "old.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    assert load_previous(path).developments == day_1().developments


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, r"cannot read the previous briefing"),
        (b"\xff\xfe not text", r"cannot read the previous briefing"),
        (b"# Briefing\n", r"the previous briefing is not JSON \(Expecting value: line 1 column 1"),
        (b"[1, 2]", r"not a briefing \(a JSON list, not an object\)"),
        (b'{"title": "x"}', r"not a briefing \(generated_at: Field required\)"),
        (
            b'{"format_version": "1"}',
            r"briefing format version '1'; this version of summarize reads 2, 3 and 4",
        ),
        (
            b'{"format_version": "5"}',
            r"briefing format version '5'; this version of summarize reads 2, 3 and 4",
        ),
    ],
)
def test_unusable_previous_briefing_raises_a_one_line_error(
    tmp_path: Path, content: bytes | None, message: str
) -> None:
    path = tmp_path / "previous.json"
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(PreviousBriefingError) as info:
        load_previous(path)
    assert "\n" not in str(info.value)
    assert str(info.value).startswith(f"{path}: ")
    assert re.search(message, str(info.value))


# --- find_previous -------------------------------------------------------------------------------


def write_briefing(path: Path, generated_at: datetime) -> Path:
    briefing = merge([wire()], failures=[], generated_at=generated_at)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render(briefing, "json"), encoding="utf-8")
    return path


def test_out_file_itself_is_the_previous_briefing(tmp_path: Path) -> None:
    out = write_briefing(tmp_path / "brief.json", DAY_1)
    assert find_previous(out) == out


def test_json_of_the_same_name_is_the_previous_briefing(tmp_path: Path) -> None:
    previous = write_briefing(tmp_path / "brief.json", DAY_1)
    (tmp_path / "brief.md").write_text("# Briefing\n", encoding="utf-8")
    assert find_previous(tmp_path / "brief.md") == previous
    assert find_previous(tmp_path / "brief.html") == previous


def test_no_previous_briefing(tmp_path: Path) -> None:
    assert find_previous(tmp_path / "brief.md") is None
    assert find_previous(tmp_path / "missing" / "syria-2026-11-22.md") is None
    write_briefing(tmp_path / "other.json", DAY_1)
    assert find_previous(tmp_path / "brief.md") is None
    assert find_previous(tmp_path / "brief2.md") is None  # "brief2" is not in the series of "other"


def test_dated_series_finds_the_most_recently_generated_of_its_own_series(tmp_path: Path) -> None:
    briefs = tmp_path / "briefs"
    latest = write_briefing(
        briefs / "syria-2026-11-20.json", datetime(2026, 11, 21, 23, 0, tzinfo=timezone.utc)
    )
    # Named for a later day but generated earlier (a later time zone): generated_at decides.
    write_briefing(
        briefs / "syria-2026-11-21.json",
        datetime.fromisoformat("2026-11-22T01:00:00+05:00"),
    )
    write_briefing(briefs / "ukraine-2026-11-21.json", datetime(2026, 11, 22, 5, 0, tzinfo=timezone.utc))
    write_briefing(briefs / "syria-2026-11-19.md.bak", datetime(2026, 11, 23, tzinfo=timezone.utc))
    assert find_previous(briefs / "syria-2026-11-22.md") == latest
    assert find_previous(briefs / "syria-2026-11-22.json") == latest
    assert find_previous(briefs / "ukraine-2026-11-22.md") == briefs / "ukraine-2026-11-21.json"


def test_dated_series_without_a_prefix(tmp_path: Path) -> None:
    previous = write_briefing(tmp_path / "2026-11-21.json", DAY_1)
    write_briefing(tmp_path / "syria-2026-11-21.json", DAY_2)
    assert find_previous(tmp_path / "2026-11-22.md") == previous


def test_invalid_candidates_are_skipped(tmp_path: Path) -> None:
    previous = write_briefing(tmp_path / "syria-2026-11-20.json", DAY_1)
    (tmp_path / "syria-2026-11-21.json").write_text("{not json", encoding="utf-8")
    (tmp_path / "syria-2026-11-22.json").write_text('{"format_version": "9"}', encoding="utf-8")
    (tmp_path / "syria-2026-11-23.json").mkdir()
    no_time = json.loads(previous.read_text())
    no_time["generated_at"] = "yesterday"
    (tmp_path / "syria-2026-11-24.json").write_text(json.dumps(no_time), encoding="utf-8")
    assert find_previous(tmp_path / "syria-2026-11-25.md") == previous


def test_invalid_out_file_falls_back_to_the_series(tmp_path: Path) -> None:
    previous = write_briefing(tmp_path / "syria-2026-11-21.json", DAY_1)
    out = tmp_path / "syria-2026-11-22.json"
    out.write_text("half-written", encoding="utf-8")
    assert find_previous(out) == previous


# --- find_story_previous -------------------------------------------------------------------------


def test_a_storys_previous_briefing_is_its_json_in_the_same_folder(tmp_path: Path) -> None:
    previous = write_briefing(tmp_path / "briefs" / "aleppo-falls.json", DAY_1)
    write_briefing(tmp_path / "briefs" / "other-story.json", DAY_2)
    assert find_story_previous(tmp_path / "briefs", "aleppo-falls") == previous
    assert find_story_previous(tmp_path / "briefs", "new-story") is None
    (tmp_path / "briefs" / "broken.json").write_text("{not json", encoding="utf-8")
    assert find_story_previous(tmp_path / "briefs", "broken") is None


def test_in_dated_folders_a_storys_previous_briefing_is_the_latest_beside_it(tmp_path: Path) -> None:
    briefs = tmp_path / "briefs"
    write_briefing(briefs / "2026-11-20" / "aleppo-falls.json", DAY_1)
    latest = write_briefing(briefs / "2026-11-21" / "aleppo-falls.json", DAY_2)
    write_briefing(briefs / "2026-11-23" / "other-story.json", DAY_2)
    write_briefing(
        briefs / "ukraine-2026-11-22" / "aleppo-falls.json", datetime(2026, 12, 1, tzinfo=timezone.utc)
    )
    (briefs / "2026-11-24").mkdir()
    (briefs / "2026-11-24" / "aleppo-falls.json").write_text("{half", encoding="utf-8")
    today = briefs / "2026-11-25"
    assert find_story_previous(today, "aleppo-falls") == latest
    assert find_story_previous(briefs / "ukraine-2026-11-25", "aleppo-falls") == (
        briefs / "ukraine-2026-11-22" / "aleppo-falls.json"
    )
    assert find_story_previous(briefs / "2026-11-21", "aleppo-falls") == latest  # its own folder first
    assert find_story_previous(tmp_path / "undated", "aleppo-falls") is None


# --- rendering -----------------------------------------------------------------------------------


def test_markdown_shows_what_is_new_after_the_sources() -> None:
    md = render(day_2())
    headings = [line for line in md.splitlines() if line.startswith("## ")]
    assert headings[:4] == [
        "## In brief",
        "## Sources",
        "## New since the last briefing (2024-12-08 06:00 UTC)",
        "## Main developments",
    ]
    assert section(md) == (
        " (2024-12-08 06:00 UTC)\n\n"
        "**Developments**\n\n"
        "- Rebels captured Hama on Saturday. — single source [^6]\n"
        "- Warplanes conducted 125 airstrikes on Hama. — single source [^7]\n\n"
        "**New figures**\n\n"
        "- air strikes: 125 [^7]\n\n"
        "**Changed figures**\n\n"
        "- deaths: more than 400 as of Friday (was: more than 327 as of Tuesday, at least 311 by Tuesday) [^5]\n\n"
        "**Statements**\n\n"
        "- **Maria Lopez**: the road to Idlib was closed — single source [^8]\n"
    )
    assert "\n\n\n" not in md


def footnote_numbers(md: str) -> list[int]:
    return [int(n) for n in re.findall(r"^\[\^(\d+)\]: ", md, re.MULTILINE)]


def test_footnotes_are_numbered_from_the_new_section_on() -> None:
    current = day_2()
    md = render(current)
    numbers = footnote_numbers(md)
    assert numbers == list(range(1, len(numbers) + 1))
    # "In brief" cites the toll first.
    assert "[^5]: [3] post.txt, chars 85–168: “More than 400 people have been killed" in md
    main = md.split("## Main developments", 1)[1]
    assert "- Rebels captured Hama on Saturday. — single source [^6]" in main  # the same footnote
    # The section cites nothing the rest of the briefing does not: the footnotes are the same ones.
    assert len(numbers) == len(footnote_numbers(render(current.model_copy(update={"since_previous": None}))))


def test_nothing_new_is_one_line() -> None:
    previous = day_1()
    current = merge([wire(), courier()], failures=[], generated_at=DAY_2)
    current.since_previous = compare(previous, current)
    assert section(render(current)) == (
        " (2024-12-08 06:00 UTC)\n\nNothing new since the briefing of 2024-12-08 06:00 UTC.\n"
    )
    assert '<p class="none">Nothing new since the briefing of 2024-12-08 06:00 UTC.</p>' in render(
        current, "html"
    )


def test_html_shows_what_is_new() -> None:
    page = render(day_2(), "html")
    assert page.index("<h2>Sources</h2>") < page.index(
        "<h2>New since the last briefing (2024-12-08 06:00 UTC)</h2>"
    )
    assert page.index("<h2>New since the last briefing") < page.index("<h2>Main developments</h2>")
    assert (
        "<li>deaths: more than 400 as of Friday (was: more than 327 as of Tuesday, at least 311 by Tuesday) "
        '<span class="refs"><sup class="cite"><a href="#c5" aria-describedby="q5">5</a>'
    ) in page
    assert "<h3>New figures</h3>" in page and "<h3>Statements</h3>" in page


def test_html_escapes_what_is_new() -> None:
    current = day_2()
    assert current.since_previous is not None
    current.since_previous.new_developments[0].description = "<script>alert(1)</script>"
    current.since_previous.changed_figures[0].about = "<b>deaths</b>"
    page = render(current, "html")
    assert "<script>" not in page and "<b>" not in page
    assert "<li>&lt;script&gt;alert(1)&lt;/script&gt; (Saturday)" in page
    assert "<li>&lt;b&gt;deaths&lt;/b&gt;: more than 400" in page
    assert "- \\<script>alert(1)\\</script> (Saturday)" in render(current)


@pytest.mark.parametrize(
    ("timestamp", "shown"),
    [
        ("2024-12-08T06:00:00+00:00", "2024-12-08 06:00 UTC"),
        ("2024-12-08T08:30:59+02:00", "2024-12-08 06:30 UTC"),
        ("2024-12-08T06:00:00", "2024-12-08 06:00"),
        ("last night", "last night"),
    ],
)
def test_moment_text(timestamp: str, shown: str) -> None:
    assert moment_text(timestamp) == shown


def test_yesterdays_event_retold_tonight_in_other_words_is_not_new() -> None:
    yesterday = merge(
        [
            extract(
                "a.txt", "Rebels captured the city of Aleppo on Friday after a week-long offensive.\n", "Wire"
            )
        ],
        failures=[],
        generated_at=DAY_1,
    )
    tonight = merge(
        [
            extract(
                "b.txt",
                "Rebels seized the city of Aleppo on Friday after a week-long offensive, residents said.\n\n"
                "Rebels captured the city of Hama on Sunday after a week-long offensive.\n",
                "Post",
            )
        ],
        failures=[],
        generated_at=DAY_2,
    )
    changes = compare(yesterday, tonight)
    assert (
        [e.description for e in changes.new_developments]
        == [
            "Rebels captured the city of Hama on Sunday after a week-long offensive."  # another place, another day
        ]
    )
