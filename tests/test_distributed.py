"""Ingest with extraction on Dask workers (``policykg ingest --scheduler``).

One LocalCluster of 2 worker processes serves the module (started once: each worker
loads the pipeline). The store it fills must equal the one a plain ingest fills from
the same documents, on the embedded store and on a Bolt server; an unchanged corpus
sent again writes nothing; a failure half-way leaves the saved batches, which a second
run does not redo; a task that fails on a worker is that document's one error line.
LocalCluster returns when its workers have registered with the scheduler, so the tests
wait on that, never on a sleep.
"""
from __future__ import annotations

import json
import os
import shutil
import sys
from pathlib import Path

import networkx as nx
import pytest
from typer.testing import CliRunner

if os.environ.get("CI") != "true":  # under CI a missing Dask fails the run (the test extra installs it)
    pytest.importorskip("distributed")

import cloudpickle  # noqa: E402  (a dependency of distributed)

from kg.cli import app  # noqa: E402
from kg.distributed import SchedulerError, connect, parse_scheduler, results  # noqa: E402
from kg.ingest import _work, ingest  # noqa: E402
from kg.questions.query import leads, stats  # noqa: E402
from kg.loaders.networkx_store import NetworkXStore  # noqa: E402
from tests.bolt import free_port  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
runner = CliRunner()
# The failing work function below travels to the worker processes by value: they cannot import tests/.
cloudpickle.register_pickle_by_value(sys.modules[__name__])


@pytest.fixture(scope="module")
def client():
    with connect("local:2") as c:
        assert len(c.nthreads()) == 2
        yield c


@pytest.fixture()
def corpus(tmp_path):
    """The three sample documents, a second copy of one under another name, and an empty file (a read error)."""
    d = tmp_path / "corpus"
    d.mkdir()
    for p in sorted((ROOT / "examples").glob("*.txt")):
        shutil.copy(p, d)
    shutil.copy(ROOT / "examples" / "xishui_2024_tasks.txt", d / "xishui_copy.txt")
    (d / "empty.txt").write_bytes(b"")
    return d


def _plain(corpus: Path, folder: Path) -> NetworkXStore:
    st = NetworkXStore(folder)
    ingest([corpus], st, jobs=1)
    return st


def _data(st) -> dict:
    return nx.node_link_data(st.graph(), edges="links")


def _writes(st) -> list[int]:
    """Count the fragments each ``replace_documents`` call writes (the store's own method still does the work)."""
    calls: list[int] = []
    real = st.replace_documents

    def counted(fragments):
        fragments = list(fragments)
        calls.append(len(fragments))
        return real(fragments)

    st.replace_documents = counted
    return calls


def test_the_store_equals_a_plain_ingest_and_an_unchanged_corpus_writes_nothing(client, corpus, tmp_path):
    plain = _plain(corpus, tmp_path / "plain")
    st = NetworkXStore(tmp_path / "dask")
    report = ingest([corpus], st, scheduler=client, batch=2)
    assert len(report.ingested) == 3 and len(report.errors) == 1 and "empty.txt" in report.errors[0]
    assert [Path(p).name for p in report.skipped] == ["xishui_copy.txt"]  # a document is its content: the copy is one
    assert [d.path for d in report.documents] == sorted(str(p) for p in corpus.iterdir())  # input order
    assert _data(st) == _data(plain)
    assert leads(st) == leads(plain) and stats(st) == stats(plain)
    assert stats(st)["nodes"]["Task"] > 10

    writes = _writes(st)
    again = ingest([corpus], st, scheduler=client)
    assert writes == [] and again.ingested == [] and len(again.skipped) == 4
    assert _data(st) == _data(plain)
    (corpus / "empty.txt").unlink()  # now nothing is left to send: no scheduler is even asked
    nothing = ingest([corpus], st, scheduler=f"tcp://127.0.0.1:{free_port()}")
    assert nothing.ok and len(nothing.skipped) == 4 and writes == []


def test_a_failure_half_way_keeps_the_saved_batches_and_the_next_run_does_not_redo_them(client, corpus, tmp_path):
    folder = tmp_path / "dask"
    st = NetworkXStore(folder)
    real = st.replace_documents
    saved: list[int] = []

    def fails_second(fragments):
        if saved:
            raise OSError(28, "No space left on device")
        saved.append(real(fragments))
        return saved[-1]

    st.replace_documents = fails_second
    with pytest.raises(OSError):
        ingest([corpus], st, scheduler=client, batch=2)
    st.close()
    assert saved == [2]

    st = NetworkXStore(folder)
    writes = _writes(st)
    report = ingest([corpus], st, scheduler=client, batch=2)
    # the two saved, and the copy of one of them (a document is its content), are not redone
    assert len(report.skipped) == 3 and len(report.ingested) == 1 and sum(writes) == 1
    assert _data(st) == _data(_plain(corpus, tmp_path / "plain"))


