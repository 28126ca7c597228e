"""The statistical NER for Industry, Project and Enterprise: its data, training, evaluation,
and the "policykg_ner" component that runs a trained model.

A build tool, outside the runtime package: the default pipeline does not run the NER
(on the real documents its industries lowered Industry F1 and its projects were mostly
fragments), so no model ships with policykg. ``make ner-model`` (or ``policykg train``
in a checkout) builds one into ``models/ner``; ``import training.ner`` registers the
component, and ``nlp.add_pipe("policykg_ner", before="policykg_merge")`` runs it.

Why characters: the model is a small spaCy ``tok2vec + ner`` trained on **one token per
character** (``spacy.blank("zh")``, segmenter ``char``). Chinese word segmenters disagree
on where names start and end, while an industry name such as 纺织服装 or a park such as 临江新能源产业园 can
start or end inside a segmenter's word. A character model needs no segmenter, sees the
same tokens in training and in use, and gives exact character offsets. So the component
does not read the pipeline's tokens: it runs the model on ``doc.text`` and writes
:class:`~kg.nlp.mentions.Mention` objects (source ``"ner"``), like the pattern
components. (Sourcing the bare ``ner`` pipe into a word-tokenized pipeline would work
but loses names that do not fall on word boundaries.)

Training data is the markup in ``training/*.txt`` (sentences written for this purpose,
never taken from the corpus or the gold files), compiled to JSONL with a traditional
variant of each sentence (OpenCC, same length, so the offsets hold).
"""
from __future__ import annotations

import argparse
import json
import random
import re
import shutil
import zlib
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable, Iterable

from spacy.language import Language
from spacy.tokens import Doc

from kg.nlp.mentions import add_mention

__all__ = [
    "LABELS", "NER_DIR", "NerRecognizer", "build", "compile_markup", "evaluate_ner", "load_ner", "main", "make_ner",
    "ner_spans", "parse_markup", "read_jsonl", "train_ner",
]

TRAINING_DIR = Path(__file__).resolve().parent
NER_DIR = TRAINING_DIR.parent / "models" / "ner"  # built, not committed
LABELS = {"I": "Industry", "P": "Project", "E": "Enterprise"}
_MARK = re.compile(r"\{([IPE]):([^{}]+)\}")

# A small CNN over hashed character features; no pretrained vectors (nothing may be downloaded).
_MODEL = {
    "@architectures": "spacy.TransitionBasedParser.v2",
    "state_type": "ner",
    "extra_state_tokens": False,
    "hidden_width": 64,
    "maxout_pieces": 2,
    "use_upper": True,
    "nO": None,
    "tok2vec": {
        "@architectures": "spacy.HashEmbedCNN.v2",
        "pretrained_vectors": None,
        "width": 96,
        "depth": 4,
        "embed_size": 2000,
        "window_size": 1,
        "maxout_pieces": 3,
        "subword_features": True,
    },
}


# ---- data -------------------------------------------------------------------------------
def parse_markup(line: str) -> dict[str, Any]:
    """``"发展{I:新材料}产业"`` -> ``{"text": "发展新材料产业", "spans": [[2, 5, "Industry"]]}``."""
    text, spans, pos = [], [], 0
    for m in _MARK.finditer(line):
        text.append(line[pos:m.start()])
        start = sum(map(len, text))
        text.append(m.group(2))
        spans.append([start, start + len(m.group(2)), LABELS[m.group(1)]])
        pos = m.end()
    text.append(line[pos:])
    out = "".join(text)
    if "{" in out or "}" in out:
        raise ValueError(f"unbalanced markup: {line}")
    return {"text": out, "spans": spans}


def _read_markup(path: Path) -> list[dict[str, Any]]:
    out = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        try:
            out.append(parse_markup(line))
        except (ValueError, KeyError) as e:
            raise ValueError(f"{path}: line {n}: {e}") from None
    return out


def compile_markup(training_dir: str | Path = TRAINING_DIR, *, dev_share: float = 0.2) -> dict[str, int]:
    """Compile ``training/*.txt`` markup into ``train.jsonl`` and ``dev.jsonl`` beside it.

    Each sentence also gets its traditional-script variant; a sentence and its variant go to
    the same split (chosen by a hash of the text, so the split is stable).
    """
    from kg.text.script import to_traditional

    training_dir = Path(training_dir)
    seen, rows = set(), {"train": [], "dev": []}
    for path in sorted(training_dir.glob("*.txt")):
        for ex in _read_markup(path):
            if ex["text"] in seen:
                continue
            seen.add(ex["text"])
            split = "dev" if zlib.crc32(ex["text"].encode()) % 1000 < dev_share * 1000 else "train"
            rows[split].append(ex)
            trad = to_traditional(ex["text"])
            if trad != ex["text"]:
                rows[split].append({"text": trad, "spans": ex["spans"]})
    for split, exs in rows.items():
        with open(training_dir / f"{split}.jsonl", "w", encoding="utf-8") as f:
            for ex in exs:
                f.write(json.dumps(ex, ensure_ascii=False) + "\n")
    return {k: len(v) for k, v in rows.items()}


