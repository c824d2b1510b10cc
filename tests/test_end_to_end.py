"""The main job end to end, replaying the embedded model's recorded answers for the seeds."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from summarizer.cli import cli
from summarizer.client.embedded import MODEL_NAME
from summarizer.ingest.files import ingest_paths
from summarizer.models.briefing import Briefing
from summarizer.models.records import ArticleExtraction
from support.paths import REPO

pytestmark = [pytest.mark.recorded, pytest.mark.vcr]


@pytest.fixture
def default_cassette_name() -> str:
    return "seeds"


def summarize(*args: str | Path, model_url: str | None = None) -> Result:
    model = (
        ["--base-url", model_url, "--model", MODEL_NAME, "--response-format", "json_schema"]
        if model_url
        else []
    )
    return CliRunner().invoke(cli, [*map(str, args), *model], catch_exceptions=False)


@pytest.fixture(autouse=True)
def _in_repo(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)


def _citations(briefing: Briefing) -> list:
    records = [*briefing.developments, *briefing.figures, *briefing.statements, *briefing.unconfirmed]
    return [c for r in records for c in r.citations] + [c for a in briefing.actors for c in a.citations]


def test_brief_of_the_seeds_cites_exact_words_of_four_or_more_seeds(
    tmp_path: Path, cache_dir: Path, model_url: str
):
    out = tmp_path / "brief.json"
    result = summarize("brief", "seeds", "--out", out, model_url=model_url)
    assert result.exit_code == 0, result.output
    briefing = Briefing.model_validate_json(out.read_text())
    articles = {a.id: a for a in ingest_paths(["seeds"]).articles}

    citations = _citations(briefing)
    assert citations
    for c in citations:
        article = articles[c.article_id]
        assert c.path == article.path
        assert article.text[c.start : c.end] == c.quote
        for excluded in article.excluded:  # boilerplate, headlines and datelines are never cited
            assert c.end <= excluded.start or c.start >= excluded.end, (c.quote, excluded.reason)
    assert len({c.article_id for c in citations}) >= 4
    assert len(briefing.sources) == 5
    assert briefing.developments and briefing.figures and briefing.statements
    assert "15 model calls" in result.stderr
    assert "5 extracted" in result.stderr


def test_warm_rerun_makes_no_model_call_and_gives_the_same_briefing(
    tmp_path: Path, cache_dir: Path, model_url: str
):
    first, second = tmp_path / "first.json", tmp_path / "second.json"
    assert summarize("brief", "seeds", "--out", first, model_url=model_url).exit_code == 0
    warm = summarize("brief", "seeds", "--out", second, model_url=model_url)
    assert warm.exit_code == 0, warm.output
    assert "5 cached, 0 extracted, 0 failed · 0 model calls" in warm.stderr
    assert warm.stderr.count("\n") == 1  # not a terminal: no progress, only the summary line
    a, b = (Briefing.model_validate_json(p.read_text()) for p in (first, second))
    assert a.model_dump(exclude={"generated_at"}) == b.model_dump(exclude={"generated_at"})


def test_extract_then_render_without_a_model(tmp_path: Path, cache_dir: Path, model_url: str):
    extractions = tmp_path / "extractions.jsonl"
    result = summarize("extract", "seeds", "--out", extractions, model_url=model_url)
    assert result.exit_code == 0, result.output
    lines = extractions.read_text().splitlines()
    assert len(lines) == 5
    for line in lines:
        extraction = ArticleExtraction.model_validate_json(line)
        for record in [*extraction.events, *extraction.figures, *extraction.statements]:
            for c in record.citations:
                assert extraction.article.text[c.start : c.end] == c.quote

    brief_md = tmp_path / "brief.md"
    rendered = summarize("render", extractions, "--out", brief_md)  # no model options at all
    assert rendered.exit_code == 0, rendered.output
    text = brief_md.read_text()
    for heading in ("## Sources", "## Main developments", "## Figures reported", "## Who said what"):
        assert heading in text
    assert "[^1]:" in text

    page = tmp_path / "brief.html"
    assert summarize("render", extractions, "--out", page).exit_code == 0
    assert page.read_text().lstrip().lower().startswith("<!doctype html>")


def test_brief_of_the_seeds_shows_merged_developments_disagreements_and_claims_apart(
    tmp_path: Path, cache_dir: Path, model_url: str
):
    out = tmp_path / "brief.json"
    assert summarize("brief", "seeds", "--out", out, model_url=model_url).exit_code == 0
    briefing = Briefing.model_validate_json(out.read_text())
    path_of = {s.article_id: Path(s.path).name[:3] for s in briefing.sources}

    # The capture of Aleppo, told by several seeds in their own words, is one development.
    lead = briefing.developments[0]
    assert lead.source_count >= 3
    assert all(d.source_count <= lead.source_count for d in briefing.developments)

    # The death toll, which outlets gave at different moments: every value, the highest first,
    # each with its own citation; a rising toll is no disagreement.
    assert not [d for d in briefing.disagreements if d.kind == "figure" and d.about == "deaths"]
    (toll,) = [r for r in briefing.running if r.about == "deaths"]
    values = [(v.text, path_of[v.citations[0].article_id]) for v in toll.values]
    assert values == [("more than 350", "004"), ("more than 327", "000"), ("at least 311", "002")]
    for value in toll.values:
        assert value.text.split()[-1] in value.citations[0].quote
    assert toll.values[0].status == "unconfirmed"  # "has reportedly resulted in"

    # Every development is told in the words it cites first.
    for development in [*briefing.lead, *briefing.developments, *briefing.also_reported]:
        assert development.description == development.citations[0].quote
    assert briefing.lead and briefing.lead[0] == lead

    assert briefing.unconfirmed and all(r.status == "unconfirmed" and r.hedge for r in briefing.unconfirmed)
    assert not any(r.status == "unconfirmed" for r in [*briefing.developments, *briefing.figures])
    hts = next(a for a in briefing.actors if a.name == "Hayat Tahrir al-Sham")
    assert "HTS" in hts.aliases
