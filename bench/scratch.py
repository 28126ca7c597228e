"""The frame every store benchmark runs in: a scratch folder (or a kept one) and its figures printed as a table."""
from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from typing import Callable, Iterable

HEADER = "| stage | wall | figure | peak RSS |\n|---|---|---|---|"


def print_table(rows: Callable[[Path], Iterable[str]], *, keep: str | None, prefix: str) -> None:
    """Print ``rows(folder)`` under the benchmark table's header, in ``keep`` (reused, left in place)
    or in a temporary folder removed afterwards, so a failed run leaves no store behind."""
    work = Path(keep or tempfile.mkdtemp(prefix=prefix))
    work.mkdir(parents=True, exist_ok=True)
    try:
        print(HEADER)
        for row in rows(work):
            print(row, flush=True)
    finally:
        if not keep:
            shutil.rmtree(work, ignore_errors=True)
