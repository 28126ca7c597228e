"""Department mentions by the morphology of Chinese government units.

A unit name is built the same way everywhere: an optional jurisdiction
(中共, place names, a one-character level 区/市/县/省), a body and a suffix
(局/委/办/中心/人民政府…), sometimes followed by sub-units (区委 + 组织部,
市政府 + 办公厅). Reading that shape, rather than listing names, finds units a
lexicon has never seen (区发展改革和经济信息化局) and keeps 和 inside a name
while 区财政局、区教育局 stay two units: a name ends at the first suffix after
its prefix. Central organs without a prefix (财政部, 市场监管总局) come from a
lexicon of the State Council's structure.

What looks like a unit but is not one is dropped here: a unit inside a
meeting's name (区委十五届四次全会), a facility being built (市…中心新建),
a plan's title (区政府2023年重点工作…方案), a unit inside a cited title that
is not its issuer, the addressee line, site sponsor lines.

Data (lexicon, morphology) lives in ``kg/data/departments/`` and arrives
through :meth:`DepartmentRecognizer.initialize`; it is saved with the pipeline
(``to_disk``/``from_disk``).
"""
from __future__ import annotations

import csv
import importlib.util
from bisect import bisect_left
import json
import re
import tomllib
from dataclasses import dataclass
from functools import cache, cached_property
from pathlib import Path
from typing import Any, Iterable

from spacy.language import Language
from spacy.tokens import Doc

from kg.nlp.mentions import add_mention

__all__ = ["DepartmentData", "DepartmentRecognizer", "Found", "find_departments", "DATA_DIR"]

DATA_DIR = Path(__file__).resolve().parents[1] / "data" / "departments"
LABEL = "Department"
_HAN = "\u3400-\u9fff\uf900-\ufaff"
_MAX_BODY = 14


@dataclass(frozen=True)
class Found:
    """A unit name found in the text: view offsets and how it was recognised."""

    start: int
    end: int
    form: str  # "morphology", "lexicon", "league", "strong", "zone", "short"


@dataclass
class DepartmentData:
    """The lexicon and morphology tables (plain data, JSON-serialisable)."""

    national: list[str]
    morphology: dict[str, Any]
    places: list[str]
    nations: list[str]

    @classmethod
    def from_dir(cls, path: Path = DATA_DIR) -> "DepartmentData":
        """Read ``national.txt`` and ``morphology.toml`` from ``path``; places come from cpca's division list."""
        path = Path(path)
        national = _read_lines(path / "national.txt")
        try:
            morphology = tomllib.loads((path / "morphology.toml").read_text("utf-8"))
        except (OSError, tomllib.TOMLDecodeError) as e:
            raise ValueError(f"{path / 'morphology.toml'}: {e}") from None
        return cls(national, morphology, _division_names(), list(_nations()))

    def to_dict(self) -> dict[str, Any]:
        return {"national": self.national, "morphology": self.morphology, "places": self.places, "nations": self.nations}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "DepartmentData":
        return cls(list(d["national"]), dict(d["morphology"]), list(d["places"]), list(d.get("nations", [])))

    @cached_property
    def matcher(self) -> "_Matcher":
        """The compiled patterns (built on first use)."""
        return _Matcher(self)


def _read_lines(path: Path) -> list[str]:
    try:
        text = path.read_text("utf-8")
    except OSError as e:
        raise ValueError(f"{path}: cannot read ({e.strerror})") from None
    out = []
    for line in text.splitlines():
        line = line.split("#", 1)[0].strip()
        if line and line not in out:
            out.append(line)
    return out


def _cpca_file(name: str) -> Path | None:
    """A file of cpca's division tables (read as a file: importing cpca loads pandas)."""
    spec = importlib.util.find_spec("cpca")
    if spec is None or not spec.submodule_search_locations:
        return None
    path = Path(list(spec.submodule_search_locations)[0]) / "resources" / name
    return path if path.is_file() else None


def _division_names() -> list[str]:
    """Province, prefecture and county names from cpca's division table."""
    table = _cpca_file("adcodes.csv")
    if table is None:
        return []
    with table.open(encoding="utf-8") as f:
        return sorted({row["name"] for row in csv.DictReader(f) if row.get("name")})


