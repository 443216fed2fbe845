/* SPDX-License-Identifier: MIT */
/* Unit test, part 3: pipes, poll, select, ioctl, /dev and /proc. */
#include "tests/unit/test_fs.h"

static void test_pipes(void)
{
    int fds[2];
    char buf[100];
    static char big[70000];
    fresh();
    EQ(sys_pipe(fds), 0);
    EQ(fds[0], 3);
    EQ(fds[1], 4);
    EQ(sys_fcntl(3, LX_F_GETFL, 0), LX_O_RDONLY);
    EQ(sys_fcntl(4, LX_F_GETFL, 0), LX_O_WRONLY);
    EQ(sys_write(4, "hello", 5), 5);
    int n = -1;
    EQ(sys_ioctl(3, LX_FIONREAD, (unsigned long)&n), 0);
    EQ(n, 5);
    EQ(sys_read(3, buf, 3), 3);
    EQ(sys_read(3, buf, 100), 2);
    CHECK(memcmp(buf, "lo", 2) == 0);
    EQ(sys_read(3, buf, 100), -ERESTARTSYS); /* empty, writer open: only
                                               * a signal ends the wait */
    EQ(sys_read(4, buf, 1), -EBADF);
    EQ(sys_write(3, "x", 1), -EBADF);
    EQ(sys_lseek(3, 0, LX_SEEK_SET), -ESPIPE);
    EQ(sys_pread64(3, buf, 1, 0), -ESPIPE);
    struct linux_stat st;
    EQ(sys_fstat(3, &st), 0);
    EQ(st.st_mode & LX_S_IFMT, LX_S_IFIFO);
    /* capacity, then EAGAIN when non-blocking */
    EQ(sys_write(4, big, sizeof(big)), 65536);
    EQ(sys_write(4, "x", 1), -ERESTARTSYS); /* full: it would wait */
    EQ(sys_fcntl(4, LX_F_SETFL, LX_O_NONBLOCK), 0);
    EQ(sys_write(4, "x", 1), -EAGAIN);
    EQ(sys_fcntl(4, LX_F_GETPIPE_SZ, 0), 65536);
    EQ(sys_fcntl(1, LX_F_GETPIPE_SZ, 0), -EBADF);
    struct linux_pollfd p[3] = {
        {3, LX_POLLIN, 0}, {4, LX_POLLOUT, 0}, {99, LX_POLLIN, 0}};
    EQ(sys_poll(p, 3, 0), 2);
    EQ(p[0].revents, LX_POLLIN);
    EQ(p[1].revents, 0);
    EQ(p[2].revents, LX_POLLNVAL);
    /* wrap around the ring */
    EQ(sys_read(3, big, 65000), 65000);
    EQ(sys_write(4, "0123456789", 10), 10);
    EQ(sys_read(3, big, 536), 536);
    EQ(sys_read(3, buf, 100), 10);
    CHECK(memcmp(buf, "0123456789", 10) == 0);
    /* the write end closes: EOF, POLLHUP */
    EQ(sys_close(4), 0);
    EQ(sys_read(3, buf, 100), 0);
    p[0].revents = 7;
    EQ(sys_poll(p, 1, -1), 1);
    EQ(p[0].revents, LX_POLLHUP);
    EQ(sys_close(3), 0);
    /* the read end closes: EPIPE */
    EQ(sys_pipe2(fds, LX_O_CLOEXEC | LX_O_NONBLOCK), 0);
    EQ(sys_fcntl(fds[0], LX_F_GETFD, 0), LX_FD_CLOEXEC);
    EQ(sys_read(fds[0], buf, 1), -EAGAIN);
    EQ(sys_close(fds[0]), 0);
    extern int fake_sigpipes;
    int pipes = fake_sigpipes;
    EQ(sys_write(fds[1], "x", 1), -EPIPE);
    EQ(fake_sigpipes, pipes + 1); /* and SIGPIPE */
    EQ(sys_pipe2(fds, 0x1), -EINVAL);
    /* a pipe through /proc/self/fd: a new reader of the same pipe */
    EQ(sys_pipe(fds), 0);
    EQ(sys_write(fds[1], "via", 3), 3);
    char path[32];
    snprintf(path, sizeof(path), "/proc/self/fd/%d", fds[0]);
    long r = sys_open(path, LX_O_RDONLY, 0);
    CHECK(r >= 0);
    EQ(sys_read((int)r, buf, 10), 3);
    CHECK(sys_readlink(path, buf, sizeof(buf)) > 7);
    CHECK(strncmp(buf, "pipe:[", 6) == 0);
    /* writev of many pieces */
    struct linux_iovec v[3] = {
        {(uint64_t) "a", 1}, {(uint64_t) "bc", 2}, {(uint64_t) "def", 3}};
    EQ(sys_writev(fds[1], v, 3), 6);
    EQ(sys_read(fds[0], buf, 100), 6);
    CHECK(memcmp(buf, "abcdef", 6) == 0);
}

