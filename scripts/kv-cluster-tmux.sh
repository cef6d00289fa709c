#!/usr/bin/env bash
# An interactive kvserver cluster in tmux, like the artifact's start-tmux.sh: one
# window per node (its first line is the process id, for `kill`), and a client
# window in bench/ where `python3 -i -c 'from kvclient import *'` is ready to use.
#
#   scripts/kv-cluster-tmux.sh [N]      N nodes (default 3)
#
# Node i: peers on 127.0.0.1:4990+i, clients on port 8000+i (override with
# PEER_BASE / CLIENT_BASE). KVSERVER, PROTOCOL, TICK_MS, DATA_ROOT (give each node
# --data-dir DATA_ROOT/node-I) and EXTRA_FLAGS (default --log) as for kv-cluster.sh.
# To end: Ctrl-D in the client window, Ctrl-C in each node window (or
# `tmux kill-session -t kv`).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
n=${1:-3}
[[ "$n" =~ ^[1-9][0-9]*$ ]] || { echo "usage: $0 [N]" >&2; exit 2; }
KVSERVER=${KVSERVER:-$root/build/runtime/kv/kvserver}
PROTOCOL=${PROTOCOL:-raft}
CLIENT_BASE=${CLIENT_BASE:-8000}
PEER_BASE=${PEER_BASE:-4990}
TICK_MS=${TICK_MS:-}
DATA_ROOT=${DATA_ROOT:-}
EXTRA_FLAGS=${EXTRA_FLAGS:---log}
SESSION=${SESSION:-kv}
command -v tmux >/dev/null || { echo "$0: tmux is not installed (apt-get install tmux)" >&2; exit 1; }
[ -x "$KVSERVER" ] || { echo "$0: no kvserver at $KVSERVER (build it, or set KVSERVER)" >&2; exit 1; }

peers="" clients=""
for ((i = 0; i < n; i++)); do
    peers+="${peers:+,}127.0.0.1:$((PEER_BASE + i))"
    clients+="${clients:+, }(\"localhost\", $((CLIENT_BASE + i)))"
done

node_command() { # index
    local cmd
    cmd=$(printf '%q ' "$KVSERVER" --protocol "$PROTOCOL" --node-id "$1" --cluster "$peers" \
        --client-port $((CLIENT_BASE + $1)))
    [ -n "$TICK_MS" ] && cmd+=" --tick-ms $TICK_MS"
    [ -n "$DATA_ROOT" ] && cmd+=" --data-dir $(printf '%q' "$DATA_ROOT/node-$1")"
    echo "$cmd $EXTRA_FLAGS"
}

client_setup="from kvclient import *; cluster = [$clients]; print('cluster =', cluster); print('try: c = Client(*Client.find_leader(cluster)); c.put(\"x\", \"7\"); c.get(\"x\")')"

tmux new-session -d -s "$SESSION" -n client -c "$root/bench"
for ((i = 0; i < n; i++)); do
    tmux new-window -d -t "$SESSION" -n "node$i" "$(node_command "$i")"
done
tmux send-keys -t "$SESSION:client" "python3 -i -c $(printf '%q' "$client_setup")" Enter
if [ -t 1 ]; then
    tmux attach -t "$SESSION"
else
    echo "started tmux session $SESSION; attach with: tmux attach -t $SESSION"
fi
