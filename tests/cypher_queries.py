"""Read queries for the differential test: a seeded grammar of the supported subset, plus analysts' questions.

Every :class:`Case` holds the query for the embedded store and the query that gives
Neo4j's answer on FalkorDB, the reference server of the tests. The two differ only
where FalkorDB is known to deviate from Neo4j (openCypher's bag semantics), each
time for one reason, named in :func:`neo4j_form`:

* FalkorDB evaluates a chain whose relationships the query does not read as a
  matrix product, so it returns each pair of ends once where Neo4j returns one row
  per match (``MATCH (a)-[:R]->(t)-[:P]->(d) RETURN count(*)``: 253 rows for
  Neo4j's 690 on the reference corpus), and
* it does not keep two relationship patterns of one MATCH from binding the same
  relationship (Neo4j does), and
* a range comparison (``<``, ``<=``, ``>``, ``>=``) of an indexed property (``key``)
  with a string answers from the index in an order that is not the string order
  (``a.key <= '交通运输部'`` holds for ``交通部``; the same comparison outside the
  index does not).

The Neo4j form names every relationship ``r0``, ``r1``, ... and adds
``id(ri) >= 0`` for each and ``id(ri) <> id(rj)`` for each pair, and compares
``toString(x.key)`` instead of ``x.key``, which makes FalkorDB give Neo4j's rows. Variable-length relationships cannot be named that way
(FalkorDB also returns their ends once), so variable-length cases ask for
``DISTINCT`` ends of different nodes, where both semantics agree.
"""
from __future__ import annotations

import random
import re
from dataclasses import dataclass, field

import networkx as nx

__all__ = ["Case", "neo4j_form", "generated", "ANALYST", "REFUSED", "REFUSED_NEO4J_ONLY"]


@dataclass
class Case:
    cypher: str
    params: dict | None = None
    order: list[str] = field(default_factory=list)  # the columns ORDER BY sorts on, in order
    reference: str | None = None  # the query that gives Neo4j's answer on FalkorDB; None: neo4j_form(cypher)

    def neo4j(self) -> str:
        return self.reference or neo4j_form(self.cypher)


_REL = re.compile(r"(<?-)\[([A-Za-z_]\w*)?(:[^\]*]*)?\](->?)|(<?-)-(>?)")
_KEY_RANGE = re.compile(r"\b([A-Za-z_]\w*\.key)\s*(<=|>=|<(?!>)|>)")
_LITERALS = re.compile(r"'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\"")


def neo4j_form(cypher: str) -> str:
    """``cypher`` (one MATCH clause, first) rewritten so that FalkorDB gives Neo4j's rows (see the module docstring)."""
    cypher = _KEY_RANGE.sub(r"toString(\1) \2", cypher)
    blank = _LITERALS.sub("", cypher)
    if "*" in blank.split("RETURN")[0] or len(re.findall(r"\bMATCH\b", blank, re.IGNORECASE)) != 1 or not blank.startswith("MATCH"):
        return cypher
    names: list[str] = []

    def name(m: re.Match) -> str:
        if m.group(5) is not None:  # --, -->, <--
            var, types, left, right = None, "", m.group(5), "-" + m.group(6)
        else:
            var, types, left, right = m.group(2), m.group(3) or "", m.group(1), m.group(4)
        var = var or f"r{len(names)}_"
        names.append(var)
        return f"{left}[{var}{types}]{right}"

    head, sep, tail = _split(cypher, r"(?<!STARTS )(?<!ENDS )(?:WITH|RETURN)")
    match, wsep, where = _split(head, "WHERE")
    match = _REL.sub(name, match)
    if not names:
        return cypher
    conds = [f"id({n}) >= 0" for n in names] + [f"id({a}) <> id({b})" for i, a in enumerate(names) for b in names[i + 1:]]
    cond = " AND ".join(conds) + (f" AND ({where.strip()})" if wsep else "")
    return f"{match.rstrip()} WHERE {cond} {sep}{tail}"


def _split(text: str, keyword: str) -> tuple[str, str, str]:
    blank = _LITERALS.sub(lambda m: "_" * len(m.group()), text)
    m = re.search(rf"\b{keyword}\b", blank, re.IGNORECASE)
    if not m:
        return text, "", ""
    return text[:m.start()], text[m.start():m.end()], text[m.end():]


# --- the grammar -------------------------------------------------------------------

