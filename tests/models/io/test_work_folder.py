"""The folder for intermediate results: a kept one stays, a temporary one always goes."""

from __future__ import annotations

import pytest

from models.io.work_folder import work_folder


def test_a_temporary_folder_is_removed_after_use():
    with work_folder(prefix="weekplan-test-") as root:
        (root / "run").mkdir()
        (root / "run" / "plan.csv").write_text("x")
    assert not root.exists()


def test_a_temporary_folder_is_removed_when_the_work_fails():
    with pytest.raises(RuntimeError):
        with work_folder() as root:
            (root / "half.csv").write_text("x")
            raise RuntimeError("interrupted")
    assert not root.exists()


def test_a_kept_folder_stays_with_its_content(tmp_path):
    with work_folder(tmp_path / "keep") as root:
        root.mkdir()
        (root / "plan.csv").write_text("x")
    assert root == tmp_path / "keep" and (root / "plan.csv").read_text() == "x"
