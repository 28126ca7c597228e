"""Compose more training sentences from templates and word lists (written by hand, not taken
from any corpus) so that the NER sees each context with many different names.

usage: python training/make_sentences.py   (writes training/generated.txt; fixed seed)
"""
from __future__ import annotations

import random
from functools import lru_cache
from pathlib import Path

__all__ = ["compose", "main"]

HERE = Path(__file__).resolve().parent

INDUSTRIES = """集成电路 新型显示 智能网联汽车 锂电池 光伏组件 风电装备 现代中药 特种纸 精品钢材 铝精深加工
电子元器件 服装鞋帽 户外用品 竹木加工 茶叶 脐橙 猕猴桃 油茶 小龙虾 生猪 肉牛 乳制品 预制菜 休闲食品 白酒
康养旅游 研学旅行 文化创意 动漫游戏 直播电商 跨境电商 冷链物流 港口物流 航空物流 软件信息服务 北斗应用
无人机 绿色建材 装配式建筑 节能环保装备 动力电池 储能 氢能 生物基材料 化工新材料 磷化工 氟化工 盐化工
硅材料 稀土永磁 陶瓷 玻璃 纺织印染 家纺 针织 乐器 玩具 箱包 五金 卫浴 家具 定制家居 食用菌 蔬菜 水果
花卉苗木 中药材 水产养殖 渔业 生物医药 新材料 新能源 高端装备 电子信息 纺织服装 食品加工 装备制造 精细化工
汽车零部件 医疗器械 现代物流 电子商务 文化旅游 数字经济 先进制造业 现代服务业 现代农业 大数据 人工智能
云计算 工业互联网 轨道交通装备 航空航天 船舶制造 农机装备 石油化工 有色金属 冶金 钢铁 建材 造纸 印刷
家电 光电子 激光 传感器 智能终端 新能源汽车 商贸物流 会展 金融服务 检验检测 工业设计 健康养老 家政服务
生态旅游 乡村旅游 红色旅游 休闲农业 林下经济 数字创意 节能环保 生物育种 粮油加工 肉类加工 果蔬加工
水产品加工 茶饮 酿酒 烟草 皮革 制鞋 眼镜 钟表 童装 羽绒 丝绸 刺绣 工艺品 石材 木材加工""".split()
ECONOMY = "临空经济 总部经济 夜间经济 楼宇经济 平台经济 共享经济 循环经济 低空经济 银发经济 海洋经济 口岸经济 枢纽经济".split()
PLACES = """青山 白水 临江 云溪 东湖 南岭 西平 北塘 金沙 石门 柳林 桃源 枫桥 龙泉 凤凰山 红星 长岭 清河 松溪 梅岭
黄石岗 马鞍山 杨柳湾 双河 三江口 沙洋湖 花园 新港 城东 河西""".split()
BRANDS = """华星 宏达 瑞丰 鼎盛 永信 恒通 金泰 中科 天成 万豪 嘉禾 博远 海川 新航 利民 康宁 汇通 益农 盛世 隆基
正泰 远大 华润 光明 旭日 长城 东方 南洋 北辰 西域 天宇 金鹰 银河 鸿运 德胜 安泰 富源 祥和 润丰 卓越""".split()
TRADES = "科技 电气 钢铁 药业 食品 纺织 新材料 能源 机械 汽车 电子 化工 物流 农业 生物 光电 智能 建材 酒业 乳业".split()
CO_SUFFIX = ["集团", "股份有限公司", "有限公司", "集团有限公司", "科技有限公司"]
PARK = ["产业园", "产业园区", "工业园", "产业基地", "生产基地", "物流园", "科技园"]
HEADS_STRONG = ["等产业", "等主导产业", "等重点产业", "等特色产业", "等新兴产业", "等优势产业", "等行业", "等产业集群"]
HEADS_WEAK = ["等重点领域", "等领域", "等特色农产品"]
NUMS = "两 三 四 五 六".split()

