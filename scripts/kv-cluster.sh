#!/usr/bin/env bash
# Runs a kvserver cluster on loopback in the background (used by `make demo` and
# the benchmarks; scripts/kv-cluster-tmux.sh is the interactive variant).
#
#   scripts/kv-cluster.sh start [N]      start N nodes (default 3), wait for a leader
#   scripts/kv-cluster.sh stop           stop every node this run directory started
#   scripts/kv-cluster.sh kill I         SIGKILL node I (a crash)
#   scripts/kv-cluster.sh restart I      start node I again (same flags, same --data-dir)
#   scripts/kv-cluster.sh leader         print the index of the node that leads
#   scripts/kv-cluster.sh status         one line per node: index, pid, running or not
#   scripts/kv-cluster.sh cluster        the client addresses, host:port,... (for tools)
#
# Node i listens for peers on 127.0.0.1:$PEER_BASE+i and for clients on
# $CLIENT_BASE+i (the artifact's 4990+i and 8000+i by default). Settings, from the
# environment:
#   KVSERVER     the server binary (default: build/runtime/kv/kvserver)
#   PROTOCOL     raft or multipaxos (default raft)
#   RUN_DIR      pids, logs and data directories (default /tmp/kv-cluster)
#   CLIENT_BASE  PEER_BASE   first ports (default 8000 and 4990)
#   TICK_MS      protocol clock period (default: the protocol's)
#   DURABLE=1    give each node --data-dir $RUN_DIR/data-I (default: memory only)
#   EXTRA_FLAGS  more kvserver flags (e.g. --log)
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
KVSERVER=${KVSERVER:-$root/build/runtime/kv/kvserver}
PROTOCOL=${PROTOCOL:-raft}
RUN_DIR=${RUN_DIR:-/tmp/kv-cluster}
CLIENT_BASE=${CLIENT_BASE:-8000}
PEER_BASE=${PEER_BASE:-4990}
TICK_MS=${TICK_MS:-}
DURABLE=${DURABLE:-0}
EXTRA_FLAGS=${EXTRA_FLAGS:-}

die() { echo "kv-cluster.sh: $*" >&2; exit 1; }

size() { cat "$RUN_DIR/size" 2>/dev/null || echo 0; }

peer_list() {
    local n=$1 out="" i
    for ((i = 0; i < n; i++)); do out+="${out:+,}127.0.0.1:$((PEER_BASE + i))"; done
    echo "$out"
}

client_list() {
    local n=$1 out="" i
    for ((i = 0; i < n; i++)); do out+="${out:+,}127.0.0.1:$((CLIENT_BASE + i))"; done
    echo "$out"
}

running() { # pid; a zombie (killed, not yet reaped by its new parent) is not running
    local state
    [ -n "$1" ] && state=$(ps -o stat= -p "$1" 2>/dev/null) && [ "${state:0:1}" != Z ]
}

start_node() { # index
    local i=$1 n
    n=$(size)
    local flags=(--protocol "$PROTOCOL" --node-id "$i" --cluster "$(peer_list "$n")"
                 --client-port $((CLIENT_BASE + i)))
    [ -n "$TICK_MS" ] && flags+=(--tick-ms "$TICK_MS")
    [ "$DURABLE" = 1 ] && flags+=(--data-dir "$RUN_DIR/data-$i")
    # shellcheck disable=SC2206
    [ -n "$EXTRA_FLAGS" ] && flags+=($EXTRA_FLAGS)
    "$KVSERVER" "${flags[@]}" >>"$RUN_DIR/node-$i.log" 2>&1 &
    echo $! >"$RUN_DIR/node-$i.pid"
}

# The node answering a probe GET (the probe goes through the log, so only a leader
# with a quorum answers).
leader() {
    PYTHONPATH=$root/bench python3 - "$(client_list "$(size)")" <<'EOF'
import sys
from kvclient import Client, parse_cluster
cluster = parse_cluster(sys.argv[1])
try:
    host, port = Client.find_leader(cluster, timeout=0.5, quiet=True)
except Client.NoLeader:
    sys.exit(1)
print([p for _, p in cluster].index(port))
EOF
}

wait_for_leader() {
    local deadline=$((SECONDS + 20))
    while ((SECONDS < deadline)); do
        if leader >/dev/null 2>&1; then return 0; fi
        sleep 0.1
    done
    return 1
}

cmd=${1:-}
case "$cmd" in
start)
    n=${2:-3}
    [[ "$n" =~ ^[1-9][0-9]*$ ]] || die "N must be a positive number"
    [ -x "$KVSERVER" ] || die "no kvserver at $KVSERVER (build it, or set KVSERVER)"
    if [ -f "$RUN_DIR/size" ]; then
        for ((i = 0; i < $(size); i++)); do
            running "$(cat "$RUN_DIR/node-$i.pid" 2>/dev/null)" &&
                die "a cluster from $RUN_DIR is still running (scripts/kv-cluster.sh stop)"
        done
    fi
    # Only what an earlier run left here: RUN_DIR may be a shared directory.
    rm -rf "$RUN_DIR"/node-*.pid "$RUN_DIR"/node-*.log "$RUN_DIR"/data-* "$RUN_DIR"/size
    mkdir -p "$RUN_DIR"
    echo "$n" >"$RUN_DIR/size"
    for ((i = 0; i < n; i++)); do start_node "$i"; done
    if ! wait_for_leader; then
        echo "kv-cluster.sh: no leader after 20 s; logs in $RUN_DIR" >&2
        "$0" stop
        exit 1
    fi
    echo "started $n $PROTOCOL nodes; clients: $(client_list "$n"); leader: node $(leader)"
    ;;
stop)
    for ((i = 0; i < $(size); i++)); do
        pid=$(cat "$RUN_DIR/node-$i.pid" 2>/dev/null || true)
        running "$pid" && kill "$pid" 2>/dev/null || true
    done
    for ((i = 0; i < $(size); i++)); do
        pid=$(cat "$RUN_DIR/node-$i.pid" 2>/dev/null || true)
        for _ in $(seq 50); do running "$pid" || break; sleep 0.1; done
        running "$pid" && kill -9 "$pid" 2>/dev/null || true
        rm -f "$RUN_DIR/node-$i.pid"
    done
    ;;
kill)
    i=${2:?node index}
    pid=$(cat "$RUN_DIR/node-$i.pid" 2>/dev/null) || die "no node $i"
    kill -9 "$pid" 2>/dev/null || true
    ;;
restart)
    i=${2:?node index}
    ((i >= 0 && i < $(size))) || die "no node $i"
    running "$(cat "$RUN_DIR/node-$i.pid" 2>/dev/null)" && die "node $i is running"
    start_node "$i"
    ;;
leader)
    leader
    ;;
status)
    for ((i = 0; i < $(size); i++)); do
        pid=$(cat "$RUN_DIR/node-$i.pid" 2>/dev/null || echo -)
        if running "$pid"; then echo "node $i pid $pid running"; else echo "node $i stopped"; fi
    done
    ;;
cluster)
    client_list "$(size)"
    ;;
*)
    sed -n '2,22p' "$0" | sed 's/^# \{0,1\}//'
    exit 2
    ;;
esac
