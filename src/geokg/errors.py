"""geokg's exceptions (defined in :mod:`geokg.schemas.errors`, re-exported here for users)."""

from geokg.schemas.errors import (
    DataFileError,
    DocumentError,
    EntityNotFound,
    GeokgError,
    GraphFormatError,
    InputError,
    ModelNotFound,
)

__all__ = [
    "DataFileError",
    "DocumentError",
    "EntityNotFound",
    "GeokgError",
    "GraphFormatError",
    "InputError",
    "ModelNotFound",
]