def _dies_on_copy(path: str):
    """Extraction whose task fails on the worker for one file, as when its worker runs out of memory."""
    if path.endswith("xishui_copy.txt"):
        raise MemoryError("the worker ran out of memory")
    return _work(path)


def test_a_task_that_fails_on_a_worker_is_that_documents_one_error(client, corpus):
    paths = sorted(str(p) for p in corpus.glob("*.txt") if p.stat().st_size)
    out = list(results(client, paths, _dies_on_copy))
    assert [p for p, _, _ in out] == paths
    failed = [(p, err) for p, frag, err in out if frag is None]
    assert len(failed) == 1 and failed[0][0].endswith("xishui_copy.txt")
    assert "not extracted on the Dask workers: MemoryError: the worker ran out of memory" in failed[0][1]
    assert "\n" not in failed[0][1]
    assert all(frag is not None for p, frag, _ in out if not p.endswith("xishui_copy.txt"))


@pytest.mark.bolt
def test_a_bolt_server_filled_through_dask_answers_as_a_plain_ingest(client, corpus, tmp_path, bolt_server):
    from kg.loaders.neo4j_store import Neo4jStore

    plain = _plain(corpus, tmp_path / "plain")
    with Neo4jStore(bolt_server.uri) as remote:
        remote.query("MATCH (n) DETACH DELETE n", write=True)
        try:
            ingest([corpus], remote, scheduler=client, batch=2)
            assert leads(remote) == leads(plain) and stats(remote) == stats(plain)
            assert ingest([corpus], remote, scheduler=client).ingested == []
        finally:
            remote.query("MATCH (n) DETACH DELETE n", write=True)


def test_docstring_examples_run():
    import doctest

    import kg.distributed

    result = doctest.testmod(kg.distributed)
    assert result.attempted > 0 and result.failed == 0


@pytest.mark.parametrize("spec", ["local:0", "dask.example.org", "tcp://host:99999", "http://host:8786"])
def test_a_malformed_scheduler_is_one_line_before_the_store_is_touched(spec, corpus, tmp_path):
    res = runner.invoke(app, ["ingest", str(corpus), "--store", str(tmp_path / "s"), "--backend", "networkx", "--scheduler", spec])
    assert res.exit_code == 1
    lines = res.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: bad scheduler") and spec in lines[0]
    assert not (tmp_path / "s").exists()


def test_a_scheduler_that_does_not_answer_is_one_line(corpus, tmp_path, monkeypatch):
    import kg.distributed

    monkeypatch.setattr(kg.distributed, "CONNECT_SECONDS", 1.0)
    address = f"tcp://127.0.0.1:{free_port()}"
    res = runner.invoke(app, ["ingest", str(corpus), "--store", str(tmp_path / "s"), "--backend", "networkx", "--scheduler", address])
    assert res.exit_code == 1, res.output
    lines = res.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"error: cannot reach the Dask scheduler at {address}")
    with pytest.raises(SchedulerError):
        parse_scheduler("local:x")


def test_the_cli_on_a_local_cluster_reports_each_document(corpus, tmp_path):
    store = tmp_path / "s"
    args = ["ingest", str(corpus), "--store", str(store), "--backend", "networkx", "--format", "json"]
    res = runner.invoke(app, [*args, "--scheduler", "local:2"])
    assert res.exit_code == 2, res.output  # the empty file failed, the others are in
    out = json.loads(res.stdout)
    status = {Path(d["path"]).name: d["status"] for d in out["documents"]}
    assert status == {"empty.txt": "failed", "xishui_copy.txt": "unchanged", "xishui_2024_tasks.txt": "ingested",
                      "xian_district_2022_ledger.txt": "ingested", "yingcheng_2023_plan_traditional.txt": "ingested"}
    assert [line for line in res.stderr.splitlines() if line.startswith("error:")] == [
        line for line in res.stderr.splitlines() if "empty.txt" in line]
    plain = _plain(corpus, tmp_path / "plain")
    assert _data(NetworkXStore(store)) == _data(plain)
    assert runner.invoke(app, [*args, "--scheduler", "local:2", "--jobs", "2"]).exit_code == 1
