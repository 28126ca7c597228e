"""Industry mentions found by patterns: the "policykg_industries" spaCy component.

Policy documents name industries in three ways, and each has its own rule:

* **lists before a category head** (促进纺织服装、食品加工、金属制品等重点传统产业;
  围绕大蒜、小麦、食用菌等特色农产品): every item of a list whose head is an industry
  word is an industry, known or not. A weaker head (领域, 企业) needs most items to
  be known sector words, and a head that names something else (技术, 机构, 设施)
  rules the list out;
* **a name with an industry head attached** (印章产业, 装备制造产业集群, 食品加工业,
  临空经济) where what stands before the head is not a generic word (主导产业,
  传统产业, 县域经济);
* **known sector names** (新材料, 生物医药, 先进制造业, 数字经济) from a lexicon written
  from general knowledge (GB/T 4754 sector names, the strategic emerging industries,
  common agricultural products). Short product words (茶叶, 汽车, 化工) count only in
  lists or with a head, because on their own they name goods, not industries.

A park, base or zone named after an industry (食品产业园, 物流园区, 现代农业示范区) is
a mention of that industry, as the guidelines say (食品, 物流, 现代农业); a park with a
place or a company in its name is also a Project (:mod:`kg.nlp.projects`). The rules read characters, not tokens, so they work with any tokenizer,
and they write character offsets into ``doc.text`` (the simplified matching view):
mentions of a traditional document map back to its own script through
:meth:`kg.text.clean.Cleaned.surface`.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any, Callable, Iterable

import ahocorasick
from spacy.language import Language
from spacy.tokens import Doc

from kg.nlp.mentions import add_mention
from kg.text.chars import is_han

__all__ = [
    "DATA_DIR", "Enumeration", "Found", "IndustryData", "IndustryRecognizer", "find_industries", "looks_like_industry",
    "make_industries",
]

DATA_DIR = Path(__file__).resolve().parents[1] / "data" / "industries"
LABEL = "Industry"
SOURCE = "policykg_industries"
_FILES = ("sectors.txt", "products.txt", "patterns.json")
_PATTERN_KEYS = (
    "strong_heads", "weak_heads", "blocking_heads", "blocking_head_starts", "triggers", "boundaries",
    "verb_prefixes", "place_prefixes", "modifiers", "industry_suffixes", "park_suffixes",
    "after_industry_stop", "item_bad_suffixes", "generic", "generic_parts", "term_stop",
)
_CLAUSE_END = re.compile(r"[,;。!?:\t|，；：！？]|\n\s*")
_COUNTED_HEAD = re.compile(r"[两二三四五六七八九十\d]+大")
_PLACE_WORD = re.compile(r"(地区|城市|国家|[省市县州区镇乡村])$")
_HAN = re.compile(r"^[\u3400-\u9fff]+$")
_NUMBERISH = re.compile(r"[0-9一二三四五六七八九十百千万亿两]+[大个家类项种批]")
_LIST_SEPARATOR = "、"
_PLACE_ENDS = frozenset("省市县州区镇乡村")
_JOINERS = ("以及", "和", "与", "及")
# Rule priorities when spans overlap: list items beat head patterns beat lexicon hits.
_PRIORITY = {"section": 4, "list": 3, "head": 2, "park": 2, "lexicon": 1, "goods": 1}


@dataclass(frozen=True)
class Enumeration:
    """A list "A、B、C等<head>": its item spans, the head's kind (strong / weak / block / none),
    the head text, the share of items that are known sector words, and whether the items are industries."""

    items: tuple[tuple[int, int], ...]
    kind: str
    head: str
    known: float
    industries: bool


@dataclass(frozen=True)
class Found:
    """An industry span in the text (character offsets, end exclusive) and the rule that found it."""

    start: int
    end: int
    rule: str


def _read_words(path: Path) -> frozenset[str]:
    words = set()
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        word = line.split("#", 1)[0].strip()
        if not word:
            continue
        if any(ch.isspace() for ch in word):
            raise ValueError(f"{path}: line {n}: one name a line, no spaces ({word!r})")
        words.add(word)
    return frozenset(words)


@dataclass
class IndustryData:
    """The lexicons and context word lists that the industry patterns use.

    ``sectors`` are industry names on their own; ``products`` are words that name an
    industry only in a list of industries or with a head attached; ``patterns`` holds
    the context word lists (see ``kg/data/industries/patterns.json``).
    """

    sectors: frozenset[str]
    products: frozenset[str]
    patterns: dict[str, Any]

    @classmethod
    def load(cls, path: str | Path = DATA_DIR) -> "IndustryData":
        """Read the three data files from a folder; a missing or malformed file is a one-line error."""
        path = Path(path)
        for name in _FILES:
            if not (path / name).is_file():
                raise FileNotFoundError(f"{path / name}: industry pattern file not found")
        try:
            patterns = json.loads((path / "patterns.json").read_text(encoding="utf-8"))
        except json.JSONDecodeError as e:
            raise ValueError(f"{path / 'patterns.json'}: not valid JSON ({e.msg}, line {e.lineno})") from None
        missing = [k for k in _PATTERN_KEYS if not isinstance(patterns.get(k), list)]
        if missing:
            raise ValueError(f"{path / 'patterns.json'}: missing word lists {', '.join(missing)}")
        return cls(_read_words(path / "sectors.txt"), _read_words(path / "products.txt"), patterns)

    def save(self, path: str | Path) -> None:
        """Write the data files to a folder (the inverse of :meth:`load`)."""
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        (path / "sectors.txt").write_text("\n".join(sorted(self.sectors)) + "\n", encoding="utf-8")
        (path / "products.txt").write_text("\n".join(sorted(self.products)) + "\n", encoding="utf-8")
        (path / "patterns.json").write_text(json.dumps(self.patterns, ensure_ascii=False, indent=1), encoding="utf-8")

    def words(self, key: str) -> tuple[str, ...]:
        """A context word list, longest words first (so that matching prefers them)."""
        return tuple(sorted(self.patterns[key], key=len, reverse=True))

    @cached_property
    def matcher(self) -> "_Finder":
        return _Finder(self)


def find_industries(text: str, data: IndustryData | None = None) -> list[Found]:
    """Industry spans in ``text`` (simplified characters), non-overlapping, in text order.

    >>> text = "促进纺织服装、食品加工等重点传统产业发展"
    >>> [text[f.start:f.end] for f in find_industries(text)]
    ['纺织服装', '食品加工']
    """
    return (data or _default_data()).matcher.find(text)


def looks_like_industry(name: str, data: IndustryData | None = None) -> bool:
    """Does ``name`` (simplified) contain a known sector word or end with an industry head, and is not generic?

    Used to keep only the statistical NER's industry spans that the lexicon supports.

    >>> looks_like_industry("绿色食品加工"), looks_like_industry("信访问题"), looks_like_industry("主导产业")
    (True, False, False)
    """
    f = (data or _default_data()).matcher
    if name in f.generic or not f._valid_item(name):
        return False
    return f._known(name, headed=True) or any(t in name for t in f.sectors if len(t) >= 3)


_DEFAULT: IndustryData | None = None
_ENUMERATED: dict[str, Any] = {}  # the last text's enumerations, by data and text (see _Finder.enumerations)


def _default_data() -> IndustryData:
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = IndustryData.load(DATA_DIR)
    return _DEFAULT


class _Finder:
    """The compiled rules over one :class:`IndustryData`."""

    def __init__(self, data: IndustryData) -> None:
        self.data = data
        self.sectors = data.sectors
        self.terms = data.sectors | data.products
        self.max_len = max(map(len, self.terms), default=1)
        # The lengths of the terms that start with each pair of characters, longest first: most
        # positions of a text start no term, and a dict lookup says so without trying every length.
        by_pair: dict[str, set[int]] = {}
        for t in self.terms:
            if len(t) >= 2:
                by_pair.setdefault(t[:2], set()).add(len(t))
        self._lengths = {pair: sorted(ns, reverse=True) for pair, ns in by_pair.items()}
        # Two finders over equal data (the industries' and the projects') read a text's lists the same way.
        self._data_key = (data.sectors, data.products, json.dumps(data.patterns, sort_keys=True, ensure_ascii=False))
        self._automaton = ahocorasick.Automaton()  # the lexicon's scan: every term of the text in one pass, in C
        for t in self.terms:
            if len(t) >= 2:
                self._automaton.add_word(t, len(t))
        if len(self._automaton):
            self._automaton.make_automaton()
        w = data.words
        self.strong_heads, self.weak_heads, self.blocking_heads = w("strong_heads"), w("weak_heads"), w("blocking_heads")
        self.blocking_starts, self.triggers, self.verb_prefixes = w("blocking_head_starts"), w("triggers"), w("verb_prefixes")
        self.place_prefixes, self.modifiers, self.suffixes = w("place_prefixes"), w("modifiers"), w("industry_suffixes")
        self.park_suffixes, self.after_stop, self.bad_item_suffixes = w("park_suffixes"), w("after_industry_stop"), w("item_bad_suffixes")
        self.generic, self.generic_parts = frozenset(data.patterns["generic"]), w("generic_parts")
        self.term_stop = w("term_stop")
        words = sorted(set(w("boundaries") + self.verb_prefixes + self.triggers), key=len, reverse=True)
        goods = sorted((t for t in data.products if len(t) >= 2 and t not in data.sectors), key=len, reverse=True)
        self._goods_rx = re.compile(f"(?P<goods>{'|'.join(map(re.escape, goods))})" if goods else r"(?!x)x")
        self.boundary = re.compile("|".join(map(re.escape, words))
                                   + r"|(?:\d+|[一二两三四五六七八九十]+)[个家项类种批名条座所年]|[^\u3400-\u9fff]")

    # ---- the three rules -------------------------------------------------------------
    def find(self, text: str) -> list[Found]:
        found: list[Found] = (self._lexicon(text) + self._headed(text) + self._clusters(text) + self._parks(text)
                              + self._county_specialties(text) + self._industries_of(text) + self._goods_at_work(text))
        blocked: list[tuple[int, int]] = []
        for en in self.enumerations(text):
            items, block = self._lists(en)
            found += items
            blocked += block
        # Names listed before a head that says they are something else (等技术, 等机构) are not industries there.
        found = [f for f in found if f.rule == "list" or not any(s <= f.start and f.end <= e for s, e in blocked)]
        found = [f for f in found if not _place_with_head(text[f.start : f.end]) and not _sector_figure(text, f)]
        return _after_places(text, _resolve(found))

    def _lexicon(self, text: str) -> list[Found]:
        """Known sector names (and product words with a head attached), longest first."""
        longest: dict[int, int] = {}  # start -> end of the longest term there, every start found in one pass
        for last, n in self._automaton.iter(text) if len(self._automaton) else ():
            start = last - n + 1
            longest[start] = max(longest.get(start, 0), last + 1)
        out, i = [], 0
        for start in sorted(longest):
            if start < i or self._inside_word(text, start):
                continue
            end = longest[start]
            span = self._extend(text, start, end)
            if span is not None:
                # a name with a list separator inside (文化、体育和娱乐业, a classification's section):
                # whole, before a list reader splits it
                rule = "section" if "、" in text[span[0]:span[1]] else "lexicon"
                out.append(Found(span[0], span[1], rule))
            i = end
        return out

    def _term_at(self, text: str, i: int) -> int | None:
        """The end of the longest term (two characters or more) starting at ``i``, or None."""
        for n in self._lengths.get(text[i:i + 2], ()):
            if i + n <= len(text) and text[i:i + n] in self.terms:
                return i + n
        return None

    def _ends_with(self, name: str, words: frozenset[str] | set[str]) -> bool:
        """Does ``name`` end with one of ``words`` of two characters or more?"""
        return any(name[-n:] in words for n in range(2, min(len(name), self.max_len) + 1))

    def _inside_word(self, text: str, i: int) -> bool:
        """Does a boundary word (a verb such as 强化) run across position ``i``?"""
        for k in (1, 2, 3):
            m = self.boundary.match(text, i - k) if i >= k else None
            if m and m.end() > i and len(m.group(0)) > 1:
                return True
        return False

    def _extend(self, text: str, s: int, e: int) -> tuple[int, int] | None:
        """A term grown by attached modifiers and an industry head; None where it is not an industry here."""
        term = text[s:e]
        if _startswith_any(_peek(text, e), 0, self.park_suffixes):
            return None
        suffix = None if term.endswith("经济") else self._suffix_at(text, e, term)
        if suffix is None and (term not in self.sectors or _startswith_any(text, e, self.term_stop)):
            return None
        for _ in range(2):
            mod = _endswith_any(text, s, self.modifiers)
            if not mod:
                break
            s -= len(mod)
        end = e + len(suffix or "")
        if suffix and _startswith_any(_peek(text, end), 0, self.park_suffixes):
            return None
        return s, end

    def _suffix_at(self, text: str, e: int, term: str) -> str | None:
        if term.endswith("业") and text.startswith("集群", e):
            return "集群"  # 先进制造业集群, 现代服务业集群: an industry cluster, written whole
        if term.endswith("产业"):
            return next((suf for suf in ("集群", "链") if text.startswith(suf, e)), None)
        for suf in self.suffixes:
            if not text.startswith(suf, e):
                continue
            if suf == "业" and (term.endswith("业") or term.endswith("产")):
                continue
            after = e + len(suf)
            if suf.endswith("业") and _startswith_any(text, after, self.after_stop):
                continue
            if suf == "产业" and _startswith_any(text, after, ("园", "化", "体系", "结构", "基础", "布局")):
                return None
            return suf
        return None

    def _headed(self, text: str) -> list[Found]:
        """X产业 / X产业集群 / X产业链 where X is not a generic word."""
        out = []
        for m in re.finditer("产业(集群|链)?", text):
            s, e = m.start(), m.end()
            if _startswith_any(_peek(text, s), 0, self.park_suffixes):
                if _startswith_any(text, s, _NAMED_PARKS):
                    out += self._park_industry(text, s)
                continue
            stop = _startswith_any(text, e, self.after_stop)
            if stop and not (stop in _ABOUT_THE_INDUSTRY and self._known_before(text, s)):
                continue  # 产业基金, 产业化: another word; 电子信息产业结构: about a known industry, which stays
            edge, bounded = self._left_edge(text, s, limit=14, bounded=True)
            placed = _after_region(text, self._after_place(text, edge, s), s)
            x_start = self._strip_front(text, placed, s, strip_generic=True)
            whole = edge < placed == x_start and s - x_start <= _PLACED_NAME and _division_ends(text, placed)
            whole = whole or (bounded and edge == x_start and s - x_start <= _BOUNDED_NAME)
            if not whole:
                x_start = self._known_suffix(text, x_start, s)  # else 河北省宠物食品产业: the whole name after a place
            inner = text.rfind("产业", x_start, s)
            if inner >= 0:
                x_start = inner + 2  # 特色产业海水淡化产业 (a heading run into the next): the name after the inner head
            x = text[x_start:s]
            joined = self._joined_left(text, x_start)
            if x in _ALLIED and joined < x_start:
                out.append(Found(joined, e, "head"))  # 装备制造及配套产业: the industry and its suppliers, one name
                continue
            if not self._specific(x) or (s - x_start > 6 and not (bounded or self._known(x))):
                continue
            x_start = joined
            if m.group(1) == "链" and text.startswith("条", e):
                # 牛羊产业链条 names the chain of the 牛羊产业; 奶羊全产业链条 the whole chain of 奶羊
                e = s - 1 if text[s - 1 : s] == "全" else s + 2
            if e - x_start >= 2:
                out.append(Found(x_start, e, "head"))
        return out

    def _goods_at_work(self, text: str) -> list[Found]:
        """A product word without a head where the text makes it an industry: developed (发展旅游),
        farmed, grown or processed (水产生态养殖, 茶叶种植), given its facilities or output (旅游基础设施,
        茶叶产值), or joined into a business form by + (精深加工+旅游). Elsewhere a product is goods.
        """
        out = []
        for m in self._goods_rx.finditer(text):
            s, e = m.span("goods")
            if text[s:e] in self.sectors or self._inside_word(text, s) or _startswith_any(text, e, self.term_stop):
                continue
            trig = _endswith_any(text, s, self.triggers)
            # 大力发展旅游, 。发展旅游: the verb opens the clause or follows an adverb (农业发展银行 is a
            # name), and the goods end there (打造食用菌酵素生产基地 makes something else of them)
            opened = bool(trig) and len(trig) >= 2 and (
                s - len(trig) == 0 or not is_han(text[s - len(trig) - 1]) or bool(_endswith_any(text, s - len(trig), _GOODS_ADVERBS)))
            ends = e == len(text) or not is_han(text[e]) or text[e] in "和及与等的"
            work = _GOODS_AT_WORK.match(text, e)
            joined = bool(out) and out[-1].end + 1 == s and text[s - 1] in "和及与、"  # 发展旅游和物流: the verb's second object
            if work and work.group("act"):
                out.append(Found(s, work.end(), "goods"))  # 肉牛养殖: the farming, named with its goods
            elif work or ((opened or joined or text[max(0, s - 1):s] in ("+", "＋")) and ends):
                out.append(Found(s, e, "goods"))
        return out

    def _clusters(self, text: str) -> list[Found]:
        """A cluster named after a known product or sector without 产业 (蔬菜集群, 优势家禽集群): an
        industry cluster, the guidelines' industry, written as the text writes it."""
        out = []
        for m in _CLUSTER.finditer(text):
            s = m.start()
            k = self._known_suffix(text, max(0, s - 8), s)
            known = any(text[j:s] in self.terms or text[j:s] + "产业" in self.sectors for j in range(k, s - 1))
            if not known or text[k:s] in self.generic:
                continue
            if _endswith_any(text, k, ("优势", "重点")):
                k -= 2  # 优势家禽集群: the modifier the list writes, kept
            if not self._inside_word(text, k):
                out.append(Found(k, m.end(), "head"))
        return out

    def _county_specialties(self, text: str) -> list[Found]:
        """The products in brackets after the counties of a list under an industry (水果产业:华坪县(芒果)、
        昭阳区(苹果); 畜牧业:宣威市(火腿及生猪)): each county's specialty of that industry.

        Only on a line that names an industry before its first county, and only after a division's
        full name, so that 某县(牵头), 各县(市、区) and a county's notes stay what they are.
        """
        out = []
        for ls, le in _lines(text):
            line = text[ls:le]
            if "(" not in line:
                continue
            for m in _SPECIALTY.finditer(line):
                at = ls + m.start()
                if not _division_ends(text, at) or not self._industry_before(line[: m.start()]):
                    continue
                for item in re.finditer(r"[^及和、与]+", m.group(1)):
                    name = item.group(0)
                    if 2 <= len(name) <= 6 and not re.search(_NOT_SPECIALTY, name):
                        out.append(Found(at + 1 + item.start(), at + 1 + item.end(), "list"))
        return out

    def _industries_of(self, text: str) -> list[Found]:
        """X工业 where X is a known sector or product or a metal (乙烯工业, 锰工业, 铝工业): an industry by its
        older name. Not 工业化, 工业园区, 工业企业, 工业用地…, where 工业 opens another word, nor a
        generic X (新型工业, 规上工业)."""
        out = []
        for m in _INDUSTRY_OF.finditer(text):
            s = m.start(1)
            for k in range(s, m.end(1)):  # the longest known name ending before 工业
                x = text[k:m.end(1)]
                if x in self.terms or x in _METALS:
                    out.append(Found(k, m.end(), "head"))
                    break
        return out

    def _industry_before(self, head: str) -> bool:
        """Does the line name an industry before the bracket (水果产业:…, 中药材:…, 肉牛等畜牧业:…)?"""
        cut = head.find(":")
        head = head[:cut] if cut >= 0 else head
        return bool(head) and (head.endswith(("产业", "业", "经济")) or any(head.endswith(t) for t in self.terms))

    def _known_before(self, text: str, s: int) -> bool:
        """Does a known sector or product name end right before ``s`` (电子信息 of 电子信息产业)?"""
        return any(text[k:s] in self.terms for k in range(max(0, s - self.max_len), s - 1))

    def _park_industry(self, text: str, s: int) -> list[Found]:
        """The industry a park is named after: 大健康产业园 -> 大健康, 食品产业基地 -> 食品.

        Only a known sector name counts (a park's name is often a place or a company's:
        泽林南互通产业园, 花湖临空产业园), and the name stops at the longest known one.
        """
        core = s - 2 if text[max(0, s - 2):s] in ("加工", "养殖") else s  # 服装加工产业园: a known product's processing
        x_start = self._known_suffix(text, core - min(core, 10), core)
        x = text[x_start:core]
        if x_start == core - min(core, 10) and x not in self.terms:
            return []  # no known name ends before the park
        if not self._specific(x) or not self._known(x):
            return []
        # the guidelines' reading: 食品产业园 -> 食品, 汽车产业基地 -> 汽车产业
        end = s if _startswith_any(text, s, ("产业园",)) else s + 2
        return [Found(x_start, end, "park")]

    def _parks(self, text: str) -> list[Found]:
        """The known industry a park, base or zone is named after without 产业: 冷链物流基地 -> 冷链物流,
        物流园区 -> 物流, 现代农业示范区 -> 现代农业, 中药材种植基地 -> 中药材, 丝绸加工基地 -> 丝绸加工,
        生猪养殖基地 -> 生猪养殖.

        The guidelines count an industry named inside a park's name as a mention. Only a
        known name counts, ending right before the park word (or a 种植/生产 between):
        a park is as often named after a place or a company (临港园区, 泽林南互通基地).
        """
        out = []
        for m in _PARK_WORD.finditer(text):
            e = m.start()
            if text[max(0, e - 2):e] == "产业":
                continue  # 产业园, 产业基地: the head rule reads those
            # 丝绸加工基地, 生猪养殖基地: a known product's processing or farming names the industry
            # (丝绸加工, 生猪养殖, as 水产养殖 is one), the word kept
            whole = any(text[j:e] in self.terms for j in range(max(0, e - 10), e - 1))  # 农产品加工园区
            core = e - 2 if text[max(0, e - 2):e] in ("加工", "养殖") and not whole else e
            k = self._known_suffix(text, max(0, core - 10), core)
            x = text[k:core]
            known = any(text[j:core] in self.terms for j in range(k, core - 1))
            if known and self._specific(x) and not self._inside_word(text, k):
                out.append(Found(k, e, "park"))
            elif not known and (g := self._goods_before(text, e)) is not None:
                out.append(Found(g, e, "park"))
            elif not known and m.group(0).endswith("基地") and _LAND_AREA.match(text, m.end()):
                if (g := self._produce_before(text, e)) is not None:
                    out.append(Found(g, e, "park"))
        return out

    def _produce_before(self, text: str, e: int) -> int | None:
        """Where the produce a farming base is named after starts (改造干果基地1万亩 -> 干果): two or
        three characters right after a verb or a clause's start, so a place's name is never taken."""
        for n in (2, 3):
            s = e - n
            if s < 0 or not _HAN.match(text[s:e]) or text[s:e] in self.generic or _is_place(text[s:e]):
                continue
            if s == 0 or not is_han(text[s - 1]) or any(m.end() == s for m in self.boundary.finditer(text, max(0, s - 6), s)):
                return s
        return None

    def _goods_before(self, text: str, e: int) -> int | None:
        """Where a kind of goods (…品) that a base is named after starts: 新疆优质针织品基地 -> 针织品,
        优质纯棉纺织品基地 -> 纯棉纺织品; only after a modifier, a province or a clause's start, so
        that a place's or a company's name is never read as the goods."""
        for n in range(3, 6):  # the shortest that a modifier, a province or a clause's start opens
            s = e - n
            name = text[s:e]
            if s < 0 or not name.endswith("品") or not _HAN.match(name):
                continue
            if name[-2:] in _GENERAL_GOODS and _strip_all(name[:-2], self.generic_parts + self.modifiers) == "":
                continue  # 优质产品, 新精品: goods in general
            if self.boundary.match(text, s):
                return None  # 建设农产品: a verb, not the goods' name
            opened = (s == 0 or not is_han(text[s - 1]) or _endswith_any(text, s, self.modifiers)
                      or _division_ends(text, s) or any(m.end() == s for m in self.boundary.finditer(text, max(0, s - 6), s)))
            if opened:
                return s
        return None

    def _known_suffix(self, text: str, s: int, e: int) -> int:
        """Where the longest known name ending at ``e`` (before 产业) starts, with its modifiers; else ``s``."""
        for k in range(s, e - 1):
            x = text[k:e]
            if x in self.terms or x + "产业" in self.sectors:
                while (mod := _endswith_any(text, k, self.modifiers)) and k - len(mod) >= s:
                    k -= len(mod)
                return k
        return s

    def _after_place(self, text: str, s: int, e: int) -> int:
        """Skip a place name written before the name: 衡东县印章产业 -> 印章产业.

        A known name ending at ``e`` is never cut, though a place character stands in it
        (乡村旅游: 村 ends village names): only a place before it is skipped.
        """
        if text[s:e] in self.terms:
            return s
        known = self._known_suffix(text, s, e)
        last = known - 1 if known > s else e - 2
        for i in range(last, s - 1, -1):
            if text[i] in _PLACE_ENDS and text[i + 1] not in "域城块":
                return i + 1
        return s

    def _joined_left(self, text: str, s: int) -> int:
        """Start of "A和B" where a known term A is joined to the name B that starts at ``s``."""
        for j in _JOINERS:
            if text[max(0, s - len(j)):s] == j:
                left = self._left_edge(text, s - len(j), limit=8)
                left = self._after_place(text, left, s - len(j))  # 河北省汽车及零部件产业
                if text[left:s - len(j)] in self.terms:
                    return left
        return s

    @staticmethod
    def _lists(en: Enumeration) -> tuple[list[Found], list[tuple[int, int]]]:
        """Industry items of an enumeration, and the item spans of a list whose head rules it out."""
        if en.kind == "block":
            return [], list(en.items)
        if not en.industries:
            return [], []
        return [Found(s, e, "list") for s, e in en.items], []

    def enumerations(self, text: str) -> list[Enumeration]:
        """Every enumeration "A、B、C等<head>" of the text, with what its head says of the items.

        The industries read them and the projects' company lists read them again: the
        last text's are remembered, so a document's lists are parsed once.
        """
        key = (self._data_key, text)
        if _ENUMERATED.get("key") == key:
            return _ENUMERATED["found"]
        found = [self.enumeration(text, cs, ce) for cs, ce in _clauses(text) if _LIST_SEPARATOR in text[cs:ce]]
        _ENUMERATED.update(key=key, found=found)
        return found

    def enumeration(self, text: str, cs: int, ce: int) -> Enumeration:
        """The enumeration inside the clause ``text[cs:ce]``."""
        parts, pos = [], cs
        for piece in text[cs:ce].split(_LIST_SEPARATOR):
            parts.append((pos, pos + len(piece)))
            pos += len(piece) + 1
        items: list[tuple[int, int]] = []
        first_s = self._left_edge(text, parts[0][1], limit=16, floor=parts[0][0], bounded=False)
        first_s = self._after_place(text, first_s, parts[0][1])
        triggered = self._trigger_before(text, first_s, parts[0][0])
        items.append((first_s, parts[0][1]))
        # the list ends at a piece that closes it (等…) or at one where figures start (蚕桑综合产值分别达100亿元、50亿元)
        end = next((k for k, (s, e) in enumerate(parts) if k and (self._closes_list(text[s:e]) or _FIGURE.search(text, s, e))),
                   len(parts) - 1)
        parts = parts[:end + 1]
        items += parts[1:-1]
        last_s, last_e = parts[-1]
        head, item_end = self._head(text, last_s, last_e)
        items += self._split_last(text, last_s, item_end, parallel=len(items) >= 2 and all(e - s <= 4 for s, e in items))
        items = _after_relative_clause(text, items)
        cleaned = [c for span in items for c in self._clean_item(text, *span)]
        verbs = any(text[s:e].startswith(self.verb_prefixes) for s, e in items[1:])
        valid = [(s, e) for s, e in cleaned if self._valid_item(text[s:e])]
        if verbs and not triggered and head == "none":
            # parallel verb phrases (突破关键技术、发展高新技术产业、带动新兴学科): each object stands alone
            valid = [(s, e) for s, e in valid if self._known(text[s:e])]
            cleaned = valid if len(valid) >= 2 else []
        triggered = triggered or verbs
        known = sum(self._known(text[s:e]) for s, e in valid) / len(valid) if valid else 0.0
        accepted = head != "block" and self._accept(text, head, cleaned, triggered, first_s, cs)
        head_text = text[item_end:last_e]
        return Enumeration(tuple(cleaned if head == "block" else valid), head, head_text, known, accepted)

    # ---- list helpers ----------------------------------------------------------------
    @staticmethod
    def _closes_list(seg: str) -> bool:
        """Does this 、-separated piece end the list (its head follows: 等…, 为重点, 两大…)?"""
        return seg.find("等") > 0 or bool(re.search("为(重点|主导|特色|主|核心|代表)", seg)) or bool(_COUNTED_HEAD.search(seg))

    def _head(self, text: str, s: int, e: int) -> tuple[str, int]:
        """The head after the last item ("等六大主导产业" -> strong) and where the last item ends."""
        seg = text[s:e]
        k = seg.find("等")
        if k > 0 and not seg.startswith("等于", k):
            return self._head_class(seg[k + 1:]), s + k
        if k > 0:
            return "block", s + k
        m = re.search("为(重点|主导|特色|主|核心|代表)", seg)
        if m and m.start() > 0:
            return "weak", s + m.start()
        m = _COUNTED_HEAD.search(seg)
        if m and m.start() > 0:
            return self._head_class(seg[m.start():]), s + m.start()
        end = self._natural_end(text, s, e)
        if _OUTPUT_HEAD.match(text, end):
            return "weak", end  # 茶叶、蚕桑综合产值分别达…: the output of these industries, most items known
        if _CATEGORY_HEAD.match(text, end):
            # 奶羊、苹果、食用菌、中药材特色优势产业提质增效: a category head on the last item, no 等
            return "strong", end
        head = _startswith_any(text, end, _ATTACHED_HEADS)
        if head and (head in _CHAIN_HEADS or not _HAN.match(text[end + len(head) : end + len(head) + 1] or "-")):
            # 茶叶、烟叶、魔芋全产业链,: the head written on the last item only, closing the clause
            # (not 物流产业园, nor A、B产业转型升级, where the head belongs to a longer phrase), or
            # a chain or a cluster, which is no longer phrase's word (肉鸡、肉牛全产业链规划布局)
            return "weak", end
        return "none", end

    def _head_class(self, head: str) -> str:
        """strong / weak / block / none, from the words of the head noun phrase after 等.

        The last head word decides (…产业品牌 is about brands), and any word that names
        something other than industries rules the list out.
        """
        head = _strip_all(_NUMBERISH.sub("", head), self.place_prefixes)
        if head.startswith(_INDUSTRY_HEAD_WORDS):
            return "strong"  # 等产业技术创新, 等行业的监管工作: whatever follows is about these industries
        if head.startswith(self.blocking_starts) or (head[:1] in _PLACE_ENDS and not _HAN.match(head[1:2] or "-")):
            return "block"
        window = head[:14]
        if any(w in window[:10] for w in self.blocking_heads):
            return "block"
        if "的" in window:
            window = window[window.rindex("的") + 1:]
            if any(w in window for w in self.blocking_heads):
                return "block"
        window = window[:10]
        last, kind = -1, "none"
        for words, k in ((self.strong_heads, "strong"), (self.weak_heads, "weak")):
            for w in words:
                i = window.rfind(w)
                if i >= 0 and i + len(w) > last:
                    last, kind = i + len(w), k
        return kind

    def _natural_end(self, text: str, s: int, e: int) -> int:
        """Where an unheaded last item ends: after its known term and head, else the segment if short."""
        i = s + len(_startswith_any(text, s, self.verb_prefixes) or "")
        while i < e:
            mod = _startswith_any(text, i, self.modifiers)
            if not mod:
                break
            i += len(mod)
        best = None
        j = i
        while j < e:
            end = self._term_at(text, j)
            if end is None or end > e:
                break
            suf = self._suffix_at(text, end, text[j:end]) or ""
            best = end + len(suf)
            j = best
        if best is None:
            return e if e - s <= 6 else s
        joiner = _startswith_any(text, best, _JOINERS)
        if joiner and self._known(text[best + len(joiner):e], headed=True):
            return e
        return best

    def _split_last(self, text: str, s: int, e: int, *, parallel: bool = False) -> list[tuple[int, int]]:
        """The last item, split at 和/与/及 where both sides are names (高铁经济和临空经济), not where a
        short word is joined to a name (营养与健康食品). ``parallel``: the items before are short nouns
        (蔬菜、茶叶、干果和木本油料), so short words on both sides are two more of them."""
        seg = text[s:e]
        if seg in self.terms:
            return [(s, e)]  # 批发和零售业: a name with its 和 inside
        for j in _JOINERS:
            k = seg.find(j)
            if k > 1 and len(seg) - k - len(j) >= 2:
                left, right = seg[:k], seg[k + len(j):]
                if ((len(left) >= 3 and len(right) >= 3) or (self._known(left, headed=True) and self._known(right, headed=True))
                        or (parallel and len(left) <= 4 and len(right) <= 4)):
                    return [(s, s + k), (s + k + len(j), e)]
        return [(s, e)]

    def _clean_item(self, text: str, s: int, e: int) -> list[tuple[int, int]]:
        """An item without quotes, a leading verb or place word; "A(B)" gives A and B."""
        out = []
        m = re.search(r"\(([\u3400-\u9fff]{2,8})\)$", text[s:e])
        if m:
            out += self._clean_item(text, s + m.start(1), s + m.end(1))
            e = s + m.start()
        while s < e and text[s] in "“”\"'‘’《》 ":
            s += 1
        while e > s and text[e - 1] in "“”\"'‘’《》 ":
            e -= 1
        s = self._strip_front(text, s, e, strip_generic=False)
        out.insert(0, (s, e))
        return out

    def _strip_front(self, text: str, s: int, e: int, *, strip_generic: bool) -> int:
        words = self.verb_prefixes + self.place_prefixes
        if strip_generic:
            words = words + ("主导", "优势", "重点", "特色", "相关", "传统", "支柱", "首位", "各类", "一批", "其他", "主要")
        while True:
            w = _startswith_any(text, s, words)
            if not w:  # a river basin or belt named before the item: 洛河流域蔬菜, 沿江一带物流
                m = _AREA_PREFIX.match(text, s, e)
                w = m.group(0) if m else None
            if not w or s + len(w) >= e:
                return s
            s += len(w)

    def _valid_item(self, item: str) -> bool:
        if not (2 <= len(item) <= 12) or not _HAN.match(item):
            return False
        if item in self.generic or item.endswith(self.bad_item_suffixes):
            return False
        return not any(w in item for w in ("的", "是", "了", "在", "产业园"))

    def _accept(self, text: str, head: str, items: list[tuple[int, int]], triggered: bool, first_s: int, cs: int) -> bool:
        names = [text[s:e] for s, e in items if self._valid_item(text[s:e])]
        if len(names) < 2 or head == "block":
            return False
        if head == "strong":
            return True
        known = sum(self._known(n) for n in names) / len(names)
        if head == "weak":
            return known >= 0.5
        return (triggered and known >= 0.5) or self._industry_subject(text, first_s, cs)

    def _industry_subject(self, text: str, first_s: int, cs: int) -> bool:
        """An industry named as subject right before the trigger: "装备制造产业集群重点发展A、B、C"."""
        before = re.sub(r"\s+", "", text[cs:first_s])
        m = re.search("(产业集群|产业链|产业)(重点|主要|着力|要)?(发展|加强|推动|改造提升|打造)(重点)?$", before)
        if not m:
            return False
        # the subject is a named industry (装备制造产业集群), not 产业 after a verb (投向产业发展)
        name = before[: m.start()]
        return self._ends_with(name, self.terms)

    def _trigger_before(self, text: str, s: int, floor: int) -> bool:
        before = text[max(floor, s - 6):s]
        return any(before.endswith(t) for t in self.triggers)

    def _left_edge(self, text: str, e: int, *, limit: int, floor: int = 0, bounded: bool = False):
        """Start of the name that ends at ``e``: just after the last boundary word within ``limit`` characters.

        With ``bounded``, also says whether a boundary (rather than the limit) set the start.
        """
        lo = max(floor, e - limit)
        start, found = lo, lo == floor
        for m in self.boundary.finditer(text, max(0, lo - 1), e):
            if m.end() >= lo:
                start, found = max(start, m.end()), True
        if not found:
            # No boundary close enough: take a known term ending at e, if any.
            for n in range(min(self.max_len, e - lo), 1, -1):
                if text[e - n:e] in self.terms:
                    start = e - n
                    break
        return (start, found) if bounded else start

    def _known(self, name: str, *, headed: bool = False) -> bool:
        """Is ``name`` a lexicon word, maybe with modifiers before it and an industry head after it.

        With ``headed``, any name that ends with an industry head (…经济, …产业) counts too.
        """
        if headed and len(name) > 2 and name.endswith(("经济", "产业", "产业集群", "业")):
            return True
        if name in self.terms:
            return True  # 现代农业 is a sector, though 现代 also modifies other names
        name = _strip_all(name, self.modifiers)
        if name in self.terms:
            return True
        for suf in self.suffixes + ("经济",):
            if name.endswith(suf) and name[: -len(suf)] in self.terms:
                return True
        return self._ends_with(name, self.sectors)

    def _specific(self, x: str) -> bool:
        """Is ``x`` (what stands before 产业) a name rather than a generic word?"""
        if len(x) == 1 and x in self.terms:
            return True  # 茶产业, 竹产业: a one-character product with the head attached
        if not (2 <= len(x) <= 12) or not _HAN.match(x) or _PLACE_WORD.search(x):
            return False
        if x in self.generic or x + "产业" in self.generic or _NUMBERISH.search(x) or any(c in x for c in "级亿万千"):
            return False
        if _NOT_A_NAME.search(x):
            return False
        if "经济" in x or x.endswith(self.generic_parts) or x.endswith(_UNIT_ENDINGS):
            return False  # …政府产业投资基金: a unit's fund, not an industry
        return len(_strip_all(x, self.generic_parts)) >= 2


