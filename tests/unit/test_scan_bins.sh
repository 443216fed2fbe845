#!/bin/sh
# SPDX-License-Identifier: MIT
# Build what test_scan scans into $1: the assembly programs of tests/scan
# (known.S; stripped.S without symbols), hello with glibc, musl and Go,
# and dynamic programs with libraries in odd places, with whatever
# toolchains are installed; a missing one is reported and its kind
# skipped by the test.
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

# Dynamic closures: a library found through DT_RUNPATH $ORIGIN/lib (after
# a 32-bit impostor in $ORIGIN/lib32, which must be passed over), one
# through DT_RPATH, one that is gone, and musl's loader.
dynlibs() {
    mkdir -p "$out/lib" "$out/lib32" &&
    printf 'int found(void) { return 1; }\n' >"$out/found.c" &&
    printf 'int nosuch(void) { return 2; }\n' >"$out/nosuch.c" &&
    gcc -shared -fPIC -Wl,-soname,libfound.so.1 -o "$out/lib/libfound.so.1" \
        "$out/found.c" &&
    cp "$out/lib/libfound.so.1" "$out/lib32/libfound.so.1" &&
    printf '\001' | dd of="$out/lib32/libfound.so.1" bs=1 seek=4 \
        conv=notrunc 2>/dev/null &&
    gcc -shared -fPIC -Wl,-soname,libnosuch.so.9 -o "$out/libnosuch.so.9" \
        "$out/nosuch.c" &&
    gcc -O2 -o "$out/dyn-runpath" "$src/hello.c" -Wl,--no-as-needed \
        -Wl,--enable-new-dtags -Wl,-rpath,'$ORIGIN/lib32:$ORIGIN/lib' \
        "$out/lib/libfound.so.1" &&
    gcc -O2 -o "$out/dyn-rpath" "$src/hello.c" -Wl,--no-as-needed \
        -Wl,--disable-new-dtags -Wl,-rpath,'$ORIGIN/lib' \
        "$out/lib/libfound.so.1" &&
    gcc -O2 -o "$out/dyn-missing" "$src/hello.c" -Wl,--no-as-needed \
        "$out/libnosuch.so.9" &&
    rm -f "$out/libnosuch.so.9"
}
if command -v gcc >/dev/null; then
    [ "$out/dyn-missing" -nt "$0" ] || dynlibs ||
        echo "test_scan_bins: skip the dynamic closures: gcc failed"
fi
[ "$out/musl-dyn-hello" -nt "$src/hello.c" ] ||
    build musl-dyn-hello musl-gcc -O2 "$src/hello.c"

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
