#!/usr/bin/env python3
"""Independent re-derivation of QMTL ids (R-ID-1/2/3/5/8) with PyPI's `blake3` and a JCS
written here from RFC 8785, sharing no code with the Swift implementation.

  independent_ids.py graph IDS.json          check `qmtl graph ids --json` output
  independent_ids.py strategy TYPES.json GOLDEN.json IDS_DIR FILE...
                                            derive every node's id from the strategy FILE itself
                                            by the SPEC §3 rules, reading only the registry table
                                            of `qmtl graph types --json`; compare with
                                            IDS_DIR/<file name>.json (`qmtl graph ids --json`)
                                            and with GOLDEN.json; every golden entry must be met
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

import os

import blake3
import yaml

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


DURATION = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800}


def seconds(v):
    """An interval parameter: positive whole seconds, or <n>[smhdw]."""
    if isinstance(v, (int, float)) and not isinstance(v, bool) and v == int(v) and 0 < v <= 31_622_400:
        return int(v)
    if isinstance(v, str) and len(v) >= 2 and v[-1] in DURATION and v[:-1].isdigit():
        return int(v[:-1]) * DURATION[v[-1]]
    raise ValueError(f"not an interval: {v!r}")


def strip(v):
    """SPEC R-ID-4: drop excluded keys at any depth."""
    if isinstance(v, dict):
        return {k: strip(x) for k, x in v.items() if not (k.lower() in EXCLUDED or k.lower().startswith("env_"))}
    if isinstance(v, list):
        return [strip(x) for x in v]
    return v


def files_to_artifacts(v, base):
    """SPEC R-ID-4: {"file": path} -> {"artifact": blake3 of the file's bytes}, path relative to the strategy."""
    if isinstance(v, dict):
        if set(v) == {"file"}:
            with open(os.path.join(base, v["file"]), "rb") as f:
                return {"artifact": "blake3:" + blake3.blake3(f.read()).hexdigest()}
        return {k: files_to_artifacts(x, base) for k, x in v.items()}
    if isinstance(v, list):
        return [files_to_artifacts(x, base) for x in v]
    return v


def normalise(spec, value):
    if value is None:
        if not spec["nullable"]:
            raise ValueError(f"{spec['name']} must not be null")
        return None
    t = spec["type"]
    if t == "interval":
        return seconds(value)
    if t == "integer":
        if value != int(value) or not spec["min"] <= value <= spec["max"]:
            raise ValueError(f"{spec['name']}: {value!r}")
        return int(value)
    if t == "number":
        if not spec["min"] <= value <= spec["max"]:
            raise ValueError(f"{spec['name']}: {value!r}")
        return value
    if t == "enum" and value not in spec["values"]:
        raise ValueError(f"{spec['name']}: {value!r} not in {spec['values']}")
    return value


def derive(path, types):
    """Every node of a strategy file as {name: (node_id, N)}, root included as "(root)"."""
    text = open(path, encoding="utf-8").read()
    doc = json.loads(text) if path.endswith(".json") else yaml.safe_load(text)
    base = os.path.dirname(os.path.abspath(path))
    specs = {t["name"]: t for t in types["types"]}
    done = {}

    def node_id(n):
        return "blake3:" + blake3.blake3(jcs(n).encode("utf-8")).hexdigest()

    def resolve(name):
        if name in done:
            return done[name]
        d = doc["nodes"][name]
        spec = specs[d["type"]]
        if "code_hash" in d and d["code_hash"] != spec["code_hash"]:
            raise ValueError(f"{name}: code_hash differs from the registry's")
        written = d.get("inputs") or []
        roles = isinstance(written, dict)
        inputs = [(role, resolve(n)) for role, n in written.items()] if roles else [(None, resolve(n)) for n in written]
        given = files_to_artifacts(strip(d.get("params") or {}), base)
        declared = {p["name"]: p for p in spec["params"]}
        unknown = [k for k in given if k not in declared]
        if unknown and not spec["accepts_any_params"]:
            raise ValueError(f"{name}: unknown parameters {unknown}")
        params = {k: given[k] for k in unknown}
        for p in spec["params"]:
            if p["name"] in given:
                params[p["name"]] = normalise(p, given[p["name"]])
            elif "default" in p:
                params[p["name"]] = p["default"]
            else:
                raise ValueError(f"{name}: {p['name']} is required")
        if spec["interval_param"]:
            interval = params.pop(spec["interval_param"])
        else:
            intervals = {n["interval"] for _, (_, n) in inputs}
            if len(intervals) != 1:
                raise ValueError(f"{name}: inputs on intervals {intervals}")
            interval = intervals.pop()
        if roles:
            params["input_roles"] = {role: nid for role, (nid, _) in inputs}
        rule = spec["period"]
        period = rule["constant"] if "constant" in rule else int(params[rule["param"]]) + rule["plus"]
        n = {"node_type": spec["name"], "interval": interval, "period": period, "params": params,
             "dependencies": sorted({nid for _, (nid, _) in inputs}), "schema_id": spec["schema_id"],
             "code_hash": spec["code_hash"]}
        done[name] = (node_id(n), n)
        return done[name]

    for name in doc["nodes"]:
        resolve(name)
    root_spec = specs["StrategyRoot"]
    root = {"node_type": "StrategyRoot", "interval": 0, "period": root_spec["period"]["constant"], "params": {},
            "dependencies": sorted({done[o][0] for o in doc["outputs"]}), "schema_id": root_spec["schema_id"],
            "code_hash": root_spec["code_hash"]}
    out = {name: nid for name, (nid, _) in done.items()}
    out["(root)"] = node_id(root)
    return out


def check_strategies(types_path, golden_path, ids_dir, files):
    types = json.load(open(types_path, encoding="utf-8"))
    golden = json.load(open(golden_path, encoding="utf-8"))["strategies"]
    ok, met = True, set()
    for path in files:
        mine = derive(path, types)
        key = os.path.basename(path)
        printed = json.load(open(os.path.join(ids_dir, key + ".json"), encoding="utf-8"))
        theirs = {n["name"]: n["node_id"] for n in printed["nodes"]}
        problems = [f"{n}: derived {mine.get(n)}, qmtl printed {theirs.get(n)}" for n in sorted(set(mine) | set(theirs))
                    if mine.get(n) != theirs.get(n)]
        if mine["(root)"] != printed["strategy_id"]:
            problems.append(f"strategy id: derived {mine['(root)']}, qmtl printed {printed['strategy_id']}")
        if key in golden:
            met.add(key)
            g = golden[key]
            problems += [f"{n}: derived {mine.get(n)}, golden {g['nodes'][n]}" for n in g["nodes"] if mine.get(n) != g["nodes"][n]]
            if mine["(root)"] != g["strategy_id"]:
                problems.append(f"strategy id: derived {mine['(root)']}, golden {g['strategy_id']}")
        for p in problems:
            print(f"MISMATCH {path}: {p}")
        print(f"{path}: {len(mine)} nodes derived from the file: " + ("all ids match" if not problems else f"{len(problems)} problems"))
        ok = ok and not problems
    missing = sorted(set(golden) - met)
    if missing:
        print(f"MISMATCH golden entries not checked: {missing}")
    return ok and not missing


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
    if len(argv) >= 5 and argv[0] == "strategy":
        return 0 if check_strategies(argv[1], argv[2], argv[3], argv[4:]) else 1
    if len(argv) == 4 and argv[0] == "fingerprint":
        print(fingerprint(argv[1], argv[2], argv[3]))
        return 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
