#!/usr/bin/env python3
"""Builds the UK purchase-card evaluation sets under data/uk-pcard/ from the shared raw files.

    python3 data/build_uk_sets.py --in /work/shared/data/uk-pcard --out data/uk-pcard

Inputs (see the README beside the raw files): brand-labelled.tsv (brand, descriptor, source) and
descriptors.tsv (descriptor, source). Outputs, all UTF-8:

  oneshot.csv      text,merchant,split          cleaned brand-labelled real merchant strings
  wrapped.csv      text,merchant,split,wrapper,source_text,hard_pair
                   the same rows, each wrapped in a synthetic US bank/card wrapper
  distractors.txt  one real descriptor a line, of no kept brand (catalogue filler for evaluation)
  corpus.txt       the same kind of strings, the other half (merchant names for training, never evaluated)

Python 3 standard library only; every random choice comes from a seeded random.Random, and
per-brand choices are seeded from the brand so adding or removing one brand does not reshuffle the
others. The project never reads the raw files: the outputs are committed, this script documents how
they were made. Run with --review N to print N random kept groups for checking by eye.
"""

import argparse
import collections
import csv
import hashlib
import io
import os
import random
import re
import sys
import unicodedata

SEED = 20240615
CAP = 8  # at most this many strings per brand

# --------------------------------------------------------------------------------------------
# Label cleaning. The prefix rule of the raw file mislabels one-word brands that are common words
# or people's names, and brands whose name is followed by words that make it another business.
# Every group with at least two strings was read by eye; these tables are the result.
# --------------------------------------------------------------------------------------------

# Whole groups dropped: the strings are different businesses that share a first word.
DROP_BRANDS = {
    "Admiral", "Alliance", "Bell", "Better", "Blue Cross", "Browns", "Budget", "Burton", "Carter's",
    "Chase", "Diesel", "Eclipse", "Henry's", "Hudson", "Jigsaw", "Lime", "Lincoln", "Marshalls", "Moss",
    "Mulberry", "Nationwide", "Paul", "Pure", "Revolution", "Robinsons", "Smith's", "Springfield",
    "The Coffee", "Warehouse", "Welcome",
    "FedEx",  # the three strings are FEDEX + a per-shipment number only
    # car makers: the strings are separately owned dealerships, not one merchant
    "Ford", "Renault", "Toyota", "Vauxhall",
}

# Strings dropped from a group they do not belong to (regex, matched on the whole string).
DROP_STRINGS = {
    "Costa": r"COSTA (MAIN RECEPTION|SPORTS CENTRE)",
    "Courtyard": r"COURTYARD RESTAURANT",
    "Crisis": r"CRISIS PREVENTION.*",
    "Enterprise": r"ENTERPRISE( ENTERPRISE| EVENTS.*| SECURIT.*| TRANSPORT.*)?",
    "Federated Co-operatives": r"CO-OP (LATE SHOP|MOBILITY)|SQ \*CO-OP TAXI.*",
    "Game": r"GAME KEEPER",
    "Hampton": r"HAMPTON( COURT.*| DECKING.*)?",
    "Hilton": r"HILTON (FUELS.*|PARK [NS]/.*|KITTY OSHEAS)",
    "Indigo": r"INDIGO (PARK.*|UK.*|WHOLEFOODS)",
    "JD Sports": r"JD SPORTS GYMS.*",
    "LEON": r"LEON S FURNITURE.*",
    "Mark's": r"MARKS ELECTRICAL.*",
    "Michaels": r"MICHAELS (OFF LICENCE|SUPERMARKET)",
    "Next": r"NEXT (DAY COMPONENTS|SUPPLY|UNITS)",
    "One Stop": r"ONE STOP (HALAL.*|PC SHOP)|WWW\.ONE STOP CLEANINGS",
    "Pandora": r"PANDORA BOOKS",
    "Renaissance": r"RENAISSANCE",
    "Rona": r"RENO DEPOT.*",
    "Shell": r"SHELL ENERGY.*",
    "Spar": r"SPAR MARATHON ROOFING",
    "Tesco": r"TESCO - (?!PFS|TESCOPAY).*|TESCO HAND CAR WASH.*",
    "The Ivy Collection": r"THE IVY BUSH.*",
    "Three": r"THREE( EGGS| SPIRES.*| TREES.*)?",
    "Ticketmaster": r"LIVE NATION.*",
    "Waves": r"WAVES",
    "Westfield": r"WESTFIELD (ADVERTISING|FASTENERS.*)",
    "Wolseley": r"PARTS CENTRE.*",
}

