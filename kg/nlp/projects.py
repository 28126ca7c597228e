"""Project and Enterprise mentions found by patterns: the "policykg_projects" spaCy component.

Favours precision: only names with something specific in them count.

* **Project**: a named programme in quotes (长江大保护“双十工程”), and a park or base
  whose name has more than generic words in it (中新开维食品产业园, but not 现代农业产业园
  or 各类创业园);
* **Enterprise**: a company named with its legal suffix (韶能集团, 某某有限公司) that is
  not a government unit (区城投公司 acting as a unit is a Department), and the items of a
  list of companies (围绕鄂城钢铁、欧冶链金等链主企业) whose items are not industries.

Like :mod:`kg.nlp.industries` it reads characters and writes character offsets into
``doc.text``, so it works with any tokenizer.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any, Callable, Iterable

from spacy.language import Language
from spacy.tokens import Doc

from kg.nlp.industries import DATA_DIR, IndustryData
from kg.nlp.mentions import add_mention

__all__ = ["ProjectData", "ProjectRecognizer", "find_projects", "make_projects"]

SOURCE = "policykg_projects"
_KEYS = ("park_types", "project_heads", "enterprise_suffixes", "enterprise_list_heads", "unit_words", "generic")
_QUOTED = re.compile("“([^“”\n]{2,15})”")
_HAN = re.compile(r"^[\u3400-\u9fff]+$")


@dataclass
class ProjectData:
    """The word lists of the project patterns, plus the industry data whose lexicon and
    boundary words tell a generic park (现代农业产业园) from a named one."""

    words: dict[str, Any]
    industries: IndustryData

    @classmethod
    def load(cls, path: str | Path = DATA_DIR) -> "ProjectData":
        """Read ``projects.json`` (and the industry data) from a folder; errors name the file."""
        file = Path(path) / "projects.json"
        if not file.is_file():
            raise FileNotFoundError(f"{file}: project pattern file not found")
        try:
            words = json.loads(file.read_text(encoding="utf-8"))
        except json.JSONDecodeError as e:
            raise ValueError(f"{file}: not valid JSON ({e.msg}, line {e.lineno})") from None
        missing = [k for k in _KEYS if not isinstance(words.get(k), list)]
        if missing:
            raise ValueError(f"{file}: missing word lists {', '.join(missing)}")
        return cls(words, IndustryData.load(path))

    def save(self, path: str | Path) -> None:
        """Write ``projects.json`` and the industry data to a folder (the inverse of :meth:`load`)."""
        self.industries.save(path)
        (Path(path) / "projects.json").write_text(json.dumps(self.words, ensure_ascii=False, indent=1), encoding="utf-8")

    def list_of(self, key: str) -> tuple[str, ...]:
        return tuple(sorted(self.words[key], key=len, reverse=True))

    @cached_property
    def finder(self) -> "_ProjectFinder":
        return _ProjectFinder(self)


def find_projects(text: str, data: ProjectData | None = None) -> list[tuple[int, int, str]]:
    """``(start, end, label)`` of Project and Enterprise names in ``text`` (simplified characters).

    >>> text = "围绕鄂城钢铁、欧冶链金等链主企业,推进“三乡工程”,建设中新开维食品产业园"
    >>> [(text[s:e], label) for s, e, label in find_projects(text)]
    [('鄂城钢铁', 'Enterprise'), ('欧冶链金', 'Enterprise'), ('三乡工程', 'Project'), ('中新开维食品产业园', 'Project')]
    """
    global _DEFAULT
    if data is None:
        _DEFAULT = _DEFAULT or ProjectData.load(DATA_DIR)
        data = _DEFAULT
    return data.finder.find(text)


_DEFAULT: ProjectData | None = None


class _ProjectFinder:
    def __init__(self, data: ProjectData) -> None:
        self.ind = data.industries.matcher
        self.parks = data.list_of("park_types")
        self.project_heads = data.list_of("project_heads")
        self.company = data.list_of("enterprise_suffixes")
        self.company_lists = data.list_of("enterprise_list_heads")
        self.unit_words = data.list_of("unit_words")
        self.generic = data.list_of("generic")
        self.park_re = re.compile("|".join(map(re.escape, self.parks)))
        self.company_re = re.compile("(" + "|".join(map(re.escape, self.company)) + ")(?!化)")

    def find(self, text: str) -> list[tuple[int, int, str]]:
        found = self._quoted(text) + self._parks(text) + self._companies(text) + self._company_lists(text)
        out: list[tuple[int, int, str]] = []
        for s, e, label in sorted(set(found), key=lambda f: (-(f[1] - f[0]), f[0])):
            if all(e <= a or b <= s for a, b, _ in out):
                out.append((s, e, label))
        return sorted(out)

    def _quoted(self, text: str) -> list[tuple[int, int, str]]:
        """“X工程” / “X计划”: a named programme."""
        return [(m.start(1), m.end(1), "Project") for m in _QUOTED.finditer(text)
                if m.group(1).endswith(self.project_heads) and len(m.group(1)) >= 4]

    def _parks(self, text: str) -> list[tuple[int, int, str]]:
        out = []
        for m in self.park_re.finditer(text):
            s = self._name_start(text, m.start(), limit=12)
            if s is not None:
                out.append((s, m.end(), "Project"))
        return out

    def _companies(self, text: str) -> list[tuple[int, int, str]]:
        out = []
        for m in self.company_re.finditer(text):
            s = self._name_start(text, m.start(), limit=10)
            if s is not None and not any(w in text[s:m.start()] for w in self.unit_words):
                out.append((s, m.end(), "Enterprise"))
        return out

    def _company_lists(self, text: str) -> list[tuple[int, int, str]]:
        """Items of "A、B等链主企业" where the items are not industries."""
        out = []
        for en in self.ind.enumerations(text):
            head = en.head.lstrip("等")
            if en.industries or en.known >= 0.5 or not head.startswith(self.company_lists):
                continue
            out += [(s, e, "Enterprise") for s, e in en.items
                    if len(text[s:e]) <= 8 and self._specific(text[s:e]) and not self.ind.boundary.search(text, s, e)]
        return out

    def _name_start(self, text: str, e: int, *, limit: int) -> int | None:
        """Start of a specific name ending at ``e`` (before a park type or company suffix), else None."""
        s = self.ind._left_edge(text, e, limit=limit)
        while s < e and text[s] in "“”\"《":
            s += 1
        s = _from_place(text, s, e)
        name = text[s:e]
        return s if self._specific(name) else None

    def _specific(self, name: str) -> bool:
        """Has ``name`` something more than generic words and sector names in it?"""
        if not (2 <= len(name) <= 14) or not _HAN.match(name):
            return False
        rest, i = [], 0
        while i < len(name):
            w = next((w for w in self.generic if name.startswith(w, i)), None)
            end = self.ind._term_at(name, i) if w is None else i + len(w)
            if end is None:
                rest.append(name[i])
                i += 1
            else:
                i = end
        return len(rest) >= 2


def _from_place(text: str, s: int, e: int) -> int:
    """A park's or company's name opens with its place where it names one (名单的有宝清县现代农业产业园 ->
    宝清县现代农业产业园): what the boundary words left before the place is running text."""
    from kg.nlp.gazetteer import divisions_in_name

    full = [m for m in divisions_in_name(text[s:e]) if m.form == "full" and 0 < m.start <= 2]
    return s + full[0].start if full else s


class ProjectRecognizer:
    """spaCy component: adds ``Project`` and ``Enterprise`` mentions found by :func:`find_projects`.

    Data comes from ``kg/data/industries`` in :meth:`initialize` (or another folder) and
    travels with the pipeline through :meth:`to_disk` / :meth:`from_disk`.
    """

    def __init__(self, nlp: Language, name: str = "policykg_projects") -> None:
        self.name = name
        self.data: ProjectData | None = None

    def initialize(self, get_examples: Callable[[], Iterable[Any]] | None = None, *, nlp: Language | None = None,
                   data_dir: str | None = None) -> None:
        """Load the pattern data (``data_dir``, default the package's own)."""
        self.data = ProjectData.load(data_dir or DATA_DIR)

    def __call__(self, doc: Doc) -> Doc:
        if self.data is None:
            self.initialize()
        for s, e, label in self.data.finder.find(doc.text):
            add_mention(doc, s, e, label, source=SOURCE)
        return doc

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        if self.data is None:
            self.initialize()
        self.data.save(path)

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> "ProjectRecognizer":
        self.data = ProjectData.load(path)
        return self


@Language.factory("policykg_projects", default_config={})
def make_projects(nlp: Language, name: str) -> ProjectRecognizer:
    """Factory of the pattern-based project and enterprise recognizer."""
    return ProjectRecognizer(nlp, name)
