#!/usr/bin/env bash
# txmatch's Multi-Index Hashing against FAISS IndexBinaryMultiHash on the same codes, alternating the two
# processes so that both see the same machine load; prints one line per run and the ratio of the two
# medians (FAISS's rate swings between runs more than txmatch's, so the medians, not paired ratios).
#
#   bench/vs_faiss.sh [--n 1000000] [--bits 64] [--radius 3] [--queries 20000] [--multihash 2x32] [--runs 3]
#
# Needs Debian's python3-faiss (apt-get install python3-faiss); runs from the repository root. JAVA_OPTS
# is passed on (10M codes want JAVA_OPTS=-Xmx8g). Codes file: $TMPDIR/txmatch-vs-faiss.bin, removed after.
set -euo pipefail
n=1000000 bits=64 radius=3 queries=20000 multihash=2x32 runs=3
while [ $# -gt 0 ]; do
  case "$1" in
    --n) n=$2 ;; --bits) bits=$2 ;; --radius) radius=$2 ;; --queries) queries=$2 ;;
    --multihash) multihash=$2 ;; --runs) runs=$2 ;;
    *) echo "vs_faiss: unknown option $1" >&2; exit 2 ;;
  esac
  shift 2
done
cd "$(dirname "$0")/.."
codes="${TMPDIR:-/tmp}/txmatch-vs-faiss.bin"
trap 'rm -f "$codes"' EXIT
tx=() fx=()
for run in $(seq 1 "$runs"); do
  line=$(./txmatch bench index --n "$n" --bits "$bits" --radius "$radius" --queries "$queries" \
      --codes-out "$codes" | tail -1)
  echo "run $run txmatch: $line"
  tx+=("$(sed -E 's/.*mih_qps=([0-9.]+).*/\1/' <<<"$line")")
  line=$(/usr/bin/python3 bench/faiss_bench.py "$codes" --no-flat --hash-b '' --multihash "$multihash" | tail -1) || true
  echo "run $run faiss:   $line"
  grep -q 'exact=true' <<<"$line" || { echo "vs_faiss: FAISS's hit total differs from txmatch's" >&2; exit 1; }
  fx+=("$(sed -E 's/.*qps=([0-9.]+).*/\1/' <<<"$line")")
done
median() { printf '%s\n' "$@" | sort -g | awk '{v[NR]=$1} END {print (NR%2) ? v[(NR+1)/2] : (v[NR/2]+v[NR/2+1])/2}'; }
mt=$(median "${tx[@]}") mf=$(median "${fx[@]}")
printf 'vs-faiss n=%s bits=%s r=%s queries=%s runs=%s: txmatch_mih_qps=%.0f faiss_multihash_%s_qps=%.0f ratio=%.2fx\n' \
  "$n" "$bits" "$radius" "$queries" "$runs" "$mt" "$multihash" "$mf" "$(awk -v a="$mt" -v b="$mf" 'BEGIN {print a / b}')"
