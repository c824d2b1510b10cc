from summarizer.models.article import Article
from summarizer.stories.headlines import HEADLINE_CHARS, headline, slug


def article(number: int, text: str, title: str | None = None) -> Article:
    return Article(
        id=str(number), path=f"news/{number}.txt", content_hash=str(number), text=text, title=title
    )


def test_the_headline_is_the_title_of_the_most_central_article() -> None:
    articles = [article(0, "a", "Off to the side"), article(1, "b", "  Quake  kills\n200 "), article(2, "c")]
    vectors = [{"w:x": 1.0}, {"w:x": 0.8, "w:y": 0.6}, {"w:y": 1.0}]
    assert headline(articles, vectors, [0, 1, 2]) == "Quake kills 200"
    assert headline(articles, vectors, [0]) == "Off to the side"


def test_without_any_title_the_headline_is_a_first_line_cut_on_a_word() -> None:
    long_line = "word " * 60
    assert headline([article(0, f"\n\n{long_line}\nmore")], [{}], [0]) == ("word " * 20).strip() + "…"
    assert len(headline([article(0, long_line)], [{}], [0])) <= HEADLINE_CHARS + 1
    assert headline([article(0, "Short one.\nNext")], [{}], [0]) == "Short one."
    assert headline([article(0, " ")], [{}], [0]) == "news/0.txt"


def test_a_slug_is_the_headlines_first_words_in_ascii() -> None:
    assert (
        slug("Death toll in Mexico earthquake rises above 200", set())
        == "death-toll-in-mexico-earthquake-rises"
    )
    assert slug("Zürich: «Ça va» — 3,000 évacués!", set()) == "zurich-ca-va-3-000-evacues"
    assert slug("…", set()) == "story"


def test_a_slug_taken_or_reserved_for_the_index_gets_a_number() -> None:
    assert slug("Quake", {"quake"}) == "quake-2"
    assert slug("Quake", {"quake", "quake-2"}) == "quake-3"
    assert slug("Index", set()) == "index-2"
