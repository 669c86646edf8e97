"""`weekplan examples`: what a user of an installed wheel finds, and a copy they can run.

The examples live inside the package; the copy must be complete (the squad with its
groups), identical to the bundled files, usable from any directory, and never overwrite a
coach's edited copy without --force.
"""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

import models
from cli import main
from models.domain.bundled import EXAMPLES_DIR
from models.io.athlete_file import load_athlete
from models.squad.forms import load_squad

BUNDLED = sorted(p.relative_to(EXAMPLES_DIR) for p in EXAMPLES_DIR.rglob("*")
                 if p.is_file() and "__pycache__" not in p.parts)


def examples(*args: str):
    return CliRunner().invoke(main, ["examples", *args], env={"COLUMNS": "200"})


def test_the_listing_names_every_example_what_it_shows_and_where_it_is_installed():
    result = examples()
    assert result.exit_code == 0, result.output
    package = Path(models.__file__).parent
    entries = {path.name for path in EXAMPLES_DIR.glob("*.yaml")} | {"squad/", "completed/"}
    for name in entries:
        line = next(l for l in result.output.splitlines() if l.startswith(f"{name}: "))
        assert len(line) > len(name) + 20, line  # a sentence about the example
        path = Path(result.output.split(line, 1)[1].splitlines()[1].strip())
        assert path.exists() and package in path.parents
    assert "--copy-to" in result.output


def test_each_athlete_example_says_what_it_shows_from_its_own_header():
    result = examples()
    assert "impossible.yaml: Cannot be planned" in result.output
    assert "squad/: 30 generated athletes" in result.output


def test_copy_to_writes_every_example_unchanged_from_any_directory(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # a user's own folder, far from the package
    result = examples("--copy-to", "ex")
    assert result.exit_code == 0, result.output + result.stderr
    assert "weekplan batch ex/squad --out results" in result.output
    copied = sorted(p.relative_to(tmp_path / "ex") for p in (tmp_path / "ex").rglob("*")
                    if p.is_file())
    assert copied == BUNDLED
    assert {"squad/athletes.csv", "squad/availability.csv", "squad/groups.yaml",
            "athlete.yaml"} <= {p.as_posix() for p in copied}
    for name in BUNDLED:
        assert (tmp_path / "ex" / name).read_bytes() == (EXAMPLES_DIR / name).read_bytes()


def test_the_copied_squad_and_athletes_read_as_the_bundled_ones(tmp_path):
    assert examples("--copy-to", str(tmp_path / "ex")).exit_code == 0
    mine, problems = load_squad(tmp_path / "ex" / "squad")
    bundled, _ = load_squad(EXAMPLES_DIR / "squad")
    assert problems == [] and mine == bundled and len(mine) == 30
    assert load_athlete(tmp_path / "ex" / "athlete.yaml") == load_athlete(
        EXAMPLES_DIR / "athlete.yaml")


def test_a_copied_athlete_is_planned_from_its_new_place(tmp_path):
    assert examples("--copy-to", str(tmp_path)).exit_code == 0
    result = CliRunner().invoke(main, ["solve", str(tmp_path / "athlete.yaml"),
                                       "--time-limit", "5"])
    assert result.exit_code == 0, result.output + result.stderr
    assert "status optimal" in result.output


def test_an_edited_copy_is_not_overwritten_without_force(tmp_path):
    assert examples("--copy-to", str(tmp_path)).exit_code == 0
    edited = tmp_path / "squad" / "athletes.csv"
    edited.write_text("my own squad\n")
    result = examples("--copy-to", str(tmp_path))
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.output
    assert lines[0].startswith(f"error: {tmp_path}") and "--force" in lines[0]
    assert edited.read_text() == "my own squad\n"

    forced = examples("--copy-to", str(tmp_path), "--force")
    assert forced.exit_code == 0, forced.output + forced.stderr
    assert edited.read_bytes() == (EXAMPLES_DIR / "squad" / "athletes.csv").read_bytes()


def test_nothing_is_written_when_one_file_would_be_overwritten(tmp_path):
    (tmp_path / "squad").mkdir()
    (tmp_path / "squad" / "groups.yaml").write_text("mine\n")
    assert examples("--copy-to", str(tmp_path)).exit_code == 2
    assert sorted(p.name for p in tmp_path.rglob("*") if p.is_file()) == ["groups.yaml"]


def test_copy_to_a_file_is_refused_in_one_line(tmp_path):
    target = tmp_path / "notes.txt"
    target.write_text("x")
    result = examples("--copy-to", str(target))
    assert result.exit_code == 2
    assert result.stderr.strip() == (f"error: {target}: --copy-to: is a file; "
                                     "give a folder to copy the examples into")
    assert target.read_text() == "x"
