#!/usr/bin/env python3
"""Check a published draw (DSR-1) yourself. Needs only Python 3 — nothing to install.

    python3 verify_draw.py RESULT.json --frame frame.csv [--inspectors inspectors.csv] [--conflicts conflicts.csv]

It recomputes the whole draw from the frame and the recorded inputs (seed, parameters) and prints OK, or every
difference it finds. Each unit's ticket is SHA-256 based; the smallest tickets of each stratum are selected.
"""

import argparse
import hashlib
import json
import sys
from fractions import Fraction


def H(text):  # the SHA-256 of a text, as 64 hex characters
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def ticket(unit_id, seed):  # "0." + the decimal digits of H(H(seed) + id), padded to 64 and reversed
    return "0." + format(int(H(H(seed) + unit_id), 16), "064d")[::-1]


FIRST4 = [int(f"{m:04d}"[::-1]) for m in range(10000)]  # the first 4 digits of a ticket, from the number's last 4


def ranked(ids, seed, want, bound):
    """The `want` smallest tickets of `ids`. Shortcut: a ticket's first 4 digits are its number's last 4 digits
    reversed; units whose first 4 digits exceed those of the `bound` ticket cannot come first, so only the others
    get a full ticket. If they are too few (the bound was wrong), every unit gets one."""
    prefix = int(bound[2:6]) if bound else 9999
    base = hashlib.sha256(H(seed).encode())
    near = []
    for i in ids:
        h = base.copy()
        h.update(i.encode())
        if FIRST4[int.from_bytes(h.digest(), "big") % 10000] <= prefix:
            near.append(i)
    if len(near) < want:
        near = ids
    return sorted(((ticket(i, seed), i) for i in near), key=lambda t: (t[0], t[1].encode()))[:want]


def canon(value):  # the canonical JSON text that hashes are computed over
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def read_csv(path, header):
    with open(path, encoding="utf-8-sig") as f:
        lines = [line.rstrip("\r\n") for line in f]
    if lines[0].split(",")[: len(header)] != header:
        sys.exit(f"{path}: the first line must be {','.join(header)}")
    return [line.split(",") for line in lines[1:] if line.strip()]


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
    rows = []
    for h in strata:
        quota = mins[h] + Fraction(r * room[h], total)
        text = str(quota.numerator) if quota.denominator == 1 else f"{quota.numerator}/{quota.denominator}"
        rows.append(dict(stratum=h, N=counts[h], quota=text, floor=floor[h], remainder=rest[h],
                         tie_ticket=tie[h], n=floor[h] + (h in extra)))
    return rows


def groups_and_assignment(pool, seed, k, targets, conflicts):
    order = sorted(pool, key=lambda i: (ticket(i, seed), i.encode()))
    count = len(order) // k
    groups = [order[p::count] for p in range(count)] if count else []  # position p joins group p mod G
    assignment = []
    for j, target in enumerate(targets):  # target j to group j mod G, skipping groups with a conflicted member
        free = [(j + s) % count for s in range(count)
                if not any((m, target) in conflicts for m in groups[(j + s) % count])]
        assignment.append({"target": target, "group": free[0] if free else None})
    return {"inspector_order": order, "groups": groups, "assignment": assignment}


def recompute(result, frame, pool, conflicts):
    rows = sorted(((i.strip(), s.strip()) for i, s in frame), key=lambda r: r[0].encode())
    text = "id,stratum\n" + "".join(f"{i},{s}\n" for i, s in rows)
    params = result["params"]
    values = {"draw_id": result["draw_id"], "frame_sha256": H(text), "params_sha256": H(canon(params)),
              **result["seed_inputs"]}
    seed = "|".join(values[f] for f in params["seed_fields"])
    counts = {}
    for _, s in rows:
        counts[s] = counts.get(s, 0) + 1
    allocation = allocate(counts, params, seed)
    strata, chosen, members = {}, [], {}
    for i, s in rows:
        members.setdefault(s, []).append(i)
    for row in allocation:
        want = row["n"] + params.get("reserve_per_stratum", 0)
        recorded = result["strata"].get(row["stratum"], {})
        kept = recorded.get("selected", []) + recorded.get("reserve", [])
        take = ranked(members[row["stratum"]], seed, want, kept[-1]["ticket"] if kept else None)
        sel = [{"id": i, "ticket": t} for t, i in take[: row["n"]]]
        strata[row["stratum"]] = {"N": row["N"], "n": row["n"], "selected": sel,
                                  "threshold_ticket": sel[-1]["ticket"] if sel else None,
                                  "reserve": [{"id": i, "ticket": t} for t, i in take[row["n"]:]]}
        chosen += take[: row["n"]]
    targets = [i for t, i in sorted(chosen, key=lambda c: (c[0], c[1].encode()))]
    out = {"frame_sha256": H(text), "frame_count": len(rows), "params_sha256": values["params_sha256"],
           "seed_string": seed, "seed_sha256": H(seed), "allocation": allocation, "strata": strata, "targets": targets}
    k = params.get("group_size", 2)
    if pool is not None:
        out.update(groups_and_assignment(pool, seed + "|INSPECTORS", k, targets, conflicts))
    for code, dept_pool in sorted(params.get("department_pools", {}).items()):
        part = groups_and_assignment(dept_pool, seed + "|INSPECTORS|" + code, k, targets, conflicts)
        out.setdefault("departments", {})[code] = part
    return out


def replay(result, fresh, conflicts):  # each substitution must be exactly what the rules give at that point
    used, gone, problems = set(), set(), []
    groups = {"": [list(g) for g in fresh.get("groups", [])]}
    for code, part in fresh.get("departments", {}).items():
        groups[code] = [list(g) for g in part["groups"]]
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
    p = argparse.ArgumentParser(description="Verify a DSR-1 draw result (standard library only).")
    p.add_argument("result")
    p.add_argument("--frame", required=True)
    p.add_argument("--inspectors")
    p.add_argument("--conflicts")
    a = p.parse_args()
    result = json.load(open(a.result, encoding="utf-8-sig"))
    frame = [(c[0], c[1]) for c in read_csv(a.frame, ["id", "stratum"])]
    pool = [c[0] for c in read_csv(a.inspectors, ["id"])] if a.inspectors else None
    conflicts = {(c[0], c[1]) for c in read_csv(a.conflicts, ["inspector_id", "unit_id"])} if a.conflicts else set()
    problems = []
    if result.get("result_sha256") != H(canon({k: v for k, v in result.items() if k != "result_sha256"})):
        problems.append("result_sha256 does not match the content of the result (the file was edited)")
    fresh = recompute(result, frame, pool, conflicts)
    for key, value in fresh.items():
        if key == "strata":
            problems += [f"stratum {h} differs" for h in sorted(set(value) | set(result["strata"]))
                         if value.get(h) != result["strata"].get(h)]
        elif result.get(key) != value:
            problems.append(f"{key} differs (recorded {str(result.get(key))[:80]}, recomputed {str(value)[:80]})")
    problems += replay(result, fresh, conflicts)
    for problem in problems:
        print("DIFFERENCE:", problem)
    if problems:
        sys.exit(1)
    print(f"OK draw {result['draw_id']}: {fresh['frame_count']} units, {len(fresh['targets'])} targets, "
          f"{len(result.get('substitutions', []))} substitutions, result sha256 {result['result_sha256']}")


if __name__ == "__main__":
    main()
