"""The walls of ARCHITECTURE.md, read from the imports of every module (lazy ones included)."""
from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
STAGES = ("read", "text", "nlp", "extract", "graph", "questions", "loaders", "schema")
# What each stage may import from the project (besides itself): the stages before it and
# the infrastructure it needs. The NLP (kg.nlp, kg.extract, spacy) stays on its side.
ALLOWED = {
    "kg.read": {"kg.budget"},
    "kg.text": {"kg.read"},
    "kg.nlp": {"kg.read", "kg.text", "kg.schema", "kg.compiled", "kg.atomic"},
    "kg.extract": {"kg.read", "kg.text", "kg.nlp", "kg.graph", "kg.schema", "kg.compiled"},
    "kg.graph": {"kg.read", "kg.text", "kg.schema"},
    "kg.loaders": {"kg.graph", "kg.schema", "kg.atomic", "kg.read"},
    "kg.questions": {"kg.graph", "kg.schema", "kg.text", "kg.atomic", "kg.loaders"},
    "kg.schema": set(),
}
NLP = {"kg.nlp", "kg.extract", "spacy", "spacy_pkuseg"}
NO_NLP_SIDE = ("kg.questions", "kg.graph", "kg.loaders", "kg.schema")


def _module(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[0] in ("loaders", "schema"):  # folders at the top, installed under kg
        parts = ["kg", *parts]
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def _unit(name: str) -> str:
    """A stage package (kg.extract), a top-level module of kg (kg.atomic) or a library (spacy)."""
    parts = name.split(".")
    if parts[0] != "kg":
        return parts[0]
    return ".".join(parts[:2]) if len(parts) > 1 else "kg"


def _imports() -> dict[str, set[str]]:
    """Module -> every project module or library it imports, at any depth of its code."""
    out: dict[str, set[str]] = defaultdict(set)
    for top in ("kg", "loaders", "schema"):
        for path in (ROOT / top).rglob("*.py"):
            mod = _module(path)
            for node in ast.walk(ast.parse(path.read_text("utf-8"))):
                if isinstance(node, ast.Import):
                    out[mod] |= {a.name for a in node.names}
                elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                    out[mod].add(node.module)
                    out[mod] |= {f"{node.module}.{a.name}" for a in node.names if node.module == "kg"}
    return out


IMPORTS = _imports()


def _stage_edges() -> dict[str, set[str]]:
    edges: dict[str, set[str]] = defaultdict(set)
    for mod, names in IMPORTS.items():
        for name in names:
            edges[_unit(mod)].add(_unit(name))
    return edges


def test_every_stage_imports_only_what_comes_before_it():
    edges = _stage_edges()
    crossed = {
        stage: sorted(x for x in edges.get(stage, ()) if x.startswith("kg.") and x != stage and x not in allowed)
        for stage, allowed in ALLOWED.items()
    }
    assert {s: x for s, x in crossed.items() if x} == {}


@pytest.mark.parametrize("stage", NO_NLP_SIDE)
def test_questions_views_graph_and_loaders_never_reach_the_nlp(stage):
    edges = _stage_edges()
    seen, todo = set(), [stage]
    while todo:
        unit = todo.pop()
        for nxt in edges.get(unit, ()):
            if nxt not in seen:
                seen.add(nxt)
                todo.append(nxt)
    assert not seen & NLP, f"{stage} reaches {sorted(seen & NLP)}"


def test_the_stores_and_the_schema_are_imported_under_kg():
    # a bare `import loaders` works only from a checkout's root, never once installed
    stale = sorted(mod for mod, names in IMPORTS.items() if any(n.split(".")[0] in ("loaders", "schema") for n in names))
    assert stale == []


def test_the_walls_are_checked_on_real_imports():
    # the reader of imports sees what the code imports: the extractor reaches the pipeline
    assert "kg.nlp" in _stage_edges()["kg.extract"] and "spacy" in _stage_edges()["kg.nlp"]
