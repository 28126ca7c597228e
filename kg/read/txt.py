"""Plain text: the encoding is detected, not assumed.

Chinese government documents arrive as UTF-8, UTF-16, GBK/GB18030 or Big5.
General-purpose detectors often misjudge short Chinese texts (a GBK file of
twenty characters decodes "successfully" as Big5 too), so detection goes from
the certain to the probable:

1. a byte-order mark (UTF-8, UTF-16, UTF-32) is taken at its word;
2. NUL bytes without a BOM are UTF-16 (little- or big-endian) when one of the two
   decodes strictly to text (:func:`_texty`: common Han characters, printable
   ASCII, punctuation and spaces), else the file is binary: ASCII characters in
   UTF-16 carry a NUL byte, so Chinese text with digits, line breaks or Latin
   letters has them;
3. strict UTF-8 (valid UTF-8 by chance is vanishingly rare in GBK/Big5 text);
4. GB18030 and Big5 (and cp950, Big5 with Microsoft's extensions), and UTF-16
   without a BOM for a text of Han characters only (no NUL byte at all): of those
   that decode strictly, the one whose text has the most *common* Han characters
   wins (:func:`common_han`: the 3,755 first-level GB2312 characters and the 5,401
   frequently used Big5 characters, read off the codecs themselves);
5. charset-normalizer for anything else.

Line endings are normalised to ``\\n`` (as Python's text mode does), so offsets
agree with ``open(path, encoding=...).read()``.
"""
from __future__ import annotations

import codecs
import unicodedata
from functools import cache

from kg.read.document import Document, ReadError

__all__ = ["read_txt", "decode", "common_han", "normalize_newlines"]

