"""County and Region mentions: the "policykg_divisions" spaCy component, a thin wrapper of :mod:`kg.nlp.gazetteer`.

:func:`kg.nlp.gazetteer.find_divisions` applies the County rules of the guidelines (a name
inside an organisation's name or a cited title is no mention); this component turns its
matches into :class:`~kg.nlp.mentions.Mention` objects: ``County`` for county-level
divisions, ``Region`` for provinces and prefectures. Where :mod:`kg.nlp.gazetteer` is not
installed the component adds nothing, so the pipeline still builds.
"""
from __future__ import annotations

from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from kg.nlp.mentions import add_mention

__all__ = ["DivisionRecognizer", "division_label"]

SOURCE = "policykg_divisions"


def division_label(level: str | None) -> str | None:
    """``County`` for a county-level division, ``Region`` for a province or prefecture, None where unsettled."""
    if level == "county":
        return "County"
    if level in ("province", "prefecture"):
        return "Region"
    return None


class DivisionRecognizer:
    """spaCy component: adds ``County``/``Region`` mentions from :func:`kg.nlp.gazetteer.find_divisions`."""

    def __init__(self, nlp: Language, name: str = "policykg_divisions") -> None:
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        from kg.nlp.gazetteer import find_divisions

        for m in find_divisions(doc.text):
            label = division_label(m.level)
            if label is None:
                continue
            d = m.division
            attrs: dict[str, Any] = {"form": m.form, "level": m.level}
            if d is not None:
                attrs.update(code=d.code, division=d.name, province=d.province, prefecture=d.prefecture)
                if label == "Region" and d.level == "prefecture":
                    attrs["parent"] = d.province  # the Region node's parent: a prefecture's province
            add_mention(doc, m.start, m.end, label, source=SOURCE, **attrs)
        return doc


@Language.factory("policykg_divisions", default_config={})
def make_divisions(nlp: Language, name: str) -> DivisionRecognizer:
    """Factory of the division-name recognizer."""
    return DivisionRecognizer(nlp, name)
