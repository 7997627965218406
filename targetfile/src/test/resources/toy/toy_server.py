#!/usr/bin/env python3
"""A tiny system under test for the fault tests of file-described targets (stdlib only).

Serves a key-value register over HTTP (GET/PUT /kv/KEY, POST /cas/KEY), kept in DATA_DIR/kv.json so a
kill loses nothing, and prints what faults would change, five times a second:
  now <wall-clock ms>                        (time.time(): libfaketime's clock, frozen while paused)
  peer <address> up|down                     (a TCP connect to each peer's port, 300 ms timeout)
"""
import argparse
import json
import os
import socket
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

LOCK = threading.Lock()


def load(path):
    try:
        with open(path) as f:
            return json.load(f)
    except FileNotFoundError:
        return {}


def store(path, data):
    tmp = path + ".tmp"
    with open(tmp, "w") as f:
        json.dump(data, f)
    os.replace(tmp, path)


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def answer(self, status, body=None):
        raw = b"" if body is None else json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Length", str(len(raw)))
        self.end_headers()
        self.wfile.write(raw)

    def body(self):
        n = int(self.headers.get("Content-Length") or 0)
        return json.loads(self.rfile.read(n)) if n else None

    def do_GET(self):
        key = self.path.rsplit("/", 1)[-1]
        with LOCK:
            data = load(ARGS.data)
        if key in data:
            self.answer(200, data[key])
        else:
            self.answer(404)

    def do_PUT(self):
        key, value = self.path.rsplit("/", 1)[-1], self.body()
        with LOCK:
            data = load(ARGS.data)
            data[key] = value
            store(ARGS.data, data)
        self.answer(200)

    def do_POST(self):
        key, req = self.path.rsplit("/", 1)[-1], self.body()
        with LOCK:
            data = load(ARGS.data)
            if data.get(key) != req["expected"]:
                self.answer(409)
                return
            data[key] = req["new"]
            store(ARGS.data, data)
        self.answer(200)


def ticker():
    # Not time.sleep: under libfaketime (as the harness Daemon sets it up) Python's time.sleep fails
    # with EINVAL (clock_nanosleep with an absolute deadline); a timed wait works.
    tick = threading.Event()
    while True:
        lines = ["now %d" % int(time.time() * 1000)]
        for peer in ARGS.peers:
            try:
                socket.create_connection((peer, ARGS.port), timeout=0.3).close()
                lines.append("peer %s up" % peer)
            except OSError:
                lines.append("peer %s down" % peer)
        print("\n".join(lines), flush=True)
        tick.wait(0.2)


if __name__ == "__main__":
    p = argparse.ArgumentParser()
    p.add_argument("--address", required=True)
    p.add_argument("--port", type=int, required=True)
    p.add_argument("--peers", default="")
    p.add_argument("--data", required=True)
    p.add_argument("--restarted", action="store_true")
    ARGS = p.parse_args()
    ARGS.peers = [x for x in ARGS.peers.split(",") if x]
    print("toy server %s on %s:%d" % ("restarted" if ARGS.restarted else "started", ARGS.address, ARGS.port), flush=True)
    threading.Thread(target=ticker, daemon=True).start()
    ThreadingHTTPServer((ARGS.address, ARGS.port), Handler).serve_forever()
