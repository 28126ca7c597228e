"""An ingest under faults: a held lock, a slow document, Ctrl-C, and a killed parent.

The lock is taken before any work, so a second ingest fails at once (or waits
when told to); a document over its time budget is one error while the others are
stored; Ctrl-C ends the ingest with one line saying what was saved; and no
extraction worker outlives the ingest, however it ends. Tests that wait on
another process wait on something it does (a line it prints, a process it
starts), always with a deadline.
"""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from kg.ingest import ingest
from kg.loaders.networkx_store import NetworkXStore

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
SAMPLE = (EXAMPLES / "xishui_2024_tasks.txt").read_text("utf-8")

_HOLDER = textwrap.dedent("""
    import sys
    from kg.loaders.networkx_store import NetworkXStore

    with NetworkXStore(sys.argv[1]) as st:
        st.lock()
        print("lock held", flush=True)
        sys.stdin.readline()  # hold it until told to let go
""")


def _hold_lock(store: Path) -> subprocess.Popen:
    p = subprocess.Popen([sys.executable, "-c", _HOLDER, str(store)], cwd=ROOT, stdin=subprocess.PIPE,
                         stdout=subprocess.PIPE, text=True)
    assert p.stdout.readline().strip() == "lock held"
    return p


def _cli(*args: str, **kw) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "kg.cli", *args], cwd=ROOT, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, **kw)


def _until(condition, what: str, timeout: float = 60.0):
    deadline = time.monotonic() + timeout
    while not (result := condition()):
        if time.monotonic() > deadline:
            pytest.fail(f"gave up after {timeout:g} s waiting for {what}")
        time.sleep(0.01)
    return result


def _children(pid: int) -> list[int]:
    """Live child processes of ``pid`` (from /proc)."""
    out = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        if int(fields[1]) == pid and fields[0] != "Z":
            out.append(int(stat.parent.name))
    return out


def _alive(pid: int) -> bool:
    """Running (a zombie left to an init that does not reap counts as gone)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state != "Z"


def _ignores_sigint(pid: int) -> bool:
    """Whether ``pid`` ignores SIGINT yet (a worker does once its initializer has run)."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return False
    mask = next((int(line.split()[1], 16) for line in status.splitlines() if line.startswith("SigIgn:")), 0)
    return bool(mask & (1 << (signal.SIGINT - 1)))


def _slow_corpus(folder: Path, n: int, copies: int = 300) -> Path:
    """``n`` real-looking documents, each ``copies`` copies of a sample (300: about 300,000 characters, some 9 s
    of extraction): these tests need a document still in work when they act."""
    folder.mkdir()
    for i in range(n):
        (folder / f"big{i}.txt").write_text("\n".join([SAMPLE] * copies), "utf-8")
    return folder


needs_proc = pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc (Linux)")


def test_a_second_ingest_fails_at_once_naming_the_store_and_the_holder(tmp_path):
    store = tmp_path / "s"
    holder = _hold_lock(store)
    try:
        script = textwrap.dedent("""
            import sys
            from kg.ingest import ingest
            from kg.loaders import StoreError
            from kg.loaders.networkx_store import NetworkXStore

            with NetworkXStore(sys.argv[1]) as st:
                try:
                    ingest([sys.argv[2]], st, jobs=1)
                except StoreError as e:
                    print(e)
            print("extraction ran" if "kg.nlp.pipeline" in sys.modules else "no extraction")
        """)
        out = subprocess.run([sys.executable, "-c", script, str(store), str(EXAMPLES)], cwd=ROOT, capture_output=True,
                             text=True, timeout=120).stdout.splitlines()
        assert out[0].startswith(f"store {store} is locked by another ingest (held by pid {holder.pid} on ")
        assert out[1] == "no extraction"  # it failed before any work
        cli = _cli("ingest", str(EXAMPLES), "--store", str(store), "--backend", "networkx")
        _, err = cli.communicate(timeout=120)
        assert cli.returncode == 1
        assert err.splitlines() == [f"error: store {store} is locked by another ingest "
                                    f"({(store / 'store.lock.holder').read_text()}; waited 0 s)"]
        waiting = _cli("ingest", str(EXAMPLES), "--store", str(store), "--backend", "networkx", "--wait", "120", "--jobs", "1")
    finally:
        holder.communicate("go\n", timeout=60)  # let go of the lock
    _, err = waiting.communicate(timeout=180)
    assert waiting.returncode == 0, err
    assert err.strip().splitlines()[-1].startswith("ingested 3, unchanged 0, failed 0")
    assert not (store / "store.lock.holder").exists()


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_document_over_its_time_budget_is_one_error_and_the_others_are_stored(tmp_path, jobs):
    # about 400,000 characters: some 12 s of work on an idle machine, six times the budget; the samples take a tenth of a second
    docs = _slow_corpus(tmp_path / "docs", 1, copies=400)
    for p in sorted(EXAMPLES.glob("*.txt")):
        (docs / p.name).write_bytes(p.read_bytes())
    with NetworkXStore(tmp_path / "s") as st:
        started = time.monotonic()
        report = ingest([docs], st, jobs=jobs, time_limit=2.0)
        took = time.monotonic() - started
        assert report.errors == [f"{docs / 'big0.txt'}: gave up after 2 s (the time budget per document); "
                                 "the other documents are not affected"]
        assert sorted(map(Path, report.ingested)) == sorted(docs / p.name for p in EXAMPLES.glob("*.txt"))
        assert {Path(d["path"]).name for d in st.nodes("Document")} == {p.name for p in EXAMPLES.glob("*.txt")}
    assert took < 120