# (pattern, variables with their labels); relationships are written with their types.
SHAPES = [
    ("(a:Department)-[:LEADS]->(t:Task)", {"a": "Department", "t": "Task"}),
    ("(t:Task)<-[:LEADS]-(a:Department)", {"a": "Department", "t": "Task"}),
    ("(a:Department)-[:RESPONSIBLE_FOR]-(t:Task)", {"a": "Department", "t": "Task"}),
    ("(a:Department)-[:LEADS|RESPONSIBLE_FOR]->(t:Task)", {"a": "Department", "t": "Task"}),
    ("(a:Department)-[:LEADS|RESPONSIBLE_FOR]-(t)", {"a": "Department", "t": "Task"}),
    ("(t:Task)-[:PART_OF]->(d:Document)", {"t": "Task", "d": "Document"}),
    ("(d:Document)<-[:PART_OF]-(t:Task)", {"t": "Task", "d": "Document"}),
    ("(t:Task)-[:HAS_TARGET]->(g:Target)", {"t": "Task", "g": "Target"}),
    ("(d:Document)-[:MENTIONS]->(c:County)", {"d": "Document", "c": "County"}),
    ("(d:Document)-[:MENTIONS]->(i:Industry)", {"d": "Document", "i": "Industry"}),
    ("(t:Task)-[:TARGETS]->(i:Industry)", {"t": "Task", "i": "Industry"}),
    ("(a:Department)-[:LEADS]->(t:Task)<-[:RESPONSIBLE_FOR]-(b:Department)", {"a": "Department", "t": "Task", "b": "Department"}),
    ("(a:Department)-[:RESPONSIBLE_FOR]->(t:Task)<-[:RESPONSIBLE_FOR]-(b:Department)", {"a": "Department", "t": "Task", "b": "Department"}),
    ("(a:Department)-[:LEADS]->(t:Task)-[:PART_OF]->(d:Document)", {"a": "Department", "t": "Task", "d": "Document"}),
    ("(d:Document)<-[:PART_OF]-(t:Task)-[:HAS_TARGET]->(g:Target)", {"d": "Document", "t": "Task", "g": "Target"}),
    ("(c:County)<-[:MENTIONS]-(d:Document)-[:MENTIONS]->(i:Industry)", {"c": "County", "d": "Document", "i": "Industry"}),
    ("(a:Department)-[:LEADS]->(t:Task), (t)-[:PART_OF]->(d:Document)", {"a": "Department", "t": "Task", "d": "Document"}),
    ("(g:Target)", {"g": "Target"}),
    ("(t:Task)", {"t": "Task"}),
    ("(a:Department)", {"a": "Department"}),
]
VARLENGTH = [
    ("(a:Department)-[:LEADS|RESPONSIBLE_FOR*1..2]-(b:Department)", "a", "b"),
    ("(a:Department)-[:RESPONSIBLE_FOR*2..2]-(b:Department)", "a", "b"),
    ("(t:Task)-[:PART_OF*1..2]->(d:Document)", "t", "d"),
    ("(a:Department)-[:LEADS*1..2]-(b)", "a", "b"),
]
STRING_PROPS = {
    "Department": ["name", "key", "jurisdiction"],
    "Task": ["name", "section", "deadline", "number"],
    "Document": ["name", "jurisdiction", "title"],
    "Target": ["indicator", "unit", "comparator", "name"],
    "County": ["name", "code"],
    "Industry": ["name"],
}
NUMBER_PROPS = {"Target": ["value", "year"]}
STRING_OPS = ["=", "<>", "<", ">", "<=", ">=", "STARTS WITH", "ENDS WITH", "CONTAINS", "IN"]
NUMBER_OPS = ["=", "<>", "<", ">", "<=", ">=", "IN"]


def _quote(s: str) -> str:
    return "'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'"


