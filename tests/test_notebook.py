"""The analyst notebook runs top to bottom, from any folder, on any store: DataFrames, two charts, the view inline."""
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _run(cwd: Path, env: dict[str, str]):
    """Execute the notebook in a kernel started in ``cwd`` with ``env``; the executed notebook."""
    nbformat = pytest.importorskip("nbformat")
    from nbclient import NotebookClient

    nb = nbformat.read(ROOT / "notebooks" / "analyst.ipynb", as_version=4)
    saved = dict(os.environ)
    os.environ.clear()
    os.environ.update(env)
    try:
        NotebookClient(nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(cwd)}}).execute()
    finally:
        os.environ.clear()
        os.environ.update(saved)
    return nb


def _outputs(nb) -> list[dict]:
    return [o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", [])]


def _env(store: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEO4J_")}
    return {**env, "POLICYKG_STORE": str(store)}


def test_the_notebook_fills_an_empty_store_and_answers_with_frames_and_charts(tmp_path):
    elsewhere = tmp_path / "somewhere-else"
    elsewhere.mkdir()
    store = tmp_path / "store"
    nb = _run(elsewhere, _env(store))
    outputs = _outputs(nb)
    assert not [o for o in outputs if o.get("output_type") == "error"]
    text = "".join(o.get("text", "") for o in outputs)
    assert f"filled {store} with 3 sample documents; errors: []" in text
    assert (store / "store.sqlite").exists()
    html = [o["data"]["text/html"] for o in outputs if "text/html" in o.get("data", {})]
    frames = [h for h in html if 'class="dataframe' in h]
    assert len(frames) >= 5 and any("发展和改革局" in f for f in frames)
    assert any("<th>industry</th>" in f and "<th>evidence</th>" in f for f in frames)  # counties with their industries
    assert sum(1 for o in outputs if "image/png" in o.get("data", {})) >= 2  # units by lead tasks; targets by year
    view = [h for h in html if h.startswith("<iframe srcdoc=")]
    assert len(view) == 1 and "vis.Network" in view[0] and "&lt;script" in view[0]


def test_the_notebook_reads_the_store_it_is_pointed_at(tmp_path, examples_dir):
    store = tmp_path / "mine"
    subprocess.run([sys.executable, "-m", "kg.cli", "ingest", str(examples_dir / "xishui_2024_tasks.txt"), "--store", str(store),
                    "--backend", "networkx", "-q"], check=True, cwd=ROOT, capture_output=True)
    nb = _run(tmp_path, _env(store))
    outputs = _outputs(nb)
    assert not [o for o in outputs if o.get("output_type") == "error"]
    text = "".join(o.get("text", "") for o in outputs)
    assert "filled" not in text and f"reading the embedded store {store}" in text
    stats = next(o["data"]["text/plain"] for o in outputs if "Document" in o.get("data", {}).get("text/plain", ""))
    assert re.search(r"node\s+Document\s+1\n", stats), stats  # the one document in that store, not the samples
