"""Units named in lead/responsible slots: splitting unit lists and reading their roles.

Every layout ends up here as a short string of units and role words, in the
matching view (simplified, half-width punctuation)::

    牵头单位:区发改局;责任单位:区财政局、各镇街        labelled slots
    人力资源社会保障部、财政部负责                      X负责 (first listed leads where the document says so)
    国家发展改革委会同有关部门负责                      X会同Y: X leads, Y is responsible
    生态环境部牵头,国家发展改革委、工业和信息化部参与   X牵头,Y参与
    区住房和城乡建设局(牵头)、区城管局                  (牵头) marks the lead inside a list

:func:`read_slots` returns ``(unit, role, start, end)`` with offsets relative to the
string it was given, so callers map them back to the document.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["ETC_RX", "LEAD_MARK", "Unit", "split_units", "read_slots", "is_unit_name", "label_role", "first_listed_leads", "LABEL_RX", "ROLE_WORDS_RX", "UNIT_NOUN_RX", "LEAD", "RESPONSIBLE", "SlotContext"]

LEAD, RESPONSIBLE, GUIDE = "lead", "responsible", "guide"

# Role words, and what they make a unit named next to them. A slot's label is a role word
# and a unit noun (牵头单位, 负责部门, 配合处室, 主办单位); a verb after a unit list is a role
# word too (X牵头, Y参与, Z负责落实). One table serves labels, table headers and verbs.
_ROLE_WORDS = {
    "牵头": LEAD, "主办": LEAD, "主责": LEAD, "主管": LEAD,
    "主要责任": RESPONSIBLE, "责任": RESPONSIBLE, "负责": RESPONSIBLE, "配合": RESPONSIBLE, "协办": RESPONSIBLE,
    "参与": RESPONSIBLE, "参加": RESPONSIBLE, "协助": RESPONSIBLE, "协同": RESPONSIBLE, "落实": RESPONSIBLE,
    "实施": RESPONSIBLE, "承办": RESPONSIBLE, "责任主体": RESPONSIBLE,
    "指导": GUIDE, "督导": GUIDE,
}
_UNIT_NOUN = r"(?:单位|部门|处室|科室|机构|主体)"
_ROLE_ALT = "|".join(sorted(_ROLE_WORDS, key=len, reverse=True))
ROLE_WORDS_RX, UNIT_NOUN_RX = _ROLE_ALT, _UNIT_NOUN  # for other readers of labels (a label in brackets)
# A slot label: role word + unit noun, colon optional (牵头单位:X, 责任单位 X); a bare role word
# only with a colon (牵头:X;配合:Y).
# A division-of-work label names no role (部门分工:X牵头,Y配合; 责任分工:…): the role words inside decide,
# and units without one are responsible.
_DIVISION_LABEL = r"(?:部门|单位|责任|任务|职责|工作)分工"
# A qualifier may open the label (主要责任单位, 其他责任单位, 具体承办单位), and two role words
# may stand together (牵头责任单位, 协同责任单位: the first decides, see label_role).
LABEL_RX = re.compile(rf"((?:主要|其他|其它|次要|具体|直接)?(?:{_ROLE_ALT}){{1,2}}{_UNIT_NOUN}|{_DIVISION_LABEL}|(?:{_ROLE_ALT})(?=\s*[:：]))\s*[:：]?\s*")
# Any other key of a key:value slot (适用范围:, 完成时限:, 责任领导:): its value is no unit list.
_OTHER_KEY = re.compile(r"([\u4e00-\u9fff]{2,8})\s*[:：]")


def label_role(label: str) -> str | None:
    """The role a slot label or table header gives its units, or ``None`` for another key.

    >>> label_role("牵头单位"), label_role("负责部门"), label_role("配合单位"), label_role("指导部门")
    ('lead', 'responsible', 'responsible', 'guide')
    >>> label_role("责任领导"), label_role("完成时限"), label_role("责任单位(加黑为牵头单位)")
    (None, None, 'responsible')
    """
    label = re.sub(r"\s+", "", label)
    # a note in brackets (责任单位(加黑为牵头单位): the bold is lost in text) says how to read
    # the cells, not what the column is
    label = re.sub(r"\([^()]*\)$", "", label) or label
    if re.fullmatch(_DIVISION_LABEL, label):
        return RESPONSIBLE
    if re.search(r"领导|时限|时间|期限|进度|备注|范围|目标|内容|任务|举措|措施", label):
        return None
    for word in sorted(_ROLE_WORDS, key=len, reverse=True):
        if word in label:
            return _ROLE_WORDS[word]
    return None


# How a list says each unit does its own part: 按职责分工, 按照各自职责, 根据职责分工, 分别, 共同.
_DUTY_SHARE = r"(?:(?:按照?|依照?|根据)(?:各自)?职责(?:分工)?|分别|共同)"
# Role verbs closing a clause: "X、Y负责", "X牵头", "Y参与". Lead forms first: 牵头负责 leads.
_VERB_ROLES = [
    (re.compile(r"(?:共同|负责|总)?(?:牵头|主办|主责)(?:负责|落实|实施|推进|督导|督办|抓总|组织|协调)?$|(?:为|是|作为)(?:牵头|主办|主责)(?:单位|部门)$"), LEAD),
    (re.compile(r"(?:为|是|作为)(?:配合|参与|协办|责任|协助)(?:单位|部门)$"), RESPONSIBLE),
    (re.compile(_DUTY_SHARE + r"?(?:狠抓|具体|抓)?(?:负责落实|负责实施|负责推进|负责|组织落实|组织实施|抓好落实|落实)$"), RESPONSIBLE),
    # other words for the same duty after a unit list: 承担, 主抓, 抓总, 统筹, 督办, 办理, 推进, 负总责,
    # 具体承办, 具体实施, 组织, 协调, 推动, 抓好, 做好, 各负其责
    (re.compile(rf"(?:{_DUTY_SHARE}|具体)?(?:承担|主抓|抓总|统筹推进|统筹|督办|办理|推进|执行|负总责|承办|实施|组织|协调|推动|抓好|做好|跟进|分工负责|各负其责)$"), RESPONSIBLE),
    (re.compile(r"(?:配合|参与|参加|协助|协办|协同)(?:落实|实施|推进)?$"), RESPONSIBLE),
    (re.compile(r"(?:指导|督导|督促)$"), GUIDE),
]
# Words that stand right before a duty verb (牵头负责, 按职责分工负责) followed by a verb no rule
# above knows (a reposting site's synonym: 牵头卖力, 按职责分工卖力).
_UNKNOWN_DUTY = re.compile(rf"(牵头|{_DUTY_SHARE})[\u4e00-\u9fff]{{1,3}}$")
_SEP = re.compile(r"[、,，;；]+")
# A unit marked as the lead inside a list: 区住建局(牵头), 县教育局(牵头单位), 县发改局(主责), and the
# symbol that tables print after the lead's name (县发改局★, 县财政局*: "标★的为牵头单位").
LEAD_MARK = re.compile(r"[(（]\s*(?:牵头|主责|主办)(?:单位|部门)?\s*[)）]|(?<=[\u4e00-\u9fff)])\s*[★☆▲*＊]|^[★☆▲*＊]\s*(?=[\u4e00-\u9fff])")

# Words that end a unit name. Deliberately general: the morphology of Chinese government units.
UNIT_SUFFIXES = (
    "人民政府", "政府", "管委会", "委员会", "办公室", "办公厅", "领导小组", "指挥部", "工作组", "专班",
    "局", "委", "办", "厅", "部", "处", "科", "股", "署", "中心", "院", "所", "队", "站", "社", "会", "联", "协", "室",
    "文化馆", "图书馆", "博物馆", "纪念馆", "档案馆", "科技馆", "美术馆",
    "公司", "集团", "国企", "国有企业", "银行", "支行", "分行", "海关", "机关", "团中央", "总局", "分局", "监委", "开发区", "新区", "园区", "高新区", "园",
    "单位", "部门", "机构", "方面", "镇街", "街道", "街", "镇", "乡镇", "乡", "村", "社区", "县级市", "县区",
    "区县", "县市区", "市区", "市县", "县", "区", "市", "州", "旗",
)
# Collectives of places that no unit suffix ends (各地、各部门配合: the governments of every place).
_PLACE_COLLECTIVES = frozenset({"各地", "各地方"})
_COLLECTIVE_PREFIX = re.compile(r"^(?:各(?:有关|相关)?|有关|相关)")
_COLLECTIVE_HEAD = re.compile(r"^(?:各|有关|相关|其他|全区|全市|全县|全省|区直|市直|县直|省直)")
_DIVISION_WORDS = ("县级市", "开发区", "街道", "乡镇", "镇街", "园区", "平台", "县", "区", "市", "镇", "乡", "州", "旗", "盟")
_COLLECTIVE_CONT = re.compile(  # 各县、区人民政府: the words after 各 that continue the collective
    rf"^(?:{'|'.join(_DIVISION_WORDS)})(?:\([^()]{{1,8}}\))?"
    r"(?:人民政府|政府|党委|党工委|管委会)?(?:\([^()]*\))?$"
)
# Two units written together: 市行政审批局市司法局 (a table cell whose line break was lost).
_RUN_TOGETHER = re.compile(r"(?<=[局委办厅部院队])(?=(?:市|区|县|省|州|国家)[^、,]{1,20}(?:局|委|办|厅|部|中心|院|队)$)")


@dataclass(frozen=True)
class Unit:
    """A unit named in a slot, its role, its span, and the rule that read it (shown by ``extract --explain``)."""

    name: str
    role: str
    start: int
    end: int
    rule: str = ""


@dataclass
class SlotContext:
    """Document-wide conventions that change how slots read.

    ``first_is_lead``: the document said "列第一位者为牵头单位" (the first unit listed leads).
    ``implicit``: units the document said apply to every following item ("以下均需X落实，不再列出").
    """

    first_is_lead: bool = False
    implicit: tuple[str, ...] = ()


# What a task's text has and a unit's name never does: a count (新建幼儿园10所) or a work verb
# opening it (新建公办幼儿园, 完成改造小区).
_WORK_NOT_UNIT = re.compile(r"\d+\s*[所个家座处项条]|^(?:新建|改建|扩建|建成|完成|推进|开展|加快|启动|打造|提升|改造)")


def is_unit_name(name: str) -> bool:
    """Does ``name`` look like an organisational unit (or a collective of units)?

    >>> is_unit_name("区发展改革和经济信息化局"), is_unit_name("各镇街"), is_unit_name("加强指导")
    (True, True, False)
    >>> is_unit_name("县实验幼儿园"), is_unit_name("新建公办幼儿园"), is_unit_name("新建幼儿园10所")
    (True, False, False)
    """
    if not 2 <= len(name) <= 40 or not re.search(r"[\u4e00-\u9fff]", name):
        return False
    if re.search(r"[。:!?\"“”《》]", name) or _WORK_NOT_UNIT.search(name):
        return False
    base = re.sub(r"\([^()]*\)$", "", name)
    return base.endswith(UNIT_SUFFIXES) or base in _PLACE_COLLECTIVES


def _items(text: str, offset: int = 0) -> list[tuple[str, int, int]]:
    """Split a unit list on separators, keeping parentheses (镇(街道)) inside items."""
    out: list[tuple[str, int, int]] = []
    depth, start = 0, 0
    for i, ch in enumerate(text + "、"):
        if ch in "(（":
            depth += 1
        elif ch in ")）":
            depth = max(0, depth - 1)
        elif depth == 0 and (i == len(text) or _SEP.fullmatch(ch)):
            if i > start:
                raw = text[start:i]
                s = len(raw) - len(raw.lstrip())
                item = raw.strip()
                if item:
                    out.append((item, offset + start + s, offset + start + s + len(item)))
            start = i + 1
    return out


def _merge_collectives(items: list[tuple[str, int, int]]) -> list[tuple[str, int, int]]:
    """各区、县级市 / 各开发区、镇(街道) / 各县、区人民政府(管委会) are one collective unit each."""
    out: list[tuple[str, int, int]] = []
    for name, s, e in items:
        if out and out[-1][0].startswith(("各", "有关", "相关")) and _COLLECTIVE_CONT.match(name) and _is_division_list(out[-1][0]):
            pname, ps, _ = out.pop()
            out.append((pname + "、" + name, ps, e))
        elif out and out[-1][0] in _LEVELS and _LEVELS_TOGETHER.match(name):
            pname, ps, _ = out.pop()  # 市、县两级人民政府: the governments of both levels, one collective
            out.append((pname + "、" + name, ps, e))
        elif out and _GOVERNMENT_BODIES.fullmatch(name) and _GOVERNMENT_DEPARTMENTS.search(out[-1][0]):
            pname, ps, _ = out.pop()  # 市政府各部门、各直属机构: one government's departments and bodies
            out.append((pname + "、" + name, ps, e))
        else:
            out.append((name, s, e))
    return _merge_shared_government(out)


def _merge_shared_government(items: list[tuple[str, int, int]]) -> list[tuple[str, int, int]]:
    """银川市、石嘴山市、吴忠市人民政府: places written bare before the one whose government names
    them all are one list item, as 各县、区人民政府 is (the suffix is shared, not left out)."""
    out: list[tuple[str, int, int]] = []
    for name, s, e in items:
        run = 0
        kinds = _BARE_KIND_OF_GOVERNMENT.fullmatch(name) is not None  # 各州、市人民政府: kinds of division, not places
        bare = _EACH_KIND if kinds else _BARE_PLACE
        while run < len(out) and bare.fullmatch(out[-1 - run][0]):
            run += 1
        if kinds and run and not out[-run][0].startswith("各"):
            run = 0
        if run and (kinds or _PLACE_GOVERNMENT.fullmatch(name)):
            first = out[-run]
            names = [n for n, _, _ in out[-run:]]
            del out[-run:]
            out.append(("、".join([*names, name]), first[1], e))
        else:
            out.append((name, s, e))
    return out


_BARE_PLACE = re.compile(r"(?![\u3400-\u9fff]*(?:新|园|开发|示范|保税|景|城|社|片|街|功能|试验|实验|合作|集聚|自治)区$)"
                         r"[\u3400-\u9fff]{2,6}[市县区州旗盟]")  # a place, not a zone (高新区, 开发区)
_EACH_KIND = re.compile(r"各?[省市州县区盟旗]")
_BARE_KIND_OF_GOVERNMENT = re.compile(r"[市州县区盟旗](?:人民)?政府")
_PLACE_GOVERNMENT = re.compile(r"[\u3400-\u9fff]{2,6}[市县区州旗盟](?:人民)?政府")


_LEVELS = ("省", "市", "州", "县", "区", "乡", "镇")
_LEVELS_TOGETHER = re.compile(r"[省市州县区乡镇][两三四五]级")
# The standing phrase for all of a government's units: 市政府各部门、各直属机构 (国务院各部委、各直属机构).
_GOVERNMENT_DEPARTMENTS = re.compile(r"(?:政府|国务院)各(?:部门|部委|委办局|工作部门)$")
_GOVERNMENT_BODIES = re.compile(r"各(?:直属机构|直属单位|派出机构)")


def _is_division_list(name: str) -> bool:
    body = re.sub(r"\([^()]*\)", "", name[_COLLECTIVE_PREFIX.match(name).end() :])
    parts = body.split("、")
    return all(p in _DIVISION_WORDS for p in parts[:-1]) and any(parts[-1].startswith(w) for w in _DIVISION_WORDS)


# A note in brackets after a list's last unit: long, and written as a sentence (a comma, quotes, 下同).
_TRAILING_NOTE = re.compile(r"\((?=[^()]{6,}\)$)[^()]*(?:[,，“”\"]|下同|为|是)[^()]*\)$")


def _tidy(name: str, s: int, e: int) -> tuple[str, int, int]:
    """Trim leading/trailing noise from an item while keeping offsets right."""
    lead = re.match(r"^(?:由|和|及|以及|与|并|其中|包括|另外|等|为|是)+", name)
    if lead:
        s += lead.end()
        name = name[lead.end() :]
    note = _TRAILING_NOTE.search(name)
    if note and note.start() > 0:  # 省文旅厅(除标注为“牵头”单位外,列第一位的为牵头单位,下同): the note is no part of the name
        e -= len(name) - note.start()
        name = name[: note.start()]
    trail = re.search(rf"(?:等|等等|{_DUTY_SHARE}|具体)+$", name)
    if trail and trail.start() > 0:
        e -= len(name) - trail.start()
        name = name[: trail.start()]
    return name, s, e


# "等部门" / "等有关单位" closing a unit list: the list's own 等, which names no unit of its own
# in prose or in a cell (Y、Z等部门配合). One spelling for every reader of unit lists.
ETC_RX = r"等(?:有关|相关)?(?:部门|单位)"


def split_units(text: str, offset: int = 0, *, declared: bool = False) -> list[tuple[str, int, int, bool]]:
    """Split a unit list into ``(name, start, end, marked_lead)``.

    With ``declared`` (a table column whose header says its cells are units), an item no unit
    suffix ends is a unit too where it is a short name (未来科技城, 乡村振兴专班): the header
    vouches for it.

    >>> [u[0] for u in split_units("区招商和投资促进中心、区农业农村局,各镇街、花湖开发区")]
    ['区招商和投资促进中心', '区农业农村局', '各镇街', '花湖开发区']
    >>> [u[0] for u in split_units("县级相关单位,各乡镇政府、高新区管委会")]
    ['县级相关单位', '各乡镇政府', '高新区管委会']
    >>> [u[0] for u in split_units("州交通运输局等州级有关部门,各县市人民政府")]
    ['州交通运输局', '州级有关部门', '各县市人民政府']
    >>> [u[0] for u in split_units("住房城乡建设部等国务院相关部门及各地区")]
    ['住房城乡建设部', '国务院相关部门', '各地区']
    >>> [u[0] for u in split_units("省商务厅、省文化广电和旅游厅(除标注为“牵头”单位外,列第一位的为牵头单位,下同)")]
    ['省商务厅', '省文化广电和旅游厅']
    >>> [u[0] for u in split_units("区国资委、各管委会、区属各重点国企等")]
    ['区国资委', '各管委会', '区属各重点国企']
    >>> [u[0] for u in split_units("各市、县(区)人民政府,平潭综合实验区管委会")]
    ['各市、县(区)人民政府', '平潭综合实验区管委会']
    >>> [u[0] for u in split_units("市、县两级人民政府,市政府各部门、各直属机构,区直各部门、各镇街")]
    ['市、县两级人民政府', '市政府各部门、各直属机构', '区直各部门', '各镇街']
    >>> [u[0] for u in split_units("省农业农村厅,有关州、市人民政府")]
    ['省农业农村厅', '有关州、市人民政府']
    >>> [u[0] for u in split_units("银川市、石嘴山市、吴忠市人民政府、宁东管委会")]
    ['银川市、石嘴山市、吴忠市人民政府', '宁东管委会']
    >>> [u[0] for u in split_units("省发改委、省有关部门和单位、省直有关部门和各市人民政府")]
    ['省发改委', '省有关部门和单位', '省直有关部门', '各市人民政府']
    >>> [u[0] for u in split_units("各区、县级市")]
    ['各区、县级市']
    >>> [(u[0], u[3]) for u in split_units("区住建局(牵头)、区城管局")]
    [('区住建局', True), ('区城管局', False)]
    >>> [(u[0], u[3]) for u in split_units("县教育局(牵头单位),县人社局")]
    [('县教育局', True), ('县人社局', False)]
    >>> [(u[0], u[3]) for u in split_units("县发改局★、县财政局")], [(u[0], u[3]) for u in split_units("★区发改委、统计局")]
    ([('县发改局', True), ('县财政局', False)], [('区发改委', True), ('统计局', False)])
    """
    # "X等有关部门" / "X等省有关部门" lists X and the collective; "X等和各省级人民政府" X and the collective.
    text = re.sub(r"等(?=(?:省|市|区|县|州|自治区|国家|中央|国务院)?级?直?(?:有关|相关|其他|各)(?:部门|单位))", "、", text)
    text = re.sub(r"等(?=(?:和|及|以及|与)(?:各|有关|相关|其他))", "、", text)
    # "X、Y等部门" names X and Y; 等部门 itself is no unit.
    text = re.sub(rf"{ETC_RX}(?=$|[、,，;；])", "", text)
    out = []
    for name, s, e in _merge_collectives(_items(text)):
        marked = False
        m = LEAD_MARK.search(name)
        if m:
            marked = True
            name = name[: m.start()] + name[m.end() :]
            if m.start() == 0:
                s += m.end()  # ★区发改委: the name starts after its mark
            e = s + len(name) if m.start() >= len(name) else e
        name, s, e = _tidy(name, s, e)
        for spaced, ss, se in _split_spaced(name, s):
            squeezed = re.sub(r"\s+", "", spaced)
            parts = [q for n, ps, _ in _split_conjoined(squeezed, ss) for q in _split_run_together(n, ps)]
            if len(parts) == 1 and squeezed != spaced:  # a name broken by a line break: its span is the written one
                parts = [(parts[0][0], parts[0][1], se)]
            for part, ps, pe in parts:
                if is_unit_name(part) or (declared and _DECLARED_NAME.fullmatch(part)):
                    out.append((part, offset + ps, offset + pe, marked))
    return out


_DECLARED_NAME = re.compile(r"[\u4e00-\u9fff]{3,12}(?:\([\u4e00-\u9fff]{2,12}\))?")


def _split_spaced(name: str, s: int) -> list[tuple[str, int, int]]:
    """``县发改局 县财政局`` and ``县文旅局/县农业农村局`` are two units: a space or a slash splits
    where every part is a unit name of its own; elsewhere (a name broken by a stray space) the item stays whole."""
    parts = [(m.group(0), s + m.start(), s + m.end()) for m in re.finditer(r"[^\s/]+", name)]
    if len(parts) > 1 and all(len(p) >= 3 and is_unit_name(p) for p, _, _ in parts):
        return parts
    return [(name, s, s + len(name))]


_CONJ = re.compile(r"以及|和|及|与")


def _split_conjoined(name: str, s: int) -> list[tuple[str, int, int]]:
    """``市财政局和农发行安顺分行`` is two units; ``文化和旅游部`` and ``各有关部门和直属单位`` are one.

    A conjunction splits only where both sides are unit names on their own and the
    left one is no collective (its 各 covers both nouns).
    """
    for m in _CONJ.finditer(name):
        left, right = name[: m.start()], name[m.end() :]
        covered = left.startswith(("各", "有关", "相关")) or (_COLLECTIVE_LEFT.match(left) and _BARE_KIND.fullmatch(right))
        if len(left) < 3 or covered or not is_unit_name(left) or not is_unit_name(right):
            continue
        return [(left, s, s + len(left)), *_split_conjoined(right, s + m.end())]
    return [(name, s, s + len(name))]


# A collective's opening, after its level where written (省有关部门和单位: 有关 covers both nouns).
_COLLECTIVE_LEFT = re.compile(r"(?:[省市县区州旗盟]|国家|国务院|自治区)?直?(?:各|有关|相关)")
_BARE_KIND = re.compile(r"(?:直属|下属|事业)?(?:单位|机构|部门|企业|团体)")


def _split_run_together(name: str, s: int) -> list[tuple[str, int, int]]:
    m = _RUN_TOGETHER.search(name)
    if m and is_unit_name(name[: m.start()]) and is_unit_name(name[m.start() :]):
        return [(name[: m.start()], s, s + m.start()), (name[m.start() :], s + m.start(), s + len(name))]
    return [(name, s, s + len(name))]


def _at_slot_start(text: str, pos: int) -> bool:
    # A label counts where a slot starts (牵头单位:X), not inside a note (列第一位者为牵头单位).
    return pos == 0 or text[pos - 1] in ";,，；。 \n"


def _labelled(text: str, ctx: "SlotContext") -> list[Unit] | None:
    """``牵头单位:X;责任单位:Y`` (or ``负责部门:X;适用范围:…``) slots, or None where the text has no slot label.

    Each label's units run to the next key, a unit label or any other (适用范围:, 完成时限:),
    whose value is skipped; role words inside a labelled list win over the label
    (责任单位:X牵头,Y参加).
    """
    labels = [(m.start(), m.end(), label_role(m.group(1)), m.group(1)) for m in LABEL_RX.finditer(text) if _at_slot_start(text, m.start())]
    labels = [x for x in labels if x[2] is not None]
    if not labels:
        return None
    taken = {x[0] for x in labels}
    others = [(m.start(), m.end(), None, m.group(1)) for m in _OTHER_KEY.finditer(text)
              if _at_slot_start(text, m.start()) and m.start() not in taken and label_role(m.group(1)) is None]
    keys = sorted(labels + others)
    units: list[Unit] = []
    for k, (_, end, role, label) in enumerate(keys):
        if role is None:
            continue
        seg_end = keys[k + 1][0] if k + 1 < len(keys) else len(text)
        units += _segment(text[end:seg_end], end, role, ctx, label)
    if ctx.first_is_lead and not any(x[2] == LEAD for x in labels):
        units = first_listed_leads(units)
    return units


def first_listed_leads(units: list[Unit]) -> list[Unit]:
    """The document says the first-listed unit leads (排在首位的为牵头单位): so it does in a list
    that names no lead of its own (责任单位:A、B → A leads), whatever the slot."""
    k = next((i for i, u in enumerate(units) if u.role == RESPONSIBLE), None)
    if k is None or any(u.role == LEAD for u in units):
        return units
    u = units[k]
    return [*units[:k], Unit(u.name, LEAD, u.start, u.end, u.rule + ", first listed leads (the document's convention)"), *units[k + 1 :]]


def _segment(text: str, offset: int, role: str, ctx: "SlotContext", label: str) -> list[Unit]:
    """A labelled list: clauses with their own role verb take that role, the rest the label's."""
    units: list[Unit] = []
    for m in _CLAUSE.finditer(text):
        clause = m.group(0)
        if _is_note(clause):
            continue
        got = _clause_units(clause, offset + m.start(), ctx, first_is_lead=False)
        if got:
            units += [Unit(u.name, u.role, u.start, u.end, f"label {label}: {u.rule}") for u in got]
            continue
        units += [Unit(n, LEAD if marked else role, s, e, f"label {label}" + (" (牵头) mark" if marked else ""))
                  for n, s, e, marked in split_units(clause, offset + m.start())]
    return units