@needs_proc
def test_ctrl_c_ends_an_ingest_and_its_workers_at_once_with_a_line_saying_what_was_saved(tmp_path):
    docs = _slow_corpus(tmp_path / "docs", 4)
    store = tmp_path / "s"
    p = _cli("ingest", str(docs), "--store", str(store), "--backend", "networkx", "--jobs", "2", start_new_session=True)
    try:
        workers = _until(lambda: len(_children(p.pid)) >= 2 and _children(p.pid), "two extraction workers")
        _until(lambda: all(_ignores_sigint(w) for w in workers), "the workers to be set up")
        started = time.monotonic()
        os.killpg(p.pid, signal.SIGINT)  # what the terminal does on Ctrl-C: the whole process group
        _, err = p.communicate(timeout=60)
        took = time.monotonic() - started
    finally:
        if p.poll() is None:
            p.kill()
    assert p.returncode == 130
    assert err.splitlines() == ["error: interrupted: 0 documents saved, 4 not saved (the store holds every batch "
                                "saved before; run the ingest again to go on)"]
    _until(lambda: not any(_alive(w) for w in workers), "the workers to end", timeout=10)
    assert took < 5, f"Ctrl-C took {took:.1f} s"
    assert not NetworkXStore(store).document_hashes()  # nothing half-written


@needs_proc
@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGTERM])
def test_no_worker_outlives_a_killed_ingest(tmp_path, sig):
    docs = _slow_corpus(tmp_path / "docs", 4)
    p = _cli("ingest", str(docs), "--store", str(tmp_path / "s"), "--backend", "networkx", "--jobs", "2", start_new_session=True)
    try:
        workers = _until(lambda: len(_children(p.pid)) >= 2 and _children(p.pid), "two extraction workers")
        p.send_signal(sig)  # the parent only, as kill(1) does
        p.wait(timeout=60)
        _until(lambda: not any(_alive(w) for w in workers), "the workers to die with their parent", timeout=20)
    finally:
        if p.poll() is None:
            p.kill()


@needs_proc
def test_a_worker_killed_under_the_ingest_is_an_error_not_a_hang(tmp_path):
    """The out-of-memory killer takes a worker: its documents are errors, the ingest ends, nothing is left running."""
    docs = _slow_corpus(tmp_path / "docs", 4)
    p = _cli("ingest", str(docs), "--store", str(tmp_path / "s"), "--backend", "networkx", "--jobs", "2")
    try:
        workers = _until(lambda: len(_children(p.pid)) >= 2 and _children(p.pid), "two extraction workers")
        _until(lambda: all(_ignores_sigint(w) for w in workers), "the workers to be set up")
        os.kill(workers[0], signal.SIGKILL)
        _, err = p.communicate(timeout=240)
    finally:
        if p.poll() is None:
            p.kill()
    lines = err.splitlines()
    lost = [line for line in lines if line.endswith(": not extracted: an extraction worker died (killed, out of memory?)")]
    assert lost and all(line.startswith(f"error: {docs}") for line in lost)
    ingested = int(lines[-1].split()[1].rstrip(","))
    assert lines[-1].startswith(f"ingested {ingested}, unchanged 0, failed {len(lost)} (") and ingested + len(lost) == 4
    assert len(lines) == len(lost) + 1 and p.returncode == (2 if ingested else 1)
    _until(lambda: not any(_alive(w) for w in workers), "the workers to end", timeout=20)


@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
def test_the_time_budget_holds_when_a_finalizer_drops_its_first_stop():
    """A stop raised while a finalizer runs (a Bolt driver's __del__ under garbage collection) is
    printed and dropped by Python; the budget must stop the work all the same."""
    from kg.budget import DocumentTimeout, time_budget

    class Finalizer:
        def __del__(self):
            time.sleep(0.5)  # the first stop lands here, and Python drops it

    started = time.monotonic()
    with pytest.raises(DocumentTimeout):
        with time_budget(0.2, "slow.txt"):
            f = Finalizer()
            del f
            while time.monotonic() - started < 10:  # the work that goes on after the dropped stop
                pass
    assert time.monotonic() - started < 5


def test_a_ctrl_c_while_the_pool_forks_its_workers_is_raised_after_the_forks_not_dropped():
    """A KeyboardInterrupt raised inside a fork hook is printed and dropped, leaving logging's lock
    held (the pool's result thread then blocks for ever): the pool is started with SIGINT held back."""
    from kg.workers import _sigint_deferred

    reached_end = False
    with pytest.raises(KeyboardInterrupt):
        with _sigint_deferred():
            os.kill(os.getpid(), signal.SIGINT)
            pid = os.fork()  # a fork's parent-side hooks run with the signal pending, not raised
            if pid == 0:
                os._exit(0)
            os.waitpid(pid, 0)
            reached_end = True
    assert reached_end
