"""HTML views: what each filter selects, the cut above max_nodes, escaping, and the page in a real browser."""
from __future__ import annotations

import io
import json
import os
import pickle
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import networkx as nx
import pytest

from kg.graph.model import fragment, node_id, replace_document
from kg.graph.records import Entity, Extraction, Relation
from kg.questions.view import render, select
from browser import Browser, chromium

XSS_IMG = "<img src=x onerror=alert(1)>"
XSS_SCRIPT = "</script><script>alert(2)</script>"
XSS_COMMENT = "<!--<script>alert(3)</script>"


def _doc(path: str, jurisdiction: str, entities: list[tuple], relations: list[tuple], *, title: str = "") -> Extraction:
    """An extraction from compact tuples: (id, label, name[, attrs]) and (type, source, target[, evidence])."""
    ents = [Entity(e[0], e[1], e[2], e[2], 0, len(e[2]), e[3] if len(e) > 3 else {}) for e in entities]
    rels = [Relation(r[0], r[1], r[2], evidence=r[3] if len(r) > 3 else f"{r[1]} {r[0]} {r[2]}") for r in relations]
    return Extraction(path=path, title=title or path, jurisdiction=jurisdiction, script="simplified",
                      entities=ents, relations=rels)


def _graph(*extractions: Extraction) -> nx.MultiDiGraph:
    g = nx.MultiDiGraph()
    for ex in extractions:
        replace_document(g, fragment(ex))
    return g


def _county_plan(root: Path) -> Extraction:
    """A county plan: the county, its industries, a park in it, targets, a task with its units."""
    return _doc(str(root / "hanchuan-plan.txt"), "湖北省孝感市汉川市", [
        ("c", "County", "汉川市", {"code": "420984"}),
        ("i1", "Industry", "纺织服装"),
        ("i2", "Industry", "食品加工"),
        ("p", "Project", "汉川经济开发区"),
        ("g1", "Target", "规上工业增加值增长8%", {"key": "hc#g1"}),
        ("g2", "Target", "纺织服装产值达到500亿元", {"key": "hc#g2"}),
        ("t1", "Task", "壮大纺织服装产业", {"key": "hc#1"}),
        ("d1", "Department", "汉川市经济和信息化局"),
        ("d2", "Department", "汉川市财政局"),
    ], [
        ("HAS_TARGET", "c", "g1"), ("LOCATED_IN", "p", "c"), ("TARGETS", "t1", "i1"), ("HAS_TARGET", "t1", "g2"),
        ("PART_OF", "t1", "document"), ("LEADS", "d1", "t1"), ("RESPONSIBLE_FOR", "d2", "t1"),
    ], title="汉川市制造业发展规划")


def _task_list(root: Path) -> Extraction:
    """A district task-division list: three tasks, a finance bureau on one of them."""
    return _doc(str(root / "echeng-tasks.txt"), "湖北省鄂州市鄂城区", [
        ("c", "County", "鄂城区", {"code": "420704"}),
        ("fin", "Department", "鄂州市鄂城区财政局"),
        ("dev", "Department", "鄂州市鄂城区发展和改革局"),
        ("com", "Department", "鄂州市鄂城区商务局"),
        ("edu", "Department", "鄂州市鄂城区教育局"),
        ("t1", "Task", "推行产业链长制", {"key": "ec#1"}),
        ("t2", "Task", "扩大有效投资", {"key": "ec#2"}),
        ("t3", "Task", "办好人民满意教育", {"key": "ec#3"}),
    ], [
        ("LEADS", "fin", "t1"), ("RESPONSIBLE_FOR", "dev", "t1"),
        ("LEADS", "dev", "t2"), ("RESPONSIBLE_FOR", "com", "t2"),
        ("LEADS", "edu", "t3"),
        ("PART_OF", "t1", "document"), ("PART_OF", "t2", "document"), ("PART_OF", "t3", "document"),
    ], title="鄂城区重点工作任务分工")


def _hostile(root: Path) -> Extraction:
    """A document whose names, title and evidence are script payloads."""
    return _doc(str(root / "hostile.txt"), "测试县", [
        ("a", "Department", XSS_IMG),
        ("b", "Department", XSS_SCRIPT),
        ("t", "Task", XSS_COMMENT, {"key": "x#1"}),
    ], [
        ("LEADS", "a", "t", XSS_SCRIPT), ("RESPONSIBLE_FOR", "b", "t", XSS_IMG),
    ], title=XSS_SCRIPT)


