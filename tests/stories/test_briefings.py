"""`summarize brief FOLDER --out DIR/`: a briefing per story and the index, end to end.

The model is the loopback stub server answering with the embedded model's recorded answers for
the dev set (bench/devset/cassettes/, the answers bench/quality.py replays), so these runs are
offline and the briefings are those of the real model.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from summarizer.cli import cli
from summarizer.client.embedded import MODEL_NAME
from summarizer.models.briefing import Briefing
from summarizer.models.story_index import StoryIndex
from summarizer.testing.recorded import RecordedResponder
from summarizer.testing.stub_server import StubServer
from support.paths import REPO
from support.story_folder import read_story_folder

pytestmark = pytest.mark.recorded

DEVSET = REPO / "bench" / "devset"
QUAKE, FINAL, ELECTION = "mexico-earthquake-2017-09", "world-cup-final-2022-12", "uk-election-2024-07"


class Recorded:
    """The recorded answers of several dev set stories, for one stub server."""

    def __init__(self, *stories: str) -> None:
        self.responders = [RecordedResponder(DEVSET / "cassettes" / f"{s}.yaml") for s in stories]

    def __call__(self, body: dict) -> str:
        for responder in self.responders:
            try:
                return responder(body)
            except LookupError:
                continue
        raise LookupError("this question was not recorded")


@pytest.fixture(scope="module")
def server() -> Iterator[StubServer]:
    with StubServer(Recorded(QUAKE, FINAL, ELECTION)) as stub:
        yield stub


def copy(folder: Path, story: str, numbers: range) -> None:
    """Articles ``numbers`` (1 for 01-…md) of a dev set story into ``folder``, named after the story."""
    folder.mkdir(parents=True, exist_ok=True)
    for path in sorted((DEVSET / story).glob("*.md")):
        if int(path.name[:2]) in numbers:
            shutil.copy(path, folder / f"{story[:6]}-{path.name}")


def summarize(server: StubServer, cache: Path, *args: str | Path) -> tuple[int, str]:
    model = ["--base-url", server.base_url, "--model", MODEL_NAME, "--response-format", "json_schema"]
    result = CliRunner().invoke(cli, [*map(str, args), *model, "--cache-dir", str(cache)])
    return result.exit_code, result.output


def entry_with(index: StoryIndex, story: str):
    return next(
        s
        for s in [*index.stories, *index.also_reported]
        if s.articles[0].path.split("/")[-1].startswith(story[:6])
    )


def test_a_briefing_per_story_and_an_index_listing_them(server: StubServer, tmp_path: Path) -> None:
    feed, out = tmp_path / "feed", tmp_path / "briefs"
    copy(feed, QUAKE, range(1, 7))
    copy(feed, FINAL, range(1, 5))
    copy(feed, ELECTION, range(1, 2))  # a single article: also reported
    code, output = summarize(
        server, tmp_path / "cache", "brief", feed, "-o", f"{out}/", "-f", "md", "-f", "html"
    )
    assert code == 0, output
    assert output.strip().endswith(
        f"3 stories: 2 briefed, 1 also reported · {_citations(out):,} citations → {out}/"
    )
    stories = read_story_folder(out)
    index = stories.index
    assert [s.article_count for s in index.stories] == [6, 4]  # most outlets first
    quake, final = index.stories
    assert "mexico" in quake.slug or "quake" in quake.slug or "rescue" in quake.slug
    assert quake.outlets[:2] == ["CBS New York", "TVNZ 1 News"] and quake.source_count == 6
    assert set(quake.briefing) == {f"{quake.slug}.{fmt}" for fmt in ("md", "html", "json")}
    assert {p.name for p in out.iterdir()} == {
        *quake.briefing,
        *final.briefing,
        "index.md",
        "index.html",
        "index.json",
    }
    [alone] = index.also_reported
    assert alone.briefing == [] and alone.articles[0].url and alone.articles[0].outlet == "The National"
    markdown, page = (out / "index.md").read_text(), (out / "index.html").read_text()
    assert f"## [{quake.headline}]({quake.slug}.md)" in markdown
    assert f'<a href="{final.slug}.html">' in page
    assert "## Also reported" in markdown and f"]({alone.articles[0].url})" in markdown
    # Each briefing is made of its story's articles only: nothing of the other story is compared.
    for entry in (quake, final):
        briefing = stories.briefings[entry.slug]
        assert briefing.title == f"Briefing: {entry.headline}"  # as the index names the story
        paths = {a.path for a in entry.articles}
        assert {s.path for s in briefing.sources} == paths
        values = [v for d in briefing.disagreements for v in d.values]
        records = [*briefing.developments, *briefing.figures, *briefing.statements, *values]
        assert all(c.path in paths for r in records for c in r.citations)


def _citations(out: Path) -> int:
    stories = read_story_folder(out)
    return sum(b.citation_count for b in stories.briefings.values())


def test_the_next_night_a_story_keeps_its_id_and_slug_and_says_what_is_new(
    server: StubServer, tmp_path: Path
) -> None:
    feed, out, cache = tmp_path / "feed", tmp_path / "briefs", tmp_path / "cache"
    copy(feed, QUAKE, range(1, 4))
    copy(feed, FINAL, range(1, 4))
    assert summarize(server, cache, "brief", feed, "-o", f"{out}/")[0] == 0
    first = read_story_folder(out).index
    copy(feed, QUAKE, range(4, 7))  # the quake story goes on; nothing new about the final
    calls = server.calls
    code, output = summarize(server, cache, "brief", feed, "-o", out)  # an existing folder: no slash needed
    assert code == 0, output
    assert server.calls - calls == 3 * 3  # three calls for each new article, none for the others
    assert "(2 compared with their last briefing)" in output
    second = read_story_folder(out)
    for before in first.stories:
        after = next(s for s in second.index.stories if s.id == before.id)
        assert (after.slug, after.continued) == (before.slug, True)
    quake, final = entry_with(second.index, QUAKE), entry_with(second.index, FINAL)
    assert (quake.new_article_count, final.new_article_count) == (3, 0)
    assert quake.since_previous and quake.since_previous.previous == str(out / f"{quake.slug}.json")
    since = second.briefings[quake.slug].since_previous
    assert since is not None and (since.new_developments or since.new_figures or since.changed_figures)
    assert second.briefings[final.slug].since_previous.nothing_new
    assert "Nothing new since the last briefing." in (out / "index.md").read_text()
    assert "## New since the last briefing" in (out / f"{quake.slug}.md").read_text()


def test_in_dated_folders_each_story_is_compared_with_its_briefing_of_the_day_before(
    server: StubServer, tmp_path: Path
) -> None:
    feeds, briefs, cache = tmp_path / "feeds", tmp_path / "briefs", tmp_path / "cache"
    copy(feeds / "2017-09-19", QUAKE, range(1, 4))
    copy(feeds / "2017-09-20", QUAKE, range(4, 7))  # only the new articles, as a nightly fetch saves them
    for day in ("2017-09-19", "2017-09-20"):
        code, output = summarize(server, cache, "brief", feeds / day, "-o", f"{briefs / day}/")
        assert code == 0, output
    first, second = (read_story_folder(briefs / day).index for day in ("2017-09-19", "2017-09-20"))
    assert [s.id for s in second.stories] == [s.id for s in first.stories]
    [story] = second.stories
    assert story.continued and story.new_article_count == 3
    assert story.since_previous.previous == str(briefs / "2017-09-19" / f"{story.slug}.json")


def test_one_output_file_for_several_stories_is_refused_before_any_model_call(
    server: StubServer, tmp_path: Path
) -> None:
    feed = tmp_path / "feed"
    copy(feed, QUAKE, range(1, 4))
    copy(feed, FINAL, range(1, 4))
    calls = server.calls
    code, output = summarize(server, tmp_path / "cache", "brief", feed, "-o", tmp_path / "brief.md")
    assert code == 2 and server.calls == calls
    assert output.startswith("Error: these 6 articles tell 2 stories (") and output.count("\n") == 1
    assert "--out DIR/" in output and not (tmp_path / "brief.md").exists()


def test_one_story_into_one_file_is_briefed_as_before(server: StubServer, tmp_path: Path) -> None:
    feed = tmp_path / "feed"
    copy(feed, FINAL, range(1, 7))
    code, output = summarize(server, tmp_path / "cache", "brief", feed, "-o", tmp_path / "brief.json")
    assert code == 0, output
    briefing = Briefing.model_validate_json((tmp_path / "brief.json").read_text())
    assert len(briefing.sources) == 6 and not (tmp_path / "index.json").exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--title", "T"], "--title names a single briefing"),
        (["--previous", "x.json"], "--previous names a single briefing"),
        (["-o", "also.md"], "give no other --out"),
        (
            ["-f", "md", "-f", "html", "--template", "README.md"],
            "--template with --out DIR/ applies to one format",
        ),
    ],
)
def test_options_that_name_one_briefing_are_refused_with_out_dir(
    server: StubServer, tmp_path: Path, args: list[str], message: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(REPO)
    code, output = summarize(
        server, tmp_path / "cache", "brief", "seeds", "-o", f"{tmp_path / 'out'}/", *args
    )
    assert code == 2 and message in output
    assert not (tmp_path / "out").exists()


def test_an_out_dir_that_is_a_file_and_two_formats_for_one_file_are_refused(
    server: StubServer, tmp_path: Path
) -> None:
    (tmp_path / "taken").write_text("x")
    code, output = summarize(
        server, tmp_path / "cache", "brief", REPO / "seeds", "-o", f"{tmp_path / 'taken'}/"
    )
    assert code == 2 and "exists and is not a folder" in output
    code, output = summarize(
        server, tmp_path / "cache", "brief", REPO / "seeds", "-o", tmp_path / "b.md", "-f", "md", "-f", "html"
    )
    assert code == 2 and "give one --format for an output file" in output


def test_quiet_days_from_the_environment_or_the_option_decide_how_long_a_story_is_kept(
    server: StubServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    feed, out, cache = tmp_path / "feed", tmp_path / "briefs", tmp_path / "cache"
    copy(feed, QUAKE, range(1, 4))
    assert summarize(server, cache, "brief", feed, "-o", f"{out}/")[0] == 0
    copy(feed, QUAKE, range(4, 5))
    assert summarize(server, cache, "brief", feed, "-o", f"{out}/", "--story-quiet-days", "30")[0] == 0
    assert read_story_folder(out).index.stories[0].continued
    monkeypatch.setenv("SUMMARIZER_STORY_QUIET_DAYS", "0")  # forgotten as soon as the next run starts
    copy(feed, QUAKE, range(5, 6))
    assert summarize(server, cache, "brief", feed, "-o", f"{out}/")[0] == 0
    [story] = read_story_folder(out).index.stories
    assert not story.continued and story.new_article_count == 5


def test_render_writes_a_briefing_per_story_from_an_extractions_file(
    server: StubServer, tmp_path: Path
) -> None:
    feed, cache = tmp_path / "feed", tmp_path / "cache"
    copy(feed, QUAKE, range(1, 4))
    copy(feed, FINAL, range(1, 4))
    assert summarize(server, cache, "extract", feed, "-o", tmp_path / "x.jsonl")[0] == 0
    result = CliRunner().invoke(cli, ["render", str(tmp_path / "x.jsonl"), "-o", str(tmp_path / "one.md")])
    assert result.exit_code == 2 and "tell 2 stories" in result.output
    by_story = [
        "render",
        str(tmp_path / "x.jsonl"),
        "-o",
        f"{tmp_path / 'briefs'}/",
        "--cache-dir",
        str(cache),
    ]
    result = CliRunner().invoke(cli, by_story)
    assert result.exit_code == 0, result.output
    assert len(read_story_folder(tmp_path / "briefs").briefings) == 2
    assert "6 articles · 2 stories: 2 briefed" in result.output


def test_a_briefing_of_the_same_name_is_compared_only_when_it_is_of_the_same_story(
    server: StubServer, tmp_path: Path
) -> None:
    feed, out = tmp_path / "feed", tmp_path / "briefs"
    copy(feed, QUAKE, range(1, 4))
    assert summarize(server, tmp_path / "cache", "brief", feed, "-o", f"{out}/")[0] == 0
    [quake] = read_story_folder(out).index.stories
    # A new cache knows no story: the briefing in DIR of the same name is not taken for its previous.
    code, output = summarize(server, tmp_path / "new-cache", "brief", feed, "-o", f"{out}/")
    assert code == 0 and "compared" not in output
    [again] = read_story_folder(out).index.stories
    assert (again.slug, again.continued, again.since_previous) == (quake.slug, False, None)
    # Another story's briefing under this story's name: not compared with, and said so.
    other = tmp_path / "other"
    copy(other, FINAL, range(1, 3))
    assert summarize(server, tmp_path / "other-cache", "brief", other, "-o", f"{tmp_path / 'o'}/")[0] == 0
    [final] = read_story_folder(tmp_path / "o").index.stories
    shutil.copy(tmp_path / "o" / f"{final.slug}.json", out / f"{quake.slug}.json")
    copy(feed, QUAKE, range(4, 5))
    code, output = summarize(server, tmp_path / "new-cache", "brief", feed, "-o", f"{out}/")
    assert (
        code == 0 and f"warning: {out / quake.slug}.json is not a briefing of this story's articles" in output
    )
    assert read_story_folder(out).index.stories[0].since_previous is None
