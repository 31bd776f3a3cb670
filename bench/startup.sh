#!/usr/bin/env bash
# genie-proxy startup time and RSS per JVM flag set; prints a Markdown section on stdout.
#
#   bench/startup.sh          # ~5 min on 2 shared cores; also run at the end of bench/run.sh
#
# Startup = process start (just before exec of java) -> first 200 on GET /health, polled every ~50 ms,
# median of BENCH_STARTUP_RUNS (5) runs per flag set, the flag sets interleaved run by run.
# RSS = VmRSS of the proxy after BENCH_RSS_WARMUP (10) seconds of wrk load (-t2 -c32, GET space), measured on
# the last run of each flag set, and again BENCH_RSS_IDLE (25) seconds after the load stops. The proxy is pointed at a simulator started once (not timed).
# AppCDS: one training run with -XX:ArchiveClassesAtExit (start, serve load, stop) writes the archive used by
# the "cds" flag sets.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/.." && pwd)
if [ -z "${BENCH_INNER:-}" ]; then
    BENCH_INNER=1 exec timeout -k 30 "${BENCH_MAX_SECONDS:-1500}" "$0" "$@"
fi
# shellcheck source=bench/lib.sh
. "$HERE/lib.sh"
trap cleanup EXIT
trap 'log "interrupted"; exit 130' INT TERM

RUNS=${BENCH_STARTUP_RUNS:-5}
RSS_WARMUP=${BENCH_RSS_WARMUP:-10}
RSS_IDLE=${BENCH_RSS_IDLE:-25}
JAR=$ROOT/target/genie-proxy.jar
TOKEN=dapi-demo-token
SPACE=01ef9d2c3b4a5e6f7a8b9c0d1e2f3a4b
ensure_jar "$ROOT"
BENCH_TMP=$(mktemp -d /tmp/genie-startup.XXXXXX)
JSA=$BENCH_TMP/genie-proxy.jsa

SIM_PORT=$(free_port)
start_bg "$BENCH_TMP/simulator.log" env GENIE_MODE=simulator MICRONAUT_SERVER_PORT="$SIM_PORT" GENIE_SIMULATOR_QPM=0 \
    OTEL_TRACES_EXPORTER=none java -XX:+UseParallelGC -jar "$JAR"
SIM_PID=$LAST_PID
wait_http "http://127.0.0.1:$SIM_PORT/health" "$SIM_PID" 180 || die "simulator not ready"

# start_proxy NAME FLAGS... : starts a proxy, sets PROXY_PID, PROXY_PORT, START_NS.
start_proxy() {
    local name=$1; shift
    PROXY_PORT=$(free_port)
    mkdir -p "$BENCH_TMP/$name"
    START_NS=$(date +%s%N)
    start_bg "$BENCH_TMP/$name/proxy.log" env GENIE_UPSTREAM_URL="http://127.0.0.1:$SIM_PORT" \
        MICRONAUT_SERVER_HOST=127.0.0.1 MICRONAUT_SERVER_PORT="$PROXY_PORT" GENIE_RATE_LIMIT_QPM=1000000 \
        GENIE_AUDIT_FILE="$BENCH_TMP/$name/audit.jsonl" OTEL_TRACES_EXPORTER=none \
        java "$@" -jar "$JAR"
    PROXY_PID=$LAST_PID
}

load() { # port seconds
    timeout $(( $2 + 30 )) wrk -t2 -c32 -d"$2"s -H "Authorization: Bearer $TOKEN" \
        "http://127.0.0.1:$1/api/2.0/genie/spaces/$SPACE" >/dev/null 2>&1 || true
}

# --- AppCDS training run ---
log "AppCDS training run"
start_proxy cds-train -XX:ArchiveClassesAtExit="$JSA"
wait_http "http://127.0.0.1:$PROXY_PORT/health" "$PROXY_PID" 180 || die "training proxy not ready"
load "$PROXY_PORT" 5
stop_pid "$PROXY_PID" 180   # the archive is written at exit: give it time
CDS_OK=1
[ -s "$JSA" ] || { CDS_OK=0; log "no AppCDS archive written; skipping the cds flag sets"; }

declare -A FLAGS
NAMES=(default c1)
FLAGS[default]=""
FLAGS[c1]="-XX:TieredStopAtLevel=1"
if [ "$CDS_OK" = 1 ]; then
    NAMES+=(cds cds-c1 cds-c1-small)
    FLAGS[cds]="-XX:SharedArchiveFile=$JSA"
    FLAGS[cds-c1]="-XX:SharedArchiveFile=$JSA -XX:TieredStopAtLevel=1"
    FLAGS[cds-c1-small]="-XX:SharedArchiveFile=$JSA -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xmx128m -Xss512k -XX:ReservedCodeCacheSize=64m"
fi

declare -A TIMES RSS RSS_AFTER_IDLE
for run in $(seq 1 "$RUNS"); do
    for name in "${NAMES[@]}"; do
        # shellcheck disable=SC2086
        start_proxy "$name" ${FLAGS[$name]}
        if wait_http "http://127.0.0.1:$PROXY_PORT/health" "$PROXY_PID" 180; then
            ms=$(( ($(date +%s%N) - START_NS) / 1000000 ))
            TIMES[$name]="${TIMES[$name]:-} $ms"
            if [ "$run" = "$RUNS" ]; then
                load "$PROXY_PORT" "$RSS_WARMUP"
                RSS[$name]=$(vm_rss_mb "$PROXY_PID")
                sleep "$RSS_IDLE"
                RSS_AFTER_IDLE[$name]=$(vm_rss_mb "$PROXY_PID")
            fi
        else
            log "$name did not become ready"; tail -5 "$BENCH_TMP/$name/proxy.log" >&2 || true
            TIMES[$name]="${TIMES[$name]:-} nan"
        fi
        stop_pid "$PROXY_PID"
    done
    log "startup run $run/$RUNS done (load average $(cut -d' ' -f1-3 /proc/loadavg))"
done

echo
echo "## Startup and memory, $(date -u +'%Y-%m-%d %H:%M UTC')"
echo
echo "Process start -> first 200 on /health, median of $RUNS interleaved runs; RSS (VmRSS) after ${RSS_WARMUP}s of"
echo "wrk -t2 -c32 on GET space, and ${RSS_IDLE}s after it stopped. Load average at the end: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) shared cores."
echo
echo "| flags | JVM options | startup median (s) | runs (s) | RSS after warm-up (MB) | RSS ${RSS_IDLE}s later (MB) | < 2 s | < 256 MB after warm-up |"
echo "|---|---|--:|---|--:|--:|:-:|:-:|"
for name in "${NAMES[@]}"; do
    python3 - "$name" "${FLAGS[$name]//$JSA/app.jsa}" "${RSS[$name]:-nan}" "${RSS_AFTER_IDLE[$name]:-nan}" ${TIMES[$name]} <<'EOF'
import statistics, sys
name, flags, rss, rss_idle, *times = sys.argv[1:]
ok = [int(t) / 1000 for t in times if t != "nan"]
med = statistics.median(ok) if ok else float("nan")
rss_v = float(rss) if rss != "nan" else float("nan")
yes = lambda c: "yes" if c else "no"
print(f"| {name} | `{flags or '(none)'}` | {med:.2f} | {' / '.join(f'{t:.1f}' for t in ok)} | {rss} | {rss_idle} "
      f"| {yes(med < 2)} | {yes(rss_v < 256)} |")
EOF
done