# Amazon: order references glued to the merchant field (AMAZON.CO.UK1H4SU6YN4, AMAZON PRIMEAX).
AMAZON_ORDER_REF = re.compile(r"AMAZON(\.CO\.UK|\.COM|\.CA| PRIME| MUSIC)[A-Z0-9]+( AM)?")

# Labels fixed: (brand, regex on the string) -> merchant label. The raw label is a parent company,
# a sibling brand, or split one merchant in two.
RELABEL = [
    ("Best Buy Express", r"THE SOURCE.*", "The Source"),
    ("Leonardo Hotels", r"JURYS INN.*", "Jurys Inn"),
    ("Federated Co-operatives", r"CO[ -]OP GROUP.*", "Co-op Group"),
    ("First Charge", r"FIRST .*", "FirstGroup"),
    ("Wolseley", r"PLUMB CENTER.*", "Plumb Center"),
    ("Mark's", r"MARKS (AND )?SPENCER.*", "Marks & Spencer"),
    ("Holiday Inn Express & Suites", r".*", "Holiday Inn Express"),
    ("Holiday Inn", r"HOLIDAY ?INN (EX|EXP|EXPRSS|E) .*|HOLIDAY ?INN (EXP|EXPRSS)", "Holiday Inn Express"),
    ("Halfords", r"HALFORDS AUTOC.*", "Halfords Autocentre"),
]


def read_tsv(path):
    with open(path, encoding="utf-8", newline="") as f:
        lines = f.read().split("\n")
    header = lines[0].split("\t")
    out = []
    for line in lines[1:]:
        if line.strip():
            out.append(dict(zip(header, line.split("\t"))))
    return out


def clean_labels(rows):
    """brand-labelled rows -> {merchant: [strings]} after the rules above; also a log of what went."""
    log = collections.Counter()
    groups = collections.defaultdict(list)
    seen = set()
    for r in rows:
        brand, text = r["brand"], r["descriptor"].strip()
        if text in seen:
            log["duplicate string"] += 1
            continue
        seen.add(text)
        if brand in DROP_BRANDS:
            log["brand dropped (different businesses)"] += 1
            continue
        pat = DROP_STRINGS.get(brand)
        if pat and re.fullmatch(pat, text):
            log["string dropped (another business)"] += 1
            continue
        if brand == "Amazon" and AMAZON_ORDER_REF.fullmatch(text):
            log["Amazon order reference dropped"] += 1
            continue
        label = brand
        for b, p, new in RELABEL:
            if b == brand and re.fullmatch(p, text):
                label = new
                log["relabelled"] += 1
                break
        groups[label].append(text)
    singles = [m for m, ss in groups.items() if len(ss) < 2]
    for m in singles:
        log["string dropped (brand has < 2 strings)"] += len(groups[m])
        del groups[m]
    return groups, log


def brand_rng(brand, salt):
    h = hashlib.sha256(f"{SEED}|{salt}|{brand}".encode("utf-8")).digest()
    return random.Random(int.from_bytes(h[:8], "big"))


def split_of(brand):
    """dev or test, from a stable hash of the merchant label (not Python's salted hash())."""
    return "dev" if hashlib.sha256(brand.encode("utf-8")).digest()[0] % 2 == 0 else "test"


def cap(groups):
    out = {}
    for m in sorted(groups):
        ss = sorted(groups[m])
        if len(ss) > CAP:
            ss = sorted(brand_rng(m, "cap").sample(ss, CAP))
        out[m] = ss
    return out


