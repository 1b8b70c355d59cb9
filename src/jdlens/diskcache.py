"""Compiled data kept on disk between runs: the taxonomy and its matcher, the category sets and the
parsed data files, each built once per version.

Parsing and validating ``skills.yaml`` and building the Aho-Corasick automatons cost more than the
rest of start-up together, and parsing the other data files (and importing the YAML parser) about a
tenth of it; a pickle of the result loads in a few milliseconds. Each file is keyed
by a digest of everything it was built from (the data file's bytes, the source of the modules whose
classes it holds, the Python, pydantic and pyahocorasick versions), so it is never trusted across
versions: a changed input changes the key and the object is built again. A file that is missing,
truncated or unreadable is rebuilt; a cache directory that cannot be written is skipped silently
(the object is then built in memory, as without a cache).

The directory is ``$XDG_CACHE_HOME/jdlens`` (``~/.cache/jdlens`` when it is unset); an empty
``XDG_CACHE_HOME=""`` is unset, as the XDG specification reads it.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TypeVar

import ahocorasick
from pydantic.version import VERSION as PYDANTIC_VERSION

T = TypeVar("T")

FORMAT = "1"  # bump when the layout of a cached file changes
KEEP = 4  # files kept per name
# What a stale or damaged pickle can raise while loading: the file is then rebuilt.
_UNREADABLE = (
    OSError,
    EOFError,
    pickle.UnpicklingError,
    AttributeError,
    ImportError,
    IndexError,
    TypeError,
    ValueError,
)


def cache_dir() -> Path:
    """Where compiled files live."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "jdlens"


def digest(parts: Iterable[str | bytes]) -> str:
    """A key over the inputs and the versions of everything that reads the cached object back."""
    h = hashlib.sha256()
    # The package's own code is keyed by the source of the modules a caller names (``module_source``),
    # not by its version (reading installed metadata costs more than loading the pickle).
    runtime = (FORMAT, sys.version, PYDANTIC_VERSION, getattr(ahocorasick, "__version__", ""))
    for part in (*runtime, *parts):
        data = part.encode() if isinstance(part, str) else part
        h.update(len(data).to_bytes(8, "little"))
        h.update(data)
    return h.hexdigest()[:32]


def module_source(module_file: str | None) -> bytes:
    """The source of a module whose classes a cached object holds (part of its key)."""
    if not module_file:
        return b""
    try:
        return Path(module_file).read_bytes()
    except OSError:
        return b""


_MISSING = object()


def _read(path: Path, key: str) -> object:
    try:
        with path.open("rb") as f:
            stored_key, value = pickle.load(f)
    except _UNREADABLE:
        return _MISSING
    return value if stored_key == key else _MISSING


def _write(directory: Path, name: str, path: Path, key: str, value: object) -> None:
    """Write atomically (a temporary file renamed into place); keep the ``KEEP`` newest of ``name``
    (checkouts of different versions can share one cache without rebuilding each other's files)."""
    try:
        directory.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=directory, prefix=f".{name}-", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as f:
                pickle.dump((key, value), f, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, path)
        finally:
            if os.path.exists(tmp):
                os.unlink(tmp)
        older = sorted(directory.glob(f"{name}-*.pickle"), key=lambda p: p.stat().st_mtime, reverse=True)
        for old in older[KEEP:]:
            old.unlink(missing_ok=True)
    except (OSError, pickle.PicklingError):
        return


def read(name: str, parts: Iterable[str | bytes], kind: type[T]) -> T | None:
    """The object kept under ``name`` for these inputs (a ``kind``), or None when there is none."""
    key = digest(parts)
    value = _read(cache_dir() / f"{name}-{key}.pickle", key)
    return value if value is not _MISSING and isinstance(value, kind) else None


def write(name: str, parts: Iterable[str | bytes], value: object) -> None:
    """Keep ``value`` under ``name`` for these inputs (skipped silently when the directory cannot be
    written)."""
    directory = cache_dir()
    key = digest(parts)
    _write(directory, name, directory / f"{name}-{key}.pickle", key, value)


def cached(name: str, parts: Iterable[str | bytes], build: Callable[[], T], kind: type[T]) -> T:
    """The object ``build()`` returns, read from the cache when a file of the same key (holding a
    ``kind``) is there."""
    directory = cache_dir()
    key = digest(parts)
    path = directory / f"{name}-{key}.pickle"
    value = _read(path, key)
    if value is not _MISSING and isinstance(value, kind):
        return value
    built = build()
    _write(directory, name, path, key, built)
    return built
