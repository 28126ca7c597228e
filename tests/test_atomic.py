"""kg.atomic: a failed write leaves the old file and no temporary file behind."""
import glob

import pytest

from kg.atomic import atomic_path, temp_pattern


def test_a_failed_write_leaves_the_old_file_and_no_leftovers(tmp_path):
    target = tmp_path / "graph.json"
    target.write_text("old")
    with pytest.raises(RuntimeError):
        with atomic_path(target) as tmp:
            tmp.write_text("half of the new")
            assert glob.glob(temp_pattern(target)) == [str(tmp)]
            raise RuntimeError("disk full")
    assert target.read_text() == "old" and not glob.glob(temp_pattern(target))
    with atomic_path(target) as tmp:
        tmp.write_text("new")
    assert target.read_text() == "new" and not glob.glob(temp_pattern(target))
