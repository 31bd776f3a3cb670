#!/usr/bin/env bash
# Load benchmark: direct-to-simulator vs nginx vs genie-proxy (three proxy profiles), in one run.
# Then (unless BENCH_SKIP_STARTUP=1) bench/startup.sh: startup time and RSS of genie-proxy per JVM flag set.
#
#   bench/run.sh                     # everything, ~15 min on 2 shared cores
#
# Knobs (environment): BENCH_DURATION (s per wrk run, 10), BENCH_WARMUP (s per target and workload, 8),
# BENCH_ROUNDS (3), BENCH_THREADS (2), BENCH_CONNECTIONS (32), BENCH_TARGETS (default all five),
# BENCH_WORKLOADS (space message viz), BENCH_LATENCY_DURATION (s per one-connection latency run, 3), BENCH_NGINX_WORKERS (auto), BENCH_OUT (report file,
# default bench/results/latest.md), BENCH_MAX_SECONDS (watchdog, 2400), BENCH_KEEP_TMP=1 (keep logs, raw wrk output),
# BENCH_SKIP_STARTUP=1, BENCH_PROXY_JAVA_OPTS (extra JVM flags for the proxies under load), BENCH_VIZ_BYTES (size of
# the visualization download, 65536; answers above 64 KiB take the streamed relay, e.g. 262144).
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/.." && pwd)

# Bound the whole run: re-exec under timeout(1); the TERM it sends runs the cleanup trap.
if [ -z "${BENCH_INNER:-}" ]; then
    BENCH_INNER=1 exec timeout -k 30 "${BENCH_MAX_SECONDS:-2400}" "$0" "$@"
fi

# shellcheck source=bench/lib.sh
. "$HERE/lib.sh"
trap cleanup EXIT
trap 'log "interrupted"; exit 130' INT TERM

for tool in java curl wrk nginx python3; do
    command -v "$tool" >/dev/null || die "$tool not found (apt-get install -y wrk nginx-light)"
done

DURATION=${BENCH_DURATION:-10}
WARMUP=${BENCH_WARMUP:-8}
ROUNDS=${BENCH_ROUNDS:-3}
THREADS=${BENCH_THREADS:-2}
CONNS=${BENCH_CONNECTIONS:-32}
LATENCY_DURATION=${BENCH_LATENCY_DURATION:-3}
TARGETS=(${BENCH_TARGETS:-direct nginx proxy proxy-nocache proxy-fwd})
WORKLOADS=(${BENCH_WORKLOADS:-space message viz})
NGINX_WORKERS=${BENCH_NGINX_WORKERS:-auto}
VIZ_BYTES=${BENCH_VIZ_BYTES:-65536}
OUT=${BENCH_OUT:-$HERE/results/latest.md}
TOKEN=dapi-demo-token
SPACE=01ef9d2c3b4a5e6f7a8b9c0d1e2f3a4b
JAR=$ROOT/target/genie-proxy.jar

ensure_jar "$ROOT"
BENCH_TMP=$(mktemp -d /tmp/genie-bench.XXXXXX)
chmod 755 "$BENCH_TMP"
mkdir -p "$BENCH_TMP/raw" "$BENCH_TMP/nginx" "$(dirname "$OUT")"
log "temp dir $BENCH_TMP; load average $(cut -d' ' -f1-3 /proc/loadavg)"

declare -A PORT PID
PORT[direct]=$(free_port)

# --- simulator (the "workspace") ---------------------------------------------------------------
start_bg "$BENCH_TMP/simulator.log" env GENIE_MODE=simulator MICRONAUT_SERVER_PORT="${PORT[direct]}" \
    GENIE_SIMULATOR_QPM=0 GENIE_SIMULATOR_STEP_DELAY=100ms GENIE_SIMULATOR_VISUALIZATION_BYTES="$VIZ_BYTES" OTEL_TRACES_EXPORTER=none \
    java -XX:+UseParallelGC -jar "$JAR"
