"""The weekplan benchmark: speed and quality of the weekly CP-SAT model, in one table.

    python benchmarks/run.py [--quick] [--seed 1]

Measures, on seeded athletes of every difficulty (benchmarks/athletes.py):

* per athlete-week build and solve time (median, p95, max), pinned to one core;
* the 16-week block time (solver.block.plan.plan_block);
* batch throughput (solver.batch.driver.run_batch) with 1 and 2 workers, their ratio, and the peak
  resident memory of the whole process tree during the batch;
* quality: the share of weeks CP-SAT proves optimal; CP-SAT's objective against the exact
  oracle (tests/support/oracle.py, on the weeks with few enough windows for it); the greedy template
  baseline (solver/baseline.py) against CP-SAT on the same weeks;
* a second modelling route: the same week in MiniZinc solved by Gecode
  (benchmarks/week.mzn), its optimum against CP-SAT's and the time ratio.

Every plan is audited (models/audit/week.py); a disagreement or a CP-SAT penalty above the
baseline's is printed in the table and makes the exit code 1. A part whose tool is missing
(minizinc not installed, ...) is a row saying so. Times depend on the machine and on what
else runs on it; the athletes and therefore the plans do not. ``--quick`` (a smoke run, well
under two minutes) uses fewer athletes everywhere, including a smaller batch than 500.
"""

from __future__ import annotations

import argparse
import math
import os
import platform
import json
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))  # run from a checkout
sys.path.insert(0, str(HERE))

from athletes import BenchWeek, bench_athletes, bench_weeks, block_athlete  # noqa: E402
from models.audit.week import audit_week  # noqa: E402
from models.domain.catalogue import default_catalogue  # noqa: E402
from models.domain.plan import Status  # noqa: E402
from models.domain.rules import CENTI, load_rulebook  # noqa: E402
from solver.baseline import plan_greedy  # noqa: E402
from solver.week.solve import SolveParams, solve_week  # noqa: E402
from tree_memory import TreeSampler  # noqa: E402


@dataclass(frozen=True)
class Sizes:
    weeks: int            # athlete-weeks timed and compared with the baseline
    oracle: int           # of those, at most this many checked by the oracle
    oracle_windows: int   # ... with at most this many windows (the oracle enumerates)
    minizinc: int         # of those, this many solved by MiniZinc/Gecode too
    blocks: int           # 16-week blocks timed
    batch: int            # athletes of the batch (16 weeks each) run with 2 workers
    batch_one: int        # the first this many of them run with 1 worker (the ratio's base)


QUICK = Sizes(weeks=150, oracle=40, oracle_windows=7, minizinc=20, blocks=10, batch=40,
              batch_one=40)
FULL = Sizes(weeks=1000, oracle=150, oracle_windows=7, minizinc=100, blocks=50, batch=500,
             batch_one=500)
BLOCK_WEEKS = 16
ORACLE_SECONDS = 20      # per week; a slower oracle run counts as 'timed out'
MINIZINC_SECONDS = 30.0  # per week


# ------------------------------------------------------------------------------ helpers

