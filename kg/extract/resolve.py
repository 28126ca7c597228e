"""Whose document is it, and what is the full name of the unit a document calls 区财政局?

A policy document names its own units by their level alone (区财政局, 市委, 省直有关部门):
the jurisdiction that issued it (or that it is about) completes the name. This module reads
that jurisdiction from the document (:func:`infer_jurisdiction`) and turns a unit mention
into one canonical name that is the same in every document naming the same unit
(:func:`canonical_department`): 区财政局 in a 鄂城区 document is 鄂州市鄂城区财政局, and
立山区人民政府 in a 鞍山市 document is 鞍山市立山区人民政府.

The rule for canonical names, in order:

1. a name that starts with a division (湖北省人民政府, 中共汉川市委政研室, 立山区人民政府) has
   that division written as its unit prefix (湖北省, 汉川市, 鞍山市立山区), 中共 dropped;
2. a national unit (国务院, 财政部, 国家发展改革委, 党中央, 市场监管总局) is left as it is;
3. a name that starts with a level word (区财政局, 市委, 省直有关部门, 全区经济运行各专班, 县政府)
   has that word replaced by the jurisdiction's division at that level (区 -> 鄂州市鄂城区);
4. any other name (团区委, 各镇街, 花湖开发区, 税务局) gets the jurisdiction's unit prefix in
   front of the whole name (鄂州市鄂城区团区委, 鄂州市鄂城区各镇街);
5. in a document a national body issued (国务院办公厅 about 巴东县), names without a division
   are the national body's own and are left as they are.

政府 directly after the division is written 人民政府 (区政府 -> 鄂州市鄂城区人民政府). Inputs
are in simplified characters (the matching view).
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, replace
from typing import Iterable, Sequence

from kg.nlp.gazetteer import Division, DivisionMatch, divisions_in_name, find_divisions, gazetteer, lookup
from kg.extract.metadata import DOC_NUMBER, metadata

__all__ = [
    "Jurisdiction",
    "NATIONAL",
    "infer_jurisdiction",
    "canonical_department",
    "is_collective",
    "national_full_name",
    "department_jurisdiction",
    "is_national_unit",
    "PROVINCE_ABBREVIATIONS",
]

# One-character province abbreviations as used in document numbers (鄂政发, 粤府).
PROVINCE_ABBREVIATIONS = {
    "京": "北京市", "津": "天津市", "冀": "河北省", "晋": "山西省", "蒙": "内蒙古自治区", "辽": "辽宁省",
    "吉": "吉林省", "黑": "黑龙江省", "沪": "上海市", "苏": "江苏省", "浙": "浙江省", "皖": "安徽省",
    "闽": "福建省", "赣": "江西省", "鲁": "山东省", "豫": "河南省", "鄂": "湖北省", "湘": "湖南省",
    "粤": "广东省", "桂": "广西壮族自治区", "琼": "海南省", "渝": "重庆市", "川": "四川省", "蜀": "四川省",
    "黔": "贵州省", "贵": "贵州省", "云": "云南省", "滇": "云南省", "藏": "西藏自治区", "陕": "陕西省",
    "甘": "甘肃省", "陇": "甘肃省", "青": "青海省", "宁": "宁夏回族自治区", "新": "新疆维吾尔自治区",
}
_NATIONAL_DOCNUM = re.compile(r"^(?:国|中发|中办|厅字)")
_NATIONAL_ISSUER = re.compile(r"^(?:国务院|中共中央|中央|全国人大|全国人民代表大会)")
_SITE_LINE = re.compile(r"主办|承办|技术支持|版权所有|网站|备案|ICP")
_HEADER_CHARS = 600
# Level words that open a unit name, longest first, and the level each one names.
_LEVEL_WORDS = (
    ("自治区", "自治区"), ("自治州", "州"),
    ("全省", "省"), ("全市", "市"), ("全区", "区"), ("全县", "县"), ("全州", "州"),
    ("省", "省"), ("市", "市"), ("区", "区"), ("县", "县"), ("州", "州"), ("旗", "旗"), ("盟", "盟"),
)
_PARTY_DEPARTMENTS = ("组织部", "宣传部", "统战部", "武装部", "工作部", "政法委", "干部")
_NATIONAL_UNIT = re.compile(
    r"^(?:国务院|国家|中共中央|中央|党中央|全国|最高人民|中国人民银行|人民银行|海关总署)"
    r"|(?:总局|总署|银保监会|证监会|银监会|保监会|供销合作总社)$"
)
_COLLECTIVE = re.compile(r"^(?:各|有关|相关|其他|其它)|各|(?:有关|相关)(?:部门|单位|方面|机构)")


@dataclass(frozen=True)
class Jurisdiction:
    """The administrative area a document belongs to.

    ``province``/``prefecture``/``county`` are full names, None where unknown or not
    applicable; ``code`` is the division code of the most specific one. ``national`` marks a
    national document (全国). ``issuer`` is where the issuing body sits when that differs
    from the area the document is about (a 国务院办公厅 reply about 巴东县 has issuer
    :data:`NATIONAL`).
    """

    province: str | None = None
    prefecture: str | None = None
    county: str | None = None
    code: str | None = None
    national: bool = False
    issuer: Jurisdiction | None = None

    @classmethod
    def of(cls, d: Division) -> Jurisdiction:
        """The jurisdiction of a division."""
        if d.level == "province":
            return cls(d.province, None, None, d.code)
        if d.level == "prefecture":
            return cls(d.province, d.name, None, d.code)
        return cls(d.province, d.prefecture, d.name, d.code)

    @property
    def path(self) -> str:
        """湖北省鄂州市鄂城区, 湖北省, 全国."""
        if self.national:
            return "全国"
        return "".join(p for p in (self.province, self.prefecture, self.county) if p)

    @property
    def level(self) -> str | None:
        if self.national:
            return "national"
        for level, name in (("county", self.county), ("prefecture", self.prefecture), ("province", self.province)):
            if name:
                return level
        return None

    @property
    def division(self) -> Division | None:
        """The division of the most specific level, looked up by code."""
        if not self.code:
            return None
        d = gazetteer().by_code.get(self.code)
        return d

    @property
    def unit_prefix(self) -> str:
        """How this jurisdiction's own units are named: 鄂州市鄂城区, 广州市, 湖北省, "" (national)."""
        d = self.division
        if d is not None:
            return d.unit_prefix
        return self.county or self.prefecture or self.province or ""

    def at(self, level_word: str) -> str | None:
        """The unit prefix that a level word (省, 市, 区, 县, 州) stands for in this jurisdiction.

        In a 鄂城区 document 区 is 鄂州市鄂城区 and 市 is 鄂州市; in a 汉川市 document 市 is 汉川市.
        """
        if self.national:
            return None
        county = self.division if self.county else None
        if county is not None and county.level == "county" and _level_word(county.name) == level_word:
            return county.unit_prefix
        if self.prefecture and _level_word(self.prefecture) == level_word:
            return self.prefecture
        if level_word == "市" and self.province and self.province.endswith("市"):
            return self.province  # municipalities: 市 is 北京市 itself
        if level_word == "省" and self.province and not self.province.endswith("市"):
            return self.province
        if level_word == "自治区" and self.province and self.province.endswith("自治区"):
            return self.province
        if level_word == "区" and self.province and self.province.endswith("自治区") and not (self.prefecture or self.county):
            return self.province  # an autonomous region's own units: 区党委, 区人社厅 (自治区党委, 自治区人社厅)
        return None


