#!/usr/bin/env bash
# kvserver against etcd 3.4 on this machine, with the same load generator
# (bench/loadgen.cpp): 3 nodes each, 16 closed-loop clients, 50% puts, 500 keys,
# 10 s; then leader failover under that load (SIGKILL the leader; time from the
# kill to the first request served again, and until every client was served
# again). etcd keeps its data on tmpfs (/dev/shm), as in the paper.
#
#   scripts/bench-kv-vs-etcd.sh [PROTOCOL...]     default: every protocol built in
#
# Environment: BUILD (default build), KVSERVER, LOADGEN, ETCD (default /usr/bin/etcd),
# CLIENTS (16), SECONDS_RUN (10), KEYS (500), PUTS (50), FAILOVER_SECONDS (6),
# KILL_AFTER (3), FAILOVER_TRIALS (3; each a fresh cluster), SKIP_ETCD=1, TMP_ROOT (/dev/shm/kv-bench), DURABLE_TOO=1 (also run
# each protocol with --data-dir on tmpfs: write-ahead log, group commit, fdatasync).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
BUILD=${BUILD:-$root/build}
KVSERVER=${KVSERVER:-$BUILD/runtime/kv/kvserver}
LOADGEN=${LOADGEN:-$BUILD/bench/loadgen}
ETCD=${ETCD:-/usr/bin/etcd}
CLIENTS=${CLIENTS:-16}
SECONDS_RUN=${SECONDS_RUN:-10}
KEYS=${KEYS:-500}
PUTS=${PUTS:-50}
FAILOVER_SECONDS=${FAILOVER_SECONDS:-6}
KILL_AFTER=${KILL_AFTER:-3}
FAILOVER_TRIALS=${FAILOVER_TRIALS:-3}
TMP_ROOT=${TMP_ROOT:-/dev/shm/kv-bench}
SKIP_ETCD=${SKIP_ETCD:-0}

die() { echo "bench-kv-vs-etcd.sh: $*" >&2; exit 1; }
[ -x "$KVSERVER" ] || die "no kvserver at $KVSERVER"
[ -x "$LOADGEN" ] || die "no loadgen at $LOADGEN"

if [ $# -gt 0 ]; then
    protocols=("$@")
else
    # The "Protocols:" line of --help, without those marked "(adapter not built yet)".
    read -r -a protocols <<<"$("$KVSERVER" --help | sed -n 's/^Protocols:/ /p' |
        sed 's/ [A-Za-z0-9_-]* (adapter not built yet)//g')"
