#!/usr/bin/env python3
"""Register-workload client for Redis under Sentinel, speaking Faultline's client protocol
(docs/client-protocol.md), with Debian's python3-redis (redis-py 4.3), the client most Python users
of Redis have. What a user of Sentinel does: ask the Sentinels (this worker's node first) which node
is the primary, then talk to that node.

  read  -> GET key                 (on the primary)
  write -> SET key value           (+ WAIT n timeout with --wait-replicas n)
  cas   -> EVAL: if GET == old then SET new (atomic on the server; Redis has no native CAS)

Outcomes: a connection that could not be opened sent nothing (fail); an error reply (READONLY from a
demoted primary, NOREPLICAS from min-replicas-to-write) is a definite refusal (fail); a timeout or a
dropped connection after sending is indeterminate: info for writes and cas, fail for reads. With
--wait-replicas n, a write that WAIT confirms on fewer than n replicas within the timeout did
happen on the primary but may not survive a failover: info.
"""
import argparse
import json
import sys

import redis
from redis.sentinel import Sentinel, MasterNotFoundError

CAS = """
local v = redis.call('GET', KEYS[1])
if v == ARGV[1] then redis.call('SET', KEYS[1], ARGV[2]); return 1 end
return 0
"""


def send(msg):
    sys.stdout.write(json.dumps(msg) + "\n")
    sys.stdout.flush()


def log(*a):
    print(*a, file=sys.stderr, flush=True)


class Primary:
    """The primary as the Sentinels name it, with one connection, re-asked after any error."""

    def __init__(self, sentinels, timeout):
        self.sentinel = Sentinel(sentinels, socket_timeout=min(timeout, 0.5), socket_connect_timeout=min(timeout, 0.5))
        self.timeout = timeout
        self.client = None
        self.address = None

    def connected(self):
        """A client whose connection is open; raises before anything was sent."""
        if self.client is None:
            self.address = self.sentinel.discover_master("mymaster")
            self.client = redis.Redis(host=self.address[0], port=self.address[1], socket_timeout=self.timeout,
                                      socket_connect_timeout=min(self.timeout, 1.0), retry_on_timeout=False,
                                      single_connection_client=True)
            self.client.connection.connect()  # ConnectionError/TimeoutError here: nothing sent
        return self.client

    def forget(self):
        if self.client is not None:
            try:
                self.client.close()
            except Exception:
                pass
        self.client = None


def indeterminate(op, reason):
    return {"type": "fail" if op["f"] == "read" else "info", "error": reason}


def perform(client, op):
    key, f, value = "reg:" + str(op["key"]), op["f"], op["value"]
    if f == "read":
        v = client.get(key)
        return {"type": "ok", "value": None if v is None else int(v)}
    if f == "write":
        client.set(key, str(value))
    elif f == "cas":
        if not isinstance(value, list) or len(value) != 2:
            return {"type": "fail", "error": "bad-request: cas needs [expected, new]"}
        if client.eval(CAS, 1, key, str(value[0]), str(value[1])) != 1:
            return {"type": "fail", "error": "cas-mismatch"}
    else:
        return {"type": "fail", "error": "bad-request: redis register client has no op '%s'" % f}
    if ARGS.wait_replicas > 0:
        acked = client.execute_command("WAIT", ARGS.wait_replicas, ARGS.wait_timeout_ms)
        if acked < ARGS.wait_replicas:
            return {"type": "info", "error": "wait: %d of %d replicas within %d ms" % (acked, ARGS.wait_replicas, ARGS.wait_timeout_ms)}
    return {"type": "ok"}


def invoke(op, primary):
    try:
        client = primary.connected()
    except MasterNotFoundError as e:
        return {"type": "fail", "error": "no-primary: %s" % e}
    except (redis.ConnectionError, redis.TimeoutError, OSError) as e:
        primary.forget()
        return {"type": "fail", "error": "connect: %s: %s" % (primary.address, e)}
    try:
        return perform(client, op)
    except redis.ResponseError as e:  # the server refused the command: READONLY, NOREPLICAS, ...
        primary.forget()
        return {"type": "fail", "error": "refused: %s: %s" % (primary.address, e)}
    except (redis.ConnectionError, redis.TimeoutError, OSError) as e:
        primary.forget()
        return indeterminate(op, "io: %s: %s: %s" % (primary.address, type(e).__name__, e))


def main():
    init = json.loads(sys.stdin.readline())
    if init.get("workload") != "register":
        send({"type": "init_failed", "error": "this client only does the register workload"})
        return
    nodes = [n["address"] for n in init["nodes"]]
    own = nodes.index(init["address"]) if init["address"] in nodes else 0
    sentinels = [(a, ARGS.sentinel_port) for a in nodes[own:] + nodes[:own]]
    primary = Primary(sentinels, ARGS.timeout_ms / 1000.0)
    send({"type": "init_ok"})
    for line in sys.stdin:  # until the harness closes stdin
        op = json.loads(line)
        reply = invoke(op, primary)
        if reply["type"] != "ok":
            log("op %s %s %s -> %s" % (op["id"], op["f"], op["key"], reply))
        reply["id"] = op["id"]
        send(reply)


def parse_args():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--wait-replicas", type=int, default=0, help="WAIT for this many replicas after each write")
    p.add_argument("--wait-timeout-ms", type=int, default=1000)
    p.add_argument("--timeout-ms", type=int, default=1500, help="per request")
    p.add_argument("--sentinel-port", type=int, default=26379)
    return p.parse_args()


if __name__ == "__main__":
    ARGS = parse_args()
    main()
