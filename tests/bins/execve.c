/* SPDX-License-Identifier: MIT */
/*
 * execve and execveat, in one chain of images of this program:
 *   1. error paths (the caller keeps running after each), then a second
 *      thread, not the main one, runs execve with fds, handlers, an
 *      ignored signal and a blocked one set up;
 *   2. checks what survives: fds without O_CLOEXEC, ignored signals, the
 *      mask; handlers back to default; one thread, tid == pid; then execs
 *      a #! script whose interpreter is this program;
 *   3. checks the script's argv, then fexecve (execveat AT_EMPTY_PATH);
 *   4. execs itself with no argv at all (Linux makes it one "");
 *   5. exits 42.
 */
#define _GNU_SOURCE
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#define SCRIPT "/tmp/execve_test_script"
#define LOOP "/tmp/execve_test_loop"

static char self[4096];
extern char **environ;

static void try(const char *what, const char *path, char *const argv[])
{
    errno = 0;
    int r = execve(path, argv, environ);
    printf("%s: %d %s\n", what, r, strerror(errno));
}

static void write_file(const char *path, const char *text, mode_t mode)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, mode);
    if (fd < 0 || write(fd, text, strlen(text)) != (ssize_t)strlen(text) ||
        fchmod(fd, mode) || close(fd)) {
        perror(path);
        exit(1);
    }
}

static void write_bytes(const char *path, const void *p, size_t n)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0755);
    if (fd < 0 || write(fd, p, n) != (ssize_t)n || close(fd)) {
        perror(path);
        exit(1);
    }
}

/* An ELF whose program headers lie past its end (Linux: EIO), and one
 * that names a missing interpreter (ENOENT). */
static void bad_elfs(char *const argv[])
{
    static char head[100];
    int fd = open(self, O_RDONLY);
    if (fd < 0 || read(fd, head, sizeof(head)) != sizeof(head)) {
        perror(self);
        exit(1);
    }
    close(fd);
    write_bytes(SCRIPT, head, sizeof(head));
    try("truncated ELF", SCRIPT, argv);
    struct {
        Elf64_Ehdr e;
        Elf64_Phdr p[2];
        char interp[16];
    } img = {
        .e = {.e_ident = {ELFMAG0, ELFMAG1, ELFMAG2, ELFMAG3, ELFCLASS64,
                          ELFDATA2LSB, EV_CURRENT},
              .e_type = ET_EXEC, .e_machine = EM_X86_64,
              .e_version = EV_CURRENT, .e_entry = 0x400000,
              .e_phoff = sizeof(Elf64_Ehdr), .e_ehsize = sizeof(Elf64_Ehdr),
              .e_phentsize = sizeof(Elf64_Phdr), .e_phnum = 2},
        .p = {{.p_type = PT_INTERP, .p_flags = PF_R,
               .p_offset = sizeof(Elf64_Ehdr) + 2 * sizeof(Elf64_Phdr),
               .p_filesz = 16, .p_memsz = 16, .p_align = 1},
              {.p_type = PT_LOAD, .p_flags = PF_R | PF_X, .p_vaddr = 0x400000,
               .p_paddr = 0x400000, .p_filesz = sizeof(img),
               .p_memsz = sizeof(img), .p_align = 0x1000}},
        .interp = "/no/such/ld.so",
    };
    write_bytes(SCRIPT, &img, sizeof(img));
    try("missing ELF interpreter", SCRIPT, argv);
}

static void errors(void)
{
    char *argv[] = {"x", NULL};
    try("missing", "/no/such/program", argv);
    try("directory", "/tmp", argv);
    write_file(SCRIPT, "not a program\n", 0644);
    try("no x bit", SCRIPT, argv);
    write_file(SCRIPT, "not a program\n", 0755);
    try("not ELF", SCRIPT, argv);
    write_file(SCRIPT, "#!/no/such/interpreter\n", 0755);
    try("missing interpreter", SCRIPT, argv);
    bad_elfs(argv);
    write_file(LOOP, "#!" LOOP "\n", 0755); /* runs itself for ever */
    try("script loop", LOOP, argv);
    unlink(LOOP);
    char *const *volatile bad_argv = (char *const *)8;
    try("bad argv", self, bad_argv);
    char *bad[] = {"x", (char *)8, NULL};
    try("bad string", self, bad);
    errno = 0;
    long r = syscall(SYS_execveat, AT_FDCWD, self, argv, environ, 0x4);
    printf("bad flags: %ld %s\n", r, strerror(errno));
    errno = 0;
    r = syscall(SYS_execveat, 1000, "", argv, environ, AT_EMPTY_PATH);
    printf("bad fd: %ld %s\n", r, strerror(errno));
    static char big[200000];
    memset(big, 'a', sizeof(big) - 1);
    char *huge[] = {"x", big, NULL};
    try("string too long", self, huge);
}

