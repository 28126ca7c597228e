"""Every user mistake is one ``error:`` line naming the file or URI, exit 1, never a traceback.

Each case is a mistake a newcomer makes (or a fault a store meets) on real commands:
a store that is not there, an output folder that is not there, a damaged store, a
bad URI, a file name with a newline in it, a bad option value.
"""
import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kg.cli import app
from tests.faults import damage

runner = CliRunner()


def run(*args: str):
    return runner.invoke(app, list(args))


def one_error(res, *needles: str) -> str:
    """The single ``error:`` line of a failed command; asserts there is nothing else on stderr."""
    assert res.exit_code == 1, (res.exit_code, res.output, res.exception)
    assert isinstance(res.exception, SystemExit), res.exception  # not a traceback
    lines = res.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), res.stderr
    for n in needles:
        assert n in lines[0], (n, lines[0])
    return lines[0]


@pytest.fixture(scope="module")
def store(tmp_path_factory, examples_dir):
    """An embedded store with one sample document (copy it before damaging it)."""
    path = tmp_path_factory.mktemp("store") / "s"
    res = run("ingest", str(examples_dir / "xishui_2024_tasks.txt"), "--store", str(path), "--backend", "networkx")
    assert res.exit_code == 0, res.output
    return path


def _copy(store, tmp_path):
    dst = tmp_path / "copy"
    shutil.copytree(store, dst)
    return dst


@pytest.mark.parametrize("command", ["stats", "leads", "tasks", "departments", "export"])
def test_a_missing_store_is_one_line_naming_it(tmp_path, command):
    missing = tmp_path / "nothing-here"
    extra = ["-o", str(tmp_path / "x.xlsx")] if command == "export" else []
    one_error(run(command, "--store", str(missing), "--backend", "networkx", *extra), str(missing), "no store")


def test_an_empty_folder_is_one_line_and_the_store_is_not_made(tmp_path):
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "notes.md").write_text("# not a document type policykg reads\n")
    store = tmp_path / "s"
    one_error(run("ingest", str(tmp_path / "docs"), "--store", str(store), "--backend", "networkx"), str(tmp_path / "docs"),
              "no documents")
    assert not store.exists()
    one_error(run("extract", str(tmp_path / "docs")), str(tmp_path / "docs"), "no documents")


def test_an_empty_folder_beside_documents_is_a_partial_failure(tmp_path, examples_dir):
    (tmp_path / "empty").mkdir()
    res = run("ingest", str(tmp_path / "empty"), str(examples_dir / "xishui_2024_tasks.txt"), "--store", str(tmp_path / "s"),
              "--backend", "networkx", "-q")
    assert res.exit_code == 2 and "ingested 1," in res.stderr
    assert [line for line in res.stderr.splitlines() if line.startswith("error:")] == [
        f"error: {tmp_path / 'empty'}: no documents in this folder (looked for .txt, .html, .htm, .docx, .pdf)"]


def test_eval_without_gold_files_says_so(tmp_path, examples_dir):
    (tmp_path / "gold").mkdir()
    one_error(run("eval", "--gold", str(tmp_path / "gold"), "--docs", str(examples_dir)), str(tmp_path / "gold"), "no *.gold.json")


def test_export_does_not_replace_a_pipe_or_a_folder(store, tmp_path):
    import os
    import stat

    opts = ["--store", str(store), "--backend", "networkx"]
    fifo = tmp_path / "out.json"
    os.mkfifo(fifo)
    one_error(run("export", "-o", str(fifo), *opts), str(fifo), "not a regular file")
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)  # still the pipe: not renamed over (as root, /dev/full would be)
    (tmp_path / "link.json").symlink_to(fifo)
    one_error(run("export", "-o", str(tmp_path / "link.json"), *opts), "link.json", "not a regular file")
    assert (tmp_path / "link.json").is_symlink()
    (tmp_path / "folder.json").mkdir()
    one_error(run("export", "-o", str(tmp_path / "folder.json"), *opts), "folder.json", "is a folder")


def test_view_output_that_cannot_be_a_page_is_one_line(store, tmp_path):
    opts = ["--store", str(store), "--backend", "networkx"]
    one_error(run("view", "-o", str(tmp_path), *opts), str(tmp_path), "is a folder")
    (tmp_path / "afile").write_text("")
    one_error(run("view", "-o", str(tmp_path / "afile" / "v.html"), *opts), "afile is a file, not a folder")


def test_export_into_a_missing_folder_names_the_folder(store, tmp_path):
    target = tmp_path / "no" / "such" / "ledger.xlsx"
    one_error(run("export", "-o", str(target), "--store", str(store), "--backend", "networkx"), str(target.parent))
    assert not target.parent.exists()


def test_a_store_under_a_file_is_one_line_naming_the_path(tmp_path, examples_dir):
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    res = run("ingest", str(examples_dir / "xishui_2024_tasks.txt"), "--store", str(blocker / "s"), "--backend", "networkx", "-j", "1")
    one_error(res, str(blocker))