# --------------------------------------------------------------------------------------------
# Distractors: real strings of no kept brand.
# --------------------------------------------------------------------------------------------

PROCESSOR_PREFIX = re.compile(r"^(SQ|SUMUP|PAYPAL|IZ|ZETTLE|SP|TST|PP|CRV|SMP|WWW) ?\*? ?")


def clean_form(s):
    s = unicodedata.normalize("NFKD", s.upper())
    s = "".join(c for c in s if not unicodedata.combining(c))
    s = s.replace("&", " ")
    s = re.sub(r"[^A-Z0-9 ]", "", s.replace(".", " . "))
    return re.sub(r" +", " ", s).strip()


def brand_keys(groups):
    """Word-level keys per kept merchant: its label, and the first words of its kept strings where
    they spell the label's start (CO OP GROUP for Co-op Group, not HOTEL for HOTEL IBIS)."""
    label_keys, prefix_keys = set(), set()
    for m, ss in groups.items():
        words_m = clean_form(m).replace(" . ", " ").split()
        label_keys.add(tuple(words_m))
        head = "".join(words_m)[:3]
        n = len(words_m)
        for s in ss:
            w = clean_form(re.sub(r"^WWW\.", "", s)).replace(" . ", " ").split()[:n]
            if w and "".join(w).startswith(head):
                prefix_keys.add(tuple(w))
    prefix_keys |= label_keys
    # Label keys of 3+ letters count anywhere in a string (W M MORRISONS, BLYTH COSTA KIOSK,
    # EXPRESS BY HOLIDAY INN): such strings are, or may be, the kept merchant.
    anywhere = {k for k in label_keys if len("".join(k)) >= 3} | {("HOLIDAY", "EXPRESS")}
    # Labels of 6+ letters, and a few spellings seen in the unlabelled strings, count even glued
    # inside a word (CSMORRISONS GIFT CARD, MIPTESCO MOBILE TOPUP, WM MORRISON 010, MCDONALD 870).
    glued = {"".join(k) for k in label_keys if len("".join(k)) >= 6}
    glued |= {"MORRISON", "MCDONALD", "STARBUCK", "WETHERSPOO", "TESCO", "SAINSBURY", "NANDO"}
    return prefix_keys, anywhere, glued


def matches_brand(s, keys):
    prefix_keys, anywhere, glued = keys
    c = clean_form(re.sub(r"^WWW\.", "", s.upper()))
    c = PROCESSOR_PREFIX.sub("", c).replace(" . ", " ")
    w = c.split()
    for k in range(1, min(6, len(w)) + 1):
        if tuple(w[:k]) in prefix_keys:
            return True
    nospace = c.replace(" ", "")
    if any(nospace.startswith("".join(k)) for k in prefix_keys if len("".join(k)) >= 4):
        return True
    for k in anywhere:
        n = len(k)
        if any(tuple(w[i:i + n]) == k for i in range(len(w) - n + 1)):
            return True
    if any(g in nospace for g in glued):
        return True
    # Amazon marketplace forms the prefix rule did not label: AMZ SELLER, AMZN MKTP, AMZSELLER
    return "AMAZON" in nospace or nospace.startswith("AMZ")


def half_of(s):
    """0 or 1: which half of the unlabelled pool a string falls in (distractors or training corpus)."""
    return hashlib.sha256(s.encode("utf-8")).digest()[0] & 1


def distractors(desc_rows, labelled_rows, groups):
    labelled = {r["descriptor"].strip() for r in labelled_rows}
    keys = brand_keys(groups)
    out = set()
    for r in desc_rows:
        s = r["descriptor"].strip()
        if not s or s in labelled or matches_brand(s, keys):
            continue
        out.add(s)
    return sorted(out)


# --------------------------------------------------------------------------------------------
# Wrappers: synthetic US bank/card wrappers of families the trainer's DescriptorGenerator never
# makes (it makes plain, pos, checkcard, debit_card, purchase_authorized, processor, recurring, ach,
# bill_pay, visa_dda, dated). The merchant field inside is the real UK string.
# --------------------------------------------------------------------------------------------

