"""The last pipeline step: statistical entities become mentions, overlapping mentions are resolved.

Each component adds what it finds without looking at the others, so the same text
can carry several mentions: 汉川市 inside 中共汉川市委 (a County inside a
Department), 新能源汽车 inside 新能源汽车产业园 (an Industry inside a Project), an
NER entity over a pattern match. The guidelines keep only the outer, more specific
name (a county named only inside another name is no County mention), so mentions
are chosen longest first, pattern components before the statistical NER (whose
entities only fill places no pattern claimed), and where spans are equal by label
priority. Two nestings are kept: the industry a park, base or cluster is named after
is a mention of that industry (食品 in 食品产业园), so an Industry inside a Project stays; and
the county a park's name opens with is where the park lies (宝清县 in 宝清县现代农业产业园), a
County mention as a county opening an enterprise's or a mine's name is.
"""
from __future__ import annotations

from typing import Iterable

from spacy.language import Language
from spacy.tokens import Doc

import kg.schema as _schema
from kg.nlp.mentions import Mention, mentions

__all__ = ["MentionMerger", "resolve"]
NER_SOURCE = "ner"


def resolve(found: Iterable[Mention], *, label_order: tuple[str, ...] | None = None) -> list[Mention]:
    """Non-overlapping mentions: pattern mentions longest first, then NER mentions in the gaps.

    >>> m = resolve([Mention(2, 5, "County", "d"), Mention(0, 8, "Department", "p"), Mention(0, 8, "Department", "ner")])
    >>> [(x.start, x.end, x.label, x.source) for x in m]
    [(0, 8, 'Department', 'p')]
    """
    if label_order is None:  # the schema's order, read when asked (never a copy kept from import time)
        label_order = _schema.load().mention_labels
    rank = {label: i for i, label in enumerate(label_order)}

    def key(m: Mention) -> tuple[int, int, int, int]:
        return (m.source == NER_SOURCE, -(m.end - m.start), rank.get(m.label, len(rank)), m.start)

    found = [m for m in found if m.end > m.start >= 0]
    used = bytearray(max((m.end for m in found), default=0))
    taken: list[Mention] = []
    for m in sorted(found, key=key):
        if used.find(1, m.start, m.end) < 0:
            used[m.start : m.end] = b"\x01" * (m.end - m.start)
            taken.append(m)
    projects = [p for p in taken if p.label == "Project"]
    chosen = set(map(id, taken))  # identity: two equal mentions from two components are two candidates
    taken += projects and [m for m in found if m.label in ("Industry", "County") and id(m) not in chosen and m.source != NER_SOURCE
              and any(p.start <= m.start and m.end <= p.end and (p.start, p.end) != (m.start, m.end)
                      and (m.label == "Industry" or m.start == p.start) for p in projects)
              and not any(t.label != "Project" and t.start < m.end and m.start < t.end for t in taken)]
    return sorted(taken, key=lambda m: (m.start, m.end, m.label))


class MentionMerger:
    """spaCy component: adds ``doc.ents`` as mentions and resolves overlaps in ``doc._.mentions``."""

    def __init__(self, nlp: Language, name: str = "policykg_merge", *, labels: list[str] | None = None) -> None:
        self.name = name
        self.labels = tuple(labels or _schema.load().mention_labels)

    def __call__(self, doc: Doc) -> Doc:
        found = list(mentions(doc))
        for ent in doc.ents:
            if ent.label_ in self.labels:
                found.append(Mention(ent.start_char, ent.end_char, ent.label_, NER_SOURCE))
        doc._.mentions = resolve(found, label_order=self.labels)
        return doc


@Language.factory("policykg_merge", default_config={"labels": None})
def make_merge(nlp: Language, name: str, labels: list[str] | None) -> MentionMerger:
    """Factory of the mention merger (the pipeline's last component)."""
    return MentionMerger(nlp, name, labels=labels)
