"""The same sample document as .docx, .pdf, .html, GBK and Big5 text gives the same tasks and units as UTF-8."""
import pytest

from kg.extract.document import extract_path
from tests.docbuilders import build_docx, build_html, build_pdf, write_text

SAMPLES = ["xishui_2024_tasks.txt", "yingcheng_2023_plan_traditional.txt", "xian_district_2022_ledger.txt"]


def _blocks(text: str) -> list:
    """Paragraphs, with runs of ' | ' rows turned into one table block."""
    out: list = []
    for line in text.splitlines():
        if not line.strip():
            continue
        if line.count("|") >= 2:
            cells = [c.strip() for c in line.split("|")]
            if cells and not cells[-1]:
                cells = cells[:-1]
            if out and isinstance(out[-1], list):
                out[-1].append(cells)
            else:
                out.append([cells])
        else:
            out.append(line)
    return out


def assignments(path) -> list[tuple[str, tuple]]:
    result = extract_path(str(path)).to_json()
    ents = {e["id"]: e for e in result["entities"]}
    tasks: dict[str, list] = {}
    for r in result["relations"]:
        if r["type"] in ("LEADS", "RESPONSIBLE_FOR"):
            tasks.setdefault(ents[r["target"]]["name"], []).append((r["type"], ents[r["source"]]["name"]))
    return sorted((t, tuple(sorted(u))) for t, u in tasks.items())


CASES = [(s, f) for s in SAMPLES for f in ("docx", "pdf", "html", "gbk", "big5") if f != "big5" or "traditional" in s]  # Big5 has no simplified characters


@pytest.mark.parametrize("sample,fmt", CASES)
def test_same_tasks_and_units_from_every_format(sample, fmt, examples_dir, tmp_path):
    src = examples_dir / sample
    text = src.read_text("utf-8")
    expected = assignments(src)
    assert expected, "the sample assigns tasks"
    if fmt == "docx":
        path = build_docx(tmp_path, _blocks(text), name=sample.replace(".txt", ".docx"))
    elif fmt == "pdf":
        path = build_pdf(tmp_path, _blocks(text), name=sample.replace(".txt", ".pdf"))
    elif fmt == "html":
        path = build_html(tmp_path, _blocks(text), name=sample.replace(".txt", ".html"))
    else:
        path = write_text(tmp_path, text, encoding=fmt, name=sample)
    assert assignments(path) == expected
