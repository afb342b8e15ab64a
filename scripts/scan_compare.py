#!/usr/bin/env python3
"""The baseline for scripts/bench-verify-moto.sh: what an operator would
write to check a restore with boto3, single-threaded.

Scan the source table whole (boto3 paginator, one segment, eventually
consistent, default page size), keep key -> item in a dict, then the same
for the target, then compare counts and items. Items are deserialised with
boto3's TypeDeserializer so the comparison is by value, as dynamo-dr's is:
1.5 equals 1.50 (Decimal), set order does not matter, list order does.

Usage: scan_compare.py [--endpoint URL] [--region R] [--max-keys N] SOURCE TARGET
Exit status: 0 equal, 1 different, 2 error.
"""

import argparse
import sys
import time

import boto3
from boto3.dynamodb.types import TypeDeserializer
from botocore.exceptions import BotoCoreError, ClientError


def key_names(ddb, table):
    schema = ddb.describe_table(TableName=table)["Table"]["KeySchema"]
    # HASH first, then RANGE.
    return [k["AttributeName"] for k in sorted(schema, key=lambda k: k["KeyType"])]


def scan(ddb, table, keys):
    """key tuple -> item (Python values)."""
    des = TypeDeserializer()
    items = {}
    for page in ddb.get_paginator("scan").paginate(TableName=table):
        for raw in page["Items"]:
            item = {name: des.deserialize(value) for name, value in raw.items()}
            items[tuple(item[k] for k in keys)] = item
    return items


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--endpoint", default=None)
    ap.add_argument("--region", default="us-east-1")
    ap.add_argument("--max-keys", type=int, default=20)
    ap.add_argument("source")
    ap.add_argument("target")
    args = ap.parse_args()

    ddb = boto3.client("dynamodb", endpoint_url=args.endpoint, region_name=args.region)
    started = time.monotonic()
    try:
        keys = key_names(ddb, args.source)
        if key_names(ddb, args.target) != keys:
            print(f"error: key schemas differ between {args.source} and {args.target}",
                  file=sys.stderr)
            return 2
        src = scan(ddb, args.source, keys)
        dst = scan(ddb, args.target, keys)
    except (BotoCoreError, ClientError) as e:
        print(f"error: {e}", file=sys.stderr)
        return 2

    diffs = []
    for k, item in src.items():
        other = dst.get(k)
        if other is None:
            diffs.append(("missing", k))
        elif other != item:
            diffs.append(("changed", k))
    diffs.extend(("extra", k) for k in dst.keys() - src.keys())

    elapsed = time.monotonic() - started
    verdict = "different" if diffs else "equal"
    print(f"{verdict}: source {args.source} {len(src)} items, "
          f"target {args.target} {len(dst)} items, "
          f"{len(diffs)} differences, {elapsed:.2f} s")
    for kind, k in sorted(diffs, key=repr)[: args.max_keys]:
        print(f"  {kind} {dict(zip(keys, k))}")
    if len(diffs) > args.max_keys:
        print(f"  … and {len(diffs) - args.max_keys} more")
    return 1 if diffs else 0


if __name__ == "__main__":
    sys.exit(main())
