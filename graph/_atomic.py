"""Atomic output: write to a temporary file in the target directory, then rename over the target."""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO

__all__ = [
    "STATE_DIR",
    "atomic_write",
    "atomic_write_text",
    "clean_stale",
    "current_generation",
    "discard_generation",
    "new_generation",
    "publish_generation",
    "state_dir",
]


@contextlib.contextmanager
def atomic_write(path: str | Path, mode: str = "w", encoding: str | None = "utf-8") -> Iterator[IO]:
    """Open a temporary file beside ``path``; on success rename it to ``path``, on error remove it.

    Examples:
        >>> import tempfile, pathlib
        >>> d = pathlib.Path(tempfile.mkdtemp())
        >>> with atomic_write(d / "a.txt") as f:
        ...     _ = f.write("whole")
        >>> (d / "a.txt").read_text()
        'whole'
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(tmp, 0o666 & ~umask)  # mkstemp makes 0600; outputs should get the usual permissions
    binary = "b" in mode
    try:
        with os.fdopen(fd, mode, encoding=None if binary else encoding, newline=None if binary else "") as f:
            yield f
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


def atomic_write_text(path: str | Path, text: str) -> None:
    """Write ``text`` to ``path`` atomically (UTF-8)."""
    with atomic_write(path) as f:
        f.write(text)


# ------------------------------------------------------------------------------------------ output sets
#
# ``geokg build`` writes four files that belong together. POSIX renames one file at a time, so renaming four
# files into place can be interrupted halfway (a new extractions.jsonl beside an old graph.json). Instead each
# build writes a fresh *generation* directory, ``DIR/.geokg/gens/<name>/``, and publishes it by replacing one
# symbolic link, ``DIR/.geokg/current``, in a single ``rename``. The files users open, ``DIR/graph.json`` and
# so on, are fixed links through ``current``, so all of them switch together, at one instant, or not at all.
# Where the file system has no symbolic links the files are renamed into place one by one (and the README
# says so).

STATE_DIR = ".geokg"
_GENS = "gens"
_CURRENT = "current"


def state_dir(out_dir: str | Path) -> Path:
    """The hidden folder of a build directory that holds generations, the record store and the lock."""
    return Path(out_dir) / STATE_DIR


def current_generation(out_dir: str | Path) -> Path | None:
    """The published generation directory of ``out_dir``, or None when nothing was published."""
    link = state_dir(out_dir) / _CURRENT
    if link.is_symlink() or link.is_dir():
        target = link.resolve()
        return target if target.is_dir() else None
    return None


def new_generation(out_dir: str | Path) -> Path:
    """Create an empty, unpublished generation directory to write a build's outputs into."""
    gens = state_dir(out_dir) / _GENS
    gens.mkdir(parents=True, exist_ok=True)
    gen = Path(tempfile.mkdtemp(prefix="gen-", dir=gens))
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(gen, 0o777 & ~umask)  # mkdtemp makes 0700; outputs are read by others as usual
    return gen


def _step(name: str) -> None:
    """A point between two file-system operations of :func:`publish_generation` (tests inject kills here)."""


def publish_generation(out_dir: str | Path, gen: str | Path, names: tuple[str, ...]) -> None:
    """Make ``gen`` the outputs of ``out_dir``: after this call ``out_dir/<name>`` is ``gen/<name>``.

    Every intermediate state shows either the previous set of ``names`` or the new one, never a mix, as
    long as the file system supports symbolic links. Old generations are removed afterwards.
    """
    out_dir, gen = Path(out_dir), Path(gen)
    state = state_dir(out_dir)
    current = state / _CURRENT
    try:
        _adopt_plain_files(out_dir, names)
        _step("adopted")
        tmp = state / f"{_CURRENT}.new"
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
        os.symlink(os.path.relpath(gen, state), tmp)
        _step("linked")
        os.replace(tmp, current)  # the one atomic step: the new set is published
        _step("published")
        for name in names:
            _link_output(out_dir, name)
            _step(f"linked {name}")
    except (OSError, NotImplementedError) as exc:
        if isinstance(exc, OSError) and exc.errno not in _NO_SYMLINKS:
            raise
        for name in names:  # no symbolic links here: one rename per file
            os.replace(gen / name, out_dir / name)
        _remove_tree(gen)
        return
    clean_stale(out_dir, names)


