"""Render the graph as one self-contained interactive HTML map (placeholder, being completed)."""

from __future__ import annotations

from pathlib import Path

import networkx as nx

__all__ = ["render_html"]


def render_html(G: nx.MultiDiGraph, path: str | Path, **kwargs) -> Path:  # noqa: D103
    raise NotImplementedError
