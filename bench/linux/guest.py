# SPDX-License-Identifier: MIT
"""bench/linux/guest.py: the Linux guest the bench compares against.

Debian's kernel (bench/linux/fetch) boots under the same QEMU line as ./run
(taken from `./run --print-qemu`), with an initramfs of our static init
(bench/linux/init.c), the workload binaries and /cmds, one command a line.

    import guest
    results, wall_s, maxrss_kib = guest.run(
        {'/bin/hello': 'build/bins/musl/hello'}, ['/bin/hello'])
    # results == [('hello, world\\n', 0, 1234567)]

A command is a string of words separated by single spaces, or a list of
words; a last word '<FILE' gives it stdin from FILE (else /dev/null).
Paths on the host are relative to the repository's root or absolute.
"""
import hashlib
import lzma
import os
import re
import shlex
import signal
import struct
import subprocess
import tempfile
import threading
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT = os.path.join(ROOT, 'build', 'linux')
INIT = os.path.join(ROOT, 'build', 'bench', 'linux', 'init')
TSC_KHZ = os.path.join(ROOT, 'build', 'bench', 'linux', 'tsc_khz')
# Any static program will do: ./run needs one to print its QEMU line.
PROBE_ELF = os.path.join(ROOT, 'build', 'bins', 'musl', 'hello')


# QEMU's status when init is done: isa-debug-exit turns init's 0x20 into
# (0x20 << 1) | 1 (bench/linux/init.c, EXIT_DONE).
EXIT_STATUS = 65


class GuestError(Exception):
    """The guest did not run every command: timeout, panic, no markers."""


def _host(path):
    """Absolute host path of `path` (relative paths are from the repo)."""
    return path if os.path.isabs(path) else os.path.join(ROOT, path)


def kernel():
    """Path of Debian's kernel as an uncompressed ELF (build/linux/vmlinux),
    unpacked once from the bzImage that bench/linux/fetch leaves.  QEMU
    boots it through its PVH note (CONFIG_PVH=y), as it boots ours: that
    skips the bzImage's own xz decompression, which takes ~6 s under TCG."""
    path = os.path.join(OUT, 'vmlinux')
    if os.path.exists(path):
        return path
    bz = os.path.join(OUT, 'vmlinuz')
    if not os.path.exists(bz):
        subprocess.run([os.path.join(ROOT, 'bench', 'linux', 'fetch')],
                       check=True, stdout=subprocess.DEVNULL)
    with open(bz, 'rb') as f:
        data = f.read()
    # x86 boot protocol: setup_sects at 0x1f1, payload_offset and
    # payload_length at 0x248 (from the 32-bit code after the setup).
    setup = (data[0x1f1] or 4) + 1
    off, length = struct.unpack_from('<II', data, 0x248)
    start = setup * 512 + off
    payload = data[start:start + length]
    if data[0x202:0x206] != b'HdrS' or not payload.startswith(b'\xfd7zXZ'):
        raise GuestError('%s: not a bzImage with an xz payload' % bz)
    elf = lzma.LZMADecompressor().decompress(payload)
    with open(path + '.tmp', 'wb') as f:
        f.write(elf)
    os.replace(path + '.tmp', path)
    return path


def bzimage():
    """Path of Debian's bzImage (build/linux/vmlinuz), fetched if needed."""
    kernel()
    return os.path.join(OUT, 'vmlinuz')


def kernel_version():
    """The Debian package the kernel came from, e.g. linux-image-6.1.0-57-amd64."""
    kernel()
    with open(os.path.join(OUT, 'package')) as f:
        return f.read().strip()


def _kernel_end_mib():
    """Where the kernel's ELF image ends in guest-physical memory, in MiB:
    with less RAM QEMU loads it partly and the guest hangs silently."""
    with open(kernel(), 'rb') as f:
        elf = f.read(4096)
    phoff, = struct.unpack_from('<Q', elf, 0x20)
    phentsize, phnum = struct.unpack_from('<HH', elf, 0x36)
    end = 0
    for i in range(phnum):
        ptype, _, _, _, paddr, _, memsz = struct.unpack_from(
            '<IIQQQQQ', elf, phoff + i * phentsize)
        if ptype == 1:  # PT_LOAD
            end = max(end, paddr + memsz)
    return -(-end >> 20)


_tsc_khz = None


def host_tsc_khz():
    """The host TSC's rate in kHz: the kernel's own figure when sysfs has
    it, else measured by build/bench/linux/tsc_khz (rdtsc against
    CLOCK_MONOTONIC_RAW, as ./run does).  /proc/cpuinfo's 'cpu MHz' is not
    used: with cpufreq it is the current clock, not the TSC's."""
    global _tsc_khz
    if _tsc_khz is None:
        try:
            with open('/sys/devices/system/cpu/cpu0/tsc_freq_khz') as f:
                _tsc_khz = int(f.read())
        except (OSError, ValueError):
            _tsc_khz = int(subprocess.check_output([TSC_KHZ]))
    return _tsc_khz


