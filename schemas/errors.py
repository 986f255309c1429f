"""One exception hierarchy for geokg. The CLI turns these into one-line messages and exit statuses."""

from __future__ import annotations

__all__ = [
    "GeokgError",
    "InputError",
    "DocumentError",
    "EntityNotFound",
    "GraphFormatError",
    "DataFileError",
    "ModelNotFound",
]


class GeokgError(Exception):
    """Base class of every error geokg raises on purpose."""


class InputError(GeokgError):
    """An input path or stream cannot be read at all (usage-level; exit status 2)."""


class DocumentError(GeokgError):
    """One document is bad (empty, binary, mis-encoded, malformed); the batch goes on without it."""

    def __init__(self, doc_id: str, message: str) -> None:
        super().__init__(f"{doc_id}: {message}")
        self.doc_id = doc_id
        self.reason = message


class EntityNotFound(GeokgError):
    """A name or id given by the user matches no node of the graph."""

    def __init__(self, name: str, suggestions: list[str] | None = None) -> None:
        self.name = name
        self.suggestions = list(suggestions or [])
        hint = f" Did you mean {', '.join(repr(s) for s in self.suggestions)}?" if self.suggestions else ""
        super().__init__(f"{name!r} is not in the graph.{hint}")


class GraphFormatError(GeokgError):
    """A graph file is not a graph geokg can read (bad JSON, unsafe or invalid GraphML, wrong shape)."""


class DataFileError(GeokgError):
    """A gazetteer, alias or ontology data file is malformed; the message names the file and the problem."""


class ModelNotFound(GeokgError):
    """``--model`` names a spaCy pipeline that is not installed and is not a path."""


# Users import these from ``geokg.errors`` (the public name); tracebacks and doctests show that name.
for _cls in (GeokgError, InputError, DocumentError, EntityNotFound, GraphFormatError, DataFileError, ModelNotFound):
    _cls.__module__ = "geokg.errors"
del _cls
