"""Site chrome: the parts of a saved web page that are not the document.

Pages copied from government and reposting sites carry breadcrumbs
(当前位置:首页 > …), the site's sponsor lines (主办/承办/技术支持/ICP备案号/公网安备/
网站标识码/网站地图), visitor counters (您是第 位来访者, 浏览量, 点击总量), welcome
lines, "related reading" blocks (推荐访问, 猜你喜欢, 相关阅读) and link-spam lists
(夏河县| 改则县| 视频| …). None of it is the document, and its place names and
unit names would otherwise become entities.

Detection works on whole lines of a *key* text: pinyin readings removed
(技術(shù)支持 -> 技術支持), full-width folded, traditional converted to simplified,
so one set of patterns serves both scripts. It is deliberately conservative:

* the unit that issued the document (发布单位, 来源, a unit line under the title, the
  signature) is content, only the site's sponsor lines are chrome;
* a table row also uses `` | ``; a link list is told apart by many short items,
  no empty cells between items, no column-header words, few numbers, and no
  neighbouring table rows;
* address and telephone lines are chrome only in the page header or footer
  (before the first or after the last paragraph of running text).
"""
from __future__ import annotations

import re
import statistics

from kg.text.chars import fold, pinyin_spans
from kg.text.script import to_simplified

__all__ = ["chrome_spans", "chrome_lines", "chrome_flags"]

_BREADCRUMB = re.compile(r"^(当前位置|您的位置|您现在的位置|现在的位置|您当前的位置|当前页面)\s*[:>]|^首页\s*[>»›→/]")
_SPONSOR_START = re.compile(
    r"^[\s·•]*(主办单位|承办单位|协办单位|主办|承办|协办|网站技术支持|技术支持|技术服务|版权所有|版权归|Copyright|©"
    r"|网站标识码|网站标识|网站地图|ICP备案号|ICP备|备案号|公网安备)\s*[:：\s]",
    re.I,
)
_SPONSOR_MARKERS = re.compile(
    r"主办单位|承办单位|主办|承办|技术支持|ICP备|公网安备|网站标识|版权所有|Copyright|©|网站地图|系统管理入口"
    r"|联系我们|网站声明|隐私声明|设为首页|加入收藏|无障碍|网站纠错|点击总量|访问量",
    re.I,
)
_REGISTRATION = re.compile(r"ICP备\s*\d|ICP证\s*\d|公网安备\s*\d", re.I)
_COUNTER = re.compile(
    r"您是第.{0,12}位|来访者|访问人次|访问量|浏览量|浏览次数|点击数|点击量|点击总量|点击率|阅读量|阅读次数|总访问"
)
_WELCOME = re.compile(r"^欢迎(您)?(访问|光临|来到)")
_RELATED = re.compile(
    r"^(推荐访问|猜你喜欢|相关阅读|相关文章|相关推荐|相关链接|相关新闻|热门推荐|热门文章|推荐阅读|延伸阅读"
    r"|更多阅读|热点文章|最新文章|精彩推荐|热门标签|相关标签|上一篇|下一篇|友情链接|网站导航)"
)
_UTILITY = re.compile(
    r"^(\s*[【\[(]?\s*(打印本页|打印此页|打印|关闭窗口|关闭本页|关闭|返回顶部|返回首页|分享到|分享|收藏本页|加入收藏"
    r"|字号|字体|扫一扫|在手机打开|保存本页|纠错|默认|大|中|小)\s*[】\])]?\s*[:|/]?)+\s*$"
)
_URL = re.compile(r"^(https?://|www\.)\S+$", re.I)
_EDITOR = re.compile(r"^(责任编辑|编辑|审核|校对|责编|来源编辑)\s*:")
_CONTACT = re.compile(r"^(地址|通讯地址|单位地址|联系地址|联系电话|电话|传真|邮编|邮政编码|邮箱|电子邮箱|E-?mail)\s*:", re.I)
_TABLE_WORDS = re.compile(r"序号|牵头|责任|单位|完成|时限|备注|任务|措施|指标|合计|目标|名称|数量|金额|时间")
_SENTENCE_END = re.compile(r"[。！？;；]")
_PROSE_PUNCT = re.compile(r"[。，,；;！？]")

_LONG = 60  # a line of running text
_ITEM_MAX, _ITEM_MEDIAN, _ITEMS_MIN = 12, 8, 5  # link lists: short items, many of them


def chrome_spans(text: str) -> list[tuple[int, int]]:
    """Spans of ``text`` that are site chrome (to be dropped from the matching view).

    Each span is one whole line without its line break.

    >>> t = "当前位置:首页 > 政策\\n关于推进县域经济高质量发展的实施意见\\nICP备案号:鄂ICP备17005283号-1"
    >>> [t[s:e] for s, e in chrome_spans(t)]
    ['当前位置:首页 > 政策', 'ICP备案号:鄂ICP备17005283号-1']
    """
    spans, offset = [], 0
    raw_lines = text.split("\n")
    for raw, chrome in zip(raw_lines, chrome_lines(text)):
        if chrome and raw.strip():
            spans.append((offset, offset + len(raw)))
        offset += len(raw) + 1
    return spans


def chrome_lines(text: str) -> list[bool]:
    """For each line of ``text`` (split on ``\\n``), whether it is site chrome."""
    return chrome_flags(text.split("\n"), _key_lines(text))


def chrome_flags(raws: list[str], keys: list[str]) -> list[bool]:
    """:func:`chrome_lines` from the lines and their key lines (no pinyin, folded, simplified, stripped),
    for a caller that has the key text already (:func:`kg.text.clean.clean`)."""
    flags = [_is_chrome(k) for k in keys]
    _mark_sponsor_continuations(raws, keys, flags)
    _mark_related_blocks(keys, flags)
    _mark_link_lists(keys, flags)
    _mark_header_footer_contacts(keys, flags)
    _mark_menus(keys, flags)
    return flags


