"""The research figures: drawn from the tables, refused in one line when they cannot be."""

from __future__ import annotations

import sys

import pandas as pd
import pytest
from click.testing import CliRunner

from cli import main
from models.domain.bundled import DATA_DIR
from models.domain.errors import InputError
from models.report.sweep_plot import pyplot, save_sweep_figure


def cells(settings: dict[str, list]) -> pd.DataFrame:
    """A tiny cells table: two athletes, one week, each cell feasible with one penalty."""
    rows = []
    names = list(settings)
    for n, values in enumerate(zip(*settings.values()), start=1):
        for athlete in ("a", "b"):
            for metric, value in (("feasible", 1.0), ("hill_sprint", 1.0),
                                  ("penalty:S-HIKE-VOLUME", 10.0 * n)):
                rows.append({"cell": f"cell-{n:03d}", "parameters": f"x={values}",
                             **dict(zip(names, values)), "athlete": athlete,
                             "week": "2027-01-04", "metric": metric, "value": value})
    return pd.DataFrame(rows)


def test_a_one_setting_sweep_is_drawn_as_png(tmp_path):
    path = save_sweep_figure(cells({"H-GAP.gap_h": [0, 4, 8]}), tmp_path / "gap.png")
    assert path.read_bytes()[:4] == b"\x89PNG"


def test_a_grid_of_two_settings_is_left_to_a_notebook(tmp_path):
    with pytest.raises(InputError, match="one setting"):
        save_sweep_figure(cells({"H-GAP.gap_h": [0, 4], "targets.strength": [1, 2]}),
                          tmp_path / "grid.png")


def test_without_matplotlib_the_figure_is_one_line_saying_what_to_install(monkeypatch, tmp_path):
    monkeypatch.setitem(sys.modules, "matplotlib", None)
    with pytest.raises(InputError, match=r"pip install 'weekplan\[research\]'"):
        pyplot()
    result = CliRunner().invoke(main, ["sweep", str(DATA_DIR / "examples" / "squad"), "--set",
                                       "H-GAP.gap_h=0,4", "--out", str(tmp_path / "s"),
                                       "--plot", str(tmp_path / "gap.png")])
    assert result.exit_code == 2
    assert result.stderr == ("error: --plot: the figure needs matplotlib: "
                             "pip install 'weekplan[research]'\n")
    assert not (tmp_path / "s").exists()  # refused before any solving
