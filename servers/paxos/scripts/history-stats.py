#!/usr/bin/env python3
"""Throughput and latency of a Faultline run, from its history.jsonl:
   servers/paxos/scripts/history-stats.py RUN_DIR [RUN_DIR...]
Prints, per run: ok/fail/info counts, ok ops per second over the span from the first to the last
invoke (a slow last answer does not stretch it), ok ops per second in seconds 10-20 after the first
invoke (past the JVMs' warm-up, before the final reads), and p50/p99 latency of ok ops (invoke to
completion). Nemesis ops are ignored."""
import json
import sys
from pathlib import Path


def stats(run):
    pending, lat, counts, first, last = {}, [], {"ok": 0, "fail": 0, "info": 0}, None, None
    ok_times = []
    for line in (Path(run) / "history.jsonl").read_text().splitlines():
        op = json.loads(line)
        if op.get("process") == "nemesis" or not isinstance(op.get("process"), int):
            continue
        t = op["time"]
        if op["type"] == "invoke":
            pending[op["process"]] = t
            first = t if first is None else first
            last = t
            continue
        start = pending.pop(op["process"], None)
        counts[op["type"]] = counts.get(op["type"], 0) + 1
        if op["type"] == "ok" and start is not None:
            lat.append((t - start) / 1e6)
            ok_times.append(t)
    lat.sort()
    pct = lambda q: lat[min(len(lat) - 1, int(q * len(lat)))] if lat else float("nan")
    span = (last - first) / 1e9 if first is not None and last is not None else float("nan")
    steady = sum(1 for t in ok_times if first + 10e9 <= t < first + 20e9) / 10 if first is not None else float("nan")
    print(f"{run}: ok {counts['ok']} fail {counts['fail']} info {counts['info']}; "
          f"{counts['ok'] / span:.1f} ok ops/s over {span:.1f} s, {steady:.1f} in s 10-20; "
          f"p50 {pct(0.5):.1f} ms, p99 {pct(0.99):.1f} ms")


for r in sys.argv[1:]:
    stats(r)
