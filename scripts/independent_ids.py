#!/usr/bin/env python3
"""Independent re-derivation of QMTL ids (R-ID-1/2/3/5/8) with PyPI's `blake3` and a JCS
written here from RFC 8785, sharing no code with the Swift implementation.

  independent_ids.py graph IDS.json          check `qmtl graph ids --json` output
  independent_ids.py fingerprint CSV SYMBOL INTERVAL
                                            print the DatasetFingerprint of a bar CSV

`graph` checks, for every node: node_id == blake3(canonical); canonical is the JCS of itself
re-parsed; N has exactly the seven fields; dependencies are sorted, unique and present;
params hold no excluded key; and the root's id is the strategy_id. Exit 1 on any mismatch.
"""
import datetime
import json
import math
import sys

import blake3

EXCLUDED = {"world", "world_id", "world_ids", "execution_domain", "domain", "as_of", "partition",
            "dataset_fingerprint", "timestamp", "seed", "random_state", "env"}
FIELDS = {"node_type", "interval", "period", "params", "dependencies", "schema_id", "code_hash"}


def es_number(x):
    """ECMAScript Number::toString for a finite double (RFC 8785 §3.2.2.3)."""
    if isinstance(x, bool) or not math.isfinite(x):
        raise ValueError(f"not a finite number: {x!r}")
    if isinstance(x, int):
        if abs(x) > 2 ** 53:
            raise ValueError(f"integer beyond 2^53: {x}")
        return str(x)
    if x == 0:
        return "0"
    if x < 0:
        return "-" + es_number(-x)
    mantissa, _, exp = repr(x).partition("e")  # repr is the shortest round-trip form
    intpart, _, frac = mantissa.partition(".")
    digits = (intpart + frac).lstrip("0")
    n = len(intpart) + int(exp or 0) - (len(intpart + frac) - len((intpart + frac).lstrip("0")))
    digits = digits.rstrip("0") or "0"
    k = len(digits)
    if k <= n <= 21:
        return digits + "0" * (n - k)
    if 0 < n <= 21:
        return digits[:n] + "." + digits[n:]
    if -6 < n <= 0:
        return "0." + "0" * (-n) + digits
    e = n - 1
    sign = "+" if e >= 0 else "-"
    return (digits[0] + ("." + digits[1:] if k > 1 else "")) + "e" + sign + str(abs(e))


def jcs_string(s):
    out = ['"']
    for ch in s:
        c = ord(ch)
        if ch == '"':
            out.append('\\"')
        elif ch == "\\":
            out.append("\\\\")
        elif c < 0x20:
            out.append({8: "\\b", 9: "\\t", 10: "\\n", 12: "\\f", 13: "\\r"}.get(c, "\\u%04x" % c))
        else:
            out.append(ch)
    out.append('"')
    return "".join(out)


def jcs(v):
    if v is None:
        return "null"
    if v is True:
        return "true"
    if v is False:
        return "false"
    if isinstance(v, (int, float)):
        return es_number(v)
    if isinstance(v, str):
        return jcs_string(v)
    if isinstance(v, list):
        return "[" + ",".join(jcs(e) for e in v) + "]"
    if isinstance(v, dict):
        keys = sorted(v, key=lambda k: k.encode("utf-16-be"))
        return "{" + ",".join(jcs_string(k) + ":" + jcs(v[k]) for k in keys) + "}"
    raise TypeError(type(v))


def excluded_keys(v, path=""):
    found = []
    if isinstance(v, dict):
        for k, x in v.items():
            if k.lower() in EXCLUDED or k.lower().startswith("env_"):
                found.append(path + "/" + k)
            found += excluded_keys(x, path + "/" + k)
    elif isinstance(v, list):
        for i, x in enumerate(v):
            found += excluded_keys(x, f"{path}/{i}")
    return found


def check_graph(path):
    doc = json.load(open(path, encoding="utf-8"))
    problems = []
    ids = set()
    for node in doc["nodes"]:
        name, canonical = node["name"], node["canonical"]
        digest = "blake3:" + blake3.blake3(canonical.encode("utf-8")).hexdigest()
        if digest != node["node_id"]:
            problems.append(f"{name}: blake3(canonical) = {digest}, printed {node['node_id']}")
        n = json.loads(canonical)
        if jcs(n) != canonical:
            problems.append(f"{name}: canonical is not in JCS form: {jcs(n)}")
        if set(n) != FIELDS:
            problems.append(f"{name}: N has fields {sorted(n)}")
        deps = n["dependencies"]
        if deps != sorted(set(deps)):
            problems.append(f"{name}: dependencies not sorted and unique")
        for d in deps:
            if d not in ids:
                problems.append(f"{name}: dependency {d} is not an earlier node")
        if excluded_keys(n["params"]):
            problems.append(f"{name}: excluded keys hashed: {excluded_keys(n['params'])}")
        ids.add(digest)
    root = doc["nodes"][-1]
    if json.loads(root["canonical"])["node_type"] != "StrategyRoot" or root["node_id"] != doc["strategy_id"]:
        problems.append("the last node is not the StrategyRoot whose id is the strategy_id")
    for p in problems:
        print("MISMATCH " + p)
    print(f"{path}: {len(doc['nodes'])} nodes, strategy {doc['strategy_id']}: "
          + ("reproduced" if not problems else f"{len(problems)} problems"))
    return not problems


def fingerprint(csv_path, symbol, interval):
    h = blake3.blake3()
    h.update(f"qmtl.dataset/v1\nsymbol={symbol}\ninterval={int(interval)}\n".encode())
    with open(csv_path, encoding="utf-8") as f:
        header = f.readline().strip()
        assert header == "ts,open,high,low,close,volume", header
        for line in f:
            line = line.strip()
            if not line:
                continue
            ts, *values = line.split(",")
            when = datetime.datetime.strptime(ts, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=datetime.timezone.utc)
            numbers = [es_number(float(v)) for v in values]
            h.update((str(int(when.timestamp())) + "," + ",".join(numbers) + "\n").encode())
    return "lake:blake3:" + h.hexdigest()


def main(argv):
    if len(argv) >= 2 and argv[0] == "graph":
        return 0 if all([check_graph(p) for p in argv[1:]]) else 1
    if len(argv) == 4 and argv[0] == "fingerprint":
        print(fingerprint(argv[1], argv[2], argv[3]))
        return 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
