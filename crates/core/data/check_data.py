#!/usr/bin/env python3
"""Quick validator for gazetteer.json and topics.json (stdlib only).

Usage:
    python3 check_data.py                     # validate, print counts
    python3 check_data.py --corpus FILE.jsonl # also tag each article (title+summary/text)
    python3 check_data.py --corpus FILE.jsonl --verbose   # show evidence

It mirrors the rules the Rust loader enforces (see docs/gazetteer.md) and has an
approximate matcher (normalize, whole-word, leftmost-longest for names, stems with
a trailing '*' for topic terms) so an analyst can eyeball the effect of an edit.
Exit status is 1 when a rule is broken.
"""
import json
import os
import re
import sys
import unicodedata
from collections import defaultdict

HERE = os.path.dirname(os.path.abspath(__file__))
GAZ = os.path.join(HERE, "gazetteer.json")
TOP = os.path.join(HERE, "topics.json")

PROVINCE_IDS = {
    "north-pyongan", "south-pyongan", "north-hamgyong", "south-hamgyong",
    "north-hwanghae", "south-hwanghae", "jagang", "ryanggang", "kangwon",
    "pyongyang", "rason", "nampo", "kaesong",
}
PROVINCE_NAMES = {
    "north-pyongan": "North Pyongan", "south-pyongan": "South Pyongan",
    "north-hamgyong": "North Hamgyong", "south-hamgyong": "South Hamgyong",
    "north-hwanghae": "North Hwanghae", "south-hwanghae": "South Hwanghae",
    "jagang": "Jagang", "ryanggang": "Ryanggang", "kangwon": "Kangwon",
    "pyongyang": "Pyongyang", "rason": "Rason", "nampo": "Nampo", "kaesong": "Kaesong",
}
PROVINCE_KINDS = {"province", "special-city", "directly-governed-city"}
PLACE_KINDS = {
    "city", "county", "district", "workers-district", "border-crossing", "port", "mine",
    "landmark", "special-zone", "prison-camp", "military-site", "nuclear-site", "river",
    "mountain", "other",
}
ORG_KINDS = {
    "party", "party-body", "state-security", "police", "military", "military-unit",
    "border-guard", "legislature", "government", "court", "prosecutor", "youth",
    "mass-organization", "trading-company", "foreign-government", "international", "task-force",
}
EVENT_KINDS = {"congress", "meeting", "holiday", "campaign", "incident", "exercise"}
TOPICS = {
    "smuggling": "Smuggling", "border-security": "Border security",
    "markets-prices": "Markets & prices", "currency": "Currency & exchange",
    "food-agriculture": "Food & agriculture", "defectors": "Defectors",
    "remittances": "Remittances", "politics": "Politics", "military": "Military",
    "law-enforcement": "Law enforcement", "information-control": "Information control",
    "labor-mobilization": "Labor mobilization", "public-health": "Public health",
    "trade": "Trade", "energy": "Energy", "construction": "Construction",
    "education": "Education", "religion": "Religion", "human-rights": "Human rights",
    "disasters": "Disasters", "transport": "Transport", "foreign-relations": "Foreign relations",
}
SECTIONS = ["provinces", "places", "regions", "foreign_places", "organizations", "events"]
ID_RE = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
HANGUL_RE = re.compile(r"[\uac00-\ud7a3]")
# short variants that are accepted anyway (well-known acronyms)
SHORT_OK = {"wpk", "kpa", "mss", "ssd", "mps", "kwp", "spa", "sac", "cmc", "ogd", "pad", "rgb",
            "nis", "jcs", "wfp", "unc", "kic", "jsa", "nll", "mdl", "ufs", "ufg", "kcu", "coi", "dmz"}


def normalize(s):
    """Case fold, strip diacritics, drop apostrophes, hyphens/whitespace -> one space."""
    s = unicodedata.normalize("NFKD", s)
    s = "".join(c for c in s if not unicodedata.combining(c))
    s = unicodedata.normalize("NFC", s)  # re-compose Hangul syllables
    s = s.lower()
    s = s.replace("'", "").replace("\u2019", "").replace("\u2018", "").replace("`", "")
    s = re.sub(r"[-\u2010-\u2015\s]+", " ", s)
    return s.strip()


def names_of(e):
    out = [e["name"]]
    if e.get("hangul"):
        out.append(e["hangul"])
    out += e.get("variants", [])
    return out


