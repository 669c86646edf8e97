"""The memory of a process tree, sampled: what a batch really costs in RAM.

Used by benchmarks/run.py, growth.py and dask_vs_pool.py; needs psutil (``pip install -e
'.[bench]'``).
"""

from __future__ import annotations

import threading


class TreeSampler:
    """Peak summed RSS and PSS (MiB) of one process and its descendants, sampled in a thread.

    PSS (proportional set size) shares each shared page among the processes that map it, so
    its sum is the tree's real footprint; the RSS sum counts shared pages (Python, OR-Tools)
    once per process and is an upper bound. RSS and CPU times are read every ``interval``;
    PSS, which means parsing /proc/PID/smaps_rollup (~1.7 ms a process here), only every
    ``pss_every``-th sample, so that the sampler does not take a worker's CPU away (reading
    it every 0.1 s cost ~7 % of a core, ~3 % of the 2-worker throughput). A batch's memory
    grows and shrinks over seconds, so a 0.5 s PSS sample still sees its peak.
    """

    def __init__(self, pid: int, interval: float = 0.1, pss_every: int = 5):
        import psutil

        self.root, self.interval, self.pss_every = psutil.Process(pid), interval, pss_every
        self.rss = self.pss = 0.0
        self._cpu: dict[int, float] = {}  # pid -> user + system seconds, last seen
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        sample = 0
        while not self._stop.is_set():
            rss = pss = 0
            with_pss = sample % self.pss_every == 0
            sample += 1
            try:
                members = [self.root, *self.root.children(recursive=True)]
            except Exception:  # the root has just ended
                members = []
            for process in members:
                try:
                    info = process.memory_full_info() if with_pss else process.memory_info()
                    rss += info.rss
                    pss += getattr(info, "pss", info.rss)
                    times = process.cpu_times()
                    self._cpu[process.pid] = times.user + times.system
                except Exception:  # a worker that just ended
                    pass
            self.rss = max(self.rss, rss / 2**20)
            if with_pss:
                self.pss = max(self.pss, pss / 2**20)
            self._stop.wait(self.interval)

    @property
    def root_cpu_seconds(self) -> float:
        """CPU time of the root process alone (a batch's parent: reading, writing, driving)."""
        return self._cpu.get(self.root.pid, 0.0)

    @property
    def cpu_seconds(self) -> float:
        """CPU time of the tree (each process as last sampled: a little is missed at exits)."""
        return sum(self._cpu.values())

    def __enter__(self) -> "TreeSampler":
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()
