#!/usr/bin/env python3
"""An independent Iceberg v2 reader for tests (fastavro + pyarrow), following the spec's rules, not our code:
metadata.json -> snapshot -> manifest list -> manifests -> live entries (status != 2, null sequence numbers
inherited from the manifest list for ADDED entries); data columns matched by Parquet field id; position deletes
apply to data files with data sequence number <= the delete's; equality deletes to data files with a strictly
smaller data sequence number, globally when the delete file's spec is unpartitioned, else in the same partition.

usage: read_iceberg.py <metadata.json path> <s3 root dir (holds <bucket>/<key>)> [snapshot-id]
prints JSON: {"columns": [...], "rows": [[...], ...], "checks": {...}} (rows in no particular order)
"""
import json, os, sys, datetime, decimal
import fastavro
import pyarrow.parquet as pq

meta_path, s3root = sys.argv[1], sys.argv[2]
meta = json.load(open(meta_path))
assert meta["format-version"] == 2, "format-version must be 2"

def local(uri):
    assert uri.startswith("s3://"), uri
    return os.path.join(s3root, uri[len("s3://"):])

def read_avro(uri):
    with open(local(uri), "rb") as f:
        r = fastavro.reader(f)
        return r.metadata, r.writer_schema, list(r)

checks = {}
snap_id = int(sys.argv[3]) if len(sys.argv) > 3 else meta.get("current-snapshot-id", -1)
if snap_id is None or snap_id < 0:
    snap = None
else:
    snap = next(s for s in meta["snapshots"] if s["snapshot-id"] == snap_id)
    assert meta["refs"]["main"]["snapshot-id"] == meta["current-snapshot-id"], "refs.main == current-snapshot-id"
if snap is not None and len(sys.argv) > 3 and "schema-id" in snap:
    schema = next(s for s in meta["schemas"] if s["schema-id"] == snap["schema-id"])
else:
    schema = next(s for s in meta["schemas"] if s["schema-id"] == meta["current-schema-id"])
specs = {s["spec-id"]: s for s in meta["partition-specs"]}

data, pos_deletes, eq_deletes = [], [], []
if snap is not None:
    lmeta, lschema, manifests = read_avro(snap["manifest-list"])
    assert lmeta["format-version"] == "2" and lmeta["snapshot-id"] == str(snap["snapshot-id"])
    ids = {f["name"]: f.get("field-id") for f in lschema["fields"]}
    assert ids["manifest_path"] == 500 and ids["content"] == 517 and ids["sequence_number"] == 515
    assert ids["added_data_files_count"] == 504, ids
    for mf in manifests:
        mmeta, mschema, entries = read_avro(mf["manifest_path"])
        assert mmeta["format-version"] == "2"
        assert mmeta["content"] == ("data" if mf["content"] == 0 else "deletes")
        assert json.loads(mmeta["partition-spec"]) == specs[mf["partition_spec_id"]]["fields"]
        assert "schema" in mmeta and int(mmeta["partition-spec-id"]) == mf["partition_spec_id"]
        df_schema = next(f for f in mschema["fields"] if f["name"] == "data_file")["type"]
        part_schema = next(f for f in df_schema["fields"] if f["name"] == "partition")["type"]
        for pf, sf in zip(part_schema["fields"], specs[mf["partition_spec_id"]]["fields"]):
            assert pf["field-id"] == sf["field-id"] and sf["field-id"] >= 1000
        for e in entries:
            if e["status"] == 2:
                continue
            seq = e["sequence_number"]
            if seq is None:
                assert e["status"] == 1, "only ADDED entries inherit sequence numbers"
                seq = mf["sequence_number"]
            d = e["data_file"]
            item = dict(path=d["file_path"], seq=seq, spec=mf["partition_spec_id"], part=d["partition"],
                        content=d["content"], eq=d.get("equality_ids"), records=d["record_count"])
            assert mf["content"] == (0 if d["content"] == 0 else 1)
            item["lower"] = {x["key"]: x["value"] for x in (d.get("lower_bounds") or [])}
            item["upper"] = {x["key"]: x["value"] for x in (d.get("upper_bounds") or [])}
            (data if d["content"] == 0 else pos_deletes if d["content"] == 1 else eq_deletes).append(item)

def field_id(f):
    md = f.metadata or {}
    v = md.get(b"PARQUET:field_id")
    return int(v) if v is not None else None

