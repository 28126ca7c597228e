"""A synthetic corpus for the scale benchmark, generated from the project's own samples.

Documents vary jurisdiction (real county names from the division dataset), units,
industries, targets and layouts (labelled brackets, unit lines, X负责, X牵头/Y参与,
table rows), so extraction and loading do real work. Deterministic for a seed.
"""
from __future__ import annotations

import csv
import random
from importlib import resources
from pathlib import Path

__all__ = ["generate", "counties"]

BODIES = [
    "围绕{ind}、{ind2}等主导产业，推进产业链招商，力争{ind}产业产值突破{n}亿元。",
    "实施“技改提能、制造焕新”行动，鼓励企业设备更新，完成技改项目{m}个以上。",
    "强化项目储备，实施重大项目{m}个、总投资{n}亿元，加快{county}经济开发区基础设施提档升级。",
    "深化“放管服”改革，推进政务服务“一网通办”，企业开办时间压缩至1个工作日以内。",
    "推进农业产业化，发展{ind}等特色产业，建设高标准农田{m}万亩，农产品加工产值达到{n}亿元以上。",
    "加强生态环境保护，推进流域综合治理，空气质量优良天数比例达到{p}%以上。",
    "完善公共服务，新改建幼儿园{m}所，新增城镇就业{m}00人以上。",
    "推进城市更新，改造老旧小区{m}个，新建口袋公园{m}个。",
]
# Measures without a figure: most sentences of real task lists are like these (the reference
# documents hold about 1.3 quantified targets per 1,000 characters; with one body sentence in
# four quantified, these documents hold about 4.4, so the benchmark errs on the heavy side).
MEASURES = [
    "建立健全工作推进机制，明确责任分工，定期调度工作进展，及时协调解决存在的困难和问题。",
    "加大政策支持力度，统筹用好各类专项资金，引导社会资本参与{ind}产业发展。",
    "优化审批服务流程，推行容缺受理和并联审批，提高项目落地效率。",
    "加强与高校、科研院所合作，推动产学研深度融合，促进科技成果就地转化。",
    "强化要素保障，做好用地、用能、融资等服务，帮助企业解决实际困难。",
    "完善考核评价办法，将任务落实情况纳入年度综合考评，确保各项措施落地见效。",
    "加强宣传引导，及时总结推广典型经验做法，营造全社会共同参与的良好氛围。",
    "落实安全生产责任制，开展隐患排查整治，坚决防范遏制重特大事故发生。",
    "推动{ind}与{ind2}融合发展，延伸产业链条，提升产品附加值和市场竞争力。",
]
TITLES = ["做强{ind}产业", "推进链式招商", "加快重大项目建设", "优化营商环境", "发展现代农业", "打造美丽宜居环境",
          "提升公共服务水平", "推进城市更新", "培育经营主体", "强化要素保障", "深化改革开放", "加强安全生产"]
UNITS = ["发展和改革局", "经济和信息化局", "财政局", "自然资源和规划局", "住房和城乡建设局", "农业农村局", "商务局",
         "文化和旅游局", "卫生健康局", "市场监督管理局", "生态环境分局", "行政审批局", "招商服务中心", "教育局",
         "人力资源和社会保障局", "交通运输局", "水利和湖泊局", "应急管理局", "统计局", "城市管理执法局"]
INDUSTRIES = ["新材料", "生物医药", "智能制造", "新能源", "大数据", "纺织服装", "食品加工", "现代物流", "装备制造",
              "电子信息", "文化旅游", "现代农业", "汽车零部件", "绿色建材", "精细化工", "光电子信息"]


def counties(limit: int = 400) -> list[str]:
    """Real county-level names from the division dataset (cpca's adcodes)."""
    with resources.files("cpca").joinpath("resources/adcodes.csv").open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    # 12-digit codes: county level has a non-zero 5th-6th digit and zeros after
    names = [r["name"] for r in rows if r["adcode"][4:6] != "00" and r["adcode"][6:] == "000000" and r["name"].endswith(("县", "区", "市"))]
    return sorted(set(names))[:limit]


def _units(rng: random.Random, prefix: str, k: int) -> list[str]:
    return [prefix + u for u in rng.sample(UNITS, k)]


def _task(rng: random.Random, i: int, county: str, prefix: str, layout: str) -> str:
    ind, ind2 = rng.sample(INDUSTRIES, 2)
    fill = dict(ind=ind, ind2=ind2, county=county[:-1], n=rng.randint(10, 900), m=rng.randint(2, 90), p=rng.randint(70, 95))
    title = rng.choice(TITLES).format(**fill)
    body = "".join(rng.choice(BODIES if rng.random() < 0.25 else MEASURES).format(**fill) for _ in range(rng.randint(4, 9)))
    lead, *resp = _units(rng, prefix, rng.randint(2, 6))
    rest = "、".join(resp)
    if layout == "bracket":
        return f"{i}.{title}。{body}（牵头单位：{lead}；责任单位：{rest}，各乡镇）"
    if layout == "lines":
        return f"{i}.{title}。{body}\n牵头单位：{lead}\n责任单位：{rest}"
    if layout == "fuze":
        return f"（{i}）{title}。{body}（{lead}、{rest}负责）"
    if layout == "qiantou":
        return f"{i}.{title}。{body}（{lead}牵头，{rest}参与）"
    return f"{i} | {title} | {body} | {lead} | {rest} | 2025年{rng.randint(1, 12)}月底前 |"


def generate(out: str | Path, *, n_docs: int = 1000, seed: int = 7, tasks_per_doc: tuple[int, int] = (62, 78)) -> list[Path]:
    """Write ``n_docs`` documents into ``out``; returns their paths."""
    rng = random.Random(seed)
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    names = counties()
    paths = []
    for d in range(n_docs):
        county = rng.choice(names)
        prefix = "区" if county.endswith("区") else "县" if county.endswith("县") else "市"
        layout = rng.choice(["bracket", "lines", "fuze", "qiantou", "table"])
        year = rng.randint(2019, 2025)
        lines = [f"{county}{year}年重点工作任务分工方案", "", "一、主要目标",
                 f"到{year + 2}年，全{prefix[0]}地区生产总值达到{rng.randint(100, 900)}亿元以上，规模以上工业增加值增长{rng.randint(5, 12)}%左右。",
                 "二、重点任务"]
        if layout == "table":
            lines.append("序号 | 任务 | 具体措施 | 牵头单位 | 责任单位 | 完成时限 |")
        if layout == "fuze":
            lines.append("各项任务中列第一位者为牵头单位。")
        for i in range(1, rng.randint(*tasks_per_doc) + 1):
            lines.append(_task(rng, i, county, prefix, layout))
        lines += ["三、保障措施", f"{prefix}直各部门要按照职责分工抓好落实。", f"{county}人民政府办公室", f"{year}年3月1日"]
        p = out / f"doc{d:04d}.txt"
        p.write_text("\n".join(lines) + "\n", "utf-8")
        paths.append(p)
    return paths
