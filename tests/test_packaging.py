"""A non-editable install must carry everything the tool reads at run time."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def test_wheel_ships_prompts_schemas_and_templates(tmp_path: Path):
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--quiet",
            "--no-deps",
            "--no-build-isolation",
            "-w",
            str(tmp_path),
            str(REPO),
        ],
        check=True,
        capture_output=True,
    )
    (wheel,) = tmp_path.glob("summarizer-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for prompt in (REPO / "prompts").glob("*.j2"):
        assert f"summarizer/prompts/{prompt.name}" in names
    for schema in (REPO / "schemas").glob("*.json"):
        assert f"summarizer/schemas/{schema.name}" in names
    for template in (REPO / "summarizer" / "templates").glob("*.j2"):
        assert f"summarizer/templates/{template.name}" in names
