# SPDX-License-Identifier: MIT
"""docs/bench.md and docs/bench.png from the results of bench/compare
(build/bench/results.json): generated, never edited by hand."""
import os, statistics, subprocess

# The operations of the table, in order, with what they measure.
OPS = [
    ("syscall", "null syscall (getppid)"),
    ("pagefault", "page fault, per 4 KiB page touched"),
    ("file_write", "4 KiB pwrite to a file in /tmp"),
    ("file_read", "4 KiB pread from it"),
    ("openstat", "open + close + stat"),
    ("fork_exit", "fork + exit + wait"),
    ("fork_exec", "fork + execve of a static program + wait"),
    ("fork_8m", "fork + exit + wait, 8 MiB written before"),
    ("fork_64m", "fork + exit + wait, 64 MiB written before"),
    ("clock", "clock_gettime(CLOCK_MONOTONIC)"),
    ("create_join", "thread create + join"),
    ("futex_wake", "futex wake until the sleeper runs"),
    ("pipe_rtt", "pipe ping-pong between two threads"),
    ("intloop", "integer loop, per million rounds"),
    ("sha256", "sha256, per MiB"),
    ("sqlite_insert", "sqlite: insert a row (in memory, one transaction)"),
    ("sqlite_select", "sqlite: select a row by key"),
    ("lua", "Lua: one round of the script"),
    ("go_json", "Go: encoding/json encode + decode"),
    ("go_pingpong", "Go: goroutine ping-pong over channels"),
]

# Instruction-count targets, ours against Linux's (issue 8).
RATIO_TARGETS = [("null syscall", ["syscall"], 1 / 3),
                 ("page fault", ["pagefault"], 1 / 10),
                 ("file write and read", ["file_write", "file_read"], 1 / 8),
                 ("open+close+stat", ["openstat"], 1 / 5)]
COMPUTE = ["intloop", "sha256"]
BOOT_TO_MAIN = 25000
MIN_MEM_KIB = 4096
CLOCK_VS_NATIVE = 2.0


def dur(ns):
    for unit, div in (("s", 1e9), ("ms", 1e6), ("µs", 1e3)):
        if ns >= div:
            return "%.3g %s" % (ns / div, unit)
    return "%.3g ns" % ns


def cell(vals, fmt=dur):
    """median (min–max) of a list, or — when there is none."""
    if not vals:
        return "—"
    m = statistics.median(vals)
    if len(vals) == 1:
        return fmt(m)
    return "%s (%s–%s)" % (fmt(m), fmt(min(vals)), fmt(max(vals)))


def ratio(a, b):
    return "%.2fx" % (a / b) if a and b else "—"


def micro_table(res, libc):
    cols = res["micro"][libc]
    ic = res["icount"].get(libc)
    kvm = res["kvm_label"]
    head = ["operation", "native"] + (["ours, " + kvm] if kvm else []) + [
        "ours, qemu tcg", "Linux guest, tcg", "ours/Linux, tcg"] + (
        ["ours/native, kvm"] if kvm else []) + (
        ["instructions: ours", "Linux", "ours/Linux"] if ic else [])
    rows = ["| " + " | ".join(head) + " |",
            "|" + "---|" * len(head)]
    for key, what in OPS:
        if not cols["native"].get(key):
            continue
        med = {c: statistics.median(v[key]) if v.get(key) else None
               for c, v in cols.items()}
        r = ["%s" % what, cell(cols["native"].get(key))]
        if kvm:
            r.append(cell(cols["kvm"].get(key)))
        r += [cell(cols["tcg"].get(key)), cell(cols["linux"].get(key)),
              ratio(med["tcg"], med["linux"])]
        if kvm:
            r.append(ratio(med["kvm"], med["native"]))
        if ic:
            o, li = ic["ours"].get(key), ic["linux"].get(key)
            r += ["%.0f" % o if o else "—", "%.0f" % li if li else "—",
                  ratio(o, li)]
        rows.append("| " + " | ".join(r) + " |")
    return "\n".join(rows)


