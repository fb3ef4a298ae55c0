#!/usr/bin/env python3
"""The seed article's producer shape, for comparison: one boto3 put_record call per event, one constant
partition key (every event on one shard), no batching, no retries. Run against `lakehouse serve`.

usage: seed_producer.py ENDPOINT STREAM N  -> prints one JSON line {"records", "seconds", "records_per_second"}

Events are built with the standard library (the article used Faker; Debian's python3-faker is not assumed),
which makes this loop faster than the article's, i.e. the comparison flatters the seed's approach.
"""
import json
import random
import sys
import time
import uuid
from datetime import datetime, timezone

import boto3

NAMES = ["Ann", "Bob", "Carla", "Dmitri", "Eve", "Farid", "Gwen", "Hiro"]
LAST = ["Lee", "Smith", "Garcia", "Okafor", "Novak", "Tanaka", "Silva", "Khan"]
STATUS = ["Active", "Inactive", "Canceled"]


def event():
    first, last = random.choice(NAMES), random.choice(LAST)
    return {
        "uuid": str(uuid.uuid4()),
        "event_date": datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z",
        "status": random.choice(STATUS),
        "name": first,
        "last_name": last,
        "email": f"{first}.{last}{random.randint(1, 99)}@example.com",
        "phone": random.randint(900000000, 999999999),
    }


def main():
    endpoint, stream, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
    client = boto3.client(
        "kinesis",
        endpoint_url=endpoint,
        region_name="us-east-1",
        aws_access_key_id="test",
        aws_secret_access_key="test",
    )
    start = time.perf_counter()
    for _ in range(n):
        client.put_record(StreamName=stream, Data=json.dumps(event()), PartitionKey="partitionkey")
    seconds = time.perf_counter() - start
    print(json.dumps({"records": n, "seconds": seconds, "records_per_second": n / seconds}))


if __name__ == "__main__":
    main()
