"""Shared fixtures.

``shared_dir`` is the reference corpus and gold beside the project. A user's clone
may not have it: tests that need it skip with the reason, except under ``CI=true``,
where its absence fails the run.

The Bolt server fixtures and the hooks that put a server's log into a failure
report come from the plugin :mod:`tests.bolt`.
"""
from __future__ import annotations

import os
from pathlib import Path

import pytest

pytest_plugins = ["tests.bolt", "pytester"]

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("POLICYKG_SHARED", ROOT.parent / "shared"))


@pytest.fixture(scope="session", autouse=True)
def _cache_folder(tmp_path_factory):
    """Compiled objects (kg.compiled) go to a folder of this run, not the user's cache folder."""
    old = os.environ.get("POLICYKG_CACHE")
    os.environ["POLICYKG_CACHE"] = str(tmp_path_factory.mktemp("cache"))
    yield
    if old is None:
        os.environ.pop("POLICYKG_CACHE", None)
    else:
        os.environ["POLICYKG_CACHE"] = old


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    if not (SHARED / "corpus").is_dir() or not (SHARED / "gold").is_dir():
        msg = f"reference corpus not found at {SHARED} (set POLICYKG_SHARED to its folder)"
        if os.environ.get("CI") == "true":
            pytest.fail(msg)
        pytest.skip(msg)
    return SHARED


@pytest.fixture(scope="session")
def examples_dir() -> Path:
    return ROOT / "examples"


@pytest.fixture(scope="session")
def examples_graph(examples_dir):
    """The graph of the sample documents, extracted once per session (copy it before changing it)."""
    import networkx as nx

    from kg.read.document import Document
    from kg.extract.document import extract
    from kg.graph.model import fragment, replace_document

    g = nx.MultiDiGraph()
    for p in sorted(examples_dir.glob("*.txt")):
        doc = Document(str(p), p.read_text("utf-8"))
        replace_document(g, fragment(extract(doc), doc))
    return g
