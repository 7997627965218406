#!/usr/bin/env bash
# Partition smoke test of raft-kv in Docker with real iptables.
#   servers/raft-kv/scripts/partition-smoke.sh IMAGE [UNSAFE]
# IMAGE: a local image with java 17, iptables and curl (e.g. the harness's faultline-node image).
# Starts 3 nodes on an --internal network, isolates the leader, writes through the majority,
# heals, and checks: the isolated leader's write is indeterminate (504) and never visible, a read
# at the isolated leader does not return the old value, the healed cluster keeps one leader with no
# term bump (pre-vote). Everything it creates is labelled faultline.owner=$OWN and removed on exit.
set -euo pipefail
IMAGE=${1:?usage: $0 IMAGE [UNSAFE]}
UNSAFE=${2:-}
HERE=$(cd "$(dirname "$0")/.." && pwd)
LIB="$HERE/target/lib"
[ -d "$LIB" ] || { echo "missing $LIB: run mvn -q -pl servers/raft-kv -am package -DskipTests" >&2; exit 3; }
OWN="raftkv-smoke-$$"
STAGE=$(mktemp -d)
cp -r "$LIB" "$STAGE/lib"
cleanup() {
  for c in $(docker ps -aq --filter "label=faultline.owner=$OWN"); do docker rm -f "$c" >/dev/null; done
  docker network rm "$OWN" >/dev/null 2>&1 || true
  rm -rf "$STAGE"
}
trap cleanup EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

docker network create --internal --label "faultline.owner=$OWN" "$OWN" >/dev/null
EXTRA=(); [ -n "$UNSAFE" ] && EXTRA=(--unsafe "$UNSAFE")
for n in n1 n2 n3; do
  docker run -d --name "$OWN-$n" --hostname $n --network "$OWN" --network-alias $n --cap-add NET_ADMIN \
    --label "faultline.owner=$OWN" -v "$STAGE/lib:/opt/lib:ro" "$IMAGE" \
    java -cp '/opt/lib/*' dev.faultline.raftkv.Main --id $n --data-dir /data \
      --peers n1=n1:7000,n2=n2:7000,n3=n3:7000 --client-port 8080 "${EXTRA[@]}" >/dev/null
done
declare -A IP
for n in n1 n2 n3; do IP[$n]=$(docker inspect -f '{{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}' "$OWN-$n"); done
kv() { curl -s -m 15 "$@"; }
leader() { for n in n1 n2 n3; do kv "${IP[$n]}:8080/status" 2>/dev/null | grep -q '"role":"leader"' && { echo $n; return 0; }; done; return 0; }

L=""; for _ in $(seq 120); do L=$(leader); [ -n "$L" ] && break; sleep 0.5; done
[ -n "$L" ] || fail "no leader after 60 s"
O=$(for n in n1 n2 n3; do [ $n != "$L" ] && echo $n; done | head -1)
TERM0=$(kv "${IP[$L]}:8080/status" | sed 's/.*"term":\([0-9]*\).*/\1/')
echo "leader $L (term $TERM0)"
kv -XPUT "${IP[$O]}:8080/kv/x" -d '{"value":1}' | grep -q '"value":1' || fail "first write"

for n in n1 n2 n3; do
  [ $n = "$L" ] && continue
  docker exec "$OWN-$L" iptables -A INPUT -s "${IP[$n]}" -j DROP
  docker exec "$OWN-$n" iptables -A INPUT -s "${IP[$L]}" -j DROP
done
echo "isolated $L"
R=$(kv -XPUT "${IP[$L]}:8080/kv/x" -d '{"value":99}'); echo "write at isolated leader: $R"
echo "$R" | grep -q '"definite":false' || fail "write at isolated leader should be indeterminate"
R=$(kv -XPUT "${IP[$O]}:8080/kv/x" -d '{"value":2}'); echo "write via majority: $R"
echo "$R" | grep -q '"value":2' || fail "majority write"
R=$(kv "${IP[$L]}:8080/kv/x"); echo "read at isolated old leader: $R"
STALE=0; echo "$R" | grep -q '"value":1' && STALE=1

for n in n1 n2 n3; do docker exec "$OWN-$n" iptables -F INPUT; done
echo "healed"; sleep 6
for n in n1 n2 n3; do
  S=$(kv "${IP[$n]}:8080/status"); echo "$S"
  T=$(echo "$S" | sed 's/.*"term":\([0-9]*\).*/\1/')
  # one election (two if a vote split) for the majority; the isolated node must not have bumped it
  [ "$T" -le $((TERM0 + 2)) ] || fail "$n is at term $T, started at $TERM0: a returning node disrupted the cluster"
done
R=$(kv "${IP[$L]}:8080/kv/x"); echo "read after heal: $R"
echo "$R" | grep -q '"value":2' || fail "after heal x should be 2"
if [ "$STALE" = 1 ]; then
  [ "$UNSAFE" = stale-read ] && { echo "OK: stale read observed, as planted"; exit 0; }
  fail "stale read at the isolated leader"
fi
[ "$UNSAFE" = stale-read ] && echo "note: the planted stale read did not show this time"
echo "OK"
