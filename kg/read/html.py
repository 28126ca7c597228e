"""Saved web pages: the page's content as lines, without navigation, scripts and footers.

The page is parsed leniently (lxml's HTML parser repairs malformed markup the way
browsers do), elements that are never content are removed (scripts, styles, form
controls, ``nav``/``aside``, hidden elements, page-level ``header``/``footer``, and
containers whose class or id names them as navigation, breadcrumbs, sidebars,
footers, share bars or related-article lists, unless it also names them as the
article, or they hold half of the page's text), and the rest is rendered block by block: one paragraph
per line, one table row per line with cells joined by `` | `` (:mod:`kg.read.table`).
Text-level chrome that survives (breadcrumb lines, sponsor lines) is left to
:mod:`kg.text.chrome`, which works on every format. A page nested deeper than
:data:`kg.read.nesting.DEPTH_LIMIT` elements is flattened below that depth first
(:mod:`kg.read.nesting`), so that no text is lost to the parser's depth limit.
"""
from __future__ import annotations

import re

import lxml.html
from lxml import etree

from kg.read.document import Document, ReadError
from kg.read.nesting import DEPTH_LIMIT, flatten
from kg.read.table import join_cell_lines, render_row
from kg.read.txt import decode

__all__ = ["read_html", "page_lines"]

