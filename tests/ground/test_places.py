"""Places named in text (summarizer/places.py)."""

from __future__ import annotations

import pytest

from summarizer.ground.places import Gazetteer, place_key, place_keys, places


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ("Rebels captured Hama on Thursday.", ["Hama"]),
        ("Warplanes struck across Idlib and western Aleppo since Wednesday.", ["Idlib", "Aleppo"]),
        ("HTS launched a surprise offensive in Idlib province.", ["Idlib"]),
        ("They seized the town of Saraqib.", ["Saraqib"]),
        # A name with "of" in it is one place.
        ("450 died in the Democratic Republic of the Congo.", ["Democratic Republic of the Congo"]),
        # Must not trigger: "of" before a word in lower case.
        ("Fighting went on in Aleppo of all places.", ["Aleppo"]),
        ("The fall of Aleppo's citadel stunned Damascus.", ["Aleppo"]),
        ("Capture of Aleppo", ["Aleppo"]),
        ("In Aleppo, rebels celebrated.", ["Aleppo"]),
        ("Residents in Aleppo said the shelling had stopped.", ["Aleppo"]),
        ("A significant shift in the Syrian conflict.", []),
        ("The weapons were in Iranian hands.", []),
        ("Nothing here names a place.", []),
        ("Buildings collapsed across central Mexico in Tuesday's violent earthquake.", ["Mexico"]),
        ("At least 13 people in Florida have been reported dead from Hurricane Ian.", ["Florida"]),
        ("The death toll from the Halloween crowd crush in Seoul has risen to 154.", ["Seoul"]),
        # A place named by a possessive is the one the sentence's name holds, else as written.
        (
            "Charlotte County Commissioner Joseph Tiseo told CNN that at least eight people were confirmed dead in his county.",
            ["Charlotte County"],
        ),
        ("The sheriff said at least six deaths occurred in his county.", ["his county"]),
        # A kind of place names the place after "of", never the country of its adjective.
        ("The toll in the east Indian district of Balasore has risen to 288.", ["Balasore"]),
        ("Protests spread in the Indian state of Odisha.", ["Odisha"]),
        ("72 died in the state of Morelos, 43 in Puebla.", ["Puebla", "Morelos"]),
        # Must not trigger: a state of things, a word that ends in a kind of place.
        ("The president declared a state of emergency.", []),
        ("Voters in the upstate of the region turned out.", []),
    ],
)
def test_places(text: str, named: list[str]) -> None:
    assert places(text) == named


def test_place_keys_ignore_kinds_of_place_and_directions() -> None:
    assert place_key("Aleppo city") == place_key("western Aleppo") == place_key("Aleppo's") == "aleppo"
    assert place_keys(["Idlib and Hama", "Aleppo province", None]) == {"idlib", "hama", "aleppo"}


def test_gazetteer_finds_known_places_anywhere() -> None:
    gazetteer = Gazetteer(["Aleppo city", "Deir ez-Zor", "Idlib and Hama"])
    assert gazetteer.keys_in("HTS fighters reached Aleppo's outskirts near Hama") == {"aleppo", "hama"}
    assert gazetteer.keys_in("Clashes reached Deir Ez-Zor") == {"deir ez zor"}
    assert gazetteer.keys_in("Rebels advanced") == frozenset()