def _nations() -> tuple[str, ...]:
    """The 56 nationalities (土家族, 苗族), which autonomous divisions' short names leave out."""
    path = _cpca_file("56_nations.csv")
    return tuple(path.read_text("utf-8").split()) if path else ()


_PLACE_SUFFIXES = ("特别行政区", "自治区", "自治州", "自治县", "自治旗", "地区", "林区", "省", "市", "县", "区", "盟", "旗", "州")


def _trie_pattern(words: Iterable[str]) -> str:
    """A regex alternation of ``words`` as a character trie: matching costs the depth, not the word count."""
    trie: dict[str, Any] = {}
    for w in words:
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = True

    def emit(node: dict[str, Any]) -> str:
        alts = [re.escape(ch) + emit(child) for ch, child in sorted(node.items()) if ch]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        return f"(?:{body})?" if "" in node else body

    return emit(trie)


class _Matcher:
    """Compiled patterns for one :class:`DepartmentData`."""

    def __init__(self, data: DepartmentData) -> None:
        m = data.morphology
        self.levels = "".join(m["levels"])
        self.connectors = set(m["connectors"])
        self.level_words = re.compile("|".join(m["level_words"]))
        self.not_before = list(m["suffix_not_before"])
        self.subunits = sorted(m["subunits"], key=len, reverse=True)
        self.not_units = set(m["not_units"])
        self._not_unit_len = max(map(len, self.not_units), default=0)
        self.not_unit_bodies = set(m["not_unit_bodies"])
        suffixes = sorted(m["suffixes"], key=len, reverse=True)
        words = sorted(m["words"], key=len, reverse=True)
        self.core = re.compile(
            f"(?P<prefix>{'|'.join(map(re.escape, words))}|[{self.levels}])"
            f"(?P<body>[{_HAN}]{{0,{_MAX_BODY}}}?)(?P<suffix>{'|'.join(self._suffix(s) for s in suffixes)})"
        )
        self.anchor = re.compile(f"{'|'.join(map(re.escape, words))}|[{self.levels}]")
        self.body_stop = re.compile("|".join(m["body_stop"]).replace("{levels}", self.levels))
        self.strong_stop = set(m["strong_stop"])
        self.national = re.compile(_trie_pattern(data.national))
        self.league = re.compile(f"{re.escape(m['youth_league'])}[{self.levels}]委")
        self.strong = re.compile("|".join(map(re.escape, sorted(m["strong_suffixes"], key=len, reverse=True))))
        self.strong_openers = sorted(m["strong_openers"], key=len, reverse=True)
        self.zone = re.compile(
            f"[{_HAN}]{{0,8}}?(?P<zone>{'|'.join(map(re.escape, m['zones']))})(?:{'|'.join(map(re.escape, m['zone_units']))})"
        )
        self.meeting = re.compile(m["meeting"])
        self.facility = re.compile(m["facility"])
        self.skip_line = re.compile(m["skip_line"])
        self.places_full = set(data.places)
        # Short name -> the level characters it takes: 恩施 + 州 (恩施土家族苗族自治州), never 会同 + 市 (会同县).
        self.places_short: dict[str, set[str]] = {}
        nations = tuple(sorted(data.nations, key=len, reverse=True))
        for p in data.places:
            short = _short(p, nations)
            if short and p[-1] in self.levels:
                self.places_short.setdefault(short, set()).add(p[-1])
        self.place_max = max((len(p) for p in data.places), default=0)

    def _suffix(self, suffix: str) -> str:
        """``suffix`` with a lookahead refusing the words it starts (局(?!长|面…)): the body then runs on to the next suffix."""
        rests = sorted({w[k:] for w in self.not_before for k in range(1, len(w)) if suffix.endswith(w[:k])}, key=len, reverse=True)
        return re.escape(suffix) + (f"(?!{'|'.join(map(re.escape, rests))})" if rests else "")

    # --- pieces -------------------------------------------------------------------------------

    def continues_word(self, text: str, name: str, end: int) -> bool:
        """Does the name's last suffix run on into a longer word (局长, 部门, 办理, 政府采购)?"""
        for w in self.not_before:
            for k in range(1, len(w)):
                if name.endswith(w[:k]) and text.startswith(w[k:], end):
                    return True
        return False

    def is_not_unit(self, name: str, body: str, suffix: str) -> bool:
        """Does the name end in a word that only looks like a unit (经济发展格局, 法治政府, 市承办)?"""
        if body + suffix in self.not_unit_bodies:
            return True
        # a word longer than the suffix that the name ends with, looked up by length rather than word by word
        return any(name[-n:] in self.not_units for n in range(len(suffix) + 1, min(len(name), self._not_unit_len) + 1))

    def place_start(self, text: str, start: int) -> int:
        """Extend ``start`` back over place names (湖北省鄂州市 + 鄂城区…, at most four) and 中共."""
        for _ in range(4):
            new = start
            level = text[start] if start < len(text) else ""
            for k in range(self.place_max, 1, -1):
                if start - k < 0:
                    continue
                w = text[start - k : start]
                if w in self.places_full or (level in self.places_short.get(w, ()) and not _verb_not_place(text, start - k, w)):
                    new = start - k
                    break
                if text[start - k : start + self._level_length(text, start)] in self.places_full and not _verb_not_place(text, start - k, w):
                    new = start - k  # the level is the place name's own end (广西壮族 + 自治区, 恩施土家族苗族自治 + 州)
                    break
            else:
                new -= self._one_character_county(text, start)
            if new == start:
                break
            start = new
        if text.startswith("中共", start - 2):
            start -= 2
        return start

    @staticmethod
    def _level_length(text: str, start: int) -> int:
        """How long the level prefix at ``start`` is: 3 for 自治区/自治州 written whole, else 1 (区, 州)."""
        return 3 if text.startswith(("自治区", "自治州"), start) else 1

    def _one_character_county(self, text: str, start: int) -> int:
        """1 where a county of a one-character name (绛县, 歙县, 沁县) ends at the level 县 at
        ``start``; never across a connector (市和县人民政府 is not 和县's)."""
        if start >= 1 and text.startswith("县", start) and text[start - 1] not in self.connectors:
            return int(text[start - 1 : start + 1] in self.places_full)
        return 0

    def sub_end(self, text: str, end: int) -> int:
        """Extend ``end`` over sub-units written straight after a unit: listed ones (区委组织部,
        市政府办公厅) and any that the morphology of sub-units describes (发展改革委就业司,
        市生态环境局浠水分局, 县公安局城关派出所, 省农业农村厅种植业管理处)."""
        while True:
            for s in self.subunits:
                if text.startswith(s, end) and not self.continues_word(text, s, end + len(s)):
                    end += len(s)
                    break
            else:
                tail = _sub_unit_tail(text, end)
                if tail is None:
                    return end
                end = tail


