"""The pattern components: policykg_industries and policykg_projects, on sentences written for these tests."""
from __future__ import annotations

import json
import re

import pytest
import spacy

from kg.text.clean import clean
from kg.nlp.industries import DATA_DIR, IndustryData, find_industries, looks_like_industry
from kg.nlp.mentions import mentions
from kg.nlp.projects import find_projects


def names(text: str) -> list[str]:
    return [text[f.start:f.end] for f in find_industries(text)]


def test_list_before_an_industry_head_gives_every_item():
    text = "促进陶瓷、玩具、箱包、五金等传统产业转型升级。"
    assert names(text) == ["陶瓷", "玩具", "箱包", "五金"]


def test_unknown_items_count_when_the_head_says_industry():
    text = "重点发展竹编工艺、山地户外装备和民族服饰等特色产业。"
    assert names(text) == ["竹编工艺", "山地户外装备", "民族服饰"]


def test_list_heads_that_name_other_things_rule_the_list_out():
    assert names("充分利用大数据、物联网、人工智能等先进技术改造提升传统产业。") == []
    assert names("集聚一批健康养生、护理康复等机构。") == []


def test_weak_head_needs_known_items():
    assert names("聚焦新能源汽车、集成电路、生物医药等重点领域。") == ["新能源汽车", "集成电路", "生物医药"]
    # Companies before 等链主企业 are not industries.
    assert names("围绕宏泰重工、金穗米业、华楚光电等链主企业开展招商。") == []


def test_names_with_an_industry_head_attached():
    assert names("推动茶叶产业提质增效,培育装备制造产业集群。") == ["茶叶产业", "装备制造产业集群"]
    assert names("石门县竹编产业远近闻名。") == ["竹编产业"]
    assert names("大力发展临空经济和总部经济。") == ["临空经济", "总部经济"]


def test_known_sector_names_on_their_own():
    assert names("加快发展先进制造业和现代服务业,壮大农产品加工业。") == ["先进制造业", "现代服务业", "农产品加工业"]


def test_generic_words_are_not_industries():
    text = "完善现代产业体系,推动主导产业和传统产业发展,延伸产业链,培育龙头企业,壮大县域经济和民营经济。"
    assert names(text) == []


def test_a_park_named_after_an_industry_is_a_project_and_names_that_industry():
    # the guidelines: an industry named inside a park's name is a mention of that industry
    text = "建设青山县食品产业园和现代农业产业园。"
    assert names(text) == ["食品", "现代农业"]
    # a park with a place in its name is a Project; a generic one (现代农业产业园) is not
    assert [(text[s:e], label) for s, e, label in find_projects(text)] == [("青山县食品产业园", "Project")]


def test_parks_bases_and_zones_without_the_word_industry_name_their_industry():
    text = "建设临港物流园区和冷链物流基地,创建国家现代农业示范区,发展中药材种植基地,新建湿地公园和开发区园区。"
    assert names(text) == ["物流", "冷链物流", "现代农业", "中药材"]
    assert names("建设精品丝绸加工基地和农产品加工园区。") == ["丝绸加工", "农产品加工"]


def test_parallel_verb_phrases_are_not_a_list_of_industries():
    # each verb's object stands alone: a known one is an industry, a clause beside it is not
    text = "引进200名左右能够突破关键技术、发展高新技术产业、带动新兴学科的领军人才。"
    assert names(text) == ["高新技术产业"]


def test_product_words_need_a_list_or_a_head():
    assert names("今年茶叶价格上涨。") == []
    assert names("做大茶叶、蔬菜、水果三大主导产业。") == ["茶叶", "蔬菜", "水果"]


def test_traditional_text_through_the_simplified_view():
    c = clean("促進紡織服裝、食品加工、電子信息等產業發展。")
    found = find_industries(c.text)
    assert [c.surface(f.start, f.end) for f in found] == ["紡織服裝", "食品加工", "電子信息"]


