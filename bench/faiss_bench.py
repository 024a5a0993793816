#!/usr/bin/python3
"""Benchmark FAISS binary indexes on a TXCB codes file written by the Java benchmark.

Usage:
  /usr/bin/python3 faiss_bench.py CODES.bin [--rounds 5] [--min-round-s 0.2] [--threads 1[,2]]
                                 [--multihash 2x32,3x21,4x16] [--hash-b 16,24] [--no-flat]
(Debian's python3-faiss is only visible to /usr/bin/python3, not to a pyenv python3.)

File format (little-endian): "TXCB", int32 version=1, int32 bits, int32 words=ceil(bits/64),
int32 n, int32 nq, int32 radius, int64 expectedHits (pairs with Hamming distance <= radius, as txmatch's
MIH found them; txmatch checks the first 1,000 queries against its linear scan, so "exact=true" below means
FAISS agrees with txmatch on every query beyond those, and with the scan on those),
n*words int64 database codes, nq*words int64 query codes, uint32 zlib.crc32 of all preceding bytes.
Codes are fed to FAISS as words*8 little-endian bytes (d = words*64; padding bits are zero).

FAISS binary range_search(x, thresh) keeps distances STRICTLY below thresh (IndexBinary docstring:
"only distances < radius (strict comparison) are returned"), so we pass thresh = radius + 1 and the
script prints the hits at thresh = radius as well, as an empirical check.
Indexes: IndexBinaryFlat; IndexBinaryMultiHash(d, nhash, b) with nflip = radius // nhash (exact by
pigeonhole); IndexBinaryHash(d, b) with nflip = radius (exact). Each index is built and timed in a
forked child, so the RSS growth of add() is not hidden by memory freed by a previous index.
Search time: median of --rounds rounds after one warm-up run; a round passes over all nq queries,
repeated until --min-round-s (default 0.2 s) so that fast indexes are not timed on ~1 ms.
Exit status: 0 ok, 1 some index total != expectedHits, 2 bad file.
"""
import argparse, multiprocessing as mp, statistics, struct, sys, time, zlib
import numpy as np

HEADER = struct.Struct("<4siiiiiiq")


def load(path):
    data = open(path, "rb").read()
    def bad(msg):
        raise ValueError(f"faiss-bench: {path}: {msg}")
    if len(data) < HEADER.size + 4:
        bad(f"file too short ({len(data)} bytes)")
    magic, ver, bits, words, n, nq, radius, expected = HEADER.unpack_from(data)
    if magic != b"TXCB":
        bad(f"bad magic {magic!r}, expected b'TXCB'")
    if ver != 1:
        bad(f"unsupported version {ver}, expected 1")
    if bits <= 0 or words != (bits + 63) // 64 or n < 0 or nq < 0 or radius < 0:
        bad(f"bad header bits={bits} words={words} n={n} nq={nq} radius={radius}")
    want = HEADER.size + (n + nq) * words * 8 + 4
    if len(data) != want:
        bad(f"file length {len(data)} != {want} expected from header")
    crc_file, = struct.unpack_from("<I", data, want - 4)
    crc = zlib.crc32(memoryview(data)[: want - 4]) & 0xFFFFFFFF
    if crc != crc_file:
        bad(f"CRC32 mismatch: stored {crc_file:08x}, computed {crc:08x}")
    cs = words * 8

    def codes(off, rows):
        # 8 spare zero bytes after the last row: IndexBinaryMultiHash reads a whole uint64 at each
        # substring's byte offset, which can run past the end of the last code.
        buf = np.zeros(rows * cs + 8, dtype=np.uint8)
        buf[: rows * cs] = np.frombuffer(data, dtype="<i8", count=rows * words, offset=off).view(np.uint8)
        return buf[: rows * cs].reshape(rows, cs)

    db = codes(HEADER.size, n)
    q = codes(HEADER.size + n * cs, nq)
    return dict(bits=bits, words=words, n=n, nq=nq, radius=radius, expected=expected, db=db, q=q)


def rss_kb():
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def total_hits(index, q, thresh):
    lims, _, _ = index.range_search(q, thresh)
    return int(lims[-1])


D = None  # loaded data; set before forking the children


