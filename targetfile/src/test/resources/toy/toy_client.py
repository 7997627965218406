#!/usr/bin/env python3
"""Register client for toy_server.py speaking the client protocol; talks to the server given as HOST:PORT."""
import http.client
import json
import sys


def send(msg):
    sys.stdout.write(json.dumps(msg) + "\n")
    sys.stdout.flush()


def main():
    host, port = sys.argv[1].rsplit(":", 1)
    json.loads(sys.stdin.readline())
    send({"type": "init_ok"})
    for line in sys.stdin:
        op = json.loads(line)
        conn = http.client.HTTPConnection(host, int(port), timeout=1.0)
        try:
            reply = perform(conn, op["f"], op["key"], op["value"])
        except ConnectionRefusedError as e:
            reply = {"type": "fail", "error": "refused: %s" % e}
        except Exception as e:
            reply = {"type": "fail" if op["f"] == "read" else "info", "error": "%s: %s" % (type(e).__name__, e)}
        finally:
            conn.close()
        reply["id"] = op["id"]
        send(reply)


def perform(conn, f, key, value):
    if f == "read":
        status, body = request(conn, "GET", "/kv/" + key)
        return {"type": "ok", "value": body if status == 200 else None}
    if f == "write":
        request(conn, "PUT", "/kv/" + key, value)
        return {"type": "ok"}
    status, _ = request(conn, "POST", "/cas/" + key, {"expected": value[0], "new": value[1]})
    return {"type": "ok"} if status == 200 else {"type": "fail", "error": "cas-mismatch"}


def request(conn, method, path, body=None):
    conn.request(method, path, body=None if body is None else json.dumps(body))
    resp = conn.getresponse()
    data = resp.read()
    if resp.status not in (200, 404, 409):
        raise IOError("http %d" % resp.status)
    return resp.status, json.loads(data) if data else None


if __name__ == "__main__":
    main()
