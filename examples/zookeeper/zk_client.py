#!/usr/bin/python3
"""ZooKeeper client for Faultline's register and lock workloads, speaking the client protocol
(docs/client-protocol.md) over Debian's python3-kazoo (the ZooKeeper client a Python user installs).

register: one znode per key, /faultline/register/<key>, holding the value as a decimal string.
  read  -> getData (plain: answered by the member the session is connected to, possibly stale;
           with --sync-reads true: sync(path) first, which makes the member catch up with the leader)
  write -> setData (create on first write)
  cas   -> getData, compare, then setData with the version read (versioned setData = compare-and-set)
lock: the lock recipe of ZooKeeper's documentation (ephemeral sequential znodes under
/faultline/locks/<key>), as a try-lock. (kazoo's Lock does the same steps, but retries forever
inside acquire while the connection is lost; each step here is bounded by the op timeout.)
  acquire -> create an ephemeral sequential child; if it is the lowest, ok with its sequence number
             as the token; otherwise delete it and fail (lock-held)
  renew   -> sync + exists of our lock znode owned by our session (ZooKeeper sessions renew themselves;
             this asks whether we still hold it)
  write   -> the fenced resource: one znode, /faultline/resource, holding a global sequence number
             and, per lock, the highest token accepted and the last value; a write reads it and sets
             it with the version read (seq + 1). With --fencing true the write is refused when its
             token is below the lock's highest. Check and set are one versioned setData, so the
             resource itself is linearizable, like the lock target's resource server.
  release -> delete our lock znode

Outcomes: nothing sent (not connected) is fail; a request sent without an answer is info for ops
that change something and fail for reads and renew. Logs go to stderr.
"""
import argparse
import json
import logging
import os
import sys
import threading

from kazoo.client import KazooClient
from kazoo.exceptions import BadVersionError, NoNodeError, NodeExistsError, ZookeeperError
from kazoo.handlers.threading import KazooTimeoutError
from kazoo.retry import KazooRetry

REGISTER = "/faultline/register/"
LOCKS = "/faultline/locks/"
RESOURCE = "/faultline/resource"


def send(msg):
    sys.stdout.write(json.dumps(msg) + "\n")
    sys.stdout.flush()


class NotConnected(Exception):
    pass


