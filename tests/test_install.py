"""`pip install .` works with the oldest pip the project supports, not only with the newest.

Each test makes a fresh virtualenv with the pip that Python bundles (not upgraded), installs the
checkout non-editable with pip's own resolver (no lock file: the ranges in pyproject.toml alone),
and runs the installed tool from outside the checkout. They need a package index and take a
minute or two each, so they are marked ``install`` and left out of the default run
(`make test-install` runs them).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
# The oldest pip `pip install .` must work with.
OLDEST_PIP = "23.0.1"
TIMEOUT = 20 * 60

pytestmark = pytest.mark.install

HTML = """<!doctype html><html><head><title>Rebels take Aleppo airport</title></head><body>
<nav><a href="/">Home</a></nav><article><h1>Rebels take Aleppo airport</h1>
<p>Rebel fighters captured the airport of Aleppo on Saturday, a war monitor said.</p>
<p>At least 12 civilians were killed in the fighting, according to the United Nations.</p>
</article></body></html>
"""
READ_HTML = (
    "import sys; from summarizer.ingest.files import load_article; print(load_article(sys.argv[1]).text)"
)


def _run(args: list[str], cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, timeout=TIMEOUT)
    assert result.returncode == 0, (
        f"{' '.join(args)} exited {result.returncode}:\n{result.stdout}\n{result.stderr}"
    )
    return result


def _clean_env(venv: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in {"PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV"}}
    env["PATH"] = f"{venv / 'bin'}{os.pathsep}{env.get('PATH', '')}"
    return env


@pytest.mark.parametrize(
    "pip_version",
    [
        None,
        pytest.param(
            OLDEST_PIP,
            marks=pytest.mark.skipif(
                sys.version_info >= (3, 12), reason="pip 23.0 does not run on Python 3.12+"
            ),
        ),
    ],
    ids=["bundled-pip", f"pip-{OLDEST_PIP}"],
)
def test_pip_install_of_the_checkout_gives_a_working_tool(tmp_path: Path, pip_version: str | None):
    venv = tmp_path / "venv"
    # The base interpreter's bundled pip: `-m venv` from inside a virtualenv still uses ensurepip.
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=TIMEOUT)
    python = venv / "bin" / "python"
    env = _clean_env(venv)
    if pip_version is not None:
        _run([str(python), "-m", "pip", "install", "--quiet", f"pip=={pip_version}"], tmp_path, env)
    version = _run([str(python), "-m", "pip", "--version"], tmp_path, env).stdout
    print(version)
    if pip_version is not None:
        assert version.startswith(f"pip {pip_version} ")

    _run([str(python), "-m", "pip", "install", "--quiet", str(REPO)], tmp_path, env)

    # Run from tmp_path, so that `import summarizer` cannot find the checkout's source folder.
    _run([str(venv / "bin" / "summarize"), "--help"], tmp_path, env)
    where = _run(
        [
            str(python),
            "-c",
            "import summarizer, summarizer.ingest.files, summarizer.pipeline; print(summarizer.__file__)",
        ],
        tmp_path,
        env,
    ).stdout.strip()
    assert Path(where).resolve().is_relative_to(venv.resolve()), where

    # HTML goes through trafilatura, justext and lxml's cleaner (imported only for HTML files).
    page = tmp_path / "page.html"
    page.write_text(HTML, encoding="utf-8")
    text = _run(
        [str(python), "-c", READ_HTML, str(page)],
        tmp_path,
        env,
    ).stdout
    assert "captured the airport" in text, text