# A small list of US cities written for this script (none is in the generator's Words.CITIES).
US_CITIES = [
    ("FRESNO", "CA"), ("BAKERSFIELD", "CA"), ("OAKLAND", "CA"), ("IRVINE", "CA"), ("PASADENA", "CA"),
    ("LAREDO", "TX"), ("PLANO", "TX"), ("LUBBOCK", "TX"), ("AMARILLO", "TX"), ("ARLINGTON", "TX"),
    ("TACOMA", "WA"), ("BELLEVUE", "WA"), ("EUGENE", "OR"), ("SALEM", "OR"), ("MESA", "AZ"),
    ("FLAGSTAFF", "AZ"), ("AURORA", "CO"), ("BOULDER", "CO"), ("LINCOLN", "NE"), ("TOPEKA", "KS"),
    ("AKRON", "OH"), ("DAYTON", "OH"), ("TOLEDO", "OH"), ("ANN ARBOR", "MI"), ("LANSING", "MI"),
    ("GREEN BAY", "WI"), ("ROCHESTER", "NY"), ("BUFFALO", "NY"), ("SYRACUSE", "NY"), ("YONKERS", "NY"),
    ("ALLENTOWN", "PA"), ("ERIE", "PA"), ("TRENTON", "NJ"), ("PATERSON", "NJ"), ("STAMFORD", "CT"),
    ("WORCESTER", "MA"), ("SPRINGFIELD", "MA"), ("DURHAM", "NC"), ("GREENSBORO", "NC"),
    ("COLUMBIA", "SC"), ("AUGUSTA", "GA"), ("ATHENS", "GA"), ("TALLAHASSEE", "FL"), ("GAINESVILLE", "FL"),
    ("CHATTANOOGA", "TN"), ("KNOXVILLE", "TN"), ("HUNTSVILLE", "AL"), ("MOBILE", "AL"),
    ("SHREVEPORT", "LA"), ("SPRINGFIELD", "IL"), ("PEORIA", "IL"), ("FORT WAYNE", "IN"),
    ("CEDAR RAPIDS", "IA"), ("DULUTH", "MN"), ("SANTA FE", "NM"), ("HENDERSON", "NV"), ("OGDEN", "UT"),
]

ACH_DESCR = ["PURCHASES", "INVOICE", "CARD PMT", "ECOM PYMT", "DIR DEBIT", "SUBSCRIPTN", "ORDER",
             "CHARGES", "SVC FEE", "REMITTANCE", "INV PAYMT", "MERCH PMT"]
MONTHS = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"]


class Ctx:
    """The random parts of one wrapped string, drawn from one RNG so a shared seed shares them all."""

    def __init__(self, r):
        self.r = r
        self.city, self.state = r.choice(US_CITIES)
        self.month, self.day, self.year = r.randint(1, 12), r.randint(1, 28), r.randint(19, 24)

    def d(self, n):
        return "".join(str(self.r.randint(0, 9)) for _ in range(n))

    def date(self):
        m, d, y = self.month, self.day, self.year
        return self.r.choice([f"{m:02d}/{d:02d}", f"{m:02d}/{d:02d}/{y:02d}", f"20{y:02d}-{m:02d}-{d:02d}",
                              f"{d:02d}{MONTHS[m - 1]}", f"{MONTHS[m - 1]} {d:02d}", f"{m:02d}{d:02d}{y:02d}",
                              f"{m}/{d}"])

    def where(self):
        return self.r.choice([f"{self.city} {self.state}", f"{self.city}{self.state}", self.state,
                              f"{self.city[:13]} {self.state}", f"{self.city}, {self.state}"])

    def mask(self):
        return self.r.choice(["X" * 12 + self.d(4), "*" * 11 + self.d(4), "#" + "X" * 9, "XXXX" + self.d(4),
                              "CARD " + "X" * 4 + self.d(4), self.d(6) + "XXXXXX" + self.d(4)])

    def store(self):
        return self.r.choice([f" #{self.d(4)}", f" {self.d(5)}", f" STR {self.d(3)}", f" NO.{self.d(3)}",
                              f" {self.d(3)}-{self.d(3)}"])