def percentile(values: list[float], share: float) -> float:
    """Nearest-rank percentile (one of the measured values)."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


def spread(values: list[float], scale: float = 1.0, digits: int = 1) -> str:
    """'median / p95 / max' of values times scale."""
    if not values:
        return "-"
    return " / ".join(f"{v * scale:.{digits}f}" for v in
                      (statistics.median(values), percentile(values, 0.95), max(values)))


@contextmanager
def one_core():
    """Pin this process to one CPU (where the OS allows it) for the single-core figures."""
    if not hasattr(os, "sched_setaffinity"):
        yield "not pinned"
        return
    before = os.sched_getaffinity(0)
    os.sched_setaffinity(0, {min(before)})
    try:
        yield f"pinned to CPU {min(before)}"
    finally:
        os.sched_setaffinity(0, before)


@contextmanager
def time_limit(seconds: int):
    """Raise TimeoutError in the block after ``seconds`` (SIGALRM; main thread only)."""
    def expire(signum, frame):
        raise TimeoutError
    previous = signal.signal(signal.SIGALRM, expire)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


@dataclass
class Table:
    rows: list[tuple[str, str, str, str]] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)

    def add(self, measure: str, value: str, target: str = "", note: str = "") -> None:
        self.rows.append((measure, value, target, note))

    def section(self, title: str) -> None:
        self.rows.append((f"[{title}]", "", "", ""))

    def fail(self, why: str) -> None:
        self.failures.append(why)

    def print(self) -> None:
        head = ("measure", "value", "target", "note")
        widths = [max(len(r[i]) for r in [head, *self.rows]) for i in range(3)]
        line = lambda r: (f"{r[0]:<{widths[0]}}  {r[1]:>{widths[1]}}  "  # noqa: E731
                          f"{r[2]:<{widths[2]}}  {r[3]}").rstrip()
        print(line(head))
        print("-" * (sum(widths) + 6 + max(len(r[3]) for r in [head, *self.rows])))
        for row in self.rows:
            print(line(row))


def met(ok: bool) -> str:
    return "met" if ok else "NOT met"


# ------------------------------------------------------------------------------ weeks

@dataclass
class WeekRun:
    week: BenchWeek
    status: Status
    penalty_cp: int | None
    build: float
    solve: float
    greedy_status: Status
    greedy_cp: int | None
    greedy_time: float
    cheapest_cp: int | None = None  # the penalty-aware variant (cheapest option per step)


def run_weeks(weeks: list[BenchWeek], rulebook, catalogue, params) -> list[WeekRun]:
    """CP-SAT and the baseline on every week; every plan goes through the auditor."""
    solve_week(weeks[0].spec, rulebook, catalogue, params)  # warm-up: imports, CP-SAT init
    runs = []
    for week in weeks:
        result = solve_week(week.spec, rulebook, catalogue, params)
        greedy = plan_greedy(week.spec, rulebook, catalogue)
        cheapest = plan_greedy(week.spec, rulebook, catalogue, cheapest=True)
        for res in (result, greedy, cheapest):
            if res.plan is not None:
                report = audit_week(week.spec, res.plan.sessions, rulebook, catalogue)
                if not report.ok:
                    raise AssertionError(f"{week.spec.athlete.id}: a plan fails the auditor: "
                                         f"{[f.rule_id for f in report.hard_findings]}")
        runs.append(WeekRun(
            week, result.status,
            round(result.objective * CENTI) if result.objective is not None else None,
            result.build_time, result.solve_time, greedy.status,
            round(greedy.objective * CENTI) if greedy.objective is not None else None,
            greedy.wall_time,
            round(cheapest.objective * CENTI) if cheapest.objective is not None else None,
        ))
    return runs


def report_weeks(table: Table, runs: list[WeekRun], pinned: str) -> None:
    n = len(runs)
    builds = [r.build for r in runs]
    solves = [r.solve for r in runs]
    totals = [r.build + r.solve for r in runs]
    table.section(f"one athlete-week, CP-SAT, 1 worker, {pinned}")
    table.add("build ms (median / p95 / max)", spread(builds, 1000), "", f"{n} weeks")
    table.add("solve ms (median / p95 / max)", spread(solves, 1000))
    med, p95 = statistics.median(totals) * 1000, percentile(totals, 0.95) * 1000
    table.add("build+solve ms (median / p95 / max)", spread(totals, 1000),
              "<= 10 / <= 30", f"{met(med <= 10)} / {met(p95 <= 30)}")
    by_status = {s: sum(r.status is s for r in runs) for s in Status}
    planned = by_status[Status.optimal] + by_status[Status.feasible]
    table.add("weeks proven optimal (of weeks with a plan)",
              f"{100 * by_status[Status.optimal] / planned:.1f} %" if planned else "-", "100 %",
              f"{by_status[Status.optimal]}/{planned}; {by_status[Status.infeasible]} weeks "
              f"proven infeasible, {by_status[Status.unknown]} unknown")
    if by_status[Status.feasible] or by_status[Status.unknown]:
        table.fail("some weeks were not proven within the time limit")


def report_baseline(table: Table, runs: list[WeekRun]) -> None:
    table.section("greedy template baseline vs CP-SAT, same weeks (penalty points)")
    both = [r for r in runs if r.status is Status.optimal and r.greedy_status is Status.feasible]
    cp_only = [r for r in runs if r.status.has_plan and r.greedy_status is not Status.feasible]
    greedy_only = [r for r in runs if r.greedy_status is Status.feasible
                   and not r.status.has_plan]
    legal = [r for r in runs if r.status.has_plan]
    worse = [r for r in both if r.penalty_cp > r.greedy_cp]
    better = [r for r in both if r.penalty_cp < r.greedy_cp]
    ratios = [r.greedy_cp / r.penalty_cp for r in both if r.penalty_cp > 0]
    table.add("mean penalty: baseline / CP-SAT",
              f"{statistics.mean(r.greedy_cp for r in both) / CENTI:.1f} / "
              f"{statistics.mean(r.penalty_cp for r in both) / CENTI:.1f}" if both else "-",
              "", f"{len(both)} weeks where both have a plan")
    table.add("mean penalty ratio baseline/CP-SAT",
              f"{statistics.mean(ratios):.2f}" if ratios else "-", "> 1",
              f"per week, {len(ratios)} weeks with CP-SAT penalty > 0")
    table.add("weeks CP-SAT strictly better", f"{len(better)}/{len(both)}", "most",
              met(len(better) * 2 > len(both)) if both else "")
    table.add("weeks CP-SAT penalty > baseline", f"{len(worse)}", "0", met(not worse))
    table.add("baseline finds no legal week, CP-SAT does",
              f"{100 * len(cp_only) / len(legal):.1f} %" if legal else "-", "",
              f"{len(cp_only)} of {len(legal)} weeks with a legal plan")
    table.add("baseline legal where CP-SAT is not", f"{len(greedy_only)}", "0",
              met(not greedy_only))
    aware = [r for r in both if r.cheapest_cp is not None]
    table.add("penalty-aware greedy (cheapest option per step): mean penalty",
              f"{statistics.mean(r.cheapest_cp for r in aware) / CENTI:.1f}" if aware else "-",
              "", f"CP-SAT strictly better on {sum(r.penalty_cp < r.cheapest_cp for r in aware)}"
                  f"/{len(aware)}, worse on {sum(r.penalty_cp > r.cheapest_cp for r in aware)}")
    if any(r.penalty_cp > r.cheapest_cp for r in aware):
        table.fail("CP-SAT above the penalty-aware greedy on some week")
    table.add("baseline ms per week (median / p95 / max)",
              spread([r.greedy_time for r in runs], 1000))
    if worse:
        table.fail(f"CP-SAT above the baseline on {[r.week.spec.athlete.id for r in worse]}")
    if greedy_only:
        table.fail(f"baseline legal, CP-SAT not: {[r.week.spec.athlete.id for r in greedy_only]}")


# ------------------------------------------------------------------------------ oracle

def report_oracle(table: Table, runs: list[WeekRun], rulebook, catalogue, sizes: Sizes) -> None:
    table.section(f"exact oracle (tests/support/oracle.py) vs CP-SAT, weeks with <= "
                  f"{sizes.oracle_windows} windows")
    try:
        sys.path.insert(0, str(HERE.parent / "tests" / "support"))
        from oracle import optimise
    except ImportError as error:
        table.add("oracle", "skipped", "", f"tests/support/oracle.py not importable ({error})")
        return
    small = [r for r in runs if r.week.windows <= sizes.oracle_windows][:sizes.oracle]
    agree, disagree, timed_out, seconds = 0, [], 0, []
    for run in small:
        started = time.perf_counter()
        try:
            with time_limit(ORACLE_SECONDS):
                best = optimise(run.week.spec, rulebook, catalogue)
        except TimeoutError:
            timed_out += 1
            continue
        seconds.append(time.perf_counter() - started)
        oracle_cp = None if best is None else best.penalty_cp
        solver_cp = run.penalty_cp if run.status is Status.optimal else None
        if run.status in (Status.optimal, Status.infeasible) and oracle_cp == solver_cp:
            agree += 1
        else:
            disagree.append(f"{run.week.spec.athlete.id}: oracle {oracle_cp}, "
                            f"CP-SAT {run.status.value} {solver_cp}")
    checked = agree + len(disagree)
    table.add("CP-SAT objective = oracle optimum", f"{agree}/{checked}", "all",
              met(not disagree) + (f"; {timed_out} oracle runs over {ORACLE_SECONDS} s"
                                   if timed_out else "") + (f"; {disagree[:3]}" if disagree
                                                            else ""))
    table.add("oracle s per week (median / p95 / max)", spread(seconds, 1, 2))
    if disagree:
        table.fail(f"oracle disagrees: {disagree[:3]}")


# ------------------------------------------------------------------------------ MiniZinc

def report_minizinc(table: Table, runs: list[WeekRun], rulebook, catalogue,
                    sizes: Sizes) -> None:
    table.section("second route: the same week in MiniZinc 2.6 + Gecode 6 (benchmarks/week.mzn)")
    import minizinc_route

    if not minizinc_route.available():
        table.add("MiniZinc/Gecode", "skipped", "",
                  "minizinc with Gecode not on PATH (Debian: apt-get install minizinc)")
        return
    chosen = [r for r in runs if minizinc_route.supports(r.week.spec, rulebook)][:sizes.minizinc]
    agree, disagree, timeouts = 0, [], 0
    wall_ratio, solver_ratio, walls, flats = [], [], [], []
    for run in chosen:
        got = minizinc_route.solve(run.week.spec, rulebook, catalogue, MINIZINC_SECONDS)
        if got.status == "timeout":
            timeouts += 1
            continue
        if got.status == "error":
            disagree.append(f"{run.week.spec.athlete.id}: {got.detail}")
            continue
        solver_cp = run.penalty_cp if run.status is Status.optimal else None
        same = (got.status == "optimal" and run.status is Status.optimal
                and got.penalty_cp == solver_cp) or (
            got.status == "infeasible" and run.status is Status.infeasible)
        if not same:
            disagree.append(f"{run.week.spec.athlete.id}: Gecode {got.status} {got.penalty_cp}, "
                            f"CP-SAT {run.status.value} {solver_cp}")
            continue
        agree += 1
        walls.append(got.wall_time)
        if got.flat_time is not None:
            flats.append(got.flat_time)
        wall_ratio.append(got.wall_time / (run.build + run.solve))
        if got.solve_time is not None and run.solve > 0:
            solver_ratio.append(got.solve_time / run.solve)
    checked = agree + len(disagree)
    table.add("Gecode optimum = CP-SAT optimum", f"{agree}/{checked}", "all",
              met(not disagree) + (f"; {timeouts} over {MINIZINC_SECONDS:g} s" if timeouts
                                   else "") + (f"; {disagree[:2]}" if disagree else ""))
    table.add("MiniZinc s per week (median / p95 / max)", spread(walls, 1, 2), "",
              f"flatten {statistics.median(flats):.2f} s median" if flats else "")
    table.add("time ratio MiniZinc/CP-SAT, whole call", spread(wall_ratio, 1, 0), "",
              "per week: minizinc wall (flatten + Gecode + I/O) / CP-SAT build+solve")
    table.add("time ratio Gecode/CP-SAT, search only", spread(solver_ratio, 1, 1), "",
              "per week: Gecode solveTime / CP-SAT solve time")
    if disagree:
        table.fail(f"MiniZinc disagrees: {disagree[:3]}")


# ------------------------------------------------------------------------------ blocks, batch

def report_blocks(table: Table, seed: int, sizes: Sizes, rulebook, catalogue, params) -> None:
    table.section(f"{BLOCK_WEEKS}-week block (solver.block.plan.plan_block), 1 worker")
    try:
        from solver.block.plan import plan_block
    except ImportError as error:
        table.add("block time", "skipped", "", f"solver/block/plan.py: {error}")
        return
    athletes = [block_athlete(a, BLOCK_WEEKS) for _, a in bench_athletes(seed, sizes.blocks)]
    seconds: list[float] = []
    statuses: dict[str, int] = {}
    with one_core():
        plan_block(athletes[0], rulebook, catalogue, params)  # warm-up
        for athlete in athletes:
            started = time.perf_counter()
            block = plan_block(athlete, rulebook, catalogue, params)
            seconds.append(time.perf_counter() - started)
            for status, n in block.status_counts().items():
                statuses[status] = statuses.get(status, 0) + n
    median = statistics.median(seconds)
    weeks = ", ".join(f"{n} {status}" for status, n in sorted(statuses.items()))
    table.add("block s (median / p95 / max)", spread(seconds, 1, 3), "median <= 0.25",
              f"{met(median <= 0.25)}; {len(athletes)} blocks, weeks: {weeks}")


def batch_child(seed: int, athletes: int, workers: int, time_limit: float, rules: str) -> None:
    """Run one batch in this (fresh) process and print its figures as JSON (see report_batch)."""
    from solver.batch.driver import run_batch

    squad = [block_athlete(a, BLOCK_WEEKS) for _, a in bench_athletes(seed, athletes)]
    with tempfile.TemporaryDirectory(prefix="weekplan-bench-") as folder:
        started = time.perf_counter()
        report = run_batch(squad, Path(folder) / "out", rulebook=load_rulebook(rules),
                           params=SolveParams(time_limit=time_limit), executor="local",
                           workers=workers, progress=False)
        wall = time.perf_counter() - started
    print(json.dumps({"athlete_weeks": report.athlete_weeks, "wall": wall,
                      "engine": report.engine, "counts": dict(report.counts)}))


def report_batch(table: Table, args, sizes: Sizes) -> None:
    """Each batch runs in a fresh child process, as `weekplan batch` would, so the memory
    measured is the batch's process tree and not this benchmark's own data."""
    table.section(f"batch (solver.batch.driver.run_batch), {BLOCK_WEEKS}-week blocks, local process "
                  "pool, each run in a fresh process")
    try:
        import psutil  # noqa: F401
        import solver.batch.driver  # noqa: F401
    except ImportError as error:
        table.add("batch", "skipped", "", f"{error} (pip install -e '.[bench]')")
        return
    rates: dict[int, float] = {}
    peaks: dict[int, TreeSampler] = {}
    cores: dict[int, float] = {}
    for workers, athletes in ((1, sizes.batch_one), (2, sizes.batch)):
        command = [sys.executable, str(Path(__file__).resolve()), "--batch-child",
                   str(athletes), str(workers), "--seed", str(args.seed), "--rules", args.rules,
                   "--time-limit", str(args.time_limit)]
        child = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
        with TreeSampler(child.pid) as memory:
            out, _ = child.communicate()
        if child.returncode != 0:
            table.add(f"batch, {workers} worker(s)", "failed", "", f"exit {child.returncode}")
            table.fail(f"the {workers}-worker batch failed")
            return
        got = json.loads(out.strip().splitlines()[-1])
        rates[workers] = got["athlete_weeks"] / got["wall"]
        peaks[workers] = memory
        statuses = ", ".join(f"{n} {s}" for s, n in sorted(got["counts"].items()))
        cores[workers] = memory.cpu_seconds / got["wall"]
        table.add(f"throughput, {workers} worker{'s' * (workers > 1)} (athlete-weeks/s)",
                  f"{rates[workers]:.1f}", "",
                  f"{athletes} athletes ({statuses}), {got['athlete_weeks']} athlete-weeks in "
                  f"{got['wall']:.1f} s ({got['engine']}); busy {cores[workers]:.2f} cores on "
                  f"average; peak PSS {memory.pss:.0f} MiB, RSS {memory.rss:.0f} MiB")
    ratio = rates[2] / rates[1]
    table.add("throughput ratio 2 workers / 1", f"{ratio:.2f}", ">= 1.8",
              f"{met(ratio >= 1.8)}; the runs kept {cores[1]:.2f} and {cores[2]:.2f} cores busy"
              + ("; the machine was shared, so the ratio understates" if cores[2] < 1.6 else "")
              + (f"; only {sizes.batch} athletes: the pool's ~1.5 s start-up and wind-down weigh "
                 "on the ratio, judge it on the full run" if sizes.batch < 500 else ""))
    eta = 10_000 / rates[2]
    table.add("10,000 athlete-weeks at the 2-worker rate (s)", f"{eta:.0f}", "<= 60",
              met(eta <= 60))
    peak = peaks[2]
    table.add(f"peak memory, {sizes.batch}-athlete batch, 2 workers (MiB)",
              f"{peak.pss:.0f}", "<= 500", f"{met(peak.pss <= 500)}; PSS summed over the "
              f"process tree (RSS sum, shared pages counted per process: {peak.rss:.0f})")


# ------------------------------------------------------------------------------ main

def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    import ortools

    return (f"{cpu}, {os.cpu_count()} CPUs, Python {platform.python_version()}, "
            f"OR-Tools {ortools.__version__}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a smoke run, well under 2 min")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--rules", default="default", help="rulebook preset or file")
    parser.add_argument("--time-limit", type=float, default=10.0,
                        help="CP-SAT time limit per week (the default of `weekplan solve`)")
    parser.add_argument("--batch-child", nargs=2, type=int, metavar=("ATHLETES", "WORKERS"),
                        help=argparse.SUPPRESS)  # internal: one batch in a fresh process
    args = parser.parse_args(argv)
    if args.batch_child:
        batch_child(args.seed, *args.batch_child, args.time_limit, args.rules)
        return 0
    sizes = QUICK if args.quick else FULL
    rulebook = load_rulebook(args.rules)
    catalogue = default_catalogue()
    params = SolveParams(time_limit=args.time_limit, workers=1)
    started = time.perf_counter()
    load_at_start = " ".join(f"{x:.1f}" for x in os.getloadavg())
    table = Table()

    weeks = bench_weeks(args.seed, sizes.weeks, rulebook, catalogue)
    with one_core() as pinned:
        runs = run_weeks(weeks, rulebook, catalogue, params)
        report_weeks(table, runs, pinned)
        report_oracle(table, runs, rulebook, catalogue, sizes)
        report_baseline(table, runs)
        report_minizinc(table, runs, rulebook, catalogue, sizes)
    report_blocks(table, args.seed, sizes, rulebook, catalogue, params)
    report_batch(table, args, sizes)

    print(f"weekplan benchmark {date.today().isoformat()}, {'quick' if args.quick else 'full'}"
          f", seed {args.seed}, rulebook {rulebook.name}, CP-SAT time limit "
          f"{args.time_limit:g} s/week")
    print(f"machine: {machine()}; load average {load_at_start} at start, "
          f"{' '.join(f'{x:.1f}' for x in os.getloadavg())} at end")
    table.print()
    print(f"total {time.perf_counter() - started:.0f} s")
    for failure in table.failures:
        print(f"FAILED: {failure}")
    return 1 if table.failures else 0


if __name__ == "__main__":
    sys.exit(main())
