from summarizer.models.article import Article
from summarizer.stories.terms import NAME, PLACE, WORD, article_terms, names, words


def article(text: str, title: str | None = None) -> Article:
    return Article(id="a", path="a.txt", content_hash="h", text=text, title=title)


def test_words_are_folded_singular_and_without_the_words_of_any_news_text() -> None:
    assert words("The Quakes said on Tuesday that Zürich's rescuers are 3 hours away") == [
        "quake",
        "zurich",
        "rescuer",
    ]
    assert words("Hay'at Tahrir al-Sham") == ["hayat", "tahrir", "sham"]
    assert words("a press of glass") == ["press", "glass"]  # "ss" is no plural


def test_names_are_runs_of_capitalised_words_kept_as_their_words() -> None:
    text = "The Associated Press said Alex Jones met Neil Heslin. Rescue workers came. In Texas, Jones spoke."
    assert names(text) == ["associated press", "alex jone", "neil heslin"]


def test_terms_count_words_names_and_places_and_the_headline_twice_more() -> None:
    terms = article_terms(article("Alex Jones spoke in Austin. Jones spoke again.", title="Jones verdict"))
    assert terms[WORD + "jone"] == 2 + 2  # twice in the text, twice more for the headline
    assert terms[WORD + "verdict"] == 2
    assert terms[NAME + "alex jone"] == 1
    assert terms[PLACE + "austin"] == 1
    assert NAME + "jones verdict" not in terms  # a headline's capitals are style, not names