def field(m, c, trunc=True):
    """The merchant field: sometimes a store number, sometimes cut at 22/25/32 characters."""
    r = c.r
    s = m
    st = c.store()  # always drawn, so two strings with the same seed draw the same numbers
    if r.random() < 0.25 and not re.search(r"\d$", s):
        s += st
    if trunc and r.random() < 0.35:
        n = r.choice([22, 25, 32])
        if len(s) > n:
            s = s[:n].rstrip()
    return s


def tails(c, parts):
    """Trailing fragments in a random order."""
    parts = [p for p in parts if p]
    c.r.shuffle(parts)
    return " ".join(parts)


def w_apple_pay(m, c):
    r = c.r
    return r.choice([
        lambda: f"APPLE PAY {field(m, c)} {c.where()} {c.date()}",
        lambda: f"APLPAY {field(m, c)} {tails(c, [c.where(), c.d(6)])}",
        lambda: f"{field(m, c)} APPLE PAY ENDING IN {c.d(4)} {c.date()}",
    ])()


def w_applecard(m, c):
    r = c.r
    return r.choice([
        lambda: f"APPLECARD GSBANK {field(m, c)} {c.where()}",
        lambda: f"{field(m, c)} {c.where()} APPLECARD GSBANK {c.date()}",
        lambda: f"GSBANK*APPLECARD {field(m, c)} {c.d(3)}-{c.d(3)}-{c.d(4)}",
    ])()


def w_online_pmt(m, c):
    r = c.r
    return r.choice([
        lambda: f"ONLINE PMT {field(m, c)} WEB ID: {c.d(10)}",
        lambda: f"WEB PMT {field(m, c)} {c.date()} REF {c.d(8)}",
        lambda: f"ONLINE PMT TO {field(m, c)} CONFIRMATION {c.d(6)}{r.choice('ABCDEFGHJK')}",
        lambda: f"{field(m, c)} WEB PMT {c.date()} TRN {c.d(12)}",
    ])()


def w_ach_id_tail(m, c):
    r = c.r
    sec = r.choice(["PPD", "WEB", "CCD"])
    return r.choice([
        lambda: f"{field(m, c, False)} {r.choice(ACH_DESCR)} {sec} ID: {c.d(10)}",
        lambda: f"{field(m, c, False)} {r.choice(ACH_DESCR)} {c.d(6)} {sec} ID: {r.choice(['1', '9', 'A'])}{c.d(9)}",
        lambda: f"{c.date()} {field(m, c, False)} {r.choice(ACH_DESCR)} {sec} ID: {c.d(10)}",
    ])()


def w_chase_ach(m, c):
    # Shares its first fields (ORIG CO NAME: ... IND ID:) with one of the generator's ach forms; the
    # TRACE#, EED, IND NAME and TRN fields and the CTX class are not in the generator.
    r = c.r
    y, mo, d = c.year, c.month, c.day
    name = m[:16].rstrip() if r.random() < 0.5 else m
    return (f"ORIG CO NAME:{name} ORIG ID:{r.choice(['1', '9', 'X'])}{c.d(9)} DESC DATE:{y:02d}{mo:02d}{d:02d} "
            f"CO ENTRY DESCR:{r.choice(ACH_DESCR)} SEC:{r.choice(['CCD', 'PPD', 'WEB', 'CTX'])} "
            f"TRACE#:{c.d(15)} EED:{y:02d}{mo:02d}{d:02d} IND ID:{c.d(r.randint(4, 10))} "
            f"IND NAME:{r.choice(['CITY OF TORONTO', 'BIRMINGHAM CC', 'ACCOUNTS PAYABLE', 'PCARD PROGRAM'])}"
            + (f" TRN: {c.d(10)}TC" if r.random() < 0.6 else ""))