_NEVER_CONTENT = {
    "script", "style", "noscript", "template", "nav", "aside", "iframe", "object", "embed",
    "svg", "canvas", "button", "select", "input", "textarea", "map", "dialog",
}  # fmt: skip
_CHROME_ROLES = {"navigation", "banner", "contentinfo", "complementary", "search", "menu", "menubar"}
_CHROME_TOKENS = {
    "nav", "navbar", "navigation", "menu", "menus", "submenu", "breadcrumb", "breadcrumbs", "crumb",
    "crumbs", "footer", "foot", "header", "sidebar", "banner", "copyright", "share", "sharing",
    "comment", "comments", "related", "recommend", "advert", "ads", "toolbar", "topbar", "login",
    "search", "friendlink", "links", "weizhi", "dqwz", "position", "location", "bottom",
}  # fmt: skip
_CONTENT_TOKENS = {"article", "content", "main", "detail", "zw"}  # article-header, content-nav: keep
_BLOCK = {
    "address", "article", "aside", "blockquote", "body", "caption", "center", "dd", "details", "div",
    "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5",
    "h6", "header", "hr", "html", "legend", "li", "main", "menu", "nav", "ol", "p", "pre", "section",
    "summary", "table", "ul",
}  # fmt: skip
_SPACE = re.compile(r"[\s\u00a0\u3000]+")
_HIDDEN = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
_CHARSET = re.compile(rb"""<meta[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_WRAPPER_SHARE = 0.5  # a "chrome" container holding this share of the page's text is a wrapper: keep it


def read_html(data: bytes, *, path: str) -> Document:
    """A saved web page as a Document: its content text, its encoding and its title."""
    m = _CHARSET.search(data[:8192])
    text, encoding = decode(data, path=path, declared=m.group(1).decode("ascii") if m else None)
    root = _parse(text, path)
    if _deeper_than(root, DEPTH_LIMIT):
        root = _parse(flatten(text, DEPTH_LIMIT), path)
    meta = _metadata(root)
    content = "\n".join(page_lines(root))
    if not content.strip():
        raise ReadError(path, "no text content in the HTML page")
    return Document(path, content, "html", encoding, metadata=meta)


def _parse(text: str, path: str) -> lxml.html.HtmlElement:
    # huge_tree: libxml2 otherwise drops everything below depth 256 (and after a 10 MB text node)
    parser = lxml.html.HTMLParser(encoding="utf-8", remove_comments=True, huge_tree=True)
    try:
        return lxml.html.document_fromstring(text.encode("utf-8"), parser=parser)
    except (etree.ParserError, ValueError) as e:
        raise ReadError(path, f"cannot parse HTML ({' '.join(str(e).split())})") from None


def _deeper_than(root: lxml.html.HtmlElement, limit: int) -> bool:
    """Whether some element is nested more than ``limit`` deep (also true where the parser gave up at its limit)."""
    stack = [(root, 0)]
    while stack:
        el, depth = stack.pop()
        if depth > limit:
            return True
        stack.extend((child, depth + 1) for child in el)
    return False


def page_lines(root: lxml.html.HtmlElement) -> list[str]:
    """The content lines of a parsed page (its body with chrome elements removed)."""
    body = root.find("body")
    if body is None:
        body = root
    _drop_chrome(body)
    return _Lines().render(body)


def _drop_chrome(body: lxml.html.HtmlElement) -> None:
    total = len(body.text_content()) or 1
    doomed = [el for el in body.iter() if isinstance(el.tag, str) and _is_chrome(el, total)]
    for el in doomed:
        if el.getparent() is not None:
            el.drop_tree()  # keeps the element's tail text


def _is_chrome(el: lxml.html.HtmlElement, total: int) -> bool:
    tag = el.tag.lower()
    if tag in _NEVER_CONTENT:
        return True
    if tag in ("header", "footer"):
        return not any(a.tag in ("article", "main") for a in el.iterancestors())
    if (el.get("role") or "").lower() in _CHROME_ROLES or _HIDDEN.search(el.get("style") or ""):
        return True
    if el.get("hidden") is not None or el.get("aria-hidden") == "true":
        return True
    tokens = set(re.split(r"[\s_-]+", f"{el.get('class', '')} {el.get('id', '')}".lower())) - {""}
    if not tokens & _CHROME_TOKENS or tokens & _CONTENT_TOKENS:
        return False
    return len(el.text_content()) < _WRAPPER_SHARE * total


class _Lines:
    """Renders an element tree as lines: blocks break lines, inline text runs together."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.buf: list[str] = []

    def render(self, el: lxml.html.HtmlElement) -> list[str]:
        self._walk(el)
        self._flush()
        return self.lines

    def _flush(self) -> None:
        line = _SPACE.sub(" ", "".join(self.buf)).strip()
        if line:
            self.lines.append(line)
        self.buf = []

    def _walk(self, el: lxml.html.HtmlElement) -> None:
        if not isinstance(el.tag, str):
            return
        tag = el.tag.lower()
        if tag == "br":
            self._flush()
            return
        if tag == "table":
            self._flush()
            self.lines.extend(_table_lines(el))
            return
        if tag == "pre":  # preformatted: its own line breaks count
            self._flush()
            self.lines.extend(line.strip() for line in el.text_content().splitlines() if line.strip())
            return
        block = tag in _BLOCK
        if block:
            self._flush()
        if el.text:
            self.buf.append(el.text)
        for child in el:
            self._walk(child)
            if child.tail:
                self.buf.append(child.tail)
        if block:
            self._flush()


def _table_lines(table: lxml.html.HtmlElement) -> list[str]:
    """One line per row; colspan leaves empty cells, rowspan repeats the cell in the rows it spans."""
    lines = [join_cell_lines(_Lines().render(c)) for c in table.findall("caption")]
    carried: dict[int, tuple[str, int]] = {}  # column -> (text, rows still to fill)
    for tr in table.xpath("./tr|./thead/tr|./tbody/tr|./tfoot/tr"):
        row: list[str] = []
        for cell in tr:
            if not isinstance(cell.tag, str) or cell.tag.lower() not in ("td", "th"):
                continue
            _fill_carried(row, carried)
            text = join_cell_lines(_Lines().render(cell))
            span, down = _span(cell, "colspan", 50), _span(cell, "rowspan", 1000)
            for i in range(span):
                if down > 1:
                    carried[len(row)] = (text if i == 0 else "", down - 1)
                row.append(text if i == 0 else "")
        _fill_carried(row, carried, trailing=True)
        if any(row):
            lines.append(render_row(row))
    return [line for line in lines if line]


def _fill_carried(row: list[str], carried: dict[int, tuple[str, int]], *, trailing: bool = False) -> None:
    while len(row) in carried or (trailing and any(c >= len(row) for c in carried)):
        col = len(row)
        text, left = carried.pop(col, ("", 0))
        if left > 1:
            carried[col] = (text, left - 1)
        row.append(text)


def _span(cell: lxml.html.HtmlElement, attr: str, cap: int) -> int:
    try:
        return max(1, min(cap, int(cell.get(attr, "1"))))
    except ValueError:
        return 1


def _metadata(root: lxml.html.HtmlElement) -> dict[str, str | None]:
    """Title and date the page states about itself (<meta name=ArticleTitle|PubDate|ContentSource>, h1, <title>)."""

    def meta(name: str) -> str | None:
        for el in root.iter("meta"):
            if (el.get("name") or el.get("property") or "").lower() == name.lower() and el.get("content"):
                return _SPACE.sub(" ", el.get("content")).strip() or None
        return None

    def first_text(tag: str) -> str | None:
        el = root.find(f".//{tag}")
        return _SPACE.sub(" ", el.text_content()).strip() or None if el is not None else None

    page_title, h1 = first_text("title"), first_text("h1")
    out: dict[str, str | None] = {"title": meta("ArticleTitle") or h1 or page_title}
    for key, value in (("page_title", page_title), ("date", meta("PubDate")), ("source", meta("ContentSource"))):
        if value:
            out[key] = value
    return out