def test_wrapped_lines_do_not_end_a_list():
    text = "二是实施产业集群培育行动,推动产业集群化发展。装备制造产业集群重点发展\n\n大型轴承、精密齿轮、液压件;"
    assert names(text) == ["装备制造产业集群", "大型轴承", "精密齿轮", "液压件"]


def test_looks_like_industry():
    assert looks_like_industry("富硒食品加工")
    assert not looks_like_industry("信访问题")
    assert not looks_like_industry("产业体系")


def test_enterprises_and_projects():
    text = "支持嘉陵化纤股份有限公司建设智能工厂,实施“百城千村工程”,区城投公司负责融资。围绕宏泰重工、金穗米业等龙头企业招商。"
    got = [(text[s:e], label) for s, e, label in find_projects(text)]
    assert ("嘉陵化纤股份有限公司", "Enterprise") in got
    assert ("百城千村工程", "Project") in got
    assert ("宏泰重工", "Enterprise") in got and ("金穗米业", "Enterprise") in got
    assert not any("城投" in name for name, _ in got)


def test_components_in_a_blank_pipeline():
    nlp = spacy.blank("zh")
    nlp.add_pipe("policykg_industries")
    nlp.add_pipe("policykg_projects")
    text = "引进眼镜、钟表、玩具等产业,建设白水县眼镜产业园。"
    doc = nlp(text)
    got = sorted((text[m.start:m.end], m.label, m.source) for m in mentions(doc))
    assert got == [
        ("玩具", "Industry", "policykg_industries"), ("白水县眼镜产业园", "Project", "policykg_projects"),
        ("眼镜", "Industry", "policykg_industries"), ("眼镜", "Industry", "policykg_industries"),  # listed, and the park's
        ("钟表", "Industry", "policykg_industries"),
    ]


def test_pattern_data_round_trips_through_to_disk(tmp_path):
    nlp = spacy.blank("zh")
    ind = nlp.add_pipe("policykg_industries")
    nlp.add_pipe("policykg_projects")
    nlp.initialize()
    ind.data.sectors = ind.data.sectors | {"竹编工艺"}  # a word this pipeline learned
    nlp.to_disk(tmp_path / "pipe")
    loaded = spacy.load(tmp_path / "pipe")
    data = loaded.get_pipe("policykg_industries").data
    assert data.sectors == ind.data.sectors and data.products == ind.data.products and data.patterns == ind.data.patterns
    text = "加快发展竹编工艺。"
    assert [(text[m.start:m.end]) for m in mentions(loaded(text)) if m.label == "Industry"] == ["竹编工艺"]
    assert [(text[m.start:m.end]) for m in mentions(nlp.__class__.from_config(nlp.config)(text))] == []


def test_bad_pattern_file_is_a_one_line_error(tmp_path):
    IndustryData.load(DATA_DIR).save(tmp_path)
    (tmp_path / "patterns.json").write_text("{ not json", encoding="utf-8")
    with pytest.raises(ValueError, match=re.escape(str(tmp_path / "patterns.json"))):
        IndustryData.load(tmp_path)
    (tmp_path / "patterns.json").write_text(json.dumps({"strong_heads": []}), encoding="utf-8")
    with pytest.raises(ValueError, match="missing word lists"):
        IndustryData.load(tmp_path)


@pytest.mark.shared
def test_industry_f1_on_the_reference_corpus(shared_dir):
    """The pattern component against the gold Industry sets, counted as shared/score.py does."""
    from kg.text.script import to_simplified

    punct = re.compile(r"[\s\u3000,，、;；:：.。()（）\[\]【】“”\"'《》<>〈〉·\-—]+")
    tp = npred = ngold = 0
    for gf in sorted((shared_dir / "gold").glob("*.gold.json")):
        gold = json.loads(gf.read_text(encoding="utf-8"))
        c = clean((shared_dir / "corpus" / gold["document"]).read_text(encoding="utf-8"))
        pred = {punct.sub("", to_simplified(c.surface(f.start, f.end))) for f in find_industries(c.text)}
        g = {punct.sub("", to_simplified(x)) for x in gold["entities"].get("Industry", [])}
        tp, npred, ngold = tp + len(pred & g), npred + len(pred), ngold + len(g)
    p, r = tp / npred, tp / ngold
    assert 2 * p * r / (p + r) >= 0.85