# Before 产业, no name: a reduplicated measure (一幕幕产业兴旺), people (脱贫户产业奖补).
_NOT_A_NAME = re.compile(r"^一(.)\1$|户$")
_PLACE_HEADS = ("产业集群", "产业链", "产业", "经济")
_BOUNDED_NAME = 3  # 做大茧丝绸产业: a name this short between a boundary word and 产业 is whole
# Words after X产业 that say something about that industry rather than make another word of it.
_ABOUT_THE_INDUSTRY = frozenset({"结构", "布局", "基础", "政策", "规划", "空间", "集中度"})
_PLACED_NAME = 4  # 河北省宠物食品产业: a name this short right after a place is the industry's whole name
_AREA_PREFIX = re.compile(r"[\u4e00-\u9fff]{1,4}?(?:流域|沿线|沿岸|一带|片区)")
# Parks named after their industry (食品产业园, 汽车产业基地); a 产业集聚区 or 产业示范区 is a zone.
_NAMED_PARKS = ("产业园", "产业基地", "产业示范基地", "产业示范区", "产业示范园")
# Words naming a park, base or zone after the industry it is named for (see _Finder._parks).
_ALLIED = ("配套", "相关", "关联", "上下游")  # 产业 of what serves a named industry: A及配套产业
# What makes a product word an industry right after it: its farming, growing, processing, facilities, output.
_GOODS_AT_WORK = re.compile(r"(?P<act>养殖|种植|种养)|(?:生态|规模化|标准化)(?:养殖|种植|种养)|加工|基础设施")
_GOODS_ADVERBS = ("大力", "积极", "着力", "加快", "重点", "全力", "进一步", "稳步", "持续", "不断", "要", "将", "并", "和", "及", "与")
_CLUSTER = re.compile(r"(?<!产业)(?<!企业)(?<!产品)集群(?!化)")
_PARK_WORD = re.compile(r"(?<=[\u4e00-\u9fff])(?:种植|生产|种源|繁育|育种|良种繁育)?(?:示范基地|示范园区|示范园|示范区|园区|工业园|基地|集聚区|园)")
# A base measured in land right after its name (干果基地1万亩, 茶叶基地5000亩): a farming base of that produce.
_LAND_AREA = re.compile(r"\s*(?:\d+(?:\.\d+)?|[一二两三四五六七八九十百千]+)\s*(?:万|千)?(?:亩|公顷)")
_UNIT_ENDINGS = ("政府", "局", "委", "办", "厅", "部门", "单位")
# An industry head written on the last item of a list without 等 (A、B、C全产业链): the items
# are industries where most are known sector words, as after a weak head.
_ATTACHED_HEADS = ("全产业链", "产业链", "产业集群", "产业", "行业")
_FIGURE = re.compile(r"\d+(?:\.\d+)?\s*(?:亿|万|千|百|%|个|家|项|元|吨|亩|人|户|倍|公里|平方米)")  # not 5G
# The output value of the listed industries, written on the last item (茶叶、蚕桑综合产值).
_OUTPUT_HEAD = re.compile(r"(?:综合|总|全产业链|产业)?产值")
# Attached heads that make a list of industries whatever follows them (肉鸡、肉牛全产业链规划布局).
_CHAIN_HEADS = ("全产业链", "产业链", "产业集群")
# A category head written on a list's last item without 等 (…、中药材特色优势产业): generic qualifiers then 产业.
_CATEGORY_HEAD = re.compile(r"(?:特色|优势|主导|重点|支柱|传统|新兴|战略性新兴|富民|现代|绿色){1,3}(?:产业|行业)")
# Head words right after 等 that make the items industries whatever words follow them.
_INDUSTRY_HEAD_WORDS = ("产业", "行业", "制造业", "服务业")


