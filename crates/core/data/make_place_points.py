"""Builds place-points.json: map coordinates (lon, lat) for the gazetteer's cities
and counties, from the North Korea Administrative Divisions Dataset (Open Admin
Data, CC BY 4.0; county centres). Run by hand when the gazetteer or the dataset
changes: python3 make_place_points.py PATH/TO/all-county.json
Matching: the county's English name and the gazetteer place's name or any of its
romanized variants, folded (diacritics, 'City', aspirated ph/th/kh), within the
same province where the dataset names one we know."""
import json
import re
import sys
import unicodedata
from pathlib import Path

HERE = Path(__file__).parent


def fold(s):
    s = unicodedata.normalize("NFKD", s)
    s = "".join(c for c in s if not unicodedata.combining(c)).lower()
    s = re.sub(r"\b(city|county|dist\.?|district|si|gun|kun|kuyok|workers)\b", "", s)
    s = s.replace("ph", "p").replace("th", "t").replace("kh", "k")
    return re.sub(r"[^a-z]", "", s)


def main(path):
    counties = json.load(open(path, encoding="utf-8"))
    gazetteer = json.load(open(HERE / "gazetteer.json", encoding="utf-8"))
    provinces = {fold(p["name"]): p["id"] for p in gazetteer["provinces"]}
    provinces.update({fold(v): p["id"] for p in gazetteer["provinces"] for v in p.get("variants", []) if v.isascii()})
    by_name = {}
    for c in counties:
        province = provinces.get(fold(c["parent"]["name"]["en"]))
        by_name.setdefault(fold(c["name"]["en"]), []).append((province, float(c["geo"]["lon"]), float(c["geo"]["lat"])))
    points = {}
    for e in gazetteer["places"]:
        if e.get("kind") not in ("city", "county", "district", "special-city"):
            continue
        for name in [e["name"]] + [v for v in e.get("variants", []) if v.isascii()]:
            found = [x for x in by_name.get(fold(name), []) if x[0] in (None, e.get("province"))]
            if len(found) == 1:
                points[e["id"]] = [round(found[0][1], 3), round(found[0][2], 3)]
                break
    out = {"source": "North Korea Administrative Divisions Dataset, Open Admin Data, CC BY 4.0 (county centres)", "points": dict(sorted(points.items()))}
    (HERE / "place-points.json").write_text(json.dumps(out, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"{len(points)} places placed")


if __name__ == "__main__":
    main(sys.argv[1])