def _big(root: Path, *, tasks: int = 30, units: int = 20) -> Extraction:
    """One document with ``tasks`` tasks, each led by a hub bureau with ``units`` units of its own."""
    ents = [("hub", "Department", "县发展和改革局")]
    rels = []
    for t in range(tasks):
        ents.append((f"t{t}", "Task", f"任务{t:02d}", {"key": f"big#{t}"}))
        rels.append(("LEADS", "hub", f"t{t}"))
        for u in range(units):
            ents.append((f"u{t}_{u}", "Department", f"单位{t:02d}-{u:02d}"))
            rels.append(("RESPONSIBLE_FOR", f"u{t}_{u}", f"t{t}"))
    return _doc(str(root / "big.txt"), "某县", ents, rels)


@pytest.fixture()
def graph(tmp_path: Path) -> nx.MultiDiGraph:
    return _graph(_county_plan(tmp_path), _task_list(tmp_path))


def _dept(name: str) -> str:
    return node_id("Department", name)


def test_department_view_has_its_tasks_and_co_units_only(graph: nx.MultiDiGraph) -> None:
    sel = select(graph, department="鄂城区财政局")
    assert set(sel.graph) == {_dept("鄂州市鄂城区财政局"), node_id("Task", "ec#1"), _dept("鄂州市鄂城区发展和改革局")}
    assert sel.focus == {_dept("鄂州市鄂城区财政局")}
    assert {d["type"] for _, _, d in sel.graph.edges(data=True)} == {"LEADS", "RESPONSIBLE_FOR"}


def test_department_filter_matches_in_either_script(graph: nx.MultiDiGraph) -> None:
    both = set(select(graph, department="財政局").graph)  # traditional query
    assert {_dept("鄂州市鄂城区财政局"), _dept("汉川市财政局")} <= both
    assert node_id("Task", "hc#1") in both and _dept("汉川市经济和信息化局") in both
    assert _dept("鄂州市鄂城区教育局") not in both


def test_depth_two_reaches_one_relation_further(graph: nx.MultiDiGraph) -> None:
    near = set(select(graph, department="鄂城区财政局").graph)
    far = set(select(graph, department="鄂城区财政局", depth=2).graph)
    task_list = next(n for n in graph if graph.nodes[n].get("name") == "echeng-tasks.txt")
    # the co-unit's own task, and the task list the task is part of
    assert far - near == {node_id("Task", "ec#2"), task_list}
    farther = set(select(graph, department="鄂城区财政局", depth=3).graph)
    assert farther - far == {_dept("鄂州市鄂城区商务局"), node_id("Task", "ec#3")}  # via that task; via the list


def test_county_view_has_industries_projects_targets_and_what_connects_them(graph: nx.MultiDiGraph) -> None:
    by_name = select(graph, county="汉川")
    by_code = select(graph, county="420984")
    assert set(by_name.graph) == set(by_code.graph)
    labels = {graph.nodes[n]["label"] for n in by_name.graph}
    names = {graph.nodes[n].get("name") for n in by_name.graph}
    assert {"汉川市", "纺织服装", "食品加工", "汉川经济开发区", "规上工业增加值增长8%", "纺织服装产值达到500亿元",
            "壮大纺织服装产业", "hanchuan-plan.txt"} == names
    assert "Department" not in labels
    types = {d["type"] for _, _, d in by_name.graph.edges(data=True)}
    assert {"HAS_TARGET", "LOCATED_IN", "TARGETS", "MENTIONS", "PART_OF"} <= types


def test_county_view_skips_documents_about_elsewhere(tmp_path: Path) -> None:
    province = _doc(str(tmp_path / "province.txt"), "湖北省", [
        ("a", "County", "汉川市", {"code": "420984"}), ("b", "County", "鄂城区", {"code": "420704"}),
        ("i", "Industry", "光电子"),
    ], [])
    g = _graph(_county_plan(tmp_path), province)
    names = {g.nodes[n].get("name") for n in select(g, county="汉川市").graph}
    assert "光电子" not in names and "province.txt" not in names and "纺织服装" in names


def test_document_view_is_that_documents_facts(graph: nx.MultiDiGraph) -> None:
    sel = select(graph, document="echeng")
    assert all("echeng-tasks.txt" in " ".join(graph.nodes[n]["documents"]) for n in sel.graph)
    assert {graph.nodes[n].get("name") for n in sel.graph} >= {"鄂州市鄂城区教育局", "推行产业链长制", "鄂城区"}
    assert all(os.path.basename(d["document"]) == "echeng-tasks.txt" for _, _, d in sel.graph.edges(data=True))
    by_title = select(graph, document="重点工作")
    assert set(by_title.graph) == set(sel.graph)


