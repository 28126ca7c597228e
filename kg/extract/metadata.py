"""What a policy document says about itself: title, issuing unit, date, document number.

Chinese official documents follow a fixed layout (GB/T 9704): the title
(``X关于…的通知``, possibly broken over two or three lines), the document number
(``鄂政发〔2021〕40号``) on its own line, the addressees, the body, then the
signature (the issuing unit) over the date. Reposted web pages add a byline unit
under the title and labelled fields (发布时间, 来源, 发布单位). :func:`metadata`
reads those positions rather than guessing from anywhere in the text.

Patterns are matched in the matching view (:func:`kg.text.clean.clean`: simplified,
half-width, no pinyin), so that both scripts are served by one set; title and
issuer come from the view without site chrome, date and number from the view
with it (a page's date often stands on its counter line). Values are returned
as they read in the original text (its own script, without inserted pinyin).
"""
from __future__ import annotations

import datetime as dt
import re

from kg.text.clean import Cleaned, clean
from kg.text.numbers import parse_number

__all__ = ["metadata", "parse_date", "is_issuer_name", "DOC_NUMBER"]

_DOC_TYPES = (
    "实施意见|指导意见|若干意见|意见|通知|通报|决定|办法|规定|方案|规划|纲要|复函|函|批复|报告|请示|公告|通告"
    "|条例|细则|措施|计划|要点|指引|指南|决议|纪要|清单|规则|章程|制度|分工表|任务表|一览表|台账|安排"
)
_TITLE_END = re.compile(rf"({_DOC_TYPES})(\s*[(（](试行|暂行|征求意见稿|修订)[)）])?》?$")
_NUMBERED = re.compile(r"^([一二三四五六七八九十]+[、.]|[(（][一二三四五六七八九十\d]+[)）]|第[一二三四五六七八九十\d]+[章节条部分]|\d+[.、．]|-)")
# A document number: its issuer's prefix (鄂政发), year in brackets of any style, serial, 号.
DOC_NUMBER = re.compile(
    r"(?<![\u4e00-\u9fff])(?P<prefix>[\u4e00-\u9fff]{1,10}?)\s*[〔\[［(（【]\s*(?P<year>(?:19|20)\d{2})\s*[〕\]］)）】]"
    r"\s*第?\s*(?P<serial>\d{1,5})\s*号"
)
_NUMBER_LABEL = re.compile(r"(发文字号|文号|发文号)\s*:\s*")
_ISSUER_CHARS = re.compile(r"[\u4e00-\u9fff()、]+")
_PLACES = ("县", "区", "市", "州", "旗", "镇", "乡", "村", "街", "街道", "社区", "开发区", "新区", "园区", "高新区")
_ISSUER_LABEL = re.compile(r"(发布单位|发布机构|发文机关|发文单位|制发机关|成文单位|信息来源|文章来源|来源)\s*:\s*(\S+)")
_YMD = r"(\d{4}|[〇零○O0一二三四五六七八九]{4})\s*年\s*(\d{1,2}|[一二三四五六七八九十]{1,3})\s*月\s*(\d{1,2}|[一二三四五六七八九十]{1,3})\s*日"
_DATE = re.compile(_YMD)
_ISO_DATE = re.compile(r"((?:19|20)\d{2})\s*[-/.]\s*(\d{1,2})\s*[-/.]\s*(\d{1,2})")
_DATE_LINE = re.compile(rf"^[(（]?\s*{_YMD}\s*[)）]?$")
_SIGNED_LABEL = re.compile(r"(成文日期|成文时间|发文日期|印发日期)\s*:\s*")
_PUBLISHED_LABEL = re.compile(r"(发布时间|发布日期|发文时间|发表时间|更新时间|日期|时间)\s*:\s*")
_HEADER_LINES = 30
_BODY = 60  # a line this long is running text, past the document's heading


def metadata(text: str, *, cleaned: Cleaned | None = None) -> dict[str, str | None]:
    """Title, issuer, date (ISO yyyy-mm-dd) and document number of a document; None where not stated.

    ``cleaned``: the matching view of ``text`` (:func:`kg.text.clean.clean`) where the caller has it
    already, so that a document is not cleaned once more for its metadata.

    >>> m = metadata("国务院办公厅关于印发“无废城市”建设\\n试点工作方案的通知\\n国办发〔2018〕128号\\n"
    ...              "各省、自治区、直辖市人民政府:\\n现印发给你们,请认真贯彻执行。\\n国务院办公厅\\n2018年12月29日")
    >>> m["title"], m["issuer"], m["date"], m["doc_number"]
    ('国务院办公厅关于印发“无废城市”建设试点工作方案的通知', '国务院办公厅', '2018-12-29', '国办发〔2018〕128号')
    """
    view, full = cleaned or clean(text), clean(text, drop_chrome=False)
    lines, all_lines = _lines(view), _lines(full)
    title = _title(lines)
    return {
        "title": title,
        "issuer": _issuer(lines, title),
        "date": _date(all_lines),
        "doc_number": _doc_number(all_lines),
    }


