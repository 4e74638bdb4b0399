#!/usr/bin/env bash
# Two Caravan nodes on one private PostgreSQL, on this machine (README, "Scaling out").
#
#   scripts/cluster-demo.sh            start them, show a write on node A found on node B, stop
#   scripts/cluster-demo.sh --keep     leave them running until Ctrl-C
#
# Everything lives in a temporary directory: a PostgreSQL cluster made with initdb (its own port
# on 127.0.0.1), and one data directory per node. Needs Debian's postgresql package and a build
# (npm run build is done when missing). Stops what it started on exit.
set -euo pipefail
cd "$(dirname "$0")/.."
KEEP="${1:-}"

PGBIN="$(dirname "$(readlink -f "$(command -v initdb 2>/dev/null || ls -d /usr/lib/postgresql/*/bin/initdb 2>/dev/null | sort -V | tail -1)")")"
[ -x "$PGBIN/pg_ctl" ] || { echo "cluster-demo: PostgreSQL is not installed (apt-get install postgresql)" >&2; exit 1; }
node scripts/ensure-build.mjs

WORK="$(mktemp -d /tmp/caravan-demo-XXXXXX)"
AS=()
if [ "$(id -u)" = 0 ]; then chown postgres "$WORK"; AS=(runuser -u postgres --); fi
free_port() { node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'; }
PGPORT="$(free_port)"
PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  "${AS[@]}" "$PGBIN/pg_ctl" -D "$WORK/pg" -m fast -w stop >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap cleanup EXIT

echo "== PostgreSQL on 127.0.0.1:$PGPORT ($WORK/pg)"
"${AS[@]}" "$PGBIN/initdb" -D "$WORK/pg" -U caravan --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
"${AS[@]}" "$PGBIN/pg_ctl" -D "$WORK/pg" -l "$WORK/pg.log" -w -o "-p $PGPORT -k $WORK -c listen_addresses=127.0.0.1" start >/dev/null
"${AS[@]}" "$PGBIN/createdb" -h "$WORK" -p "$PGPORT" -U caravan caravan

export CARAVAN_DATABASE_URL="postgres://caravan@127.0.0.1:$PGPORT/caravan"
export CARAVAN_ADMIN_KEY="demo-admin-key-0123456789abcdef"
export CARAVAN_HOST=127.0.0.1 CARAVAN_LOG_LEVEL=warn

start_node() { # name port
  mkdir -p "$WORK/$1"
  CARAVAN_DATA_DIR="$WORK/$1" PORT="$2" node dist/src/main.js >"$WORK/$1.log" 2>&1 &
  PIDS+=($!)
  for _ in $(seq 1 600); do
    curl -fs "http://127.0.0.1:$2/health/ready" >/dev/null 2>&1 && { echo "== node $1 ready on http://127.0.0.1:$2"; return; }
    sleep 0.1
  done
  echo "cluster-demo: node $1 did not become ready:" >&2; cat "$WORK/$1.log" >&2; exit 1
}
# The first node seeds the empty database; the second starts from its snapshot.
PORT_A="$(free_port)"; start_node a "$PORT_A"
PORT_B="$(free_port)"; start_node b "$PORT_B"

AUTH="Authorization: Bearer $CARAVAN_ADMIN_KEY"
echo "== write a unit on node A"
HEADERS="$(curl -fsS -D - -o "$WORK/write.json" -H "$AUTH" -H 'Content-Type: application/json' \
  -d '{"sourceLang":"zh-CN","targetLang":"en","source":"两个节点共享一个数据库。","target":"Two nodes share one database."}' \
  "http://127.0.0.1:$PORT_A/api/v1/tm/units")"
SEQ="$(printf '%s' "$HEADERS" | tr -d '\r' | awk -F': ' 'tolower($1)=="caravan-seq"{print $2}')"
echo "   $(cat "$WORK/write.json")  Caravan-Seq: $SEQ"
echo "== look it up on node B (Caravan-Min-Seq: $SEQ)"
curl -fsS -H "$AUTH" -H 'Content-Type: application/json' -H "Caravan-Min-Seq: $SEQ" \
  -d '{"sourceLang":"zh-CN","targetLang":"en","source":"两个节点共享一个数据库。"}' \
  "http://127.0.0.1:$PORT_B/api/v1/tm/lookup" | node -e '
    let s=""; process.stdin.on("data",(d)=>s+=d).on("end",()=>{const m=JSON.parse(s).matches[0];
    if(!m){console.error("cluster-demo: node B did not find the unit");process.exit(1)}
    console.log(`   node B: ${m.score} ${m.matchType} unit ${m.unitId}: ${m.target}`)})'

if [ "$KEEP" = "--keep" ]; then
  echo "== running: node A http://127.0.0.1:$PORT_A, node B http://127.0.0.1:$PORT_B, key $CARAVAN_ADMIN_KEY; Ctrl-C stops"
  wait
fi
echo "== done"