def bench(args):
    """Build one index, check its hits, time range_search. Runs in a forked child."""
    import faiss
    kind, params, threads, rounds, min_round_s = args
    d, r = D["words"] * 64, D["radius"]
    faiss.omp_set_num_threads(threads)
    if kind == "IndexBinaryFlat":
        index, desc = faiss.IndexBinaryFlat(d), ""
    elif kind == "IndexBinaryMultiHash":
        nhash, b = params
        index = faiss.IndexBinaryMultiHash(d, nhash, b)
        index.nflip = r // nhash
        desc = f" nhash={nhash} b={b} nflip={index.nflip}"
    else:
        b, = params
        index = faiss.IndexBinaryHash(d, b)
        index.nflip = r
        desc = f" b={b} nflip={index.nflip}"
    rss0, t0 = rss_kb(), time.perf_counter()
    index.add(D["db"])
    build_s, rss_kb_grow = time.perf_counter() - t0, rss_kb() - rss0
    hits = total_hits(index, D["q"], r + 1)  # also the warm-up run
    times = []  # seconds per pass over all nq queries
    for _ in range(rounds):
        reps, t0 = 0, time.perf_counter()
        while reps == 0 or time.perf_counter() - t0 < min_round_s:
            index.range_search(D["q"], r + 1)
            reps += 1
        times.append((time.perf_counter() - t0) / reps)
    med = statistics.median(times)
    extra = ""
    if kind == "IndexBinaryFlat" and threads == 1:
        extra = f" hits_at_thresh_r={total_hits(index, D['q'], r)}"  # radius-semantics evidence
    line = (f"faiss-bench index={kind}{desc} n={D['n']} bits={D['bits']} r={r} threads={threads}: "
            f"qps={D['nq'] / med:.1f} us_per_query={med / max(D['nq'], 1) * 1e6:.1f} hits={hits} "
            f"expected={D['expected']} exact={'true' if hits == D['expected'] else 'false'} "
            f"build_s={build_s:.3f} rss_growth_bytes_per_code={rss_kb_grow * 1024 / max(D['n'], 1):.1f}"
            f"{extra}")
    return line, hits == D["expected"]


def main():
    global D
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("codes")
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--min-round-s", type=float, default=0.2,
                    help="a round repeats the full query set until this long; its time is per pass")
    ap.add_argument("--threads", default="1", help="comma list of OpenMP thread counts, e.g. 1,2")
    ap.add_argument("--multihash", default="2x32,3x21,4x16", help="NHASHxB list ('' to skip)")
    ap.add_argument("--hash-b", default="16,24", help="IndexBinaryHash b list ('' to skip)")
    ap.add_argument("--no-flat", action="store_true",
                    help="skip IndexBinaryFlat (a brute-force pass per query: hours for 10M codes x 20k queries)")
    a = ap.parse_args()
    try:
        D = load(a.codes)
    except (OSError, ValueError) as e:
        print(e, file=sys.stderr)
        sys.exit(2)
    import faiss
    print(f"faiss-bench faiss={faiss.__version__} python={sys.executable} file={a.codes}")
    specs = [] if a.no_flat else [("IndexBinaryFlat", ())]
    for c in filter(None, a.multihash.split(",")):
        nhash, b = map(int, c.lower().split("x"))
        if nhash * b > D["bits"] or b > 63:  # FAISS allows up to d, but padding bits are always 0
            sys.exit(f"faiss-bench: multihash {c}: need nhash*b <= bits={D['bits']} and b <= 63")
        specs.append(("IndexBinaryMultiHash", (nhash, b)))
    specs += [("IndexBinaryHash", (int(b),)) for b in filter(None, a.hash_b.split(","))]
    ok = True
    ctx = mp.get_context("fork")  # children share the loaded codes; parent never starts OpenMP
    for threads in map(int, a.threads.split(",")):
        for kind, params in specs:
            with ctx.Pool(1) as pool:
                line, exact = pool.apply(bench, ((kind, params, threads, a.rounds, a.min_round_s),))
            print(line, flush=True)
            ok &= exact
    if not ok:
        print("faiss-bench: FAIL: some index total hits != expectedHits", file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
