#!/usr/bin/env python3
"""A register client with typical mistakes (ConformanceCheckTest): a cas mismatch is info instead
of fail, a debug print goes to stdout, an unknown op gets a reply with the wrong id."""
import json
import sys

data = {}
json.loads(sys.stdin.readline())
print(json.dumps({"type": "init_ok"}), flush=True)
for line in sys.stdin:
    op = json.loads(line)
    f, k, v = op["f"], op["key"], op["value"]
    if f == "read":
        r = {"type": "ok", "value": data.get(k)}
    elif f == "write":
        data[k] = v
        r = {"type": "ok"}
    elif f == "cas":
        if data.get(k) == v[0]:
            data[k] = v[1]
            r = {"type": "ok"}
        else:
            print("debug: cas mismatch", flush=True)
            continue
    else:
        r = {"type": "fail", "error": "unknown"}
        op["id"] += 1
    r["id"] = op["id"]
    print(json.dumps(r), flush=True)