PID[direct]=$LAST_PID
SIM=http://127.0.0.1:${PORT[direct]}

# --- genie-proxy, three profiles ----------------------------------------------------------------
#  proxy          defaults: cache on (10m answers / 30 s metadata), redaction on, audit sync (fsync per batch)
#  proxy-nocache  GENIE_CACHE_TTL=0s; redaction on; audit sync
#  proxy-fwd      forwarding only: GENIE_CACHE_TTL=0s, GENIE_REDACTION=off, GENIE_AUDIT_MODE=async
#  proxy-write    (not in the default list) GENIE_CACHE_TTL=0s, redaction on, GENIE_AUDIT_MODE=write (no fsync)
#  netty-floor    (not in the default list) bench/floor/NettyFloorRelay.java: a bare Netty relay, no product logic;
#                 what a JVM hop costs on this machine before any of the proxy's work
#  proxy-base, proxy-base-nocache   (not in the default list) the defaults and the no-cache profile run from
#                 BENCH_BASELINE_JAR, an earlier build, for an A/B of two builds in one run
start_proxy() {
    local name=$1 jar=$JAR; shift
    case $name in proxy-base*) jar=${BENCH_BASELINE_JAR:?proxy-base targets need BENCH_BASELINE_JAR} ;; esac
    PORT[$name]=$(free_port)
    mkdir -p "$BENCH_TMP/$name"
    # shellcheck disable=SC2086
    start_bg "$BENCH_TMP/$name.log" env GENIE_UPSTREAM_URL="$SIM" \
        MICRONAUT_SERVER_HOST=127.0.0.1 MICRONAUT_SERVER_PORT="${PORT[$name]}" \
        GENIE_RATE_LIMIT_QPM=1000000 GENIE_AUDIT_FILE="$BENCH_TMP/$name/audit.jsonl" OTEL_TRACES_EXPORTER=none \
        "$@" java ${BENCH_PROXY_JAVA_OPTS:-} -jar "$jar"
    PID[$name]=$LAST_PID
}
for t in "${TARGETS[@]}"; do
    case $t in
        proxy) start_proxy proxy ;;
        proxy-nocache) start_proxy proxy-nocache GENIE_CACHE_TTL=0s ;;
        proxy-fwd) start_proxy proxy-fwd GENIE_CACHE_TTL=0s GENIE_REDACTION=off GENIE_AUDIT_MODE=async ;;
        proxy-write) start_proxy proxy-write GENIE_CACHE_TTL=0s GENIE_AUDIT_MODE=write ;;
        proxy-base) start_proxy proxy-base ;;
        proxy-base-nocache) start_proxy proxy-base-nocache GENIE_CACHE_TTL=0s ;;
        netty-floor)
            mkdir -p "$BENCH_TMP/floor"
            javac -d "$BENCH_TMP/floor" -cp "$JAR" "$HERE/floor/NettyFloorRelay.java" || die "NettyFloorRelay did not compile"
            PORT[$t]=$(free_port)
            start_bg "$BENCH_TMP/$t.log" java -cp "$JAR:$BENCH_TMP/floor" NettyFloorRelay "${PORT[$t]}" 127.0.0.1 "${PORT[direct]}"
            PID[$t]=$LAST_PID ;;
        direct|nginx) ;;
        *) die "unknown target $t" ;;
    esac
done

# --- nginx ---------------------------------------------------------------------------------------
if [[ " ${TARGETS[*]} " == *" nginx "* ]]; then
    PORT[nginx]=$(free_port)
    user_directive=""
    [ "$(id -u)" = 0 ] && user_directive="user root;"
    sed -e "s|@PREFIX@|$BENCH_TMP/nginx|g" -e "s|@WORKERS@|$NGINX_WORKERS|g" \
        -e "s|@UPSTREAM_PORT@|${PORT[direct]}|g" -e "s|@LISTEN_PORT@|${PORT[nginx]}|g" \
        -e "s|@USER_DIRECTIVE@|$user_directive|g" "$HERE/nginx.conf.template" >"$BENCH_TMP/nginx/nginx.conf"
    nginx -t -q -p "$BENCH_TMP/nginx" -c "$BENCH_TMP/nginx/nginx.conf" 2>"$BENCH_TMP/nginx-t.log" \
        || { cat "$BENCH_TMP/nginx-t.log" >&2; die "nginx config test failed"; }
    start_bg "$BENCH_TMP/nginx.log" nginx -p "$BENCH_TMP/nginx" -c "$BENCH_TMP/nginx/nginx.conf" -g 'daemon off;'
    PID[nginx]=$LAST_PID
