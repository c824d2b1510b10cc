"""What starting the tool loads: the heavy libraries only once they are needed.

Figures are in ``bench/startup.py``; these tests check which modules a fresh process imports.
"""

from __future__ import annotations

import json
import subprocess
import sys

HEAVY = (
    "openai",
    "instructor",
    "trafilatura",
    "lxml",
    "jinja2",
    "rapidfuzz",
    "pysbd",
    "pydantic",
    "httpx2",
    "feedparser",
    "protego",
)


def modules_after(code: str) -> set[str]:
    script = f"{code}\nimport json, sys\nprint(json.dumps(sorted(sys.modules)))"
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    return set(json.loads(done.stdout.splitlines()[-1]))


def test_importing_the_package_loads_no_dependency() -> None:
    loaded = modules_after("import summarizer")
    assert not loaded & set(HEAVY)
    assert not any(name.startswith("summarizer.") for name in loaded)


def test_a_public_name_is_imported_on_first_use() -> None:
    loaded = modules_after("import summarizer\nsummarizer.Briefing")
    assert {"summarizer.models.briefing", "pydantic"} <= loaded and "openai" not in loaded


def test_help_loads_neither_the_model_client_nor_the_stages() -> None:
    code = (
        "import sys\nfrom summarizer.cli import cli\ntry:\n    cli(['--help'])\nexcept SystemExit:\n    pass"
    )
    loaded = modules_after(code)
    assert not loaded & set(HEAVY)
    assert not any(
        name.startswith(
            ("summarizer.merge", "summarizer.render", "summarizer.extract", "summarizer.fetch.run")
        )
        for name in loaded
    )