def _verb_not_place(text: str, s: int, short: str) -> bool:
    """A county's short name that is an everyday word, glued to running text before it, is that word:
    应会同县农业农村局 is 应会同 + 县农业农村局 (会同 the verb), not 会同县's bureau."""
    from kg.nlp.gazetteer import COMMON_WORDS

    return short in COMMON_WORDS and s > 0 and _is_han(text[s - 1])


# A sub-unit written straight after its unit: a short name and a sub-unit suffix.
_SUB_SUFFIX = r"(?:派出所|管理处|管理所|管理站|分中心|分局|支局|分行|支行|稽查局|支队|大队|中队|司|处|科|室|所|站|中心)"
_SUB_TAIL = re.compile(rf"[\u4e00-\u9fff]{{1,8}}?{_SUB_SUFFIX}")
# What a sub-unit's name never holds: verbs and function words of running text, a new unit's level.
_SUB_STOP = re.compile(
    r"[的了是在要将把被对为等各及或与并也都着使让从向和由经]|负责|牵头|会同|配合|协助|参与|加强|开展|推进|做好|建立|建设|设立|成立|组建"
    r"|完善|健全|实施|落实|组织|指导|督促|研究|制定|编制|设置|增设|新建|改建|推动|加快|打造|创建|申报|服务|关于|深化|相关|有关|其他|其它|^(?:省|市|县|区|州|乡|镇)"
)
_SUB_NOT_BEFORE = ("长", "员", "级", "内", "外", "属")
_BUREAU_TAIL = re.compile(r"[\u4e00-\u9fff]{2,8}?局")
# A bank's branch names its place with the level (人民银行市中心支行, 农业发展银行县支行):
# after 银行 a level is the branch's place, not a new unit.
_BRANCH_TAIL = re.compile(r"[\u4e00-\u9fff]{0,6}?[省市县区州](?:中心支行|分行|支行|营业部)")


