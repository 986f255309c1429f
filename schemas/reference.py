"""Reference data shared by the extractors and the graph: the country table (``schemas/countries.json``)."""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Any

__all__ = ["COUNTRIES_FILE", "country_names"]

COUNTRIES_FILE = Path(__file__).resolve().parent / "countries.json"


@lru_cache(maxsize=1)
def _table() -> dict[str, Any]:
    data = json.loads(COUNTRIES_FILE.read_text(encoding="utf-8"))
    table = dict(data.get("countries") or {})
    table.update(data.get("historical") or {})
    return table


def country_names(code: str) -> tuple[str | None, list[str]]:
    """The curated display name (None where pycountry's is used) and further names of a country by ISO3 code.

    Examples:
        >>> country_names("FRA")
        (None, ['French'])
    """
    entry = _table().get(code) or {}
    more = [n for n in (*(entry.get("aliases") or []), *(entry.get("demonyms") or [])) if isinstance(n, str) and n]
    return entry.get("name"), list(dict.fromkeys(more))