def read_jsonl(path: str | Path) -> list[dict[str, Any]]:
    """Examples ``{"text", "spans": [[start, end, label], ...]}``; a bad line is a one-line error."""
    path = Path(path)
    out = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            ex = json.loads(line)
            text, spans = ex["text"], ex["spans"]
            for s, e, label in spans:
                if not (0 <= s < e <= len(text)) or label not in LABELS.values():
                    raise ValueError(f"bad span {[s, e, label]}")
        except (ValueError, KeyError, TypeError) as e:
            raise ValueError(f"{path}: line {n}: {e}") from None
        out.append(ex)
    return out


# ---- training and evaluation ----------------------------------------------------------
def _blank() -> Language:
    import spacy

    nlp = spacy.blank("zh")  # default segmenter: one token per character
    ner = nlp.add_pipe("ner", config={"model": _MODEL})
    for label in LABELS.values():
        ner.add_label(label)
    return nlp


def _examples(nlp: Language, rows: list[dict[str, Any]]) -> list[Any]:
    from spacy.training import Example

    out = []
    for row in rows:
        doc = nlp.make_doc(row["text"])
        ents = [(s, e, label) for s, e, label in row["spans"]]
        out.append(Example.from_dict(doc, {"entities": ents}))
    return out


def train_ner(data_dir: str | Path, out_dir: str | Path, *, seed: int = 0, n_iter: int = 15,
              batch_size: int = 16, dropout: float = 0.2, log: Callable[[str], None] | None = None) -> dict[str, Any]:
    """Train the character NER on ``data_dir/train.jsonl``, score it on ``dev.jsonl``, save it to ``out_dir``.

    Reproducible: the same data and ``seed`` give the same model. Returns the dev scores
    (``{"p", "r", "f", "per_label": {...}}``; empty when there is no dev file).
    """
    import spacy
    from spacy.util import fix_random_seed, minibatch

    data_dir, out_dir = Path(data_dir), Path(out_dir)
    train_rows = read_jsonl(data_dir / "train.jsonl")
    dev_rows = read_jsonl(data_dir / "dev.jsonl") if (data_dir / "dev.jsonl").is_file() else []
    if not train_rows:
        raise ValueError(f"{data_dir / 'train.jsonl'}: no training examples")
    fix_random_seed(seed)
    nlp = _blank()
    train = _examples(nlp, train_rows)
    optimizer = nlp.initialize(lambda: train)
    rng = random.Random(seed)
    for it in range(n_iter):
        rng.shuffle(train)
        losses: dict[str, float] = {}
        for batch in minibatch(train, size=batch_size):
            nlp.update(batch, sgd=optimizer, drop=dropout, losses=losses)
        if log:
            log(f"iteration {it + 1}/{n_iter}: loss {losses.get('ner', 0.0):.1f}")
    scores = evaluate_ner(nlp, dev_rows) if dev_rows else {}
    out_dir.mkdir(parents=True, exist_ok=True)
    nlp.meta.update({"name": "policykg_ner", "version": "1.0.0", "description": "Character NER: Industry, Project, Enterprise",
                     "performance": scores, "seed": seed, "n_iter": n_iter, "train_examples": len(train_rows)})
    nlp.to_disk(out_dir)
    spacy.load(out_dir)  # fail here, not at extraction time, if the model does not load
    return scores


def evaluate_ner(nlp: Language, rows: list[dict[str, Any]]) -> dict[str, Any]:
    """Exact-span precision, recall and F1 of ``nlp`` on examples, overall and per label."""
    counts = {label: [0, 0, 0] for label in LABELS.values()}  # tp, pred, gold
    for row in rows:
        gold = {tuple(s) for s in row["spans"]}
        pred = set(ner_spans(nlp, row["text"]))
        for label, c in counts.items():
            g = {x for x in gold if x[2] == label}
            p = {x for x in pred if x[2] == label}
            c[0] += len(g & p)
            c[1] += len(p)
            c[2] += len(g)
    per = {label: _prf(*c) for label, c in counts.items()}
    total = [sum(c[i] for c in counts.values()) for i in range(3)]
    return {**_prf(*total), "per_label": per}


def _prf(tp: int, npred: int, ngold: int) -> dict[str, float]:
    p = tp / npred if npred else 0.0
    r = tp / ngold if ngold else 0.0
    return {"p": round(p, 3), "r": round(r, 3), "f": round(2 * p * r / (p + r), 3) if p + r else 0.0,
            "tp": tp, "pred": npred, "gold": ngold}


# ---- use --------------------------------------------------------------------------------
@lru_cache(maxsize=4)
def load_ner(path: str | Path = NER_DIR) -> Language:
    """The trained character NER (cached); a missing or broken model is a one-line error."""
    import spacy

    path = Path(path)
    if not (path / "config.cfg").is_file():
        raise FileNotFoundError(f"{path}: no trained NER model here (run `make ner-model` or `policykg train`)")
    return spacy.load(path)


CHUNK = 1000


