"""The cache of objects compiled from data (kg.compiled) and the division gazetteer kept in it.

A cached gazetteer must answer exactly as a freshly built one, a changed source must
never be answered from the old file, and a cache folder that cannot be written or a
damaged file must only cost the build.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from kg import compiled
from kg.nlp import gazetteer as divisions
from kg.text.clean import clean

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def cache(tmp_path, monkeypatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv(compiled.CACHE_ENV, str(folder))
    return folder


def _no_build():
    raise AssertionError("built although the cache holds it")


def _views(folder: Path) -> list[str]:
    return [clean(p.read_text("utf-8")).text for p in sorted(folder.glob("*.txt"))]


def _same_gazetteer(a: divisions.Gazetteer, b: divisions.Gazetteer, texts: list[str], monkeypatch) -> None:
    assert a.divisions == b.divisions
    assert a.by_code == b.by_code
    assert a.by_key == b.by_key
    assert a.region_names == b.region_names
    assert sorted(a.automaton.keys()) == sorted(b.automaton.keys())
    named = 0
    for text in texts:
        assert list(a.automaton.iter(text)) == list(b.automaton.iter(text))
        found = []
        for g in (a, b):
            monkeypatch.setattr(divisions, "gazetteer", lambda g=g: g)
            found.append(divisions.find_divisions(text, all_occurrences=True))
        assert found[0] == found[1]
        named += bool(found[0])
    assert named, "the texts name divisions"


def test_cached_gazetteer_answers_as_a_fresh_build(cache, monkeypatch, examples_dir):
    fresh = divisions._build()
    first = divisions.load_gazetteer()  # builds and writes the cache
    files = list(cache.glob("divisions-*.pickle"))
    assert len(files) == 1
    monkeypatch.setattr(divisions, "_build", _no_build)
    cached = divisions.load_gazetteer()  # read back from the file
    assert cached is not first
    _same_gazetteer(fresh, cached, _views(examples_dir), monkeypatch)


@pytest.mark.shared
def test_cached_gazetteer_answers_as_a_fresh_build_on_the_corpus(cache, monkeypatch, shared_dir):
    fresh = divisions._build()
    divisions.load_gazetteer()
    monkeypatch.setattr(divisions, "_build", _no_build)
    _same_gazetteer(fresh, divisions.load_gazetteer(), _views(shared_dir / "corpus"), monkeypatch)


def test_the_gazetteer_is_keyed_by_its_table_and_its_code():
    sources = divisions._sources()
    assert Path(divisions.__file__) in sources
    assert any(p.name.startswith("location_year_") and p.suffix == ".csv" for p in sources)


def test_editing_the_division_table_rebuilds_the_gazetteer(cache, monkeypatch, tmp_path):
    table = tmp_path / divisions._dataset_file().name
    table.write_bytes(divisions._dataset_file().read_bytes())
    monkeypatch.setattr(divisions, "_dataset_file", lambda: table)
    before = divisions.load_gazetteer()
    assert before.by_code["420984"].name == "汉川市"
    # a renamed county in the data: the old pickle must not answer
    table.write_text(table.read_text("utf-8").replace("汉川市", "汉水市"), "utf-8")
    after = divisions.load_gazetteer()
    assert after.by_code["420984"].name == "汉水市"
    assert "汉川市" not in after.by_key
    assert len(list(cache.glob("divisions-*.pickle"))) == 1, "the stale file is removed"


def test_editing_a_source_or_a_version_changes_the_key(cache, tmp_path):
    data, code = tmp_path / "words.txt", tmp_path / "builder.py"
    data.write_text("甲\n乙\n", "utf-8")
    code.write_text("RULE = 1\n", "utf-8")
    builds = []

    def build():
        builds.append(1)
        return sorted(data.read_text("utf-8").split())

    assert compiled.load_or_build("words", [data, code], build) == ["乙", "甲"]
    assert compiled.load_or_build("words", [data, code], build) == ["乙", "甲"]
    assert len(builds) == 1
    code.write_text("RULE = 2\n", "utf-8")  # the builder's code changed, the data did not
    compiled.load_or_build("words", [data, code], build)
    assert len(builds) == 2
    data.write_text("丙\n", "utf-8")
    assert compiled.load_or_build("words", [data, code], build) == ["丙"]
    assert len(builds) == 3
    key = compiled.fingerprint([data, code])
    assert compiled.fingerprint([data, code], libraries=["pyahocorasick"]) != key
    assert len(list(cache.glob("words-*.pickle"))) == 1


def test_an_unwritable_cache_folder_only_costs_the_build(tmp_path, monkeypatch):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", "utf-8")
    monkeypatch.setenv(compiled.CACHE_ENV, str(blocker / "cache"))
    src = tmp_path / "src.txt"
    src.write_text("x", "utf-8")
    builds = []
    for _ in range(2):
        assert compiled.load_or_build("thing", [src], lambda: builds.append(1) or {"ok": True}) == {"ok": True}
    assert len(builds) == 2
    assert blocker.read_text("utf-8") == "not a folder"


def test_a_damaged_cache_file_is_rebuilt(cache, tmp_path):
    src = tmp_path / "src.txt"
    src.write_text("x", "utf-8")
    path = compiled.cache_file("thing", compiled.fingerprint([src]))
    cache.mkdir()
    path.write_bytes(b"\x80\x05truncated")
    assert compiled.load_or_build("thing", [src], lambda: [1, 2, 3]) == [1, 2, 3]
    assert compiled.load_or_build("thing", [src], _no_build) == [1, 2, 3]


def test_cold_extract_prints_the_same_with_an_empty_and_a_warm_cache(tmp_path, examples_dir):
    env = {**os.environ, compiled.CACHE_ENV: str(tmp_path / "cache")}
    doc = str(examples_dir / "xishui_2024_tasks.txt")

    def run() -> str:
        res = subprocess.run([sys.executable, "-m", "kg.cli", "extract", doc, "--format", "json"], cwd=ROOT, env=env,
                             capture_output=True, text=True, timeout=300)
        assert res.returncode == 0, res.stderr
        return res.stdout

    empty = run()
    assert list((tmp_path / "cache").glob("divisions-*.pickle"))
    warm = run()
    assert warm == empty
    # the gazetteer did its work: the county the document's title names is its jurisdiction
    assert json.loads(empty)["document"]["jurisdiction"] == "湖北省黄冈市浠水县"


def test_a_big_sources_digest_is_remembered_by_its_size_and_time_and_a_change_is_seen(cache, tmp_path):
    table = tmp_path / "big.txt"
    table.write_bytes(b"a" * (2 << 20))
    old = time.time_ns() - 10_000_000_000
    os.utime(table, ns=(old, old))  # settled: written long enough ago to be remembered
    first = compiled.fingerprint([table])
    assert json.loads((cache / "digests.json").read_text("utf-8"))[str(table.resolve())][:2] == [2 << 20, old]
    assert compiled.fingerprint([table]) == first
    table.write_bytes(b"b" * (2 << 20))  # same size, new content and time
    assert compiled.fingerprint([table]) != first


def test_a_librarys_version_is_read_off_its_installed_folder_as_its_metadata_gives_it():
    from importlib import metadata

    assert compiled._version("pyahocorasick") == metadata.version("pyahocorasick")
    assert compiled._version("policykg") == metadata.version("policykg")
    assert compiled._version("no-such-distribution") == "-"
