"""``policykg leads`` for people: grouped by document with titles, short unit names, lead and
responsible in different colours, paging, filters by document and jurisdiction, task search
over title and text in either script, and a message when nothing matches."""
import json
import re

import pytest
from rich.console import Console
from typer.testing import CliRunner

from kg.cli import app
from kg.output import render_leads
from kg.questions.query import leads, short_name

runner = CliRunner()


@pytest.fixture(scope="module")
def store(tmp_path_factory, examples_dir):
    path = tmp_path_factory.mktemp("leads") / "s"
    res = runner.invoke(app, ["ingest", str(examples_dir), "--store", str(path), "--backend", "networkx", "-j", "1", "-q"])
    assert res.exit_code == 0, res.output
    return ["--store", str(path), "--backend", "networkx"]


def rows(store, *args):
    res = runner.invoke(app, ["leads", *args, "--format", "json", *store])
    assert res.exit_code == 0, res.output
    return json.loads(res.stdout)


def test_task_search_reads_the_tasks_text_in_either_script(store):
    # 强化招商引资's title does not say 链式招商; its text does
    assert [r["task"] for r in rows(store, "--task", "链式招商")] == ["强化招商引资"]
    assert rows(store, "--task", "鏈式招商") == rows(store, "--task", "链式招商")
    # a traditional-script document's text, searched in simplified characters
    assert [r["task"] for r in rows(store, "--task", "温泉")] == ["发展现代农业和文化旅游"]


def test_filters_by_document_title_and_jurisdiction(store):
    every = rows(store)
    by_title = rows(store, "--document", "优化营商环境重点任务分工表")
    assert by_title and {r["document"] for r in by_title} == {"xian_district_2022_ledger.txt"}
    assert all(r["document_title"] and "雁塔区" in r["document_title"] for r in by_title)
    yanta = rows(store, "--jurisdiction", "雁塔")
    assert yanta == by_title
    assert rows(store, "--jurisdiction", "浠水") == [r for r in every if r["jurisdiction"] and "浠水" in r["jurisdiction"]] != []


def test_limit_and_offset_page_through_in_order(store):
    every = rows(store)
    assert rows(store, "--limit", "3") == every[:3]
    assert rows(store, "--limit", "3", "--offset", "3") == every[3:6]
    res = runner.invoke(app, ["leads", "--offset", "3", "--limit", "2", *store])
    assert "第 4–5 条，共" in res.stdout and "--offset 5" in res.stdout


def test_no_match_says_so(store):
    res = runner.invoke(app, ["leads", "--task", "没有这样的任务", *store])
    assert res.exit_code == 0 and res.stdout == "" and res.stderr.strip() == "no tasks match"
    res = runner.invoke(app, ["leads", "--offset", "999", *store])
    assert "no tasks match" in res.stderr and "lower --offset" in res.stderr


def test_the_table_shows_titles_short_names_and_colours(store):
    from kg.loaders import open_store

    with open_store("networkx", path=store[1]) as st:
        got = leads(st, document="xishui")
    console = Console(record=True, force_terminal=True, color_system="standard", width=140)
    render_leads(got, console=console)
    ansi = console.export_text(styles=True)
    plain = re.sub(r"\x1b\[[0-9;]*m", "", ansi)
    assert "浠水县人民政府办公室关于印发浠水县2024年推进县域经济高质量发展重点任务分工方案的通知" in plain
    assert "湖北省黄冈市浠水县" in plain  # the jurisdiction once, above the table
    assert "浠水县财政局" not in plain and "财政局" in plain  # unit names without it
    lead = short_name(got[0]["lead"][0], got[0]["jurisdiction"])
    resp = short_name(got[0]["responsible"][0], got[0]["jurisdiction"])
    assert re.search(r"\x1b\[1;32m[^\x1b]*" + re.escape(lead[:3]), ansi)  # lead: bold green
    assert re.search(r"\x1b\[36m[^\x1b]*" + re.escape(resp[:3]), ansi)  # responsible: cyan


def test_short_names_keep_what_tells_units_apart():
    assert short_name("鄂州市鄂城区财政局", "湖北省鄂州市鄂城区") == "财政局"
    assert short_name("鄂州市财政局", "湖北省鄂州市鄂城区") == "鄂州市财政局"
    assert short_name("湖北省财政厅", "湖北省鄂州市鄂城区") == "湖北省财政厅"  # the province's, not the district's
    assert short_name("浠水县", "湖北省黄冈市浠水县") == "浠水县"  # nothing left: keep the name
    assert short_name("雁塔区级各部门", "陕西省西安市雁塔区") == "雁塔区级各部门"  # not 级各部门
    assert short_name("浠水县委办公室", "湖北省黄冈市浠水县") == "浠水县委办公室"  # not 委办公室
    assert short_name("浠水县委组织部", "湖北省黄冈市浠水县") != short_name("浠水县组织部", "湖北省黄冈市浠水县")


