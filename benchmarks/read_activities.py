"""Activity-reading benchmark: how long `read_activities` takes for a folder of FIT files.

Writes N FIT activity files like a watch's (file_id, one record a second with time,
position, heart rate, distance and altitude, a lap, a session, an activity message) with
fit-tool's encoder (``pip install fit-tool``, a test dependency), ``--distinct`` different
ones each copied to N / distinct names, then times reading the whole folder (every file
is parsed; copies are then counted once) and prints files/s and the time per file.
Not a test.

    python benchmarks/read_activities.py [--files 1000] [--minutes 45] [--distinct 20]
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import sys
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run from a checkout

from fit_tool.fit_file_builder import FitFileBuilder  # noqa: E402
from fit_tool.profile.messages.activity_message import ActivityMessage  # noqa: E402
from fit_tool.profile.messages.file_id_message import FileIdMessage  # noqa: E402
from fit_tool.profile.messages.lap_message import LapMessage  # noqa: E402
from fit_tool.profile.messages.record_message import RecordMessage  # noqa: E402
from fit_tool.profile.messages.session_message import SessionMessage  # noqa: E402
from fit_tool.profile.profile_type import FileType, Manufacturer, Sport  # noqa: E402

from models.activities.collect import read_activities  # noqa: E402


def watch_file(start: datetime, minutes: int, seed: int) -> bytes:
    """A FIT activity as a watch writes it: one record a second."""
    ms = lambda moment: round(moment.timestamp() * 1000)  # noqa: E731
    builder = FitFileBuilder(auto_define=True, min_string_size=50)
    file_id = FileIdMessage()
    file_id.type = FileType.ACTIVITY
    file_id.manufacturer = Manufacturer.DEVELOPMENT.value
    file_id.product = 0
    file_id.serial_number = 1000 + seed
    file_id.time_created = ms(start)
    builder.add(file_id)
    records = []
    for second in range(minutes * 60):
        record = RecordMessage()
        record.timestamp = ms(start + timedelta(seconds=second))
        record.position_lat = 41.4 + second * 1e-5
        record.position_long = 2.1 + seed * 1e-4
        record.heart_rate = 140 + (second + seed) % 20
        record.distance = second * 2.8
        record.altitude = 100 + (second % 600) / 10
        records.append(record)
    builder.add_all(records)
    end = start + timedelta(minutes=minutes)
    lap, session, activity = LapMessage(), SessionMessage(), ActivityMessage()
    for message in (lap, session):
        message.start_time = ms(start)
        message.timestamp = ms(end)
        message.total_elapsed_time = minutes * 60
        message.total_timer_time = minutes * 60
        message.total_distance = minutes * 60 * 2.8
    session.sport = Sport.RUNNING
    session.avg_heart_rate = 150
    activity.timestamp = ms(end)
    activity.total_timer_time = minutes * 60
    activity.num_sessions = 1
    builder.add_all([lap, session, activity])
    return builder.build().to_bytes()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=1000)
    parser.add_argument("--minutes", type=int, default=45)
    parser.add_argument("--distinct", type=int, default=20)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="weekplan-fit-"))
    try:
        made = time.perf_counter()
        first = datetime(2027, 1, 4, 6, tzinfo=timezone.utc)
        originals = [watch_file(first + timedelta(days=i), args.minutes, i)
                     for i in range(args.distinct)]
        for n in range(args.files):
            (folder / f"{n:05d}.fit").write_bytes(originals[n % args.distinct])
        made = time.perf_counter() - made
        size = sum(p.stat().st_size for p in folder.iterdir())
        started = time.perf_counter()
        read = read_activities([folder])
        elapsed = time.perf_counter() - started
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    print(f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
          f"load average {os.getloadavg()[0]:.2f}; python {platform.python_version()}")
    print(f"wrote {args.files} FIT files ({args.distinct} distinct, {args.minutes} min, "
          f"1 record/s, {size / args.files / 1024:.0f} KiB each) in {made:.1f} s")
    print(f"read {args.files} FIT files in {elapsed:.1f} s: {args.files / elapsed:.1f} "
          f"files/s, {1000 * elapsed / args.files:.1f} ms per file; "
          f"{len(read.activities)} distinct activities, {len(read.problems)} problems")


if __name__ == "__main__":
    main()
