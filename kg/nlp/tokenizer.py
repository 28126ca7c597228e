"""The pipeline's tokenizer: one token per run of non-space characters.

No component of the default pipeline reads tokens: each matches characters of
``doc.text`` and records character offsets (:mod:`kg.nlp.mentions`). A token per
character (spaCy's Chinese tokenizer with ``segmenter = "char"``) made twenty
thousand Python-side tokens for a twenty-thousand-character plan and rebuilt
``doc.text`` from them for each component, for nothing; runs of text between
spaces are as good a container and a hundred times fewer. A statistical component
that needs characters (the optional NER of ``training/ner.py``) brings its own
tokenizer in its own config.
"""
from __future__ import annotations

import re

from spacy.tokens import Doc
from spacy.util import registry
from spacy.vocab import Vocab

__all__ = ["RunTokenizer"]

# A run of text with at most one space after it (spaCy's trailing whitespace), or any other whitespace on its own.
_TOKEN = re.compile(r"(\S+)( ?)|(\s+)")


class RunTokenizer:
    """Text → Doc whose tokens are the runs between whitespace; ``doc.text == text`` always."""

    def __init__(self, vocab: Vocab) -> None:
        self.vocab = vocab

    def __call__(self, text: str) -> Doc:
        words, spaces = [], []
        for m in _TOKEN.finditer(text):
            if m.group(1) is not None:
                words.append(m.group(1))
                spaces.append(bool(m.group(2)))
            else:
                words.append(m.group(3))
                spaces.append(False)
        return Doc(self.vocab, words=words, spaces=spaces)

    # spaCy serialises the tokenizer with the pipeline; this one has no state to save.
    def to_bytes(self, **_kwargs: object) -> bytes:
        return b""

    def from_bytes(self, _data: bytes, **_kwargs: object) -> "RunTokenizer":
        return self

    def to_disk(self, _path: object, **_kwargs: object) -> None:
        return None

    def from_disk(self, _path: object, **_kwargs: object) -> "RunTokenizer":
        return self


@registry.tokenizers("policykg.RunTokenizer.v1")
def create_tokenizer():
    """The factory the config names (``@tokenizers = "policykg.RunTokenizer.v1"``)."""

    def make(nlp) -> RunTokenizer:
        return RunTokenizer(nlp.vocab)

    return make
