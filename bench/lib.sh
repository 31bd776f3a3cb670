# Shared helpers for bench/run.sh and bench/startup.sh (sourced, not run).
# Every process started through start_bg is recorded and stopped by cleanup (installed as an EXIT/INT/TERM trap
# by the caller). Only loopback addresses are used.

BENCH_PIDS=()
BENCH_TMP=""

log() { printf '[bench %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

die() { log "ERROR: $*"; exit 1; }

# A free TCP port on 127.0.0.1 (the kernel picks it; tiny race until the server binds it).
free_port() {
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}

# start_bg LOGFILE CMD... : runs CMD in the background, records its pid for cleanup and sets LAST_PID.
# (Not to be called inside $(...): the pid would be recorded in a subshell and never cleaned up.)
LAST_PID=""
start_bg() {
    local logfile=$1; shift
    "$@" >"$logfile" 2>&1 &
    LAST_PID=$!
    BENCH_PIDS+=("$LAST_PID")
}

# stop_pid PID [SECONDS] : TERM, wait up to SECONDS (15), then KILL. Only pids this script started.
stop_pid() {
    local pid=$1 i
    kill -0 "$pid" 2>/dev/null || return 0
    kill -TERM "$pid" 2>/dev/null || true
    for i in $(seq 1 $(( ${2:-15} * 10 ))); do
        kill -0 "$pid" 2>/dev/null || { wait "$pid" 2>/dev/null || true; return 0; }
        sleep 0.1
    done
    kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
}

stop_all() {
    local pid
    for pid in "${BENCH_PIDS[@]:-}"; do
        [ -n "$pid" ] && stop_pid "$pid"
    done
    BENCH_PIDS=()
}

cleanup() {
    local rc=$?
    trap - EXIT INT TERM
    stop_all
    if [ -n "$BENCH_TMP" ] && [ -d "$BENCH_TMP" ]; then
        if [ "${BENCH_KEEP_TMP:-0}" = 1 ]; then
            log "kept $BENCH_TMP"
        else
            rm -rf "$BENCH_TMP"
        fi
    fi
    exit "$rc"
}

# wait_http URL PID TIMEOUT_S : until URL answers 200 (PID must stay alive).
wait_http() {
    local url=$1 pid=$2 timeout=$3 deadline
    deadline=$(( $(date +%s) + timeout ))
    while [ "$(date +%s)" -lt "$deadline" ]; do
        kill -0 "$pid" 2>/dev/null || return 1
        if [ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "$url" 2>/dev/null)" = 200 ]; then
            return 0
        fi
        sleep 0.1
    done
    return 1
}

ensure_jar() {
    local root=$1
    if [ ! -f "$root/target/genie-proxy.jar" ]; then
        log "target/genie-proxy.jar missing: building (mvn -B -o -q -DskipTests package)"
        (cd "$root" && timeout 900 mvn -B -o -q -DskipTests package) || die "build failed"
    fi
}

vm_rss_mb() {
    awk '/^VmRSS:/ { printf "%.0f", $2 / 1024 }' "/proc/$1/status" 2>/dev/null
}
