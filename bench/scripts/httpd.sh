#!/usr/bin/env bash
# httpd.sh: requests/s and p99 latency of examples/httpd (Kettle, both
# executors) against bench/net/cmd/gohttpd (-mode raw: goroutine per
# connection with the same parser and answers; -mode nethttp: net/http),
# measured with wrk on loopback. Every server binds 127.0.0.1 only.
#
#   bench/scripts/httpd.sh                 # wrk -t2 -c100 -d10s, every server
#   DURATION=5s CONNS=200 bench/scripts/httpd.sh
#
# Installs wrk with apt-get when it is missing. Run it from anywhere inside
# the repository. Client and servers share the machine: the numbers compare
# the servers under the same load, they are not absolute.
set -euo pipefail

DURATION=${DURATION:-10s}
CONNS=${CONNS:-100}
THREADS=${THREADS:-2}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
BIN=$(mktemp -d)
PID=""
cleanup() {
	if [[ -n "$PID" ]]; then kill "$PID" 2>/dev/null || true; wait "$PID" 2>/dev/null || true; fi
	rm -rf "$BIN"
}
trap cleanup EXIT

if ! command -v wrk >/dev/null; then
	echo "httpd.sh: installing wrk" >&2
	apt-get install -y wrk >/dev/null 2>&1 || { apt-get update >/dev/null && apt-get install -y wrk >/dev/null; }
fi

echo "httpd.sh: building into $BIN" >&2
(cd "$ROOT" && go build -o "$BIN/httpd" ./examples/httpd && go build -o "$BIN/gohttpd" ./bench/net/cmd/gohttpd)

# wait_port polls until something accepts on 127.0.0.1:$1 (5 s at most).
wait_port() {
	for _ in $(seq 100); do
		if (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; then return 0; fi
		sleep 0.05
	done
	echo "httpd.sh: nothing listens on port $1" >&2
	return 1
}

# run NAME PORT CMD...: start the server, check one answer, run wrk, stop it.
run() {
	local name=$1 port=$2
	shift 2
	"$@" >/dev/null &
	PID=$!
	wait_port "$port"
	local body
	body=$(exec 3<>"/dev/tcp/127.0.0.1/$port"; printf 'GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n' >&3; cat <&3)
	if [[ "$body" != *"Hello, Kettle!"* ]]; then
		echo "httpd.sh: $name answered: $body" >&2
		return 1
	fi
	local out
	out=$(wrk -t"$THREADS" -c"$CONNS" -d"$DURATION" --latency "http://127.0.0.1:$port/")
	kill -INT "$PID"
	wait "$PID" || true
	PID=""
	local rps p99 errs
	rps=$(awk '/^Requests\/sec:/ {print $2}' <<<"$out")
	p99=$(awk '$1 == "99%" {print $2}' <<<"$out")
	errs=$(awk '/Non-2xx|Socket errors/ {printf "%s ", $0}' <<<"$out")
	printf '%-22s %12s %10s  %s\n' "$name" "$rps" "$p99" "$errs"
}

echo "wrk -t$THREADS -c$CONNS -d$DURATION --latency, $(nproc) CPUs, $(go version | awk '{print $3}')"
printf '%-22s %12s %10s\n' "server" "requests/s" "p99"
run "kettle httpd (multi)" 18081 "$BIN/httpd" -addr 127.0.0.1:18081 -executor multi
run "kettle httpd (local)" 18083 "$BIN/httpd" -addr 127.0.0.1:18083 -executor local
run "goroutines (raw)" 18082 "$BIN/gohttpd" -addr 127.0.0.1:18082 -mode raw
run "net/http" 18084 "$BIN/gohttpd" -addr 127.0.0.1:18084 -mode nethttp