def test_a_known_name_with_a_place_character_inside_is_not_cut():
    # 乡 and 村 end place names (汀祖镇, 某某村), but 乡村旅游 is one sector: only a place written before it goes.
    assert names("积极发展乡村旅游、休闲农业、农村电商等新产业新业态。")[:2] == ["乡村旅游", "休闲农业"]
    assert "印章产业" in names("支持衡东县印章产业做大做强。")


def test_a_head_written_on_the_last_item_only_makes_a_list_of_known_names_industries():
    assert names("全县已初步形成茶叶、烟叶、魔芋全产业链,品牌效应显现。") == ["茶叶", "烟叶", "魔芋"]
    assert names("做强茶叶、中药材、蔬菜产业。") == ["茶叶", "中药材", "蔬菜产业"]
    # the head belongs to a longer phrase: a park (物流产业园) or what is done to the industries
    assert "核心商圈" not in names("规划建设核心商圈、商务区、物流产业园。")
    assert names("面向农业机械化、农机装备产业转型升级开展研究。") == []


def test_a_category_head_on_the_last_item_without_deng():
    assert names("保障全县奶山羊、苹果、食用菌、中药材特色优势产业提质增效。") == ["奶山羊", "苹果", "食用菌", "中药材"]


def test_the_chain_of_an_industry_and_an_industry_cluster():
    assert names("延伸肉牛产业链条,完善奶山羊全产业链条体系。") == ["肉牛产业", "奶山羊"]
    assert names("打造国家级先进制造业集群。") == ["先进制造业集群"]


def test_a_list_after_a_rule_is_read_from_its_first_item_and_classes_of_industry_are_not_industries():
    assert names("严格执行钢铁、水泥、铸造等行业产能置换办法。") == ["钢铁", "水泥", "铸造"]
    assert names("加快淘汰高能耗、高污染产业。") == []


def test_a_chain_head_on_the_last_item_with_more_words_after_it_and_the_output_of_listed_industries():
    assert names("加快推进肉鸡、肉牛、淡水鱼全产业链规划布局。") == ["肉鸡", "肉牛", "淡水鱼"]
    assert names("推动茶叶、蔬菜产业转型升级。") == []  # 产业 here is the general word of a longer phrase
    assert names("茶叶、蚕桑综合产值分别达100亿元、50亿元。") == ["茶叶", "蚕桑"]
    assert names("推进新一代信息网络、5G基站、新型物联网等新型基础设施建设。") == []


def test_a_named_list_of_places_and_their_industries_keeps_each_name_whole_after_its_place():
    # a provincial notice naming counties for their industries: 某县——某省X产业名县
    text = ("1.南和县——河北省宠物食品产业名县\n2.清河县——河北省汽车及零部件产业名县(复核)\n"
            "3.冀州区——河北省采暖铸造产业名区\n4.石家庄循环化工园区——河北省循环化工名区\n"
            "河北省确定了2018年特色产业名县名镇中小企业示范产业集群。在有条件的贫困地区设立电商产业孵化园。\n")
    assert names(text) == ["宠物食品产业", "汽车及零部件产业", "采暖铸造产业", "循环化工", "电商产业"]


def test_an_industry_demonstration_zone_names_its_industry():
    assert names("优化现代农业产业示范区的功能结构,建设蔬菜产业示范园和食品产业园。") == ["现代农业产业", "蔬菜产业", "食品"]


def test_a_short_name_between_a_verb_and_its_head_is_kept_whole():
    assert names("做大茧丝绸产业,壮大生猪产业。") == ["茧丝绸产业", "生猪产业"]