def _sub_unit_tail(text: str, end: int) -> int | None:
    """The end of a sub-unit named right after a unit ending at ``end`` (就业司, 浠水分局), else None."""
    if text.endswith("银行", 0, end):
        b = _BRANCH_TAIL.match(text, end)
        if b and not _SUB_STOP.search(b.group(0), 1):
            return b.end()
    m = _SUB_TAIL.match(text, end)
    if text.endswith(("管委会", "管理委员会"), 0, end):  # a zone's committee has bureaus: 管委会产业发展局
        m = _BUREAU_TAIL.match(text, end) or m
    if not m or _SUB_STOP.search(m.group(0).replace("经济", "")) or m.group(0).endswith("网站"):
        return None  # 市政府门户网站: a website, no sub-unit
    if text.startswith(_SUB_NOT_BEFORE, m.end()):
        return None  # 处长, 科员, 所属: a person or a word, not a sub-unit
    return m.end()


def _short(place: str, nations: tuple[str, ...] = ()) -> str:
    """The name without its suffix: 鄂州 (鄂州市), 恩施 (恩施土家族苗族自治州); "" where too short."""
    for suf in _PLACE_SUFFIXES:
        if place.endswith(suf) and len(place) - len(suf) >= 2:
            short = place[: -len(suf)]
            while short.endswith(nations):
                short = next(short[: -len(n)] for n in nations if short.endswith(n))
            return short if len(short) >= 2 else ""
    return ""


def _is_han(ch: str) -> bool:
    return "\u3400" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff"


# --- finding ---------------------------------------------------------------------------------


def _core_candidates(text: str, mt: _Matcher) -> list[tuple[int, int, int, str]]:
    """Prefix + body + suffix names: ``(start, prefix_start, end, form)`` before context checks."""
    out = []
    for a in mt.anchor.finditer(text):
        m = mt.core.match(text, a.start())
        if not m or m.group("prefix") != a.group(0):
            continue
        s, e = m.start(), m.end()
        if mt.level_words.match(text, s) or mt.body_stop.search(m.group("body")):
            continue
        if mt.is_not_unit(m.group(0), m.group("body"), m.group("suffix")):
            continue
        out.append((mt.place_start(text, s), s, mt.sub_end(text, e), "morphology"))
    return out


def _lexicon_candidates(text: str, mt: _Matcher) -> list[tuple[int, int, int, str]]:
    out = []
    pos = 0
    n = len(text)
    while pos < n:
        m = mt.national.search(text, pos)
        if not m:
            break
        if m.end() > m.start() and not mt.continues_word(text, m.group(0), m.end()):
            out.append((mt.place_start(text, m.start()), m.start(), mt.sub_end(text, m.end()), "lexicon"))
        pos = m.start() + 1
    return out


def _league_candidates(text: str, mt: _Matcher) -> list[tuple[int, int, int, str]]:
    return [(m.start(), m.start(), m.end(), "league") for m in mt.league.finditer(text)]


def _strong_candidates(text: str, mt: _Matcher) -> list[tuple[int, int, int, str]]:
    """Names carried by a strong suffix (…领导小组, …指挥部): the name runs back to the clause start."""
    out = []
    for m in mt.strong.finditer(text):
        s = m.start()
        while s > 0 and m.start() - s < 24 and _is_han(text[s - 1]) and text[s - 1] not in mt.strong_stop:
            s -= 1
        for o in mt.strong_openers:
            if text.startswith(o, s):
                s += len(o)  # 成立工作专班: with the verb gone, no name is left
                break
        # …办公室关于成立X领导小组的通知: the name is what is set up, after the title's 关于 and its verb
        for title in _SETTING_UP.finditer(text, s, m.start()):
            s = title.end()
        if m.start() - s >= 2:
            out.append((s, s, mt.sub_end(text, m.end()), "strong"))
    return out


