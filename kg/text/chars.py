"""What one character or a reading is, shared by the cleaning (:mod:`kg.text.clean`) and the
chrome detection (:mod:`kg.text.chrome`), which both fold characters and skip pinyin readings.

Kept apart so that :mod:`kg.text.clean` can use :mod:`kg.text.chrome` without the two importing each other.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

__all__ = ["PINYIN", "pinyin_spans", "letter_spaces", "fold_char", "fold", "gb_punctuation", "is_han"]

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


# A PDF's text layer with every character set apart by a space (青 海 省 人 民 政 府): the spaces are
# the typesetting's letter-spacing, not words. A line counts as letter-spaced where most of its Han
# characters stand next to a single space and it has enough of them to tell.
_SPACED = re.compile(r"(?<=\S) (?=\S)")
_LETTER_SPACED_MIN = 8


def letter_spaces(text: str) -> list[int]:
    """Offsets of the single spaces of letter-spaced lines (not those between two ASCII letters or digits).

    >>> letter_spaces("青 海 省 人 民 政 府 关 于 印 发 GDP 2025")
    [1, 3, 5, 7, 9, 11, 13, 15, 17, 19, 21]
    """
    out: list[int] = []
    offset = 0
    for line in text.split("\n"):
        if line.count(" ") * 3 >= len(line) > 2 * _LETTER_SPACED_MIN:
            spaces = [m.start() for m in _SPACED.finditer(line)]
            han = sum(1 for ch in line if is_han(ch))
            if han >= _LETTER_SPACED_MIN and len(spaces) * 10 >= han * 6:
                out += [offset + i for i in spaces if not (line[i - 1].isascii() and line[i - 1].isalnum()
                                                           and line[i + 1].isascii() and line[i + 1].isalnum())]
        offset += len(line) + 1
    return out


# Some PDF fonts map the GB 2312 code of a full-width sign straight to the same Unicode number: ，
# (A3AC) comes out as the Yi syllable U+A3AC (ꎬ), ： as ꎺ, ； as ꎻ, and the font's full stop (A3AE) as ꎮ.
# In a Chinese text (five Han characters or more to each Yi one) they are read as the signs they stand for.
_GB_ROW3 = {code: chr(0xFF01 + code - 0xA3A1) for code in range(0xA3A1, 0xA3FF)} | {0xA3AE: "。"}
_YI = re.compile(r"[\uA000-\uA4CF]")


def gb_punctuation(text: str) -> str:
    """``text`` with GB 2312 signs written as Yi syllables read as those signs (same length).

    >>> gb_punctuation("现印发给你们ꎬ请认真贯彻执行ꎮ")
    '现印发给你们，请认真贯彻执行。'
    """
    yi = len(_YI.findall(text)) if "\uA000" <= max(text, default="\0") else 0
    if not yi or sum(1 for ch in text if is_han(ch)) < 5 * yi:
        return text
    return text.translate(_GB_ROW3)
