#!/usr/bin/env python3
"""Lock-workload client for Redis speaking Faultline's client protocol (docs/client-protocol.md), with
Debian's python3-redis (redis-py 4.3). Two lock algorithms from Redis' documentation
(https://redis.io/docs/manual/patterns/distributed-locks/), over independent redis-server instances:

  --mode single   the lock is one key on the first node: SET lock owner NX PX ttl (owner: a random id)
  --mode redlock  Redlock: the same SET on every node in turn (short per-instance timeout); the lock
                  is held if a majority said OK and the time spent is below ttl - drift (ttl/100 + 2 ms);
                  otherwise it is released everywhere and the acquire fails

Redis' locks have no fencing token of their own. The token here is INCR of a counter on the first
node, taken once the SETs succeeded (and counted in the time spent): unique, and increasing in the
order the lock was granted as long as the lock excludes (taken before the SETs, two racing acquires
could be granted in the opposite order of their tokens and look like a stale write). The protected
resource (the `write` op) is a Redis hash on the first node, changed by a Lua script (atomic on that
server): with --fencing true it refuses a token lower than the highest it accepted (what Redis' and
Kleppmann's texts ask of the resource), with --fencing false it accepts every write. Every accepted
write gets the next number of the resource's one sequence (over all locks).

  renew   -> on every instance: if GET lock == owner then PEXPIRE lock ttl (ok with a majority)
  release -> on every instance: if GET lock == owner then DEL lock

Outcomes: an error reply or a refusal is fail; a timeout or dropped connection after sending is
info (fail for a lock attempt that did not reach a majority: it is released and nobody holds it).
"""
import argparse
import itertools
import json
import random
import sys
import time

import redis

ACQUIRE = "return redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) and 1 or 0"
RENEW = "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end return 0"
RELEASE = "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0"
WRITE = """
local hi = tonumber(redis.call('HGET', KEYS[1], 'token') or '-1')
local t = tonumber(ARGV[1])
if ARGV[3] == 'true' and t < hi then return {0, hi} end
if t > hi then redis.call('HSET', KEYS[1], 'token', ARGV[1]) end
redis.call('HSET', KEYS[1], 'value', ARGV[2])
return {redis.call('INCR', KEYS[2]), hi}
"""


def send(msg):
    sys.stdout.write(json.dumps(msg) + "\n")
    sys.stdout.flush()


def log(*a):
    print(*a, file=sys.stderr, flush=True)


class Unknown(Exception):
    """Sent, but no answer: the effect is unknown."""


def connect(address, timeout):
    return redis.Redis(host=address, port=ARGS.port, socket_timeout=timeout, socket_connect_timeout=timeout,
                       retry_on_timeout=False, single_connection_client=True)


def call(r, *args):
    """One command; a refused connection raises ConnectionRefusedError (nothing sent), no answer raises Unknown."""
    try:
        r.connection.connect()
    except (redis.ConnectionError, redis.TimeoutError) as e:
        raise ConnectionRefusedError(str(e))
    try:
        return r.execute_command(*args)
    except (redis.ConnectionError, redis.TimeoutError, OSError) as e:
        r.connection.disconnect()
        raise Unknown("%s: %s" % (type(e).__name__, e))