def _cmd_line(cmd):
    """One line of /cmds from a string or a list of words; checks it."""
    words = cmd.split(' ') if isinstance(cmd, str) else list(cmd)
    for w in words:
        if not w or ' ' in w or '\n' in w:
            raise ValueError('bad word %r in command %r' % (w, cmd))
    return ' '.join(words)


def _newc(name, mode, data=b''):
    """One newc cpio entry (ino 0 and nlink 1: no hard links here)."""
    name = name.encode() + b'\0'
    hdr = b'070701' + b''.join(b'%08X' % v for v in (
        0, mode, 0, 0, 1, 0, len(data), 0, 0, 0, 0, len(name), 0))
    pad = lambda n: b'\0' * (-n % 4)
    return hdr + name + pad(len(hdr) + len(name)) + data + pad(len(data))


def initramfs(files, cmds):
    """Path of an uncompressed newc cpio holding /init, `files` (guest path
    -> host path) and /cmds; cached in build/linux/ by its content.
    Uncompressed, because unpacking gzip costs boot time under TCG."""
    entries = [('init', 0o100755, open(INIT, 'rb').read())]
    dirs = set()
    for guest, host in sorted(files.items()):
        name = guest.strip('/')
        parts = name.split('/')
        for i in range(1, len(parts)):
            dirs.add('/'.join(parts[:i]))
        with open(_host(host), 'rb') as f:
            entries.append((name, 0o100755, f.read()))
    text = ''.join(_cmd_line(c) + '\n' for c in cmds).encode()
    entries.append(('cmds', 0o100644, text))
    blob = b''.join(_newc(d, 0o40755) for d in sorted(dirs))
    blob += b''.join(_newc(*e) for e in entries) + _newc('TRAILER!!!', 0)
    path = os.path.join(OUT, 'initramfs-%s.cpio'
                        % hashlib.sha256(blob).hexdigest()[:16])
    if not os.path.exists(path):
        os.makedirs(OUT, exist_ok=True)
        with open(path + '.tmp', 'wb') as f:
            f.write(blob)
        os.replace(path + '.tmp', path)
    return path


def cmdline(icount=False):
    """The Linux guest's kernel command line."""
    # Under -icount the guest's TSC counts virtual nanoseconds (QEMU's
    # cpu_get_ticks), so it runs at 1 GHz whatever the host's rate.
    khz = 1000000 if icount else host_tsc_khz()
    return ' '.join([
        'console=ttyS0',
        # The TSC rate, else calibration against the PIT (absent or slow
        # under TCG) can hang; reliable: no clocksource watchdog.
        'tsc_early_khz=%d' % khz, 'tsc=reliable',
        # Only KERN_EMERG; a panic then prints in full (console_verbose()
        # raises the level, but not from 0: loglevel=0 hides panics too).
        'quiet', 'loglevel=1',
        'panic=-1',             # a panic reboots, which -no-reboot ends
        'mitigations=off',      # no PTI etc.: our kernel has none either
        'cryptomgr.notests',    # skip crypto self-tests: ~40% of boot
        # The PIT is the tick: calibrating the LAPIC timer against it
        # spins on rdtsc for 0.2 s of guest time, ~20 s of wall under
        # -icount (and TCG has no TSC-deadline mode to skip it).
        'nolapic_timer',
        'pci=off',              # microvm has no PCI: skip probing it
        '8250.nr_uarts=1',      # ttyS0 only: skip probing ttyS1-3
    ])


def _print_qemu(accel, smp):
    """./run's QEMU command line for `accel` and `smp`, as a list."""
    out = subprocess.check_output(
        [os.path.join(ROOT, 'run'), '--vmm', 'qemu', '--accel', accel,
         '--smp', str(smp), '--print-qemu', PROBE_ELF], text=True)
    return shlex.split(out)


