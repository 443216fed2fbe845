# SPDX-License-Identifier: MIT
# Host directories (-v), sourced by tests/runner.  The fixture
# (make-fixture) lives at one absolute path, the same natively and in the
# guest (-v F:F), and is made afresh before every run.
#   hostdir ro: natively through a read-only bind mount (in a mount
#     namespace), in the guest with -v F:F; stdout and status compared.
#   hostdir rw: natively on the fixture, in the guest with -v F:F:rw.
#   escape ro|rw: every way out must print "blocked" under ./run (no
#     oracle: natively they reach the secret, which shows they are real).
#   hostthreads: threads reading and writing one file of an rw mount at
#     once (tests/bins/hostthreads.c), compared with the native run.
#   bad:-v: a missing source, a file as source, mounting over /.
#   overlay: the default view's writes (tests/bins/overlay.c).  Natively
#     /etc and /usr are overlayfs mounts (the host's below, a fresh
#     directory on top) in a mount namespace; under ./run the program has
#     the view (the static builds through --host-view).

# host_run PREFIX BACKEND MODE ARGV...: the fixture anew, then ARGV
# natively (BACKEND native) or under ./run with the fixture mounted (and
# the options in HOST_VOPTS).
host_run() {
    local p=$1 backend=$2 mode=$3 fix=$HOSTFIX
    shift 3
    tests/hostdir/make-fixture "$fix" || return 1
    if [ "$backend" = native ] && [ "$mode" = ro ]; then
        # shellcheck disable=SC2086  # UNSHARE is two words on purpose
        run_to "$p" - $UNSHARE sh -c \
            'mount --bind -o ro "$0" "$0" && exec "$@"' "$fix" "$@"
    elif [ "$backend" = native ]; then
        run_to "$p" - "$@"
    else
        local v=$fix
        [ "$mode" = rw ] && v=$fix:$fix:rw
        # shellcheck disable=SC2086
        run_to "$p" - "$RUN" ${BOPTS[$backend]} "${HOST_VOPTS[@]}" \
            "${DEFAULT_VENV[@]}" -v "$v" "$@"
    fi
}

host_cases() {
    local backend=$1 libc mode label key bin
    HOSTFIX=$PWD/$OUT/hostfix
    probe_unshare
    for libc in "${LIBCS[@]}" dyn; do
        [ "$libc" = dyn ] && [ "$backend" = kvm ] && continue
        HOST_VOPTS=()
        [ "$libc" = dyn ] && HOST_VOPTS=(--fs "$B/dynroot")
        for mode in ro rw; do
            bin=$B/bins/$libc/hostdir
            label="hostdir $mode [$libc,$backend]"
            key=$libc.hostdir.$mode
            if selected "$label"; then
                if [ "$mode" = ro ] && [ -z "$UNSHARE" ]; then
                    skip "$label" "no mount namespace for a read-only bind mount natively"
                else
                    [ -n "${NATIVE_DONE[$key]:-}" ] ||
                        host_run "$OUT/native/$key" native "$mode" "$bin" "$HOSTFIX" "$mode"
                    NATIVE_DONE[$key]=1
                    host_run "$OUT/vm/$key" "$backend" "$mode" "$bin" "$HOSTFIX" "$mode"
                    compare "$label" "$OUT/native/$key" "$OUT/vm/$key"
                fi
            fi
            [ "$libc" = dyn ] && continue
            label="escape $mode [$libc,$backend]"
            selected "$label" || continue
            key=$libc.escape.$mode.$backend
            host_run "$OUT/vm/$key" "$backend" "$mode" "$B/bins/$libc/escape" "$HOSTFIX" "$mode"
            local want=10 n
            [ "$mode" = rw ] && want=15
            n=$(grep -c ': blocked$' "$OUT/vm/$key.out")
            if [ "$(cat "$OUT/vm/$key.rc")" = 0 ] && [ "$n" = "$want" ] &&
                ! grep -q REACHED "$OUT/vm/$key.out"; then
                pass "$label"
            else
                fail "$label" "status $(cat "$OUT/vm/$key.rc"), $n of $want ways out blocked" "$OUT/vm/$key.out"
            fi
        done
    done
    host_thread_cases "$backend"
    host_bad_cases "$backend"
    overlay_cases "$backend"
}

