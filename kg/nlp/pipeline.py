"""The extraction pipeline, built from ``kg/nlp/config.cfg``.

:func:`make_nlp` builds a fresh pipeline the library's way: the config names the
tokenizer (spaCy's Chinese tokenizer, one token per character: every component
reads characters, so word segmentation would be paid for and never used) and the
registered components; :meth:`spacy.Language.initialize` then loads each
component's data. :func:`load_nlp` keeps one pipeline per process.

A component's module that fails to import is an error, not a component left out:
a pipeline quietly missing its departments would give wrong output, not no output.
"""
from __future__ import annotations

import importlib
from functools import cache
from pathlib import Path
from typing import Iterable

from spacy import util
from spacy.language import Language

__all__ = ["CONFIG", "make_nlp", "load_nlp", "COMPONENT_MODULES"]

CONFIG = Path(__file__).with_name("config.cfg")

# Where each factory is registered (imported before the config is read).
COMPONENT_MODULES = {
    "policykg_divisions": "kg.nlp.divisions",
    "policykg_departments": "kg.nlp.departments",
    "policykg_industries": "kg.nlp.industries",
    "policykg_projects": "kg.nlp.projects",
    "policykg_merge": "kg.nlp.merge",
}


def _register(factories: set[str]) -> None:
    """Import the modules that register ``factories`` (spaCy finds a factory only once it is registered)."""
    for factory in factories:
        module = COMPONENT_MODULES.get(factory)
        if module is not None:
            importlib.import_module(module)


def _config(path: Path, exclude: set[str]) -> util.Config:
    try:
        cfg = util.load_config(path, interpolate=False)
    except (OSError, ValueError) as e:
        raise ValueError(f"{path}: cannot read the pipeline config ({e})") from None
    _register({c.get("factory") for c in cfg["components"].values() if isinstance(c, dict)} - {None})
    for name in [n for n in cfg["components"] if n in exclude]:
        del cfg["components"][name]
        cfg["nlp"]["pipeline"] = [p for p in cfg["nlp"]["pipeline"] if p != name]
        cfg["initialize"].get("components", {}).pop(name, None)
    return cfg


def make_nlp(*, config: Path | None = None, exclude: Iterable[str] = ()) -> Language:
    """Build and initialise the pipeline of ``config`` (default ``kg/nlp/config.cfg``).

    ``exclude``: component names to leave out (e.g. ``["policykg_projects"]``).
    """
    cfg = _config(Path(config or CONFIG), set(exclude))
    nlp = util.load_model_from_config(cfg, auto_fill=True, validate=True)
    nlp.initialize()
    return nlp


@cache
def load_nlp() -> Language:
    """The pipeline of this process, built on first use."""
    return make_nlp()