def test_label_filter_keeps_only_those_labels(graph: nx.MultiDiGraph) -> None:
    sel = select(graph, label=["Task", "Target"])
    assert {graph.nodes[n]["label"] for n in sel.graph} == {"Task", "Target"}
    assert len(sel.graph) == 6
    focused = select(graph, department="汉川市财政局", label=["task"])
    assert set(focused.graph) == {node_id("Task", "hc#1")}


def test_filters_that_match_nothing_say_so(graph: nx.MultiDiGraph) -> None:
    with pytest.raises(ValueError, match="no Department in the graph matches '公安局'"):
        select(graph, department="公安局")
    with pytest.raises(ValueError, match="unknown label 'Person'"):
        select(graph, label=["Person"])
    with pytest.raises(ValueError, match="depth must be at least 1"):
        select(graph, department="财政局", depth=0)


def test_big_view_is_cut_with_a_notice(tmp_path: Path) -> None:
    g = _graph(_big(tmp_path))
    assert g.number_of_nodes() > 600
    result = render(g, tmp_path / "big.html", max_nodes=120)
    assert result.nodes <= 120 and result.notice and "--max-nodes 120" in result.notice
    page = (tmp_path / "big.html").read_text("utf-8")
    assert 'id="notice"' in page and "--max-nodes 120" in page
    ids = _page_node_ids(page)
    assert _dept("县发展和改革局") in ids and "folded:Department" in ids
    small = render(g, tmp_path / "small.html", department="县发展和改革局", label=["Department"], max_nodes=1000)
    assert small.notice is None and small.nodes == 601


def test_focus_survives_the_cut(tmp_path: Path) -> None:
    g = _graph(_big(tmp_path, tasks=10, units=30))
    result = render(g, tmp_path / "v.html", department="单位03-07", depth=3, max_nodes=40)
    assert result.notice and result.nodes <= 40
    assert _dept("单位03-07") in _page_node_ids((tmp_path / "v.html").read_text("utf-8"))


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.seen: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list) -> None:
        self.seen.add(tag)


def _tags(page: str) -> set[str]:
    """Element names an HTML parser finds in the page (script and style bodies are not markup)."""
    parser = _Tags()
    parser.feed(page)
    return parser.seen


def _page_nodes(page: str) -> list[dict]:
    """The nodes in the page's data (the JSON handed to vis.DataSet)."""
    data = re.search(r"var nodeData = (\[.*?\]);\n", page)
    assert data, "no node data in the page"
    return json.loads(data.group(1))


def _page_node_ids(page: str) -> set[str]:
    """Ids of the nodes the page draws (not the hidden neighbours a click expands)."""
    return {n["id"] for n in _page_nodes(page) if not n.get("ring")}


def test_page_is_self_contained_and_stable(graph: nx.MultiDiGraph, tmp_path: Path) -> None:
    a = render(graph, tmp_path / "a.html", department="财政局")
    b = render(graph, tmp_path / "b.html", department="财政局")
    page = a.path.read_text("utf-8")
    assert page == b.path.read_text("utf-8")
    assert not re.search(r"""<(script|link|img|iframe)\b[^>]*\b(src|href)\s*=""", page, re.I)
    assert not re.search(r"https?://(cdn|cdnjs|unpkg)\.|bootstrap|tom-select", page, re.I)
    assert _tags(page) == {"html", "head", "meta", "title", "style", "script", "body", "header", "h1", "div",
                           "aside", "h2", "ul", "li", "span", "svg", "circle", "polygon", "line", "input", "label"}
    assert page.count("</script>") == 3
    assert "vis.Network" in page and "Noto Sans CJK SC" in page
    assert "单位" in page and "#e76f51" in page  # legend row and the schema colour


def test_page_is_the_same_under_another_hash_seed(graph: nx.MultiDiGraph, tmp_path: Path) -> None:
    """Set iteration order changes with PYTHONHASHSEED; the page must not."""
    pickle.dump(graph, (tmp_path / "g.pickle").open("wb"))
    here = render(graph, tmp_path / "here.html", county="汉川", depth=2, max_nodes=8)
    code = ("import pickle, sys; from kg.questions.view import render; "
            "render(pickle.load(open(sys.argv[1], 'rb')), sys.argv[2], county='汉川', depth=2, max_nodes=8)")
    root = Path(__file__).resolve().parents[1]
    for seed in ("1", "4242"):
        there = tmp_path / f"there-{seed}.html"
        subprocess.run([sys.executable, "-c", code, str(tmp_path / "g.pickle"), str(there)], check=True, cwd=root,
                       env={**os.environ, "PYTHONHASHSEED": seed})
        assert there.read_bytes() == here.path.read_bytes()