# hostthreads: threads reading and writing one rw mount at once.  QEMU
# serves 9P from its own threads, so there the readers and writers sleep
# while others run: --smp 1 and 2.  The monitor answers at once: --smp 2.
host_thread_cases() {
    local backend=$1 libc smp label key bin
    for libc in "${LIBCS[@]}"; do
        bin=$B/bins/$libc/hostthreads
        key=$libc.hostthreads
        for smp in 1 2; do
            [ "$backend" = kvm ] && [ "$smp" = 1 ] && continue
            label="hostthreads {--smp $smp} [$libc,$backend]"
            selected "$label" || continue
            [ -n "${NATIVE_DONE[$key]:-}" ] ||
                host_run "$OUT/native/$key" native rw "$bin" "$HOSTFIX"
            NATIVE_DONE[$key]=1
            HOST_VOPTS=(--smp "$smp")
            host_run "$OUT/vm/$key.$smp.$backend" "$backend" rw "$bin" "$HOSTFIX"
            compare "$label" "$OUT/native/$key" "$OUT/vm/$key.$smp.$backend"
        done
    done
}

# ovl_run PREFIX BACKEND LIBC: overlay with /etc and /usr under an
# overlay.
ovl_run() {
    local p=$1 backend=$2 libc=$3 bin=$B/bins/$3/overlay up=$PWD/$OUT/ovl-upper
    if [ "$backend" = native ]; then
        rm -rf "$up" && mkdir -p "$up"/etc "$up"/etc.w "$up"/usr "$up"/usr.w
        # userxattr: as a user namespace's root, overlayfs keeps its
        # whiteouts' marks in user.* attributes (trusted.* needs real root)
        # shellcheck disable=SC2016,SC2086
        run_to "$p" - $UNSHARE sh -c 'for d in etc usr; do
                mount -t overlay overlay -o "lowerdir=/$d,upperdir=$0/$d,workdir=$0/$d.w,userxattr" "/$d" || exit 99
            done; exec "$@"' "$up" "$bin"
        rm -rf "$up"
    else
        local view=--host-view
        case $libc in dyn|musldyn) view= ;; esac # a dynamic one's default
        # shellcheck disable=SC2086
        run_to "$p" - "$RUN" ${BOPTS[$backend]} $view "$bin"
    fi
}

overlay_cases() {
    local backend=$1 libc label key
    for libc in "${LIBCS[@]}" dyn musldyn; do
        [[ $libc == *dyn ]] && [ "$backend" = kvm ] && continue
        label="overlay [$libc,$backend]"
        selected "$label" || continue
        key=$libc.overlay
        if [ -z "$UNSHARE" ]; then
            skip "$label" "no mount namespace for overlayfs natively"
            continue
        fi
        [ -n "${NATIVE_DONE[$key]:-}" ] ||
            ovl_run "$OUT/native/$key" native "$libc"
        NATIVE_DONE[$key]=1
        if [ "$(cat "$OUT/native/$key.rc")" = 99 ]; then
            skip "$label" "overlayfs cannot be mounted natively here"
            continue
        fi
        ovl_run "$OUT/vm/$key.$backend" "$backend" "$libc"
        compare "$label" "$OUT/native/$key" "$OUT/vm/$key.$backend"
    done
}

# -v with a bad source or target: one "run:" line and status 125.
host_bad_cases() {
    local backend=$1 what spec v
    for what in missing file root; do
        local label="bad:-v $what [$backend]"
        selected "$label" || continue
        case $what in
        missing) spec=$OUT/no-such-dir:/x ;;
        file) spec=$PWD/tests/hostdir/make-fixture:/x ;;
        root) spec=$OUT:/ ;;
        esac
        v=$OUT/vm/bad-v.$what
        # shellcheck disable=SC2086
        run_to "$v" - "$RUN" ${BOPTS[$backend]} -v "$spec" "$B/bins/musl/hello"
        if [ "$(cat "$v.rc")" = 125 ] && [ "$(wc -l <"$v.err")" = 1 ] &&
            grep -q '^run: -v' "$v.err"; then
            pass "$label"
        else
            fail "$label" "status $(cat "$v.rc"), want 125 and one 'run: -v' line" "$v.err"
        fi
    done
}

# tests/hostprogs.txt: programs of the host itself, as a user runs them.
host_prog_cases() {
    local backend=$1 line i=0 label n v mnt=$PWD/tests/hostdir
    while IFS= read -r line || [ -n "$line" ]; do
        case $line in ''|'#'*) continue ;; esac
        i=$((i + 1))
        label="host: ${line:0:70} [$backend]"
        selected "$label" || continue
        n=$OUT/native/host.$i v=$OUT/vm/host.$i.$backend
        [ -n "${NATIVE_DONE[host.$i]:-}" ] ||
            run_line_to "$n" "$line" env -i "${ENV_VARS[@]}"
        NATIVE_DONE[host.$i]=1
        # shellcheck disable=SC2086
        run_line_to "$v" "$line" "$RUN" ${BOPTS[$backend]} \
            "${DEFAULT_VENV[@]}" -v "$mnt"
        compare "$label" "$n" "$v"
    done <tests/hostprogs.txt
}