def test_a_classifications_sections_listed_by_their_official_names_stay_whole():
    text = "落实将批发和零售业,农、林、牧、渔业,住宿和餐饮业,居民服务、修理和其他服务业,文化、体育和娱乐业等5个行业企业纳入退税范围。"
    assert names(text) == ["批发和零售业", "农、林、牧、渔业", "住宿和餐饮业", "居民服务、修理和其他服务业", "文化、体育和娱乐业"]


def test_a_province_or_a_year_before_a_name_is_not_part_of_it_and_generic_words_name_no_industry():
    text = ("入选2023年优势特色产业集群名单的有黑龙江鲜食玉米产业集群。2023年农业产业融合发展项目公布。"
            "来源:中国产业经济信息网。推动扶贫产业、贫困户产业全覆盖。")
    assert names(text) == ["鲜食玉米产业集群"]


def test_a_base_named_after_a_kind_of_goods_names_it():
    text = "打造新疆优质针织品基地、新疆优质纯棉纺织品基地,建设农产品基地和工艺品基地,建设优质产品基地和精品基地。"
    assert names(text) == ["针织品", "纯棉纺织品", "农产品", "工艺品"]


def test_a_farming_base_names_the_farming():
    assert names("建成万头生猪养殖基地一个,中药材种植基地1万亩。") == ["生猪养殖", "中药材"]


def test_a_known_industry_before_words_about_it_keeps_its_head():
    text = "以智慧城市建设推动电子信息产业结构优化升级,设立产业基金,构建现代农业产业体系。"
    assert names(text) == ["电子信息产业", "现代农业"]


def test_a_sector_named_for_its_enterprises_is_a_mention_of_it():
    assert names("鼓励重点装备制造企业享受并购政策,支持新能源汽车企业发展,设立装备制造公司。") == ["装备制造", "新能源汽车"]


def test_the_products_in_brackets_after_the_counties_listed_under_an_industry():
    text = ("水果产业:华坪县(芒果)、宾川县、昭阳区(苹果)。\n肉牛等畜牧业:宣威市(火腿及生猪)、寻甸县(肉牛)。\n"
            "浠水县(牵头)负责,各县(市、区)要落实,由浠水县(试点县)推进。\n")
    assert names(text) == ["水果产业", "芒果", "苹果", "畜牧业", "火腿", "生猪", "肉牛"]


def test_a_county_listed_with_its_specialty_develops_it():
    from kg.extract.document import extract
    from kg.graph.model import fragment
    from kg.read.document import Document

    g = fragment(extract(Document("t.txt", "云南省人民政府关于印发一县一业示范县名单的通知\n水果产业:华坪县(芒果)、昭阳区(苹果)。\n")))
    got = sorted((g.nodes[u]["name"], g.nodes[v]["name"]) for u, v, t in g.edges(data="type") if t == "DEVELOPS")
    assert ("华坪县", "芒果") in got and ("昭阳区", "苹果") in got


def test_the_last_of_a_list_of_short_nouns_joined_by_he_is_two_items():
    assert names("因地制宜发展蔬菜、茶叶、干果和木本油料等产业。") == ["蔬菜", "茶叶", "干果", "木本油料"]
    assert names("发展绿色食品、营养与健康食品等产业。") == ["绿色食品", "营养与健康食品"]


def test_a_known_name_with_he_inside_is_not_split_at_the_end_of_a_list():
    assert names("发展研发设计、检验检测、批发和零售业等产业。") == ["研发设计", "检验检测", "批发和零售业"]


def test_a_park_named_after_a_known_products_processing():
    assert names("培育服装加工产业园,建设大健康产业园和花湖临空产业园。") == ["服装加工", "大健康"]


def test_an_industry_by_its_older_name_x_gongye():
    text = "锰工业生产如火如荼,推进铝工业基地建设,加快钢铁工业转型。推进新型工业化,调整老工业基地,规模以上工业企业。"
    assert names(text) == ["锰工业", "铝工业", "钢铁工业"]


