#!/usr/bin/env python3
"""Check a published draw (DSR-1) yourself. Needs only Python 3 — nothing to install.
    python3 verify_draw.py RESULT.json --frame frame.csv [--inspectors inspectors.csv] [--conflicts conflicts.csv]
It recomputes the whole draw from the frame and the recorded inputs (seed, parameters) and prints OK, or every
difference it finds. Each unit's ticket is SHA-256 based; the smallest tickets of each stratum are selected."""

import argparse
import hashlib
import json
import multiprocessing
import os
import sys
from collections import Counter
from fractions import Fraction


def H(text):  # the SHA-256 of a text, as 64 hex characters
    return hashlib.sha256(text.encode("utf-8")).hexdigest()

def ticket(unit_id, seed):  # "0." + the decimal digits of H(H(seed) + id), padded to 64 and reversed
    return "0." + format(int(H(H(seed) + unit_id), 16), "064d")[::-1]

FIRST4 = [int(f"{m:04d}"[::-1]) for m in range(10000)]  # the first 4 digits of a ticket, from the number's last 4
PLAIN = bytes(range(0x21, 0x7F)).replace(b"|", b"") + b"\n"  # the bytes a canonical frame file is made of
NOT_SEPARATOR = bytes(b for b in range(256) if b not in b",\n")

def canon(value):  # the canonical JSON text that hashes are computed over
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)

def read_csv(path, header):
    with open(path, encoding="utf-8-sig") as f:
        lines = [line.rstrip("\r\n") for line in f]
    if lines[0].split(",")[: len(header)] != header:
        sys.exit(f"{path}: the first line must be {','.join(header)}")
    return [line.split(",") for line in lines[1:] if line.strip()]

