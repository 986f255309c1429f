"""The four outputs form one set: a kill at any point between the publishing steps leaves the old set or the
new one, never a mix; the next build removes what the killed one left (issue 13)."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from tests.cli._corpus import OUTPUTS, build, outputs, write_jsonl

STEPS = ["adopted", "linked", "published", *(f"linked {n}" for n in OUTPUTS)]

# One process loads geokg and builds the pipeline once, then runs each killed build in a fork of itself: the
# child dies with SIGKILL at the named step (no finally blocks, no clean-up), as if killed from outside, and the
# server answers with the child's exit status. A subprocess per case spent most of its time loading spaCy.
_KILL_SERVER = textwrap.dedent("""
    import json, os, signal, sys
    import geokg.graph._atomic as atomic
    from geokg.cli import main

    def run(argv):
        try:
            main(argv)
        except SystemExit as exc:
            return exc.code if isinstance(exc.code, int) else 1
        return 0

    run(["build", sys.argv[1], "--out", sys.argv[2], "--no-progress"])  # warm up: pipeline and gazetteer
    for line in sys.stdin:
        step, log, *argv = json.loads(line)
        sys.stdout.flush()
        sys.stderr.flush()
        pid = os.fork()
        if pid == 0:
            signal.alarm(300)  # a hung child dies (SIGALRM) and the test fails
            fd = os.open(log, os.O_WRONLY | os.O_CREAT | os.O_TRUNC)
            os.dup2(fd, 1)
            os.dup2(fd, 2)

            def die(name, _at=step):
                if name == _at:
                    os.kill(os.getpid(), signal.SIGKILL)

            atomic._step = die
            os._exit(run(argv))
        _, status = os.waitpid(pid, 0)
        print(os.waitstatus_to_exitcode(status), flush=True)
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


@pytest.fixture(scope="module")
def kill_at(sets, tmp_path_factory):
    """``kill_at(step, *args)``: run ``geokg build ARGS`` killed with SIGKILL at ``step``: (exit status, output)."""
    a, _, _ = sets
    warm = tmp_path_factory.mktemp("warm")
    with subprocess.Popen([sys.executable, "-c", _KILL_SERVER, str(a), str(warm / "out")], stdin=subprocess.PIPE,
                          stdout=subprocess.PIPE, text=True) as server:

        def run(step: str, *args: str) -> tuple[int, str]:
            log = warm / "child.log"
            server.stdin.write(json.dumps([step, str(log), "build", *args, "--no-progress"]) + "\n")
            server.stdin.flush()
            answer = server.stdout.readline()
            assert answer, "the kill server died"
            return int(answer), log.read_text(errors="replace")

        yield run
        server.stdin.close()
        assert server.wait(timeout=60) == 0


@pytest.mark.slow
@pytest.mark.parametrize("step", STEPS)
def test_build_killed_between_renames_leaves_a_whole_set(sets, kill_at, tmp_path, step):
    a, b, ref = sets
    out = tmp_path / "out"
    assert build(str(a), "--out", str(out)).exit_code == 0
    code, stderr = kill_at(step, str(b), "--out", str(out))
    assert code == -signal.SIGKILL, stderr
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
