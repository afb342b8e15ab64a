#!/usr/bin/env python3
"""The baseline for scripts/bench-verify-export-moto.sh: what an operator
would write with boto3 to check a table against its S3 export.

List the export's data files (PREFIX/AWSDynamoDB/<id>/data/*.json.gz), get
each, gunzip it and read its DynamoDB JSON lines into key -> item; Scan the
table whole (boto3 paginator, one segment) the same way; compare counts and
items by value (boto3's TypeDeserializer: 1.5 equals 1.50, set order does
not count).

Usage: export_compare.py [--endpoint URL] [--region R] TABLE s3://BUCKET/PREFIX
Exit status: 0 equal, 1 different, 2 error.
"""

import argparse
import base64
import gzip
import json
import sys
import time

import boto3
from boto3.dynamodb.types import TypeDeserializer
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError


def unb64(v):
    """DynamoDB JSON's binary values are base64 text; boto3's wire form is bytes."""
    (t, x), = v.items()
    if t == "B":
        return {"B": base64.b64decode(x)}
    if t == "BS":
        return {"BS": [base64.b64decode(b) for b in x]}
    if t == "M":
        return {"M": {k: unb64(w) for k, w in x.items()}}
    if t == "L":
        return {"L": [unb64(w) for w in x]}
    return v


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--endpoint", default=None)
    ap.add_argument("--region", default="us-east-1")
    ap.add_argument("table")
    ap.add_argument("export")
    args = ap.parse_args()
    bucket, _, prefix = args.export.removeprefix("s3://").partition("/")
    ddb = boto3.client("dynamodb", endpoint_url=args.endpoint, region_name=args.region)
    s3 = boto3.client("s3", endpoint_url=args.endpoint, region_name=args.region,
                      config=Config(s3={"addressing_style": "path"}))
    des = TypeDeserializer()
    started = time.monotonic()
    try:
        schema = ddb.describe_table(TableName=args.table)["Table"]["KeySchema"]
        keys = [k["AttributeName"] for k in sorted(schema, key=lambda k: k["KeyType"])]
        exported = {}
        for page in s3.get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix=prefix):
            for obj in page.get("Contents", []):
                if "/data/" not in obj["Key"]:
                    continue
                body = s3.get_object(Bucket=bucket, Key=obj["Key"])["Body"].read()
                # gzip by its magic bytes (moto's names do not say .json.gz).
                if body[:2] == b"\x1f\x8b":
                    body = gzip.decompress(body)
                for line in body.splitlines():
                    if not line.strip():
                        continue
                    raw = json.loads(line)["Item"]
                    item = {n: des.deserialize(unb64(v)) for n, v in raw.items()}
                    exported[tuple(item[k] for k in keys)] = item
        table = {}
        for page in ddb.get_paginator("scan").paginate(TableName=args.table):
            for raw in page["Items"]:
                item = {n: des.deserialize(v) for n, v in raw.items()}
                table[tuple(item[k] for k in keys)] = item
    except (BotoCoreError, ClientError, OSError, ValueError, KeyError) as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    if not exported:
        print(f"error: no export data files under {args.export}", file=sys.stderr)
        return 2
    diffs = [("missing", k) for k in exported if k not in table]
    diffs += [("changed", k) for k, v in exported.items() if k in table and table[k] != v]
    diffs += [("extra", k) for k in table if k not in exported]
    verdict = "different" if diffs else "equal"
    print(f"{verdict}: export {len(exported)} items, table {args.table} {len(table)} items, "
          f"{len(diffs)} differences, {time.monotonic() - started:.2f} s")
    for kind, k in sorted(diffs, key=repr)[:20]:
        print(f"  {kind} {dict(zip(keys, k))}")
    return 1 if diffs else 0


if __name__ == "__main__":
    sys.exit(main())
