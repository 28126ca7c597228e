"""The spaCy pipeline (kg.nlp.pipeline): built from its config, one token per run of text, saved and loaded."""
import pytest
import spacy
from spacy.tokens import Doc, Span

from kg.nlp.mentions import Mention, mentions
from kg.nlp.merge import resolve
from kg.nlp.pipeline import CONFIG, load_nlp, make_nlp
from kg.nlp.tokenizer import RunTokenizer
from kg.nlp.departments import DATA_DIR as DEPARTMENT_DATA

TEXT = "牵头单位:区发展改革和经济信息化局;责任单位:区财政局、区教育局。中共汉川市委政研室要求加快发展纺织服装产业。"


@pytest.fixture(scope="module")
def nlp():
    return load_nlp()


def found(doc):
    return [(doc.text[m.start:m.end], m.label) for m in mentions(doc)]


def test_the_pipeline_is_built_from_its_config(nlp):
    assert CONFIG.is_file()
    assert nlp.lang == "zh"
    assert nlp.config["nlp"]["tokenizer"]["@tokenizers"] == "policykg.RunTokenizer.v1"
    assert nlp.pipe_names[0] == "policykg_divisions"
    assert "policykg_departments" in nlp.pipe_names
    assert nlp.pipe_names[-1] == "policykg_merge"
    assert load_nlp() is nlp


def test_the_tokenizer_gives_runs_between_spaces(nlp):
    """No component reads tokens, so no word segmenter is loaded and a run of text is one token."""
    assert isinstance(nlp.tokenizer, RunTokenizer)
    doc = nlp.make_doc("加快 发展\n\n产业  园")
    assert [t.text for t in doc] == ["加快", "发展", "\n\n", "产业", " ", "园"]


@pytest.mark.parametrize("text", ["", " ", "\n", "  两个空格在前", "末尾有空格 ", "a\tb\r\nc", "中\u3000文", "一 二  三   四\n\n\n"])
def test_the_tokens_give_back_the_text_exactly(nlp, text):
    """Mentions are offsets into ``doc.text``: it must be the text given, whitespace and all."""
    assert nlp.make_doc(text).text == text


def test_mentions_of_a_policy_sentence(nlp):
    got = found(nlp(TEXT))
    for unit in ("区发展改革和经济信息化局", "区财政局", "区教育局", "中共汉川市委政研室"):
        assert (unit, "Department") in got
    # 汉川市 is named only inside the unit's name: no County mention (guidelines).
    assert not any(label == "County" for _, label in got)


def test_a_document_without_entities_gives_an_empty_list(nlp):
    assert mentions(nlp("今天我们一起学习,认真讨论,然后回家吃饭。")) == []
    assert mentions(nlp("")) == []


def test_round_trip_to_disk_and_back(nlp, tmp_path):
    nlp.to_disk(tmp_path / "pipeline")
    again = spacy.load(tmp_path / "pipeline")
    assert again.pipe_names == nlp.pipe_names
    assert [t.text for t in again(TEXT)] == [t.text for t in nlp(TEXT)]
    assert found(again(TEXT)) == found(nlp(TEXT))
    saved = again.get_pipe("policykg_departments").data
    assert saved is not None and saved.national == nlp.get_pipe("policykg_departments").data.national


def test_department_data_comes_from_initialize(tmp_path):
    (tmp_path / "national.txt").write_text("试验管理总署\n", encoding="utf-8")
    src = DEPARTMENT_DATA / "morphology.toml"
    (tmp_path / "morphology.toml").write_text(src.read_text("utf-8"), encoding="utf-8")
    pipe = make_nlp().get_pipe("policykg_departments")
    pipe.initialize(data_dir=str(tmp_path))
    assert pipe.data.national == ["试验管理总署"]


def test_a_missing_config_names_the_file(tmp_path):
    with pytest.raises(ValueError, match="nope.cfg"):
        make_nlp(config=tmp_path / "nope.cfg")


