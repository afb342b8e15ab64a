#!/usr/bin/env bash
# `dynamo-dr verify --source TABLE --target s3://…` beside a boto3 script
# doing the same (scripts/export_compare.py), over the AWS wire (moto on
# loopback), in the same run. One on-demand table of ITEMS items of ~1.1 KB
# (the shape of scripts/bench-verify-moto.sh), PITR on, exported by moto's
# ExportTableToPointInTime to its own S3 (gzip DynamoDB JSON lines). Each
# tool runs RUNS times on the table and its export (interleaved) and must
# say "equal" (exit 0); then one item of the table is changed and each runs
# once more and must say "different" (exit 1) naming it. Prints a markdown
# table: median, min, max wall seconds; items/s (the table's and the
# export's items together per second of the median); client and moto CPU.
#
# Usage: scripts/bench-verify-export-moto.sh   (env: ITEMS=10000 RUNS=3
#        DYNAMO_DR_BIN=target/release/dynamo-dr)
set -euo pipefail

ITEMS="${ITEMS:-10000}"
RUNS="${RUNS:-3}"
BIN="${DYNAMO_DR_BIN:-target/release/dynamo-dr}"
repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo_root"

# shellcheck source=scripts/moto.sh
source scripts/moto.sh
moto_install
bench_build
work="$(mktemp -d -t bench-export-XXXXXX)"
moto_start "$work/moto.log"
trap 'moto_stop; rm -rf "$work"' EXIT
bench_isolate "$work"

table=bench-export-orders bucket=bench-exports prefix=nightly
changed_key="$(printf 'order-%06d' $(( ITEMS * 43 / 100 )))"
now_ns() { date +%s%N; }
ms_since() { echo $(( ($(now_ns) - $1) / 1000000 )); }

echo "bench: creating ${table} with ${ITEMS} items and exporting it" >&2
"$py" - "$endpoint" "$ITEMS" "$table" "$bucket" "$prefix" <<'PY'
import sys, time
from decimal import Decimal
import boto3
from botocore.config import Config

endpoint, n, table, bucket, prefix = sys.argv[1], int(sys.argv[2]), *sys.argv[3:6]
res = boto3.resource("dynamodb", endpoint_url=endpoint, region_name="us-east-1")
client = res.meta.client

def item(i):
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

t = res.create_table(
    TableName=table,
    KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
    AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
    BillingMode="PAY_PER_REQUEST",
)
t.wait_until_exists()
with t.batch_writer() as w:
    for i in range(n):
        w.put_item(Item=item(i))
client.update_continuous_backups(
    TableName=table,
    PointInTimeRecoverySpecification={"PointInTimeRecoveryEnabled": True})
s3 = boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1",
                  config=Config(s3={"addressing_style": "path"}))
s3.create_bucket(Bucket=bucket)
arn = client.describe_table(TableName=table)["Table"]["TableArn"]
export = client.export_table_to_point_in_time(TableArn=arn, S3Bucket=bucket, S3Prefix=prefix)
export_arn = export["ExportDescription"]["ExportArn"]
for _ in range(600):
    d = client.describe_export(ExportArn=export_arn)["ExportDescription"]
    if d["ExportStatus"] == "COMPLETED":
        break
    time.sleep(0.1)
else:
    sys.exit("bench: moto's export never completed")
files = [o for o in s3.list_objects_v2(Bucket=bucket, Prefix=prefix).get("Contents", [])
         if "/data/" in o["Key"]]
print(f"bench: export of {n} items in {len(files)} data files, "
      f"{sum(o['Size'] for o in files):,} bytes gzip", file=sys.stderr)
PY

