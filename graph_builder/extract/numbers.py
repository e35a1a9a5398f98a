"""Numbers as printed in notices: Arabic (``45.7``) or Chinese numerals (``一百二十``, ``千``).

Examples
--------
>>> parse_number("一百二十"), parse_number("三十"), parse_number("十五"), parse_number("两")
(120.0, 30.0, 15.0, 2.0)
>>> parse_number("千亿"), parse_number("4.5")
(100000000000.0, 4.5)
>>> parse_number("二〇二三")
2023.0
"""

from __future__ import annotations

__all__ = ["CHINESE_NUMERAL_CHARS", "parse_number", "is_chinese_numeral"]

_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_SMALL = {"十": 10, "百": 100, "千": 1000}
_LARGE = {"万": 10_000, "亿": 100_000_000}
CHINESE_NUMERAL_CHARS = "".join(_DIGITS) + "".join(_SMALL) + "".join(_LARGE)


def is_chinese_numeral(text: str) -> bool:
    """Whether ``text`` is a non-empty run of Chinese numeral characters."""
    return bool(text) and all(c in CHINESE_NUMERAL_CHARS for c in text)


def parse_number(text: str) -> float:
    """Value of an Arabic number or a Chinese numeral; ``ValueError`` if it is neither."""
    if not is_chinese_numeral(text):
        return float(text)
    if len(text) > 1 and all(c in _DIGITS for c in text):  # 二〇二三: digit by digit
        return float("".join(str(_DIGITS[c]) for c in text))
    total = 0
    section = 0
    number = 0
    for c in text:
        if c in _DIGITS:
            number = _DIGITS[c]
        elif c in _SMALL:
            section += (number or 1) * _SMALL[c]
            number = 0
        elif c == "万":
            total += (section + number or 1) * _LARGE[c]
            section = number = 0
        else:  # 亿
            total = (total + section + number or 1) * _LARGE[c]
            section = number = 0
    return float(total + section + number)