class ZkClient:
    def __init__(self, args, init):
        self.args = args
        nodes = [n["address"] for n in init["nodes"]]
        own = init["address"]
        hosts = [own] + ([a for a in nodes if a != own] if args.hosts == "all" else [])
        self.timeout = init.get("op_timeout_ms", 5000) / 1000.0 * 0.8
        self.zk = KazooClient(hosts=",".join("%s:%d" % (h, args.port) for h in hosts),
                              timeout=args.session_timeout_ms / 1000.0,
                              connection_retry=KazooRetry(max_tries=-1, delay=0.1, max_delay=0.5),
                              logger=logging.getLogger("kazoo"))
        self.locks = {}  # key -> (our lock znode's path, token)
        self.reconnected = threading.Event()  # never set: a timed wait that works under libfaketime too

    def start(self):
        # Not KazooClient.start(timeout): on a timeout it stops the client, which waits for a connect
        # attempt to a paused or cut-off member to time out; the harness's own deadline runs meanwhile.
        connected = self.zk.start_async()
        connected.wait(min(3.0, self.timeout))
        if not self.zk.connected:
            raise KazooTimeoutError("no session with %s within %.1f s" % (self.zk.hosts, min(3.0, self.timeout)))

    def call(self, async_result):
        """Waits for a request kazoo has sent; a timeout means it may still take effect."""
        return async_result.get(timeout=self.timeout)

    def connected(self):
        """Waits a while for a lost connection to come back (kazoo reconnects, with a new session if
        the old one expired), as an application would before giving up; nothing is sent before."""
        deadline = self.timeout / 2
        waited = 0.0
        while not self.zk.connected and waited < deadline:
            self.reconnected.wait(0.05)
            waited += 0.05
        if not self.zk.connected:
            raise NotConnected("not connected to %s" % self.zk.hosts)

    # register

    def read_value(self, path):
        if self.args.sync_reads:
            self.call(self.zk.sync_async(path))
        try:
            data, stat = self.call(self.zk.get_async(path))
        except NoNodeError:
            return None, None
        return int(data.decode()), stat

    def register(self, f, key, value):
        path = REGISTER + str(key)
        if f == "read":
            return {"type": "ok", "value": self.read_value(path)[0]}
        if f == "write":
            data = str(value).encode()
            try:
                self.call(self.zk.set_async(path, data))
            except NoNodeError:
                try:
                    self.call(self.zk.create_async(path, data, makepath=True))
                except NodeExistsError:
                    self.call(self.zk.set_async(path, data))
            return {"type": "ok"}
        if f == "cas":
            current, stat = self.read_value(path)
            if current != value[0]:
                return {"type": "fail", "error": "cas-mismatch: %s" % current}
            try:
                self.call(self.zk.set_async(path, str(value[1]).encode(), version=stat.version))
            except BadVersionError:
                return {"type": "fail", "error": "cas-mismatch: version %d changed" % stat.version}
            return {"type": "ok"}
        return {"type": "fail", "error": "register has no op '%s'" % f}

    # lock

    def lock(self, f, key, value):
        if f == "acquire":
            # The recipe of ZooKeeper's documentation (and kazoo's Lock), as a try-lock with bounded waits:
            # an ephemeral sequential child; the lowest child holds the lock.
            parent = LOCKS + key
            path = self.call(self.zk.create_async(parent + "/lock-", ephemeral=True, sequence=True, makepath=True))
            children = self.call(self.zk.get_children_async(parent))
            ours = path.rsplit("/", 1)[1]
            if min(children, key=lambda c: int(c[-10:])) != ours:
                self.call(self.zk.delete_async(path))
                return {"type": "fail", "error": "lock-held"}
            token = int(ours[-10:])  # the sequence number ZooKeeper gave our znode
            self.locks[key] = (path, token)
            return {"type": "ok", "value": token}
        if f == "renew":
            held = self.locks.get(key)
            if held is None or held[1] != value:
                return {"type": "fail", "error": "not-holder"}
            self.call(self.zk.sync_async(LOCKS + key))
            stat = self.call(self.zk.exists_async(held[0]))
            if stat is None or stat.ephemeralOwner != self.zk.client_id[0]:
                return {"type": "fail", "error": "not-holder: the lock znode is gone"}
            return {"type": "ok", "value": value}
        if f == "release":
            held = self.locks.pop(key, None)
            if held is None or held[1] != value:
                return {"type": "fail", "error": "not-holder"}
            try:
                self.call(self.zk.delete_async(held[0]))
            except NoNodeError:
                pass  # our session expired and took the znode with it
            return {"type": "ok", "value": value}
        if f == "write":
            return self.resource_write(key, value["token"], value["value"])
        return {"type": "fail", "error": "lock has no op '%s'" % f}

    def resource_write(self, key, token, value):
        """One versioned setData of the resource znode: the check and the write are atomic."""
        for _ in range(20):
            try:
                data, stat = self.call(self.zk.get_async(RESOURCE))
            except NoNodeError:
                try:
                    self.call(self.zk.create_async(RESOURCE, b'{"seq": 0, "tokens": {}, "values": {}}', makepath=True))
                except NodeExistsError:
                    pass
                continue
            state = json.loads(data.decode())
            highest = state["tokens"].get(key, -1)
            if self.args.fencing and token < highest:
                return {"type": "fail", "error": "stale-token: %d < %d" % (token, highest)}
            state["seq"] += 1
            state["tokens"][key] = max(token, highest)
            state["values"][key] = value
            try:
                self.call(self.zk.set_async(RESOURCE, json.dumps(state).encode(), version=stat.version))
            except BadVersionError:
                continue  # another write came between: nothing of ours was applied; read again
            return {"type": "ok", "value": {"token": token, "value": value, "seq": state["seq"]}}
        return {"type": "fail", "error": "contention: 20 versioned writes lost their race"}

    def invoke(self, op):
        f, key, value = op["f"], op["key"], op["value"]
        changes = f not in ("read", "renew")
        try:
            self.connected()
            if self.args.workload == "register":
                return self.register(f, key, value)
            return self.lock(f, key, value)
        except NotConnected as e:
            return {"type": "fail", "error": "not-connected: %s" % e}
        except KazooTimeoutError:
            return {"type": "info" if changes else "fail", "error": "timeout: no answer in %.1f s" % self.timeout}
        except ZookeeperError as e:
            return {"type": "info" if changes else "fail", "error": "%s: %s" % (type(e).__name__, e)}
        except Exception as e:  # connection closed under the request, etc.: it may have been applied
            return {"type": "info" if changes else "fail", "error": "%s: %s" % (type(e).__name__, e)}


def main(args):
    logging.basicConfig(stream=sys.stderr, level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    init = json.loads(sys.stdin.readline())
    args.workload = init.get("workload")
    if args.workload not in ("register", "lock"):
        send({"type": "init_failed", "error": "this client does the register and lock workloads"})
        return
    client = ZkClient(args, init)
    try:
        client.start()
    except Exception as e:
        send({"type": "init_failed", "error": "connect: %s: %s" % (type(e).__name__, e)})
        os._exit(0)  # without waiting for kazoo's connect attempts
    send({"type": "init_ok"})
    try:
        for line in sys.stdin:  # until the harness closes stdin
            op = json.loads(line)
            reply = client.invoke(op)
            reply["id"] = op["id"]
            send(reply)
    finally:
        # Close the session (its ephemeral lock znodes go at once); do not hang on a dead connection.
        closer = threading.Thread(target=client.zk.stop, daemon=True)
        closer.start()
        closer.join(0.5)


def parse_args():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--port", type=int, default=2181)
    p.add_argument("--hosts", choices=["own", "all"], default="own")
    p.add_argument("--sync-reads", default="true")
    p.add_argument("--fencing", default="true")
    p.add_argument("--session-timeout-ms", type=int, default=3000)
    a = p.parse_args()
    a.sync_reads = a.sync_reads.strip().lower() == "true"
    a.fencing = a.fencing.strip().lower() == "true"
    return a


if __name__ == "__main__":
    main(parse_args())
