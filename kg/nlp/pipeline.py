"""The extraction pipeline, built from ``kg/nlp/config.cfg`` and the schema.

:func:`make_nlp` builds a fresh pipeline the library's way: the config names the
tokenizer (spaCy's Chinese tokenizer, one token per character: every component
reads characters, so word segmentation would be paid for and never used) and the
components' settings; which components run, and in which order, is the schema's
(each label names the component that finds it, ``schema/graph.toml``), so a new
entity type is its label there, its component and its test.
:meth:`spacy.Language.initialize` then loads each component's data. :func:`load_nlp` keeps one pipeline per process.

A component's module that fails to import is an error, not a component left out:
a pipeline quietly missing its departments would give wrong output, not no output.
"""
from __future__ import annotations

import importlib
import pkgutil
from functools import cache
from pathlib import Path
from typing import Iterable

from spacy import util
from spacy.language import Language

import kg.schema as _schema

__all__ = ["CONFIG", "make_nlp", "load_nlp", "MERGE"]

CONFIG = Path(__file__).with_name("config.cfg")

MERGE = "policykg_merge"  # always last: statistical entities become mentions, overlaps are resolved


def _register() -> None:
    """Import every module of :mod:`kg.nlp`, so that spaCy finds each component's factory.

    A component's module that fails to import fails the pipeline (see the module's docstring).
    """
    import kg.nlp

    for info in pkgutil.iter_modules(kg.nlp.__path__):
        importlib.import_module(f"kg.nlp.{info.name}")


def _config(path: Path, exclude: set[str]) -> util.Config:
    """The config at ``path`` with its pipeline taken from the schema: the components its labels
    name, in their order, then the merge. A component the config does not set up runs with its defaults."""
    try:
        cfg = util.load_config(path, interpolate=False)
    except (OSError, ValueError) as e:
        raise ValueError(f"{path}: cannot read the pipeline config ({e})") from None
    _register()
    pipeline = [name for name in (*_schema.load().components, MERGE) if name not in exclude]
    for name in pipeline:
        cfg["components"].setdefault(name, {"factory": name})
    for name in [n for n in cfg["components"] if n not in pipeline]:
        del cfg["components"][name]
        cfg["initialize"].get("components", {}).pop(name, None)
    cfg["nlp"]["pipeline"] = pipeline
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
