#!/usr/bin/env python3
"""Register-workload client for etcd 3.4 speaking Faultline's client protocol (docs/client-protocol.md).
Python 3 standard library only. The same semantics as the built-in etcd target's Java client
(targets/.../etcd/EtcdClient.java), over etcd's v3 JSON gateway:

  read  -> POST /v3/kv/range {key}            (+ "serializable": true with --serializable true)
  write -> POST /v3/kv/put   {key, value}
  cas   -> POST /v3/kv/txn   compare VALUE == old, then put new

Keys and values are base64; values are decimal strings read back as integers. Outcomes: 2xx is ok
(a txn whose compare failed is fail: cas-mismatch); a refused connection sent nothing, so the op
goes to the next member, and fails only when every member refuses; a connect timeout is fail; gRPC
codes raised before anything is proposed are fail; timeouts, dropped connections and every other
error are indeterminate: info for writes, fail for reads (a read changes nothing).
"""
import argparse
import base64
import http.client
import json
import socket
import sys

# InvalidArgument, PermissionDenied, ResourceExhausted, Unimplemented, Unauthenticated: refused before proposing.
DEFINITE_GRPC_CODES = {3, 7, 8, 12, 16}


class Refused(Exception):
    pass


class ConnectTimeout(Exception):
    pass


def b64(s):
    return base64.b64encode(s.encode()).decode()


def unb64(s):
    return base64.b64decode(s).decode()


def send(msg):
    sys.stdout.write(json.dumps(msg) + "\n")
    sys.stdout.flush()


def post(address, port, path, body, timeout):
    """One request on a fresh connection: (status, text). Raises Refused, ConnectTimeout, or OSError after sending."""
    conn = http.client.HTTPConnection(address, port, timeout=min(1.0, timeout))
    try:
        try:
            conn.connect()
        except ConnectionRefusedError as e:
            raise Refused(str(e))
        except socket.timeout as e:
            raise ConnectTimeout(str(e))
        conn.sock.settimeout(timeout)
        conn.request("POST", path, body=json.dumps(body), headers={"Content-Type": "application/json"})
        resp = conn.getresponse()
        return resp.status, resp.read().decode()
    finally:
        conn.close()


def request(op):
    key = b64(str(op["key"]))
    f, value = op["f"], op["value"]
    if f == "read":
        body = {"key": key}
        if ARGS.serializable:
            body["serializable"] = True
        return "/v3/kv/range", body
    if f == "write":
        return "/v3/kv/put", {"key": key, "value": b64(str(value))}
    if f == "cas":
        if not isinstance(value, list) or len(value) != 2:
            return None, "bad-request: cas needs [expected, new]"
        return "/v3/kv/txn", {
            "compare": [{"key": key, "target": "VALUE", "result": "EQUAL", "value": b64(str(value[0]))}],
            "success": [{"request_put": {"key": key, "value": b64(str(value[1]))}}]}
    return None, "bad-request: etcd register client has no op '%s'" % f


def indeterminate(op, reason):
    return {"type": "fail" if op["f"] == "read" else "info", "error": reason}


def complete(op, status, text):
    try:
        js = json.loads(text) if text.strip() else None
    except ValueError:
        return indeterminate(op, "bad-response: HTTP %d with a body that is not JSON" % status)
    if status // 100 == 2:
        if js is None:
            return indeterminate(op, "bad-response: HTTP %d without a body" % status)
        if op["f"] == "read":
            kvs = js.get("kvs") or []
            if not kvs:
                return {"type": "ok", "value": None}
            raw = unb64(kvs[0].get("value", ""))
            try:
                return {"type": "ok", "value": int(raw)}
            except ValueError:
                return {"type": "ok", "value": raw}  # not written by this workload; the checker will say so
        if op["f"] == "cas":
            # proto3 JSON leaves out false: a txn whose compare failed has no "succeeded"
            return {"type": "ok"} if js.get("succeeded") else {"type": "fail", "error": "cas-mismatch"}
        return {"type": "ok"}
    error = "" if js is None else str(js.get("error", js.get("message", "")))
    code = -1 if js is None else js.get("code", -1)
    reason = "http-%d%s%s" % (status, " grpc-%d" % code if code >= 0 else "", ": " + error if error else "")
    definite = code in DEFINITE_GRPC_CODES or (code < 0 and status // 100 == 4 and status != 408)
    return {"type": "fail", "error": reason} if definite else indeterminate(op, reason)


def invoke(op, endpoints, timeout):
    path, body = request(op)
    if path is None:
        return {"type": "fail", "error": body}
    refused = []
    for address in endpoints:
        try:
            status, text = post(address, ARGS.port, path, body, timeout)
        except Refused:
            refused.append(address)  # nothing was sent: try the next member
            continue
        except ConnectTimeout as e:
            return {"type": "fail", "error": "connect: %s: %s" % (address, e)}
        except socket.timeout:
            return indeterminate(op, "timeout: no answer from %s within %d ms" % (address, ARGS.timeout_ms))
        except (OSError, http.client.HTTPException) as e:
            return indeterminate(op, "io: %s: %s: %s" % (address, type(e).__name__, e))
        return complete(op, status, text)
    return {"type": "fail", "error": "connect: connection refused by every member (%s)" % ", ".join(refused)}


def main():
    init = json.loads(sys.stdin.readline())
    if init.get("workload") != "register":
        send({"type": "init_failed", "error": "this client only does the register workload"})
        return
    # This client's member first, then the others in cluster order after it.
    nodes = [n["address"] for n in init["nodes"]]
    own = nodes.index(init["address"]) if init["address"] in nodes else 0
    endpoints = nodes[own:] + nodes[:own]
    timeout = ARGS.timeout_ms / 1000.0
    send({"type": "init_ok"})
    for line in sys.stdin:  # until the harness closes stdin
        op = json.loads(line)
        reply = invoke(op, endpoints, timeout)
        reply["id"] = op["id"]
        send(reply)


def parse_args():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--serializable", default="false", help="true: serializable reads (may be stale)")
    p.add_argument("--timeout-ms", type=int, default=2000, help="per request")
    p.add_argument("--port", type=int, default=2379, help="etcd's client port")
    a = p.parse_args()
    a.serializable = a.serializable.strip().lower() == "true"
    return a


if __name__ == "__main__":
    ARGS = parse_args()
    main()
