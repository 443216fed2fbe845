#!/bin/sh
# SPDX-License-Identifier: MIT
# Build what test_scan scans into $1: the assembly programs of tests/scan
# (known.S; stripped.S without symbols) and hello with glibc, musl and Go,
# with whatever toolchains are installed; a missing one is reported and
# its kind skipped by the test.
set -u
mkdir -p "$1" || exit 1
out=$(cd "$1" && pwd)
src=$(cd "$(dirname "$0")/../scan" && pwd)

build() { # name compiler flags... (the newest source wins)
    name=$1 cc=$2
    shift 2
    if ! command -v "$cc" >/dev/null; then
        echo "test_scan_bins: skip $name: no $cc"
        return
    fi
    "$cc" "$@" -o "$out/$name.tmp" && mv "$out/$name.tmp" "$out/$name" ||
        echo "test_scan_bins: skip $name: $cc failed"
}

build known gcc -nostdlib -static "$src/known.S" || exit 1
build stripped gcc -nostdlib -static -s "$src/stripped.S" || exit 1
[ "$out/glibc-hello" -nt "$src/hello.c" ] ||
    build glibc-hello gcc -static -O2 "$src/hello.c"
[ "$out/musl-hello" -nt "$src/hello.c" ] ||
    build musl-hello musl-gcc -static -O2 "$src/hello.c"

if [ ! "$out/go-hello" -nt "$src/hello.go" ]; then
    if command -v go >/dev/null; then
        [ -n "${HOME:-}" ] || export GOCACHE="$out/gocache"
        CGO_ENABLED=0 go build -o "$out/go-hello" "$src/hello.go" ||
            echo "test_scan_bins: skip go-hello: go build failed"
    else
        echo "test_scan_bins: skip go-hello: no go"
    fi
fi
exit 0