_INDUSTRY_OF = re.compile(r"([\u4e00-\u9fff]{1,6})工业(?![化园区用企品总固副产经增投发])")
_METALS = frozenset("铝锰铜锌铅镁钛锂硅钨钼锡镍钴")


# A bracket right after a place: its content, a product where _county_specialties says so.
_SPECIALTY = re.compile(r"\(([\u4e00-\u9fff]{2,12})\)")
# What a bracket after a county holds when it is no product: a role, a note, more places.
_NOT_SPECIALTY = r"牵头|负责|配合|含|不含|包括|试点|示范|以下|简称|[县市区镇乡旗州]$|^[县市区镇乡旗州]"


def _lines(text: str) -> list[tuple[int, int]]:
    out, pos = [], 0
    for line in text.split("\n"):
        out.append((pos, pos + len(line)))
        pos += len(line) + 1
    return out


# Words for goods in general, not a kind of goods: 产品基地, 商品基地, 精品基地.
_GENERAL_GOODS = ("产品", "商品", "精品", "用品", "样品", "作品", "礼品", "物品", "名品", "新品")


def _division_ends(text: str, i: int) -> bool:
    """Does a division's full name (河北省, 南和县) or a province's short one (黑龙江) end at ``i``?
    (贫困地区, 广州 do not count.)"""
    from kg.nlp.gazetteer import divisions_in_name

    window = text[max(0, i - 12):i]
    return any(m.end == len(window) and (m.form == "full" or _is_province(m)) for m in divisions_in_name(window))


