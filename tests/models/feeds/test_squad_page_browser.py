"""The squad page in a real browser: the feed server runs on 127.0.0.1 (a free port, in a
thread of the test), Chromium opens the coach's page and finds each athlete's feed link,
and the link's calendar is fetched from the same server."""

from __future__ import annotations

import socket
import threading
import time
import urllib.request

import icalendar
import uvicorn
from selenium.webdriver.common.by import By

from feed_folders import batch_folder
from models.feeds.app import create_feed_app
from models.feeds.tokens import read_tokens
from renderers import chrome


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_chromium_finds_every_athletes_feed_link_on_the_served_squad_page(tmp_path):
    folder = batch_folder(tmp_path / "batch")
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(create_feed_app(folder), host="127.0.0.1", port=port,
                                           log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        assert time.monotonic() < deadline, "the feed server did not start"
        time.sleep(0.05)
    driver = chrome(tmp_path / "chrome-profile")
    try:
        base = f"http://127.0.0.1:{port}"
        driver.get(f"{base}/squad/{read_tokens(folder).coach}")
        assert driver.title == "Squad calendars"
        rows = driver.find_elements(By.CSS_SELECTOR, "tr[data-athlete]")
        links = {row.get_attribute("data-athlete"):
                 row.find_element(By.CSS_SELECTOR, "a.feed").get_attribute("href")
                 for row in rows}
        tokens = read_tokens(folder).athletes
        assert links == {athlete: f"webcal://127.0.0.1:{port}/feeds/{pair.full}.ics"
                         for athlete, pair in tokens.items()}
        for athlete, link in links.items():
            with urllib.request.urlopen("http" + link.removeprefix("webcal"), timeout=10) as got:
                assert got.status == 200
                calendar = icalendar.Calendar.from_ical(got.read())
            assert all(str(e["UID"]).startswith(f"{athlete}.") for e in calendar.walk("VEVENT"))
        driver.get(f"{base}/squad/{'x' * 43}")
        assert "Not Found" in driver.page_source
    finally:
        driver.quit()
        server.should_exit = True
        thread.join(timeout=10)