class _Gen:
    def __init__(self, graph: nx.MultiDiGraph, seed: int) -> None:
        self.rng = random.Random(seed)
        self.values: dict[tuple[str, str], list] = {}
        for _, d in sorted(graph.nodes(data=True), key=lambda x: str(x[0])):
            for k, v in d.items():
                if isinstance(v, (str, int, float)) and not isinstance(v, bool) and "'" not in str(v) and "\\" not in str(v):
                    self.values.setdefault((d.get("label"), k), []).append(v)
        self.params: dict = {}

    def value(self, label: str, prop: str):
        pool = self.values.get((label, prop)) or ["无"]
        return self.rng.choice(pool)

    def literal(self, value) -> str:
        if self.rng.random() < 0.15:
            name = f"p{len(self.params)}"
            self.params[name] = value
            return f"${name}"
        return _quote(value) if isinstance(value, str) else repr(value)

    def string_pred(self, var: str, label: str) -> str:
        prop = self.rng.choice(STRING_PROPS[label])
        op = self.rng.choice(STRING_OPS)
        v = str(self.value(label, prop))
        if op in ("STARTS WITH", "CONTAINS") and len(v) > 2:
            v = v[: self.rng.randint(1, min(4, len(v)))] if op == "STARTS WITH" else v[1:3]
        elif op == "ENDS WITH" and len(v) > 2:
            v = v[-self.rng.randint(1, 3):]
        if op == "IN":
            vs = [str(self.value(label, prop)) for _ in range(self.rng.randint(1, 3))] + ["不存在"]
            return f"{var}.{prop} IN [{', '.join(self.literal(x) for x in vs)}]"
        return f"{var}.{prop} {op} {self.literal(v)}"

    def number_pred(self, var: str) -> str:
        prop = self.rng.choice(NUMBER_PROPS["Target"])
        op = self.rng.choice(NUMBER_OPS)
        v = self.value("Target", prop)
        if op == "IN":
            return f"{var}.{prop} IN [{v}, {self.value('Target', prop)}, -1]"
        if self.rng.random() < 0.3:
            v = v + self.rng.choice([0.5, -1, 1])
        return f"{var}.{prop} {op} {self.literal(v)}"

    def pred(self, vars: dict[str, str]) -> str:
        var = self.rng.choice(sorted(vars))
        label = vars[var]
        r = self.rng.random()
        if label == "Target" and r < 0.5:
            p = self.number_pred(var)
        elif r < 0.12:
            prop = self.rng.choice({"Task": ["deadline", "number"], "Target": ["year", "unit"], "Document": ["title", "date"]}.get(label, ["aliases", "name"]))
            p = f"{var}.{prop} IS {self.rng.choice(['NULL', 'NOT NULL'])}"
        elif r < 0.2 and sum(1 for lab in vars.values() if lab == label) > 1:
            a, b = [v for v in sorted(vars) if vars[v] == label][:2]
            p = f"{a}.name {self.rng.choice(['<', '>', '=', '<>', '<=', '>='])} {b}.name"
        else:
            p = self.string_pred(var, label)
        return f"NOT {p}" if self.rng.random() < 0.12 else p

    def where(self, vars: dict[str, str]) -> str:
        n = self.rng.choice([0, 1, 1, 2, 2, 3])
        if not n:
            return ""
        parts = [self.pred(vars) for _ in range(n)]
        out = parts[0]
        for p in parts[1:]:
            op = self.rng.choice(["AND", "AND", "OR", "XOR"])
            out = f"({out}) {op} {p}" if self.rng.random() < 0.3 else f"{out} {op} {p}"
        return f" WHERE {out}"

    def column(self, var: str, label: str) -> str:
        props = STRING_PROPS.get(label, ["name"]) + NUMBER_PROPS.get(label, [])
        return f"{var}.{self.rng.choice(props)}"

    def case(self) -> Case:
        self.params = {}
        shape, vars = self.rng.choice(SHAPES)
        where = self.where(vars)
        kind = self.rng.random()
        order: list[str] = []
        tail = ""
        if kind < 0.45:  # rows, maybe DISTINCT, maybe ordered and cut
            cols = [self.column(v, vars[v]) for v in self.rng.sample(sorted(vars), self.rng.randint(1, len(vars)))]
            cols = list(dict.fromkeys(cols))
            names = [f"c{i}" for i in range(len(cols))]
            ret = ("DISTINCT " if self.rng.random() < 0.3 else "") + ", ".join(f"{c} AS {n}" for c, n in zip(cols, names))
            if self.rng.random() < 0.5:
                order = self.rng.sample(names, self.rng.randint(1, len(names)))
                tail = " ORDER BY " + ", ".join(f"{n} {self.rng.choice(['ASC', 'DESC', ''])}".rstrip() for n in order)
                if self.rng.random() < 0.4:
                    tail += f" SKIP {self.rng.randint(0, 3)}"
                if self.rng.random() < 0.7:
                    tail += f" LIMIT {self.rng.randint(1, 12)}"
        else:  # aggregates, grouped or not
            var = self.rng.choice(sorted(vars))
            agg = self.rng.choice(["count(*)", f"count({var})", f"count(DISTINCT {self.column(var, vars[var])})",
                                   # a collected list's size, not the list: FalkorDB's Bolt server never sends a
                                   # record over about 64 KB (the client then waits for ever), and an ungrouped
                                   # collect over the corpus is far longer
                                   f"size(collect({self.column(var, vars[var])}))", f"min({self.column(var, vars[var])})",
                                   f"max({self.column(var, vars[var])})"])
            if "g" in vars and self.rng.random() < 0.5:
                agg = self.rng.choice(["sum(g.value)", "avg(g.year)", "min(g.value)", "max(g.year)", "count(g.year)", "sum(g.year)"])
            ret = f"{agg} AS n"
            if self.rng.random() < 0.6:
                key = self.column(var, vars[var])
                ret = f"{key} AS k, {ret}"
                if self.rng.random() < 0.5 and not agg.startswith("collect"):
                    order = ["n", "k"]
                    tail = f" ORDER BY n {self.rng.choice(['DESC', 'ASC'])}, k LIMIT {self.rng.randint(1, 8)}"
        return Case(f"MATCH {shape}{where} RETURN {ret}{tail}", dict(self.params) or None, order)

    def expression(self, var: str, label: str) -> str:
        """A computed column: a function, arithmetic or CASE over one variable."""
        if label == "Target" and self.rng.random() < 0.5:
            return self.rng.choice([f"{var}.value * 2 + 1", f"{var}.value - {var}.year", f"toInteger({var}.value) % 7",
                                    f"coalesce({var}.year, 0)", f"CASE WHEN {var}.year IS NULL THEN 'open' ELSE toString({var}.year) END"])
        prop = self.rng.choice(STRING_PROPS.get(label, ["name"]))
        return self.rng.choice([f"size({var}.{prop})", f"toUpper({var}.{prop})", f"coalesce({var}.{prop}, '无')",
                                f"substring({var}.{prop}, 0, 2)", f"left({var}.{prop}, 3)", f"{var}.{prop} + '|'",
                                f"CASE WHEN {var}.{prop} CONTAINS '市' THEN 1 WHEN {var}.{prop} IS NULL THEN -1 ELSE 0 END",
                                f"labels({var})[0]", f"trim(replace({var}.{prop}, '局', ''))"])

    def pipeline(self) -> Case:
        """WITH, OPTIONAL MATCH and computed columns."""
        self.params = {}
        kind = self.rng.randrange(3)
        shape, vars = self.rng.choice(SHAPES)
        var = self.rng.choice(sorted(vars))
        if kind == 0:
            other = self.rng.choice(sorted(vars))
            q = (f"MATCH {shape}{self.where(vars)} WITH {var}, count({other}) AS n WHERE n {self.rng.choice(['>', '>=', '=', '<'])} "
                 f"{self.rng.randint(0, 4)} RETURN {self.column(var, vars[var])} AS k, n")
        elif kind == 1:
            start, rel, end = self.rng.choice([("a:Department", "LEADS", "t:Task"), ("a:Department", "RESPONSIBLE_FOR", "t:Task"),
                                               ("t:Task", "HAS_TARGET", "g:Target"), ("d:Document", "MENTIONS", "i:Industry")])
            s, e = start.split(":"), end.split(":")
            where = self.where({e[0]: e[1]}) if self.rng.random() < 0.7 else ""
            q = (f"MATCH ({start}) OPTIONAL MATCH ({s[0]})-[:{rel}]->({end}){where} "
                 f"RETURN {self.column(s[0], s[1])} AS k, count({e[0]}) AS n, count(*) AS m")
        else:
            cols = [self.expression(v, vars[v]) for v in self.rng.sample(sorted(vars), min(2, len(vars)))]
            if self.rng.random() < 0.5:
                q = f"MATCH {shape}{self.where(vars)} RETURN {cols[0]} AS k, count(*) AS n"
            else:
                q = f"MATCH {shape}{self.where(vars)} RETURN " + ", ".join(f"{c} AS c{i}" for i, c in enumerate(cols))
        return Case(q, dict(self.params) or None)

    def varlength(self) -> Case:
        shape, a, b = self.rng.choice(VARLENGTH)
        key = self.rng.choice(["name", "key"])
        ret = f"DISTINCT {a}.{key} AS x, {b}.{key} AS y"
        where = f" WHERE {a} <> {b}"
        if self.rng.random() < 0.5:
            where += f" AND {a}.name CONTAINS {_quote(str(self.value('Department', 'name'))[3:5])}"
        return Case(f"MATCH {shape}{where} RETURN {ret}")