TEMPLATES = [
    "重点发展{I1}、{I2}、{I3}{HS},打造千亿级产业集群。",
    "加快发展{I1}、{I2}和{I3}{HS}。",
    "围绕{I1}、{I2}、{I3}{HW},开展精准招商。",
    "聚焦{I1}、{I2}{HW},培育一批专精特新企业。",
    "做强{I1}、{I2}、{I3}{N}大主导产业。",
    "大力发展{I1},推动{I2}提质增效。",
    "{Place}县{I1H}年产值突破{D}亿元。",
    "支持{Place}市打造{I1C}。",
    "推动{I1L}延链补链强链。",
    "加快建设{P1},打造{I1}产业集聚区。",
    "{E1}投资{D}亿元建设{P1}。",
    "{P1}建成投产,{E1}、{E2}等企业入驻。",
    "围绕{E1}、{E2}、{E3}等链主企业,推进产业链招商。",
    "鼓励{E1}等龙头企业做大做强。",
    "{E1}被认定为省级农业产业化重点龙头企业。",
    "支持{E1}建设{I1}研发中心。",
    "积极发展{X1}、{X2}和{X3}。",
    "以{I1}、{I2}、{I3}为重点,做大做强块状经济。",
    "引进{I1}、{I2}等产业项目{D}个。",
    "推进“{Q}”,年内完成投资{D}亿元。",
    "实施{Thing},总投资{D}亿元。",
    "{I1}、{I2}两大集群企业营业收入增长百分之十以上。",
    "推动{I1}与{I2}融合发展。",
    "{Place}区{I1C}入选国家级中小企业特色产业集群。",
    "建设{P1},完善配套设施。",
    "培育壮大{I1}、{I2}、{I3}、{I4}等战略性新兴产业。",
]
NEGATIVE = [
    "完善现代产业体系,推动主导产业高质量发展。", "各类产业园区要落实安全生产责任。",
    "加快产业链供应链现代化,提升产业基础能力。", "培育一批龙头企业和专精特新企业。",
    "推动传统产业改造升级,淘汰落后产能。", "强化企业创新主体地位。", "建设高标准农田{D}万亩。",
    "落实减税降费政策,支持实体经济发展。", "推动县域经济高质量发展。", "发展壮大村级集体经济。",
    "完善基础设施,提升县城综合承载能力。", "推动一二三产业融合发展。", "承接产业转移,优化产业布局。",
    "利用大数据、人工智能、物联网等技术赋能传统产业。", "加快5G基站、数据中心等新型基础设施建设。",
    "区城投公司负责项目融资。", "县发展改革局牵头,县财政局配合。", "到{Y}年,全县地区生产总值达到{D}亿元。",
    "建立重大项目库,实施重大项目推进机制。", "培育新产业新业态新模式。", "{Place}县人民政府负责组织实施。",
]
# Plain policy clauses with no entity, so that the model learns how much of a real
# document is not a name (composed from phrases written for this purpose).
SUBJECTS = """各地 各有关部门 县直各单位 各乡镇人民政府 市直有关部门 各级党委和政府 有关单位 各街道办事处 区直各部门
相关责任单位 各县市区 各成员单位""".split()
ACTIONS = """加强组织领导 完善工作机制 落实主体责任 强化督导考核 推进基层治理 优化营商环境 做好就业服务 防范化解重大风险
加强安全生产监管 提升公共服务水平 改善农村人居环境 深化放管服改革 完善社会保障体系 推进依法行政 加强干部队伍建设
健全应急管理体系 推进平安建设 加强生态环境保护 落实河湖长制 推动城乡融合发展 提高财政资金使用效益 强化要素保障
完善考核评价办法 加强宣传引导 营造良好氛围 做好信访维稳工作 推进政务公开 加强人才队伍建设 完善基础设施
提升县城综合承载能力 推进新型城镇化 巩固拓展脱贫攻坚成果 推进乡村振兴 加强耕地保护 保障粮食安全
深化国有企业改革 完善公共卫生体系 推进教育均衡发展 扩大有效投资 促进消费升级 稳定外贸外资 加强统筹协调
建立工作台账 定期调度通报 及时研究解决问题 加强监督检查 严肃追责问责 推动各项政策落地见效 强化资金保障
完善激励约束机制 提高行政效能 推进数字政府建设 加强诚信体系建设 推动公共资源交易平台整合""".split()
GOALS = """确保各项任务按期完成 形成工作合力 取得明显成效 为高质量发展提供坚实保障 推动工作落地落实 切实增强群众获得感
不断提升治理能力 确保目标任务全面完成 持续改善民生福祉 守住不发生系统性风险的底线""".split()


FRAMES = ["{S}要加强{a}和{b}工作。", "做好{a}、{b}等工作。", "推进{a}建设,完善{b}。", "关于{a}的{b}问题。",
          "对{a}给予{b}支持。", "{a}由{S}负责。", "加大{a}力度,提升{b}水平。", "{a}、{b}和{c}纳入考核。",
          "围绕{a}开展{b}活动。", "建立{a}与{b}联动机制。", "围绕{a}、{b}等重点工作,狠抓落实。",
          "推动{a}、{b}、{c}等方面取得突破。", "加快{a}和{b}进度。", "以{a}为抓手,推进{b}。", "重点解决{a}、{b}等问题。",
          "培育{a}意识,打造{b}品牌。", "聚焦{a}、{b}等关键环节。", "大力发展{a}事业,健全{b}体系。",
          "{U}负责{a}和{b}。", "{U}指导,{S}落实{a}。", "完善{a}机制,提高{b}能力。", "开展{a}试点,推广{b}经验。",
          "建设{a}平台和{b}中心。", "加强{a}、{b}、{c}等基础设施建设。", "落实{a}补贴政策,做好{b}服务。"]
UNITS = """财政部 商务部 教育部 人民银行 农业农村部 生态环境部 国家发展改革委 人力资源社会保障部 县财政局 区教育局
市场监管总局 住房城乡建设部 县自然资源局 市生态环境局 区民政局 县人社局 工业和信息化部 科技部 税务总局""".split()
_NAMEY = ("产业", "业", "经济", "园", "公司", "集团", "项目", "工程", "基地", "中心", "区", "局", "委", "办", "县", "市", "镇",
          "村", "省", "厂", "站", "所", "院", "校", "会")