NATIONAL = Jurisdiction(national=True)


def _level_word(name: str) -> str:
    if name.endswith(("林区", "特区")):
        return "区"
    if name.endswith("自治州"):
        return "州"
    return name[-1]


# --- inferring the jurisdiction ---------------------------------------------------------------


def infer_jurisdiction(
    view_text: str,
    *,
    title: str | None = None,
    issuer: str | None = None,
    matches: Sequence[DivisionMatch] | None = None,
) -> Jurisdiction | None:
    """The jurisdiction of a document, from its matching view, or None where it cannot be told.

    Evidence in order of trust: the issuing body (given, or read from the header and the
    signature: 鞍山市立山区人民政府文件, 西安市人民政府办公厅), the document number (鄂政发 ->
    湖北省, 国办发 -> national, 鞍立政发 -> a 立山区 of 鞍山市 named in the text), the places a
    national document's title is about (国务院办公厅关于湖北省巴东县…的复函 -> 巴东县), and
    last the divisions the text names most, at the level its own units use (区财政局 -> a 区).

    ``title``: the document's title where the caller has read it (:func:`kg.extract.metadata.metadata`,
    the one place titles are found), else it is read here the same way.
    ``matches`` are ``find_divisions(view_text, all_occurrences=True)`` when already computed.
    """
    if matches is None:
        matches = find_divisions(view_text, all_occurrences=True)
    header = _header(view_text)
    title = title if title is not None else metadata(view_text)["title"]
    docnum = _doc_number(header)
    national = bool(
        (docnum and _NATIONAL_DOCNUM.match(docnum))
        or (issuer and _NATIONAL_ISSUER.match(issuer))
        or (title and _NATIONAL_ISSUER.match(title))
    )
    subject = _deepest(_places(_subject(title))) if title else None
    if national:
        return replace(Jurisdiction.of(subject), issuer=NATIONAL) if subject else NATIONAL
    local = [d for d in (_issuer_division(issuer, header, view_text, matches), _docnum_division(docnum, matches)) if d]
    if subject:
        local.append(subject)
    best = _deepest(local)
    if best is not None:
        return Jurisdiction.of(best)
    best = _by_frequency(view_text, matches)
    return Jurisdiction.of(best) if best else None