_CLAUSE = re.compile(r"[^,，;；。]+")
_HUITONG = re.compile(r"(?:已)?会同")


def _clause_units(clause: str, offset: int, ctx: SlotContext, *, first_is_lead: bool | None = None) -> list[Unit]:
    """One clause with a role verb: "X、Y负责", "X会同Y负责", "X牵头", "Y参与", "X指导".

    Where the document says the first-listed unit leads, it leads a 负责 list (unless
    ``first_is_lead`` is False: inside a labelled list the label rules).
    """
    body = clause.rstrip()
    role = verb = None
    for rx, r in _VERB_ROLES:
        m = rx.search(body)
        if m:
            role, verb, body = r, m.group(0), body[: m.start()]
            break
    if role is None and (m := _UNKNOWN_DUTY.search(body)):
        # 牵头卖力, 按职责分工卖力: a word this grammar does not know where 负责 stands, after the
        # words that only come before a duty; the units are read, in the role those words give
        role, verb, body = (LEAD if m.group(1) == "牵头" else RESPONSIBLE), m.group(0), body[: m.start()]
    if role is None:
        return []
    hm = _HUITONG.search(body)
    if hm:
        leads = split_units(body[: hm.start()], offset)
        rest = split_units(body[hm.end() :], offset + hm.end())
        if not leads:
            return []
        rule = f"X会同Y{verb}"
        return [Unit(n, LEAD, s, e, rule) for n, s, e, _ in leads] + [Unit(n, RESPONSIBLE, s, e, rule) for n, s, e, _ in rest]
    items = split_units(body, offset)
    if not items:
        return []
    units = [Unit(n, LEAD if marked else role, s, e, f"verb {verb}" + (" (牵头) mark" if marked else "")) for n, s, e, marked in items]
    if role == RESPONSIBLE and (ctx.first_is_lead if first_is_lead is None else first_is_lead):
        return first_listed_leads(units)
    return units


