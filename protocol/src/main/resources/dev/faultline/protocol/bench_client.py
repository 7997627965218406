#!/usr/bin/env python3
"""The protocol client of `faultline bench protocol`: registers in its own memory (params
bench.target=memory) or on the benchmark's TCP line server (bench.target=tcp, bench.port)."""
import json
import socket
import sys

stdin, stdout = sys.stdin, sys.stdout
init = json.loads(stdin.readline())
tcp = init["params"].get("bench.target") == "tcp"
data = {}
if tcp:
    sock = socket.create_connection((init["address"], int(init["params"]["bench.port"])))
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    rf = sock.makefile("rb")
stdout.write('{"type":"init_ok"}\n')
stdout.flush()
dumps, loads = json.dumps, json.loads
for line in stdin:
    op = loads(line)
    f, k, v, i = op["f"], op["key"], op["value"], op["id"]
    if tcp:
        if f == "read":
            sock.sendall(b"GET %s\n" % k.encode())
        elif f == "write":
            sock.sendall(b"SET %s %d\n" % (k.encode(), v))
        else:
            sock.sendall(b"CAS %s %d %d\n" % (k.encode(), v[0], v[1]))
        ans = rf.readline().split()
        if ans[0] == b"FAIL":
            out = '{"id":%d,"type":"fail","error":"cas-mismatch"}\n' % i
        elif f == "read":
            out = '{"id":%d,"type":"ok","value":%s}\n' % (i, ans[1].decode() if len(ans) > 1 else "null")
        else:
            out = '{"id":%d,"type":"ok"}\n' % i
    elif f == "read":
        out = '{"id":%d,"type":"ok","value":%s}\n' % (i, dumps(data.get(k)))
    elif f == "write":
        data[k] = v
        out = '{"id":%d,"type":"ok"}\n' % i
    elif data.get(k) == v[0]:
        data[k] = v[1]
        out = '{"id":%d,"type":"ok"}\n' % i
    else:
        out = '{"id":%d,"type":"fail","error":"cas-mismatch"}\n' % i
    stdout.write(out)
    stdout.flush()
