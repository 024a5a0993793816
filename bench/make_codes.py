#!/usr/bin/python3
"""Write a small valid TXCB codes file (same format as the Java benchmark) for testing faiss_bench.py.

Usage:
  /usr/bin/python3 make_codes.py OUT.bin [--n 100000] [--nq 200] [--bits 64] [--radius 3]
                                         [--uniform] [--seed 1]

Default data mimics the Java benchmark: n/100 random centres, each database code is a random
centre with every bit flipped with p=0.05; each query is a random stored code with every bit
flipped with p=0.02. --uniform gives independent uniform random codes instead.
expectedHits (pairs with Hamming distance <= radius) is computed by numpy brute force,
independently of FAISS. Format: see faiss_bench.py.
"""
import argparse, struct, sys, zlib
import numpy as np

POP8 = np.array([bin(i).count("1") for i in range(256)], dtype=np.uint8)


def random_bits(rng, rows, bits, words, p=None):
    """rows x words uint64; each of the low `bits` bits is 1 with prob p (uniform if p is None)."""
    out = np.zeros((rows, words), dtype="<u8")
    for s in range(0, rows, 1 << 16):
        e = min(rows, s + (1 << 16))
        b = rng.integers(0, 2, (e - s, bits), dtype=np.uint8) if p is None else (rng.random((e - s, bits)) < p)
        b = np.pad(b.astype(np.uint8), ((0, 0), (0, words * 64 - bits)))  # zero padding bits
        out[s:e] = np.packbits(b, axis=1, bitorder="little").view("<u8")  # bit k -> word k>>6, bit k&63
    return out


def hamming_counts(db, q, maxd):
    """counts[d] = number of (query, db) pairs at distance d, for d <= maxd."""
    dbb = db.view(np.uint8)
    counts = np.zeros(maxd + 1, dtype=np.int64)
    for qi in q:
        dist = POP8[dbb ^ qi.view(np.uint8)].sum(axis=1, dtype=np.int32)
        counts += np.bincount(dist[dist <= maxd], minlength=maxd + 1)
    return counts


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("out")
    ap.add_argument("--n", type=int, default=100_000)
    ap.add_argument("--nq", type=int, default=200)
    ap.add_argument("--bits", type=int, default=64)
    ap.add_argument("--radius", type=int, default=3)
    ap.add_argument("--uniform", action="store_true")
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args()
    rng = np.random.default_rng(a.seed)
    words = (a.bits + 63) // 64
    if a.uniform:
        db = random_bits(rng, a.n, a.bits, words)
    else:
        centres = random_bits(rng, max(1, a.n // 100), a.bits, words)
        db = centres[rng.integers(0, len(centres), a.n)] ^ random_bits(rng, a.n, a.bits, words, 0.05)
    q = db[rng.integers(0, a.n, a.nq)] ^ random_bits(rng, a.nq, a.bits, words, 0.02)
    counts = hamming_counts(db, q, a.radius + 1)
    expected = int(counts[: a.radius + 1].sum())
    body = struct.pack("<4siiiiiiq", b"TXCB", 1, a.bits, words, a.n, a.nq, a.radius, expected)
    body += db.astype("<u8").tobytes() + q.astype("<u8").tobytes()
    with open(a.out, "wb") as f:
        f.write(body + struct.pack("<I", zlib.crc32(body) & 0xFFFFFFFF))
    print(f"make-codes wrote {a.out}: n={a.n} nq={a.nq} bits={a.bits} r={a.radius} "
          f"{'uniform' if a.uniform else 'clustered'} expectedHits={expected} "
          f"pairs_by_distance[0..{a.radius + 1}]={counts.tolist()}", file=sys.stderr)


if __name__ == "__main__":
    main()
