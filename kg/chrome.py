"""Site chrome: the parts of a saved web page that are not the document."""
from __future__ import annotations

__all__ = ["chrome_spans"]


def chrome_spans(text: str) -> list[tuple[int, int]]:
    """Spans of ``text`` that are site chrome (to be dropped from the matching view)."""
    return []
