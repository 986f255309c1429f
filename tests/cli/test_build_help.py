"""Every example in ``geokg build --help`` runs on the bundled examples (issue 13)."""

from __future__ import annotations

import shlex
from pathlib import Path

import pytest
from click.testing import CliRunner

from geokg.cli import main
from tests.cli._corpus import outputs

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.slow
def test_build_help_examples_run(tmp_path, monkeypatch):
    pytest.importorskip("distributed")  # one example uses the Dask engine
    help_text = CliRunner().invoke(main, ["build", "--help"], catch_exceptions=False).stdout
    examples = [line.strip() for line in help_text.splitlines() if line.strip().startswith("geokg build ")]
    assert len(examples) >= 3 and examples[0] == "geokg build examples --out out"
    (tmp_path / "examples").symlink_to(ROOT / "examples")
    monkeypatch.chdir(tmp_path)
    first = None
    for example in examples:
        res = CliRunner().invoke(main, [*shlex.split(example)[1:], "--no-progress"], catch_exceptions=False)
        assert res.exit_code == 0, f"{example}: {res.stderr}"
        assert ", 0 failed" in res.stderr and "Traceback" not in res.stderr, f"{example}: {res.stderr}"
        # every example describes the same five documents (the --update one adds one already there)
        first = first or outputs(tmp_path / "out")
        assert len(first) == 4 and outputs(tmp_path / "out") == first, example