def _header(text: str) -> str:
    """The opening of the document without website lines (主办/承办 are site chrome)."""
    lines = [ln for ln in text[: _HEADER_CHARS * 2].splitlines() if not _SITE_LINE.search(ln)]
    return "\n".join(lines)[:_HEADER_CHARS]


def _subject(title: str) -> str:
    """What a title is about: the part after 关于 (the issuer before it is not the subject)."""
    i = title.find("关于")
    return title[i + 2 :] if i >= 0 else title


def _doc_number(header: str) -> str | None:
    """The document number's prefix (鄂政发 of 鄂政发〔2021〕40号), the first one in the header."""
    m = DOC_NUMBER.search(header)
    return m.group("prefix") if m else None


def _places(text: str) -> list[Division]:
    """Divisions named in full in a short text, settled by the other names around them."""
    out = []
    for m in find_divisions(text, all_occurrences=True):
        if m.form == "full" and m.division is not None:
            out.append(m.division)
    return out


def _deepest(divisions: Iterable[Division]) -> Division | None:
    """The most specific division among those that nest in one another; None if they disagree."""
    ds = list(divisions)
    if not ds:
        return None
    rank = {"province": 0, "prefecture": 1, "county": 2}
    ds.sort(key=lambda d: rank[d.level], reverse=True)
    best = ds[0]
    if all(best.within(d) or _same(best, d) for d in ds):
        return best
    return None  # the evidence disagrees


def _same(a: Division, b: Division) -> bool:
    return a.code == b.code and a.level == b.level


def _issuer_division(issuer: str | None, header: str, text: str, matches: Sequence[DivisionMatch]) -> Division | None:
    """The division of the issuing body: the one given, and a division directly followed by a
    body's name (人民政府, 委, 人民政府办公厅, 政研室) on a line of its own in the header or the
    signature; the most specific where they nest, the given one where they disagree."""
    given = _deepest(_places(issuer)) if issuer else None
    found = _issuer_lines(header) or _issuer_lines(_signature(text)) or _publisher(header)
    if given is None or found is None:
        return given or found
    return _deepest([given, found]) or given


