"""Numbers as Chinese documents write them: 12, 3.65, 一百二十, 两千, 二〇二五."""
from __future__ import annotations

__all__ = ["parse_number"]

_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9,
           "○": 0, "O": 0, "0": 0}  # 二○○四, 二OO四, 二0二五: zero as typed in years by hand
_UNITS = {"十": 10, "百": 100, "千": 1000}


def parse_number(s: str) -> float | None:
    """The value of an Arabic or Chinese numeral, or None.

    >>> parse_number("3.65"), parse_number("一百二十"), parse_number("十五"), parse_number("二〇二五"), parse_number("三点五")
    (3.65, 120, 15, 2025, 3.5)
    >>> parse_number("二○○四"), parse_number("十一")
    (2004, 11)
    """
    s = s.strip()
    try:
        v = float(s)
        return int(v) if v.is_integer() and "." not in s else v
    except ValueError:
        pass
    if not s or any(ch not in _DIGITS and ch not in _UNITS and ch != "点" for ch in s):
        return None
    if "点" in s:
        whole, frac = s.split("点", 1)
        w = parse_number(whole) if whole else 0
        if w is None or any(ch not in _DIGITS for ch in frac):
            return None
        return float(f"{w}.{''.join(str(_DIGITS[c]) for c in frac)}")
    if not any(ch in _UNITS for ch in s):  # digit by digit: 二〇二五
        return int("".join(str(_DIGITS[c]) for c in s))
    total, cur = 0, 0
    for ch in s:
        if ch in _DIGITS:
            cur = _DIGITS[ch]
        else:
            total += (cur or 1) * _UNITS[ch]
            cur = 0
    return total + cur
