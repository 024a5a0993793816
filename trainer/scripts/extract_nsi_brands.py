#!/usr/bin/env python3
"""Re-extracts trainer/src/main/resources/io/txmatch/trainer/data/nsi-brands.tsv from name-suggestion-index.

Usage (from the repository root; needs npm and python3, nothing else):

    cd /tmp && npm pack name-suggestion-index@8.0.20260918 && tar xzf name-suggestion-index-8.0.20260918.tgz
    python3 trainer/scripts/extract_nsi_brands.py /tmp/package \
        > trainer/src/main/resources/io/txmatch/trainer/data/nsi-brands.tsv
    # then update the version line at the top of nsi-LICENSE.txt and paste /tmp/package/LICENSE.md below it

Reads dist/json/nsi.json, keeps every brand (the "brands/<key>/<value>" trees) whose display name is
readable in ASCII once accents are stripped, dedupes by lower-cased ASCII name (aliases and countries
merged, the category of the first tag in PREFERRED order kept) and writes one brand a line, sorted by name:

    name <TAB> aliases (';'-separated, ASCII matchNames) <TAB> category (shop=supermarket) <TAB> countries (','-separated)

The first line is a format marker read by NsiBrands: "#nsi-brands<TAB>1<TAB><nsi version>".
"""
import json
import sys
import unicodedata


def ascii_form(s):
    out = unicodedata.normalize("NFKD", s).encode("ascii", "ignore").decode()
    return " ".join(out.replace("\t", " ").replace(";", " ").split())


# A brand listed under several tags keeps the first of these (a shop is a shop before it is a billboard).
PREFERRED = ["shop", "amenity", "healthcare", "craft", "leisure", "tourism", "office"]


def category_order(key):
    tag_key = key.split("/")[1] if key.count("/") >= 2 else key
    return (PREFERRED.index(tag_key) if tag_key in PREFERRED else len(PREFERRED), key)


def main(package_dir):
    with open(package_dir + "/dist/json/nsi.json", encoding="utf-8") as f:
        data = json.load(f)
    version = data["_meta"]["version"]
    brands = {}
    for key in sorted(data["nsi"], key=category_order):
        if not key.startswith("brands/"):
            continue
        _, tag_key, tag_value = key.split("/", 2)
        for item in data["nsi"][key]["items"]:
            raw = item["displayName"]
            name = ascii_form(raw)
            # Drop names that lose more than two characters to ASCII (other scripts).
            if sum(ch.isalnum() for ch in name) < 2 or len(name) < len(raw.strip()) - 2:
                continue
            aliases = []
            for m in item.get("matchNames", []):
                a = ascii_form(m)
                if a and len(a) >= len(m.strip()) - 2:
                    aliases.append(a)
            countries = [c.lower() for c in item.get("locationSet", {}).get("include", []) if isinstance(c, str)
                         and len(c) <= 6 and "." not in c]
            b = brands.setdefault(name.lower(), {"name": name, "aliases": [], "category": tag_key + "=" + tag_value,
                                                 "countries": []})
            for a in aliases:
                if a.lower() != b["name"].lower() and a.lower() not in (x.lower() for x in b["aliases"]):
                    b["aliases"].append(a)
            for c in countries:
                if c not in b["countries"]:
                    b["countries"].append(c)
    out = sys.stdout
    out.write("#nsi-brands\t1\t" + version + "\n")
    for k in sorted(brands):
        b = brands[k]
        out.write("\t".join([b["name"], ";".join(b["aliases"]), b["category"], ",".join(b["countries"])]) + "\n")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "package")