def generated(graph: nx.MultiDiGraph, n: int, *, seed: int = 15) -> list[Case]:
    """``n`` queries from the grammar above, the same for the same graph and seed (one in ten variable-length,
    two in ten with WITH, OPTIONAL MATCH or computed columns)."""
    gen = _Gen(graph, seed)
    out: list[Case] = []
    seen: set[str] = set()
    i = 0
    while len(out) < n and i < 20 * n:  # distinct queries: a repeat of an earlier one is drawn again
        case = gen.varlength() if len(out) % 10 == 9 else gen.pipeline() if len(out) % 10 in (3, 6) else gen.case()
        i += 1
        if case.cypher not in seen:
            seen.add(case.cypher)
            out.append(case)
    return out


# --- analysts' questions, written by hand --------------------------------------------

ANALYST = [
    Case("MATCH (a:Department)-[:LEADS]-(t:Task) WHERE a.name = '财政部' RETURN count(t) AS n"),
    Case("MATCH (a:Department)-[:LEADS]-(t:Task) WHERE a.name = '没有这个单位' RETURN count(t) AS n"),
    Case("MATCH (a:Department)-[:LEADS]-(t:Task) WHERE a.name = '没有这个单位' RETURN a.name AS unit, count(t) AS n"),
    Case("MATCH (a:Department)-[:LEADS]-(t:Task) WHERE a.name = '没有这个单位' RETURN sum(size(t.name)) AS s, avg(size(t.name)) AS m, min(t.name) AS lo, collect(t.name) AS names"),
    Case("MATCH (a:Department)-[:RESPONSIBLE_FOR]->(t:Task)<-[:RESPONSIBLE_FOR]-(b:Department) WHERE a.name < b.name RETURN a.name AS a, b.name AS b, t.name AS task"),
    Case("MATCH (a:Department)-[:RESPONSIBLE_FOR]->(t:Task)<-[:RESPONSIBLE_FOR]-(b:Department) WHERE a.name < b.name RETURN count(*) AS pairs"),
    Case("MATCH (a:Department)-[:RESPONSIBLE_FOR]->(t:Task)<-[:RESPONSIBLE_FOR]-(b:Department) RETURN count(*) AS n"),
    Case("MATCH (a:Department)-[:LEADS]->(t:Task)<-[:RESPONSIBLE_FOR]-(a) RETURN a.name AS unit, t.name AS task"),
    Case("MATCH (d:Department)-[:LEADS]->(t:Task) RETURN d.name AS unit, count(t) AS tasks ORDER BY tasks DESC, unit LIMIT 10", order=["tasks", "unit"]),
    Case("MATCH (d:Department)-[:LEADS]->(t:Task) RETURN d.name AS unit, count(t) AS tasks ORDER BY tasks DESC LIMIT 10", order=["tasks"]),
    Case("MATCH (d:Department)-[:RESPONSIBLE_FOR]->(t:Task) RETURN t.name AS task, count(d) AS units ORDER BY units DESC LIMIT 5", order=["units"]),
    Case("MATCH (t:Task)-[:HAS_TARGET]->(g:Target) WHERE g.comparator = $cmp RETURN t.name AS task, g.indicator AS indicator, g.value AS value, g.unit AS unit", {"cmp": ">="}),
    Case("MATCH (t:Task)-[:HAS_TARGET]->(g:Target) WHERE g.year = $y RETURN t.name, g.indicator, g.value, g.unit", {"y": 2025}),
    Case("MATCH (g:Target) RETURN g.year AS year, count(g) AS targets ORDER BY year", order=["year"]),
    Case("MATCH (g:Target) RETURN g.year AS year, count(g) AS targets ORDER BY year DESC", order=["year"]),
    Case("MATCH (g:Target) WHERE g.year IS NULL RETURN count(*) AS n"),
    Case("MATCH (g:Target) WHERE g.year IS NOT NULL AND g.value >= 100 RETURN g.indicator AS i, g.value AS v, g.year AS y"),
    Case("MATCH (g:Target) WHERE g.year = NULL RETURN count(*) AS n"),
    Case("MATCH (g:Target) WHERE g.year <> 2025 RETURN count(*) AS n"),
    Case("MATCH (g:Target) WHERE NOT g.year = 2025 RETURN count(*) AS n"),
    Case("MATCH (g:Target) WHERE g.year IN [2025, NULL] RETURN count(*) AS n"),
    Case("MATCH (g:Target) WHERE g.year > 2020 OR g.year IS NULL RETURN count(*) AS n"),
    Case("MATCH (g:Target) RETURN sum(g.value) AS s, avg(g.year) AS y, min(g.value) AS lo, max(g.value) AS hi, count(g.year) AS dated"),
    Case("MATCH (g:Target) RETURN g.unit AS unit, sum(g.value) AS total, count(*) AS n ORDER BY n DESC, unit LIMIT 5", order=["n", "unit"]),
    Case("MATCH (g:Target) RETURN g.year AS y, g.value AS v ORDER BY y, v DESC LIMIT 20", order=["y", "v"]),
    Case("MATCH (g:Target) RETURN coalesce(g.year, 0) AS y, count(*) AS n"),
    Case("MATCH (g:Target) WHERE g.value * 2 > 100 AND g.value % 2 = 0 RETURN g.value / 2 AS half, g.value - 1 AS less"),
    Case("MATCH (c:County)<-[:MENTIONS]-(d:Document)-[:MENTIONS]->(i:Industry) RETURN c.name AS county, i.name AS industry ORDER BY county, industry", order=["county", "industry"]),
    Case("MATCH (c:County)<-[:MENTIONS]-(d:Document)-[:MENTIONS]->(i:Industry) RETURN c.name AS county, count(DISTINCT i) AS industries"),
    Case("MATCH (d:Department)-[r:LEADS|RESPONSIBLE_FOR]->(t:Task) RETURN type(r) AS role, count(*) AS n"),
    Case("MATCH (d:Department)-[r]->(t:Task) RETURN type(r) AS role, count(r) AS n"),
    Case("MATCH (d:Department)-[r:LEADS]-(t) RETURN labels(t) AS l, labels(t)[0] AS first, count(*) AS n"),
    Case("MATCH (d:Department)-[:LEADS]->(t:Task) RETURN DISTINCT d.jurisdiction AS j"),
    Case("MATCH (d:Department)-[:LEADS]->(t:Task) RETURN DISTINCT d.jurisdiction AS j ORDER BY j SKIP 1 LIMIT 3", order=["j"]),
    Case("MATCH (d:Department) WHERE d.name STARTS WITH '广州市' AND NOT d.name ENDS WITH '局' RETURN d.name AS unit"),
    Case("MATCH (d:Department) WHERE d.name CONTAINS '农业' OR d.name CONTAINS '农村' RETURN d.name AS unit"),
    Case("MATCH (d:Department {name: '财政部'})-[:LEADS]->(t:Task) RETURN t.name AS task"),
    Case("MATCH (t:Task)<-[:LEADS]-(d:Department {name: $unit}) RETURN t.name AS task", {"unit": "农业农村部"}),
    Case("MATCH (d:Department)-[:LEADS]->(t:Task) WHERE d.name IN $units RETURN d.name AS unit, count(*) AS n", {"units": ["农业农村部", "财政部", "无此单位"]}),
    Case("MATCH (t:Task) WHERE t.name CONTAINS $q RETURN t.name AS task, size(t.name) AS len, toUpper(t.number) AS num", {"q": "产业"}),
    Case("MATCH (t:Task) WHERE t.deadline IS NOT NULL RETURN t.deadline AS deadline, count(*) AS n"),
    Case("MATCH (t:Task) RETURN t.key AS key ORDER BY key SKIP 5 LIMIT 5", order=["key"]),
    Case("MATCH (t:Task) RETURN t.key AS key ORDER BY key DESC SKIP 250", order=["key"]),
    Case("MATCH (t:Task) RETURN t.name AS task ORDER BY task LIMIT 0", order=["task"]),
    Case("MATCH (t:Task) WHERE t.name = '没有这个任务' RETURN t.name AS task"),
    Case("MATCH (t:Task)-[:PART_OF]->(d:Document) WHERE d.name CONTAINS '实施' RETURN d.name AS doc, count(t) AS tasks"),
    Case("MATCH (a:Department)-[:LEADS]->(t:Task)-[:PART_OF]->(d:Document) RETURN d.name AS doc, count(*) AS n"),
    Case("MATCH (a:Department)-[:LEADS]->(t:Task) MATCH (t)<-[:RESPONSIBLE_FOR]-(b:Department) WHERE a <> b RETURN a.name AS lead, count(b) AS partners",
         reference="MATCH (a:Department)-[r1:LEADS]->(t:Task) MATCH (t)<-[r2:RESPONSIBLE_FOR]-(b:Department) WHERE a <> b AND id(r1) >= 0 AND id(r2) >= 0 RETURN a.name AS lead, count(b) AS partners"),
    Case("MATCH (a:Department)-[:LEADS*1..2]-(b) WHERE a <> b RETURN DISTINCT a.name AS a, b.key AS b"),
    Case("MATCH (d:Department)-[:LEADS|RESPONSIBLE_FOR*2..2]-(e:Department) WHERE d.name = '农业农村部' AND d <> e RETURN DISTINCT e.name AS partner"),
    Case("MATCH (d:Department) RETURN d.name AS unit, d.aliases AS aliases ORDER BY unit LIMIT 20", order=["unit"]),
    Case("MATCH (t:Task)-[:TARGETS]->(x) RETURN labels(x)[0] AS kind, count(*) AS n"),
    Case("MATCH (x)-[:HAS_TARGET]->(g:Target) RETURN labels(x)[0] AS owner, count(g) AS n"),
    Case("MATCH (d:Document) RETURN d.name AS doc, d.jurisdiction AS j, d.script AS script"),
    Case("MATCH (d:Document) WHERE d.date >= '2018' RETURN d.name AS doc ORDER BY doc", order=["doc"]),
    Case("MATCH (d:Department) RETURN count(d) AS n, count(DISTINCT d.jurisdiction) AS places"),
    Case("MATCH (d:Department) RETURN toLower(d.key) AS k, trim(d.name) AS n, substring(d.name, 0, 3) AS head, replace(d.name, '局', 'J') AS r LIMIT 0"),
    Case("MATCH (t:Task) RETURN toString(size(t.name)) + '字' AS len, count(*) AS n"),
    Case("MATCH (t:Task) RETURN t"),
    Case("MATCH (g:Target) RETURN g"),
    Case("MATCH (t:Task)-[r:HAS_TARGET]->(g:Target) RETURN properties(r).section AS section, r.evidence AS evidence"),
    # WITH, OPTIONAL MATCH, UNWIND (several clauses: the Neo4j form is written out where relationships need it)
    Case("MATCH (d:Department)-[:LEADS]->(t:Task) WITH d, count(t) AS n WHERE n > 5 RETURN d.name AS unit, n"),
    Case("MATCH (d:Department)-[:LEADS]->(t:Task) WITH d, count(t) AS n ORDER BY n DESC, d.name LIMIT 3 WHERE n > 10 RETURN d.name AS unit, n"),
    Case("MATCH (d:Department)-[:LEADS]->(t:Task) WITH d, collect(t.name) AS tasks RETURN d.name AS unit, size(tasks) AS n ORDER BY n DESC, unit LIMIT 5", order=["n", "unit"]),
    Case("MATCH (d:Department)-[:LEADS]->(t:Task) WITH DISTINCT d RETURN count(d) AS n"),
    Case("MATCH (d:Department) WITH d.jurisdiction AS j, count(*) AS n WITH j, n WHERE n > 3 RETURN j, n ORDER BY n DESC, j", order=["n", "j"]),
    Case("MATCH (g:Target) WITH g.unit AS u, sum(g.value) AS s RETURN u, s ORDER BY s DESC, u LIMIT 3", order=["s", "u"]),
    Case("MATCH (t:Task) WITH t ORDER BY t.key SKIP 10 LIMIT 5 RETURN t.key AS k", reference="MATCH (t:Task) WITH t ORDER BY toString(t.key) SKIP 10 LIMIT 5 RETURN t.key AS k"),
    Case("OPTIONAL MATCH (t:Task)-[:HAS_TARGET]->(g:Target) RETURN count(g) AS n, count(t) AS m, count(*) AS k",
         reference="OPTIONAL MATCH (t:Task)-[r:HAS_TARGET]->(g:Target) WHERE id(r) >= 0 RETURN count(g) AS n, count(t) AS m, count(*) AS k"),
    Case("MATCH (t:Task) OPTIONAL MATCH (t)-[:HAS_TARGET]->(g:Target) RETURN t.key AS t, count(g) AS n"),
    Case("MATCH (t:Task) OPTIONAL MATCH (t)-[:HAS_TARGET]->(g:Target) WHERE g.year = 2020 RETURN t.key AS t, g.indicator AS i"),
    Case("MATCH (d:Department {name: '农业农村部'}) OPTIONAL MATCH (d)-[:LEADS]->(t:Task)<-[:RESPONSIBLE_FOR]-(p:Department) RETURN d.name AS unit, p.name AS partner",
         reference="MATCH (d:Department {name: '农业农村部'}) OPTIONAL MATCH (d)-[r1:LEADS]->(t:Task)<-[r2:RESPONSIBLE_FOR]-(p:Department) WHERE id(r1) >= 0 AND id(r2) >= 0 RETURN d.name AS unit, p.name AS partner"),
    Case("MATCH (t:Task) OPTIONAL MATCH (t)-[:HAS_TARGET]->(g:Target) OPTIONAL MATCH (g)<-[:HAS_TARGET]-(x) RETURN count(x) AS n, count(*) AS m"),
    Case("MATCH (d:Department) OPTIONAL MATCH (d)-[:LEADS]->(t:Task) WITH d, count(t) AS n WHERE n = 0 RETURN count(d) AS idle"),
    Case("UNWIND ['财政部', '农业农村部', '无'] AS name OPTIONAL MATCH (d:Department {name: name})-[:LEADS]->(t:Task) RETURN name, count(t) AS n"),
    Case("UNWIND $units AS u MATCH (d:Department {name: u})-[:RESPONSIBLE_FOR]->(t:Task) RETURN u, count(t) AS n", {"units": ["财政部", "农业农村部"]}),
    Case("UNWIND [3, 1, 2, 1] AS x RETURN x ORDER BY x DESC", order=["x"]),
    Case("MATCH (d:Department)-[:LEADS]->(t:Task) WITH d, count(t) AS n UNWIND [n, n * 2] AS m RETURN d.name AS unit, sum(m) AS s ORDER BY s DESC, unit LIMIT 5", order=["s", "unit"]),
    Case("MATCH (g:Target) RETURN CASE WHEN g.year IS NULL THEN 'open' WHEN g.year < 2025 THEN 'early' ELSE 'late' END AS k, count(*) AS n"),
    Case("MATCH (g:Target) RETURN CASE g.comparator WHEN '>=' THEN 'at least' WHEN '<=' THEN 'at most' END AS k, count(*) AS n"),
    Case("MATCH (g:Target) RETURN sum(CASE WHEN g.year IS NULL THEN 1 ELSE 0 END) AS open, count(CASE WHEN g.value > 100 THEN 1 END) AS big"),
    Case("MATCH (d:Document)-[:MENTIONS]->(x) WHERE x:County OR x:Region RETURN labels(x)[0] AS l, count(*) AS n"),
    Case("MATCH (d:Document)-[:MENTIONS]->(x) WHERE NOT x:Industry RETURN count(*) AS n"),
    Case("MATCH (d:Department)-[:LEADS]->(t:Task) WITH d, count(t) AS n, collect(t.key) AS ks RETURN d.name AS u, size(ks[1..]) AS rest, size(ks[..-1]) AS most, ks[7..7] AS none, n ORDER BY u LIMIT 5", order=["u"]),
    Case("MATCH (t:Task)-[r:HAS_TARGET]->(g) RETURN r.end - r.start AS len, count(*) AS n ORDER BY n DESC, len LIMIT 5", order=["n", "len"]),
    Case("MATCH (t:Task) WHERE exists(t.deadline) RETURN count(t) AS n"),
    Case("MATCH (t:Task) OPTIONAL MATCH (t)<-[:LEADS]-(d) WITH t, count(d) AS n WHERE n = 0 RETURN count(t) AS unled"),
    Case("MATCH (d:Department) RETURN d.name AS n UNION MATCH (c:County) RETURN c.name AS n"),
    Case("MATCH (d:Department) RETURN d.jurisdiction AS n UNION ALL MATCH (c:County) RETURN c.name AS n UNION ALL RETURN '无' AS n"),
    Case("MATCH (d:Department)-[:LEADS]->(t:Task) RETURN d.name AS unit UNION MATCH (d:Department)-[:RESPONSIBLE_FOR]->(t:Task) RETURN d.name AS unit"),
    Case("MATCH (d:Department) WHERE any(x IN d.documents WHERE x CONTAINS 'd01') RETURN count(d) AS n"),
    Case("MATCH (d:Department) WHERE all(x IN d.documents WHERE x CONTAINS 'd01') RETURN count(d) AS n"),
    Case("MATCH (d:Department) WHERE none(x IN d.documents WHERE x CONTAINS 'd01') RETURN count(d) AS n"),
    Case("MATCH (d:Department) WHERE single(x IN d.documents WHERE x CONTAINS 'd0') RETURN count(d) AS n"),
    Case("MATCH (g:Target) RETURN any(x IN [g.year, 2025] WHERE x > 2024) AS a, all(x IN [g.year] WHERE x > 2000) AS b, count(*) AS n"),
    Case("RETURN 1 + 2 AS three, 'a' + 1 AS s, 7 / 2 AS d, -7 % 3 AS m, 7.0 / 2 AS f, [1, 2] + 3 AS l, null + 1 AS n"),
]