def scan_frame(path, seed_of, bounds):
    """Read the frame (rewritten in canonical form unless it is already), hash each unit once (every CPU takes a
    share of the lines) and return the frame's SHA-256, the units per stratum and the units that can be among their
    stratum's best: a ticket's first 4 digits are its number's last 4 reversed, so a unit whose first 4 digits
    exceed those of its stratum's last recorded ticket (`bounds`) cannot come before it."""
    global SHARED  # what the helper processes read (they are forked: nothing is copied)
    data = open(path, "rb").read()
    for attempt in (1, 2):
        if attempt == 2 or not (data.startswith(b"id,stratum\n") and data.endswith(b"\n") and not data.translate(
                None, PLAIN) and data.translate(None, NOT_SEPARATOR) == b",\n" * data.count(b"\n")):
            rows = sorted((i.strip(), s.strip()) for i, s in read_csv(path, ["id", "stratum"]))  # str order
            data = ("id,stratum\n" + "".join(f"{i},{s}\n" for i, s in rows)).encode()
        sha, start, cpus = hashlib.sha256(data).hexdigest(), 11, (os.cpu_count() or 1) if len(data) > 1 << 23 else 1
        cuts = sorted({start, len(data), *(data.find(b"\n", start + (len(data) - start) * k // cpus) + 1
                                           for k in range(1, cpus))})
        SHARED = (data, seed_of(sha), bounds)
        if cpus > 1 and "fork" in multiprocessing.get_all_start_methods():
            with multiprocessing.get_context("fork").Pool(cpus) as pool:
                shares = pool.map(scan_share, list(zip(cuts, cuts[1:])))
        else:
            shares = [scan_share(share) for share in zip(cuts, cuts[1:])]
        edges = [edge for share in shares for edge in share[2]]  # first and last id of each share
        if all(share[3] for share in shares) and all(map(bytes.__lt__, edges[1::2], edges[2::2])):
            break
        if attempt == 2:  # even sorted, the lines do not make a frame
            sys.exit(f"{path}: an empty id or stratum code, or an id given twice")
    counts, near = sum((share[0] for share in shares), Counter()), {}
    for stratum, entry in (pair for share in shares for pair in share[1]):
        near.setdefault(stratum, []).append(entry)
    return sha, {s.decode(): n for s, n in counts.items()}, near, data

def scan_share(share):  # one CPU's lines: (units per stratum, near units, first and last id, all well formed)
    (data, seed, bounds), (start, stop) = SHARED, share
    parts = data[start:stop].replace(b",", b"\n").split(b"\n")  # id, stratum, id, stratum, ..., ""
    ids, strata = parts[0:-1:2], parts[1::2]
    ok = all(ids) and all(strata) and all(map(bytes.__lt__, ids, ids[1:]))  # ascending: no id twice
    copy, near = hashlib.sha256(H(seed).encode()).copy, []  # H(seed) is hashed once; each unit adds its id
    for i, s in zip(ids, strata):
        h = copy()
        h.update(i)
        value = int.from_bytes(h.digest(), "big")  # = int(H(H(seed) + id), 16)
        if FIRST4[value % 10000] <= bounds.get(s, 9999):
            near.append((s.decode(), ("0." + format(value, "064d")[::-1], i.decode())))  # (stratum, (ticket, id))
    return Counter(strata), near, ids[:1] + ids[-1:], ok

def allocate(counts, params, seed):  # how many units each stratum gives (exact integers)
    minimum = params.get("minimum_per_stratum", 0)
    if "n" in params:
        return hamilton(counts, params["n"], minimum, seed)
    rows, classes = [], {}
    for stratum, size in counts.items():  # the risk class is the first part of the stratum code
        classes.setdefault(stratum.split("/")[0], {})[stratum] = size
    for risk, strata in classes.items():
        a, b = params["ratios"][risk]
        total = sum(strata.values())
        rows += hamilton(strata, min(total, (total * a + b - 1) // b), minimum, seed)  # ceil(N*a/b)
    return sorted(rows, key=lambda r: r["stratum"])

def hamilton(counts, n, minimum, seed):  # largest remainder; equal remainders go to the smaller stratum ticket
    strata = sorted(counts)
    mins = {h: min(minimum, counts[h]) for h in strata}
    room = {h: counts[h] - mins[h] for h in strata}
    total, r = sum(room.values()), n - sum(mins.values())
    tie = {h: ticket("STRATUM:" + h, seed) for h in strata}
    if r >= total:
        return [dict(stratum=h, N=counts[h], quota=str(counts[h]), floor=counts[h], remainder=0,
                     tie_ticket=tie[h], n=counts[h]) for h in strata]
    floor = {h: mins[h] + r * room[h] // total for h in strata}
    rest = {h: r * room[h] % total for h in strata}
    extra = sorted(strata, key=lambda h: (-rest[h], tie[h]))[: n - sum(floor.values())]
    return [dict(stratum=h, N=counts[h], quota=str(mins[h] + Fraction(r * room[h], total)), floor=floor[h],
                 remainder=rest[h], tie_ticket=tie[h], n=floor[h] + (h in extra)) for h in strata]  # quota "a/b"

def groups_and_assignment(pool, seed, k, targets, conflicts):
    order = sorted(pool, key=lambda i: (ticket(i, seed), i.encode()))
    count = len(order) // k  # G groups; the inspector at position p joins group p mod G
    groups = [order[p::count] for p in range(count)]
    assignment, conflicted = [], {unit for _, unit in conflicts}
    for j, target in enumerate(targets):  # target j to group j mod G, skipping groups with a conflicted member
        free = [(j + s) % count for s in range(count) if not any((m, target) in conflicts
                for m in groups[(j + s) % count])] if target in conflicted else [j % count] if count else []
        assignment.append({"target": target, "group": free[0] if free else None})
    return {"inspector_order": order, "groups": groups, "assignment": assignment}

def recompute(result, frame_path, pool, conflicts):
    params = result["params"]
    values = {"draw_id": result["draw_id"], "params_sha256": H(canon(params)), **result["seed_inputs"]}
    seed_of = lambda sha: "|".join({**values, "frame_sha256": sha}[f] for f in params["seed_fields"])
    kept = {code: s.get("selected", []) + s.get("reserve", []) for code, s in result["strata"].items()}
    bounds = {c.encode(): int(k[-1]["ticket"][2:6]) if k else 9999 for c, k in kept.items()}  # its first 4 digits
    frame_sha256, counts, near, data = scan_frame(frame_path, seed_of, bounds)
    seed, strata, chosen = seed_of(frame_sha256), {}, []
    allocation = allocate(counts, params, seed)
    for row in allocation:
        want = row["n"] + params.get("reserve_per_stratum", 0)
        take = sorted(near.get(row["stratum"], []))[:want]
        if len(take) < min(want, row["N"]):  # the recorded bound was wrong: rank the whole stratum
            lines = [line.split(",") for line in data.decode().splitlines()[1:]]
            take = sorted((ticket(i, seed), i) for i, s in lines if s == row["stratum"])[:want]
        sel, res = ([{"id": i, "ticket": t} for t, i in part] for part in (take[: row["n"]], take[row["n"]:]))
        strata[row["stratum"]] = {"N": row["N"], "n": row["n"], "selected": sel, "reserve": res,
                                  "threshold_ticket": sel[-1]["ticket"] if sel else None}
        chosen += take[: row["n"]]
    targets = [i for t, i in sorted(chosen)]
    out = {"frame_sha256": frame_sha256, "frame_count": sum(counts.values()), "params_sha256": values["params_sha256"],
           "seed_string": seed, "seed_sha256": H(seed), "allocation": allocation, "strata": strata, "targets": targets}
    k, departments = params.get("group_size", 2), sorted(params.get("department_pools", {}).items())
    if pool is not None:
        out.update(groups_and_assignment(pool, seed + "|INSPECTORS", k, targets, conflicts))
    if departments:  # a joint task: each department's own pool, under its own seed
        out["departments"] = {code: groups_and_assignment(members, seed + "|INSPECTORS|" + code, k, targets,
                                                          conflicts) for code, members in departments}
    return out

def replay(result, fresh, conflicts):  # each substitution must be exactly what the rules give at that point
    used, gone, problems = set(), set(), []
    parts = {"": fresh, **fresh.get("departments", {})}
    groups = {code: [list(g) for g in part.get("groups", [])] for code, part in parts.items()}
    for s in result.get("substitutions", []):
        if s["kind"] == "target":  # the next unused reserve of the same stratum
            free = [e["id"] for e in fresh["strata"][s["stratum"]]["reserve"] if e["id"] not in used]
            expect = free[0] if free else None
            used.add(s["by"])
        else:  # the first inspector in ticket order: available, not in the group, no conflict with its targets
            part = fresh if not s["department"] else fresh["departments"][s["department"]]
            group = groups[s["department"]][s["group"]]
            gone |= set(s.get("unavailable", [])) | {s["replaced"]}
            mine = [a["target"] for a in part["assignment"] if a["group"] == s["group"]]
            expect = next((c for c in part["inspector_order"] if c not in group and c not in gone
                           and not any((c, t) in conflicts for t in mine)), None)
            group[group.index(s["replaced"])] = s["by"]
        if expect != s["by"]:
            problems.append(f"substitution {s['seq']}: recorded {s['by']}, the rules give {expect}")
    return problems

def main():
    p, problems = argparse.ArgumentParser(description="Verify a DSR-1 draw result (standard library only)."), []
    for name, required in (("result", True), ("--frame", True), ("--inspectors", False), ("--conflicts", False)):
        p.add_argument(name, **({"required": required} if name.startswith("--") else {}))
    a = p.parse_args()
    result = json.load(open(a.result, encoding="utf-8-sig"))
    pool = [c[0] for c in read_csv(a.inspectors, ["id"])] if a.inspectors else None
    conflicts = {(c[0], c[1]) for c in read_csv(a.conflicts, ["inspector_id", "unit_id"])} if a.conflicts else set()
    if result.get("result_sha256") != H(canon({k: v for k, v in result.items() if k != "result_sha256"})):
        problems.append("result_sha256 does not match the content of the result (the file was edited)")
    fresh = recompute(result, a.frame, pool, conflicts)
    for key, value in fresh.items():
        if key == "strata":
            problems += [f"stratum {h} differs" for h in sorted(set(value) | set(result["strata"]))
                         if value.get(h) != result["strata"].get(h)]
        elif result.get(key) != value:
            problems.append(f"{key} differs (recorded {str(result.get(key))[:80]}, recomputed {str(value)[:80]})")
    problems += replay(result, fresh, conflicts)
    if problems:
        print("\n".join(f"DIFFERENCE: {problem}" for problem in problems))
        sys.exit(1)
    print(f"OK draw {result['draw_id']}: {fresh['frame_count']} units, {len(fresh['targets'])} targets, "
          f"{len(result.get('substitutions', []))} substitutions, result sha256 {result['result_sha256']}")

if __name__ == "__main__":
    main()
