"""The one loader of the relation ontology (``schemas/ontology.yaml``), validated by :class:`Ontology`."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from geokg.schemas.errors import DataFileError
from geokg.schemas.models import Ontology
from pydantic import ValidationError

__all__ = ["DEFAULT_ONTOLOGY", "load_ontology"]

DEFAULT_ONTOLOGY = Path(__file__).resolve().parent / "ontology.yaml"


def load_ontology(path: str | Path | None = None) -> Ontology:
    """Return the ontology from ``path`` (default: the bundled one), validated and cached.

    Raises:
        geokg.errors.DataFileError: the file is missing, not YAML/JSON, or not a valid ontology.

    Examples:
        >>> onto = load_ontology()
        >>> onto.get("arms_buyer_of").inverse
        'arms_supplier_of'
        >>> onto.get("met_with").symmetric
        True
    """
    return _load(str(Path(path).resolve()) if path else str(DEFAULT_ONTOLOGY))


@lru_cache(maxsize=8)
def _load(path: str) -> Ontology:
    import json

    import yaml

    p = Path(path)
    try:
        raw = p.read_text(encoding="utf-8")
    except OSError as exc:
        raise DataFileError(f"{p}: cannot read ontology ({exc.strerror or exc})") from exc
    try:
        data = json.loads(raw) if p.suffix.lower() == ".json" else yaml.safe_load(raw)
    except (ValueError, yaml.YAMLError) as exc:
        raise DataFileError(f"{p}: not valid {'JSON' if p.suffix.lower() == '.json' else 'YAML'}: {exc}") from exc
    try:
        return Ontology.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(x) for x in first["loc"])
        raise DataFileError(f"{p}: invalid ontology at {where}: {first['msg']}") from exc
