"""Chinese word segmentation: the compact pkuseg model, and how it is made.

A build tool, outside the runtime package: the default pipeline tokenizes by
character (no component reads words), so policykg ships no segmentation model.
This is kept for a component that would need words (``pip install -e '.[segment]'``
adds spacy-pkuseg): the compact policy-domain model in ``training/pkuseg-policy``
(a few MB, loads in a fraction of a second), distilled from pkuseg's pretrained mixed-domain
model (the *teacher*, ~180 MB, 3 s and ~800 MB to load) by :func:`distil`:

1. prune the teacher: keep the features whose weights matter (``prune``), round the
   weights (``quantum``) so that they compress;
2. generate policy-style sentences from ``distil.toml``, segment them with the
   teacher, and force a word boundary at both ends of every unit name (so that a
   name such as 国家发展改革委 in 国家发展改革委会同… starts and ends on token
   boundaries; ``unit_tokens = "whole"`` makes each name one word instead);
3. fine-tune the pruned model on them with spacy_pkuseg's own trainer, then prune
   and round again.

``bench/bench_segment.py`` prints the figures that made the choice (load time,
memory, speed, size, agreement with the teacher, unit-name boundaries).
"""
from __future__ import annotations

import os
import random
import re
import shutil
import tempfile
import tomllib
from contextlib import contextmanager, redirect_stdout
from pathlib import Path
from typing import Any, Iterator

__all__ = ["MODEL_DIR", "RECIPE", "model_dir", "teacher_dir", "load_segmenter", "generate", "distil", "prune"]

ROOT = Path(__file__).resolve().parents[1]
MODEL_DIR = Path(__file__).resolve().parent / "pkuseg-policy"
RECIPE = MODEL_DIR / "distil.toml"
MODEL_ENV = "POLICYKG_PKUSEG_MODEL"
TEACHER_ENV = "POLICYKG_PKUSEG_TEACHER"


def model_dir() -> Path:
    """The pkuseg model to load: ``$POLICYKG_PKUSEG_MODEL`` or the compact model beside this module."""
    path = Path(os.environ.get(MODEL_ENV) or MODEL_DIR)
    if not (path / "weights.npz").is_file() or not any((path / f).is_file() for f in ("features.msgpack", "features.pkl")):
        raise FileNotFoundError(f"{path}: no pkuseg model here (weights.npz and features.msgpack)")
    return path


def teacher_dir() -> Path:
    """Where :mod:`training.install_model` puts the pretrained mixed-domain model."""
    return Path(os.environ.get(TEACHER_ENV) or ROOT / "models" / "pkuseg-default")


def load_segmenter(path: Path | None = None) -> Any:
    """A ``spacy_pkuseg.pkuseg`` segmenter for the model at ``path`` (default: :func:`model_dir`)."""
    import spacy_pkuseg

    return spacy_pkuseg.pkuseg(model_name=str(path or model_dir()))


# --- the distillation corpus -------------------------------------------------------------------


