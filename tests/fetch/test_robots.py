from __future__ import annotations

import pytest

from summarizer.errors import FetchError
from summarizer.fetch.robots import RobotsFile, RobotsRules, robots_url

RULES = """\
User-agent: *
Disallow: /private/

User-agent: summarizer
Disallow: /no-tools/
Allow: /no-tools/ok
"""


class Downloads:
    def __init__(self, answer: RobotsFile | FetchError) -> None:
        self.answer = answer
        self.urls: list[str] = []

    def __call__(self, url: str) -> RobotsFile:
        self.urls.append(url)
        if isinstance(self.answer, FetchError):
            raise self.answer
        return self.answer


def test_robots_url_is_at_the_root_of_the_origin() -> None:
    assert robots_url("https://news.example:8443/a/b?c=d#e") == "https://news.example:8443/robots.txt"


def test_the_group_naming_the_tool_applies_and_is_read_once_per_site() -> None:
    downloads = Downloads(RobotsFile(200, RULES))
    rules = RobotsRules("summarizer", downloads)
    assert rules.refusal("https://news.example/no-tools/story") == "disallowed by robots.txt"
    assert rules.refusal("https://news.example/no-tools/ok") is None
    # The tool's own group replaces the * group: /private/ is not forbidden to it.
    assert rules.refusal("https://news.example/private/story") is None
    assert downloads.urls == ["https://news.example/robots.txt"]
    assert rules.refusal("https://other.example/no-tools/x") == "disallowed by robots.txt"
    assert downloads.urls[-1] == "https://other.example/robots.txt"


def test_the_longest_matching_rule_wins_and_patterns_match() -> None:
    text = "User-agent: *\nAllow: /\nDisallow: /*?print=\nDisallow: /live/*.json$\n"
    rules = RobotsRules("summarizer", Downloads(RobotsFile(200, text)))
    assert rules.refusal("https://news.example/story?print=1") == "disallowed by robots.txt"
    assert rules.refusal("https://news.example/live/feed.json") == "disallowed by robots.txt"
    assert rules.refusal("https://news.example/live/feed.json?page=2") is None
    assert rules.refusal("https://news.example/story") is None


def test_other_agents_follow_the_star_group() -> None:
    rules = RobotsRules("otherbot", Downloads(RobotsFile(200, RULES)))
    assert rules.refusal("https://news.example/private/story") == "disallowed by robots.txt"
    assert rules.refusal("https://news.example/no-tools/story") is None


@pytest.mark.parametrize("status", [401, 403, 404, 410])
def test_a_4xx_robots_txt_allows_everything(status: int) -> None:
    rules = RobotsRules("summarizer", Downloads(RobotsFile(status, "Disallow: /")))
    assert rules.refusal("https://news.example/anything") is None


def test_a_5xx_robots_txt_forbids_the_whole_site() -> None:
    rules = RobotsRules("summarizer", Downloads(RobotsFile(503, "")))
    assert rules.refusal("https://news.example/story") == (
        "robots.txt could not be read (HTTP 503), so nothing on the site is fetched"
    )


def test_an_unreachable_robots_txt_forbids_the_whole_site() -> None:
    downloads = Downloads(FetchError("https://news.example/robots.txt", "no answer within 0.5 s"))
    rules = RobotsRules("summarizer", downloads)
    why = "robots.txt could not be read (no answer within 0.5 s), so nothing on the site is fetched"
    assert rules.refusal("https://news.example/a") == why
    assert rules.refusal("https://news.example/b") == why
    assert len(downloads.urls) == 1
