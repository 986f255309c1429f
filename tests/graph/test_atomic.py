"""Publishing a build's outputs: an error after the one atomic step must not take the published outputs away."""

from __future__ import annotations

import errno

import geokg.graph._atomic as atomic
import pytest

NAMES = ("a.txt", "b.txt")


def _generation(out, text: str):
    gen = atomic.new_generation(out)
    for name in NAMES:
        (gen / name).write_text(f"{text} {name}", encoding="utf-8")
    return gen


def test_a_failure_after_publishing_keeps_the_new_outputs(tmp_path, monkeypatch):
    out = tmp_path / "out"
    out.mkdir()
    atomic.publish_generation(out, _generation(out, "old"), NAMES)
    gen = _generation(out, "new")

    def broken(out_dir, name):  # an I/O error (or Ctrl-C) while the output links are being made
        raise OSError(errno.EIO, "disk went away")

    monkeypatch.setattr(atomic, "_link_output", broken)
    with pytest.raises(OSError):
        atomic.publish_generation(out, gen, NAMES)
    atomic.discard_generation(gen)  # what the build's clean-up does on any exception
    assert [(out / n).read_text(encoding="utf-8") for n in NAMES] == ["new a.txt", "new b.txt"]


def test_an_unpublished_generation_is_discarded(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    atomic.publish_generation(out, _generation(out, "old"), NAMES)
    gen = _generation(out, "new")
    atomic.discard_generation(gen)
    assert not gen.exists()
    assert (out / "a.txt").read_text(encoding="utf-8") == "old a.txt"
