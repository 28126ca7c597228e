"""Score extraction output against gold annotations (``policykg eval``).

Follows the matching rules of the gold guidelines: names compare after converting
to simplified characters and dropping whitespace, punctuation and inserted pinyin
readings; entities score as per-document sets of distinct mentions; a predicted
(task, unit, role) triple is correct when the unit matches a gold unit of that role
and the task titles match (after dropping numbering and punctuation, one contains
the other or they are at least 60% alike). Figures are micro-averaged over documents.
"""
from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from pathlib import Path
from typing import Any

import kg.schema as _schema
from kg.text.clean import PINYIN
from kg.text.script import to_simplified

__all__ = ["Score", "Report", "evaluate", "score_document", "norm_name", "norm_title", "titles_match"]

ENTITY_LABELS = _schema.load().scored_labels  # what the gold files annotate
ROLES = {"LEADS": "lead", "RESPONSIBLE_FOR": "responsible"}
# What the guidelines treat as punctuation when comparing names.
_PUNCT = re.compile(r"[\s\u3000,，、;；:：.。()（）\[\]【】“”\"'《》<>〈〉·\-—]+")
_NUMBERING = re.compile(
    r"^\s*(?:第[一二三四五六七八九十百]+[章节条]|[（(]?[一二三四五六七八九十百]+[)）、.．]|[（(]?\d+[)）、.．]|\d+\.)\s*"
)


def norm_name(s: str | None) -> str:
    """Comparable form of a name: simplified, no pinyin readings, no whitespace or punctuation."""
    return _PUNCT.sub("", to_simplified(PINYIN.sub("", s or "")))


def norm_title(s: str | None) -> str:
    """Comparable form of a task title: as :func:`norm_name`, after dropping leading numbering."""
    s = to_simplified(PINYIN.sub("", s or "")).strip()
    prev = None
    while prev != s:
        prev, s = s, _NUMBERING.sub("", s)
    return _PUNCT.sub("", s)


def titles_match(a: str, b: str) -> bool:
    a, b = norm_title(a), norm_title(b)
    return bool(a and b) and (a in b or b in a or SequenceMatcher(None, a, b).ratio() >= 0.6)


@dataclass
class Score:
    tp: int = 0
    pred: int = 0
    gold: int = 0

    def add(self, tp: int, pred: int, gold: int) -> None:
        self.tp += tp
        self.pred += pred
        self.gold += gold

    @property
    def p(self) -> float:
        return self.tp / self.pred if self.pred else (1.0 if self.gold == 0 else 0.0)

    @property
    def r(self) -> float:
        return self.tp / self.gold if self.gold else (1.0 if self.pred == 0 else 0.0)

    @property
    def f1(self) -> float:
        return 2 * self.p * self.r / (self.p + self.r) if self.p + self.r else 0.0


@dataclass
class Report:
    scores: dict[str, Score] = field(default_factory=dict)
    details: list[str] = field(default_factory=list)  # misses and extras, one line each
    errors: list[str] = field(default_factory=list)
    relations_without_tasks: int = 0  # unit relations on documents whose gold has no tasks
    per_document: dict[str, dict[str, Score]] = field(default_factory=dict)

    def rows(self) -> list[dict[str, Any]]:
        return [
            {"label": k, "p": round(s.p, 3), "r": round(s.r, 3), "f1": round(s.f1, 3), "tp": s.tp, "pred": s.pred, "gold": s.gold}
            for k, s in self.scores.items()
        ]


def _predicted_triples(result: dict[str, Any]) -> list[tuple[str, str, str]]:
    ents = {e["id"]: e for e in result.get("entities", []) if "id" in e}
    out = set()
    for r in result.get("relations", []):
        role = ROLES.get(r.get("type"))
        unit, task = ents.get(r.get("source")), ents.get(r.get("target"))
        if role and unit and task:
            out.add((task.get("text") or task.get("name"), norm_name(unit.get("text") or unit.get("name")), role))
    return sorted(out)


def _gold_triples(gold: dict[str, Any]) -> list[tuple[str, str, str]]:
    return sorted({(t["task"], norm_name(u), role) for t in gold.get("tasks", []) for role in ("lead", "responsible") for u in t.get(role, [])})


def _match(pred: list[tuple[str, str, str]], gold: list[tuple[str, str, str]]) -> tuple[int, list, list]:
    """Greedy one-to-one matching in sorted order; returns (tp, unmatched pred, unmatched gold)."""
    used: set[int] = set()
    extra = []
    for pt, pu, pr in pred:
        hit = next((i for i, (gt, gu, gr) in enumerate(gold) if i not in used and (gu, gr) == (pu, pr) and titles_match(pt, gt)), None)
        if hit is None:
            extra.append((pt, pu, pr))
        else:
            used.add(hit)
    return len(used), extra, [g for i, g in enumerate(gold) if i not in used]