def w_pos_wd(m, c):
    r = c.r
    return r.choice([
        lambda: f"POS W/D {field(m, c)} {tails(c, [c.where(), 'TERM ' + c.d(8)])}",
        lambda: f"POS DB {c.date()} {c.d(6)} {field(m, c)} {c.where()}",
        lambda: f"POS PUR TERM ID {c.d(8)} {field(m, c)} {c.state}",
        lambda: f"POS W/D {c.date()} {field(m, c)} SEQ# {c.d(6)}",
    ])()


def w_dbt_purchase(m, c):
    r = c.r
    return r.choice([
        lambda: f"DBT PURCHASE - {c.d(6)} {field(m, c)} {c.where()}",
        lambda: f"DBT PUR {c.d(4)} {c.month:02d}/{c.day:02d}/{c.year:02d} {field(m, c)} {c.mask()}",
        lambda: f"DEBIT PURCH {c.date()} {field(m, c)} {tails(c, [c.where(), c.mask()])}",
    ])()


def w_mc_purchase(m, c):
    r = c.r
    return r.choice([
        lambda: f"MC PURCHASE {field(m, c)} {tails(c, [c.where(), c.date()])}",
        lambda: f"MASTERCARD PURCHASE {c.date()} {field(m, c)} {c.mask()}",
        lambda: f"MC DEBIT {field(m, c)} {c.state} {c.d(4)} {c.d(2)} {r.choice('CRDM')}",
    ])()


def w_visa_check_card(m, c):
    r = c.r
    return r.choice([
        lambda: f"VISA CHECK CARD {field(m, c)} {tails(c, [c.where(), c.date()])}",
        lambda: f"CHECK CRD PURCHASE {c.date()} {field(m, c)} {c.where()} {c.d(6)}XXXXXX{c.d(4)} {c.d(15)}",
        lambda: f"VISA PURCHASE {field(m, c)} {c.mask()} {c.where()}",
    ])()


def w_card_mask_tail(m, c):
    return f"{field(m, c)} {tails(c, [c.where(), c.mask(), c.date() if c.r.random() < 0.5 else ''])}"


def w_network_code_tail(m, c):
    r = c.r
    code = r.choice([f"{c.d(4)} 00 {r.choice('CRS')}", f"{'0' * 8} 00 0 {r.choice('RC')}",
                     f"{c.d(2)} {c.d(3)} {c.d(4)}", f"{'X' * 6}{c.d(4)} {c.d(2)}"])
    return f"{field(m, c)} {tails(c, [c.where(), code])}"


def w_masked_phone(m, c):
    r = c.r
    phone = r.choice([f"XXX-XXX-{c.d(4)}", f"{r.choice(['800', '888', '877'])}-XXX-XXXX", "XXX-XXX-XXXX",
                      f"{c.d(3)}-XXX-{c.d(4)}"])
    return f"{field(m, c)} {tails(c, [phone, c.state])}"


def w_glued_mask(m, c):
    r = c.r
    f = field(m, c, False)
    n = r.choice([22, 25])
    f = f[: n - r.randint(6, 9)].rstrip()
    glue = r.choice(["X" * r.randint(6, 9), "*" * r.randint(4, 8), "#" + "X" * r.randint(5, 8)])
    return f"{f}{glue} {tails(c, [c.where(), c.date() if r.random() < 0.4 else ''])}"


def w_withdrawal_pos(m, c):
    r = c.r
    return r.choice([
        lambda: f"WITHDRAWAL POS #{c.d(9)} {field(m, c)} {c.where()}",
        lambda: f"WITHDRAWAL DEBIT CARD POINT OF SALE {field(m, c)} {c.date()}",
        lambda: f"Withdrawal Debit Card {field(m, c)} {c.where()} Date {c.date()}",
    ])()


def w_ext_credit(m, c):
    r = c.r
    return r.choice([
        lambda: f"EXT CREDIT CARD CREDIT {field(m, c)} {c.where()}",
        lambda: f"EXT CREDIT CARD DEBIT {field(m, c)} {c.date()} {c.mask()}",
        lambda: f"EXTERNAL WITHDRAWAL {field(m, c)} - {c.where()}",
    ])()


