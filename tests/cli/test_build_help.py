"""Every example in ``geokg build --help`` runs on the bundled examples (issue 13)."""

from __future__ import annotations

import shlex
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
GEOKG = str(Path(sys.executable).parent / "geokg")


@pytest.mark.slow
def test_build_help_examples_run(tmp_path):
    pytest.importorskip("distributed")  # one example uses the Dask engine
    help_text = subprocess.run([GEOKG, "build", "--help"], capture_output=True, text=True, check=True).stdout
    examples = [line.strip() for line in help_text.splitlines() if line.strip().startswith("geokg build ")]
    assert len(examples) >= 3
    (tmp_path / "examples").symlink_to(ROOT / "examples")
    for example in examples:
        args = shlex.split(example)
        proc = subprocess.run([GEOKG, *args[1:], "--no-progress"], cwd=tmp_path, capture_output=True, text=True,
                              timeout=600, check=False)
        assert proc.returncode == 0, f"{example}: {proc.stderr}"
        assert (tmp_path / "out" / "graph.json").exists()
