"""Hostile input is refused in one line, quickly, and without reading more than the limit.

FIFOs, devices, sockets and links to them are not read at all; a file that claims
to be small is read no further than the limit; a .docx is checked before it is
unpacked (zip bombs) and may not declare a DTD (entity expansion).
"""
from __future__ import annotations

import io
import os
import socket
import zipfile
from pathlib import Path

import pytest

from docbuilders import build_docx
from kg.read.document import ReadError
from kg.read import read, read_bytes

PARAGRAPHS = ["关于推进县域经济高质量发展的实施意见", "一、推进链式招商。（牵头单位：区商务局；责任单位：区财政局）"]


def _one_line_error(path: Path, match: str) -> ReadError:
    with pytest.raises(ReadError, match=match) as err:
        read(path)
    assert str(err.value).startswith(f"{path}: ") and "\n" not in str(err.value)
    return err.value


def test_a_fifo_is_refused_at_once_not_waited_on(tmp_path):
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    _one_line_error(fifo, r"not a regular file \(a FIFO\)")


def test_a_link_to_dev_zero_and_a_device_are_refused(tmp_path):
    link = tmp_path / "zero.txt"
    link.symlink_to("/dev/zero")
    _one_line_error(link, r"not a regular file \(a character device\)")
    null = tmp_path / "null.html"
    null.symlink_to("/dev/null")
    _one_line_error(null, r"not a regular file \(a character device\)")


def test_a_socket_is_refused(tmp_path):
    path = tmp_path / "s.txt"
    with socket.socket(socket.AF_UNIX) as s:
        s.bind(str(path))
        _one_line_error(path, r"not a regular file \(a socket\)")


def test_reading_stops_one_byte_past_the_limit_whatever_the_size_claims(tmp_path):
    # /proc files are regular files that report size 0 and still give content
    maps = Path("/proc/self/maps")
    if not maps.exists():
        pytest.skip("no /proc")
    assert os.stat(maps).st_size == 0
    with pytest.raises(ReadError, match=r"file too large \(over 101 bytes; the limit is 100\)"):
        read_bytes(maps, max_bytes=100)
    assert len(read_bytes(maps, max_bytes=10_000_000)) > 101


def _docx_with(tmp_path: Path, name: str, parts: dict[str, bytes], *, compression=zipfile.ZIP_DEFLATED) -> Path:
    """A real .docx (built by python-docx) with some parts replaced or added."""
    base = build_docx(tmp_path, PARAGRAPHS, name=f"base-{name}")
    out = tmp_path / name
    with zipfile.ZipFile(base) as src, zipfile.ZipFile(out, "w", compression) as dst:
        for info in src.infolist():
            if info.filename not in parts:
                dst.writestr(info.filename, src.read(info.filename))
        for part, data in parts.items():
            dst.writestr(part, data)
    return out


def _document_xml(body: str, prolog: str = "") -> bytes:
    ns = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    return f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>{prolog}<w:document {ns}><w:body>{body}</w:body></w:document>'.encode()


def test_a_docx_that_reads_still_reads_after_the_checks(tmp_path):
    assert read(build_docx(tmp_path, PARAGRAPHS)).text.splitlines() == PARAGRAPHS


def test_a_docx_bomb_by_compression_ratio_is_refused_before_unpacking(tmp_path):
    body = "<w:p><w:r><w:t>推进招商</w:t></w:r></w:p>" * 200_000  # about 9 MB that deflate packs ~1000 times
    bomb = _docx_with(tmp_path, "ratio.docx", {"word/document.xml": _document_xml(body)})
    assert bomb.stat().st_size < 200_000
    _one_line_error(bomb, r"part word/document\.xml is compressed [\d,]+ times \(the limit is 100\); refused as a zip bomb")


def test_a_docx_bomb_by_total_size_is_refused(tmp_path):
    # many parts, each under a megabyte (no ratio check), together over the limit
    parts = {f"word/media/pad{i}.bin": b"\0" * 999_000 for i in range(70)}
    bomb = _docx_with(tmp_path, "total.docx", parts)
    _one_line_error(bomb, r"a \.docx that unpacks to [\d,]+ bytes \(the limit is 64,000,000\); refused as a zip bomb")


def test_billion_laughs_in_a_docx_is_refused(tmp_path):
    entities = '<!ENTITY lol "lol">' + "".join(f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10 if i > 1 else "&lol;" * 10}">' for i in range(1, 10))
    xml = _document_xml("<w:p><w:r><w:t>&lol9;</w:t></w:r></w:p>", prolog=f"<!DOCTYPE lolz [{entities}]>")
    _one_line_error(_docx_with(tmp_path, "lol.docx", {"word/document.xml": xml}), r"part word/document\.xml declares a DTD")


def test_broken_xml_in_a_docx_is_a_read_error(tmp_path):
    xml = _document_xml("<w:p><w:r><w:t>推进招商</w:t></w:r></w:p>")[:-30]
    _one_line_error(_docx_with(tmp_path, "truncated.docx", {"word/document.xml": xml}), r"not a readable \.docx file \(XMLSyntaxError: ")
    ws = _document_xml("<w:p><w:r><w:t>" + " " * 12_000_000 + "</w:t></w:r></w:p>")  # a text node past lxml's limit
    _one_line_error(_docx_with(tmp_path, "spaces.docx", {"word/document.xml": ws}), "zip bomb|XMLSyntaxError")