def w_intl_pos(m, c):
    r = c.r
    amt = f"{r.randint(1, 400)}.{c.d(2)}"
    return r.choice([
        lambda: f"INTL POS {field(m, c)} {r.choice(['GBR', 'GB', 'UNITED KINGDOM'])} {amt} GBP",
        lambda: f"{field(m, c)} {r.choice(['LONDON', 'BIRMINGHAM', 'OXFORD'])} GBR {c.date()} FX RATE 1.{c.d(4)}",
        lambda: f"FRGN TRANS {c.date()} {field(m, c)} GB {amt} GBP @ 1.{c.d(4)}",
    ])()


FAMILIES = {
    "apple_pay": w_apple_pay, "applecard": w_applecard, "online_pmt": w_online_pmt,
    "ach_id_tail": w_ach_id_tail, "chase_ach": w_chase_ach, "pos_wd": w_pos_wd,
    "dbt_purchase": w_dbt_purchase, "mc_purchase": w_mc_purchase, "visa_check_card": w_visa_check_card,
    "card_mask_tail": w_card_mask_tail, "network_code_tail": w_network_code_tail,
    "masked_phone": w_masked_phone, "glued_mask": w_glued_mask, "withdrawal_pos": w_withdrawal_pos,
    "ext_credit": w_ext_credit, "intl_pos": w_intl_pos,
}
assert len(FAMILIES) >= CAP


def surface(s, r):
    u = r.random()
    if u < 0.10:
        s = s.lower()
    elif u < 0.20:
        s = " ".join(w[:1].upper() + w[1:].lower() for w in s.split(" "))
    if r.random() < 0.08:
        s = s.replace(" ", "  ", 1 + r.randrange(2))
    return re.sub(r" +$", "", s)


def wrap(m, family, r):
    s = FAMILIES[family](m, Ctx(r))
    s = surface(re.sub(r" {2,}", " ", s).strip(), r)
    return s[:512]


def wrapped_rows(capped):
    """One wrapped string per oneshot row; a merchant's strings get pairwise different families."""
    fam_names = sorted(FAMILIES)
    assign = {}
    for m in sorted(capped):
        fams = fam_names[:]
        brand_rng(m, "families").shuffle(fams)
        for i, s in enumerate(capped[m]):
            assign[(m, s)] = fams[i % len(fams)]
    # Hard cases: pairs of different merchants (same split) where one string of each gets the same
    # family with the same random draws (city, dates, masks, store-number shape), so only the
    # merchant field tells them apart.
    r = random.Random(SEED + 1)
    hard = {}
    for split in ("dev", "test"):
        ms = [m for m in sorted(capped) if split_of(m) == split]
        r.shuffle(ms)
        npairs = len(ms) // 8
        for k in range(npairs):
            a, b = ms[2 * k], ms[2 * k + 1]
            sa = r.choice(capped[a])
            fam = assign[(a, sa)]
            sb = r.choice(capped[b])
            # give sb the family fam, swapping with b's string that had it, so b keeps distinct families
            for other in capped[b]:
                if assign[(b, other)] == fam and other != sb:
                    assign[(b, other)] = assign[(b, sb)]
            assign[(b, sb)] = fam
            seed = r.getrandbits(63)
            pid = f"{split}-{k:03d}"
            hard[(a, sa)] = (pid, seed)
            hard[(b, sb)] = (pid, seed)
    out = []
    for m in sorted(capped):
        for s in capped[m]:
            fam = assign[(m, s)]
            if (m, s) in hard:
                pid, seed = hard[(m, s)]
                text = wrap(s, fam, random.Random(seed))
            else:
                pid = ""
                h = hashlib.sha256(f"{SEED}|wrap|{m}|{s}".encode("utf-8")).digest()
                text = wrap(s, fam, random.Random(int.from_bytes(h[:8], "big")))
            out.append((text, m, split_of(m), fam, s, pid))
    return out


# --------------------------------------------------------------------------------------------


def write_csv(path, header, rows):
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    w.writerow(header)
    w.writerows(rows)
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write(buf.getvalue())


