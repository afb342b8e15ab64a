#!/usr/bin/env bash
# `dynamo-dr verify` beside a plain boto3 script, over the AWS wire (moto on
# loopback), in the same run:
#   (a) target/release/dynamo-dr verify --source A --target B --segments N
#       (both tables at once, N parallel Scan segments each), for each N in
#       SEGMENTS;
#   (b) scripts/scan_compare.py A B: one thread, a boto3 paginator Scan of A
#       then of B into dicts, then compare (what an operator would write).
# Three on-demand tables with the same ITEMS items of ~1.1 KB (string,
# number, bool, string set, number set, map, list, binary); the third has one
# item changed. Each tool runs RUNS times on the equal pair (interleaved, so
# a change in machine load hits every tool alike) and must say "equal"
# (exit 0); then each runs RUNS times on the changed pair (interleaved) and must say
# "different" (exit 1) with that one key. The fill is timed on its own and
# not counted. Prints a markdown table: median, min and max wall seconds,
# items/s (items of both tables read per second of the median), the
# client's CPU, and moto's CPU over the same run.
#
# Usage: scripts/bench-verify-moto.sh   (env: ITEMS=10000 RUNS=3 SEGMENTS="1 4 8"
#        DYNAMO_DR_BIN=target/release/dynamo-dr)
set -euo pipefail

ITEMS="${ITEMS:-10000}"
RUNS="${RUNS:-3}"
SEGMENTS="${SEGMENTS:-1 4 8}"
BIN="${DYNAMO_DR_BIN:-target/release/dynamo-dr}"
repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo_root"

# shellcheck source=scripts/moto.sh
source scripts/moto.sh
moto_install
bench_build
# The repair's bench (release), found before HOME is replaced below.
repair_bin=""
if [[ "${REPAIR:-1}" == 1 ]]; then
  repair_bin="$(cargo bench --bench repair_moto --no-run --message-format=json 2>/dev/null \
    | "$py" -c 'import json, sys
for line in sys.stdin:
    j = json.loads(line)
    if (j.get("executable") or "").find("repair_moto") >= 0:
        print(j["executable"])' | tail -1)"
  [[ -x "$repair_bin" ]] || { echo "bench: cannot build benches/repair_moto.rs" >&2; exit 1; }
fi

work="$(mktemp -d -t bench-verify-XXXXXX)"
moto_start "$work/moto.log"
trap 'moto_stop; rm -rf "$work"' EXIT

# Only loopback, fake keys, no instance metadata, no real AWS config.
bench_isolate "$work"

src=bench-verify-a same=bench-verify-b changed=bench-verify-c
changed_key="$(printf 'order-%06d' $(( ITEMS * 43 / 100 )))"   # order-004300 at 10,000

now_ns() { date +%s%N; }
ms_since() { echo $(( ($(now_ns) - $1) / 1000000 )); }

echo "bench: creating 3 tables of ${ITEMS} items" >&2
start="$(now_ns)"
"$py" - "$endpoint" "$ITEMS" "$src" "$same" "$changed" "$changed_key" <<'PY'
import sys
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal
import boto3

endpoint, n, tables, changed_key = sys.argv[1], int(sys.argv[2]), sys.argv[3:6], sys.argv[6]
res = boto3.resource("dynamodb", endpoint_url=endpoint, region_name="us-east-1")

def item(i):
    # The shape of tests/verify.rs's item(): ~1.1 KB as DynamoDB JSON.
    return {
        "pk": f"order-{i:06d}",
        "amount": Decimal(f"{i * 3}.{i % 100:02d}"),
        "gift": i % 2 == 0,
        "tags": {f"t{i % 5}", "all"},
        "scores": {Decimal(1), Decimal(i % 9 + 2)},
        "address": {"city": f"c{i % 40}"},
        "history": ["created", None],
        "blob": bytes([i % 256]) * 16,
        "body": f"{i:08d}" * 110,
    }

def fill(name):
    t = res.create_table(
        TableName=name,
        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
        BillingMode="PAY_PER_REQUEST",
    )
    t.wait_until_exists()
    with t.batch_writer() as w:
        for i in range(n):
            w.put_item(Item=item(i))

with ThreadPoolExecutor(len(tables)) as pool:
    list(pool.map(fill, tables))

# One item of the third table changes: 1.5 cents more.
it = item(int(changed_key.split("-")[1]))
it["amount"] += Decimal("0.015")
res.Table(tables[2]).put_item(Item=it)
for name in tables:
    count = res.meta.client.scan(TableName=name, Select="COUNT")
    total = count["Count"]
    while "LastEvaluatedKey" in count:
        count = res.meta.client.scan(TableName=name, Select="COUNT",
                                     ExclusiveStartKey=count["LastEvaluatedKey"])
        total += count["Count"]
    if total != n:
        sys.exit(f"bench: {name} holds {total} items, expected {n}")
PY
fill_ms="$(ms_since "$start")"
echo "bench: filled in ${fill_ms} ms" >&2

# moto's CPU seconds so far (user + system, all its threads).
moto_cpu() {
  awk -v hz="$(getconf CLK_TCK)" '{ printf "%.2f", ($14 + $15) / hz }' "/proc/${moto_pid}/stat"
}

results="$work/results.tsv"
# tool  pair  run  wall_ms  client_user_s  client_sys_s  moto_cpu_s  exit
: >"$results"