def _clauses(text: str, ctx: SlotContext) -> list[Unit]:
    """Clauses with role verbs; a clause without one lends its units to the next (A、B，C按职责分工负责)."""
    units: list[Unit] = []
    pending: tuple[int, int] | None = None
    for m in _CLAUSE.finditer(text):
        if _is_note(m.group(0)):
            pending = None
            continue
        start = pending[0] if pending else m.start()
        got = _clause_units(text[start : m.end()], start, ctx)
        if got:
            units.extend(got)
            pending = None
        elif split_units(m.group(0)) and not _is_note(m.group(0)):
            pending = (start, m.end())
        else:
            pending = None
    if pending and any(u.role == LEAD for u in units):
        # units listed after the lead with no role word of their own (X牵头,Y、Z / a bracket cut
        # off before its verb): the lead's partners
        a, b = pending
        units += [Unit(n, RESPONSIBLE, s, e, "after the lead, no role word") for n, s, e, _ in split_units(text[a:b], a)]
    return units


_NOTE_BRACKET = re.compile(r"\([^()]{6,}\)")


def _is_note(clause: str) -> bool:
    """A convention note inside a slot (排在第一位的部门为牵头部门, 下同, 不再列出): never units."""
    return bool(re.search(r"(?:第一|首)[^,，;；]{0,6}为牵头|下同|不再(?:一一|单独|重复)?(?:列出|做分工|分工)|以下|任务均涉及", clause))