_BOMS = (  # longest first: the UTF-32-LE BOM starts with the UTF-16-LE one
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_CJK_CANDIDATES = ("gb18030", "big5", "cp950")
_UTF16 = ("utf-16-le", "utf-16-be")
_CONTROL_LIMIT = 0.01  # share of control characters above which decoded "text" is binary
_TEXTY_SHARE = 0.95  # share of text-like characters for bytes with NULs to be taken as UTF-16


def read_txt(data: bytes, *, path: str) -> Document:
    """A plain-text file as a Document, with its detected encoding."""
    text, encoding = decode(data, path=path)
    if not text.strip():
        raise ReadError(path, "empty file (only whitespace)")
    return Document(path, text, "txt", encoding)


def decode(data: bytes, *, path: str, declared: str | None = None) -> tuple[str, str]:
    """Decode ``data``; return ``(text, encoding)`` or raise :class:`ReadError`.

    ``declared`` is an encoding the file states about itself (an HTML ``<meta charset>``);
    it is used when it decodes the bytes strictly, after any BOM and after strict UTF-8.
    """
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return _checked(_strict(data, codec, path), path), codec
    if b"\x00" in data:
        found = _utf16(data)
        if found is None:
            raise ReadError(path, "binary file (contains NUL bytes), not text")
        return _checked(found[0], path), found[1]
    for codec in ("utf-8", *_declared(declared)):  # valid UTF-8 wins over a wrong <meta charset>
        text = _try(data, codec)
        if text is not None:
            return _checked(text, path), _name(codec)
    text, codec = _best_cjk(data)
    if text is None:
        text, codec = _normalizer(data)
    if text is None:
        raise ReadError(path, "cannot decode: not UTF-8, UTF-16, GB18030 or Big5, and no other encoding fits")
    return _checked(text, path), codec


def _declared(declared: str | None) -> tuple[str, ...]:
    """Codecs to try for a declared charset; like browsers, read GB2312/GBK labels as GB18030."""
    if not declared:
        return ()
    try:
        name = codecs.lookup(declared).name
    except LookupError:
        return ()
    return {"gb2312": ("gb18030",), "gbk": ("gb18030",), "big5": ("big5", "cp950")}.get(name, (name,))


def _strict(data: bytes, codec: str, path: str) -> str:
    text = _try(data, codec)
    if text is None:
        raise ReadError(path, f"cannot decode: the {codec} byte-order mark is followed by invalid bytes")
    return text


def _try(data: bytes, codec: str) -> str | None:
    try:
        text = data.decode(codec)
    except (UnicodeDecodeError, LookupError):
        return None
    return normalize_newlines(text.removeprefix("\ufeff"))


def normalize_newlines(text: str) -> str:
    """``\\r\\n`` and lone ``\\r`` to ``\\n``."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _name(codec: str) -> str:
    return codecs.lookup(codec).name.replace("_", "-")


def _utf16(data: bytes) -> tuple[str, str] | None:
    """``(text, codec)`` if ``data`` is UTF-16 without a BOM: the byte order that decodes to text."""
    if len(data) % 2:
        return None
    best: tuple[float, str, str] | None = None
    for codec in _UTF16:
        text = _try(data, codec)
        if text:
            share = _texty(text)
            if share >= _TEXTY_SHARE and (best is None or share > best[0]):
                best = (share, text, codec)
    return (best[1], best[2]) if best else None


def _texty(text: str) -> float:
    """The share of characters that text is made of: common Han, printable ASCII, punctuation, spaces."""
    common = common_han()
    good = sum(1 for ch in text if ch in common or (ch.isascii() and (ch.isprintable() or ch in "\n\t"))
               or unicodedata.category(ch)[0] in "PZ")
    return good / len(text)


def _best_cjk(data: bytes) -> tuple[str | None, str | None]:
    best: tuple[int, str, str] | None = None
    for codec in _CJK_CANDIDATES + (_UTF16 if len(data) % 2 == 0 else ()):
        text = _try(data, codec)
        if text is None:
            continue
        score = _cjk_score(text)
        if best is None or score > best[0]:
            best = (score, text, codec)
    if best is None or best[0] <= 0:
        return None, None
    _, text, codec = best
    if codec == "gb18030" and _try(data, "gbk") is not None:
        codec = "gbk"
    return text, codec


def _cjk_score(text: str) -> int:
    """Common Han characters minus everything else that is neither ASCII, space nor punctuation."""
    common = common_han()
    score = 0
    for ch in text:
        if ch in common:
            score += 1
        elif not ch.isascii() and unicodedata.category(ch)[0] not in "PZ":
            score -= 1
    return score


@cache
def common_han() -> frozenset[str]:
    """Frequently used Han characters of both scripts, read off the GB2312 and Big5 code tables.

    GB2312 rows 16-55 (0xB0A1-0xD7F9) are its first-level characters; Big5 0xA440-0xC67E
    are its frequently used characters (常用字).
    """
    chars: set[str] = set()
    chars |= _code_range("gb2312", range(0xB0, 0xD8), range(0xA1, 0xFF))
    chars |= _code_range("big5", range(0xA4, 0xC7), [*range(0x40, 0x7F), *range(0xA1, 0xFF)])
    return frozenset(c for c in chars if unicodedata.category(c) == "Lo")


def _code_range(codec: str, leads: range, trails: list[int] | range) -> set[str]:
    out = set()
    for lead in leads:
        for trail in trails:
            try:
                out.add(bytes((lead, trail)).decode(codec))
            except UnicodeDecodeError:
                pass
    return out


def _normalizer(data: bytes) -> tuple[str | None, str | None]:
    from charset_normalizer import from_bytes

    match = from_bytes(data).best()
    if match is None:
        return None, None
    text = _try(data, match.encoding)
    return (text, _name(match.encoding)) if text is not None else (None, None)


def _checked(text: str, path: str) -> str:
    """Reject decoded bytes that are not text: too many control characters."""
    controls = sum(1 for ch in text if unicodedata.category(ch) == "Cc" and ch not in "\t\n\f\v")
    if controls > max(1, _CONTROL_LIMIT * len(text)):
        raise ReadError(path, "binary file (control characters), not text")
    return text
