# Lists every service lakehouse provisions through boto3 (a client we did not write) at an endpoint and prints,
# as JSON, every resource that carries lakehouse:pipeline=<name> or bears one of the given names.
# Usage: python3 leftovers.py <endpoint|""> <pipeline> [name ...]   ("" = the real account: default credentials,
# AWS_REGION).
import json
import os
import sys

import boto3
from botocore.config import Config

endpoint, pipeline, names = sys.argv[1], sys.argv[2], set(sys.argv[3:])
if endpoint:
    kw = dict(endpoint_url=endpoint, region_name="us-east-1", aws_access_key_id="test", aws_secret_access_key="test",
              config=Config(retries={"max_attempts": 2}))
else:
    kw = dict(region_name=os.environ.get("AWS_REGION", "us-east-1"), config=Config(retries={"max_attempts": 5}))
TAG = "lakehouse:pipeline"
found = []


def ours(kind, name, tags):
    if tags.get(TAG) == pipeline or name in names:
        found.append({"kind": kind, "name": name, "tags": tags})


kinesis = boto3.client("kinesis", **kw)
def pages(client, op, key, **args):
    for page in client.get_paginator(op).paginate(**args):
        yield from page.get(key, [])


for s in pages(kinesis, "list_streams", "StreamNames"):
    t = {x["Key"]: x["Value"] for x in kinesis.list_tags_for_stream(StreamName=s).get("Tags", [])}
    ours("stream", s, t)

firehose = boto3.client("firehose", **kw)
for d in firehose.list_delivery_streams().get("DeliveryStreamNames", []):
    t = {x["Key"]: x["Value"] for x in firehose.list_tags_for_delivery_stream(DeliveryStreamName=d).get("Tags", [])}
    ours("delivery", d, t)

s3 = boto3.client("s3", **kw)
for b in s3.list_buckets().get("Buckets", []):
    try:
        t = {x["Key"]: x["Value"] for x in s3.get_bucket_tagging(Bucket=b["Name"]).get("TagSet", [])}
    except s3.exceptions.ClientError:
        t = {}
    ours("bucket", b["Name"], t)

glue = boto3.client("glue", **kw)
for db in pages(glue, "get_databases", "DatabaseList"):
    ours("database", db["Name"], db.get("Parameters", {}))
    for tb in pages(glue, "get_tables", "TableList", DatabaseName=db["Name"]):
        ours("table", f'{db["Name"]}.{tb["Name"]}', tb.get("Parameters", {}))

athena = boto3.client("athena", **kw)
def workgroups():
    token = None
    while True:
        page = athena.list_work_groups(**({"NextToken": token} if token else {}))
        yield from page.get("WorkGroups", [])
        token = page.get("NextToken")
        if not token:
            return


for wg in workgroups():
    if wg["Name"] == "primary":
        continue
    arn = f'arn:aws:athena:{kw["region_name"]}:{boto3.client("sts", **kw).get_caller_identity()["Account"]}:workgroup/{wg["Name"]}'
    t = {x["Key"]: x["Value"] for x in athena.list_tags_for_resource(ResourceARN=arn).get("Tags", [])}
    ours("workgroup", wg["Name"], t)

iam = boto3.client("iam", **kw)
for r in pages(iam, "list_roles", "Roles"):
    t = {x["Key"]: x["Value"] for x in iam.list_role_tags(RoleName=r["RoleName"]).get("Tags", [])}
    ours("role", r["RoleName"], t)

print(json.dumps(found))
