"""Traditional/simplified script: detection and length-preserving conversion (OpenCC).

Matching and canonical names work in simplified characters; mention text keeps
the document's own script. Conversion here never changes the length of a string,
so offsets computed on the simplified view are offsets into the original.
"""
from __future__ import annotations

from functools import cache

__all__ = ["to_simplified", "to_traditional", "detect_script"]


@cache
def _converter(config: str):
    import opencc

    return opencc.OpenCC(config)


def _convert_same_length(text: str, config: str) -> str:
    conv = _converter(config).convert
    out = conv(text)
    if len(out) == len(text):
        return out
    # A phrase rule changed the length somewhere: convert line by line, then char by char.
    parts = []
    for line in text.splitlines(keepends=True):
        c = conv(line)
        parts.append(c if len(c) == len(line) else "".join(ch2 if len(ch2 := conv(ch)) == 1 else ch for ch in line))
    return "".join(parts)


def to_simplified(text: str) -> str:
    """Simplified form of ``text``, same length (OpenCC ``t2s``)."""
    return _convert_same_length(text, "t2s")


def to_traditional(text: str) -> str:
    """Traditional form of ``text``, same length (OpenCC ``s2t``)."""
    return _convert_same_length(text, "s2t")


def detect_script(text: str) -> str:
    """``"traditional"`` or ``"simplified"``, by counting characters that only one script uses.

    >>> detect_script("漢川市發展紡織服裝產業")
    'traditional'
    >>> detect_script("汉川市发展纺织服装产业")
    'simplified'
    """
    sample = text[:20000]
    trad = sum(1 for a, b in zip(sample, to_simplified(sample)) if a != b)
    if not trad:  # nothing only traditional: simplified, whatever the other count
        return "simplified"
    simp = sum(1 for a, b in zip(sample, to_traditional(sample)) if a != b)
    return "traditional" if trad > simp else "simplified"