def test_payloads_are_escaped_in_the_page(tmp_path: Path) -> None:
    g = _graph(_hostile(tmp_path))
    result = render(g, tmp_path / "x.html", department="<img", document="hostile")
    page = result.path.read_text("utf-8")
    for payload in (XSS_IMG, XSS_SCRIPT, XSS_COMMENT, "<img", "<!--<script"):
        assert payload not in page
    assert "img" not in _tags(page) and page.count("</script>") == 3
    assert "单位 ~ &lt;img" in page  # the heading names the query, escaped
    assert _page_node_ids(page) == {_dept(XSS_IMG), node_id("Task", "x#1"), _dept(XSS_SCRIPT)}


# --- in a real browser -------------------------------------------------------------------


@pytest.fixture(scope="module")
def browser():
    exe = chromium()
    if exe is None:
        msg = "chromium is not on PATH (make browser installs it)"
        if os.environ.get("CI") == "true":
            pytest.fail(msg)
        pytest.skip(msg)
    with Browser(exe, width=1280, height=800) as b:
        yield b


def _pixels(png: bytes):
    from PIL import Image, ImageStat

    img = Image.open(io.BytesIO(png)).convert("RGB")
    return img, ImageStat.Stat(img)


def _near(img, rgb: tuple[int, int, int], tol: int = 12) -> int:
    """How many pixels are within ``tol`` of colour ``rgb``."""
    colours = img.getcolors(maxcolors=img.width * img.height)
    return sum(n for n, p in colours if all(abs(a - b) <= tol for a, b in zip(p, rgb)))


def _hex(color: str) -> tuple[int, int, int]:
    return tuple(int(color[i:i + 2], 16) for i in (1, 3, 5))


@pytest.mark.browser
def test_department_view_draws_in_chromium(browser: Browser, graph: nx.MultiDiGraph, tmp_path: Path) -> None:
    result = render(graph, tmp_path / "dept.html", department="财政局")
    page = browser.open(result.path)
    assert page.errors == [] and page.dialogs == []
    assert all(url.startswith("file:") for url in page.requests), page.requests
    drawn = page.evaluate("({ids: nodes.get({filter: function (n) { return !n.hidden; }}).map(function (n) { return n.id; }).sort(),"
                          " edges: edges.get({filter: function (e) { return !e.hidden; }}).length})")
    expected = select(graph, department="财政局").graph
    assert drawn["ids"] == sorted(expected) and result.nodes == len(expected)
    assert drawn["edges"] == result.edges == 4
    assert page.evaluate("document.querySelector('#legend').innerText").split()[:1] == ["节点"]
    img, stat = _pixels(page.screenshot())
    assert max(stat.var) > 500, "screenshot is blank"
    assert _near(img, _hex("#e76f51")) > 200, "no department drawn in the department colour"
    assert _near(img, _hex("#264653")) > 50, "no task drawn in the task colour"


@pytest.mark.browser
def test_cut_view_shows_its_notice_in_chromium(browser: Browser, tmp_path: Path) -> None:
    result = render(_graph(_big(tmp_path)), tmp_path / "big.html", max_nodes=150)
    page = browser.open(result.path)
    assert page.errors == [] and page.dialogs == []
    assert page.evaluate("nodes.get({filter: function (n) { return !n.hidden; }}).length") == result.nodes <= 150
    notice = page.evaluate("(function(){var n=document.getElementById('notice'); var r=n.getBoundingClientRect();"
                           " return {text: n.innerText, visible: r.height > 0 && r.width > 0};})()")
    assert notice["visible"] and "--max-nodes 150" in notice["text"]


