"""What kind of thing happened (summarizer/actions.py)."""

from __future__ import annotations

import pytest

from summarizer.ground.actions import ONE_OFF, action_kind, action_kinds, case_steps


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Rebels captured Aleppo", "capture"),
        ("Insurgents seized the airport", "capture"),
        ("HTS took control of Aleppo city", "capture"),
        ("Capture of Aleppo", "capture"),
        ("Syrian rebels successfully breached Aleppo", "capture"),
        ("HTS launched a surprise offensive in Idlib", "offensive"),
        ("Rebels began an attack on Hama", "offensive"),
        ("Russian warplanes launched air raids on Aleppo", "airstrike"),
        ("Government forces withdrew from Hama", "withdrawal"),
        ("Syrian government forces were forced out of strategic positions", "withdrawal"),
        ("Government reinforcements deployed to Aleppo", "reinforcement"),
        ("Iran affirmed its support for Assad", None),
    ],
)
def test_action_kind(text: str, kind: str | None) -> None:
    assert action_kind(text) == kind


def test_kinds_in_order_of_mention() -> None:
    assert action_kinds("The offensive has resulted in over 327 deaths") == ["offensive", "deaths"]


def test_one_off_kinds() -> None:
    assert {"offensive", "capture"} <= ONE_OFF and "airstrike" not in ONE_OFF


@pytest.mark.parametrize(
    ("text", "steps"),
    [
        ("Chauvin was charged on second-degree murder.", {"charge"}),
        ("A jury found Chauvin guilty on all counts.", {"conviction"}),
        ("He pleaded not guilty to the charges.", {"plea"}),
        ("He was found not guilty of murder.", {"acquittal"}),
        (
            "On July 7, Griner pleaded guilty and, on Aug. 4, was sentenced to nine years.",
            {"plea", "sentence"},
        ),
        # Must not trigger: a charge named as a noun, no step of the case.
        ("The second-degree murder charge required proof of intent.", set()),
    ],
)
def test_steps_of_a_criminal_case(text: str, steps: set[str]) -> None:
    assert case_steps(text) == steps