static void test_poll_select(void)
{
    fresh();
    fake_in_eof = 0;
    struct linux_pollfd p[2] = {{0, LX_POLLIN, 0}, {1, LX_POLLOUT, 0}};
    EQ(sys_poll(p, 2, 0), 1);
    EQ(p[0].revents, 0);
    EQ(p[1].revents, LX_POLLOUT);
    /* stdin only: the wait runs out on the fake clock */
    uint64_t t0 = fake_mono_ns;
    EQ(sys_poll(p, 1, 50), 0);
    CHECK(fake_mono_ns - t0 >= 50000000);
    fake_in = "typed";
    fake_in_len = 5;
    EQ(sys_poll(p, 1, -1), 1);
    EQ(p[0].revents, LX_POLLIN);
    int n;
    EQ(sys_ioctl(0, LX_FIONREAD, (unsigned long)&n), 0);
    EQ(n, 5);
    char buf[8];
    EQ(sys_read(0, buf, 8), 5);
    /* nothing can become ready: a plain sleep, or a reported deadlock */
    t0 = fake_mono_ns;
    EQ(sys_poll(NULL, 0, 1000), 0);
    CHECK(fake_mono_ns - t0 >= 1000000000);
    EQ(sys_poll(NULL, 0, -1), -ERESTARTNOHAND); /* until a signal */
    struct linux_timespec ts = {0, 5000};
    EQ(sys_ppoll(p, 1, &ts, NULL, 0), 0);
    EQ(ts.tv_sec, 0);
    EQ(ts.tv_nsec, 0);
    ts.tv_nsec = 2000000000;
    EQ(sys_ppoll(p, 1, &ts, NULL, 0), -EINVAL);
    EQ(sys_ppoll(p, 1, NULL, (const uint64_t *)&ts, 4), -EINVAL);
    EQ(sys_poll(p, 100000, 0), -EINVAL);
    /* select */
    int fds[2];
    EQ(sys_pipe(fds), 0);
    uint64_t rd = 1ULL << fds[0], wr = 1ULL << fds[1];
    struct linux_timeval tv = {0, 0};
    EQ(sys_select(fds[1] + 1, &rd, &wr, NULL, &tv), 1);
    EQ(rd, 0);
    EQ(wr, 1ULL << fds[1]);
    EQ(sys_write(fds[1], "x", 1), 1);
    rd = 1ULL << fds[0];
    wr = 0;
    EQ(sys_select(fds[1] + 1, &rd, &wr, NULL, NULL), 1);
    EQ(rd, 1ULL << fds[0]);
    rd = 1ULL << 40;
    EQ(sys_select(41, &rd, NULL, NULL, &tv), -EBADF);
    EQ(sys_select(-1, NULL, NULL, NULL, &tv), -EINVAL);
}

