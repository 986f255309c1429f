"""The four outputs form one set: a kill at any point between the publishing steps leaves the old set or the
new one, never a mix; the next build removes what the killed one left (issue 13)."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from tests.cli._corpus import OUTPUTS, build, outputs, write_jsonl

STEPS = ["adopted", "linked", "published", *(f"linked {n}" for n in OUTPUTS)]

_KILL_AT = textwrap.dedent("""
    import os, sys
    import geokg.graph._atomic as atomic
    from geokg.cli import main

    def step(name, _at=sys.argv[1]):
        if name == _at:
            os._exit(137)  # as abrupt as SIGKILL: no finally blocks, no clean-up

    atomic._step = step
    main(sys.argv[2:])
""")


@pytest.fixture(scope="module")
def sets(tmp_path_factory):
    """Two corpora, A and B, and the outputs of a clean build of each."""
    root = tmp_path_factory.mktemp("sets")
    a = write_jsonl(root / "a.jsonl", 0, 6)
    b = write_jsonl(root / "b.jsonl", 100, 6)
    ref = {}
    for name, corpus in (("a", a), ("b", b)):
        res = build(str(corpus), "--out", str(root / f"ref-{name}"))
        assert res.exit_code == 0, res.stderr
        ref[name] = outputs(root / f"ref-{name}")
    assert ref["a"] != ref["b"] and all(ref["a"][n] != ref["b"][n] for n in OUTPUTS)
    return a, b, ref


@pytest.mark.slow
@pytest.mark.parametrize("step", STEPS)
def test_build_killed_between_renames_leaves_a_whole_set(sets, tmp_path, step):
    a, b, ref = sets
    out = tmp_path / "out"
    assert build(str(a), "--out", str(out)).exit_code == 0
    proc = subprocess.run([sys.executable, "-c", _KILL_AT, step, "build", str(b), "--out", str(out), "--no-progress"],
                          capture_output=True, text=True, timeout=300, check=False)
    assert proc.returncode == 137, proc.stderr
    now = outputs(out)
    assert now in (ref["a"], ref["b"]), f"mixed set after a kill at {step!r}"
    assert now == (ref["a"] if step in ("adopted", "linked") else ref["b"])

    # the next build publishes cleanly and leaves no temporary file or unpublished generation behind
    assert build(str(b), "--out", str(out)).exit_code == 0
    assert outputs(out) == ref["b"]
    assert len(list((out / ".geokg" / "gens").iterdir())) == 1
    assert not [p for p in out.rglob("*") if p.name.endswith((".tmp", ".new", ".partial"))]


def test_build_replaces_plain_outputs_of_an_older_geokg_without_a_gap(sets, tmp_path):
    a, b, ref = sets
    out = tmp_path / "out"
    out.mkdir()
    for name, data in ref["a"].items():  # outputs as older versions wrote them: plain files
        (out / name).write_bytes(data)
    (out / ".graph.json.abc123.tmp").write_text("left by a killed build")
    assert build(str(b), "--out", str(out)).exit_code == 0
    assert outputs(out) == ref["b"]
    assert all((out / n).is_symlink() for n in OUTPUTS)
    assert not (out / ".graph.json.abc123.tmp").exists()


def test_build_failure_keeps_the_previous_set(sets, tmp_path):
    a, _, ref = sets
    out = tmp_path / "out"
    assert build(str(a), "--out", str(out)).exit_code == 0
    empty = tmp_path / "empty"
    empty.mkdir()
    (empty / "blank.txt").write_text("")
    res = build(str(empty), "--out", str(out))
    assert res.exit_code == 1 and "nothing written" in res.stderr
    assert outputs(out) == ref["a"]
    assert len(list((out / ".geokg" / "gens").iterdir())) == 1


def test_build_out_is_a_file_is_a_usage_error(tmp_path):
    f = tmp_path / "file"
    f.write_text("x")
    res = build(str(Path(__file__).resolve().parents[2] / "examples"), "--out", str(f))
    assert res.exit_code == 2 and "Traceback" not in res.stderr
