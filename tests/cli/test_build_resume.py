"""A build killed with SIGKILL or interrupted with Ctrl-C resumes where it stopped (issues 11 and 13).

The killed and interrupted builds are true subprocesses: the point is what a real signal leaves on disk. The
reference build and the resumed one run in-process (the same bytes wherever a build runs).
"""

from __future__ import annotations

import re
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.cli._corpus import build, outputs, write_jsonl

GEOKG = [str(Path(sys.executable).parent / "geokg")]
N_DOCS = 300  # the signal comes after 24 documents; the build must still be running


def _stored(out: Path) -> int:
    db = out / ".geokg" / "records.sqlite"
    if not db.exists():
        return 0
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=0.1) as con:
            return con.execute("SELECT COUNT(*) FROM records").fetchone()[0]
    except sqlite3.Error:
        return 0


def _start(corpus: Path, out: Path) -> subprocess.Popen:
    # Where SIGINT is ignored (a background job of a script, as some CI runners start tests) the build would
    # inherit that and ignore ^C; a handler here is reset to the default in the child, as in a terminal.
    old = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        return subprocess.Popen([*GEOKG, "build", str(corpus), "--out", str(out), "--no-progress", "--batch-size",
                                 "8"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    finally:
        signal.signal(signal.SIGINT, old)


def _interrupt_midway(corpus: Path, out: Path, sig: int) -> tuple[int, str]:
    """Start a build, send ``sig`` once some batches are stored; return its exit status and stderr."""
    with _start(corpus, out) as proc:
        deadline = time.monotonic() + 120
        while _stored(out) < 24 and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.02)
        finished = proc.poll() is not None
        if not finished:
            proc.send_signal(sig)
        _, stderr = proc.communicate(timeout=60)
    assert not finished, "the build finished before it could be interrupted; make the corpus larger"
    return proc.returncode, stderr


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    return write_jsonl(tmp_path_factory.mktemp("corpus") / "news.jsonl", 0, N_DOCS)


@pytest.fixture(scope="module")
def reference(corpus, tmp_path_factory) -> dict[str, bytes]:
    out = tmp_path_factory.mktemp("ref")
    res = build(str(corpus), "--out", str(out))
    assert res.exit_code == 0, res.stderr
    return outputs(out)


@pytest.mark.slow
def test_build_sigkill_then_restart_redoes_only_the_rest_and_writes_the_same_bytes(corpus, reference, tmp_path):
    out = tmp_path / "out"
    code, _ = _interrupt_midway(corpus, out, signal.SIGKILL)
    assert code == -signal.SIGKILL
    done = _stored(out)
    assert 0 < done < N_DOCS
    assert outputs(out) == {}  # nothing published by the killed run
    assert list((out / ".geokg" / "gens").iterdir())  # ... but its unpublished generation is left behind

    res = build(str(corpus), "--out", str(out))
    assert res.exit_code == 0, res.stderr
    reused = int(re.search(r"\((\d+) from the record store\)", res.stderr).group(1))
    assert reused >= done  # every record committed before the kill is reused, none is extracted again
    assert f"{N_DOCS} kept" in res.stderr
    assert outputs(out) == reference
    assert len(list((out / ".geokg" / "gens").iterdir())) == 1  # the killed run's leftovers are gone


@pytest.mark.slow
def test_build_ctrl_c_exits_130_and_keeps_finished_documents(corpus, tmp_path):
    out = tmp_path / "out"
    code, stderr = _interrupt_midway(corpus, out, signal.SIGINT)
    assert code == 130, stderr
    assert "interrupted" in stderr and "Traceback" not in stderr
    assert outputs(out) == {}
    assert not list((out / ".geokg" / "gens").iterdir())  # an interrupted build cleans up after itself
    assert 24 <= _stored(out) < N_DOCS  # the batches stored before ^C (it came after 24) are kept
