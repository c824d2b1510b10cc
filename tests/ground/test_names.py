"""When two names are one actor (summarizer/names.py)."""

from __future__ import annotations

import pytest

from summarizer.ground.names import (
    NameIndex,
    abbreviations_in,
    actor_name,
    fold,
    name_key,
    split_abbreviation,
    titled_name,
    whole_name,
)


def test_fold_ignores_case_accents_and_apostrophes() -> None:
    assert fold("HAY’AT Tahrir al-Shām") == fold("hay'at tahrir al-sham") == "hayat tahrir al-sham"


@pytest.mark.parametrize(
    "variant",
    ["Hay'at Tahrir al-Sham", "the Hayat Tahrir al Sham", "HAYAT TAHRIR AL-SHAM", "Hayat Tahrir al-Sham's"],
)
def test_spellings_of_one_name_have_one_key(variant: str) -> None:
    assert name_key(variant) == name_key("Hayat Tahrir al-Sham")


def test_a_name_written_with_its_abbreviation_is_split() -> None:
    assert split_abbreviation("Hayat Tahrir al-Sham (HTS)") == ("Hayat Tahrir al-Sham", "HTS")
    assert split_abbreviation("Syrian Democratic Forces (XYZ)") == ("Syrian Democratic Forces (XYZ)", None)


def test_abbreviations_an_article_introduces() -> None:
    text = (
        "The Syrian Observatory for Human Rights (SOHR) counted the dead. "
        "The U.N. Office for the Coordination of Humanitarian Affairs (OCHA) reported airstrikes. "
        "Rebels of Hayat Tahrir al-Sham (HTS) advanced."
    )
    assert abbreviations_in(text) == [
        ("Syrian Observatory for Human Rights", "SOHR"),
        ("Office for the Coordination of Humanitarian Affairs", "OCHA"),
        ("Hayat Tahrir al-Sham", "HTS"),
    ]


def test_also_known_as_joins_two_names() -> None:
    assert abbreviations_in("Jabhat al-Nusra, also known as Jabhat Fatah al-Sham, regrouped.") == [
        ("Jabhat al-Nusra", "Jabhat Fatah al-Sham")
    ]


def index_of(*names: str) -> NameIndex:
    index = NameIndex()
    index.add_all(names)
    return index


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Hayat Tahrir al-Sham (HTS)", "HTS"),
        ("Hay'at Tahrir al-Sham", "Hayat Tahrir al-Sham"),
        ("Abu Mohammad al-Julani", "Abu Mohammed al-Jolani"),
        ("Syrian Observatory for Human Rights", "Syria Observatory for Human Rights"),
        ("Russian Defense Ministry", "Russian Defence Ministry"),
        ("the Syrian army", "Syrian government forces"),
        ("Syrian troops", "the Syrian regime forces"),
    ],
)
def test_names_of_one_actor(a: str, b: str) -> None:
    index = index_of(a, b)
    assert index.canonical(a) == index.canonical(b)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Iranian forces", "Iraqi forces"),
        ("President Bashar al-Assad", "President Hafez al-Assad"),
        ("Syrian army", "Russian army"),
        ("Syrian army", "Syrian Democratic Forces"),
        ("Syrian National Army", "Syrian army"),
        ("United States", "United Nations"),
        ("government forces", "Syrian army"),  # whose government, the rules cannot tell
    ],
)
def test_names_of_different_actors(a: str, b: str) -> None:
    index = index_of(a, b)
    assert index.canonical(a) != index.canonical(b)


def test_abbreviation_joined_through_an_article_reaches_every_spelling() -> None:
    index = index_of("Hay'at Tahrir al-Sham", "HTS")
    index.same("Hayat Tahrir al-Sham", "HTS")
    assert index.canonical("Hay'at Tahrir al-Sham") == index.canonical("HTS") == index.canonical("hts")


def test_a_name_never_added_is_its_own_key() -> None:
    assert index_of("HTS").canonical("The Kurds") == "kurds"


@pytest.mark.parametrize(
    ("given", "name"),
    [
        ("Ali Silo, whose two relatives could not be saved in the Turkish town of Nurdagi", "Ali Silo"),
        ("Authorities said they believe he was using a hose to drain a pool.", "Authorities"),
        ("other residents to recover the bodies and those of two other victims", None),
        ("search teams and emergency aid from around the world", None),
        ("three", None),
        # Must not trigger: names with abbreviations, long official names, lowercase groups.
        ("Twitter Inc.", "Twitter Inc."),
        ("Bobby F. Kimbrough Jr.", "Bobby F. Kimbrough Jr."),
        (
            "Turkey's Disaster and Emergency Management Agency",
            "Turkey's Disaster and Emergency Management Agency",
        ),
        ("rebels", "rebels"),
    ],
)
def test_an_actor_is_a_name_not_a_phrase_about_it(given: str, name: str | None) -> None:
    assert actor_name(given) == name


@pytest.mark.parametrize(
    ("speaker", "earlier", "whole"),
    [
        (
            "Kim",
            "The secretary general, Kim Min-ki, condemned it. President Yoon Suk Yeol left.",
            "Kim Min-ki",
        ),
        ("Mr. Kim", "Defence Minister Kim Yong-hyun apologised.", "Kim Yong-hyun"),
        ("Yoon", "President Yoon Suk Yeol declared martial law.", "Yoon Suk Yeol"),
        ("Bottzauw", "The head of the agency, Kristoffer Bottzauw, spoke.", "Kristoffer Bottzauw"),
        ("Seselja", "Minister for the Pacific Zed Seselja said so.", "Zed Seselja"),
        # Must not trigger: two people of that name, none, a title, an abbreviation, a name going on.
        ("Kim", "Kim Min-ki spoke. Defence Minister Kim Yong-hyun apologised.", None),
        ("Biden", "President Biden spoke.", None),
        ("Trump", "Trump Tower was closed.", None),
        ("PM", "A NEW PM will be elected.", None),
        ("Lula", "Former President Luiz Inácio Lula da Silva won.", None),
        ("Kim Min-ki", "Kim Min-ki spoke.", None),
    ],
)
def test_a_person_named_by_one_word_is_the_whole_name_the_article_gave(
    speaker: str, earlier: str, whole: str | None
) -> None:
    assert whole_name(speaker, [earlier]) == whole


@pytest.mark.parametrize(
    ("speaker", "earlier", "named"),
    [
        ("president", "President Joe Biden spoke on Monday.", "President Joe Biden"),
        ("state’s governor", "Gov. Wes Moore said the bridge fell.", "Gov. Wes Moore"),
        (
            "the president",
            "President Andrés Manuel López Obrador’s government said so.",
            "President Andrés Manuel López Obrador",
        ),
        # Must not trigger: two people of that title, none, a description that is no person's title.
        ("the president", "President Joe Biden and Fed President Loretta Mester spoke.", None),
        ("president", "The president spoke.", None),
        ("company", "Colonial Pipeline said.", None),
    ],
)
def test_a_speaker_described_by_title_is_the_one_person_the_article_gave_it(
    speaker: str, earlier: str, named: str | None
) -> None:
    assert titled_name(speaker, [earlier]) == named