static int keep_fd, close_fd;

static void *exec_thread(void *arg)
{
    (void)arg;
    char a[16], b[16];
    snprintf(a, sizeof a, "%d", keep_fd);
    snprintf(b, sizeof b, "%d", close_fd);
    char *argv[] = {"stage-two", "2", a, b, NULL};
    execve(self, argv, environ);
    perror("execve from a thread");
    exit(1);
}

static void *sleeper(void *arg)
{
    (void)arg;
    for (;;)
        pause();
    return NULL;
}

static void handler(int sig)
{
    (void)sig;
}

static void stage1(void)
{
    errors();
    keep_fd = open("/dev/null", O_RDONLY);
    close_fd = open("/dev/null", O_RDONLY | O_CLOEXEC);
    signal(SIGUSR1, handler);
    signal(SIGUSR2, SIG_IGN);
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGTERM);
    sigprocmask(SIG_BLOCK, &set, NULL);
    pthread_t s, t;
    pthread_create(&s, NULL, sleeper, NULL);
    pthread_create(&t, NULL, exec_thread, NULL);
    for (;;)
        pause();
}

static void stage2(int argc, char **argv)
{
    printf("stage 2: argc %d argv0 %s\n", argc, argv[0]);
    int keep = atoi(argv[2]), gone = atoi(argv[3]);
    printf("kept fd open: %d\n", fcntl(keep, F_GETFD) >= 0);
    printf("O_CLOEXEC fd closed: %d\n", fcntl(gone, F_GETFD) < 0 && errno == EBADF);
    struct sigaction sa;
    sigaction(SIGUSR1, NULL, &sa);
    printf("handled signal is default: %d\n", sa.sa_handler == SIG_DFL);
    sigaction(SIGUSR2, NULL, &sa);
    printf("ignored signal stays ignored: %d\n", sa.sa_handler == SIG_IGN);
    sigset_t set;
    sigprocmask(SIG_SETMASK, NULL, &set);
    printf("mask kept: %d\n", sigismember(&set, SIGTERM));
    printf("tid is pid: %d\n", (long)getpid() == syscall(SYS_gettid));
    char comm[17] = {0};
    prctl(PR_GET_NAME, comm);
    printf("comm: %s\n", comm);
    char text[4200 + 32];
    snprintf(text, sizeof text, "#!%s   3 \n", self);
    write_file(SCRIPT, text, 0755);
    char *sargv[] = {"ignored", "extra", NULL};
    fflush(stdout);
    execve(SCRIPT, sargv, environ);
    perror("execve of a script");
    exit(1);
}

static void stage3(int argc, char **argv)
{
    unlink(SCRIPT);
    printf("stage 3: argc %d\n", argc);
    printf("argv0 is the interpreter: %d\n", !strcmp(argv[0], self));
    printf("argv1 is its argument: %s\n", argv[1]);
    printf("argv2 is the script: %d\n", !strcmp(argv[2], SCRIPT));
    printf("argv3 is the caller's: %s\n", argv[3]);
    fflush(stdout);
    int fd = open(self, O_RDONLY);
    char *fargv[] = {"stage-four", "4", NULL};
    char *fenv[] = {"STAGE=four", NULL};
    syscall(SYS_execveat, fd, "", fargv, fenv, AT_EMPTY_PATH);
    perror("fexecve");
    exit(1);
}

int main(int argc, char **argv)
{
    setvbuf(stdout, NULL, _IONBF, 0);
    ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);
    if (n <= 0)
        return 1;
    self[n] = 0;
    const char *stage = getenv("STAGE");
    if (stage && !strcmp(stage, "five")) {
        printf("stage 5: argc %d, argv[0] \"%s\"\n", argc, argv[0]);
        return 42;
    }
    if (argc < 2) {
        stage1();
    } else if (!strcmp(argv[1], "2")) {
        stage2(argc, argv);
    } else if (!strcmp(argv[1], "3")) {
        stage3(argc, argv);
    } else if (!strcmp(argv[1], "4")) {
        printf("stage 4: %s %s, environment %s\n", argv[0], argv[1],
               getenv("STAGE"));
        char *none[] = {NULL}, *env[] = {"STAGE=five", NULL};
        execve(self, none, env);
        perror("execve with no argv");
        return 1;
    }
    return 1;
}
