"""The progress bar is on stderr, only when asked or on a terminal, and never with --quiet (issue 11)."""

from __future__ import annotations

from click.testing import CliRunner

from geokg.cli import main
from tests.cli._corpus import write_jsonl


def _run(tmp_path, *flags: str):
    corpus = write_jsonl(tmp_path / "c.jsonl", 0, 5)
    return CliRunner().invoke(main, ["build", str(corpus), "--out", str(tmp_path / "o"), *flags],
                              catch_exceptions=False)


def test_build_progress_bar_shows_documents_words_and_failures(tmp_path):
    res = _run(tmp_path, "--progress")
    assert res.exit_code == 0
    assert "geokg build" in res.stderr and "docs" in res.stderr and "words/s" in res.stderr
    assert "0 failed" in res.stderr
    assert "words/s" not in res.stdout


def test_build_no_bar_when_stderr_is_not_a_terminal(tmp_path):
    res = _run(tmp_path)
    assert res.exit_code == 0 and "words/s" not in res.stderr and "documents read" in res.stderr


def test_build_quiet_has_no_bar_and_no_notes(tmp_path):
    res = _run(tmp_path, "--progress", "--quiet")
    assert res.exit_code == 0
    assert "words/s" not in res.stderr and "note:" not in res.stderr
    assert res.stderr.count("\n") == 1  # the summary alone
