#!/usr/bin/env bash
# The inventory of 1,000 tables over the AWS wire (moto on loopback), timed
# two ways in the same run:
#   (a) target/release/dynamo-dr inventory --json (one process, SDK clients,
#       per-table calls 16 at a time);
#   (b) what the reference script does: one `aws` CLI process per call, in
#       sequence: list-tables, then describe-table and
#       describe-continuous-backups for each table.
# A CLI process costs about a second, so (b) over 1,000 tables would take
# about half an hour: it runs on a sample of BASELINE_SAMPLE tables (default
# 40) and is extrapolated linearly to all of them, as the output says. Set
# BASELINE_SAMPLE=1000 to time it whole.
#
# Usage: scripts/bench-moto-inventory.sh   (env: TABLES=1000 BASELINE_SAMPLE=40
#        DYNAMO_DR_BIN=target/release/dynamo-dr)
# awscli is installed into .venv for this bench only; the tests do not need it.
set -euo pipefail

TABLES="${TABLES:-1000}"
BASELINE_SAMPLE="${BASELINE_SAMPLE:-40}"
BIN="${DYNAMO_DR_BIN:-target/release/dynamo-dr}"
repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo_root"

# shellcheck source=scripts/moto.sh
source scripts/moto.sh
moto_install
if ! "$py" -c 'import awscli' 2>/dev/null; then
  echo "bench: installing awscli into .venv (for the baseline only)" >&2
  "$py" -m pip install --quiet --disable-pip-version-check awscli
fi
bench_build

work="$(mktemp -d -t bench-moto-XXXXXX)"
moto_start "$work/moto.log"
trap 'moto_stop; rm -rf "$work"' EXIT

# Only loopback, fake keys, no instance metadata, no real AWS config.
bench_isolate "$work"


echo "bench: creating ${TABLES} tables (PITR on every other one)" >&2
"$py" - "$endpoint" "$TABLES" <<'PY'
import sys
from concurrent.futures import ThreadPoolExecutor
import boto3

endpoint, n = sys.argv[1], int(sys.argv[2])
ddb = boto3.client("dynamodb", endpoint_url=endpoint, region_name="us-east-1")

def create(i):
    name = f"bench-table-{i:04d}"
    ddb.create_table(
        TableName=name,
        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
        BillingMode="PAY_PER_REQUEST",
    )
    if i % 2 == 0:
        ddb.update_continuous_backups(
            TableName=name,
            PointInTimeRecoverySpecification={"PointInTimeRecoveryEnabled": True},
        )

with ThreadPoolExecutor(8) as pool:
    list(pool.map(create, range(n)))
PY

now_ns() { date +%s%N; }
ms_since() { echo $(( ($(now_ns) - $1) / 1000000 )); }

# (a) dynamo-dr, release build.
start="$(now_ns)"
status=0
"$BIN" inventory --json --endpoint-url "$endpoint" --region us-east-1 \
  >"$work/inventory.json" 2>"$work/inventory.err" || status=$?
a_ms="$(ms_since "$start")"
loaded="$("$py" -c "
import json, sys
inv = json.load(open(sys.argv[1]))
print(sum(1 for t in inv['tables'] if 'status' in t and 'pitr' in t and 'error' not in t))
" "$work/inventory.json" 2>/dev/null || echo 0)"
if [[ "$loaded" -ne "$TABLES" ]]; then
  echo "bench: dynamo-dr loaded ${loaded} of ${TABLES} tables (exit ${status}):" >&2
  cat "$work/inventory.err" >&2
  exit 1
fi

# (b) the reference's way: one CLI process per call, in sequence.
aws=("$py" -m awscli --endpoint-url "$endpoint" --region us-east-1 --output json)
start="$(now_ns)"
"${aws[@]}" dynamodb list-tables >"$work/list.json"
list_ms="$(ms_since "$start")"
mapfile -t names < <("$py" -c "
import json, sys
print('\n'.join(json.load(open(sys.argv[1]))['TableNames']))
" "$work/list.json")
if [[ "${#names[@]}" -ne "$TABLES" ]]; then
  echo "bench: list-tables returned ${#names[@]} names, expected ${TABLES}" >&2
  exit 1
fi
sample="$BASELINE_SAMPLE"
(( sample > TABLES )) && sample="$TABLES"
start="$(now_ns)"
for name in "${names[@]:0:$sample}"; do
  "${aws[@]}" dynamodb describe-table --table-name "$name" >/dev/null
  "${aws[@]}" dynamodb describe-continuous-backups --table-name "$name" >/dev/null
done
sample_ms="$(ms_since "$start")"
per_table_ms=$(( sample_ms / sample ))
b_ms=$(( list_ms + sample_ms * TABLES / sample ))

echo
echo "Inventory of ${TABLES} tables on moto ${MOTO_VERSION} (loopback), $(nproc) cores"
printf '  (a) %s inventory --json   %8d ms   (%d tables loaded, exit %d)\n' \
  "$BIN" "$a_ms" "$loaded" "$status"
if (( sample == TABLES )); then
  printf '  (b) aws CLI, one process per call          %8d ms   (measured on all %d tables)\n' \
    "$b_ms" "$TABLES"
else
  printf '  (b) aws CLI, one process per call          %8d ms   EXTRAPOLATED: list-tables %d ms measured,\n' \
    "$b_ms" "$list_ms"
  printf '      + 2 calls x %d sampled tables = %d ms measured (%d ms per table), x %d/%d\n' \
    "$sample" "$sample_ms" "$per_table_ms" "$TABLES" "$sample"
fi
printf '  (b) / (a) = %s\n' "$("$py" -c "print(f'{$b_ms / max($a_ms, 1):.0f}x')")"