fi

for t in "${TARGETS[@]}"; do
    [ "$t" = nginx ] && continue
    wait_http "http://127.0.0.1:${PORT[$t]}/health" "${PID[$t]}" 180 \
        || { tail -30 "$BENCH_TMP/$t.log" "$BENCH_TMP/simulator.log" >&2 2>/dev/null; die "$t not ready"; }
    log "$t ready on 127.0.0.1:${PORT[$t]} (pid ${PID[$t]})"
done
if [ -n "${PID[nginx]:-}" ]; then
    wait_http "http://127.0.0.1:${PORT[nginx]}/health" "${PID[nginx]}" 30 || die "nginx not ready"
    log "nginx ready on 127.0.0.1:${PORT[nginx]} (pid ${PID[nginx]}, worker_processes $NGINX_WORKERS)"
fi

# --- a completed message with a query attachment, for the message and viz workloads -------------
auth=(-H "Authorization: Bearer $TOKEN")
started=$(curl -sf --max-time 10 "${auth[@]}" -H 'Content-Type: application/json' \
    -d '{"content":"How many customers by region?"}' "$SIM/api/2.0/genie/spaces/$SPACE/start-conversation") \
    || die "start-conversation failed"
read -r CONV MSG < <(python3 -c 'import json,sys; d=json.load(sys.stdin); print(d["conversation_id"], d["message_id"])' <<<"$started")
MSG_PATH=/api/2.0/genie/spaces/$SPACE/conversations/$CONV/messages/$MSG
ATT=""
for _ in $(seq 1 300); do
    ATT=$(curl -sf --max-time 5 "${auth[@]}" "$SIM$MSG_PATH" | python3 -c '
import json, sys
m = json.load(sys.stdin)
if m.get("status") == "COMPLETED":
    print(next(a["attachment_id"] for a in m["attachments"] if "query" in a))' || true)
    [ -n "$ATT" ] && break
    sleep 0.1
done
[ -n "$ATT" ] || die "message $MSG did not complete"

declare -A WPATH
WPATH[space]=/api/2.0/genie/spaces/$SPACE
WPATH[message]=$MSG_PATH
WPATH[viz]=$MSG_PATH/attachments/$ATT/download-visualization

# Sanity: every target answers 200 with the same body length as the simulator (redaction may change
# the message body's length, so only status is checked there).
declare -A WBYTES
for w in "${WORKLOADS[@]}"; do
    WBYTES[$w]=$(curl -s --max-time 10 "${auth[@]}" -o /dev/null -w '%{size_download}' "$SIM${WPATH[$w]}")
    for t in "${TARGETS[@]}"; do
        res=$(curl -s --max-time 10 "${auth[@]}" -o /dev/null -w '%{http_code} %{size_download}' "http://127.0.0.1:${PORT[$t]}${WPATH[$w]}")
        log "check $w via $t: $res (direct ${WBYTES[$w]} bytes)"
        [ "${res%% *}" = 200 ] || die "$t answered ${res%% *} for $w"
    done
done

# CPU ticks (utime+stime, 1/CLK_TCK s) of a target's own processes: the JVM, or nginx master + workers.
# The simulator behind nginx and the proxies is not counted, so "CPU/req" is the hop's own cost.
target_ticks() {
    local pids=${PID[$1]} p sum=0
    [ "$1" = nginx ] && pids="$pids $(pgrep -P "${PID[nginx]}" | tr '\n' ' ')"
    for p in $pids; do
        sum=$(( sum + $(awk '{print $14 + $15}' "/proc/$p/stat" 2>/dev/null || echo 0) ))
    done
    echo "$sum"
}

run_wrk() { # target workload seconds outfile [threads connections]
    local before after
    before=$(target_ticks "$1")
    timeout $(( $3 + 60 )) wrk -t"${5:-$THREADS}" -c"${6:-$CONNS}" -d"$3"s --latency -H "Authorization: Bearer $TOKEN" \
        "http://127.0.0.1:${PORT[$1]}${WPATH[$2]}" >"$4" 2>&1 || log "wrk $1 $2 exited $?"
    after=$(target_ticks "$1")
    echo "cpu_ticks $(( after - before )) $(getconf CLK_TCK)" >>"$4"
}

log "warm-up: ${WARMUP}s per target and workload"
for w in "${WORKLOADS[@]}"; do
    for t in "${TARGETS[@]}"; do
        run_wrk "$t" "$w" "$WARMUP" "$BENCH_TMP/raw/warmup_${w}_${t}.txt"
    done
done

# Interleaved: each round runs every workload on every target, and rotates the target order so no
# target always runs first (or right after the noisiest one).
n=${#TARGETS[@]}
for r in $(seq 1 "$ROUNDS"); do
    log "round $r/$ROUNDS (load average $(cut -d' ' -f1-3 /proc/loadavg))"
    for w in "${WORKLOADS[@]}"; do
        for i in $(seq 0 $(( n - 1 ))); do
            t=${TARGETS[$(( (i + r - 1) % n ))]}
            run_wrk "$t" "$w" "$DURATION" "$BENCH_TMP/raw/r${r}_${w}_${t}.txt"
        done
    done
    # One connection, one request at a time: added latency without queueing behind other requests.
    for w in "${WORKLOADS[@]}"; do
        for i in $(seq 0 $(( n - 1 ))); do
            t=${TARGETS[$(( (i + r - 1) % n ))]}
            run_wrk "$t" "$w" "$LATENCY_DURATION" "$BENCH_TMP/raw/l${r}_${w}_${t}.txt" 1 1
        done
    done
done

declare -A RSS
for t in "${TARGETS[@]}"; do
    case $t in proxy*) RSS[$t]=$(vm_rss_mb "${PID[$t]}") ;; esac
done
LOAD_END=$(cut -d' ' -f1-3 /proc/loadavg)
stop_all

# --- report ----------------------------------------------------------------------------------------
{
    echo "## Load benchmark, $(date -u +'%Y-%m-%d %H:%M UTC')"
    echo
    echo "Machine: $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')), shared with other builds;" \
        "load average at the end $LOAD_END. $(java -version 2>&1 | head -1); $(nginx -v 2>&1 | sed 's/nginx version: //');" \
        "git $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo '?')."
    echo "wrk -t$THREADS -c$CONNS -d${DURATION}s --latency, $ROUNDS interleaved rounds after a ${WARMUP}s warm-up; medians of the rounds."
    echo "nginx worker_processes $NGINX_WORKERS. Workload bodies (direct): $(for w in "${WORKLOADS[@]}"; do printf '%s %s B; ' "$w" "${WBYTES[$w]}"; done)"
    echo
    python3 "$HERE/report.py" "$BENCH_TMP/raw" "$ROUNDS" "${TARGETS[*]}" "${WORKLOADS[*]}"
    echo
    echo "Proxy RSS after the load phase: $(for t in "${!RSS[@]}"; do printf '%s %s MB; ' "$t" "${RSS[$t]}"; done)"
} >"$OUT.tmp"

if [ "${BENCH_SKIP_STARTUP:-0}" != 1 ]; then
    "$HERE/startup.sh" >>"$OUT.tmp" || log "startup.sh failed"
fi
mv "$OUT.tmp" "$OUT"
cat "$OUT"
log "report written to $OUT"
