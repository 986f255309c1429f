"""Run the doctests of every installed geokg module (the Examples blocks in docstrings)."""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import geokg


def _modules() -> list[str]:
    names = ["geokg"]
    for info in pkgutil.walk_packages(geokg.__path__, prefix="geokg."):
        names.append(info.name)
    for pkg in ("geokg.schemas", "geokg.extractors", "geokg.graph"):
        mod = importlib.import_module(pkg)
        names.append(pkg)
        names += [info.name for info in pkgutil.walk_packages(mod.__path__, prefix=pkg + ".")]
    return sorted(set(names))


@pytest.mark.parametrize("name", _modules())
def test_doctests_pass(name):
    mod = importlib.import_module(name)
    result = doctest.testmod(mod, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0, f"{result.failed} doctest(s) failed in {name}"