def check_csv(path, ncols):
    with open(path, encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    assert rows[0][:2] == ["text", "merchant"], path
    for row in rows[1:]:
        assert len(row) == ncols and row[0].strip() and row[1].strip() and len(row[0]) <= 512, (path, row)
    return rows[1:]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--in", dest="inp", required=True, help="folder with brand-labelled.tsv, descriptors.tsv")
    ap.add_argument("--out", required=True, help="output folder, e.g. data/uk-pcard")
    ap.add_argument("--review", type=int, default=0, help="print this many random kept groups and exit")
    a = ap.parse_args()

    labelled = read_tsv(os.path.join(a.inp, "brand-labelled.tsv"))
    desc = read_tsv(os.path.join(a.inp, "descriptors.tsv"))
    groups, log = clean_labels(labelled)
    capped = cap(groups)

    if a.review:
        r = random.Random(SEED + 7)
        for m in sorted(r.sample(sorted(capped), min(a.review, len(capped)))):
            print(f"{m} [{len(groups[m])}]: " + " | ".join(capped[m]))
        return

    os.makedirs(a.out, exist_ok=True)
    one = [(s, m, split_of(m)) for m in sorted(capped) for s in capped[m]]
    write_csv(os.path.join(a.out, "oneshot.csv"), ["text", "merchant", "split"], one)
    wr = wrapped_rows(capped)
    write_csv(os.path.join(a.out, "wrapped.csv"),
              ["text", "merchant", "split", "wrapper", "source_text", "hard_pair"], wr)
    pool = distractors(desc, labelled, capped)
    # Half of the strings of no kept merchant are evaluation distractors, the other half a training corpus of
    # real merchant names, split by the first byte of SHA-256 of the string (even: distractor).
    dis = [s for s in pool if half_of(s) == 0]
    corpus = [s for s in pool if half_of(s) == 1]
    for name, lines in (("distractors.txt", dis), ("corpus.txt", corpus)):
        with open(os.path.join(a.out, name), "w", encoding="utf-8", newline="\n") as f:
            f.write("\n".join(lines) + "\n")

    # Self-check: re-read what was written and print the counts.
    one_r = check_csv(os.path.join(a.out, "oneshot.csv"), 3)
    wr_r = check_csv(os.path.join(a.out, "wrapped.csv"), 6)
    assert len(one_r) == len(wr_r)
    assert [(x[1], x[2]) for x in one_r] == [(x[1], x[2]) for x in wr_r]
    assert [x[0] for x in one_r] == [x[4] for x in wr_r]
    per = collections.defaultdict(set)
    for x in wr_r:
        assert x[3] not in per[x[1]] or x[5], ("family repeated within merchant", x)
        per[x[1]].add(x[3])
    kept = {x[0] for x in one_r}
    assert not kept & set(dis) and not kept & set(corpus) and not set(dis) & set(corpus)
    for k, v in sorted(log.items()):
        print(f"cleaning: {k}: {v}")
    by_split = collections.Counter(x[2] for x in one_r)
    brands_split = collections.Counter(split_of(m) for m in capped)
    print(f"brands: {len(capped)} (dev {brands_split['dev']}, test {brands_split['test']});"
          f" before cap {sum(len(v) for v in groups.values())} strings")
    print(f"oneshot.csv: {len(one_r)} rows (dev {by_split['dev']}, test {by_split['test']})")
    hp = collections.Counter(x[5].split('-')[0] for x in wr_r if x[5])
    print(f"wrapped.csv: {len(wr_r)} rows, {len(FAMILIES)} wrapper families,"
          f" hard-pair rows dev {hp['dev']} test {hp['test']}")
    print(f"distractors.txt: {len(dis)} lines, {os.path.getsize(os.path.join(a.out, 'distractors.txt'))} bytes")
    print(f"corpus.txt: {len(corpus)} lines, {os.path.getsize(os.path.join(a.out, 'corpus.txt'))} bytes")
    fam = collections.Counter(x[3] for x in wr_r)
    print("wrapper families: " + ", ".join(f"{k} {v}" for k, v in sorted(fam.items())))


if __name__ == "__main__":
    sys.exit(main())
