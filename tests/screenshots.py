"""``make screenshots``: the README's pictures of the views, taken in headless Chromium on ``make demo``'s store.

Each picture is a view written by :func:`kg.questions.view.render` from the store, loaded in
a 1280×800 tab, and captured once the page says it is drawn; so the README shows
what a reader of ``make demo``'s pages sees, and a change to the views is one
command away from new pictures.

    python -m tests.screenshots [--store DIR] [--out DIR]
"""
from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).resolve().parent))  # browser.py, as the tests import it

from browser import Browser, chromium  # noqa: E402

#: file name → the view's filters (those of ``policykg view``)
VIEWS = {
    "demo-view.png": {},
    "finance-view.png": {"department": "财政局"},
    "document-view.png": {"document": "xian"},
    "county-view.png": {"county": "浠水"},
}


def take(store: Path, out: Path) -> list[Path]:
    """Write one PNG per entry of :data:`VIEWS` into ``out``, from the embedded store at ``store``."""
    from kg.loaders import open_store

    exe = chromium()
    if exe is None:
        raise SystemExit("error: Chromium is not installed (make install-test installs it)")
    with open_store("networkx", path=store) as st:
        graph = st.graph()
    from kg.questions.view import render

    out.mkdir(parents=True, exist_ok=True)
    written = []
    with tempfile.TemporaryDirectory() as tmp, Browser(exe, width=1280, height=800) as browser:
        for name, filters in VIEWS.items():
            page = browser.open(render(graph, Path(tmp) / f"{name}.html", **filters).path)
            if page.errors:
                raise SystemExit(f"error: {name}: the page reported {page.errors[0]}")
            (out / name).write_bytes(page.screenshot())
            written.append(out / name)
    return written


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", type=Path, default=ROOT / "out" / "demo-store", help="an embedded store (make demo's)")
    parser.add_argument("--out", type=Path, default=ROOT / "docs", help="folder for the PNG files")
    args = parser.parse_args(argv)
    if not (args.store / "graph.json").exists():
        raise SystemExit(f"error: {args.store}: no store here (run make demo first)")
    for path in take(args.store, args.out):
        print(f"wrote {path}")


if __name__ == "__main__":
    main()