_ISSUER_LINE = re.compile(
    r"^(?:中共)?(?P<div>[\u4e00-\u9fff]{2,20}?)(?:人民政府|政府|委员会|委)(?:办公厅|办公室|政研室|文件)?(?:文件)?$"
)


# A report of the document's publication at the head of a page (a news item or a repost):
# 渝中区人民政府办公室发布《…》, 某县人民政府印发了《…》.
_PUBLISHED = re.compile(
    r"(?:中共)?(?P<div>[\u4e00-\u9fff]{2,20}?)(?:人民政府|政府|委员会|委)(?:办公厅|办公室)?(?:近日|日前)?(?:印发|发布|出台|制定)了?《"
)


def _publisher(header: str) -> Division | None:
    """The division of the body a page's head reports as publishing the document, else None."""
    m = _PUBLISHED.search(header)
    return _deepest(_places(m.group("div"))) if m else None


def _issuer_lines(block: str) -> Division | None:
    for line in block.splitlines():
        line = re.sub(r"\s+", "", line).strip("()")
        if not line or len(line) > 30:
            continue
        m = _ISSUER_LINE.match(line)
        if not m:
            continue
        d = _deepest(_places(m.group("div")))
        if d is not None:
            return d
    return None


def _signature(text: str) -> str:
    """Lines just before a date line near the end: where the issuing body signs."""
    tail = text[-1500:]
    out = []
    lines = tail.splitlines()
    for i, line in enumerate(lines):
        if re.match(r"^\s*(?:19|20)\d\d年\d{1,2}月\d{1,2}日\s*$", line) and i:
            out.append(lines[i - 1])
    head_dates = text[:3000].splitlines()
    for i, line in enumerate(head_dates):
        if re.match(r"^\s*(?:19|20)\d\d年\d{1,2}月\d{1,2}日\s*$", line) and i:
            out.append(head_dates[i - 1])
    return "\n".join(out)


def _docnum_division(prefix: str | None, matches: Sequence[DivisionMatch]) -> Division | None:
    """A document number's prefix names its issuer by abbreviation: 鄂政发 (湖北省), 鞍立政发
    (鞍山市立山区). A prefecture or county is taken only when the text names it as well."""
    if not prefix:
        return None
    named = {d.code: d for m in matches if m.form == "full" and m.inside != "word" for d in m.candidates}
    if len(prefix) >= 3:
        for d in named.values():
            if d.level == "county" and d.prefecture and d.prefecture[0] == prefix[0] and d.name[0] == prefix[1]:
                return d
    for d in named.values():
        if d.level == "prefecture" and d.name[0] == prefix[0] and prefix[1:2] in ("政", "办", "府", "发", "委"):
            return d
    province = PROVINCE_ABBREVIATIONS.get(prefix[0])
    if province and prefix[1:2] in ("政", "办", "发", "委", "府"):
        found = lookup(province)
        return found[0] if found else None
    return None


def _unit_level(text: str) -> str | None:
    """The level word the document's own units open with (区财政局, 市委): 区, 市, 县 or 省."""
    counts = Counter(
        m.group(1)
        for m in re.finditer(r"(?<![\u4e00-\u9fff])(区|市|县|省)(?:委|政府|直|[\u4e00-\u9fff]{1,10}?(?:局|委|办))", text)
    )
    if not counts:
        return None
    level, n = counts.most_common(1)[0]
    return level if n >= 3 else None


