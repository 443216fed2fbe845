/* SPDX-License-Identifier: MIT */
/*
 * /proc/self/maps: the line holding each kind of address has Linux's
 * permissions and name (the program's text and data, the heap, the stack,
 * the vDSO, an anonymous mapping, a shared file mapping), an unmapped
 * range has no line, and pthread_getattr_np (which reads maps in glibc)
 * finds the main thread's stack.  Prints facts, not addresses.
 */
#include "t.h"
#include <fcntl.h>
#include <pthread.h>
#include <sys/mman.h>

static char maps[1 << 16], exe[4096];
static int data_var = 42;

/* The perms and name of the line of maps that holds address a: 0 if none. */
static int find(const void *a, char perms[5], char *name, size_t cap)
{
    unsigned long x = (unsigned long)a;
    for (char *l = maps; *l;) {
        char *nl = strchr(l, '\n');
        unsigned long lo, hi;
        int off = 0;
        if (sscanf(l, "%lx-%lx %4s %*s %*s %*s%n", &lo, &hi, perms, &off) == 3 &&
            lo <= x && x < hi) {
            const char *p = l + off;
            while (*p == ' ')
                p++;
            size_t n = nl ? (size_t)(nl - p) : strlen(p);
            n = n < cap - 1 ? n : cap - 1;
            memcpy(name, p, n);
            name[n] = 0;
            return 1;
        }
        if (!nl)
            break;
        l = nl + 1;
    }
    return 0;
}

static void read_maps(void)
{
    int fd = open("/proc/self/maps", O_RDONLY);
    size_t n = 0;
    ssize_t r;
    while (fd >= 0 && (r = read(fd, maps + n, sizeof(maps) - 1 - n)) > 0)
        n += (size_t)r;
    maps[n] = 0;
    close(fd);
}

static void show(const char *what, const void *a)
{
    char perms[5] = "", name[4096] = "";
    int found = find(a, perms, name, sizeof name);
    const char *kind = !found ? "no line" : !strcmp(name, exe) ? "the program"
                                                                : name;
    printf("%s: %s %s\n", what, found ? perms : "", *kind ? kind : "(anonymous)");
}

int main(void)
{
    ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
    exe[n > 0 ? n : 0] = 0;
    int local = 0;
    long cur = syscall(SYS_brk, 0);
    syscall(SYS_brk, cur + 8192);
    char *anon = mmap(NULL, 3 * 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    char *gone = mmap(NULL, 4096, PROT_READ | PROT_WRITE,
                      MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    char path[] = "/tmp/procmaps_XXXXXX";
    int fd = mkstemp(path);
    if (fd < 0 || ftruncate(fd, 4096))
        return 1;
    char *shared = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    munmap(gone, 4096); /* after the last mmap, which could reuse it */
    read_maps();
    show("text", (const void *)main);
    show("data", &data_var);
    show("heap", (const void *)(cur + 100));
    show("stack", &local);
    show("anonymous", anon + 4096);
    show("unmapped", gone);
    char perms[5], name[4096];
    FACT("shared file mapping named by its path",
         find(shared, perms, name, sizeof name) && !strcmp(name, path) &&
         !strcmp(perms, "rw-s"));
    FACT("vdso line", strstr(maps, "r-xp") && strstr(maps, "[vdso]"));
    unlink(path);
    pthread_attr_t at;
    void *base;
    size_t size;
    FACT("pthread_getattr_np finds the main stack",
         !pthread_getattr_np(pthread_self(), &at) &&
         !pthread_attr_getstack(&at, &base, &size) &&
         (char *)base <= (char *)&local && (char *)&local < (char *)base + size);
    return 0;
}