def _chunks(text: str, limit: int = CHUNK) -> list[tuple[int, str]]:
    """Non-empty pieces of ``text`` with their offsets: lines, long lines cut at a sentence or clause end.

    The model's cost grows faster than the length of what it is given, so no piece is
    longer than ``limit`` characters (a hard cut where a long run has no punctuation).
    """
    import re

    out, pos = [], 0
    for line in text.splitlines(keepends=True):
        start = 0
        while len(line) - start > limit:
            window = line[start : start + limit]
            cut = max((m.end() for m in re.finditer(r"[。;；!?！？,，、]", window)), default=0)
            cut = cut if cut > limit // 4 else limit
            out.append((pos + start, line[start : start + cut]))
            start += cut
        out.append((pos + start, line[start:]))
        pos += len(line)
    return [(o, piece) for o, piece in out if piece.strip()]


def ner_spans(nlp: Language, text: str) -> list[tuple[int, int, str]]:
    """``(start, end, label)`` character spans that the character NER finds in ``text``.

    Runs piece by piece (lines, long lines cut at clause ends) so the time stays linear in
    the length of the text.
    """
    pieces = _chunks(text)
    out = []
    for (start, _), doc in zip(pieces, nlp.pipe((p for _, p in pieces), batch_size=64)):
        out += [(start + ent.start_char, start + ent.end_char, ent.label_) for ent in doc.ents]
    return out


class NerRecognizer:
    """spaCy component: runs the character NER on ``doc.text`` and adds its mentions.

    Tokenizer-independent: the pipeline's own tokens are not used, and mentions carry
    exact character offsets (source ``"ner"``). ``labels`` limits what is kept. With
    ``check_industries`` an Industry span is kept only where the industry lexicon supports
    it (:func:`kg.nlp.industries.looks_like_industry`): on real documents the model alone
    over-predicts (see ``training/README.md``).
    """

    def __init__(self, nlp: Language, name: str = "policykg_ner", *, labels: list[str] | None = None,
                 check_industries: bool = True) -> None:
        self.name = name
        self.labels = list(labels or LABELS.values())
        self.check_industries = check_industries
        self.model: Language | None = None
        self.model_dir: Path = NER_DIR

    def initialize(self, get_examples: Callable[[], Iterable[Any]] | None = None, *, nlp: Language | None = None,
                   model_dir: str | None = None) -> None:
        """Load the trained model (``model_dir``, default ``models/ner``)."""
        self.model_dir = Path(model_dir) if model_dir else NER_DIR
        self.model = load_ner(self.model_dir)

    def __call__(self, doc: Doc) -> Doc:
        if self.model is None:
            self.initialize()
        from kg.nlp.industries import looks_like_industry

        for s, e, label in ner_spans(self.model, doc.text):
            if label not in self.labels:
                continue
            if label == "Industry" and self.check_industries and not looks_like_industry(doc.text[s:e]):
                continue
            add_mention(doc, s, e, label, source="ner")
        return doc

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        if self.model is None:
            self.initialize()
        path = Path(path)
        if path.exists():
            shutil.rmtree(path)
        self.model.to_disk(path)

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> "NerRecognizer":
        self.model_dir = Path(path)
        self.model = load_ner(self.model_dir)
        return self


@Language.factory("policykg_ner", default_config={"labels": list(LABELS.values()), "check_industries": True})
def make_ner(nlp: Language, name: str, labels: list[str], check_industries: bool) -> NerRecognizer:
    """Factory of the component that runs the trained character NER."""
    return NerRecognizer(nlp, name, labels=labels, check_industries=check_industries)


def build(data: str | Path = TRAINING_DIR, out: str | Path = NER_DIR, *, seed: int = 0, n_iter: int = 15,
          compile: bool = True, log: Callable[[str], None] | None = print) -> dict[str, Any]:
    """Compile the markup of ``data`` (unless ``compile`` is false), train, score on dev and save to ``out``.

    What ``policykg train`` and ``python -m training.ner`` run; returns the dev scores.
    """
    if compile:
        counts = compile_markup(data)
        if log:
            log(f"examples: {counts}")
    return train_ner(data, out, seed=seed, n_iter=n_iter, log=log)


def main(argv: list[str] | None = None) -> dict[str, Any]:
    """Compile the markup, train, evaluate and save the NER: ``python -m training.ner``."""
    ap = argparse.ArgumentParser(prog="python -m training.ner", description=main.__doc__)
    ap.add_argument("--data", default=str(TRAINING_DIR), help="folder with *.txt markup (train/dev JSONL is written there)")
    ap.add_argument("--out", default=str(NER_DIR), help="where the trained model goes")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--n-iter", type=int, default=15)
    ap.add_argument("--no-compile", action="store_true", help="use the JSONL files as they are")
    ap.add_argument("--compile-only", action="store_true", help="only compile the markup to train.jsonl and dev.jsonl")
    args = ap.parse_args(argv)
    if args.compile_only:
        print("examples:", compile_markup(args.data))
        return {}
    scores = build(args.data, args.out, seed=args.seed, n_iter=args.n_iter, compile=not args.no_compile)
    print(json.dumps(scores, ensure_ascii=False, indent=1))
    return scores


if __name__ == "__main__":
    main()
