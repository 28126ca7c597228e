"""Pages nested too deep for a tree: the deep tags are dropped, their text is kept.

libxml2's HTML parser stops at a depth of 256 elements (2,048 with ``huge_tree``)
and keeps nothing after that point, and a tree a few thousand levels deep is too
deep for recursive rendering too. Real pages do reach such depths (a page
generator that never closes its ``<div>``\\ s, or an attacker), and their text
still matters. :func:`flatten` rewrites such a page as markup no deeper than
``limit``: the stack of open elements is tracked with the standard library's
streaming :class:`html.parser.HTMLParser`, tags below the limit are written as
they came, and deeper ones are dropped, a block tag becoming a ``<br>`` so that
paragraphs stay lines. Script and style elements are kept whole at any depth, so
that their code never turns into text.
"""
from __future__ import annotations

from html.parser import HTMLParser

__all__ = ["flatten", "DEPTH_LIMIT"]

DEPTH_LIMIT = 200

_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr"}
_RAW = {"script", "style"}
_BLOCK = {
    "address", "article", "aside", "blockquote", "center", "dd", "div", "dl", "dt", "figure", "footer", "form",
    "h1", "h2", "h3", "h4", "h5", "h6", "header", "li", "main", "nav", "ol", "p", "pre", "section", "table",
    "tbody", "td", "th", "thead", "tr", "ul",
}  # fmt: skip


def flatten(markup: str, limit: int = DEPTH_LIMIT) -> str:
    """``markup`` with every element deeper than ``limit`` unwrapped (its text kept)."""
    f = _Flattener(limit)
    f.feed(markup)
    f.close()
    return "".join(f.out)


class _Flattener(HTMLParser):
    def __init__(self, limit: int) -> None:
        super().__init__(convert_charrefs=False)
        self.limit = limit
        self.stack: list[str] = []
        self.out: list[str] = []
        self.raw = 0  # inside a script or style kept whole

    def _deep(self, depth: int) -> bool:
        return depth > self.limit and not self.raw

    def handle_starttag(self, tag: str, attrs) -> None:
        text = self.get_starttag_text() or f"<{tag}>"
        if tag in _VOID:
            if not self._deep(len(self.stack) + 1) or tag == "br":
                self.out.append(text)
            return
        self.stack.append(tag)
        if tag in _RAW:
            self.raw += 1
        if not self._deep(len(self.stack)) or tag in _RAW:
            self.out.append(text)
        elif tag in _BLOCK:
            self.out.append("<br>")

    def handle_startendtag(self, tag: str, attrs) -> None:
        if not self._deep(len(self.stack) + 1):
            self.out.append(self.get_starttag_text() or f"<{tag}/>")

    def handle_endtag(self, tag: str) -> None:
        if tag not in self.stack:
            return  # a stray end tag: nothing to close
        while self.stack:
            open_tag = self.stack.pop()
            depth = len(self.stack) + 1
            if open_tag in _RAW:
                self.out.append(f"</{open_tag}>")
                self.raw -= 1
            elif not self._deep(depth):
                self.out.append(f"</{open_tag}>")
            elif open_tag in _BLOCK:
                self.out.append("<br>")
            if open_tag == tag:
                break

    def handle_data(self, data: str) -> None:
        self.out.append(data)

    def handle_entityref(self, name: str) -> None:
        self.out.append(f"&{name};")

    def handle_charref(self, name: str) -> None:
        self.out.append(f"&#{name};")

    def handle_decl(self, decl: str) -> None:
        self.out.append(f"<!{decl}>")