class _Line:
    """A line of the view: its key (view text, stripped) and its surface in the original."""

    def __init__(self, view: Cleaned, start: int, end: int) -> None:
        raw = view.text[start:end]
        lead = len(raw) - len(raw.lstrip())
        self.view, self.start, self.end = view, start + lead, start + len(raw.rstrip())
        self.key = view.text[self.start : self.end]

    def surface(self, start: int = 0, end: int | None = None) -> str:
        """The original text of key[start:end]."""
        end = len(self.key) if end is None else end
        return self.view.surface(self.start + start, self.start + end)


def _lines(view: Cleaned) -> list[_Line]:
    out, pos = [], 0
    for raw in view.text.split("\n"):
        line = _Line(view, pos, pos + len(raw))
        if line.key:
            out.append(line)
        pos += len(raw) + 1
    return out


def _title(lines: list[_Line]) -> str | None:
    head = lines[:_HEADER_LINES]
    for n in (1, 2, 3):  # a title line, or a title broken over two or three lines
        for i in range(len(head) - n + 1):
            group = head[i : i + n]
            if all(_title_part(ln) for ln in group):
                key = "".join(ln.key for ln in group)
                if ("关于" in key or "印发" in key or re.fullmatch(r"《[^》]+》", key)) and _TITLE_END.search(key):
                    if key.startswith("关于") and i > 0 and is_issuer_name(head[i - 1].key):
                        group = [head[i - 1], *group]  # the issuer on its own line over 关于…
                    return "".join(ln.surface() for ln in group)
    for ln in head:
        if _title_part(ln) and len(ln.key) <= _BODY and _TITLE_END.search(ln.key):
            return ln.surface()
    heading = None
    for ln in head:
        if len(ln.key) >= _BODY:
            break
        if _title_part(ln) and len(ln.key) <= 40 and not _is_meta_line(ln.key):
            heading = ln
    return heading.surface() if heading else None


def _title_part(ln: _Line) -> bool:
    key = ln.key
    return len(key) <= _BODY and not re.search(r"[。;；:|]", key) and not _NUMBERED.search(key)


def _is_meta_line(key: str) -> bool:
    return bool(_DATE_LINE.search(key) or DOC_NUMBER.fullmatch(key) or is_issuer_name(key) or "." in key)


def is_issuer_name(text: str) -> bool:
    """Whether ``text`` (simplified) reads as the name of an issuing body (…人民政府, …办公厅, …局, …政研室):
    a unit name (:func:`kg.extract.units.is_unit_name`) in Chinese characters alone, no bare place and no title.

    >>> is_issuer_name("中共汉川市委政研室"), is_issuer_name("红星网"), is_issuer_name("汉川市")
    (True, False, False)
    """
    from kg.extract.units import is_unit_name as unit_name

    text = text.replace(" ", "")
    return len(text) <= 30 and "关于" not in text and bool(_ISSUER_CHARS.fullmatch(text)) and unit_name(text) and not text.endswith(_PLACES)


def _issuer(lines: list[_Line], title: str | None) -> str | None:
    for i, ln in enumerate(lines):  # the signature: a unit line over the date
        if _DATE_LINE.search(ln.key) and i > 0:
            if is_issuer_name(lines[i - 1].key):
                return lines[i - 1].surface()
            break
    for ln in lines[:_HEADER_LINES]:  # the title: X关于…
        k = ln.key.find("关于")
        if k > 0 and is_issuer_name(ln.key[:k].strip()):
            if title and ln.surface(0, k).strip() in title:
                return ln.surface(0, k).strip()
    for ln in lines[:_HEADER_LINES]:  # a labelled field: 发布单位:X, 来源:X
        m = _ISSUER_LABEL.search(ln.key)
        if m and is_issuer_name(m.group(2)):
            return ln.surface(m.start(2), m.end(2))
    for ln in lines[:_HEADER_LINES]:  # a byline unit under the title
        if len(ln.key) >= _BODY:
            break
        if is_issuer_name(ln.key):
            return ln.surface()
    return None


def _date(lines: list[_Line]) -> str | None:
    head = lines[:_HEADER_LINES]
    for ln in head:
        if m := _SIGNED_LABEL.search(ln.key):
            if d := parse_date(ln.key[m.end() :]):
                return d
    for ln in lines:
        if _DATE_LINE.search(ln.key) and (d := parse_date(ln.key)):
            return d
    for ln in head:
        if m := _PUBLISHED_LABEL.search(ln.key):
            if d := parse_date(ln.key[m.end() :]):
                return d
    return None


def parse_date(text: str) -> str | None:
    """The first date in ``text`` as ISO yyyy-mm-dd (2018年12月6日, 二〇〇四年十月十五日, 2022-07-12).

    >>> parse_date("二〇〇四年十一月四日"), parse_date("时间: 2022-07-12 21:12")
    ('2004-11-04', '2022-07-12')
    """
    m = _DATE.search(text) or _ISO_DATE.search(text)
    if not m:
        return None
    try:
        return dt.date(*(int(parse_number(g)) for g in m.groups())).isoformat()
    except (ValueError, TypeError):
        return None


def _doc_number(lines: list[_Line]) -> str | None:
    for ln in lines[:_HEADER_LINES]:
        if m := _NUMBER_LABEL.search(ln.key):
            if n := DOC_NUMBER.match(ln.key, m.end()):
                return ln.surface(n.start(), n.end())
        if (n := DOC_NUMBER.match(ln.key)) and not ln.key.startswith(("《", "(")):
            return ln.surface(n.start(), n.end())
    return None
