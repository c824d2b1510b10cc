"""A non-editable install must carry everything the tool reads at run time."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

from support.paths import REPO


def test_wheel_ships_the_prompt_and_briefing_templates(tmp_path: Path):
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
    templates = sorted((REPO / "summarizer").rglob("*.j2"))
    assert {t.parent.name for t in templates} == {"templates"} and len(templates) >= 7
    for template in templates:
        assert template.relative_to(REPO).as_posix() in names
