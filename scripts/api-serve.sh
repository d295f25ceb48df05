# Sourced by api-fuzz and api-load: starts `ajc server run` on a free loopback port over a fresh store in
# $work, serving queue $queue; sets $ajc, $url and $server (the pid, stopped on exit).
ajc="${AJC_BINARY:-$(swift build --show-bin-path)/ajc}"
[ -x "$ajc" ] || { echo "no ajc binary at $ajc: run swift build first" >&2; exit 1; }
work=$(mktemp -d /tmp/aj-api.XXXXXX)
server=""
cleanup() {
    [ -n "$server" ] && kill "$server" 2>/dev/null && wait "$server" 2>/dev/null
    rm -rf "$work"
}
trap cleanup EXIT
export AJ_STORE="$work/store.sqlite"
"$ajc" queue add "$queue" >/dev/null
"$ajc" server run --bind 127.0.0.1:0 --queue "$queue" 2> "$work/server.log" &
server=$!
url=""
for _ in $(seq 200); do
    url=$(grep -o 'http://127\.0\.0\.1:[0-9]*' "$work/server.log" | head -n 1 || true)
    [ -n "$url" ] && break
    kill -0 "$server" 2>/dev/null || { cat "$work/server.log" >&2; exit 1; }
    sleep 0.05
done
[ -n "$url" ] || { echo "ajc server run did not start:" >&2; cat "$work/server.log" >&2; exit 1; }
