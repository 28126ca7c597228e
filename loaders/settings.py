"""Where a store's connection settings come from when they are not given: the environment.

One table, read by :func:`kg.loaders.base.open_store` (for a notebook) and by the CLI's
options (for ``--help`` and typer's own reading), so that an environment variable is
named in one place. Only ``os`` is imported: the CLI reads this before it needs a store.
"""
from __future__ import annotations

import os

__all__ = ["ENVIRONMENT", "DEFAULT_STORE", "setting"]

DEFAULT_STORE = "policykg-data"

# setting -> the environment variables that give it, first found wins
ENVIRONMENT: dict[str, list[str]] = {
    "uri": ["NEO4J_URI"],
    "user": ["NEO4J_USER", "NEO4J_USERNAME"],
    "password": ["NEO4J_PASSWORD"],
    "database": ["NEO4J_DATABASE"],
    "store": ["POLICYKG_STORE"],
}


def setting(name: str, given: str | None = None) -> str | None:
    """``given`` where it is not None, else the first of ``name``'s environment variables that is not
    empty, else ``""`` where one is set but empty (an empty password is a password), else None.

    >>> setting("user", "neo4j")
    'neo4j'
    """
    if given is not None:
        return given
    values = [os.environ.get(var) for var in ENVIRONMENT[name]]
    return next((v for v in values if v), "" if "" in values else None)
