"""Where the files that ship with the package live: prompts, schemas and render templates.

In a wheel, ``prompts/`` and ``schemas/`` are installed inside the package; in a source checkout
they sit at the top of the repository. Every lookup goes through here.
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def _shipped_dir(name: str) -> Path:
    packaged = _PACKAGE / name
    return packaged if packaged.is_dir() else _PACKAGE.parent / name


def prompts_dir() -> Path:
    return _shipped_dir("prompts")


def schemas_dir() -> Path:
    return _shipped_dir("schemas")


def templates_dir() -> Path:
    return _PACKAGE / "templates"