_SETTING_UP = re.compile("关于(?:成立|设立|组建|调整)?")


# Verbs that may stand right before a zone's name (the name may be the zone word alone: 高新区管委会).
_ZONE_VERBS = ("会同", "推进", "推动", "加快", "支持", "依托", "指导", "督促", "协助", "配合", "组织", "要求", "由", "经", "请", "向")


def _zone_candidates(text: str, mt: _Matcher) -> list[tuple[int, int, int, str]]:
    out = []
    for m in mt.zone.finditer(text):
        s = m.start()
        if s > 0 and _is_han(text[s - 1]) and text[s - 1] not in mt.connectors:
            # the match ran back into the word before: 西秀区人民政府和安顺经开区管委会 starts after 和
            s = next((k for k in range(s + 1, m.start("zone") - 1) if text[k - 1] in mt.strong_stop), None)
            if s is None:
                continue
        while text[s] in mt.strong_stop and s + 2 < m.end():
            s += 1  # 由县产业园管委会: the name starts after the connector
        while (verb := next((v for v in _ZONE_VERBS if text.startswith(v, s) and s + len(v) <= m.start("zone")), None)):
            s += len(verb)  # 会同高新区管委会, 推进开发区管委会改革: the verb, then the name
        out.append((s, s, mt.sub_end(text, m.end()), "zone"))
    return out


def _starts_ok(text: str, mt: _Matcher, start: int, anchor: int, form: str, ends: set[int]) -> bool:
    """A name must start a word: after a non-Han character, a connector (由/和/经…), a place name or another unit."""
    if form in ("strong", "zone"):
        return True
    if start < anchor:  # a place name or 中共 was found before the prefix
        return True
    if start == 0 or not _is_han(text[start - 1]):
        return True
    if text[start - 1] in mt.connectors or start in ends:
        return True
    return form == "lexicon" and text.startswith(("国务院", "中共中央", "党中央"), start)


def _ends_ok(text: str, mt: _Matcher, end: int) -> bool:
    """Not part of a meeting's name, a facility being built or a plan's title."""
    tail = text[end : end + 40]
    return not (mt.meeting.match(tail) or mt.facility.match(tail))


def _drop_bad_tails(text: str, mt: _Matcher, found: list[Found]) -> list[Found]:
    """Drop units named in a meeting, facility, plan or title (and units listed with them: 中国科学院、中国工程院院士)."""
    bad = [not _ends_ok(text, mt, f.end) for f in found]
    for i in range(len(found) - 2, -1, -1):
        if bad[i + 1] and text[found[i].end : found[i + 1].start] in ("、", "和", "及", "与"):
            bad[i] = True
    return [f for f, b in zip(found, bad) if not b]


def _resolve(cands: list[tuple[int, int, int, str]]) -> list[Found]:
    """Leftmost-longest, no overlaps."""
    out: list[Found] = []
    last_end = -1
    for s, _a, e, form in sorted(cands, key=lambda c: (c[0], -(c[2] - c[0]))):
        if s >= last_end:
            out.append(Found(s, e, form))
            last_end = e
    return out


def _blocked_spans(text: str, mt: _Matcher) -> list[tuple[int, int]]:
    """Spans whose units are no mentions: sponsor lines, the addressee line."""
    spans = []
    pos = 0
    for line in text.split("\n"):
        s, e = pos, pos + len(line)
        pos = e + 1
        stripped = line.strip()
        if mt.skip_line.match(line):
            spans.append((s, e))
        elif _ADDRESSEE.match(stripped):
            spans.append((s, e))
    return spans


# The addressee line of a circular: units, at least one collective (各…), ending with a colon.
# A single addressee (湖北省人民政府:) is a mention.
_ADDRESSEE = re.compile(r"^[^。;!?:]{0,160}各[^。;!?:]{0,160}:$")


def _cited_titles(text: str) -> Iterable[tuple[int, int]]:
    for m in re.finditer(r"《([^《》\n]{1,200})》", text):
        yield m.start(1), m.end(1)


# What follows the issuers at the start of a cited title: 《A、B关于…》, 《A 关于…》, 《A印发…的通知》.
_ISSUED = re.compile(r"\s*(?:关于|联合印发|印发|转发|批转|发布)")


