#!/usr/bin/env bash
# Makes the serving image's base (a JRE 17 with curl) locally, for machines where no image registry answers.
#   deploy/base-image.sh [NAME]        NAME defaults to the Dockerfile's BASE_IMAGE default (eclipse-temurin:17-jre)
# Does nothing when NAME is already there or can be pulled. Otherwise, as root, debootstraps Debian bookworm
# (minbase, plus openjdk-17-jre-headless and curl) from DEBIAN_MIRROR and imports the tree as NAME. The result has
# the same role as the registry image of that name (java and curl on PATH, useradd), not the same contents.
# A base made here is saved as a tarball in TXMATCH_CACHE (default ~/.cache/txmatch) and loaded from there next
# time (seconds instead of a debootstrap): keep that folder in the CI cache.
# Environment: DEBIAN_MIRROR (default http://deb.debian.org/debian), BASE_PULL=0 skips the pull attempt,
# BASE_DEADLINE seconds for the debootstrap (default 900), TXMATCH_CACHE.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DEFAULT="$(sed -n 's/^ARG BASE_IMAGE=//p' "$ROOT/deploy/Dockerfile")"
NAME="${1:-$DEFAULT}"
MIRROR="${DEBIAN_MIRROR:-http://deb.debian.org/debian}"
CACHE="${TXMATCH_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/txmatch}"
TARBALL="$CACHE/base-$(echo "$NAME" | tr -c 'A-Za-z0-9._\n-' '_').tar"

say() { echo "base-image: $*" >&2; }

command -v docker >/dev/null || { say "docker is not installed"; exit 1; }
timeout 30 docker info >/dev/null 2>&1 || { say "no Docker engine answers (docker info failed)"; exit 1; }
if docker image inspect "$NAME" >/dev/null 2>&1; then
  say "$NAME is there already"
  exit 0
fi
if [[ -f "$TARBALL" ]] && timeout 300 docker load -q -i "$TARBALL" >/dev/null 2>&1 && docker image inspect "$NAME" >/dev/null 2>&1; then
  say "$NAME loaded from $TARBALL"
  exit 0
fi
if [[ "${BASE_PULL:-1}" != 0 ]] && timeout 60 docker pull -q "$NAME" >/dev/null 2>&1; then
  say "$NAME pulled"
  exit 0
fi
[[ "$(id -u)" == 0 ]] || { say "$NAME is missing, cannot be pulled, and debootstrap needs root"; exit 1; }
command -v debootstrap >/dev/null || { say "$NAME is missing and cannot be pulled; install debootstrap (apt-get install -y debootstrap)"; exit 1; }

ROOTFS="$(mktemp -d /tmp/txmatch-base.XXXXXX)"
trap 'rm -rf "$ROOTFS"' EXIT
start=$SECONDS
say "building $NAME with debootstrap from $MIRROR into $ROOTFS"
if ! timeout "${BASE_DEADLINE:-900}" debootstrap --variant=minbase --include=openjdk-17-jre-headless,curl \
    bookworm "$ROOTFS" "$MIRROR" >"$ROOTFS.log" 2>&1; then
  tail -20 "$ROOTFS.log" >&2
  say "debootstrap failed (log: $ROOTFS.log)"
  exit 1
fi
# Package caches and lists are not needed at run time.
rm -rf "$ROOTFS"/var/cache/apt/archives/*.deb "$ROOTFS"/var/lib/apt/lists/* "$ROOTFS"/usr/share/doc/* "$ROOTFS"/usr/share/man/*
tar -C "$ROOTFS" -c . | timeout 300 docker import \
  --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
  --change "ENV JAVA_HOME=/usr/lib/jvm/java-17-openjdk-$(dpkg --print-architecture)" \
  --change 'CMD ["bash"]' - "$NAME" >/dev/null
rm -f "$ROOTFS.log"
mkdir -p "$CACHE" && timeout 300 docker save -o "$TARBALL" "$NAME" && say "saved to $TARBALL"
say "$NAME imported in $((SECONDS - start)) s ($(docker image inspect -f '{{.Size}}' "$NAME" | awk '{printf "%.0f MB", $1/1e6}'))"
