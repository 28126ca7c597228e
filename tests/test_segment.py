"""The optional word segmentation tools (training/segment.py, training/install_model.py).

The default pipeline tokenizes by character; these tools make the compact pkuseg model
for a component that would need words. They need spacy-pkuseg (``pip install -e '.[segment]'``).
"""
import tomllib

import pytest

pytest.importorskip("spacy_pkuseg")

from training.install_model import fetch  # noqa: E402
from training.segment import MODEL_DIR, RECIPE, _teacher_words, generate, load_segmenter, prune  # noqa: E402


def test_the_compact_model_is_small_and_segments_words():
    assert (MODEL_DIR / "weights.npz").stat().st_size < 5_000_000
    words = load_segmenter().cut("加快发展新材料产业,推动高质量发展。")
    assert "".join(words) == "加快发展新材料产业,推动高质量发展。"
    assert max(len(w) for w in words) >= 2  # words, not characters


def test_distillation_sentences_force_boundaries_around_unit_names():
    recipe = tomllib.loads(RECIPE.read_text("utf-8"))
    sentences = generate(recipe, 50, seed=1)
    assert generate(recipe, 50, seed=1) == sentences
    seg = load_segmenter()
    units = 0
    for pieces in sentences:
        words = _teacher_words(seg, pieces, whole_units=False)
        assert "".join(words) == "".join(p for p, _ in pieces)
        cuts, pos = {0}, 0
        for w in words:
            pos += len(w)
            cuts.add(pos)
        pos = 0
        for text, is_unit in pieces:
            if is_unit:
                units += 1
                assert pos in cuts and pos + len(text) in cuts
                assert text in _teacher_words(seg, pieces, whole_units=True)
            pos += len(text)
    assert units > 20


def test_pruning_keeps_a_working_smaller_model(tmp_path):
    kept = prune(MODEL_DIR, tmp_path, threshold=1.0, quantum=16)
    seg = load_segmenter(tmp_path)
    assert "".join(seg.cut("区财政局负责落实。")) == "区财政局负责落实。"
    assert 0 < kept < 138_000
    assert (tmp_path / "weights.npz").stat().st_size < (MODEL_DIR / "weights.npz").stat().st_size


def test_fetching_the_pretrained_model_is_idempotent(tmp_path):
    for name in ("features.pkl", "weights.npz"):
        (tmp_path / name).write_bytes(b"already here")
    assert fetch(tmp_path) == tmp_path  # nothing downloaded: the files are there
    assert (tmp_path / "weights.npz").read_bytes() == b"already here"
