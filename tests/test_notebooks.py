"""The researcher notebooks run top to bottom on the bundled data (as CI runs them)."""

from __future__ import annotations

import nbformat
import pytest
from nbclient import NotebookClient

from checkout import REPO_ROOT

NOTEBOOKS = REPO_ROOT / "notebooks"


def execute(name: str):
    notebook = nbformat.read(NOTEBOOKS / name, as_version=4)
    client = NotebookClient(notebook, timeout=180, kernel_name="python3",
                            resources={"metadata": {"path": str(NOTEBOOKS)}})
    client.execute()
    return notebook


def text_of(notebook) -> str:
    parts = []
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            parts.append(output.get("text", ""))
            parts.append(output.get("data", {}).get("text/plain", ""))
    return "\n".join(parts)


def images_of(notebook) -> int:
    return sum("image/png" in output.get("data", {})
               for cell in notebook.cells for output in cell.get("outputs", []))


@pytest.fixture(autouse=True)
def _no_user_batch_dir(monkeypatch, tmp_path):
    """No batch folder of the user's; the notebooks' temporary folders (kept for the reader
    to open) go under the test's own tmp_path instead of piling up in the system's."""
    monkeypatch.delenv("WEEKPLAN_BATCH_DIR", raising=False)
    monkeypatch.setenv("TMPDIR", str(tmp_path))


def test_compare_rulebooks_notebook():
    notebook = execute("compare_rulebooks.ipynb")
    text = text_of(notebook)
    assert "shared days with strength before the run(s): 0 ->" in text
    assert "S-STRENGTH-FIRST" in text and "S-STRENGTH-TIMING" in text  # the cross-audit
    assert images_of(notebook) == 2


def test_squad_overview_notebook():
    notebook = execute("squad_overview.ipynb")
    text = text_of(notebook)
    assert "athletes," in text and "report.html" in text
    assert images_of(notebook) == 3


def test_sweep_gap_notebook():
    notebook = execute("sweep_gap.ipynb")
    text = text_of(notebook)
    assert "4 cells (4 run, 0 already finished)" in text and "sweep wall time:" in text
    assert "feasible share by gap:" in text
    lines = text.splitlines()
    header = next((i for i, line in enumerate(lines)
                   if line.split()[:3] == ["point", "S-HILL-SPRINT", "S-VOLUME"]), None)
    assert header is not None, "the trade-off front is not printed"
    points = [line.split() for line in lines[header + 1:header + 3]]
    # a real trade-off: two points, each proven optimal
    assert [p[0] for p in points] == ["1", "2"] and all(p[-1] == "True" for p in points)
    assert images_of(notebook) == 2