fi
[ ${#protocols[@]} -gt 0 ] || die "no protocol adapter is built into $KVSERVER"

mkdir -p "$TMP_ROOT"
results=() # rows: system|throughput|p50_us|p99_us|first_ms|all_ms

field() { # NAME LINE -> value of NAME=... in LINE
    sed -n "s/.*\b$1=\([^ ]*\).*/\1/p" <<<"$2"
}

loadgen() { # target cluster seconds [event-file]
    local args=(--target "$1" --cluster "$2" --clients "$CLIENTS" --time "$3" --keys "$KEYS"
                --put-percentage "$PUTS")
    # Failover runs: a client gives up on a silent node after 250 ms and tries the
    # next (the same policy for both systems; etcd followers hold requests while
    # there is no leader).
    [ -n "${4:-}" ] && args+=(--event-file "$4" --reply-timeout-ms 250)
    "$LOADGEN" "${args[@]}"
}

# ---- kvserver ---------------------------------------------------------------------------

kv_env() { # protocol [durable]
    export KVSERVER PROTOCOL=$1 RUN_DIR=$TMP_ROOT/kv-$1 CLIENT_BASE=18000 PEER_BASE=18100
    export DURABLE=${2:-0}
}

bench_kv() { # protocol [durable]
    local p=$1 out fo ev=$TMP_ROOT/event name="kvserver ($1)"
    kv_env "$p" "${2:-0}"
    [ "${2:-0}" = 1 ] && name="kvserver ($p, durable)"
    echo "== $name: throughput" >&2
    "$here/kv-cluster.sh" start 3 >&2
    out=$(loadgen kv "$("$here/kv-cluster.sh" cluster)" "$SECONDS_RUN")
    echo "$out" >&2
    out=$(grep '^RESULT' <<<"$out")
    "$here/kv-cluster.sh" stop
    local firsts="" alls="" trial
    for ((trial = 0; trial < FAILOVER_TRIALS; trial++)); do
        echo "== $name: leader failover, trial $((trial + 1))" >&2
        "$here/kv-cluster.sh" start 3 >&2
        rm -f "$ev"
        local leader
        leader=$("$here/kv-cluster.sh" leader)
        loadgen kv "$("$here/kv-cluster.sh" cluster)" "$FAILOVER_SECONDS" "$ev" >"$TMP_ROOT/failover.out" &
        local lg=$!
        sleep "$KILL_AFTER"
        "$here/kv-cluster.sh" kill "$leader"
        date +%s.%N >"$ev"
        wait "$lg" || true
        cat "$TMP_ROOT/failover.out" >&2
        fo=$(grep '^FAILOVER' "$TMP_ROOT/failover.out" || echo "FAILOVER first_ms=? all_ms=?")
        firsts+="${firsts:+,}$(field first_ms "$fo")"
        alls+="${alls:+,}$(field all_ms "$fo")"
        "$here/kv-cluster.sh" stop
    done
    results+=("$name|$(field throughput "$out")|$(field p50_us "$out")|$(field p99_us "$out")|$firsts|$alls")
}

# ---- etcd -------------------------------------------------------------------------------

etcd_pids=()
etcd_client_port() { echo $((23790 + $1)); }
etcd_peer_port() { echo $((23800 + $1)); }
etcd_cluster() {
    local out="" i
    for i in 0 1 2; do out+="${out:+,}127.0.0.1:$(etcd_client_port $i)"; done
    echo "$out"
}

start_etcd() {
    local dir=$TMP_ROOT/etcd initial="" i
    rm -rf "$dir"
    mkdir -p "$dir"
    for i in 0 1 2; do initial+="${initial:+,}e$i=http://127.0.0.1:$(etcd_peer_port $i)"; done
    etcd_pids=()
    for i in 0 1 2; do
        "$ETCD" --name "e$i" --data-dir "$dir/e$i" \
            --listen-client-urls "http://127.0.0.1:$(etcd_client_port $i)" \
            --advertise-client-urls "http://127.0.0.1:$(etcd_client_port $i)" \
            --listen-peer-urls "http://127.0.0.1:$(etcd_peer_port $i)" \
            --initial-advertise-peer-urls "http://127.0.0.1:$(etcd_peer_port $i)" \
            --initial-cluster "$initial" --initial-cluster-state new \
            --initial-cluster-token kv-bench --log-level error \
            >"$dir/e$i.log" 2>&1 &
        etcd_pids+=($!)
    done
    local deadline=$((SECONDS + 30))
    until etcd_leader >/dev/null 2>&1; do
        ((SECONDS < deadline)) || die "etcd elected no leader in 30 s (logs in $dir)"
        sleep 0.2
    done
}

# The index of the member whose status names itself as leader.
etcd_leader() {
    python3 - "$(etcd_cluster)" <<'EOF'
import json, sys, urllib.request
for i, hp in enumerate(sys.argv[1].split(",")):
    try:
        req = urllib.request.Request("http://%s/v3/maintenance/status" % hp, data=b"{}",
                                     headers={"Content-Type": "application/json"})
        s = json.loads(urllib.request.urlopen(req, timeout=1).read())
    except Exception:
        continue
    if s.get("leader") and s.get("leader") == s.get("header", {}).get("member_id"):
        print(i)
        sys.exit(0)
sys.exit(1)
EOF
}

stop_etcd() {
    local p
    for p in "${etcd_pids[@]}"; do kill "$p" 2>/dev/null || true; done
    for p in "${etcd_pids[@]}"; do wait "$p" 2>/dev/null || true; done
    etcd_pids=()
    rm -rf "$TMP_ROOT/etcd"
}

bench_etcd() {
    local out fo ev=$TMP_ROOT/event leader lg
    echo "== etcd $("$ETCD" --version | head -1 | awk '{print $3}'): throughput" >&2
    start_etcd
    out=$(loadgen etcd "$(etcd_cluster)" "$SECONDS_RUN")
    echo "$out" >&2
    out=$(grep '^RESULT' <<<"$out")
    stop_etcd
    local firsts="" alls="" trial
    for ((trial = 0; trial < FAILOVER_TRIALS; trial++)); do
        echo "== etcd: leader failover, trial $((trial + 1))" >&2
        start_etcd
        rm -f "$ev"
        leader=$(etcd_leader)
        loadgen etcd "$(etcd_cluster)" "$FAILOVER_SECONDS" "$ev" >"$TMP_ROOT/failover.out" &
        lg=$!
        sleep "$KILL_AFTER"
        kill -9 "${etcd_pids[$leader]}"
        date +%s.%N >"$ev"
        wait "$lg" || true
        cat "$TMP_ROOT/failover.out" >&2
        fo=$(grep '^FAILOVER' "$TMP_ROOT/failover.out" || echo "FAILOVER first_ms=? all_ms=?")
        firsts+="${firsts:+,}$(field first_ms "$fo")"
        alls+="${alls:+,}$(field all_ms "$fo")"
        stop_etcd
    done
    results+=("etcd 3.4|$(field throughput "$out")|$(field p50_us "$out")|$(field p99_us "$out")|$firsts|$alls")
}

cleanup() {
    for p in "${protocols[@]}"; do kv_env "$p"; "$here/kv-cluster.sh" stop 2>/dev/null || true; done
    [ ${#etcd_pids[@]} -gt 0 ] && stop_etcd
    true
}
trap cleanup EXIT

[ "$SKIP_ETCD" = 1 ] || { [ -x "$ETCD" ] || die "no etcd at $ETCD (SKIP_ETCD=1 to run without)"; bench_etcd; }
for p in "${protocols[@]}"; do
    bench_kv "$p"
    [ "${DURABLE_TOO:-0}" = 1 ] && bench_kv "$p" 1
done

echo
echo "3 nodes on loopback, $CLIENTS closed-loop clients, $PUTS% puts, $KEYS keys, ${SECONDS_RUN} s; $(nproc) cores"
echo "failover: ms from the kill to the first request served again / to every client served again, per trial"
printf '%-28s %8s %7s %7s  %-22s %-22s\n' system "req/s" "p50 ms" "p99 ms" "failover first (ms)" "failover all (ms)"
etcd_tput=""
etcd_p50=""
for row in "${results[@]}"; do
    IFS='|' read -r name tput p50 p99 first all <<<"$row"
    [ "$name" = "etcd 3.4" ] && etcd_tput=$tput && etcd_p50=$p50
    printf '%-28s %8s %7.2f %7.2f  %-22s %-22s\n' "$name" "$tput" \
        "$(echo "$p50 / 1000" | bc -l)" "$(echo "$p99 / 1000" | bc -l)" "$first" "$all"
done
if [ -n "$etcd_tput" ]; then
    for row in "${results[@]}"; do
        IFS='|' read -r name tput p50 _ <<<"$row"
        [ "$name" = "etcd 3.4" ] && continue
        printf '%s: %.1fx etcd throughput, p50 %.2fx etcd\n' "$name" \
            "$(echo "$tput / $etcd_tput" | bc -l)" "$(echo "$p50 / $etcd_p50" | bc -l)"
    done
fi