def _drop_title_inners(text: str, found: list[Found]) -> list[Found]:
    """Inside 《…》 only the issuers (《A、B关于…》) are mentions; a unit in a plan's title is not."""
    starts = [f.start for f in found]
    drop: set[int] = set()
    for ts, te in _cited_titles(text):
        i = bisect_left(starts, ts)
        inner = []
        while i < len(found) and found[i].end <= te:
            inner.append(i)
            i += 1
        issuers, pos = set(), ts
        for k in inner:
            if found[k].start != pos:
                break
            issuers.add(k)
            pos = found[k].end
            while pos < te and text[pos] in "、,和及与 ":
                pos += 1
        if not (issuers and _ISSUED.match(text, found[max(issuers)].end)):
            issuers = set()
        drop.update(k for k in inner if k not in issuers)
    return [f for k, f in enumerate(found) if k not in drop]


def _outside(found: list[Found], spans: list[tuple[int, int]]) -> list[Found]:
    """``found`` (sorted) without the names that lie inside one of ``spans`` (sorted, disjoint)."""
    out, j = [], 0
    for f in found:
        while j < len(spans) and spans[j][1] < f.end:
            j += 1
        if not (j < len(spans) and spans[j][0] <= f.start and f.end <= spans[j][1]):
            out.append(f)
    return out


def find_departments(text: str, data: DepartmentData | None = None) -> list[Found]:
    """Unit names in ``text`` (the matching view: simplified, half-width punctuation).

    >>> [text[f.start:f.end] for text in ["牵头单位:区发展改革和经济信息化局;责任单位:区财政局、区教育局"] for f in find_departments(text)]
    ['区发展改革和经济信息化局', '区财政局', '区教育局']
    """
    mt = _matcher(data)
    cands = (
        _core_candidates(text, mt)
        + _lexicon_candidates(text, mt)
        + _league_candidates(text, mt)
        + _strong_candidates(text, mt)
        + _zone_candidates(text, mt)
    )
    # Starts are checked left to right so that a unit may follow another directly (省委省政府).
    cands.sort(key=lambda c: (c[0], -(c[2] - c[0])))
    ends: set[int] = set()
    ok = []
    for c in cands:
        if text.startswith("会同", c[0]) and c[1] > c[0] and (c[0] in ends or _after_lead_clause(text, c[0])):
            # 县财政局会同县农业农村局 / 由县交通局牵头,会同县水利局: the verb 会同, not 会同县 (a county), before the next name
            c = (c[1], *c[1:])
        if _starts_ok(text, mt, c[0], c[1], c[3], ends):
            ok.append(c)
            ends.add(c[2])
    found = _drop_title_inners(text, _drop_bad_tails(text, mt, _resolve(ok)))
    found = _merge_aliases(text, _outside(found, _blocked_spans(text, mt)))
    return _short_forms(text, mt, found)


_SHORTENED = re.compile(r"[省市县区州旗镇乡](?P<short>[\u4e00-\u9fff]{2,8}[局委办厅])")


def _short_forms(text: str, mt: _Matcher, found: list[Found]) -> list[Found]:
    """A unit the document names once in full (县财政局) and then without its level (财政局负责预算):
    the short form is a mention of a unit too, where it stands as a word of its own.

    Only short forms of units found in the same text count, so 财政局 alone in a text that
    names no 县财政局 stays unread, as an unprefixed name anywhere would be too loose.
    """
    shorts = {m.group("short") for f in found if (m := _SHORTENED.fullmatch(text, f.start, f.end))}
    if not shorts:
        return found
    taken = bytearray(len(text))
    for f in found:
        taken[f.start : f.end] = b"\x01" * (f.end - f.start)
    extra = []
    rx = re.compile("|".join(map(re.escape, sorted(shorts, key=len, reverse=True))))
    for m in rx.finditer(text):
        a, b = m.span()
        if any(taken[a:b]) or mt.continues_word(text, m.group(0), b):
            continue
        if a and _is_han(text[a - 1]) and text[a - 1] not in mt.connectors:
            continue  # part of a longer name or word (市财政局 is found whole, 省财政局 is another unit)
        extra.append(Found(a, b, "short"))
    return sorted(found + extra, key=lambda f: f.start) if extra else found