def score_document(result: dict[str, Any], gold: dict[str, Any], *, labels: Iterable[str] = ENTITY_LABELS) -> tuple[dict[str, Score], list[str]]:
    """Scores of one document's extraction result (the contract object) against its gold annotation."""
    name = gold.get("document", "?")
    scores: dict[str, Score] = {}
    details: list[str] = []
    predicted: dict[str, set[str]] = {}
    for e in result.get("entities", []):
        predicted.setdefault(e.get("label"), set()).add(norm_name(e.get("text") or e.get("name")))
    for lab in labels:
        g = {norm_name(x) for x in gold.get("entities", {}).get(lab, [])}
        p = predicted.get(lab, set())
        scores[lab] = Score(len(g & p), len(p), len(g))
        if g != p:
            details.append(f"{name} {lab}: missed={sorted(g - p)} extra={sorted(p - g)}")
    pred, gtrip = _predicted_triples(result), _gold_triples(gold)
    units = Score()
    for role in ("lead", "responsible"):
        pr = [t for t in pred if t[2] == role]
        gr = [t for t in gtrip if t[2] == role]
        tp, extra, missed = _match(pr, gr)
        scores[role] = Score(tp, len(pr), len(gr))
        units.add(tp, len(pr), len(gr))
        if extra or missed:
            details.append(f"{name} {role}: missed={[(t, u) for t, u, _ in missed]} extra={[(t, u) for t, u, _ in extra]}")
    scores["units"] = units
    if gold.get("targets"):  # scored only where the document's targets are annotated
        tp, missed, extra = _match_targets(result, gold["targets"])
        scores["targets"] = Score(tp, tp + len(extra), tp + len(missed))
        if missed or extra:
            details.append(f"{name} targets: missed={missed} extra={extra}")
    return scores, details


def _match_targets(result: dict[str, Any], gold: list[dict[str, Any]]) -> tuple[int, list[str], list[str]]:
    """A predicted target matches a gold one with the same value and unit whose texts match like task titles.

    Gold targets are goals, so reviewed results (``kind: result``) are not scored.
    """
    pred = [e for e in result.get("entities", []) if e.get("label") == "Target" and e.get("kind", "goal") == "goal"]
    used: set[int] = set()
    extra = []
    for p in pred:
        hit = next(
            (i for i, g in enumerate(gold) if i not in used and _same_value(p, g) and titles_match(p.get("text") or "", g.get("text") or "")),
            None,
        )
        if hit is None:
            extra.append(p.get("text", ""))
        else:
            used.add(hit)
    return len(used), [g.get("text", "") for i, g in enumerate(gold) if i not in used], extra


def _same_value(p: dict[str, Any], g: dict[str, Any]) -> bool:
    try:
        return abs(float(p.get("value")) - float(g.get("value"))) < 1e-9 and norm_name(p.get("unit")) == norm_name(g.get("unit"))
    except (TypeError, ValueError):
        return False


def evaluate(
    gold_dir: str | Path,
    docs_dir: str | Path,
    *,
    extractor: Callable[[str], dict[str, Any]] | None = None,
    labels: Iterable[str] = ENTITY_LABELS,
    only: str = "",
) -> Report:
    """Extract every document that has a gold file and score the results.

    ``extractor`` maps a document path to its contract object (default: in-process
    :func:`kg.extract.document.extract_path`).
    """
    if extractor is None:
        from kg.extract.document import extract_path

        def extractor(path: str) -> dict[str, Any]:
            return extract_path(path).to_json()

    labels = tuple(labels)
    report = Report({k: Score() for k in (*labels, "lead", "responsible", "units", "targets")})
    for gf in sorted(Path(gold_dir).glob("*.gold.json")):
        if only not in gf.name:
            continue
        gold = json.loads(gf.read_text("utf-8"))
        path = str(Path(docs_dir) / gold["document"])
        try:
            result = extractor(path)
        except Exception as e:  # a failed document scores as an empty prediction
            report.errors.append(f"{gold['document']}: {e}")
            result = {}
        scores, details = score_document(result, gold, labels=labels)
        report.per_document[gold["document"]] = scores
        report.details.extend(details)
        for k, s in scores.items():
            report.scores[k].add(s.tp, s.pred, s.gold)
        if not gold.get("tasks"):
            report.relations_without_tasks += len(_predicted_triples(result))
    return report
