"""`weekplan feeds` and `weekplan serve`: links, rotation, the static export, bad folders."""

from __future__ import annotations

from click.testing import CliRunner

from cli import main
from feed_folders import batch_folder
from models.feeds.tokens import read_tokens


def test_feeds_lists_each_athletes_links_and_rotate_replaces_only_one(tmp_path):
    folder = batch_folder(tmp_path / "batch")
    listed = CliRunner().invoke(main, ["feeds", str(folder)])
    assert listed.exit_code == 0, listed.output
    before = read_tokens(folder)
    assert listed.output.splitlines() == [
        f"{a}\t/feeds/{before.athletes[a].full}.ics\t/feeds/{before.athletes[a].busy}.ics"
        for a in ("ana", "bea")]
    rotated = CliRunner().invoke(main, ["feeds", str(folder), "--rotate", "ana"])
    assert rotated.exit_code == 0
    after = read_tokens(folder)
    assert after.athletes["ana"].full != before.athletes["ana"].full
    assert after.athletes["bea"] == before.athletes["bea"] and after.coach == before.coach


def test_feeds_out_writes_the_served_bytes_and_drops_rotated_files(tmp_path):
    from starlette.testclient import TestClient

    from models.feeds.app import create_feed_app

    folder, public = batch_folder(tmp_path / "batch"), tmp_path / "public"
    assert CliRunner().invoke(main, ["feeds", str(folder), "--out", str(public)]).exit_code == 0
    tokens = read_tokens(folder)
    files = sorted(p.name for p in (public / "feeds").iterdir())
    assert files == sorted(f"{t}.ics" for pair in tokens.athletes.values()
                           for t in (pair.full, pair.busy))
    served = TestClient(create_feed_app(folder)).get(f"/feeds/{tokens.athletes['ana'].full}.ics")
    assert (public / "feeds" / f"{tokens.athletes['ana'].full}.ics").read_bytes() == served.content
    old = tokens.athletes["ana"].full
    CliRunner().invoke(main, ["feeds", str(folder), "--rotate", "ana", "--out", str(public)])
    assert not (public / "feeds" / f"{old}.ics").exists()


def test_feeds_and_serve_refuse_a_folder_without_plans_in_one_line(tmp_path):
    for command in (["feeds", str(tmp_path)], ["serve", str(tmp_path)]):
        result = CliRunner().invoke(main, command)
        assert result.exit_code == 2
        assert result.stderr.strip() == (
            f"error: {tmp_path}: not a weekplan batch folder (no athletes/ plans); run "
            "weekplan batch SQUAD --out DIR first")


def test_rotate_names_an_unknown_athlete(tmp_path):
    folder = batch_folder(tmp_path / "batch")
    result = CliRunner().invoke(main, ["feeds", str(folder), "--rotate", "zoe"])
    assert result.exit_code == 2
    assert result.stderr.strip() == ("error: --rotate: no athlete 'zoe' in this folder; use "
                                     "one of ana, bea")


def test_serve_binds_to_loopback_by_default(tmp_path, monkeypatch):
    import uvicorn

    folder = batch_folder(tmp_path / "batch")
    seen = {}
    monkeypatch.setattr(uvicorn, "run", lambda app, **options: seen.update(options))
    result = CliRunner().invoke(main, ["serve", str(folder)])
    assert result.exit_code == 0, result.output
    assert (seen["host"], seen["port"]) == ("127.0.0.1", 8000)
    assert seen["server_header"] is False
    assert f"http://127.0.0.1:8000/squad/{read_tokens(folder).coach}" in result.output