def _after_lead_clause(text: str, pos: int) -> bool:
    """Does a clause that names a lead (…牵头, / …负责,) end right before ``pos``?"""
    return pos >= 3 and text[pos - 1] in ",，" and text[pos - 3 : pos - 1] in ("牵头", "负责", "主办")


def _merge_aliases(text: str, found: list[Found]) -> list[Found]:
    """A unit with its other name in brackets right after it is one unit: 市发展改革委(市粮食和物资储备局).

    Merged units with two names (挂牌, 合署办公) are written so; the bracket holds a
    whole unit name and nothing else.

    >>> t = "由市发展改革委(市粮食和物资储备局)会同市财政局"
    >>> [t[f.start:f.end] for f in _merge_aliases(t, [Found(1, 7, "m"), Found(8, 17, "m"), Found(20, 24, "m")])]
    ['市发展改革委(市粮食和物资储备局)', '市财政局']
    """
    out: list[Found] = []
    for f in found:
        prev = out[-1] if out else None
        if (prev is not None and prev.end + 1 == f.start and f.end < len(text)
                and text[prev.end] == "(" and text[f.end] == ")"):
            out[-1] = Found(prev.start, f.end + 1, prev.form)
        else:
            out.append(f)
    return out


@cache
def _default_data() -> DepartmentData:
    """The shipped tables with their compiled matcher, one per process, from the cache folder
    (:mod:`kg.compiled`) while their sources are unchanged: reading cpca's division table and
    deriving every place's short form (恩施 + 州) is most of a cold start's department cost."""
    from kg.compiled import load_or_build

    return load_or_build("departments", _default_sources(), _build_default)


def _default_sources() -> list[Path]:
    """What the shipped tables are built from: their files, cpca's tables and this module."""
    files = [DATA_DIR / "national.txt", DATA_DIR / "morphology.toml", Path(__file__)]
    return files + [p for p in (_cpca_file("adcodes.csv"), _cpca_file("56_nations.csv")) if p is not None]


def _build_default() -> DepartmentData:
    data = DepartmentData.from_dir(DATA_DIR)
    data.matcher  # built now, so that it is cached with the tables (its patterns recompile on load)
    return data


def _matcher(data: DepartmentData | None) -> _Matcher:
    return (data or _default_data()).matcher


# --- the spaCy component ---------------------------------------------------------------------


class DepartmentRecognizer:
    """Adds ``Department`` mentions to ``doc._.mentions``."""

    def __init__(self, nlp: Language, name: str = "policykg_departments", *, source: str = "departments") -> None:
        self.name = name
        self.source = source
        self.data: DepartmentData | None = None

    def initialize(self, get_examples: Any = None, *, nlp: Language | None = None, data_dir: str | None = None) -> None:
        """Load the lexicon and morphology tables (``kg/data/departments`` unless ``data_dir`` is given)."""
        self.data = DepartmentData.from_dir(Path(data_dir)) if data_dir else _default_data()

    def __call__(self, doc: Doc) -> Doc:
        if self.data is None:
            self.initialize()
        for f in find_departments(doc.text, self.data):
            add_mention(doc, f.start, f.end, LABEL, source=self.source, rule=f.form)
        return doc

    def to_bytes(self, *, exclude: Iterable[str] = ()) -> bytes:
        return json.dumps(self.data.to_dict() if self.data else None, ensure_ascii=False).encode("utf-8")

    def from_bytes(self, data: bytes, *, exclude: Iterable[str] = ()) -> "DepartmentRecognizer":
        d = json.loads(data.decode("utf-8"))
        self.data = DepartmentData.from_dict(d) if d else None
        return self

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        (path / "data.json").write_bytes(self.to_bytes())

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> "DepartmentRecognizer":
        return self.from_bytes((Path(path) / "data.json").read_bytes())


@Language.factory("policykg_departments", default_config={"source": "departments"})
def make_department_recognizer(nlp: Language, name: str, source: str) -> DepartmentRecognizer:
    """Factory for ``policykg_departments`` (see :class:`DepartmentRecognizer`)."""
    return DepartmentRecognizer(nlp, name, source=source)