#: errno values meaning "this file system (or OS) cannot make symbolic links"
_NO_SYMLINKS = {errno.EPERM, errno.ENOSYS, errno.EOPNOTSUPP}


def _target(name: str) -> str:
    return os.path.join(STATE_DIR, _CURRENT, name)


def _link_output(out_dir: Path, name: str) -> None:
    path = out_dir / name
    if path.is_symlink() and os.readlink(path) == _target(name):
        return
    tmp = out_dir / f".{name}.link.tmp"
    with contextlib.suppress(FileNotFoundError):
        tmp.unlink()
    os.symlink(_target(name), tmp)
    os.replace(tmp, path)


def _adopt_plain_files(out_dir: Path, names: tuple[str, ...]) -> None:
    """Outputs of an older geokg are plain files: move them into a generation of their own, without a gap.

    Each plain file is hard-linked (or copied) into a "legacy" generation that becomes ``current``, then
    replaced by its link, which shows the same bytes; so even this one-time change is never half-done.
    """
    plain = [n for n in names if (out_dir / n).is_file() and not (out_dir / n).is_symlink()]
    if not plain:
        return
    if current_generation(out_dir) is None:
        legacy = new_generation(out_dir)
        for name in plain:
            try:
                os.link(out_dir / name, legacy / name)
            except OSError:
                shutil.copy2(out_dir / name, legacy / name)
        tmp = state_dir(out_dir) / f"{_CURRENT}.new"
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
        os.symlink(os.path.relpath(legacy, state_dir(out_dir)), tmp)
        os.replace(tmp, state_dir(out_dir) / _CURRENT)
    for name in plain:
        if (state_dir(out_dir) / _CURRENT / name).exists():
            _link_output(out_dir, name)


def clean_stale(out_dir: str | Path, names: tuple[str, ...]) -> list[Path]:
    """Remove what interrupted builds left behind: unpublished generations and temporary files.

    Call it only while holding the build lock (another build's generation in progress looks stale too).
    Returns the paths removed.
    """
    out_dir = Path(out_dir)
    removed: list[Path] = []
    state = state_dir(out_dir)
    keep = current_generation(out_dir)
    gens = state / _GENS
    if gens.is_dir():
        for g in gens.iterdir():
            if keep is None or g.resolve() != keep:
                _remove_tree(g)
                removed.append(g)
    for p in [state / f"{_CURRENT}.new", *(out_dir / f".{n}.link.tmp" for n in names),
              *(out_dir / f".{n}.partial" for n in names)]:
        if p.is_symlink() or p.exists():
            p.unlink()
            removed.append(p)
    if out_dir.is_dir():
        for n in names:  # atomic_write's temporaries: ".graph.json.<random>.tmp"
            for p in out_dir.glob(f".{n}.*.tmp"):
                with contextlib.suppress(FileNotFoundError):
                    p.unlink()
                    removed.append(p)
    return removed


def discard_generation(gen: str | Path) -> None:
    """Remove an unpublished generation (a build that failed or was interrupted).

    A generation that is already published (an interrupt or an I/O error after the one atomic step, while the
    output links were being made) is the outputs now and stays: the next build finishes its links.
    """
    gen = Path(gen)
    current = gen.parent.parent / _CURRENT  # <out>/<state>/<generations>/<gen> beside <out>/<state>/<current>
    with contextlib.suppress(OSError):
        if current.is_symlink() and (current.parent / os.readlink(current)).resolve() == gen.resolve():
            return
    _remove_tree(gen)


def _remove_tree(path: Path) -> None:
    if path.is_symlink() or path.is_file():
        path.unlink()
    elif path.is_dir():
        shutil.rmtree(path, ignore_errors=True)