# run TOOL PAIR RUN EXPECTED_EXIT OUTFILE -- COMMAND...
run() {
  local tool="$1" pair="$2" n="$3" expect="$4" out="$5"
  shift 6
  local m0 m1 start wall status=0 t
  m0="$(moto_cpu)"
  start="$(now_ns)"
  t="$( { TIMEFORMAT='%U %S'; time "$@" >"$out" 2>"$out.err"; } 2>&1 )" || status=$?
  wall="$(ms_since "$start")"
  m1="$(moto_cpu)"
  if [[ "$status" -ne "$expect" ]]; then
    echo "bench: ${tool} on ${pair} exited ${status}, expected ${expect}:" >&2
    cat "$out" "$out.err" >&2
    exit 1
  fi
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$tool" "$pair" "$n" "$wall" \
    "${t% *}" "${t#* }" "$("$py" -c "print(f'{$m1 - $m0:.2f}')")" "$status" >>"$results"
  printf 'bench: %-22s %-5s run %s: %6.2f s\n' "$tool" "$pair" "$n" \
    "$("$py" -c "print($wall / 1000)")" >&2
}

dd=("$BIN" --endpoint-url "$endpoint" --region us-east-1 verify --json)
sc=("$py" scripts/scan_compare.py --endpoint "$endpoint" --region us-east-1)

# dynamo-dr's JSON must say equal / one Changed key, with every item counted.
check_dd() {
  "$py" - "$1" "$ITEMS" "$2" "$changed_key" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
n, want, key = int(sys.argv[2]), sys.argv[3], sys.argv[4]
assert (r["source_count"], r["target_count"]) == (n, n), r
if want == "equal":
    assert r["equal"] and r["total_differences"] == 0, r
else:
    assert not r["equal"] and r["total_differences"] == 1, r
    d = r["differing_keys"][0]
    assert d["kind"] == "Changed" and d["key"]["pk"]["S"] == key, d
PY
}
check_sc() {
  "$py" - "$1" "$ITEMS" "$2" "$changed_key" <<'PY'
import sys
lines = open(sys.argv[1]).read().splitlines()
n, want, key = sys.argv[2], sys.argv[3], sys.argv[4]
head = f"source bench-verify-a {n} items"
assert lines[0].startswith(want + ":") and head in lines[0], lines
if want == "different":
    assert " 1 differences" in lines[0] and key in lines[1] and "changed" in lines[1], lines
PY
}

for r in $(seq 1 "$RUNS"); do
  for s in $SEGMENTS; do
    run "dynamo-dr-seg$s" equal "$r" 0 "$work/dd.out" -- \
      "${dd[@]}" --segments "$s" --source "$src" --target "$same"
    check_dd "$work/dd.out" equal
  done
  run scan_compare.py equal "$r" 0 "$work/sc.out" -- "${sc[@]}" "$src" "$same"
  check_sc "$work/sc.out" equal
done
for r in $(seq 1 "$RUNS"); do
  rm -f "$work/diff.jsonl"
  run "dynamo-dr-seg${DIFF_SEGMENTS:-4}" diff "$r" 1 "$work/dd.out" -- \
    "${dd[@]}" --segments "${DIFF_SEGMENTS:-4}" --diff-file "$work/diff.jsonl" --source "$src" --target "$changed"
  check_dd "$work/dd.out" different
  run scan_compare.py diff "$r" 1 "$work/sc.out" -- "${sc[@]}" "$src" "$changed"
  check_sc "$work/sc.out" different
done
echo "bench: both tools said equal for ${src}/${same} and named ${changed_key} for ${src}/${changed}" >&2

# Operation 11 on the same differing pair, last (it writes the changed item
# back): benches/repair_moto.rs repairs the changed table from the source.
if [[ -n "$repair_bin" ]]; then
  DYNAMO_DR_BENCH_REPAIR="$endpoint $src $changed" \
    run dynamo-dr-repair diff 1 0 "$work/repair.out" -- "$repair_bin"
  "$py" - "$work/repair.out" <<'PY'
import json, sys
r = json.loads(open(sys.argv[1]).read().splitlines()[-1])
assert (r["deleted"], r["changed"], r["created"]) == (0, 1, 0), r
print(f"bench: repair's diff step {r['diff_secs']:.2f} s, whole repair {r['total_secs']:.2f} s", file=sys.stderr)
for s in r["steps"]:
    print(f"bench:   {s['secs'] or 0:6.2f} s  {s['step']}", file=sys.stderr)
PY
fi

echo
echo "verify over moto ${MOTO_VERSION} (loopback), ${ITEMS} items per table, $(nproc) cores, fill ${fill_ms} ms (not counted)"
echo
"$py" - "$results" "$ITEMS" <<'PY'
import statistics, sys
from collections import defaultdict
rows = [l.split("\t") for l in open(sys.argv[1]).read().splitlines()]
items = 2 * int(sys.argv[2])
groups = defaultdict(list)
for tool, pair, _, wall, user, sys_, moto, _ in rows:
    groups[(pair, tool)].append((int(wall) / 1000, float(user) + float(sys_), float(moto)))
print("| pair | tool | runs | median s | min s | max s | items/s (both tables, median) | client CPU s (median) | moto CPU s (median) |")
print("|---|---|---|---|---|---|---|---|---|")
for (pair, tool), v in sorted(groups.items(), key=lambda kv: (kv[0][0] != "equal", kv[0][1])):
    walls = [w for w, _, _ in v]
    med = statistics.median(walls)
    print(f"| {pair} | {tool} | {len(v)} | {med:.2f} | {min(walls):.2f} | {max(walls):.2f} "
          f"| {items / med:,.0f} | {statistics.median(c for _, c, _ in v):.2f} "
          f"| {statistics.median(m for _, _, m in v):.2f} |")
PY
