"""The extraction pipeline, built from ``kg/nlp/config.cfg``.

:func:`make_nlp` builds a fresh pipeline the library's way: the config names the
tokenizer (spaCy's Chinese tokenizer in pkuseg mode) and the registered components;
:meth:`spacy.Language.initialize` then loads the pkuseg model
(``[initialize.tokenizer] pkuseg_model``, the compact model of :mod:`kg.nlp.segment`)
and each component's data (the statistical NER's model too: ``policykg_ner`` runs
the character NER of :mod:`kg.nlp.train` on the text). :func:`load_nlp` keeps one
pipeline per process.

A component whose module is not there yet is left out, so the pipeline always builds.
"""
from __future__ import annotations

import importlib
import sys
from functools import cache
from pathlib import Path
from typing import Iterable

from spacy import util
from spacy.language import Language

from kg.nlp.segment import model_dir

__all__ = ["CONFIG", "make_nlp", "load_nlp", "COMPONENT_MODULES"]

CONFIG = Path(__file__).with_name("config.cfg")

# Where each factory is registered (imported before the config is read).
COMPONENT_MODULES = {
    "policykg_divisions": "kg.nlp.divisions",
    "policykg_departments": "kg.nlp.departments",
    "policykg_industries": "kg.nlp.industries",
    "policykg_projects": "kg.nlp.projects",
    "policykg_ner": "kg.nlp.train",
    "policykg_merge": "kg.nlp.merge",
}


def _register(factories: set[str]) -> set[str]:
    """Import the modules that register ``factories``; return the factories that are missing."""
    missing = set()
    for factory in factories:
        module = COMPONENT_MODULES.get(factory)
        if module is None:
            continue
        try:
            importlib.import_module(module)
        except ImportError as e:
            print(f"policykg: pipeline component {factory} left out ({e})", file=sys.stderr)
            missing.add(factory)
    return missing


def _config(path: Path, pkuseg_model: Path, exclude: set[str]) -> util.Config:
    try:
        cfg = util.load_config(path, overrides={"paths.pkuseg_model": str(pkuseg_model)}, interpolate=False)
    except (OSError, ValueError) as e:
        raise ValueError(f"{path}: cannot read the pipeline config ({e})") from None
    factories = {c.get("factory") for c in cfg["components"].values() if isinstance(c, dict)}
    missing = _register(factories - {None})
    for name in [n for n, c in cfg["components"].items() if n in exclude or c.get("factory") in missing]:
        del cfg["components"][name]
        cfg["nlp"]["pipeline"] = [p for p in cfg["nlp"]["pipeline"] if p != name]
        cfg["initialize"].get("components", {}).pop(name, None)
    return cfg


def make_nlp(*, config: Path | None = None, pkuseg_model: Path | None = None, exclude: Iterable[str] = ()) -> Language:
    """Build and initialise the pipeline of ``config`` (default ``kg/nlp/config.cfg``).

    ``pkuseg_model``: the segmentation model folder (default :func:`kg.nlp.segment.model_dir`).
    ``exclude``: component names to leave out (e.g. ``["policykg_ner"]`` for a pattern-only pipeline).
    """
    cfg = _config(Path(config or CONFIG), Path(pkuseg_model or model_dir()), set(exclude))
    nlp = util.load_model_from_config(cfg, auto_fill=True, validate=True)
    nlp.initialize()
    return nlp


@cache
def load_nlp() -> Language:
    """The pipeline of this process, built on first use."""
    return make_nlp()