@pytest.mark.browser
def test_payloads_do_not_run_in_chromium(browser: Browser, tmp_path: Path) -> None:
    result = render(_graph(_hostile(tmp_path)), tmp_path / "x.html")
    page = browser.open(result.path)
    injected = "document.querySelectorAll('img, iframe, object, embed').length + document.scripts.length"
    assert page.evaluate(injected) == 3 and page.dialogs == [] and page.errors == []
    assert page.evaluate("document.title") == "policykg 图谱"
    # Point at the <img> department: its tooltip shows the payload as text, and nothing runs.
    x, y = page.evaluate(f"""(function(){{var id = {json.dumps(_dept(XSS_IMG))};
        var p = network.canvasToDOM(network.getPositions([id])[id]);
        var r = document.getElementById('mynetwork').getBoundingClientRect();
        return [p.x + r.left, p.y + r.top];}})()""")
    page.hover(x + 1, y + 1)
    browser.pump(0.2)
    page.hover(x, y)
    browser.pump(0.6)
    tip = page.evaluate("(function(){var t = document.querySelector('div.vis-tooltip');"
                        " return t ? {text: t.textContent, shown: t.style.visibility} : null;})()")
    assert tip and tip["shown"] == "visible" and XSS_IMG in tip["text"]
    assert page.evaluate(injected) == 3 and page.dialogs == [] and page.errors == []


# --- what a reader gets: Chinese text, legible captions, roles told apart, search, filters, expand ---------


def test_captions_keep_the_part_of_a_name_that_tells_it_apart(graph: nx.MultiDiGraph, tmp_path: Path) -> None:
    one_place = _page_nodes(render(graph, tmp_path / "a.html", document="echeng").path.read_text("utf-8"))
    caption = {n["id"]: n["label"].replace("\n", "") for n in one_place}
    assert caption[_dept("鄂州市鄂城区财政局")] == "财政局"  # one district: its name is said once, in the heading
    assert caption[_dept("鄂州市鄂城区发展和改革局")] == "发展和改革局"  # whole, wrapped, not cut after 16 characters
    two_places = _page_nodes(render(graph, tmp_path / "b.html", department="财政局").path.read_text("utf-8"))
    caption = {n["id"]: n["label"].replace("\n", "") for n in two_places}
    assert caption[_dept("汉川市财政局")] == "汉川市财政局" and caption[_dept("鄂州市鄂城区财政局")] == "鄂州市鄂城区财政局"
    plan = next(n for n in one_place if n["kind"] == "Document")
    assert plan["label"].replace("\n", "") == "鄂城区重点工作任务分工"


def test_the_page_speaks_chinese(graph: nx.MultiDiGraph, tmp_path: Path) -> None:
    page = render(graph, tmp_path / "v.html", county="汉川").path.read_text("utf-8")
    assert "<title>policykg 图谱：县（市、区） ~ 汉川</title>" in page
    assert "画出" in page and "搜索名称" in page and "<h2>节点</h2>" in page and "<h2>关系</h2>" in page
    tips = {n["id"]: n["title"] for n in _page_nodes(page)}
    assert tips[node_id("County", "420984")].startswith("县（市、区）：汉川市")
    assert "来源文件：hanchuan-plan.txt" in tips[node_id("County", "420984")]


@pytest.mark.browser
def test_lead_and_responsible_are_drawn_differently_in_chromium(browser: Browser, graph: nx.MultiDiGraph, tmp_path: Path) -> None:
    page = browser.open(render(graph, tmp_path / "v.html", department="财政局").path)
    styles = page.evaluate("(function(){var s = {}; edges.get().forEach(function (e) {"
                           " s[e.type] = {dashes: e.dashes, width: e.width, color: e.color}; }); return s;})()")
    lead, resp = styles["LEADS"], styles["RESPONSIBLE_FOR"]
    assert lead["dashes"] is False and resp["dashes"], styles  # solid against dashed
    assert lead["width"] >= 2 * resp["width"] and lead["color"] != resp["color"]
    img, _ = _pixels(page.screenshot())
    assert _near(img, _hex(lead["color"]), 30) > 100 and _near(img, _hex(resp["color"]), 30) > 50


@pytest.mark.browser
def test_search_box_finds_names_in_either_script_in_chromium(browser: Browser, graph: nx.MultiDiGraph, tmp_path: Path) -> None:
    page = browser.open(render(graph, tmp_path / "v.html").path)
    typed = ("(function(q){var box = document.getElementById('search'); box.value = q;"
             " box.dispatchEvent(new Event('input')); return {selected: network.getSelectedNodes().sort(),"
             " found: document.getElementById('found').textContent};})")
    trad = page.evaluate(typed + "('財政局')")
    assert trad["selected"] == sorted([_dept("汉川市财政局"), _dept("鄂州市鄂城区财政局")]) and "2" in trad["found"]
    assert page.evaluate(typed + "('财政局')")["selected"] == trad["selected"]
    assert page.evaluate(typed + "('没有这个')")["found"] == "没有匹配的节点"
    assert page.errors == []


