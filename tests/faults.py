"""Disk faults for the tests of a damaged store: pages of ``store.sqlite`` overwritten."""
from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path


def damage(folder: Path, *names: str) -> None:
    """Overwrite the first page of these tables or indexes of ``folder/store.sqlite``.

    The write-ahead log is checkpointed first, so the pages hit are the ones the file holds.
    """
    with closing(sqlite3.connect(Path(folder) / "store.sqlite")) as db:
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        roots = [db.execute("SELECT rootpage FROM sqlite_master WHERE name = ?", (n,)).fetchone()[0] for n in names]
        size = db.execute("PRAGMA page_size").fetchone()[0]
    with open(Path(folder) / "store.sqlite", "r+b") as f:
        for root in roots:
            f.seek((root - 1) * size)
            f.write(b"\xff" * size)
