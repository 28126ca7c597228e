"""Cleaning that keeps the way back to the original text.

:func:`clean` turns a document's decoded text into a *matching view*: site chrome
dropped, inserted pinyin readings dropped (網(wǎng) -> 網), full-width forms folded
to half-width, traditional characters converted to simplified. Every character
of the view remembers the offset of the original character it came from, so a
match found in the view maps back to exact offsets (and the exact surface text)
in the original.
"""
from __future__ import annotations

from dataclasses import dataclass

from kg.chars import PINYIN, fold_char, pinyin_spans
from kg.chrome import chrome_spans
from kg.script import to_simplified

__all__ = ["Cleaned", "clean", "pinyin_spans", "chrome_spans", "fold_char", "PINYIN"]

@dataclass
class Cleaned:
    """The matching view of a document's text.

    ``text`` is the view; ``index[i]`` is the offset in ``original`` of ``text[i]``
    (``index`` has one extra entry, the end of the original, so that an exclusive
    end offset maps too).
    """

    original: str
    text: str
    index: list[int]

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Original offsets of the view span ``[start, end)``."""
        if end <= start:
            o = self.index[start]
            return o, o
        return self.index[start], self.index[end - 1] + 1

    def surface(self, start: int, end: int) -> str:
        """The view span as it reads in the original: its own script and width, no pinyin, no chrome."""
        return "".join(self.original[self.index[i]] for i in range(start, end))

    def view_offset(self, original_offset: int) -> int:
        """The view offset of the first view character at or after an original offset."""
        from bisect import bisect_left

        return bisect_left(self.index, original_offset, 0, len(self.text))


def _is_han(ch: str) -> bool:
    return "\u3400" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff"


def clean(text: str, *, drop_chrome: bool = True) -> Cleaned:
    """Build the matching view of ``text``.

    >>> c = clean("產(chǎn)業（一）")
    >>> c.text, c.surface(0, 2)
    ('产业(一)', '產業')
    """
    drop = bytearray(len(text))
    spans = pinyin_spans(text)
    if drop_chrome:
        spans += chrome_spans(text)
    for s, e in spans:
        drop[s:e] = b"\x01" * (e - s)
    index = [i for i in range(len(text)) if not drop[i]]
    view = "".join(fold_char(text[i]) for i in index)
    index.append(len(text))
    return Cleaned(text, to_simplified(view), index)