def check_gazetteer(g, errors, warnings):
    if g.get("version") != 1:
        errors.append("gazetteer: version must be 1")
    for sec in SECTIONS + ["ambiguous"]:
        if not isinstance(g.get(sec), list):
            errors.append(f"gazetteer: missing section {sec}")
            return {}
    ids = {}
    for sec in SECTIONS:
        for e in g[sec]:
            i = e.get("id", "")
            if not ID_RE.match(i):
                errors.append(f"{sec}: bad id {i!r}")
            if i in ids:
                errors.append(f"duplicate id {i!r} in {sec} and {ids[i]}")
            ids[i] = sec
            if not e.get("name"):
                errors.append(f"{i}: missing name")
            if not isinstance(e.get("variants", []), list):
                errors.append(f"{i}: variants must be a list")
            if "hangul" in e and e["hangul"] and not HANGUL_RE.search(e["hangul"]):
                warnings.append(f"{i}: hangul field has no Hangul: {e['hangul']!r}")
    prov = {e["id"]: e for e in g["provinces"]}
    if set(prov) != PROVINCE_IDS:
        errors.append(f"province ids differ: missing {sorted(PROVINCE_IDS - set(prov))}, extra {sorted(set(prov) - PROVINCE_IDS)}")
    for pid, e in prov.items():
        if pid in PROVINCE_NAMES and e["name"] != PROVINCE_NAMES[pid]:
            errors.append(f"{pid}: display name must be {PROVINCE_NAMES[pid]!r}")
        if e.get("kind") not in PROVINCE_KINDS:
            errors.append(f"{pid}: bad province kind {e.get('kind')!r}")
    for e in g["places"]:
        if e.get("province") not in prov:
            errors.append(f"place {e['id']}: unknown province {e.get('province')!r}")
        if e.get("kind") not in PLACE_KINDS:
            errors.append(f"place {e['id']}: bad kind {e.get('kind')!r}")
    for e in g["foreign_places"]:
        if not e.get("country"):
            errors.append(f"foreign place {e['id']}: missing country")
        if "province" in e:
            errors.append(f"foreign place {e['id']}: must not have a province")
    for e in g["organizations"]:
        if e.get("kind") not in ORG_KINDS:
            errors.append(f"organization {e['id']}: bad kind {e.get('kind')!r}")
    for e in g["events"]:
        if e.get("kind") not in EVENT_KINDS:
            errors.append(f"event {e['id']}: bad kind {e.get('kind')!r}")

    # variant ownership
    owners = defaultdict(set)
    for sec in SECTIONS:
        for e in g[sec]:
            for n in names_of(e):
                k = normalize(n)
                if not k:
                    errors.append(f"{e['id']}: empty name/variant {n!r}")
                    continue
                owners[k].add(e["id"])
                if HANGUL_RE.search(k):
                    if len(k.replace(" ", "")) < 2:
                        errors.append(f"{e['id']}: Hangul variant shorter than 2 syllables: {n!r}")
                elif len(k) <= 3 and k not in SHORT_OK:
                    warnings.append(f"{e['id']}: short variant {n!r}")
    amb = {}
    for a in g["ambiguous"]:
        k = normalize(a.get("variant", ""))
        if k in amb:
            errors.append(f"ambiguous: variant {a['variant']!r} listed twice")
        amb[k] = a
        cands = a.get("candidates", [])
        if len(cands) < 2:
            errors.append(f"ambiguous {a['variant']!r}: needs at least 2 candidates")
        for c in cands:
            if c not in ids:
                errors.append(f"ambiguous {a['variant']!r}: unknown candidate {c!r}")
        d = a.get("default", "MISSING")
        if d == "MISSING":
            errors.append(f"ambiguous {a['variant']!r}: 'default' key missing (use null)")
        elif d is not None and d not in cands:
            errors.append(f"ambiguous {a['variant']!r}: default {d!r} is not a candidate")
        for c in (a.get("context") or {}):
            if c not in cands:
                errors.append(f"ambiguous {a['variant']!r}: context for non-candidate {c!r}")
        if k not in owners:
            warnings.append(f"ambiguous {a['variant']!r}: no entry uses this variant")
        elif not owners[k] <= set(cands):
            errors.append(f"ambiguous {a['variant']!r}: shared by {sorted(owners[k])} but candidates are {cands}")
    for k, os_ in owners.items():
        if len(os_) > 1 and k not in amb:
            errors.append(f"variant {k!r} shared by {sorted(os_)} but not listed in 'ambiguous'")
    if len(g["places"]) < 200:
        errors.append(f"only {len(g['places'])} places (need >= 200)")
    return owners


def check_topics(t, errors, warnings):
    if t.get("version") != 1:
        errors.append("topics: version must be 1")
    ids = [x.get("id") for x in t.get("topics", [])]
    if len(ids) != len(set(ids)):
        errors.append("topics: duplicate ids")
    if set(ids) != set(TOPICS):
        errors.append(f"topic ids differ: missing {sorted(set(TOPICS) - set(ids))}, extra {sorted(set(ids) - set(TOPICS))}")
    for x in t.get("topics", []):
        if x.get("id") in TOPICS and x.get("name") != TOPICS[x["id"]]:
            errors.append(f"topic {x['id']}: name must be {TOPICS[x['id']]!r}")
        if not x.get("terms"):
            errors.append(f"topic {x.get('id')}: no terms")
        seen = set()
        for term in x.get("terms", []) + x.get("weak_terms", []):
            k = normalize(term)
            if k in seen:
                warnings.append(f"topic {x['id']}: duplicate term {term!r}")
            seen.add(k)
            if "*" in k[:-1]:
                errors.append(f"topic {x['id']}: '*' only allowed at the end: {term!r}")