# Cypher that the Bolt server answers and the embedded store refuses: (query, the construct its error names).
REFUSED = [
    ("MATCH (d:Department) RETURN id(d) AS i LIMIT 1", "id() and elementId()"),
    ("MATCH (d:Department) RETURN [x IN d.aliases WHERE x <> ''] AS a LIMIT 1", "list comprehensions"),
    ("MATCH (t:Task)-[r:HAS_TARGET]->(g:Target) RETURN r", "a relationship as a result value"),
    ("MATCH p = (d:Department)-[:LEADS]->(t:Task) RETURN count(p) AS n", "path variables"),
    ("MATCH (a:Department)-[:LEADS*]->(t:Task) RETURN count(t) AS n", "variable length without an upper bound"),
    ("MATCH (a:Department)-[r:LEADS*1..2]->(t:Task) RETURN count(t) AS n", "a variable on a variable-length relationship"),
    ("MATCH (t:Task) RETURN keys(t) AS k LIMIT 1", "keys()"),
    ("MATCH (t:Task) CALL { RETURN 1 AS one } RETURN count(one) AS n", "CALL"),
    ("MATCH (t:Task) RETURN t.name AS n, timestamp() AS now LIMIT 1", "function timestamp()"),
]
# Refused too, but FalkorDB cannot run them either (Neo4j can).
REFUSED_NEO4J_ONLY = [
    ("MATCH (t:Task) WHERE exists((t)-[:HAS_TARGET]->()) RETURN count(t) AS n", "exists() of a pattern"),
    ("MATCH (t:Task) WHERE EXISTS { (t)-[:HAS_TARGET]->() } RETURN count(t) AS n", "EXISTS { } subqueries"),
    ("MATCH (d:Department) WHERE d.name =~ '.*财政.*' RETURN d.name AS unit", "=~ (regular expressions)"),
    ("MATCH (t:Task) WHERE COUNT { (t)-[:HAS_TARGET]->() } > 1 RETURN t.name", "COUNT { } subqueries"),
    ("MATCH (d:Department) RETURN elementId(d) AS i", "id() and elementId()"),
    ("MATCH (a:Department), (b:Department) RETURN shortestPath((a)-[*..3]-(b)) AS p LIMIT 1", "shortestPath"),
    ("MATCH (g:Target) RETURN reduce(s = 0, x IN [g.value] | s + x) AS r", "reduce()"),
    ("MATCH (g:Target) RETURN 2 ^ 3 AS p", "^ (power)"),
    ("MATCH (d:Department) RETURN [(d)-[:LEADS]->(t) | t.name] AS tasks", "pattern comprehensions"),
    ("MATCH (a)<-[:LEADS]->(b) RETURN a", "relationships pointing both ways"),
]
