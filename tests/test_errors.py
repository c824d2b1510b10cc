"""One family of errors a user can act on, each one line, all of them exported."""

from __future__ import annotations

import inspect

import pytest
from pydantic import BaseModel, ValidationError

import summarizer
from summarizer import errors


class _Point(BaseModel):
    x: int
    y: int


def _invalid(data: object) -> ValidationError:
    with pytest.raises(ValidationError) as raised:
        _Point.model_validate(data)
    return raised.value


def test_every_error_is_a_summarizer_error_and_exported() -> None:
    defined = {
        name
        for name, value in vars(errors).items()
        if inspect.isclass(value) and issubclass(value, Exception) and value.__module__ == errors.__name__
    }
    assert "SummarizerError" in defined and len(defined) >= 9
    for name in defined:
        assert issubclass(getattr(errors, name), errors.SummarizerError)
        assert getattr(summarizer, name) is getattr(errors, name)
        assert name in summarizer.__all__


def test_an_ingest_error_is_one_line_naming_its_file() -> None:
    error = errors.IngestError("news/a.txt", "binary file\n(contains NUL bytes)")
    assert (str(error), error.path, error.reason) == (
        "news/a.txt: binary file (contains NUL bytes)",
        "news/a.txt",
        "binary file (contains NUL bytes)",
    )


def test_a_validation_error_becomes_where_and_what() -> None:
    assert errors.validation_message(_invalid({"x": "a", "y": 1})) == (
        "x: Input should be a valid integer, unable to parse string as an integer"
    )


def test_a_problem_with_the_whole_value_is_named_by_top_or_left_unnamed() -> None:
    whole = _invalid([1, 2])
    assert errors.validation_message(whole, top="line").startswith("line: Input should be")
    assert errors.validation_message(whole).startswith("Input should be")


def test_other_problems_are_counted_when_asked() -> None:
    both = _invalid({})
    assert errors.validation_message(both, count_more=True) == "x: Field required (and 1 more)"
    assert errors.validation_message(both) == "x: Field required"