def qemu_argv(accel, mem_mib, icount, smp=1, initrd=None):
    """QEMU's argv for the Linux guest: ./run's line with Linux's kernel,
    initrd, command line, RAM and machine options; -icount if asked."""
    argv = _print_qemu(accel, smp)
    new = {'-kernel': kernel(), '-append': cmdline(icount),
           '-m': '%dM' % mem_mib}
    if initrd:
        new['-initrd'] = initrd
    for i, word in enumerate(argv[:-1]):
        if word in new:
            argv[i + 1] = new.pop(word)
        elif word == '-initrd' and not initrd:
            argv[i:i + 2] = []
    if new:
        raise GuestError('./run --print-qemu has no %s' % ', '.join(new))
    # Linux needs the PIT, on IRQ 0 through the PIC, and the RTC: with
    # pit=off it panics ("IO-APIC + timer doesn't work!"); with pic=off
    # the PIT's IRQ 0 cannot be registered ("Failed to register legacy
    # timer interrupt") and the guest has no tick (sleep never returns;
    # the LAPIC timer has nothing to be calibrated against either); with
    # rtc=off boot waits ~3 s more for the missing RTC.  ./run's other
    # options stay.
    i = argv.index('-M')
    opts = dict(o.partition('=')[::2] for o in argv[i + 1].split(',')[1:])
    opts.update(pit='on', pic='on', rtc='on')
    argv[i + 1] = ','.join([argv[i + 1].split(',')[0]] +
                           ['%s=%s' % kv for kv in opts.items()])
    if icount:
        argv += ['-icount', 'shift=0,sleep=off']
    return argv


def _parse(console, ncmds):
    """[(output, status, ns)] from the console's markers, or None if any of
    the ncmds commands or the final @@done is missing."""
    found = re.findall(rb'@@begin (\d+)\n(.*?)\n@@end \1 (\d+) (\d+)\n',
                       console, re.S)
    if len(found) != ncmds or b'\n@@done\n' not in console:
        return None
    return [(out.decode(errors='replace'), int(status), int(ns))
            for _, out, status, ns in found]


def run(files, cmds, accel='tcg', mem_mib=128, icount=False, timeout=120,
        smp=1):
    """Boots Linux with `files` and runs `cmds`; returns ([(output,
    status, ns from fork to exit)] per command, wall seconds of the QEMU run, QEMU's max RSS in
    KiB).  Output is stdout and stderr together.  Raises GuestError, with
    the console's tail, when the guest times out, panics or loses markers."""
    if mem_mib <= _kernel_end_mib():
        raise GuestError('Linux guest (%d MiB): the kernel image alone ends '
                         'at %d MiB' % (mem_mib, _kernel_end_mib()))
    argv = qemu_argv(accel, mem_mib, icount, smp, initramfs(files, cmds))
    os.makedirs(OUT, exist_ok=True)
    with tempfile.TemporaryFile(dir=OUT) as log:
        t0 = time.monotonic()
        p = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=log,
                             stderr=subprocess.STDOUT, start_new_session=True)
        timed_out = []

        def kill():
            timed_out.append(1)
            try:
                os.killpg(p.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass  # it ended meanwhile
        timer = threading.Timer(timeout, kill)
        timer.start()
        _, status, usage = os.wait4(p.pid, 0)
        wall = time.monotonic() - t0
        timer.cancel()
        p.returncode = os.waitstatus_to_exitcode(status)  # reaped here
        log.seek(0)
        console = log.read()
    results = _parse(console, len(cmds))
    if results is not None and not timed_out:
        return results, wall, usage.ru_maxrss
    panic = re.search(rb'Kernel panic - not syncing: ([^\r\n]*)', console)
    why = ('timed out after %d s' % timeout if timed_out else
           'kernel panic: ' + panic.group(1).decode(errors='replace')
           if panic else
           'QEMU exited %d without every marker' % p.returncode)
    tail = console[-3000:].decode(errors='replace')
    raise GuestError('Linux guest (%d MiB): %s; console ends:\n%s'
                     % (mem_mib, why, tail))


def min_mem_mib(files, cmds, lo, hi, timeout=120, accel='tcg',
                icount=False):
    """The least -m (MiB, lo..hi) at which every command exits 0, by
    bisection; assumes more RAM never hurts.  Raises GuestError if even
    `hi` fails.  Near the limit a boot may pass or fail by timing; with
    icount=True each answer is deterministic."""
    def ok(mib):
        try:
            results, _, _ = run(files, cmds, accel, mib, icount, timeout)
        except GuestError:
            return False
        return all(status == 0 for _, status, _ in results)
    if not ok(hi):
        raise GuestError('commands fail even with %d MiB' % hi)
    while lo < hi:
        mid = (lo + hi) // 2
        if ok(mid):
            hi = mid
        else:
            lo = mid + 1
    return hi


if __name__ == '__main__':
    # Smoke test: hello under TCG, plain and with -icount.
    for icount in (False, True):
        res, wall, rss = run({'/bin/hello': 'build/bins/musl/hello'},
                             ['/bin/hello'], icount=icount)
        print('icount=%s: %r, %.2f s wall, %d KiB max RSS'
              % (icount, res, wall, rss))