static void test_console(void)
{
    struct linux_termios tio;
    struct linux_winsize ws;
    fresh();
    EQ(sys_write(1, "out", 3), 3);
    EQ(sys_write(2, "err", 3), 3);
    struct linux_iovec v[2] = {{(uint64_t) "a", 1}, {(uint64_t) "b\n", 2}};
    EQ(sys_writev(1, v, 2), 3);
    EQ(fake_out_len[1], 6);
    CHECK(memcmp(fake_out[1], "outab\n", 6) == 0);
    CHECK(memcmp(fake_out[2], "err", 3) == 0);
    EQ(sys_read(1, &tio, 1), -EBADF); /* not a tty: write only */
    EQ(sys_fcntl(1, LX_F_GETFL, 0), LX_O_WRONLY | LX_O_LARGEFILE);
    EQ(sys_ioctl(1, LX_TCGETS, (unsigned long)&tio), -ENOTTY);
    EQ(sys_ioctl(1, LX_TIOCGWINSZ, (unsigned long)&ws), -ENOTTY);
    EQ(sys_ioctl(99, LX_TCGETS, (unsigned long)&tio), -EBADF);
    long fd = sys_open("/tmp/f", LX_O_CREAT | LX_O_RDWR, 0644);
    EQ(sys_ioctl((int)fd, LX_TCGETS, (unsigned long)&tio), -ENOTTY);
    EQ(sys_write((int)fd, "abc", 3), 3);
    EQ(sys_lseek((int)fd, 1, LX_SEEK_SET), 1);
    int n;
    EQ(sys_ioctl((int)fd, LX_FIONREAD, (unsigned long)&n), 0);
    EQ(n, 2);
    EQ(sys_ioctl((int)fd, LX_FIOCLEX, 0), 0);
    EQ(sys_fcntl((int)fd, LX_F_GETFD, 0), LX_FD_CLOEXEC);
    n = 1;
    EQ(sys_ioctl((int)fd, LX_FIONBIO, (unsigned long)&n), 0);
    CHECK(sys_fcntl((int)fd, LX_F_GETFL, 0) & LX_O_NONBLOCK);
    /* a terminal */
    fake_reset();
    fake_tty[0] = fake_tty[1] = fake_tty[2] = 1;
    vfs_init(NULL, 0);
    fd_init_stdio();
    EQ(sys_ioctl(1, LX_TCGETS, (unsigned long)&tio), 0);
    CHECK(tio.c_lflag & 2); /* ICANON */
    tio.c_lflag = 0;
    EQ(sys_ioctl(1, LX_TCSETS, (unsigned long)&tio), 0);
    EQ(sys_ioctl(0, LX_TCGETS, (unsigned long)&tio), 0);
    EQ(tio.c_lflag, 0);
    EQ(sys_ioctl(2, LX_TIOCGWINSZ, (unsigned long)&ws), 0);
    EQ(ws.ws_row, 24);
    EQ(ws.ws_col, 80);
    EQ(sys_fcntl(0, LX_F_GETFL, 0), LX_O_RDWR | LX_O_LARGEFILE);
    EQ(sys_write(0, "0", 1), 1); /* fd 0 writes to stdout */
    EQ(fake_out_len[1], 1);
    fd = sys_open("/dev/tty", LX_O_RDWR, 0);
    CHECK(fd >= 0);
}