class Locks:
    def __init__(self, addresses, timeout):
        self.instances = [connect(a, min(timeout, ARGS.instance_timeout_ms / 1000.0)) for a in addresses]
        self.names = addresses
        self.resource = connect(addresses[0], timeout)
        self.quorum = len(self.instances) // 2 + 1
        self.ttl = {}
        self.owner = {}  # (key, token) -> the random value this process SET for that hold

    def each(self, script, key, *args):
        """The script on every instance: (answers, errors)."""
        answers, errors = [], []
        for name, r in zip(self.names, self.instances):
            try:
                answers.append(call(r, "EVAL", script, 1, "lock:" + key, *args))
            except redis.ResponseError as e:
                errors.append("%s: refused: %s" % (name, e))
            except (ConnectionRefusedError, Unknown) as e:
                errors.append("%s: %s" % (name, e))
        return answers, errors

    def acquire(self, key, ttl):
        # The lock's value is a random id; the fencing token is taken only once the lock is held, so
        # tokens increase in the order the lock was granted (taken before the SETs, two acquires
        # racing could be granted in the other order than their tokens: a stale write with no fault).
        owner = "%s-%d" % (ARGS.client_id, next(OWNER_IDS))
        start = time.monotonic()
        answers, errors = self.each(ACQUIRE, key, owner, ttl)
        if answers.count(1) >= self.quorum:
            try:
                token = call(self.resource, "INCR", "token:" + key)
            except (ConnectionRefusedError, Unknown):
                self.each(RELEASE, key, owner)
                raise
            elapsed_ms = (time.monotonic() - start) * 1000
            if ttl - elapsed_ms - (ttl * 0.01 + 2) > 0:
                self.ttl[key] = ttl
                self.owner[(key, token)] = owner
                return {"type": "ok", "value": token}
        elapsed_ms = (time.monotonic() - start) * 1000
        self.each(RELEASE, key, owner)
        why = "held elsewhere" if not errors else "; ".join(errors)
        return {"type": "fail", "error": "not-acquired: %d of %d instances (need %d), %.0f ms: %s"
                % (answers.count(1), len(self.instances), self.quorum, elapsed_ms, why)}

    def renew(self, key, token):
        start = time.monotonic()
        ttl = self.ttl.get(key, ARGS.default_ttl_ms)
        answers, errors = self.each(RENEW, key, self.owner.get((key, token), "unknown"), ttl)
        elapsed_ms = (time.monotonic() - start) * 1000
        if answers.count(1) >= self.quorum and elapsed_ms < ttl - (ttl * 0.01 + 2):
            return {"type": "ok", "value": token}
        if errors:
            return {"type": "info", "error": "renew: %d of %d: %s" % (answers.count(1), len(self.instances), "; ".join(errors))}
        return {"type": "fail", "error": "not-holder: %d of %d instances" % (answers.count(1), len(self.instances))}

    def release(self, key, token):
        answers, errors = self.each(RELEASE, key, self.owner.pop((key, token), "unknown"))
        if answers.count(1) > 0:
            return {"type": "ok", "value": token}
        if errors:
            return {"type": "info", "error": "release: " + "; ".join(errors)}
        return {"type": "fail", "error": "not-held"}

    def write(self, key, value):
        token, text = value["token"], value["value"]
        seq, highest = call(self.resource, "EVAL", WRITE, 2, "resource:" + key, "resource-seq", token, text,
                            "true" if ARGS.fencing else "false")
        if seq == 0:
            return {"type": "fail", "error": "stale-token: %d < %d" % (token, highest)}
        return {"type": "ok", "value": {"token": token, "value": text, "seq": seq}}


def invoke(locks, op):
    f, key, value = op["f"], op["key"], op["value"]
    try:
        if f == "acquire":
            return locks.acquire(key, int(value))
        if f == "renew":
            return locks.renew(key, int(value))
        if f == "release":
            return locks.release(key, int(value))
        if f == "write":
            return locks.write(key, value)
        return {"type": "fail", "error": "bad-request: redis lock client has no op '%s'" % f}
    except ConnectionRefusedError as e:
        return {"type": "fail", "error": "connect: %s" % e}
    except redis.ResponseError as e:
        return {"type": "fail", "error": "refused: %s" % e}
    except Unknown as e:
        return {"type": "info", "error": "io: %s" % e}


def main():
    init = json.loads(sys.stdin.readline())
    if init.get("workload") != "lock":
        send({"type": "init_failed", "error": "this client only does the lock workload"})
        return
    nodes = [n["address"] for n in init["nodes"]]
    addresses = nodes[:1] if ARGS.mode == "single" else nodes
    locks = Locks(addresses, ARGS.timeout_ms / 1000.0)
    send({"type": "init_ok"})
    for line in sys.stdin:  # until the harness closes stdin
        op = json.loads(line)
        reply = invoke(locks, op)
        if reply["type"] == "info":
            log("op %s %s %s -> %s" % (op["id"], op["f"], op["key"], reply))
        reply["id"] = op["id"]
        send(reply)


def parse_args():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--mode", choices=["single", "redlock"], default="single")
    p.add_argument("--fencing", default="false", help="true: the resource refuses stale tokens")
    p.add_argument("--timeout-ms", type=int, default=1500, help="per request to the resource")
    p.add_argument("--instance-timeout-ms", type=int, default=200, help="per lock instance (Redlock's short timeout)")
    p.add_argument("--default-ttl-ms", type=int, default=2000, help="renew's TTL when this process did not acquire")
    p.add_argument("--port", type=int, default=6379)
    a = p.parse_args()
    a.fencing = a.fencing.strip().lower() == "true"
    return a


OWNER_IDS = itertools.count(1)

if __name__ == "__main__":
    ARGS = parse_args()
    ARGS.client_id = "%016x" % random.SystemRandom().getrandbits(64)
    main()
