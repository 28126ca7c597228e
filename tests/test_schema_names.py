"""The schema is the one list of labels and relationship types: code and schema/graph.toml name the same ones.

A label or relationship type written in code but missing from the schema would be
dropped or drawn grey without a word; one in the schema that no code emits is a
promise the extraction does not keep. The code side is read from the source: every
string constant of ``kg/`` and ``loaders/`` shaped like a label (``Department``) or a
type (``RESPONSIBLE_FOR``), leaving out ``__all__``, docstrings and the Cypher engine
(whose constants are Cypher's keywords); the few such words that name something else
are listed below with what they are.
"""
from __future__ import annotations

import ast
import re
from pathlib import Path

import kg.schema

ROOT = Path(__file__).resolve().parents[1]
CYPHER_ENGINE = {"cypher_parse.py", "networkx_cypher.py", "cypher_values.py"}
TYPE_SHAPE = re.compile(r"[A-Z]{3,}(?:_[A-Z]+)*")
LABEL_SHAPE = re.compile(r"[A-Z][a-z]+")

NOT_TYPES = {
    "VACUUM": "an SQLite statement (loaders/repair.py compacts a converted store)",
    "NFKC": "a Unicode normal form",
    "LESS": "the pager's environment variable",
    "FOLDED": "the view's edge to a folded box, not stored",
    "LOCAL": "the view's county-to-local-things edge, not stored",
    "LEAD": "the role name of a unit (kg.extract.units), not a type",
    "RESPONSIBLE": "the role name of a unit (kg.extract.units), not a type",
    "DIR": "a command-line metavar", "FMT": "a command-line metavar", "NAME": "a command-line metavar",
    "PATH": "a command-line metavar", "TEXT": "a command-line metavar", "URI": "a command-line metavar",
    "VALUE": "a command-line metavar", "INT": "a command-line metavar", "SECONDS": "a command-line metavar",
    "NUMBER": "a command-line metavar", "FILE": "a command-line metavar", "ADDRESS": "a command-line metavar", "N": "a command-line metavar",
    "BEGIN": "an SQL statement", "COMMIT": "an SQL statement", "ROLLBACK": "an SQL statement", "GUIDE": "the role name of a unit (kg.extract.units), not a type",
}
ENV_PREFIXES = ("POLICYKG_", "NEO4J_")  # environment variables
NOT_LABELS = {
    "Lo": "a Unicode category", "Cc": "a Unicode category",
    "Heading": "a .docx paragraph style", "Title": "a .docx paragraph style",
    "Author": "a PDF metadata field",
    "Departments": "a table title", "Tasks": "a table title", "Documents": "a table title",
}


def _docstrings(tree: ast.AST) -> set[int]:
    out = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) and ast.get_docstring(node, clean=False):
            out.add(id(node.body[0].value))
    return out


def _all_lists(tree: ast.AST) -> set[int]:
    out = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == "__all__" for t in node.targets):
            out |= {id(c) for c in ast.walk(node.value)}
    return out


CYPHER_LABEL = re.compile(r"\(\w*:([A-Za-z_]+)")
CYPHER_TYPES = re.compile(r"\[\w*:([A-Za-z_|:]+)")


def _words(text: str, shape: re.Pattern) -> list[str]:
    """The names a constant writes: the whole constant, or the labels and types of a Cypher pattern in it."""
    if shape.fullmatch(text):
        return [text]
    if shape is LABEL_SHAPE:
        return CYPHER_LABEL.findall(text)
    return [t for group in CYPHER_TYPES.findall(text) for t in re.split(r"[|:]+", group) if t]


def code_names(shape: re.Pattern) -> dict[str, str]:
    """Each name of ``shape`` that a string constant of the project's code writes, with one file that writes it."""
    found: dict[str, str] = {}
    for path in sorted([*(ROOT / "kg").rglob("*.py"), *(ROOT / "loaders").glob("*.py")]):
        if path.name in CYPHER_ENGINE:
            continue
        tree = ast.parse(path.read_text("utf-8"))
        skip = _docstrings(tree) | _all_lists(tree)
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in skip:
                for word in _words(node.value, shape):
                    found.setdefault(word, str(path.relative_to(ROOT)))
    return found


def _class_names() -> set[str]:
    names = set()
    for path in [*(ROOT / "kg").rglob("*.py"), *(ROOT / "loaders").glob("*.py")]:
        names |= {n.name for n in ast.walk(ast.parse(path.read_text("utf-8"))) if isinstance(n, ast.ClassDef)}
    return names


def test_every_relationship_type_in_code_is_in_the_schema_and_back():
    sch = kg.schema.load()
    in_code = {w: f for w, f in code_names(TYPE_SHAPE).items() if w not in NOT_TYPES and not w.startswith(ENV_PREFIXES)}
    missing = {w: f for w, f in in_code.items() if w not in sch.relationships}
    assert not missing, f"relationship types used in code but not in schema/graph.toml: {missing}"
    unused = set(sch.relationships) - set(in_code)
    assert not unused, f"relationship types in schema/graph.toml that no code writes: {sorted(unused)}"


def test_every_label_in_code_is_in_the_schema_and_back():
    sch = kg.schema.load()
    classes = _class_names()
    in_code = {w: f for w, f in code_names(LABEL_SHAPE).items() if w not in NOT_LABELS and (w not in classes or w in sch.labels)}
    missing = {w: f for w, f in in_code.items() if w not in sch.labels}
    assert not missing, f"labels used in code but not in schema/graph.toml: {missing}"
    unused = set(sch.labels) - set(in_code) - set(sch.mention_labels)
    assert not unused, f"labels in schema/graph.toml that no code writes: {sorted(unused)}"
