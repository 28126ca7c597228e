"""Adding an entity type is three things: its label in the schema, its component, its test.

This test is that example. It adds a ``Park`` label (as a schema file would declare it)
and a spaCy component that finds parks, and touches nothing else: the pipeline runs the
component because the schema names it, the merge orders it by the schema, extraction
emits it, the graph model keys and stores it, and the view draws it in the schema's colour.
"""
from __future__ import annotations

import re
from dataclasses import replace

import pytest
from spacy.language import Language

import kg.schema
from kg.nlp.mentions import add_mention

_PARK = re.compile(r"[\u4e00-\u9fff]{2,8}?(?:产业园|工业园区)")


@Language.component("example_parks")
def example_parks(doc):
    """The component a new entity type brings: here, park names by their suffix."""
    for m in _PARK.finditer(doc.text):
        add_mention(doc, m.start(), m.end(), "Park", source="example_parks")
    return doc


@pytest.fixture
def schema_with_parks(monkeypatch):
    """The schema as graph.toml would read with a ``[labels.Park]`` table added."""
    from kg.nlp.pipeline import load_nlp

    real = kg.schema.load()
    park = kg.schema.Label("Park", "An industrial park.", "key", ("key", "name", "aliases"), "#ff006e", "hexagon",
                           entity=True, zh="园区", mention=True, component="example_parks")
    labels = {"Park": park, **real.labels}  # first: where a Project covers the same span, the park wins
    monkeypatch.setattr(kg.schema, "load", lambda: replace(real, labels=labels))
    load_nlp.cache_clear()
    yield
    load_nlp.cache_clear()


def test_a_label_and_its_component_are_all_a_new_entity_type_needs(schema_with_parks, tmp_path):
    from kg.graph.model import fragment
    from kg.extract.document import extract
    from kg.nlp.pipeline import load_nlp
    from kg.questions.view import render
    from kg.read.document import Document

    assert "example_parks" in load_nlp().pipe_names  # the schema put it in the pipeline
    doc = Document("plan.txt", "1.加快园区发展。花湖工业园区扩区提质。(县发改局牵头)\n")
    ex = extract(doc)
    parks = [e for e in ex.entities if e.label == "Park"]
    assert [e.text for e in parks] == ["花湖工业园区"]
    g = fragment(ex, doc)
    [node] = [d for _, d in g.nodes(data=True) if d.get("label") == "Park"]
    assert node["name"] == "花湖工业园区"
    page = render(g, tmp_path / "v.html").path.read_text("utf-8")
    assert "#ff006e" in page  # drawn in the colour the schema gives it


def test_without_the_label_the_component_does_not_run(tmp_path):
    from kg.nlp.pipeline import load_nlp

    assert "example_parks" not in load_nlp().pipe_names
