#!/bin/sh
# A Faultline protocol client for the register workload against kv_server.py, in POSIX sh with
# curl and jq (docs/client-protocol.md). One curl per op: fine for a check, slow for a load test.
# The server's port is --param kv.port (default 8642).
set -u
reply() { jq -nc --argjson id "$id" --arg type "$1" --arg error "${3:-}" --argjson value "${2:-null}" \
  '{id: $id, type: $type, value: $value} + (if $error == "" then {} else {error: $error} end)'; }

read -r init || exit 0
base="http://$(printf '%s' "$init" | jq -r '.address'):$(printf '%s' "$init" | jq -r '.params["kv.port"] // "8642"')"
max=$(printf '%s' "$init" | jq -r '.op_timeout_ms * 0.8 / 1000')  # answer before the harness gives up
echo '{"type":"init_ok"}'

while read -r line; do
  eval "$(printf '%s' "$line" | jq -r '@sh "id=\(.id) f=\(.f) key=\(.key) value=\(.value | tojson)"')"
  case "$f" in
    read)  out=$(curl -sS -m "$max" -w '\n%{http_code}' "$base/kv/$key" 2>&1) ;;
    write) out=$(curl -sS -m "$max" -w '\n%{http_code}' -X PUT -d "$value" "$base/kv/$key" 2>&1) ;;
    cas)   out=$(curl -sS -m "$max" -w '\n%{http_code}' -X POST \
             -d "$(printf '%s' "$value" | jq -c '{expected: .[0], new: .[1]}')" "$base/cas/$key" 2>&1) ;;
    *)     reply fail null "unknown f $f"; continue ;;
  esac
  rc=$?
  code=$(printf '%s\n' "$out" | tail -n 1)
  body=$(printf '%s\n' "$out" | sed '$d')
  if [ "$rc" -eq 7 ]; then reply fail null "refused: $body"           # never reached the server
  elif [ "$rc" -ne 0 ]; then                                            # sent, maybe applied
    if [ "$f" = read ]; then reply fail null "curl exit $rc"; else reply info null "curl exit $rc: $body"; fi
  elif [ "$f" = read ] && [ "$code" = 404 ]; then reply ok null
  elif [ "$f" = read ] && [ "$code" = 200 ]; then reply ok "$body"
  elif [ "$code" = 200 ]; then reply ok "$value"
  elif [ "$f" = cas ] && [ "$code" = 409 ]; then reply fail null cas-mismatch
  elif [ "$f" = read ]; then reply fail null "http $code"
  else reply info null "http $code"
  fi
done
