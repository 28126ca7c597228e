"""Write a file so that readers see the old version or the new one, never half of one.

Used by every writer of a file others read while it changes: ``policykg export``
(node-link JSON among others), the compiled-data cache. The embedded store itself is
SQLite, which has its own journal.
"""
from __future__ import annotations

import errno
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

__all__ = ["atomic_path", "temp_pattern"]


def temp_pattern(path: str | os.PathLike[str]) -> str:
    """The glob of the temporary files :func:`atomic_path` leaves for ``path`` if killed (to clear them)."""
    path = Path(path)
    return str(path.parent / f".{path.name}.*.tmp")


def _umask_mode() -> int:
    """0666 less the process's umask: the mode ``open(path, "w")`` gives a new file.

    Linux shows the umask in ``/proc/self/status``; elsewhere it can only be read by
    setting it, so it is set back at once.
    """
    try:
        with open("/proc/self/status") as f:
            mask = next(int(line.split()[1], 8) for line in f if line.startswith("Umask:"))
    except (OSError, StopIteration, ValueError, IndexError):
        mask = os.umask(0o077)
        os.umask(mask)
    return 0o666 & ~mask


def _refuse_non_regular(path: Path) -> None:
    """Refuse to rename over a folder, a device, a pipe or a link to one (``-o /dev/stdout``): the rename
    would replace that entry itself (as root, the system's ``/dev/full``) instead of writing into it."""
    if path.is_dir():
        raise IsADirectoryError(errno.EISDIR, "is a folder; name the file to write", str(path))
    if path.exists() and not path.is_file() or path.is_symlink() and not path.is_file():
        raise OSError(errno.EINVAL, "not a regular file (a device, pipe or socket); refusing to replace it", str(path))


@contextmanager
def atomic_path(path: str | os.PathLike[str]) -> Iterator[Path]:
    """A temporary path beside ``path`` to write to; on success it is synced to disk and renamed over ``path``.

    On an error the temporary file is removed and ``path`` is untouched. A process
    killed inside the block leaves a file matching :func:`temp_pattern`.
    """
    path = Path(path)
    _refuse_non_regular(path)
    fd, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        os.fchmod(fd, _umask_mode())  # mkstemp makes 0600; the file should come out as open() would make it
    finally:
        os.close(fd)
    tmp = Path(name)
    try:
        yield tmp
        with open(tmp, "rb+") as f:
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    dfd = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(dfd)
    finally:
        os.close(dfd)