@pytest.mark.browser
def test_legend_boxes_filter_labels_and_roles_in_chromium(browser: Browser, graph: nx.MultiDiGraph, tmp_path: Path) -> None:
    page = browser.open(render(graph, tmp_path / "v.html").path)
    visible = ("(function(){return {tasks: nodes.get({filter: function (n) { return n.kind === 'Task' && !n.hidden; }}).length,"
               " leads: edges.get({filter: function (e) { return e.type === 'LEADS' && !e.hidden; }}).length,"
               " mentions: edges.get({filter: function (e) { return e.type === 'MENTIONS' && !e.hidden; }}).length};})()")
    toggle = "(function(sel){var b = document.querySelector(sel); b.click(); return b.checked;})"
    before = page.evaluate(visible)
    assert before["tasks"] == 4 and before["leads"] == 4 and before["mentions"] == 0  # MENTIONS starts hidden
    assert page.evaluate(toggle + "('#legend input.kind[value=Task]')") is False
    assert page.evaluate(visible)["tasks"] == 0 and page.evaluate(visible)["leads"] == 0  # a task's edges go with it
    page.evaluate(toggle + "('#legend input.kind[value=Task]')")
    assert page.evaluate(visible) == before
    page.evaluate(toggle + "('#legend input.type[value=LEADS]')")
    assert page.evaluate(visible)["leads"] == 0 and page.evaluate(visible)["tasks"] == 4
    page.evaluate(toggle + "('#legend input.type[value=MENTIONS]')")
    assert page.evaluate(visible)["mentions"] > 0
    assert page.errors == []


def _click(page, node: str) -> None:
    x, y = page.evaluate(f"""(function(){{var id = {json.dumps(node)};
        var p = network.canvasToDOM(network.getPositions([id])[id]);
        var r = document.getElementById('mynetwork').getBoundingClientRect();
        return [p.x + r.left, p.y + r.top];}})()""")
    for kind in ("mouseMoved", "mousePressed", "mouseReleased"):
        page.send("Input.dispatchMouseEvent", {"type": kind, "x": x, "y": y, "button": "left", "clickCount": 1})
    page.browser.pump(0.5)


@pytest.mark.browser
def test_a_click_expands_a_neighbour_not_drawn_in_chromium(browser: Browser, graph: nx.MultiDiGraph, tmp_path: Path) -> None:
    page = browser.open(render(graph, tmp_path / "v.html", department="鄂城区财政局").path)
    shown = "(function(){return nodes.get({filter: function (n) { return !n.hidden; }}).map(function (n) { return n.id; }).sort();})()"
    before = page.evaluate(shown)
    assert node_id("Task", "ec#2") not in before  # the co-unit's other task is not part of this view
    _click(page, _dept("鄂州市鄂城区发展和改革局"))
    after = page.evaluate(shown)
    assert set(after) - set(before) == {node_id("Task", "ec#2")}
    led = page.evaluate("edges.get({filter: function (e) { return !e.hidden && e.to === 'Task:ec#2'; }}).map(function (e) { return e.type; })")
    assert led == ["LEADS"] and page.errors == []


@pytest.mark.browser
def test_the_county_is_at_the_centre_of_its_view_in_chromium(browser: Browser, graph: nx.MultiDiGraph, tmp_path: Path) -> None:
    page = browser.open(render(graph, tmp_path / "v.html", county="汉川").path)
    county = node_id("County", "420984")
    where = page.evaluate(f"""(function(){{var p = network.canvasToDOM(network.getPositions(['{county}'])['{county}']);
        var r = document.getElementById('mynetwork').getBoundingClientRect();
        return {{x: p.x, y: p.y, w: r.width, h: r.height}};}})()""")
    assert abs(where["x"] - where["w"] / 2) < 5 and abs(where["y"] - where["h"] / 2) < 5
    own = page.evaluate(f"network.getConnectedNodes('{county}').length")
    assert own >= 5  # its industries, project and targets hang off it