def _by_frequency(text: str, matches: Sequence[DivisionMatch]) -> Division | None:
    """The division the text keeps coming back to: walk down from the province while one
    division holds at least three mentions and twice as many as the next."""
    fulls = [m for m in matches if m.form == "full" and m.inside != "word"]  # not 示范县
    present = {d.code for m in fulls for d in m.candidates}
    counts: Counter[str] = Counter()
    divisions: dict[str, Division] = {}
    for m in fulls + [m for m in matches if m.form == "bare"]:
        d = m.division
        if d is None or (m.form == "bare" and d.code not in present):
            continue
        for up in _ancestors(d):
            counts[up.code] += 1
            divisions[up.code] = up
    level_word = _unit_level(text)
    best = None
    for level in ("province", "prefecture", "county"):
        ranked = [
            (n, code) for code, n in counts.most_common()
            if divisions[code].level == level and (best is None or divisions[code].within(best))
        ]
        if not ranked:
            break
        n, code = ranked[0]
        runner = ranked[1][0] if len(ranked) > 1 else 0
        d = divisions[code]
        if level != "province" and level_word and _level_word(d.name) == level_word and n >= 2 and n > runner:
            best = d
            continue
        if n < 3 or n < 2 * runner:
            break
        best = d
    if best is not None and best.level == "county" and level_word == "市" and _level_word(best.name) != "市":
        return divisions.get(best.parent) or best  # the units are a city's (市财政局): the city
    return best


def _ancestors(d: Division) -> list[Division]:
    g = gazetteer()
    out = [d]
    while out[-1].parent and out[-1].level != "province":
        up = g.by_code.get(out[-1].parent)
        if up is None or up is out[-1]:
            break
        out.append(up)
    return out


# --- canonical names ------------------------------------------------------------------------


def is_national_unit(name: str) -> bool:
    """Is this a national body named without a division (国务院, 财政部, 市场监管总局)?

    >>> is_national_unit("财政部"), is_national_unit("区委组织部"), is_national_unit("组织部")
    (True, False, False)
    """
    if _leading_level(name):
        return False
    if _NATIONAL_UNIT.search(name):
        return True
    return name.endswith("部") and not name.endswith(_PARTY_DEPARTMENTS) and len(name) <= 12


def is_collective(name: str) -> bool:
    """Does the name stand for several units (各镇街, 区直各部门, 有关部门, 市级相关单位)?

    >>> [is_collective(n) for n in ("各镇街", "区直各部门", "市级相关单位", "区财政局")]
    [True, True, True, False]
    """
    return bool(_COLLECTIVE.search(name))


def _leading_level(name: str) -> tuple[str, str] | None:
    """The level word a name opens with and the rest: 区财政局 -> (区, 财政局)."""
    if name.startswith(("市场", "区域", "县域", "省份")):  # 市场监管总局 is not a 市's unit
        return None
    for word, level in _LEVEL_WORDS:
        if name.startswith(word) and len(name) > len(word):
            return level, name[len(word) :]
    return None


def _leading_division(name: str, jurisdiction: Jurisdiction | None) -> tuple[Division, int, str] | None:
    """The division a name opens with (the last of a chain: 鞍山市立山区), where it ends, and
    its form. A bare name (立山 of 立山经济开发区) counts only inside the jurisdiction."""
    chain: list[DivisionMatch] = []
    for m in divisions_in_name(name):
        if m.start != (chain[-1].end if chain else 0):
            break
        chain.append(m)
    if not chain:
        return None
    last = chain[-1]
    local = jurisdiction is not None and not jurisdiction.national
    cands = list(last.candidates)
    if len(cands) > 1 and local:
        cands = [d for d in cands if _in_jurisdiction(d, jurisdiction)] or cands
    if len(cands) != 1:
        return None
    d = cands[0]
    if last.form == "bare" and not (local and _own_or_within(d, jurisdiction)):
        return None  # a bare name names a place only in its own jurisdiction (滁州海关 in a 滁州市 document)
    return d, last.end, last.form


def _own_or_within(d: Division, j: Jurisdiction) -> bool:
    """A county inside the jurisdiction, or the jurisdiction's own prefecture or province."""
    if d.level == "county":
        return _in_jurisdiction(d, j)
    return d.name in (j.province, j.prefecture)


def _in_jurisdiction(d: Division, j: Jurisdiction) -> bool:
    if j.province and d.province != j.province:
        return False
    if j.prefecture and d.level == "county" and d.prefecture and d.prefecture != j.prefecture:
        return False
    return True


def _government(rest: str) -> str:
    """区政府办公室 -> 人民政府办公室: a division's 政府 is its 人民政府."""
    return "人民" + rest if rest.startswith("政府") else rest