def _is_province(m) -> bool:
    return bool(m.candidates) and all(d.level == "province" for d in m.candidates)


def _after_region(text: str, s: int, e: int) -> int:
    """Past a province named by its short name at the front of an industry's name (黑龙江鲜食玉米
    产业集群 -> 鲜食玉米产业集群): the province is where, not what."""
    from kg.nlp.gazetteer import divisions_in_name

    ends = [m.end for m in divisions_in_name(text[s:e]) if m.end <= e - s - 2 and _is_province(m)]
    return s + max(ends) if ends else s


def _sector_figure(text: str, f: Found) -> bool:
    """第三产业占比, 第一产业增加值: the statistics' share of a sector, which the text reports, not an
    industry it promotes (做优第三产业)."""
    return bool(_THREE_SECTORS.search(text, f.start, f.end) and _SECTOR_FIGURES.match(text, f.end))


_THREE_SECTORS = re.compile(r"第[一二三]产业$")
_SECTOR_FIGURES = re.compile(r"增加值|占比|比重|占|产值|结构|比例|投资|增长|对")


def _is_place(name: str) -> bool:
    """Is ``name`` a division's name, full or bare (通江, 通江县)?"""
    from kg.nlp.gazetteer import lookup

    return bool(lookup(name))


def _after_places(text: str, found: list[Found]) -> list[Found]:
    """Industries written after the county they are known by (清河羊绒, 潜江小龙虾): the industry is
    the goods (羊绒, 小龙虾), the county only says where. In a list of such names, an item opening
    with a place too small for the division table (白沟箱包, a town) is read the same way.

    The goods keep at least two characters: 龙井茶 and 普洱茶 are names of their own.
    """
    cut = {i: _bare_county_len(text[f.start : f.end]) for i, f in enumerate(found)}
    placed = [i for i, n in cut.items() if n]
    if not placed:
        return found
    out = []
    for i, f in enumerate(found):
        n = cut[i] or (2 if _in_placed_list(text, found, i, set(placed)) else 0)
        out.append(Found(f.start + n, f.end, f.rule) if n and len(_goods(text[f.start + n : f.end])) >= 2 else f)
    return out


