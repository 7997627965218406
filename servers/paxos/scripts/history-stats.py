#!/usr/bin/env python3
"""Throughput and latency of a Faultline run, from its history.jsonl:
   servers/paxos/scripts/history-stats.py RUN_DIR [RUN_DIR...]
Prints, per run: ok/fail/info counts, ok ops per second over the span from first invoke to last
completion, and p50/p99 latency of ok ops (invoke to completion). Nemesis ops are ignored."""
import json
import sys
from pathlib import Path


def stats(run):
    pending, lat, counts, first, last = {}, [], {"ok": 0, "fail": 0, "info": 0}, None, None
    for line in (Path(run) / "history.jsonl").read_text().splitlines():
        op = json.loads(line)
        if op.get("process") == "nemesis" or not isinstance(op.get("process"), int):
            continue
        t = op["time"]
        if op["type"] == "invoke":
            pending[op["process"]] = t
            first = t if first is None else first
            continue
        start = pending.pop(op["process"], None)
        counts[op["type"]] = counts.get(op["type"], 0) + 1
        last = t
        if op["type"] == "ok" and start is not None:
            lat.append((t - start) / 1e6)
    lat.sort()
    pct = lambda q: lat[min(len(lat) - 1, int(q * len(lat)))] if lat else float("nan")
    span = (last - first) / 1e9 if first is not None and last is not None else float("nan")
    print(f"{run}: ok {counts['ok']} fail {counts['fail']} info {counts['info']}; "
          f"{counts['ok'] / span:.1f} ok ops/s over {span:.1f} s; p50 {pct(0.5):.1f} ms, p99 {pct(0.99):.1f} ms")


for r in sys.argv[1:]:
    stats(r)