def canonical_department(name: str, jurisdiction: Jurisdiction | None) -> str:
    """The canonical name of a unit mention in a document of ``jurisdiction`` (see the module
    docstring for the rules).

    >>> ecq = Jurisdiction("湖北省", "鄂州市", "鄂城区", "420704")
    >>> canonical_department("区财政局", ecq), canonical_department("省委", ecq)
    ('鄂州市鄂城区财政局', '湖北省委')
    >>> canonical_department("立山区人民政府", Jurisdiction("辽宁省", "鞍山市", "立山区", "210304"))
    '鞍山市立山区人民政府'
    >>> canonical_department("国家发展改革委", ecq)
    '国家发展改革委'
    """
    name = re.sub(r"\s+", "", name)
    body = name[2:] if name.startswith("中共") else name
    lead = _leading_division(body, jurisdiction)
    if lead is not None:
        d, end, form = lead
        if form == "bare":  # 立山经济开发区: keep the name, add what stands above the district
            return d.unit_prefix[: -len(d.name)] + body
        return d.unit_prefix + _government(body[end:])
    if is_national_unit(name):
        return name
    scope = jurisdiction.issuer if jurisdiction is not None and jurisdiction.issuer is not None else jurisdiction
    if scope is None:
        return name
    if scope.national:
        return national_full_name(name)
    lead_level = _leading_level(name)
    if lead_level is not None:
        level, rest = lead_level
        prefix = scope.at(level)
        if prefix:
            return prefix + _government(rest)
    return scope.unit_prefix + name


# National bodies whose full name opens with 中国 rather than 国家 (中国气象局, not 国家气象局).
_CHINA_BODIES = ("气象局", "地震局", "民航局")
_NATIONAL_SHORT = re.compile(r"^[\u4e00-\u9fff]{2,8}(?:委|局)$")


def national_full_name(name: str, names: Iterable[str] = ()) -> str:
    """The full name of a national body that a national document writes short (发展改革委).

    Call only for documents a national body issued: there an unprefixed 委 or 局 can only be
    the State Council's own (发展改革委 = 国家发展改革委, 统计局 = 国家统计局). A full form the
    same document writes (``names``: 国务院国资委, 中国气象局) wins over the general 国家 rule;
    names that open with 国/中/a level word, collectives, 总局 and ministries (部) stay as written.

    >>> national_full_name("发展改革委"), national_full_name("气象局"), national_full_name("国资委", ["国务院国资委"])
    ('国家发展改革委', '中国气象局', '国务院国资委')
    >>> national_full_name("财政部"), national_full_name("市场监管总局"), national_full_name("有关部门")
    ('财政部', '市场监管总局', '有关部门')
    """
    written = set(names)
    for prefix in ("国家", "国务院", "中国"):
        if prefix + name in written:
            return prefix + name
    if (not _NATIONAL_SHORT.match(name) or name.endswith("总局") or name.startswith(("国", "中", "全国"))
            or _leading_level(name) or is_collective(name) or divisions_in_name(name, all_occurrences=False)):
        return name
    return ("中国" if name in _CHINA_BODIES else "国家") + name


def department_jurisdiction(canonical: str, jurisdiction: Jurisdiction | None) -> str | None:
    """Where a unit sits, from its canonical name: the division it opens with (湖北省黄石市大冶市 for
    大冶市财政局), 全国 for a national body, else the document's own jurisdiction.

    >>> department_jurisdiction("财政部", None), department_jurisdiction("汉川市商务局", None)
    ('全国', '湖北省孝感市汉川市')
    """
    lead = _leading_division(canonical[2:] if canonical.startswith("中共") else canonical, jurisdiction)
    if lead is not None and lead[2] != "bare":
        return lead[0].path
    if is_national_unit(canonical):
        return "全国"
    scope = jurisdiction.issuer if jurisdiction is not None and jurisdiction.issuer is not None else jurisdiction
    return scope.path if scope is not None else None
