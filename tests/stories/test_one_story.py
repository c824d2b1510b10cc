import pytest

from summarizer.errors import SeveralStoriesError
from summarizer.ingest.files import ingest_paths
from summarizer.stories.one_story import require_one_story
from support.paths import REPO, SEEDS

DEVSET = REPO / "bench" / "devset"


def test_the_seeds_tell_one_story() -> None:
    require_one_story(ingest_paths([SEEDS]).articles)
    require_one_story([])


def test_articles_of_two_stories_are_refused_in_one_line_naming_them() -> None:
    paths = sorted(
        [*(DEVSET / "mexico-earthquake-2017-09").glob("*.md"), *(DEVSET / "uk-election-2024-07").glob("*.md")]
    )
    with pytest.raises(SeveralStoriesError) as refused:
        require_one_story(ingest_paths(paths).articles)
    message = str(refused.value)
    assert "\n" not in message
    assert message.startswith("these 12 articles tell 2 stories (")
    assert "Mexico" in message and ("Starmer" in message or "Labour" in message or "UK" in message)
    assert message.endswith("write one briefing per story with --out DIR/")