def test_view_open_hands_the_page_to_the_browser(graph: nx.MultiDiGraph, tmp_path: Path, examples_dir: Path) -> None:
    from typer.testing import CliRunner

    from kg.cli import app

    store = tmp_path / "s"
    assert CliRunner().invoke(app, ["ingest", str(examples_dir / "xishui_2024_tasks.txt"), "--store", str(store), "-q"]).exit_code == 0
    opened = tmp_path / "opened.txt"
    fake = tmp_path / "browser.py"
    fake.write_text(f"import sys\nopen({str(opened)!r}, 'w').write(sys.argv[1])\n")
    env = {**os.environ, "BROWSER": f"{sys.executable} {fake} %s"}
    root = Path(__file__).resolve().parents[1]
    subprocess.run([sys.executable, "-m", "kg.cli", "view", "--store", str(store), "--backend", "networkx",
                    "-o", str(tmp_path / "v.html"), "--open"], check=True, cwd=root, env=env, capture_output=True)
    assert opened.read_text() == (tmp_path / "v.html").resolve().as_uri()
    env["BROWSER"] = "false"  # a browser that cannot start
    res = subprocess.run([sys.executable, "-m", "kg.cli", "view", "--store", str(store), "--backend", "networkx",
                          "-o", str(tmp_path / "w.html"), "--open"], cwd=root, env=env, capture_output=True, text=True)
    assert res.returncode == 0 and f"note: no web browser could be started; open {(tmp_path / 'w.html').resolve()}" in res.stderr


@pytest.mark.browser
def test_the_default_view_of_the_samples_keeps_labels_legible_in_chromium(browser: Browser, examples_graph, tmp_path: Path) -> None:
    page = browser.open(render(examples_graph, tmp_path / "demo.html").path)
    assert page.errors == []
    font = page.evaluate("network.getScale() * 20")  # captions are 20 px at scale 1
    assert font >= 12, f"captions drawn at {font:.1f} px"
    hidden = page.evaluate("edges.get({filter: function (e) { return e.type === 'MENTIONS'; }})"
                           ".every(function (e) { return e.hidden && e.physics === false; })")
    assert hidden  # a document's MENTIONS of everything neither drawn nor pulling on the layout


_POSITIONS = "(function(){var p = network.getPositions(); var out = {}; nodes.get({filter: function (n) { return !n.hidden; }})" \
             ".forEach(function (n) { out[n.id] = p[n.id]; }); return out;})()"


def _box(points: list[dict]) -> tuple[float, float, float, float]:
    xs, ys = [p["x"] for p in points], [p["y"] for p in points]
    return min(xs), min(ys), max(xs), max(ys)


@pytest.mark.browser
def test_a_whole_graph_of_several_places_is_drawn_one_patch_per_place_in_chromium(browser: Browser, graph: nx.MultiDiGraph,
                                                                                   tmp_path: Path) -> None:
    page = browser.open(render(graph, tmp_path / "all.html").path)
    assert page.errors == [] and page.evaluate("layout") == "clusters"
    where = page.evaluate(_POSITIONS)
    place = {n: ("汉川" if "hanchuan" in str(d.get("key")) or "hanchuan" in " ".join(d.get("documents") or []) else "鄂城")
             for n, d in graph.nodes(data=True)}
    boxes = {p: _box([where[n] for n in where if place[n] == p]) for p in ("汉川", "鄂城")}
    a, b = boxes["汉川"], boxes["鄂城"]
    assert a[2] < b[0] or b[2] < a[0] or a[3] < b[1] or b[3] < a[1], boxes  # the two places do not overlap
    assert sorted(c["name"] for c in page.evaluate("clusters")) == ["湖北省孝感市汉川市", "湖北省鄂州市鄂城区"]
    assert page.evaluate("network.getScale()") * 20 >= 12


@pytest.mark.browser
def test_a_document_view_is_drawn_in_columns_document_tasks_units_in_chromium(browser: Browser, graph: nx.MultiDiGraph,
                                                                             tmp_path: Path) -> None:
    page = browser.open(render(graph, tmp_path / "doc.html", document="echeng").path)
    assert page.errors == [] and page.evaluate("layout") == "hierarchy"
    where = page.evaluate(_POSITIONS)
    x = {label: [where[n]["x"] for n in where if graph.nodes[n].get("label") == label] for label in ("Document", "Task", "Department")}
    assert max(x["Document"]) < min(x["Task"]) and max(x["Task"]) < min(x["Department"])
    ys = sorted(where[n]["y"] for n in where if graph.nodes[n].get("label") == "Task")
    assert min(b - a for a, b in zip(ys, ys[1:])) >= 60  # the tasks' captions do not overlap


@pytest.mark.browser
def test_a_tall_column_wraps_so_the_view_opens_legible_in_chromium(browser: Browser, tmp_path: Path) -> None:
    page = browser.open(render(_graph(_big(tmp_path, tasks=3, units=12)), tmp_path / "big.html", document="big").path)
    assert page.evaluate("layout") == "hierarchy"
    where = page.evaluate(_POSITIONS)
    units = [p for n, p in where.items() if n.startswith("Department:单位")]
    assert len(units) == 36 and len({p["x"] for p in units}) > 1  # 36 units side by side, not one column 36 high
    top, bottom = min(p["y"] for p in where.values()), max(p["y"] for p in where.values())
    assert (bottom - top) * page.evaluate("network.getScale()") < 700  # the whole height in the window
    assert page.evaluate("network.getScale()") * 20 >= 12