static void test_devices(void)
{
    char buf[64];
    fresh();
    long fd = sys_open("/dev/null", LX_O_RDWR, 0);
    EQ(sys_read((int)fd, buf, 10), 0);
    EQ(sys_write((int)fd, buf, 10), 10);
    EQ(sys_lseek((int)fd, 100, LX_SEEK_SET), 0);
    struct linux_stat st;
    EQ(sys_fstat((int)fd, &st), 0);
    EQ(st.st_mode, LX_S_IFCHR | 0666);
    EQ(st.st_rdev, 0x103);
    fd = sys_open("/dev/zero", LX_O_RDONLY, 0);
    memset(buf, 1, sizeof(buf));
    EQ(sys_read((int)fd, buf, sizeof(buf)), sizeof(buf));
    CHECK(buf[0] == 0 && buf[63] == 0);
    fd = sys_open("/dev/urandom", LX_O_RDONLY, 0);
    memset(buf, 0, sizeof(buf));
    EQ(sys_read((int)fd, buf, sizeof(buf)), sizeof(buf));
    CHECK(buf[0] || buf[1] || buf[2]);
    EQ(sys_write((int)sys_open("/dev/full", LX_O_WRONLY, 0), "x", 1), -ENOSPC);
    EQ(sys_open("/dev/tty", LX_O_RDWR, 0), -ENXIO);
    fd = sys_open("/dev/stderr", LX_O_WRONLY, 0);
    EQ(sys_write((int)fd, "E", 1), 1);
    EQ(fake_out_len[2], 1);
    fd = sys_open("/dev/stdout", LX_O_WRONLY, 0);
    EQ(sys_write((int)fd, "O", 1), 1);
    EQ(fake_out_len[1], 1);
    EQ(sys_readlink("/dev/stdin", buf, sizeof(buf)), 15);
    EQ(sys_readlink("/proc/self/fd/1", buf, sizeof(buf)), 12);
    CHECK(memcmp(buf, "/dev/console", 12) == 0);
    for (int i = 3; i < 64; i++)
        sys_close(i);
    /* /proc */
    EQ(sys_readlink("/proc/self/exe", buf, sizeof(buf)), -ENOENT);
    vfs_set_exe("/bin/prog");
    EQ(sys_readlink("/proc/self/exe", buf, sizeof(buf)), 9);
    CHECK(memcmp(buf, "/bin/prog", 9) == 0);
    EQ(sys_readlink("/proc/self", buf, sizeof(buf)), 3); /* "100" */
    EQ(sys_chdir("/tmp"), 0);
    EQ(sys_readlink("/proc/self/cwd", buf, sizeof(buf)), 4);
    EQ(sys_open("/proc/self/cwd/x", LX_O_CREAT | LX_O_RDWR, 0644), 3);
    EQ(sys_access("/tmp/x", 0), 0);
    EQ(sys_readlink("/proc/self/fd/3", buf, sizeof(buf)), 6);
    CHECK(memcmp(buf, "/tmp/x", 6) == 0);
    EQ(sys_open("/proc/self/fd/9", LX_O_RDONLY, 0), -ENOENT);
    fd = sys_open("/proc/self/fd", LX_O_RDONLY | LX_O_DIRECTORY, 0);
    static char text[8192];
    long r = sys_getdents64((int)fd, text, sizeof(text));
    CHECK(r > 0);
    int names = 0;
    for (long off = 0; off < r;
         off += ((struct linux_dirent64 *)(text + off))->d_reclen)
        names++;
    EQ(names, 2 + 5); /* . .. 0 1 2 3 and this one */
    fd = sys_open("/proc/cpuinfo", LX_O_RDONLY, 0);
    r = sys_read((int)fd, text, sizeof(text) - 1);
    CHECK(r > 100);
    text[r > 0 ? r : 0] = 0;
    CHECK(strncmp(text, "processor\t: 0\nvendor_id\t: ", 26) == 0);
    CHECK(strstr(text, "\nflags\t\t: fpu") != NULL);
    CHECK(strstr(text, "\nmodel name\t: ") != NULL);
    EQ(sys_fstat((int)fd, &st), 0);
    EQ(st.st_size, 0);
    fd = sys_open("/proc/meminfo", LX_O_RDONLY, 0);
    r = sys_read((int)fd, text, sizeof(text) - 1);
    text[r > 0 ? r : 0] = 0;
    CHECK(strncmp(text,
                  "MemTotal:         262144 kB\nMemFree:        "
                  "  204800 kB\n",
                  56) == 0);
    fd = sys_open("/proc/meminfo", LX_O_WRONLY, 0);
    CHECK(fd >= 0);
    EQ(sys_write((int)fd, "x", 1), -EINVAL);
    EQ(sys_open("/proc/new", LX_O_CREAT | LX_O_WRONLY, 0644), -ENOENT);
    EQ(sys_unlink("/proc/meminfo"), -EPERM);
    EQ(sys_mkdir("/proc/d", 0755), -ENOENT);
}

void test_dev(void)
{
    test_pipes();
    test_poll_select();
    test_console();
    test_devices();
}