def _key_lines(text: str) -> list[str]:
    """Lines of the key text: no pinyin readings, half-width, simplified. One key line per text line."""
    parts, last = [], 0
    for s, e in pinyin_spans(text):
        parts.append(text[last:s])
        last = e
    parts.append(text[last:])
    key = to_simplified(fold("".join(parts)))
    return [line.strip() for line in key.split("\n")]


def _is_chrome(key: str) -> bool:
    if not key:
        return False
    if _REGISTRATION.search(key):
        return True
    markers = len(set(_SPONSOR_MARKERS.findall(key)))
    if markers >= 3 or (markers == 2 and not _PROSE_PUNCT.search(key)):
        return True
    short = len(key) < _LONG
    return bool(
        _BREADCRUMB.search(key)
        or _SPONSOR_START.search(key + " ")
        or _RELATED.search(key)
        or _URL.search(key)
        or _UTILITY.search(key)
        or (short and (_COUNTER.search(key) or _WELCOME.search(key) or _EDITOR.search(key)))
    )


def _mark_sponsor_continuations(raws: list[str], keys: list[str], flags: list[bool]) -> None:
    """A sponsor line's value can go on over indented lines (承办:X办公厅 /    X政研室)."""
    for i, key in enumerate(keys):
        if not (flags[i] and _SPONSOR_START.search(key + " ")):
            continue
        j = i + 1
        while j < len(keys) and keys[j] and raws[j][:1].isspace() and len(keys[j]) < 40:
            if _SENTENCE_END.search(keys[j]):
                break
            flags[j] = True
            j += 1


def _mark_related_blocks(keys: list[str], flags: list[bool]) -> None:
    """A bare 猜你喜欢/相关阅读 heading heads a list of short link lines, up to the next running text."""
    for i, key in enumerate(keys):
        m = _RELATED.search(key)
        if not m or key[m.end():].strip(" :"):
            continue
        for j in range(i + 1, len(keys)):
            if keys[j] and (len(keys[j]) >= 40 or _SENTENCE_END.search(keys[j])):
                break
            flags[j] = flags[j] or bool(keys[j])


def _mark_link_lists(keys: list[str], flags: list[bool]) -> None:
    rows = [_pipe_row(k) for k in keys]
    for i, row in enumerate(rows):
        if row != "links":
            continue
        neighbours = [rows[j] for j in (_next_nonblank(keys, i, -1), _next_nonblank(keys, i, 1)) if j is not None]
        if "table" not in neighbours:
            flags[i] = True


def _pipe_row(key: str) -> str | None:
    """``"links"`` for a list of short link texts, ``"table"`` for another ``|``-separated row, else None."""
    if "|" not in key:
        return None
    items = [x.strip() for x in key.split("|")]
    while items and not items[-1]:
        items.pop()
    while items and not items[0]:
        items.pop(0)
    if len(items) < 2:
        return None
    if (
        len(items) >= _ITEMS_MIN
        and all(items)
        and max(map(len, items)) <= _ITEM_MAX
        and statistics.median(map(len, items)) <= _ITEM_MEDIAN
        and sum(any(c.isdigit() for c in x) for x in items) * 5 <= len(items)
        and not _TABLE_WORDS.search(key)
    ):
        return "links"
    return "table"


def _next_nonblank(keys: list[str], i: int, step: int) -> int | None:
    j = i + step
    while 0 <= j < len(keys):
        if keys[j]:
            return j
        j += step
    return None


def _is_running_text(key: str) -> bool:
    return len(key) >= _LONG or (len(key) >= 20 and key.endswith("。"))


def _mark_header_footer_contacts(keys: list[str], flags: list[bool]) -> None:
    """Address, telephone and e-mail lines before the first or after the last line of running text."""
    long_lines = [i for i, k in enumerate(keys) if not flags[i] and _is_running_text(k)]
    if not long_lines:
        return
    first, last = long_lines[0], long_lines[-1]
    for i, key in enumerate(keys):
        if (i < first or i > last) and len(key) < _LONG and _CONTACT.search(key):
            flags[i] = True


# A site's menu: many very short lines in a row (业务专题 / 科技发展 / 农产品加工 / 微信公众号), in the
# page header or footer. Never numbered items, table cells (序号, units, deadlines) or sentences.
_MENU_ITEM = re.compile(r"[^\d。，,；;！？:：、()《》“”]{2,8}")
_UNIT_END = re.compile(r"(?:局|委|办|府|部|厅|院|所|队|站|中心|公司|单位|部门)$")
_MENU_MIN = 6


def _is_menu_item(key: str) -> bool:
    return bool(_MENU_ITEM.fullmatch(key)) and not _UNIT_END.search(key) and not _TABLE_WORDS.search(key)


def _mark_menus(keys: list[str], flags: list[bool]) -> None:
    """Runs of menu items before the first or after the last line of running text."""
    long_lines = [i for i, k in enumerate(keys) if not flags[i] and _is_running_text(k)]
    if not long_lines:
        return
    first, last = long_lines[0], long_lines[-1]
    run: list[int] = []
    for i in [*range(len(keys)), None]:
        outside = i is not None and not first <= i <= last
        if outside and keys[i] and _is_menu_item(keys[i]):
            run.append(i)
            continue
        if outside and not keys[i]:
            continue  # a blank line inside a menu
        if len(run) >= _MENU_MIN:
            for j in run:
                flags[j] = True
        run = []
