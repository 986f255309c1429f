"""Issue 12: no network access at run time. Building the pipeline, extracting, building, rendering and
exporting run with every socket call refused."""

from __future__ import annotations

import socket
from pathlib import Path

from click.testing import CliRunner

import geokg.cli
from geokg.cli import main

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


def test_no_network_access_from_build_to_map(tmp_path, monkeypatch):
    attempts: list[object] = []

    def refuse(*args, **kwargs):
        attempts.append(args)
        raise OSError("network access attempted during a geokg run")

    for name in ("create_connection", "getaddrinfo", "gethostbyname"):
        monkeypatch.setattr(socket, name, refuse)
    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(geokg.cli, "_EXTRACTORS", {})  # the pipeline is built inside the run, too
    runner = CliRunner()
    out = tmp_path / "out"
    for args in (["build", str(EXAMPLES), "--out", str(out), "--no-progress"],
                 ["render", str(out / "graph.json"), "--out", str(tmp_path / "m.html"), "--focus", "India"],
                 ["export", str(out / "graph.json"), "--to", "cypher", "--out", str(tmp_path / "g.cypher")],
                 ["path", str(out / "graph.json"), "India", "Russia"]):
        result = runner.invoke(main, args, catch_exceptions=False)
        assert result.exit_code == 0, (args, result.stderr)
    assert attempts == []
