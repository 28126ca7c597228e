"""What one character or a reading is, shared by the cleaning (:mod:`kg.text.clean`) and the
chrome detection (:mod:`kg.text.chrome`), which both fold characters and skip pinyin readings.

Kept apart so that :mod:`kg.text.clean` can use :mod:`kg.text.chrome` without the two importing each other.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

__all__ = ["PINYIN", "pinyin_spans", "fold_char", "fold", "is_han"]

# A reading inserted after a character: (wǎng), (qū), (zhuǎn). At least one toned vowel,
# so plain ASCII in parentheses such as (GDP) or (a) is left alone.
_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ"
_SYLLABLE = rf"[a-zü]*[{_TONED}][a-zü]*"
# One syllable or several (網(wǎng), 政府(zhèng fǔ)), in any bracket style, after any character.
PINYIN = re.compile(rf"[(（\[［【]{_SYLLABLE}(?:[\s'’-]*{_SYLLABLE})*[)）\]］】]")


# Some sites insert the readings without tone marks (農業(ye)農村(cun)部, 局(ju)(ju)). A plain
# syllable in brackets can be something else ((ha), (a)), so such readings count only after
# a Han character and only where a text carries several of them.
_INITIAL = "(?:zh|ch|sh|[bpmfdtnlgkhjqxrzcsyw])?"
_FINAL = (
    "(?:iang|iong|uang|ueng|ang|eng|ing|ong|ian|iao|uai|uan|van|ai|ei|ao|ou|an|en|er|in|un|vn"
    "|ia|ie|iu|ua|uo|ui|ue|ve|a|o|e|i|u|v|ü)"
)
_PLAIN = re.compile(rf"(?<=[\u3400-\u9fff])[(（]{_INITIAL}{_FINAL}(?:\s{_INITIAL}{_FINAL})?[)）]")
_PLAIN_MIN = 3


def pinyin_spans(text: str) -> list[tuple[int, int]]:
    """Spans of pinyin readings inserted after a character.

    A toned reading (網(wǎng), 2025(nián)) is never anything else; plain readings
    (農業(ye)) count where the text has at least three of them.

    >>> pinyin_spans("農業(ye)農村(cun)部、公安廳(局(ju))")
    [(2, 6), (8, 13), (20, 24)]
    >>> pinyin_spans("面积(ha)")
    []
    """
    spans = [(m.start(), m.end()) for m in PINYIN.finditer(text) if m.start() > 0]
    plain = [(m.start(), m.end()) for m in _PLAIN.finditer(text)]
    if len(plain) >= _PLAIN_MIN:
        spans = sorted(set(spans) | set(plain))
    return spans


# Every bracket style a unit slot or a numbering is written in reads as ( ): （一）, 【牵头单位:X】,
# 〔2018〕, [责任单位:Y], ［一］, ﹝…﹞, 〖…〗. Quotation marks and 《》 stay as they are.
_BRACKETS = str.maketrans("【〔［[﹝〖⦅（】〕］]﹞〗⦆）", "((((((((" "))))))))")


@lru_cache(maxsize=4096)
def fold_char(ch: str) -> str:
    """Full-width to half-width (NFKC, where it maps one character to one), every bracket style to ( )."""
    n = unicodedata.normalize("NFKC", ch)
    return (n if len(n) == 1 else ch).translate(_BRACKETS)


class _FoldTable(dict):
    """:func:`fold_char` as a ``str.translate`` table, filled as characters are met (the loop stays in C)."""

    def __missing__(self, code: int) -> str:
        self[code] = folded = fold_char(chr(code))
        return folded


_FOLD = _FoldTable()


def fold(text: str) -> str:
    """:func:`fold_char` of every character of ``text`` (same length: offsets are kept).

    >>> fold("（一）１２％【注】")
    '(一)12%(注)'
    """
    return text.translate(_FOLD)


def is_han(ch: str) -> bool:
    """Is ``ch`` a Han character (CJK unified ideographs and extension A)?"""
    return "\u3400" <= ch <= "\u9fff"