def _recipe(path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(Path(path).read_text("utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as e:
        raise ValueError(f"{path}: {e}") from None


class _Generator:
    """Fills the recipe's templates; remembers where the unit names are."""

    def __init__(self, recipe: dict[str, Any], rng: random.Random) -> None:
        from kg.nlp.departments import DepartmentData

        self.r = recipe
        self.rng = rng
        data = DepartmentData.from_dir()
        self.national = data.national
        self.places = data.places or ["湖北省", "鄂州市", "汉川市"]

    def unit(self) -> str:
        rng = self.rng
        x = rng.random()
        if x < 0.15:
            return rng.choice(self.national)
        body, suffix = rng.choice(self.r["unit_bodies"])
        head = rng.choice(self.places) if x < 0.3 else rng.choice(self.r["levels"])
        return head + body + suffix

    def num(self) -> str:
        return str(self.rng.choice([self.rng.randint(1, 30), self.rng.randint(10, 999), round(self.rng.uniform(1, 500), 1)]))

    def fill(self, template: str) -> list[tuple[str, bool]]:
        """``template`` filled in, as pieces ``(text, is_unit)``."""
        rng, r = self.rng, self.r
        out: list[tuple[str, bool]] = []
        for part in re.split(r"(\{[a-z_]+\})", template):
            if not part:
                continue
            slot = part[1:-1] if part.startswith("{") else None
            if slot is None:
                out.append((part, False))
            elif slot == "unit":
                out.append((self.unit(), True))
            elif slot == "units":
                for k in range(rng.randint(1, 4)):
                    if k:
                        out.append(("、", False))
                    out.append((self.unit(), True))
            elif slot == "unit_tail":
                out.append((rng.choice(r["unit_tails"]), False))
            else:
                out.append((self.word(slot), False))
        return out

    def word(self, slot: str) -> str:
        rng, r = self.rng, self.r
        if slot == "num":
            return self.num()
        if slot == "year":
            return str(rng.randint(2018, 2035))
        if slot == "pct":
            return f"{rng.randint(1, 30)}%" if rng.random() < 0.5 else f"{round(rng.uniform(1, 20), 1)}%"
        if slot == "place":
            return rng.choice(self.places)
        if slot == "level":
            return rng.choice(r["levels"])
        lists = {"industry": "industries", "verb": "verbs", "object": "objects", "indicator": "indicators", "measure": "measures", "plan": "plans"}
        return rng.choice(r[lists[slot]])


def generate(recipe: dict[str, Any], n: int, *, seed: int = 0) -> list[list[tuple[str, bool]]]:
    """``n`` policy-style sentences from ``recipe``, each a list of ``(text, is_unit)`` pieces."""
    g = _Generator(recipe, random.Random(seed))
    return [g.fill(g.rng.choice(recipe["templates"])) for _ in range(n)]


def _teacher_words(seg: Any, pieces: list[tuple[str, bool]], *, whole_units: bool = True) -> list[str]:
    """The teacher's segmentation of the sentence, with a word boundary at both ends of every unit
    name and (``whole_units``) none inside it."""
    text = "".join(p for p, _ in pieces)
    cuts = {0, len(text)}
    pos = 0
    for w in seg.cut(text):
        pos = text.index(w, pos) + len(w)
        cuts.add(pos)
    pos = 0
    for p, is_unit in pieces:
        if is_unit:
            if whole_units:
                cuts = {c for c in cuts if not pos < c < pos + len(p)}
            cuts |= {pos, pos + len(p)}
        pos += len(p)
    bounds = sorted(cuts)
    return [text[a:b] for a, b in zip(bounds, bounds[1:]) if text[a:b].strip()]


# --- pruning and training ----------------------------------------------------------------------


def prune(src: Path, dst: Path, *, threshold: float, quantum: int = 0) -> int:
    """Copy the pkuseg model at ``src`` to ``dst`` without features whose largest weight is below ``threshold``.

    Word features keep the dictionary words they test; the bigram list (unused at
    inference) is dropped. Returns the number of features kept.
    """
    import numpy as np
    import srsly

    from spacy_pkuseg.feature_extractor import FeatureExtractor

    fx = FeatureExtractor.load(str(src))
    z = np.load(Path(src) / "weights.npz")
    n_tag, n_feature = (int(x) for x in z["sizes"])
    w = z["w"]
    node = w[: n_tag * n_feature].reshape(n_feature, n_tag)
    keep = np.union1d(np.where(np.abs(node).max(axis=1) >= threshold)[0], [0])
    names = sorted(fx.feature_to_idx, key=fx.feature_to_idx.__getitem__)
    f2i = {names[i]: j for j, i in enumerate(keep)}
    new_w = np.concatenate([node[keep].reshape(-1), w[n_tag * n_feature :]])
    if quantum:
        new_w = np.round(new_w * quantum) / quantum
    dst = Path(dst)
    dst.mkdir(parents=True, exist_ok=True)
    srsly.write_msgpack(dst / "features.msgpack", {"unigram": sorted(_feature_words(f2i)), "bigram": [], "feature_to_idx": f2i, "tag_to_idx": fx.tag_to_idx})
    np.savez_compressed(dst / "weights.npz", sizes=np.array([n_tag, len(keep)]), w=new_w)
    return len(keep)


def _feature_words(f2i: dict[str, int]) -> set[str]:
    """Dictionary words that the kept word features (w1./w-1./ww.) look up."""
    words = set()
    for k in f2i:
        if k.startswith(("w1.", "w-1.")):
            words.add(k.split(".", 1)[1])
        elif k.startswith("ww."):
            words.update(x for x in k[5:].split("*", 1) if x != "**noWord")
    return words


@contextmanager
def _trainer_settings(settings: dict[str, float]) -> Iterator[None]:
    """spacy_pkuseg's trainer reads its settings (``reg``, ``rate0``) from its global config.

    A weaker L2 (larger ``reg``) and a smaller learning rate keep the teacher's weights, which
    the domain sentences never touch, from shrinking away."""
    from spacy_pkuseg.config import config

    old = {k: getattr(config, k) for k in settings}
    for k, v in settings.items():
        setattr(config, k, v)
    try:
        yield
    finally:
        for k, v in old.items():
            setattr(config, k, v)


def distil(teacher: Path, out: Path = MODEL_DIR, *, recipe: Path = RECIPE, log: Path | None = None) -> dict[str, Any]:
    """Build the compact model in ``out`` from the pretrained ``teacher`` (see the module docstring).

    Returns the recipe's figures and the feature count. Takes a few minutes.
    """
    import spacy_pkuseg

    r = _recipe(recipe)
    seg = spacy_pkuseg.pkuseg(model_name=str(teacher))
    sents = generate(r, int(r["sentences"]), seed=int(r["seed"]))
    whole = r.get("unit_tokens", "whole") == "whole"
    lines = [" ".join(_teacher_words(seg, s, whole_units=whole)) for s in sents]
    del seg
    n_test = max(200, len(lines) // 20)
    with tempfile.TemporaryDirectory() as tmp:
        t = Path(tmp)
        (t / "train.txt").write_text("\n".join(lines[n_test:]) + "\n", "utf-8")
        (t / "test.txt").write_text("\n".join(lines[:n_test]) + "\n", "utf-8")
        prune(Path(teacher), t / "init", threshold=float(r["prune"]))
        random.seed(int(r["seed"]))  # the trainer shuffles with the global generator
        with open(log or os.devnull, "w", encoding="utf-8") as f, redirect_stdout(f), _trainer_settings(dict(r["trainer"])):
            spacy_pkuseg.train(str(t / "train.txt"), str(t / "test.txt"), str(t / "tuned"), train_iter=int(r["train_iter"]), init_model=str(t / "init"))
        n = prune(t / "tuned", t / "final", threshold=float(r["final_prune"]), quantum=int(r["quantum"]))
        Path(out).mkdir(parents=True, exist_ok=True)
        for name in ("features.msgpack", "weights.npz"):  # replaced whole: a reader never sees half a file
            part = Path(out) / f".{name}.part"
            shutil.copyfile(t / "final" / name, part)
            os.replace(part, Path(out) / name)
    return {"features": n, "sentences": len(lines), "train_iter": int(r["train_iter"])}
