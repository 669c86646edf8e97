"""The findings file of `weekplan check --out`: the same rows as the printed audit, as CSV
for a coach's spreadsheet or JSON for a script, refused early when it cannot be written."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from models.audit.findings_file import check_findings_path, write_findings
from models.audit.week import audit_plan
from models.domain.errors import InputError
from models.domain.plan import sessions_frame


@pytest.fixture
def report(athlete, plan, rulebook, catalogue):
    """Two strength sessions on one day, one before a hard run: hard and soft findings."""
    person = athlete(None, targets={"runs": 1, "long": 0, "strength": 2})
    sessions = plan("Tue strength 07:00", "Tue strength 18:00", "Wed hill 07:00")
    return audit_plan(sessions_frame(person.id, sessions), person, rulebook, catalogue)


def test_csv_holds_one_row_per_finding(report, tmp_path):
    assert report.hard_findings and report.findings
    path = write_findings(report, tmp_path / "findings.csv")
    table = pd.read_csv(path)
    assert list(table.columns) == list(report.to_frame().columns)
    assert sorted(table["rule_id"]) == sorted(f.rule_id for f in report.findings)


def test_json_holds_the_same_rows(report, tmp_path):
    rows = json.loads(write_findings(report, tmp_path / "findings.json").read_text())
    assert [row["rule_id"] for row in rows] == [f.rule_id for f in report.findings]
    assert {row["kind"] for row in rows} == {f.kind for f in report.findings}


@pytest.mark.parametrize("name, problem", [
    ("findings.xlsx", "unknown output format '.xlsx'; use .csv or .json"),
    ("missing/findings.csv", "does not exist"),
])
def test_a_path_that_cannot_be_written_is_refused(tmp_path, name, problem):
    with pytest.raises(InputError) as error:
        check_findings_path(tmp_path / name)
    assert error.value.field == "--out" and problem in error.value.problem
