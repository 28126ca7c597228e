"""Documents by content, on both stores: a copy changes nothing, ``remove`` and ``ingest --prune``
take out one document and leave every other document's facts byte-identical."""
import json
import shutil

import networkx as nx
import orjson

from kg.graph.model import document_fragment
from tests.test_cli_store import _backends, _wipe, falkordb, run  # noqa: F401  (fixture)

NAMES = ("xishui_2024_tasks.txt", "xian_district_2022_ledger.txt", "yingcheng_2023_plan_traditional.txt")


def _documents(opts) -> dict[str, dict]:
    res = run("documents", "--format", "json", *opts)
    assert res.exit_code == 0, res.output
    return {r["path"].rsplit("/", 1)[-1]: r for r in json.loads(res.stdout)}


def _facts_of(opts, tmp_path, keys) -> bytes:
    """The facts each of ``keys`` states, cut out of a node-link export of the store, as canonical JSON."""
    out = tmp_path / "export.json"
    assert run("export", "-o", str(out), *opts).exit_code == 0
    graph = nx.node_link_graph(json.loads(out.read_text("utf-8")), directed=True, multigraph=True, edges="edges")
    parts = []
    for key in sorted(keys):
        frag = document_fragment(graph, key)
        parts.append(sorted(orjson.dumps([n, d], option=orjson.OPT_SORT_KEYS) for n, d in frag.nodes(data=True)))
        parts.append(sorted(orjson.dumps([u, v, k, d], option=orjson.OPT_SORT_KEYS) for u, v, k, d in frag.edges(keys=True, data=True)))
    return b"\n".join(line for part in parts for line in part)


def _stats(opts) -> dict:
    return json.loads(run("stats", "--format", "json", *opts).stdout)


def test_a_copy_changes_nothing_and_remove_and_prune_keep_the_others_facts(falkordb, tmp_path, examples_dir):
    docs, copy = tmp_path / "docs", tmp_path / "copy"
    docs.mkdir()
    for name in NAMES:
        shutil.copy(examples_dir / name, docs)
    shutil.copytree(docs, copy)
    for backend, opts in _backends(falkordb, tmp_path).items():
        _wipe(opts)
        assert run("ingest", str(docs), *opts).exit_code == 0
        stats, listed = _stats(opts), _documents(opts)
        assert set(listed) == set(NAMES) and all(r["tasks"] > 0 and r["title"] for r in listed.values()), backend

        res = run("ingest", str(copy), *opts)  # the same contents under other paths
        assert res.exit_code == 0 and "ingested 0, unchanged 3," in res.stderr, (backend, res.stderr)
        assert _stats(opts) == stats and _documents(opts) == listed, backend

        xishui, others = listed[NAMES[0]]["key"], [listed[n]["key"] for n in NAMES[1:]]
        before = _facts_of(opts, tmp_path, others)
        res = run("remove", xishui[:8], *opts)  # by hash prefix
        assert res.exit_code == 0 and NAMES[0] in res.stderr, (backend, res.output)
        assert set(_documents(opts)) == set(NAMES[1:]), backend
        assert _facts_of(opts, tmp_path, others) == before, backend  # byte-identical
        res = run("remove", xishui[:8], *opts)
        assert res.exit_code == 1 and res.stderr.count("\n") == 1 and "no document" in res.stderr, backend

        assert run("ingest", str(docs), *opts).exit_code == 0  # back in: the store is as it was
        assert _stats(opts) == stats, backend
        kept = [listed[NAMES[0]]["key"], listed[NAMES[2]]["key"]]
        before = _facts_of(opts, tmp_path, kept)
        (docs / NAMES[1]).unlink()
        res = run("ingest", str(docs), "--prune", *opts)
        assert res.exit_code == 0 and "removed 1" in res.stderr, (backend, res.stderr)
        assert set(_documents(opts)) == {NAMES[0], NAMES[2]}, backend
        assert _facts_of(opts, tmp_path, kept) == before, backend
        res = run("remove", str(docs / NAMES[2]), *opts)  # by path
        assert res.exit_code == 0 and set(_documents(opts)) == {NAMES[0]}, backend
        shutil.copy(examples_dir / NAMES[1], docs)


def test_remove_checks_every_name_before_removing_any(tmp_path, examples_dir):
    opts = ["--backend", "networkx", "--store", str(tmp_path / "s")]
    assert run("ingest", str(examples_dir), *opts).exit_code == 0
    listed = _documents(opts)
    res = run("remove", str(examples_dir / NAMES[0]), "ffffffffffff", *opts)
    assert res.exit_code == 1 and "ffffffffffff: no document" in res.stderr
    assert _documents(opts) == listed
    res = run("remove", "ab", *opts)  # too short to be a hash prefix, and no such path
    assert res.exit_code == 1 and _documents(opts) == listed
