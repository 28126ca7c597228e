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


@pytest.mark.parametrize("umask", [0o022, 0o002, 0o077])
def test_written_files_get_the_users_umask_not_0600(tmp_path, umask):
    import os
    import stat

    target = tmp_path / "export.json"
    old = os.umask(umask)
    try:
        with atomic_path(target) as tmp:
            tmp.write_text("new")
        plain = tmp_path / "plain.json"
        plain.write_text("as open() makes it")
    finally:
        os.umask(old)
    assert stat.S_IMODE(target.stat().st_mode) == stat.S_IMODE(plain.stat().st_mode) == 0o666 & ~umask
