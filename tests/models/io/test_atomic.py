"""The one atomic writer: the old file or the whole new one, on disk, or a one-line error."""

from __future__ import annotations

import os
import stat

import pytest

from models.domain.errors import InputError
from models.io import atomic
from models.io.atomic import write_bytes, write_text


def test_writes_and_replaces_the_whole_file(tmp_path):
    path = tmp_path / "plan.csv"
    write_text(path, "old\n")
    write_text(path, "new ü\n")
    assert path.read_text(encoding="utf-8") == "new ü\n"
    assert stat.S_IMODE(path.stat().st_mode) == 0o644  # readable by the rest of the team
    assert [p.name for p in tmp_path.iterdir()] == ["plan.csv"]  # no temporary left


def test_the_file_and_then_its_folder_are_synced(tmp_path, monkeypatch):
    synced = []
    real_fsync = os.fsync

    def fsync(handle):
        synced.append("folder" if stat.S_ISDIR(os.fstat(handle).st_mode) else "file")
        real_fsync(handle)

    monkeypatch.setattr(atomic.os, "fsync", fsync)
    write_bytes(tmp_path / "plan.parquet", b"data")
    assert synced == ["file", "folder"]


def test_an_interrupted_write_keeps_the_old_file(tmp_path, monkeypatch):
    path = tmp_path / "plan.csv"
    write_text(path, "old\n")

    def refused(source, target):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(atomic.os, "replace", refused)
    with pytest.raises(InputError) as raised:
        write_text(path, "new\n")
    assert raised.value.line() == f"{path}: cannot write: No space left on device"
    assert path.read_text() == "old\n"
    assert [p.name for p in tmp_path.iterdir()] == ["plan.csv"]


@pytest.mark.parametrize("where", ["missing/plan.csv", "folder"])
def test_an_unwritable_path_is_one_line_naming_it(tmp_path, where):
    (tmp_path / "folder").mkdir()
    path = tmp_path / where
    with pytest.raises(InputError) as raised:
        write_bytes(path, b"x")
    line = raised.value.line()
    assert line.startswith(f"{path}: cannot write: ") and "\n" not in line
