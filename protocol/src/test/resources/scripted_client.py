#!/usr/bin/env python3
"""A protocol client whose misbehaviour the test chooses with the op's f (ProcessClientTest).

echo: ok with the op's value; novalue: ok without a value; fail / info: that type with an error;
init: ok with the init message it received; pid: ok with its pid; hang: never answers;
crash: exits 3; garbage: writes a non-JSON line; wrongid: answers with another id;
stray: answers, then writes an extra line; stderr: writes the value to stderr, then ok;
slow: answers after value ms. Env SCRIPTED_INIT=fail|garbage|hang|exit changes the handshake;
SCRIPTED_IGNORE_EOF=1 keeps running after stdin closes.
"""
import json
import os
import sys
import time


def send(obj):
    sys.stdout.write(json.dumps(obj) + "\n")
    sys.stdout.flush()


init = json.loads(sys.stdin.readline())
mode = os.environ.get("SCRIPTED_INIT", "")
if mode == "fail":
    send({"type": "init_failed", "error": "cannot reach " + init["address"]})
    sys.exit(0)
if mode == "garbage":
    print("hello there", flush=True)
    sys.exit(0)
if mode == "hang":
    time.sleep(3600)
if mode == "exit":
    sys.exit(7)
send({"type": "init_ok"})
for line in sys.stdin:
    op = json.loads(line)
    f, i = op["f"], op["id"]
    if f == "echo":
        send({"id": i, "type": "ok", "value": op["value"]})
    elif f == "novalue":
        send({"id": i, "type": "ok"})
    elif f in ("fail", "info"):
        send({"id": i, "type": f, "error": "because " + str(op["key"])})
    elif f == "init":
        send({"id": i, "type": "ok", "value": init})
    elif f == "pid":
        send({"id": i, "type": "ok", "value": os.getpid()})
    elif f == "hang":
        time.sleep(3600)
    elif f == "crash":
        sys.exit(3)
    elif f == "garbage":
        print("{not json", flush=True)
    elif f == "wrongid":
        send({"id": i + 100, "type": "ok"})
    elif f == "stray":
        send({"id": i, "type": "ok"})
        send({"id": i, "type": "ok", "value": "again"})
    elif f == "stderr":
        sys.stderr.write(str(op["value"]) + "\n")
        sys.stderr.flush()
        send({"id": i, "type": "ok"})
    elif f == "slow":
        time.sleep(op["value"] / 1000)
        send({"id": i, "type": "ok"})
    else:
        send({"id": i, "type": "fail", "error": "unknown f " + f})
if os.environ.get("SCRIPTED_IGNORE_EOF") == "1":
    time.sleep(3600)
