"""`weekplan explain --in-block` explains exactly the week `weekplan plan` solved."""

from __future__ import annotations

import json

from click.testing import CliRunner

from cli import main
from models.io.athlete_file import load_athlete
from models.domain.bundled import EXAMPLES_DIR
from models.domain.rules import default_rulebook
from solver.block.plan import plan_block
from solver.week.solve import SolveParams

TRAIL = EXAMPLES_DIR / "trail-mountain-race.yaml"


def test_in_block_explains_the_planned_week_not_an_ordinary_one():
    athlete = load_athlete(TRAIL)
    block = plan_block(athlete, default_rulebook(), params=SolveParams(time_limit=5))
    week = block.weeks[3]
    runner = CliRunner()
    inside = runner.invoke(main, ["explain", str(TRAIL), "--week", str(week.week_start),
                                  "--in-block", "--json", "--time-limit", "5"])
    assert inside.exit_code == 0, inside.output
    assert json.loads(inside.output)["objective"] == week.objective
    ordinary = runner.invoke(main, ["explain", str(TRAIL), "--week", str(week.week_start),
                                    "--json", "--time-limit", "5"])
    assert json.loads(ordinary.output)["objective"] != week.objective


def test_in_block_week_outside_the_block_is_exit_2():
    result = CliRunner().invoke(main, ["explain", str(TRAIL), "--week", "2030-01-07",
                                       "--in-block"])
    assert result.exit_code == 2
    assert "not a week of the athlete's block" in result.output