@pytest.mark.parametrize("text, expected", [
    # the goods a county is known for: the county says where, the goods are the industry
    ("做强迁安钢铁、安溪铁观音、潜江小龙虾等县域特色产业", ["钢铁", "铁观音", "小龙虾"]),
    # in such a list, an item opening with a town too small for the division table reads the same way
    ("比如,香河家具、白沟箱包、辛集皮革等特色产业集群", ["家具", "箱包", "皮革"]),
    # goods of one character keep their place: 龙井茶 and 普洱茶 are names of their own
    ("发展龙井茶产业、普洱茶产业", ["龙井茶产业", "普洱茶产业"]),
])
def test_industries_written_after_the_county_they_are_known_by(text, expected):
    assert [text[f.start:f.end] for f in find_industries(text)] == expected


@pytest.mark.parametrize("text, expected", [
    # a farming base measured in land right after its name is a base of that produce
    ("改造干果基地1万亩,新建核桃基地5000亩", ["干果", "核桃"]),
    # a place's name before the base is where, not what
    ("建设通江基地1万亩", []),
    # a seed or breeding base of a known crop
    ("打造马铃薯种源基地", ["马铃薯"]),
])
def test_farming_bases_by_their_produce(text, expected):
    assert [text[f.start:f.end] for f in find_industries(text)] == expected


def test_the_three_sectors_where_promoted_not_in_statistics():
    text = "做优第三产业。全年第一产业增加值增长4%,第三产业占比提高6个百分点。"
    assert [text[f.start:f.end] for f in find_industries(text)] == ["第三产业"]


@pytest.mark.parametrize("text, expected", [
    ("项目县名单如下:蔬菜集群:南县、华容县,优势家禽集群:石门县,特色水产集群:君山区", ["蔬菜集群", "优势家禽集群", "特色水产集群"]),
    ("形成汽车集群", ["汽车集群"]),
    ("培育企业集群和城市集群", []),  # a cluster of firms or cities names no industry
])
def test_a_cluster_named_after_a_known_product_or_sector(text, expected):
    assert [text[f.start:f.end] for f in find_industries(text)] == expected


def test_a_verb_before_an_industry_word_is_no_industry_name():
    assert [f for f in find_industries("睢县抢抓产业转移机遇招引鞋企")] == []


@pytest.mark.parametrize("text, expected", [
    ("聚焦装备制造及配套产业,扶持重点项目", ["装备制造及配套产业"]),  # the industry and its suppliers, one name
    ("走出了一条产业兴旺、百姓富裕的新路径", []),  # a count opens no industry's name
    ("这里日照充足,有利于林果业产业发展", ["林果业产业"]),
])
def test_names_before_an_industry_head(text, expected):
    assert [text[f.start:f.end] for f in find_industries(text)] == expected


@pytest.mark.parametrize("text, expected", [
    # a product word is an industry where the text farms, grows or processes it, builds its
    # facilities, develops it, or joins it into a business form
    ("加快旅游基础设施建设", ["旅游"]),
    ("新增水产生态养殖面积3万亩,肉牛养殖规模居全盟首位", ["水产", "肉牛养殖"]),
    ("大力发展旅游和物流", ["旅游", "物流"]),
    ("形成农产品精深加工+旅游的业态", ["农产品精深加工", "旅游"]),
    # elsewhere it is goods, or part of another name
    ("购买茶叶", []),
    ("偿还农业发展银行贷款", []),
    ("打造食用菌酵素生产基地", []),
])
def test_goods_the_text_makes_an_industry(text, expected):
    assert [text[f.start:f.end] for f in find_industries(text)] == expected


@pytest.mark.parametrize("text, expected", [
    ("发展现代农牧业,农牧业提质增效", ["现代农牧业", "农牧业"]),  # a sector by name
    ("争创产业强镇,良好环境激发产业活力,贯穿产业链上下游", []),  # a verb before 产业 names no industry
])
def test_sector_names_and_verbs_before_the_head(text, expected):
    assert [text[f.start:f.end] for f in find_industries(text)] == expected
