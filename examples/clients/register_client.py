#!/usr/bin/env python3
"""A Faultline protocol client for the register workload against kv_server.py
(docs/client-protocol.md). Python 3 stdlib only. The server's port is --param kv.port (default 8642)."""
import http.client
import json
import sys


def send(msg):
    sys.stdout.write(json.dumps(msg) + "\n")
    sys.stdout.flush()


def main():
    init = json.loads(sys.stdin.readline())
    host, port = init["address"], int(init["params"].get("kv.port", "8642"))
    timeout = init["op_timeout_ms"] / 1000 * 0.8  # answer before the harness gives up on us
    conn = http.client.HTTPConnection(host, port, timeout=timeout)
    send({"type": "init_ok"})
    for line in sys.stdin:  # ends when the harness closes stdin
        op = json.loads(line)
        try:
            reply = perform(conn, op["f"], op["key"], op["value"])
        except ConnectionRefusedError as e:
            reply = {"type": "fail", "error": f"refused: {e}"}  # never reached the server
            conn.close()
        except Exception as e:  # sent, maybe applied: unknown
            reply = {"type": "fail" if op["f"] == "read" else "info", "error": f"{type(e).__name__}: {e}"}
            conn.close()
        reply["id"] = op["id"]
        send(reply)


def perform(conn, f, key, value):
    if f == "read":
        status, body = request(conn, "GET", f"/kv/{key}")
        if status == 404:
            return {"type": "ok", "value": None}
        return {"type": "ok", "value": body} if status == 200 else {"type": "fail", "error": f"http {status}"}
    if f == "write":
        status, body = request(conn, "PUT", f"/kv/{key}", value)
        return {"type": "ok"} if status == 200 else {"type": "info", "error": f"http {status}"}
    if f == "cas":
        status, body = request(conn, "POST", f"/cas/{key}", {"expected": value[0], "new": value[1]})
        if status == 200:
            return {"type": "ok"}
        if status == 409:
            return {"type": "fail", "error": "cas-mismatch"}
        return {"type": "info", "error": f"http {status}"}
    return {"type": "fail", "error": f"unknown f {f}"}


def request(conn, method, path, body=None):
    raw = None if body is None else json.dumps(body)
    conn.request(method, path, body=raw, headers={"Content-Type": "application/json"})
    resp = conn.getresponse()
    data = resp.read()
    return resp.status, json.loads(data) if data else None


if __name__ == "__main__":
    main()