# ---- approximate matchers (for eyeballing only) ----
WB_L = r"(?<![0-9a-z\uac00-\ud7a3])"
WB_R = r"(?![0-9a-z\uac00-\ud7a3])"


def term_regex(term):
    k = normalize(term)
    stem = k.endswith("*")
    k = k.rstrip("*")
    body = re.escape(k)
    if stem:
        return re.compile(WB_L + body + r"[0-9a-z\uac00-\ud7a3]*" + WB_R)
    # Hangul: allow particles after the word (Korean has no spaces before particles)
    if HANGUL_RE.search(k):
        return re.compile(WB_L + body)
    return re.compile(WB_L + body + WB_R)


def tag_topics(text, topics):
    n = normalize(text)
    out = []
    for x in topics:
        strong = [t for t in x["terms"] if term_regex(t).search(n)]
        weak = [t for t in x.get("weak_terms", []) if term_regex(t).search(n)]
        if strong or len(weak) >= 2:
            out.append((x["id"], strong, weak))
    return out


def build_name_index(g):
    idx = {}
    entries = {}
    for sec in SECTIONS:
        for e in g[sec]:
            entries[e["id"]] = (sec, e)
            for nm in names_of(e):
                idx.setdefault(normalize(nm), set()).add(e["id"])
    amb = {normalize(a["variant"]): a for a in g["ambiguous"]}
    # longest first alternation
    keys = sorted(idx, key=len, reverse=True)
    rx = re.compile(WB_L + "(" + "|".join(re.escape(k) for k in keys) + ")" + WB_R)
    return idx, entries, amb, rx


def tag_places(text, g, cache):
    idx, entries, amb, rx = cache
    n = normalize(text)
    hits = []
    for m in rx.finditer(n):
        k = m.group(1)
        ids = idx[k]
        if len(ids) == 1 and k not in amb:
            hits.append(next(iter(ids)))
            continue
        a = amb.get(k)
        chosen = None
        if a:
            for c, words in (a.get("context") or {}).items():
                if any(term_regex(w).search(n) for w in words):
                    chosen = c
                    break
            if chosen is None:
                chosen = a.get("default")
        hits.append(chosen or ("?" + k))
    provs = []
    for h in hits:
        if h.startswith("?"):
            continue
        sec, e = entries[h]
        p = h if sec == "provinces" else e.get("province")
        if p and p not in provs:
            provs.append(p)
    return hits, provs


def main(argv):
    errors, warnings = [], []
    g = json.load(open(GAZ, encoding="utf-8"))
    t = json.load(open(TOP, encoding="utf-8"))
    check_gazetteer(g, errors, warnings)
    check_topics(t, errors, warnings)
    counts = {sec: len(g.get(sec, [])) for sec in SECTIONS + ["ambiguous"]}
    nvar = sum(len(names_of(e)) for sec in SECTIONS for e in g.get(sec, []))
    print("gazetteer:", ", ".join(f"{k}={v}" for k, v in counts.items()), f"names+variants={nvar}")
    byprov = defaultdict(int)
    for e in g.get("places", []):
        byprov[e.get("province")] += 1
    print("places per province:", ", ".join(f"{k}={byprov[k]}" for k in sorted(PROVINCE_IDS)))
    nterms = sum(len(x.get("terms", [])) + len(x.get("weak_terms", [])) for x in t.get("topics", []))
    print(f"topics: {len(t.get('topics', []))} topics, {nterms} terms")
    for w in warnings:
        print("warning:", w)
    for e in errors:
        print("ERROR:", e)
    if "--corpus" in argv:
        path = argv[argv.index("--corpus") + 1]
        verbose = "--verbose" in argv
        cache = build_name_index(g)
        tally = defaultdict(int)
        for line in open(path, encoding="utf-8"):
            if not line.strip():
                continue
            a = json.loads(line)
            text = " ".join(str(a.get(f, "")) for f in ("title", "summary", "text", "body"))
            tops = tag_topics(text, t["topics"])
            hits, provs = tag_places(text, g, cache)
            for tid, _, _ in tops:
                tally[tid] += 1
            print(f"\n{a.get('id')}: {a.get('title')}")
            print("  provinces:", provs, "| entities:", sorted(set(hits)))
            for tid, s, w in tops:
                print(f"  {tid}: " + (f"strong={s} weak={w}" if verbose else ""))
        print("\ntopic tally:", dict(sorted(tally.items(), key=lambda x: -x[1])))
    print("OK" if not errors else f"FAILED: {len(errors)} error(s)")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