def read_slots(text: str, ctx: SlotContext | None = None) -> list[Unit]:
    """Units and roles in a slot string (a bracket's content or a unit line).

    Units with the ``guide`` role (指导) are returned too: they are departments the
    document names, but they neither lead nor are responsible.

    >>> [(u.name, u.role) for u in read_slots("牵头单位:区发改局;责任单位:区财政局、各镇街")]
    [('区发改局', 'lead'), ('区财政局', 'responsible'), ('各镇街', 'responsible')]
    >>> [(u.name, u.role) for u in read_slots("国家发展改革委会同有关部门负责")]
    [('国家发展改革委', 'lead'), ('有关部门', 'responsible')]
    >>> [(u.name, u.role) for u in read_slots("生态环境部牵头,国家发展改革委、国家统计局参与")]
    [('生态环境部', 'lead'), ('国家发展改革委', 'responsible'), ('国家统计局', 'responsible')]
    >>> [(u.name, u.role) for u in read_slots("市生态环境局牵头督导,市公安局、市水务局")]
    [('市生态环境局', 'lead'), ('市公安局', 'responsible'), ('市水务局', 'responsible')]
    """
    ctx = ctx or SlotContext()
    text = _NOTE_BRACKET.sub(lambda m: " " * len(m.group(0)) if _is_note(m.group(0)) else m.group(0), text)  # offsets kept
    labelled = _labelled(text, ctx)
    if labelled is not None:
        return labelled
    return _clauses(text, ctx)