def test_merge_keeps_the_outer_name_and_pattern_mentions_over_ner():
    kept = resolve([
        Mention(2, 5, "County", "policykg_divisions"),
        Mention(0, 9, "Department", "departments"),
        Mention(0, 9, "Department", "ner"),
        Mention(10, 14, "Industry", "policykg_industries"),
        Mention(12, 20, "Enterprise", "ner"),
        Mention(20, 24, "Enterprise", "ner"),
    ])
    assert [(m.start, m.end, m.label, m.source) for m in kept] == [
        (0, 9, "Department", "departments"), (10, 14, "Industry", "policykg_industries"), (20, 24, "Enterprise", "ner"),
    ]


def test_merge_turns_statistical_entities_into_mentions(nlp):
    doc = Doc(nlp.vocab, words=["支持", "顾地科技", "追加", "投资", "。"], spaces=[False] * 5)
    doc.ents = [Span(doc, 1, 2, label="Enterprise"), Span(doc, 3, 4, label="NOT_A_LABEL")]
    doc = nlp.get_pipe("policykg_merge")(doc)
    assert [(m.start, m.end, m.label, m.source) for m in mentions(doc)] == [(2, 6, "Enterprise", "ner")]


PATHOLOGICAL = {
    "a 200,000-character line without punctuation": "推进区财政局加快发展新材料产业建设高质量园区" * 9_091,
    "100,000 repeated characters": "区" * 100_000,
    "mixed scripts": "漢川市發展紡織服裝產業 Textile ИНДУСТРИЯ صناعة 産業振興 😀🏭 " * 3_000,
    "control characters": "区财政局\x00\x01\x07\x1b[31m\u200b\u202e\ufeff市教育局\r\n\t\x7f" * 5_000,
}


@pytest.mark.parametrize("name", list(PATHOLOGICAL))
def test_pathological_text_through_the_tokenizer_and_departments(nlp, name):
    """Full size through the tokenizer (the 200,000-character line) and this package's components."""
    text = PATHOLOGICAL[name]
    if name.startswith("a 200,000"):
        assert nlp.make_doc(text).text == text
    doc = Doc(nlp.vocab, words=list(text), spaces=[False] * len(text))
    for component in ("policykg_departments", "policykg_merge"):
        doc = nlp.get_pipe(component)(doc)
    out = mentions(doc)
    assert isinstance(out, list)
    assert all(0 <= m.start < m.end <= len(text) for m in out)


@pytest.mark.parametrize("name", list(PATHOLOGICAL))
def test_pathological_text_through_the_whole_pipeline(nlp, name):
    """Every component, on the first 20,000 characters."""
    text = PATHOLOGICAL[name][:20_000]
    doc = nlp(text)
    assert doc.text == text
    out = mentions(doc)
    assert isinstance(out, list)
    assert all(0 <= m.start < m.end <= len(text) for m in out)


def test_documents_leave_nothing_in_the_vocabulary(nlp):
    """Each run of text is a token: without spaCy's memory zone every line ever read would stay in
    the shared vocabulary, and a worker's memory would grow with the corpus."""
    from kg.extract.document import _nlp_mentions

    _nlp_mentions("区财政局负责。")  # whatever the first call loads
    before = len(nlp.vocab.strings)
    for i in range(20):
        found = _nlp_mentions(f"第{i}份文件独有的一行字{i * 7919}\n由区财政局、区教育局负责。")
        assert [m.label for m in found] == ["Department", "Department"]
    assert len(nlp.vocab.strings) == before


def test_the_county_a_parks_name_opens_with_is_a_county_mention_and_the_park_starts_there(nlp):
    doc = nlp("入选名单的有宝清县现代农业产业园和讷河市现代农业产业园。")
    got = {(m.label, doc.text[m.start:m.end]) for m in doc._.mentions}
    assert {("County", "宝清县"), ("County", "讷河市"), ("Project", "宝清县现代农业产业园"), ("Project", "讷河市现代农业产业园")} <= got