def targets(res):
    """[(target, measured, met)] over both libcs (the worse one counts)."""
    out = []
    if not res["icount"]:
        out.append(("the instruction-count targets", "not measured: run "
                    "bench/compare --icount (make bench does)", None))
    ics = {l: res["icount"][l] for l in ("musl", "glibc") if res["icount"]}
    for name, keys, limit in RATIO_TARGETS if ics else ():
        worst = max(ics[l]["ours"][k] / ics[l]["linux"][k]
                    for l in ics for k in keys)
        out.append(("%s: at most %.2g of Linux's instructions" % (name, limit),
                    "%.3g" % worst, worst <= limit))
    if ics:
        worst = max(abs(ics[l]["ours"][k] / ics[l]["linux"][k] - 1)
                    for l in ics for k in COMPUTE)
        out.append(("compute (integer loop, sha256): within 1% of Linux's "
                    "instructions", "%.2f%%" % (100 * worst), worst <= 0.01))
        tm = res["tsc_main"]["musl"]["ours"]
        out.append(("boot to main of a musl hello: at most %dk instructions "
                    "from reset" % (BOOT_TO_MAIN // 1000), "%.0f" % tm,
                    tm <= BOOT_TO_MAIN))
    mm = res["min_mem_kib"]["ours"]
    out.append(("least RAM for hello: at most %d MiB" % (MIN_MEM_KIB // 1024),
                "%.2f MiB" % (mm / 1024) if mm else "did not run",
                bool(mm) and mm <= MIN_MEM_KIB))
    if res["kvm_label"]:
        worst = max(statistics.median(res["micro"][l]["kvm"]["clock"]) /
                    statistics.median(res["micro"][l]["native"]["clock"])
                    for l in ("musl", "glibc"))
        out.append(("clock_gettime under ./run --vmm kvm: at most %gx "
                    "native" % CLOCK_VS_NATIVE, "%.2fx" % worst,
                    worst <= CLOCK_VS_NATIVE))
    return out


def chart(res, path):
    """Bars of ours/Linux per operation, log scale: guest instructions,
    or without them time under TCG."""
    data = path + ".dat"
    if res["icount"]:
        what = "Guest instructions per operation"
        pairs = {l: (v["ours"], v["linux"]) for l, v in res["icount"].items()}
    else:
        what = "Time per operation under TCG"
        pairs = {l: tuple({k: statistics.median(x) for k, x in c[col].items()}
                          for col in ("tcg", "linux"))
                 for l, c in res["micro"].items()}
    with open(data, "w") as f:
        for key, _ in OPS:
            vals = [pairs[l][0][key] / pairs[l][1][key]
                    if pairs[l][1].get(key) else float("nan")
                    for l in ("musl", "glibc", "go")]
            f.write('"%s" %s\n' % (key, " ".join("%g" % v for v in vals)))
    script = """set terminal pngcairo size 900,420 font "sans,10" noenhanced
set output "%s"
set title "%s, this kernel / Linux %s (QEMU TCG)"
set style data histogram
set style histogram clustered gap 1
set style fill solid 0.8
set logscale y
set yrange [0.01:10]
set ylabel "ours / Linux (below 1: ours is cheaper)"
set xtics rotate by -30
set grid ytics
set arrow from graph 0, first 1 to graph 1, first 1 nohead lw 2 lc rgb "black"
plot "%s" using 2:xtic(1) title "musl", "" using 3 title "glibc", \\
     "" using 4 title "Go"
""" % (path, what, res["machine"]["linux_guest"], data)
    subprocess.run(["gnuplot"], input=script.encode(), check=True)
    os.unlink(data)


def write(res, out_dir):
    """Write bench.md and bench.png into out_dir; return the text."""
    m = res["machine"]
    kvm = res["kvm_label"]
    lines = [
        "# Benchmarks: this kernel against a Linux guest and native",
        "",
        "Generated by `make bench%s` (bench/compare, bench/report.py) on "
        "%s; do not edit." % (" QUICK=1" if res["quick"] else "", m["date"]),
        "",
        "- Machine: %s, %d CPUs, %s; load average %.2f at the start." % (
            m["cpu"], m["cpus"], m["host"], m["load"]),
        "- %s. Linux guest: Debian's `%s` with a one-program init "
        "(bench/linux/), under the same QEMU and accelerator (TCG)." % (
            m["qemu"], m["linux_guest"]),
        "- Each figure is measured inside the program with "
        "`clock_gettime`, so boot is left out: the median of %d "
        "interleaved rounds, with min and max." % res["rounds"],
        "- Native runs are pinned to one CPU, as each guest has one vCPU; "
        "programs get PATH=/bin and HOME=/ only, as in the Linux guest. "
        "Linux's command line: `%s`." % m.get("linux_cmdline", "?"),
    ]
    if res["icount"]:
        lines.append(
            "- Instructions: both guests under QEMU `-icount shift=0,sleep=off`, "
            "where the guest clock counts instructions (converted with a loop "
            "of known length, bench/work/calib.c); deterministic, the figures "
            "to quote across machines. QEMU counts each iteration of a `rep` "
            "string instruction as one: Linux copies with `rep movsb`, this "
            "kernel with `rep movsq`.")
    if kvm and kvm != "kvm":
        lines.append("- \"%s\" is a software nested hypervisor "
                     "(kvm_pvm), not hardware virtualization: kernel-mode "
                     "guest code is about 500x slower there and user code "
                     "runs at native speed. These are not hardware-KVM "
                     "results." % kvm)
    if not kvm:
        lines.append("- No usable /dev/kvm: the built-in monitor was not "
                     "measured.")
    lines += ["", "## Targets", "",
              "| target | measured | verdict |", "|---|---|---|"]
    for name, val, ok in targets(res):
        lines.append("| %s | %s | %s |" % (
            name, val, "—" if ok is None else "met" if ok else "**behind**"))
    lines += ["", "Rows marked behind are the next things to fix.", ""]
    for libc, title in (("musl", "musl"), ("glibc", "glibc"),
                        ("go", "Go (CGO_ENABLED=0)")):
        lines += ["## Per operation, %s" % title, "",
                  micro_table(res, libc), ""]
    lines += ["## busybox gzip and bzip2", "",
              "Whole runs of Debian's busybox on generated text-like data, "
              "writing the result inside the guest (`-k -f`), less a run "
              "of `busybox true` on the same files.", "",
              "| applet, input | native | ours, %s | ours, qemu tcg | "
              "Linux guest, tcg | ours/Linux, tcg |" % (kvm or "kvm"),
              "|---|---|---|---|---|---|"]
    for (applet, cols), mib in zip(res["compress"].items(),
                                   res["compress_mib"]):
        ns = {c: [x * 1e9 for x in v] for c, v in cols.items()}
        lines.append("| %s, %d MiB | %s | %s | %s | %s | %s |" % (
            applet, mib, cell(ns["native"]), cell(ns["kvm"]), cell(ns["tcg"]),
            cell(ns["linux"]),
            ratio(statistics.median(ns["tcg"]), statistics.median(ns["linux"]))
            if ns["tcg"] and ns["linux"] else "—"))
    lines.append("")
    b = res["boot_s"]
    lines += ["## Boot and footprint", "",
              "| | native | ours, %s | ours, qemu tcg | Linux guest, tcg |" % (
                  kvm or "kvm"), "|---|---|---|---|---|",
              "| hello, boot to exit (wall) | %s | %s | %s | %s |" % tuple(
                  cell([x * 1e9 for x in b[c]]) for c in
                  ("native", "kvm", "tcg", "linux")),
              "| host memory of one run (max RSS) | %s | %s | %s | %s |" % tuple(
                  "%.1f MiB" % (res["rss_kib"][c] / 1024)
                  if res["rss_kib"].get(c) else "—"
                  for c in ("native", "kvm", "tcg", "linux"))]
    for libc in res["tsc_main"]:
        t = res["tsc_main"][libc]
        lines.append("| %s hello, instructions from reset to main | | | "
                     "%.0f | %.0f |" % (libc, t["ours"], t["linux"]))
    mm = res["min_mem_kib"]
    lines += ["| least RAM for hello (guest --mem / -m) | | | %s | %s |" % tuple(
                  "%.2f MiB" % (mm[k] / 1024) if mm.get(k) else "—"
                  for k in ("ours", "linux")),
              "| kernel image | | | %d KiB (ELF, stripped) | %d KiB (bzImage) "
              "|" % (res["image"]["ours"] // 1024,
                     res["image"]["linux"] // 1024),
              "", "![ours/Linux, instructions per operation](bench.png)", "",
              "Measured in %.0f s." % res["seconds"], ""]
    text = "\n".join(lines)
    with open(os.path.join(out_dir, "bench.md"), "w") as f:
        f.write(text)
    chart(res, os.path.join(out_dir, "bench.png"))
    return text


if __name__ == "__main__":
    # bench/report.py RESULTS.json OUT_DIR: the report again, from the
    # results of an earlier bench/compare run.
    import json, sys
    with open(sys.argv[1]) as f:
        print(write(json.load(f), sys.argv[2]))