def _goods(name: str) -> str:
    """An industry's name without its head: 茶 of 茶产业."""
    return re.sub(r"(?:产业集群|产业链|产业|行业|集群)$", "", name)


def _bare_county_len(name: str) -> int:
    """The length of a county's or city's bare name opening ``name`` (清河 of 清河羊绒), else 0."""
    from kg.nlp.gazetteer import lookup

    for n in (3, 2):
        if len(_goods(name[n:])) >= 2 and any(d.bare == name[:n] and d.level in ("county", "prefecture") for d in lookup(name[:n])):
            return n
    return 0


def _in_placed_list(text: str, found: list[Found], i: int, placed: set[int]) -> bool:
    """Is item ``i`` in a 、-list of industries at least two of whose items open with a county?"""
    run = [i]
    for step in (-1, 1):
        j = i
        while 0 <= j + step < len(found):
            a, b = (found[j], found[j + step]) if step > 0 else (found[j + step], found[j])
            if text[a.end : b.start] not in ("、", ","):
                break
            j += step
            run.append(j)
    return len(placed.intersection(run)) >= 2 and len(text[found[i].start : found[i].end]) >= 4


def _place_with_head(name: str) -> bool:
    """A place name with an industry head (汉川产业, 武汉经济) names a place's economy, not an industry."""
    for head in _PLACE_HEADS:
        if name.endswith(head) and len(name) > len(head):
            return _is_place(name[: -len(head)])
    return False