moto_cpu() {
  awk -v hz="$(getconf CLK_TCK)" '{ printf "%.2f", ($14 + $15) / hz }' "/proc/${moto_pid}/stat"
}
results="$work/results.tsv"
: >"$results"
# run TOOL PAIR EXPECTED_EXIT OUTFILE -- COMMAND...
run() {
  local tool="$1" pair="$2" expect="$3" out="$4"
  shift 5
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
  printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$tool" "$pair" "$wall" "${t% *}" "${t#* }" \
    "$("$py" -c "print(f'{$m1 - $m0:.2f}')")" >>"$results"
  printf 'bench: %-18s %-5s %6.2f s\n' "$tool" "$pair" "$("$py" -c "print($wall / 1000)")" >&2
}

export_url="s3://${bucket}/${prefix}"
dd=("$BIN" --endpoint-url "$endpoint" --region us-east-1 verify --json --source "$table" --target "$export_url")
ec=("$py" scripts/export_compare.py --endpoint "$endpoint" --region us-east-1 "$table" "$export_url")
check_dd() {
  "$py" - "$1" "$ITEMS" "$2" "$changed_key" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
n, want, key = int(sys.argv[2]), sys.argv[3], sys.argv[4]
assert (r["source_count"], r["target_count"]) == (n, n), r
if want == "equal":
    assert r["equal"], r
else:
    assert not r["equal"] and r["total_differences"] == 1, r
    assert r["differing_keys"][0]["key"]["pk"]["S"] == key, r
PY
}
check_ec() {
  grep -q "^$2: export ${ITEMS} items" "$1" || { cat "$1" >&2; exit 1; }
  [[ "$2" == equal ]] || grep -q "$changed_key" "$1" || { cat "$1" >&2; exit 1; }
}

for r in $(seq 1 "$RUNS"); do
  run dynamo-dr equal 0 "$work/dd.out" -- "${dd[@]}" --diff-file "$work/d$r.jsonl"
  check_dd "$work/dd.out" equal
  run export_compare.py equal 0 "$work/ec.out" -- "${ec[@]}"
  check_ec "$work/ec.out" equal
done
"$py" - "$endpoint" "$table" "$changed_key" <<'PY'
import sys
import boto3
endpoint, table, key = sys.argv[1:4]
boto3.client("dynamodb", endpoint_url=endpoint, region_name="us-east-1").update_item(
    TableName=table, Key={"pk": {"S": key}},
    UpdateExpression="SET amount = :a", ExpressionAttributeValues={":a": {"N": "-1"}})
PY
run dynamo-dr diff 1 "$work/dd.out" -- "${dd[@]}" --diff-file "$work/diff.jsonl"
check_dd "$work/dd.out" different
run export_compare.py diff 1 "$work/ec.out" -- "${ec[@]}"
check_ec "$work/ec.out" different
echo "bench: both tools said equal, then both named ${changed_key}" >&2

echo
echo "verify against an export over moto ${MOTO_VERSION} (loopback), ${ITEMS} items, $(nproc) cores"
echo
"$py" - "$results" "$ITEMS" <<'PY'
import statistics, sys
from collections import defaultdict
rows = [l.split("\t") for l in open(sys.argv[1]).read().splitlines()]
items = 2 * int(sys.argv[2])
groups = defaultdict(list)
for tool, pair, wall, user, sys_, moto in rows:
    groups[(pair, tool)].append((int(wall) / 1000, float(user) + float(sys_), float(moto)))
print("| pair | tool | runs | median s | min s | max s | items/s (table + export, median) | client CPU s | moto CPU s |")
print("|---|---|---|---|---|---|---|---|---|")
for (pair, tool), v in sorted(groups.items(), key=lambda kv: (kv[0][0] != "equal", kv[0][1])):
    walls = [w for w, _, _ in v]
    med = statistics.median(walls)
    print(f"| {pair} | {tool} | {len(v)} | {med:.2f} | {min(walls):.2f} | {max(walls):.2f} "
          f"| {items / med:,.0f} | {statistics.median(c for _, c, _ in v):.2f} "
          f"| {statistics.median(m for _, _, m in v):.2f} |")
PY
