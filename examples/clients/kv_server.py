#!/usr/bin/env python3
"""A tiny in-memory key-value server over HTTP, the example system under test for
examples/clients/register_client.py and register_client.sh (docs/client-protocol.md).

    python3 kv_server.py --host 127.0.0.1 --port 8642

GET  /kv/KEY              200 with the JSON value, 404 if the key has none
PUT  /kv/KEY   (JSON)     200: the key now holds the value
POST /cas/KEY  {"expected":E,"new":N}
                          200 if the key held E and now holds N; 409 if it did not (nothing changed)
Every request is atomic (one lock), so the server is linearizable. Python 3 stdlib only.
"""
import argparse
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

data = {}
lock = threading.Lock()


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive: one connection per client
    disable_nagle_algorithm = True  # headers and body go out in two writes: without this, 40 ms per request

    def reply(self, status, body=None):
        raw = b"" if body is None else json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(raw)))
        self.end_headers()
        self.wfile.write(raw)

    def body(self):
        return json.loads(self.rfile.read(int(self.headers.get("Content-Length", "0"))))

    def do_GET(self):
        if not self.path.startswith("/kv/"):
            return self.reply(404, {"error": "no such path"})
        key = self.path[4:]
        with lock:
            if key not in data:
                return self.reply(404, {"error": "no value"})
            return self.reply(200, data[key])

    def do_PUT(self):
        if not self.path.startswith("/kv/"):
            return self.reply(404, {"error": "no such path"})
        value = self.body()
        with lock:
            data[self.path[4:]] = value
        self.reply(200, value)

    def do_POST(self):
        if not self.path.startswith("/cas/"):
            return self.reply(404, {"error": "no such path"})
        req = self.body()
        key = self.path[5:]
        with lock:
            if key not in data or data[key] != req["expected"]:
                return self.reply(409, {"error": "cas-mismatch", "current": data.get(key)})
            data[key] = req["new"]
        self.reply(200, req["new"])

    def log_message(self, fmt, *args):
        pass  # quiet: one line per request would drown the node's log


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--host", default="127.0.0.1")
    ap.add_argument("--port", type=int, default=8642)
    args = ap.parse_args()
    server = ThreadingHTTPServer((args.host, args.port), Handler)
    server.daemon_threads = True
    print(f"kv_server listening on {args.host}:{args.port}", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