def _clauses(text: str) -> list[tuple[int, int]]:
    """Clause spans: cut at punctuation, and at line breaks unless a long line breaks mid-sentence."""
    out, start = [], 0
    for m in _CLAUSE_END.finditer(text):
        if m.group(0)[0] == "\n" and _soft_break(text, m.start(), m.end()):
            continue
        out.append((start, m.start()))
        start = m.end()
    out.append((start, len(text)))
    return [(s, e) for s, e in out if e > s]


def _soft_break(text: str, s: int, e: int) -> bool:
    """A line break inside a sentence (a wrapped line): Han characters on both sides of a long line."""
    line_start = text.rfind("\n", 0, s) + 1
    return (s - line_start >= 20 and 0 < s and e < len(text)
            and bool(_HAN.match(text[s - 1])) and bool(_HAN.match(text[e])))


def _after_relative_clause(text: str, items: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Drop what a 的 clause swallowed: "符合本地实际、资源可承载的A、B" -> A, B."""
    for k in range(len(items) - 1, -1, -1):
        s, e = items[k]
        i = text.rfind("的", s, e)
        if i >= 0:
            return [(i + 1, e)] + items[k + 1:]
    return items


def _peek(text: str, i: int, n: int = 8) -> str:
    """The next ``n`` characters after ``i``, line breaks and spaces skipped (for words wrapped across lines)."""
    out = []
    while i < len(text) and len(out) < n:
        if not text[i].isspace():
            out.append(text[i])
        i += 1
    return "".join(out)


def _strip_all(name: str, words: tuple[str, ...]) -> str:
    while True:
        w = _startswith_any(name, 0, words)
        if not w:
            return name
        name = name[len(w):]


def _startswith_any(text: str, i: int, words: Iterable[str]) -> str | None:
    """The first of ``words``, in their order, that ``text`` has at ``i`` (one regex match, not a loop)."""
    m = _alternation(tuple(words)).match(text, i)
    return m.group(0) if m else None


@lru_cache(maxsize=256)
def _alternation(words: tuple[str, ...]) -> re.Pattern[str]:
    """A regex of literal alternatives tried in the order given, as the loop they replace tried them."""
    return re.compile("|".join(map(re.escape, words)) if words else r"(?!)")


def _endswith_any(text: str, e: int, words: Iterable[str]) -> str | None:
    for w in words:
        if e >= len(w) and text[e - len(w):e] == w:
            return w
    return None


def _resolve(found: list[Found]) -> list[Found]:
    """Non-overlapping spans: higher rule priority first, then longer."""
    ranked = sorted(set(found), key=lambda f: (-_PRIORITY[f.rule], -(f.end - f.start), f.start))
    taken: list[Found] = []
    occupied = bytearray(max((f.end for f in ranked), default=0))  # linear, not pairwise
    for f in ranked:
        if not any(occupied[f.start : f.end]):
            occupied[f.start : f.end] = b"\x01" * (f.end - f.start)
            taken.append(f)
    return sorted(taken, key=lambda f: f.start)


class IndustryRecognizer:
    """spaCy component: adds ``Industry`` mentions found by :func:`find_industries`.

    The data (lexicons and context words) is read in :meth:`initialize` from
    ``kg/data/industries`` unless another folder is given, and travels with the
    pipeline through :meth:`to_disk` / :meth:`from_disk`.
    """

    def __init__(self, nlp: Language, name: str = "policykg_industries", *, label: str = LABEL) -> None:
        self.name = name
        self.label = label
        self.data: IndustryData | None = None

    def initialize(self, get_examples: Callable[[], Iterable[Any]] | None = None, *, nlp: Language | None = None,
                   data_dir: str | None = None) -> None:
        """Load the pattern data (``data_dir``, default the package's own)."""
        self.data = IndustryData.load(data_dir or DATA_DIR)

    def __call__(self, doc: Doc) -> Doc:
        if self.data is None:
            self.initialize()
        for f in self.data.matcher.find(doc.text):
            add_mention(doc, f.start, f.end, self.label, source=SOURCE, rule=f.rule)
        return doc

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        if self.data is None:
            self.initialize()
        self.data.save(path)

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> "IndustryRecognizer":
        self.data = IndustryData.load(path)
        return self


@Language.factory("policykg_industries", default_config={"label": LABEL})
def make_industries(nlp: Language, name: str, label: str) -> IndustryRecognizer:
    """Factory of the pattern-based industry recognizer."""
    return IndustryRecognizer(nlp, name, label=label)