def test_a_damaged_store_says_which_file_and_how_to_recover(store, tmp_path, examples_dir):
    damaged = _copy(store, tmp_path)
    damage(damaged, "nodes", "sqlite_autoindex_nodes_1")
    data = (damaged / "store.sqlite").read_bytes()
    for args in (["leads"], ["stats"], ["view", "-o", str(tmp_path / "v.html")],
                 ["ingest", str(examples_dir / "xian_district_2022_ledger.txt"), "-j", "1"]):
        one_error(run(*args, "--store", str(damaged), "--backend", "networkx"), str(damaged / "store.sqlite"), "damaged",
                  f"policykg repair --store {damaged}")
    assert (damaged / "store.sqlite").read_bytes() == data  # nothing written over it


def test_a_truncated_store_file_is_one_line_too(store, tmp_path):
    damaged = _copy(store, tmp_path)
    data = (damaged / "store.sqlite").read_bytes()
    (damaged / "store.sqlite").write_bytes(data[: len(data) // 2])
    one_error(run("leads", "--store", str(damaged), "--backend", "networkx"), str(damaged / "store.sqlite"), "policykg repair")


@pytest.mark.parametrize("uri, needle", [
    ("bolt://127.0.0.1:99999", "port 99999 is out of range"),
    ("bolt://127.0.0.1:0", "port 0 is out of range"),
    ("http://127.0.0.1:7474", "not a Bolt URI"),
    ("127.0.0.1:7687", "no scheme"),
    ("bolt://", "no host"),
    ("bolt://127.0.0.1:7687x", "not a number"),
])
def test_bad_uris_are_refused_before_connecting(uri, needle, tmp_path):
    for backend in ("neo4j", "auto"):  # auto must not fall back to the embedded store on a typo
        res = run("stats", "--backend", backend, "--uri", uri, "--store", str(tmp_path / "s"))
        one_error(res, needle)
    assert not (tmp_path / "s").exists()


def test_a_password_in_the_uri_is_not_printed():
    line = one_error(run("stats", "--backend", "neo4j", "--uri", "bolt://neo4j:hunter2@127.0.0.1:99999"))
    assert "hunter2" not in line and "***" in line


def test_a_newline_in_a_file_name_cannot_forge_an_error_line(tmp_path, examples_dir):
    docs = tmp_path / "docs"
    docs.mkdir()
    shutil.copy(examples_dir / "xishui_2024_tasks.txt", docs)
    (docs / "bad\nerror: everything is fine.txt").write_bytes(b"")
    (docs / "bell\x1b[31m.txt").write_bytes(b"")
    res = run("ingest", str(docs), "--store", str(tmp_path / "s"), "--backend", "networkx", "-j", "1")
    assert res.exit_code == 2
    errors = [line for line in res.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 2, res.stderr
    assert not any(line.startswith("error: everything") for line in res.stderr.splitlines())
    assert any("bad\\nerror: everything is fine.txt" in e for e in errors)
    assert "\x1b" not in res.stderr and any("bell\\x1b[31m.txt" in e for e in errors)


@pytest.mark.parametrize("args, needle", [
    (["leads", "--bogus"], "--bogus"),
    (["view", "--max-nodes", "many"], "--max-nodes"),
    (["view", "--layout", "spiral"], "--layout"),
    (["view", "--max-nodes", "0"], "--max-nodes"),
    (["view", "--depth", "0"], "--depth"),
    (["leads", "--format", "yaml"], "yaml"),
    (["ingest"], "paths"),
])
def test_bad_options_are_one_line_and_exit_1(args, needle, tmp_path):
    one_error(run(*args, "--store", str(tmp_path / "s")), needle)


def test_version():
    from kg import __version__

    res = run("--version")
    assert res.exit_code == 0 and res.stdout.strip() == f"policykg {__version__}"


def _commands():
    from typer.main import get_command

    return sorted(get_command(app).commands)


@pytest.mark.parametrize("name", _commands())
def test_help_shows_defaults_env_vars_and_an_example_without_type_noise(name):
    res = runner.invoke(app, [name, "--help"], env={"COLUMNS": "200"}, terminal_width=200)
    assert res.exit_code == 0, res.output
    text = res.stdout
    assert "Example:" in text
    assert "<bool>" not in text and "<str>" not in text and "<int>" not in text and "<path>" not in text
    assert " VALUE " not in text  # every option's metavar says what it takes (N, TEXT, PATH, NAME ...)
    if "--store" in text:
        assert "./policykg-data" in text and "POLICYKG_STORE" in text
    if "--uri" in text:
        assert "NEO4J_URI" in text and "NEO4J_USER, NEO4J_USERNAME" in text and "NEO4J_PASSWORD" in text


def test_completion_is_offered():
    res = run("--help")
    assert "--install-completion" in res.stdout and "Example:" in res.stdout


@pytest.mark.skipif(shutil.which("bash") is None, reason="needs bash")
def test_installed_bash_completion_completes_commands_and_options(tmp_path):
    """``--install-completion`` writes a script that bash sources; asked as bash asks on Tab, it completes."""
    import os
    import subprocess
    import sys

    bindir = Path(sys.executable).parent
    env = {**os.environ, "HOME": str(tmp_path), "SHELL": "/bin/bash", "PATH": f"{bindir}{os.pathsep}{os.environ.get('PATH', '')}"}
    # from a bash prompt, as a user runs it: typer asks the process tree which shell it is in
    # (a second command keeps bash from exec-ing policykg in its place)
    res = subprocess.run(["bash", "-c", f"'{bindir / 'policykg'}' --install-completion; exit $?"], env=env,
                         capture_output=True, text=True, timeout=120)
    assert res.returncode == 0, res.stderr
    script = tmp_path / ".bash_completions" / "policykg.sh"
    assert f"source '{script}'" in (tmp_path / ".bashrc").read_text()

    def tab(*words: str) -> list[str]:
        line = " ".join(words)
        code = (f"source '{script}'; COMP_WORDS=({line}); COMP_CWORD={len(words) - 1}; "
                "_policykg_completion policykg; printf '%s\\n' \"${COMPREPLY[@]}\"")
        out = subprocess.run(["bash", "-c", code], env=env, capture_output=True, text=True, timeout=120)
        return out.stdout.split()

    assert tab("policykg", "le") == ["leads"]
    assert tab("policykg", "view", "--lay") == ["--layout"]


def test_export_takes_the_format_from_the_extension(store, tmp_path):
    import networkx as nx

    opts = ["--store", str(store), "--backend", "networkx"]
    res = run("export", "-o", str(tmp_path / "g.graphml"), *opts)
    assert res.exit_code == 0 and nx.read_graphml(tmp_path / "g.graphml").number_of_nodes() > 10
    one_error(run("export", "-o", str(tmp_path / "g.csv"), *opts), "g.csv", "name it .zip")
    one_error(run("export", "-o", str(tmp_path / "g.pdf"), *opts), "g.pdf", "--format")
    one_error(run("export", "-o", str(tmp_path / "g.xlsx"), "--format", "pdf", *opts), "pdf")


def test_repair_salvages_a_damaged_store_and_rebuilds_one_from_an_export(tmp_path, examples_dir):
    store = tmp_path / "s"
    opts = ["--store", str(store), "--backend", "networkx"]
    assert run("ingest", str(examples_dir), *opts, "-q").exit_code == 0
    answer = run("leads", *opts, "-f", "json").stdout
    assert run("export", "-o", str(tmp_path / "backup.json"), *opts).exit_code == 0
    res = run("repair", "--store", str(store))
    assert res.exit_code == 0 and res.stderr.startswith("checked")  # a healthy store is left alone
    damage(store, "edges", "edges_type_src", "edges_type_dst")
    line = one_error(run("leads", *opts), "damaged")
    assert f"policykg repair --store {store}" in line
    res = run("repair", "--store", str(store))
    assert res.exit_code == 0 and res.stderr.startswith("salvaged") and "store.sqlite.damaged" in res.stderr, res.stderr
    assert (store / "store.sqlite.damaged").exists()
    stats = json.loads(run("stats", *opts, "-f", "json").stdout)  # readable again, with what could be read
    assert stats["nodes"]["Document"] == 3
    res = run("repair", "--store", str(store), "--from", str(tmp_path / "backup.json"))
    assert res.exit_code == 0 and res.stderr.startswith("rebuilt")
    assert run("leads", *opts, "-f", "json").stdout == answer  # the backup's answers, exactly


def test_repair_converts_a_store_of_the_former_version(tmp_path, examples_dir):
    from kg.loaders.networkx_store import NetworkXStore, write_graph

    store, old = tmp_path / "s", tmp_path / "old"
    assert run("ingest", str(examples_dir), "--store", str(store), "--backend", "networkx", "-q").exit_code == 0
    answer = run("leads", "--store", str(store), "--backend", "networkx", "-f", "json").stdout
    old.mkdir()
    write_graph(NetworkXStore(store).graph(), old / "graph.json")  # what a store of the former version holds
    one_error(run("leads", "--store", str(old), "--backend", "networkx"), "older version", f"policykg repair --store {old}")
    res = run("repair", "--store", str(old))
    assert res.exit_code == 0 and res.stderr.startswith("converted"), res.stderr
    assert run("leads", "--store", str(old), "--backend", "networkx", "-f", "json").stdout == answer


def test_repair_with_nothing_to_rebuild_from_says_so(tmp_path):
    one_error(run("repair", "--store", str(tmp_path / "none")), "no store")
    (tmp_path / "s").mkdir()
    (tmp_path / "s" / "graph.json").write_text("{")
    one_error(run("repair", "--store", str(tmp_path / "s")), "graph.json", "not a node-link graph")


def test_a_password_is_not_printed_when_the_server_is_not_there():
    from tests.bolt import free_port

    uri = f"bolt://neo4j:hunter2@127.0.0.1:{free_port()}"
    line = one_error(run("stats", "--backend", "neo4j", "--uri", uri), "127.0.0.1")
    assert "hunter2" not in line and "neo4j:***@" in line