def test_a_layout_is_chosen_by_name(graph: nx.MultiDiGraph, tmp_path: Path) -> None:
    page = render(graph, tmp_path / "f.html", layout="force").path.read_text("utf-8")
    assert 'var layout = "force"' in page and '"physics": {"enabled": false}' not in page
    page = render(graph, tmp_path / "h.html", department="财政局", layout="hierarchy").path.read_text("utf-8")
    assert 'var layout = "hierarchy"' in page and '"physics": {"enabled": false}' in page
    with pytest.raises(ValueError, match="unknown layout 'spiral'"):
        render(graph, tmp_path / "x.html", layout="spiral")


def test_coded_values_are_shown_in_chinese(tmp_path: Path) -> None:
    ex = _doc(str(tmp_path / "plan.txt"), "湖北省黄冈市浠水县", [
        ("all", "Department", "各乡镇人民政府", {"collective": True}),
        ("t", "Task", "推进招商", {"key": "p#1"}),
    ], [("RESPONSIBLE_FOR", "all", "t"), ("PART_OF", "t", "document")], title="浠水县工作方案")
    page = render(_graph(ex), tmp_path / "v.html").path.read_text("utf-8")
    tips = {n["id"]: n["title"] for n in _page_nodes(page)}
    [collective] = [tip for nid, tip in tips.items() if nid.startswith(_dept("各乡镇人民政府"))]  # keyed with its document
    assert "泛指单位：是" in collective
    doc_tip = next(t for n, t in tips.items() if n.startswith("Document:"))
    assert "字形：简体" in doc_tip
    assert not re.search(r"\b(True|False|simplified|traditional)\b", " ".join(tips.values()))


@pytest.mark.browser
def test_a_hierarchy_heads_each_section_above_its_tasks_in_chromium(browser: Browser, tmp_path: Path) -> None:
    tasks = [("t1", "一、稳增长", "扩大有效投资"), ("t2", "一、稳增长", "促进消费"), ("t3", "二、优环境", "深化放管服改革")]
    ex = _doc(str(tmp_path / "plan.txt"), "某县", [
        ("d", "Department", "县发展和改革局"),
        *[(t, "Task", name, {"key": f"plan#{i}", "section": f"重点任务 > {sec}"}) for i, (t, sec, name) in enumerate(tasks, 1)],
    ], [rel for t, _, _ in tasks for rel in (("LEADS", "d", t), ("PART_OF", t, "document"))])
    page = browser.open(render(_graph(ex), tmp_path / "v.html", document="plan").path)
    heads = page.evaluate("headings")
    assert [h["text"] for h in heads] == ["一、稳增长", "二、优环境"]  # the last part of each section, once, in order
    where = page.evaluate(_POSITIONS)
    y = {name: where[node_id("Task", f"plan#{i}")]["y"] for i, (_, _, name) in enumerate(tasks, 1)}
    assert heads[0]["y"] < y["扩大有效投资"] < y["促进消费"] < heads[1]["y"] < y["深化放管服改革"]
    assert page.errors == []


def test_another_documents_tasks_are_not_drawn_under_the_last_heading(tmp_path: Path) -> None:
    a = _doc(str(tmp_path / "a.txt"), "甲县", [("d", "Department", "财政局"),
                                              ("t1", "Task", "甲一", {"key": "a#1", "section": "一、稳增长"}),
                                              ("t2", "Task", "甲二", {"key": "a#2", "section": "一、稳增长"})],
             [("LEADS", "d", "t1"), ("LEADS", "d", "t2")])
    b = _doc(str(tmp_path / "b.txt"), "甲县", [("d", "Department", "财政局"), ("t1", "Task", "乙一", {"key": "b#1"})],
             [("LEADS", "d", "t1")])
    page = render(_graph(a, b), tmp_path / "v.html", department="财政局", layout="hierarchy").path.read_text("utf-8")
    y = {n["label"]: n["y"] for n in _page_nodes(page) if n["kind"] == "Task"}
    row = y["甲二"] - y["甲一"]
    assert row > 0 and y["乙一"] - y["甲二"] > 1.5 * row  # a gap, not one more row of 一、稳增长