def norm(v):
    if isinstance(v, datetime.datetime):
        if v.tzinfo is None:
            v = v.replace(tzinfo=datetime.timezone.utc)
        return int(v.timestamp() * 1_000_000) if v.microsecond == 0 else int(v.timestamp()) * 1_000_000 + v.microsecond
    if isinstance(v, datetime.date):
        return v.isoformat()
    if isinstance(v, decimal.Decimal):
        return str(v)
    if isinstance(v, bytes):
        return v.hex()
    return v

def read_by_id(path, ids):
    t = pq.read_table(local(path))
    by_id = {field_id(f): f.name for f in t.schema}
    cols = []
    for i in ids:
        if i in by_id:
            cols.append([norm(x) for x in t.column(by_id[i]).to_pylist()])
        else:
            cols.append([None] * t.num_rows)
    return [list(r) for r in zip(*cols)] if cols else [[] for _ in range(t.num_rows)], t.num_rows

# Position deletes: (file, pos) -> max delete seq
posd = {}
for d in pos_deletes:
    t = pq.read_table(local(d["path"]))
    ids = {field_id(f): f.name for f in t.schema}
    assert 2147483546 in ids and 2147483545 in ids, "position delete field ids"
    for fp, p in zip(t.column(ids[2147483546]).to_pylist(), t.column(ids[2147483545]).to_pylist()):
        posd.setdefault((fp, p), []).append(d["seq"])
eqd = []
for d in eq_deletes:
    rows, _ = read_by_id(d["path"], d["eq"])
    glob = len(specs[d["spec"]]["fields"]) == 0
    eqd.append((d, set(tuple(r) for r in rows), glob))

import struct
types_by_id = {}
for s_ in meta["schemas"]:
    for f in s_["fields"]:
        types_by_id[f["id"]] = f["type"]

def decode_bound(t, b):
    """Spec single-value serialization -> the normalized value (as norm() gives for the column)."""
    if t in ("int",): return struct.unpack("<i", b)[0]
    # A promoted column (int -> long, float -> double) keeps the bounds its files were written with.
    if t in ("long",): return struct.unpack("<q" if len(b) == 8 else "<i", b)[0]
    if t == "double": return struct.unpack("<d" if len(b) == 8 else "<f", b)[0]
    if t == "float": return struct.unpack("<f", b)[0]
    if t == "string": return b.decode("utf-8")
    if t == "date": return (datetime.date(1970, 1, 1) + datetime.timedelta(days=struct.unpack("<i", b)[0])).isoformat()
    if t in ("timestamp", "timestamptz"): return struct.unpack("<q", b)[0]
    return None

def check_bounds(df):
    """Every bound a data file declares must hold for the values in it (readers prune with them)."""
    for fid, lb in df["lower"].items():
        t = types_by_id.get(fid)
        if not isinstance(t, str): continue
        lo, hi = decode_bound(t, lb), decode_bound(t, df["upper"][fid])
        if lo is None: continue
        vals, _ = read_by_id(df["path"], [fid])
        vals = [v[0] for v in vals if v[0] is not None]
        if not vals: continue
        if t == "float":
            continue
        assert lo <= min(vals) and hi >= max(vals), ("bounds", fid, lo, hi, min(vals), max(vals))
        if t != "string":
            assert lo == min(vals) and hi == max(vals), ("exact bounds", fid, lo, hi, min(vals), max(vals))
        checks["bounds"] = checks.get("bounds", 0) + 1

out_ids = [f["id"] for f in schema["fields"]]
all_ids = list(out_ids)
for d, _, _ in eqd:
    for i in d["eq"]:
        if i not in all_ids:
            all_ids.append(i)
result = []
for df in data:
    check_bounds(df)
    rows, n = read_by_id(df["path"], all_ids)
    assert n == df["records"], "record_count matches the file"
    for pos, r in enumerate(rows):
        if any(s >= df["seq"] for s in posd.get((df["path"], pos), [])):
            continue
        dead = False
        for d, keys, glob in eqd:
            if d["seq"] <= df["seq"]:
                continue
            if not glob and (d["spec"] != df["spec"] or d["part"] != df["part"]):
                continue
            key = tuple(r[all_ids.index(i)] for i in d["eq"])
            if key in keys:
                dead = True
                break
        if not dead:
            result.append(r[:len(out_ids)])
print(json.dumps({"columns": [f["name"] for f in schema["fields"]], "rows": result,
                  "files": {"data": len(data), "pos": len(pos_deletes), "eq": len(eq_deletes)}, "checks": checks}))
