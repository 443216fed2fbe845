#!/bin/sh
# SPDX-License-Identifier: MIT
# Build the real binaries test_loader parses into $1, with whatever
# toolchains are installed; a missing one is reported and skipped.
set -u
mkdir -p "$1" || exit 1
out=$(cd "$1" && pwd)
src=$out/hello.c
printf '#include <stdio.h>\nint main(void) { puts("hi"); return 0; }\n' >"$src"

cc_bin() { # name compiler flags...
    name=$1 cc=$2
    shift 2
    [ -e "$out/$name" ] && return
    if ! command -v "$cc" >/dev/null; then
        echo "test_loader_bins: skip $name: no $cc"
        return
    fi
    "$cc" "$@" -o "$out/$name" "$src" ||
        echo "test_loader_bins: skip $name: $cc failed"
}

cc_bin musl-static musl-gcc -static
cc_bin musl-noseparate musl-gcc -static -Wl,-z,noseparate-code
cc_bin gcc-static gcc -static
cc_bin gcc-static-pie gcc -static-pie -fPIE
cc_bin gcc-dynamic gcc

if [ ! -e "$out/go-static" ]; then
    if command -v go >/dev/null; then
        mkdir -p "$out/go"
        printf 'package main\n\nimport "fmt"\n\nfunc main() { fmt.Println("hi") }\n' >"$out/go/hello.go"
        [ -n "${HOME:-}" ] || export GOCACHE="$out/go/cache"
        (cd "$out/go" && CGO_ENABLED=0 go build -o ../go-static hello.go) ||
            echo "test_loader_bins: skip go-static: go build failed"
    else
        echo "test_loader_bins: skip go-static: no go"
    fi
fi
exit 0
