"""The record store of a build directory: each document's extraction, keyed by content hash and pipeline.

SQLite (standard library) rather than a JSONL journal: a batch of records is committed in one transaction,
so a build killed with SIGKILL leaves either the whole batch or none of it (never a torn line to repair);
look-ups by key are indexed, so a restart or ``--update`` does not load the store into memory; and it is
one file. Only the process that runs the build writes to it (workers return their records).

What is stored per document is the extraction's *content* (entities, relations, extraction warnings), not
its id or metadata: the same text read under another name or in a later build reuses it.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import sqlite3
from collections.abc import Iterable
from pathlib import Path
from typing import Any

__all__ = ["RecordStore", "content_hash", "pipeline_version"]


def content_hash(text: str) -> str:
    """SHA-256 of a document's text (its identity for duplicates, the store and ``--update``).

    Examples:
        >>> content_hash("Russia met Syria.")[:12]
        '1a6f098eaf87'
    """
    return hashlib.sha256(text.encode("utf-8", errors="surrogatepass")).hexdigest()


def pipeline_version(model: str | None, alias_file: str | None, split_chars: int, *, fast: bool = False) -> str:
    """A hash of everything that decides what extraction returns for a text.

    geokg's version, spaCy's version, the source and data files of the extractors and schemas, the model name
    (and its ``meta.json`` when it is a directory), the alias file's bytes, the long-document split size and
    whether the parser runs (``--fast``).
    A change in any of them makes stored records stale, and they are extracted again.
    """
    import geokg.extractors
    import geokg.schemas

    h = hashlib.sha256()
    for dist in ("geokg", "spacy"):
        try:
            h.update(f"{dist}={importlib.metadata.version(dist)};".encode())
        except importlib.metadata.PackageNotFoundError:
            h.update(f"{dist}=?;".encode())
    for pkg in (geokg.extractors, geokg.schemas):
        root = Path(pkg.__file__).parent
        for f in sorted(p for p in root.rglob("*") if p.is_file() and p.suffix in (".py", ".json", ".yaml")):
            h.update(str(f.relative_to(root)).encode())
            h.update(hashlib.sha256(f.read_bytes()).digest())
    h.update(f"model={model};split={split_chars};fast={fast};".encode())
    if model is not None and (Path(model) / "meta.json").is_file():
        h.update((Path(model) / "meta.json").read_bytes())
    if alias_file is not None:
        try:
            h.update(Path(alias_file).read_bytes())
        except OSError:
            h.update(b"unreadable alias file")
    return h.hexdigest()[:16]


class RecordStore:
    """Extraction contents by (pipeline version, content hash), in ``DIR/.geokg/records.sqlite``.

    Examples:
        >>> import tempfile, pathlib
        >>> store = RecordStore(pathlib.Path(tempfile.mkdtemp()) / "records.sqlite", "v1")
        >>> store.put_many([("h1", '{"entities": []}')])
        >>> store.get_many(["h1", "h2"])
        {'h1': '{"entities": []}'}
        >>> store.close()
    """

    def __init__(self, path: str | Path, pipeline: str) -> None:
        self.path = Path(path)
        self.pipeline = pipeline
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(self.path, isolation_level=None)
        # WAL + NORMAL: a commit survives the process being killed (not a power cut, which a rebuild repairs)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.execute(
            "CREATE TABLE IF NOT EXISTS records (pipeline TEXT NOT NULL, hash TEXT NOT NULL, part TEXT NOT NULL,"
            " PRIMARY KEY (pipeline, hash)) WITHOUT ROWID"
        )

    def get_many(self, hashes: Iterable[str]) -> dict[str, str]:
        """The stored parts among ``hashes`` (for this pipeline version)."""
        keys = list(dict.fromkeys(hashes))
        out: dict[str, str] = {}
        for i in range(0, len(keys), 500):
            chunk = keys[i : i + 500]
            rows = self._db.execute(
                f"SELECT hash, part FROM records WHERE pipeline = ? AND hash IN ({','.join('?' * len(chunk))})",
                [self.pipeline, *chunk],
            )
            out.update(rows)
        return out

    def put_many(self, items: Iterable[tuple[str, str]]) -> None:
        """Store (hash, part JSON) pairs in one transaction."""
        rows = [(self.pipeline, h, part) for h, part in items]
        if not rows:
            return
        with self._transaction():
            self._db.executemany("INSERT OR REPLACE INTO records VALUES (?, ?, ?)", rows)

    def keep_only(self, hashes: Iterable[str]) -> int:
        """Drop every record that is not one of ``hashes`` under this pipeline version; return how many."""
        with self._transaction():
            self._db.execute("CREATE TEMP TABLE IF NOT EXISTS keep (hash TEXT PRIMARY KEY) WITHOUT ROWID")
            self._db.execute("DELETE FROM keep")
            self._db.executemany("INSERT OR IGNORE INTO keep VALUES (?)", ((h,) for h in hashes))
            cur = self._db.execute(
                "DELETE FROM records WHERE pipeline != ? OR hash NOT IN (SELECT hash FROM keep)", [self.pipeline]
            )
            return cur.rowcount

    def __len__(self) -> int:
        return self._db.execute("SELECT COUNT(*) FROM records WHERE pipeline = ?", [self.pipeline]).fetchone()[0]

    def close(self) -> None:
        """Close the database (committed batches stay)."""
        self._db.close()

    def _transaction(self) -> Any:
        db = self._db

        class _Tx:
            def __enter__(self) -> None:
                db.execute("BEGIN IMMEDIATE")

            def __exit__(self, kind: Any, *_: Any) -> None:
                db.execute("COMMIT" if kind is None else "ROLLBACK")

        return _Tx()