def _leads_on_a_terminal(store, tmp_path, env):
    """Run ``policykg leads`` with a pseudo-terminal as its stdin and stdout; what the terminal showed."""
    import os
    import pty
    import subprocess
    import sys
    import threading

    main, child = pty.openpty()
    proc = subprocess.Popen([sys.executable, "-m", "kg.cli", "leads", *store], stdin=child, stdout=child, stderr=child,
                            cwd=tmp_path, env=env, close_fds=True)
    os.close(child)
    shown = bytearray()

    def drain():
        while True:
            try:
                chunk = os.read(main, 65536)
            except OSError:  # the child is gone and the terminal closed
                return
            if not chunk:
                return
            shown.extend(chunk)

    reader = threading.Thread(target=drain, daemon=True)
    reader.start()
    assert proc.wait(timeout=120) == 0
    reader.join(timeout=10)
    os.close(main)
    return shown.decode("utf-8", "replace")


def test_a_long_listing_on_a_terminal_goes_through_the_pager(store, tmp_path):
    import os
    import sys

    paged = tmp_path / "paged.txt"
    pager = tmp_path / "pager.py"
    pager.write_text(f"import sys\nopen({str(paged)!r}, 'wb').write(sys.stdin.buffer.read())\n")
    env = {**os.environ, "PAGER": f"{sys.executable} {pager}", "TERM": "xterm-256color", "COLUMNS": "120", "LINES": "24"}
    env.pop("MANPAGER", None)
    shown = _leads_on_a_terminal(store, tmp_path, env)
    text = paged.read_text("utf-8")
    assert "推进企业开办便利化" in text and "\x1b[" in text  # the whole listing, in colour, went to the pager
    assert len(text.splitlines()) > 24  # longer than the screen
    assert "推进企业开办便利化" not in shown  # and not onto the terminal


def test_piped_listing_does_not_page(store, tmp_path):
    import os
    import subprocess
    import sys

    paged = tmp_path / "paged.txt"
    pager = tmp_path / "pager.py"
    pager.write_text(f"import sys\nopen({str(paged)!r}, 'wb').write(sys.stdin.buffer.read())\n")
    env = {**os.environ, "PAGER": f"{sys.executable} {pager}"}
    res = subprocess.run([sys.executable, "-m", "kg.cli", "leads", *store], cwd=tmp_path, env=env, capture_output=True,
                         text=True, timeout=120, stdin=subprocess.DEVNULL)
    assert res.returncode == 0 and "推进企业开办便利化" in res.stdout and "\x1b[" not in res.stdout
    assert not paged.exists()


_IMPORTS = """
import json, sys
from kg.cli import main
sys.argv = ["policykg", *sys.argv[1:]]
code = 0
try:
    main()
except SystemExit as e:
    code = e.code
heavy = ("spacy", "kg.nlp", "kg.extract", "pandas", "pyvis", "networkx", "pydantic", "neo4j", "rich", "filelock")
loaded = sorted(h for h in heavy if any(m == h or m.startswith(h + ".") for m in sys.modules))
print(json.dumps({"exit": code, "loaded": loaded}), file=sys.stderr)
"""


@pytest.mark.parametrize("question", [["leads", "--department", "财政", "-f", "json", "--limit", "2"],
                                      ["departments", "-f", "csv"], ["tasks", "--task", "招商", "-f", "json"], ["stats", "-f", "json"]])
def test_a_question_command_imports_no_nlp_nor_what_only_views_and_writes_need(store, question):
    import subprocess
    import sys

    res = subprocess.run([sys.executable, "-c", _IMPORTS, *question, *store], capture_output=True, text=True, timeout=120)
    report = json.loads(res.stderr.strip().splitlines()[-1])
    assert report == {"exit": 0, "loaded": []}, res.stderr
    assert res.stdout.strip()
    assert "spacy" not in res.stderr


def test_option_values_are_converted_and_checked_as_before(store):
    assert len(rows(store, "--limit", "2")) == 2
    assert rows(store, "-n", "1", "--offset", "1") == rows(store)[1:2]
    for bad, says in ((["--limit", "0"], "greater than or equal to 1"), (["--limit", "x"], "valid integer"),
                      (["--offset", "-1"], "greater than or equal to 0")):
        res = runner.invoke(app, ["leads", *bad, *store])
        assert res.exit_code == 1 and says in res.output, res.output