@lru_cache(maxsize=1)
def _plain_words() -> list[str]:
    """Common words from the spacy-pkuseg dictionary that cannot be part of a name we label."""
    import pickle

    import spacy_pkuseg

    path = Path(spacy_pkuseg.__file__).parent / "dicts" / "default.pkl"
    words = pickle.loads(path.read_bytes()).split("\n")
    lexicon = HERE.parent / "kg" / "data" / "industries"
    names = set(INDUSTRIES) | set(ECONOMY) | set(PLACES) | set(BRANDS)
    for f in ("sectors.txt", "products.txt"):
        names |= {w.split("#")[0].strip() for w in (lexicon / f).read_text(encoding="utf-8").splitlines()} - {""}
    return sorted(w for w in words if 2 <= len(w) <= 4 and all("\u4e00" <= c <= "\u9fff" for c in w)
                  and not w.endswith(_NAMEY) and not any(n in w or w in n for n in names))


def filler_negative(rng: random.Random) -> str:
    """An entity-free sentence whose slots hold common dictionary words: many characters, no names."""
    words = _plain_words()
    a, b, c = (rng.choice(words) for _ in range(3))
    return rng.choice(FRAMES).format(S=rng.choice(SUBJECTS), U=rng.choice(UNITS), a=a, b=b, c=c)


def negative(rng: random.Random) -> str:
    """An entity-free policy sentence."""
    a, b = rng.sample(ACTIONS, 2)
    form = rng.randrange(4)
    if form == 0:
        return f"{rng.choice(SUBJECTS)}要{a},{b},{rng.choice(GOALS)}。"
    if form == 1:
        return f"{a},{b}。"
    if form == 2:
        return f"到{rng.randint(2022, 2030)}年,{a}取得新进展,{b}。"
    return f"({rng.choice('一二三四五六七八九十')}){a}。{rng.choice(SUBJECTS)}负责{b}。"


THINGS = "污水处理厂提标改造 城区道路改造 老旧小区改造 抽水蓄能电站 光伏发电 垃圾焚烧发电 冷链仓储 高标准厂房 物流中心 职业技术学校".split()
PROGRAMMES = "千村示范万村整治 百企千村 双十 三乡 四好农村路 蓝天保卫 乡村振兴示范 技改提能 专精特新倍增 万企兴万村".split()


def _enterprise(rng: random.Random) -> str:
    return rng.choice(BRANDS) + rng.choice(TRADES) + rng.choice(CO_SUFFIX)


def _park(rng: random.Random) -> str:
    return rng.choice(PLACES) + rng.choice(INDUSTRIES) + rng.choice(PARK)


def compose(rng: random.Random) -> str:
    """One sentence in the markup of ``training/sentences.txt``."""
    if rng.random() < 0.15:
        t = rng.choice(NEGATIVE)
        return t.format(D=rng.randint(2, 900), Y=rng.randint(2022, 2030), Place=rng.choice(PLACES))
    t = rng.choice(TEMPLATES)
    inds = rng.sample(INDUSTRIES, 4)
    econ = rng.sample(ECONOMY, 3)
    park = _park(rng)
    ind_in_park = next(i for i in INDUSTRIES if i in park)
    return t.format(
        I1="{I:%s}" % (ind_in_park if "{P1}" in t and "{I1}产业集聚区" in t else inds[0]), I2="{I:%s}" % inds[1],
        I3="{I:%s}" % inds[2], I4="{I:%s}" % inds[3], X1="{I:%s}" % econ[0], X2="{I:%s}" % econ[1], X3="{I:%s}" % econ[2],
        I1H="{I:%s产业}" % inds[0], I1C="{I:%s产业集群}" % inds[0], I1L="{I:%s产业链}" % inds[0],
        HS=rng.choice(HEADS_STRONG), HW=rng.choice(HEADS_WEAK), N=rng.choice(NUMS), D=rng.randint(2, 900),
        Place=rng.choice(PLACES), P1="{P:%s}" % park, E1="{E:%s}" % _enterprise(rng),
        E2="{E:%s}" % _enterprise(rng), E3="{E:%s}" % _enterprise(rng), Q="{P:%s工程}" % rng.choice(PROGRAMMES),
        Thing="{P:%s%s项目}" % (rng.choice(PLACES), rng.choice(THINGS)), Y=rng.randint(2022, 2030),
    )


def main(n: int = 600, seed: int = 0) -> None:
    rng = random.Random(seed)
    lines = []
    for _ in range(n):
        line = compose(rng)
        # Real text mixes a sentence with names among plain clauses.
        if rng.random() < 0.4:
            line = negative(rng)[:-1] + "," + line if rng.random() < 0.5 else line + negative(rng)
        lines.append(negative(rng))
        lines += [filler_negative(rng) for _ in range(2)]
        lines.append(line)
    header = "# Generated by training/make_sentences.py (seed %d): templates and word lists written by hand.\n" % seed
    (HERE / "generated.txt").write_text(header + "\n".join(dict.fromkeys(lines)) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
