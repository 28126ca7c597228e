"""What ``policykg ingest`` tells people: per-document counts, a warning where no task was found,
a progress bar and a table on a terminal only, JSON for programs."""
import json
import os
import pty
import shutil
import subprocess
import sys

import pytest
from typer.testing import CliRunner

from kg.cli import app

runner = CliRunner()
NO_TASKS = "浠水县人民政府关于春季植树的通知\n\n各乡镇：今年春季植树活动将于三月开展，请广大干部群众踊跃参加。\n"


@pytest.fixture()
def docs(tmp_path, examples_dir):
    d = tmp_path / "docs"
    d.mkdir()
    shutil.copy(examples_dir / "xishui_2024_tasks.txt", d)
    (d / "notice.txt").write_text(NO_TASKS, "utf-8")
    return d


def test_json_gives_counts_per_document_and_warns_where_no_task_was_found(docs, tmp_path):
    store = tmp_path / "s"
    res = runner.invoke(app, ["ingest", str(docs), "--store", str(store), "--backend", "networkx", "-j", "1", "--format", "json"])
    assert res.exit_code == 0, res.output
    out = json.loads(res.stdout)
    assert out["backend"] == "networkx" and out["store"] == str(store)
    by_name = {os.path.basename(d["path"]): d for d in out["documents"]}
    xishui, notice = by_name["xishui_2024_tasks.txt"], by_name["notice.txt"]
    tasks = json.loads(runner.invoke(app, ["tasks", "--store", str(store), "--backend", "networkx", "-f", "json"]).stdout)
    assert xishui["tasks"] == sum(1 for t in tasks if t["document"] == "xishui_2024_tasks.txt") == 7
    assert xishui["units"] > 10 and xishui["targets"] > 0 and xishui["warnings"] == []
    assert xishui["title"].startswith("浠水县人民政府办公室关于印发")
    assert notice["tasks"] == 0 and notice["warnings"] == ["no tasks found"]
    again = json.loads(runner.invoke(app, ["ingest", str(docs), "--store", str(store), "--backend", "networkx", "-f", "json"]).stdout)
    assert again["unchanged"] == 2 and {d["status"] for d in again["documents"]} == {"unchanged"}


def test_piped_output_is_quiet_lines_only(docs, tmp_path):
    store = tmp_path / "s"
    res = runner.invoke(app, ["ingest", str(docs), "--store", str(store), "--backend", "networkx", "-j", "1"])
    assert res.exit_code == 0
    lines = res.stderr.splitlines()
    assert lines == [f"warning: {docs / 'notice.txt'}: no tasks found", f"ingested 2, unchanged 0, failed 0 (embedded store {store})"]
    assert res.stdout == ""


def _on_a_terminal(args, cwd):
    """Run the CLI on a pseudo-terminal; its whole output once it exits."""
    pid, fd = pty.fork()
    if pid == 0:  # pragma: no cover - the child
        os.chdir(cwd)
        os.environ.update(COLUMNS="120", LINES="40", TERM="xterm")
        os.execv(sys.executable, [sys.executable, "-m", "kg.cli", *args])
    out = b""
    while True:
        try:
            chunk = os.read(fd, 65536)
        except OSError:  # the child closed the terminal
            break
        if not chunk:
            break
        out += chunk
    _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status), out.decode("utf-8", "replace")


def test_a_terminal_gets_a_table_of_what_each_document_gave(docs, tmp_path):
    code, out = _on_a_terminal(["ingest", str(docs), "--store", str(tmp_path / "s"), "--backend", "networkx", "-j", "1"], tmp_path)
    assert code == 0, out
    assert "已入库文件" in out and "浠水县人民政府关于春季植树的通知" in out
    assert "no tasks found" in out and "ingested 2, unchanged 0, failed 0" in out
    code, out = _on_a_terminal(["ingest", str(docs), "--store", str(tmp_path / "q"), "--backend", "networkx", "-j", "1", "--quiet"], tmp_path)
    assert code == 0 and "已入库文件" not in out and "ingested 2" in out


def test_extract_takes_a_folder_like_ingest(docs):
    res = runner.invoke(app, ["extract", str(docs)])
    assert res.exit_code == 0, res.output
    paths = [json.loads(line)["document"]["path"] for line in res.stdout.splitlines()]
    assert paths == [str(docs / "notice.txt"), str(docs / "xishui_2024_tasks.txt")]


def test_tasks_filters_and_pages_like_leads(docs, tmp_path):
    store = ["--store", str(tmp_path / "s"), "--backend", "networkx"]
    assert runner.invoke(app, ["ingest", str(docs), *store, "-j", "1", "-q"]).exit_code == 0

    def tasks(*args):
        return json.loads(runner.invoke(app, ["tasks", *args, "-f", "json", *store]).stdout)

    every = tasks()
    assert len(every) == 7 and tasks("--limit", "2", "--offset", "1") == every[1:3]
    assert tasks("--jurisdiction", "浠水") == every and tasks("--document", "浠政办发〔2024〕6号") == every
    assert [t["task"] for t in tasks("--task", "鏈式招商")] == ["强化招商引资"]  # its text, in the other script
    res = runner.invoke(app, ["tasks", "--document", "nothing", *store])
    assert res.exit_code == 0 and res.stderr.strip() == "no tasks match"
