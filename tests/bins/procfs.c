/* SPDX-License-Identifier: MIT */
/* /proc/meminfo and /proc/cpuinfo exist and carry the lines programs
 * look for; /proc/self is a directory. */
#include "t.h"
#include <sys/stat.h>

static void grep(const char *path, const char *prefix)
{
    char line[512];
    int found = 0, lines = 0;
    FILE *f = fopen(path, "r");
    if (!f) {
        printf("%s: %s\n", path, t_errname(errno));
        return;
    }
    while (fgets(line, sizeof line, f)) {
        lines++;
        if (strncmp(line, prefix, strlen(prefix)) == 0)
            found = 1;
    }
    fclose(f);
    printf("%s: has lines %d, has \"%s\" line %d\n", path, lines > 0,
           prefix, found);
}

int main(void)
{
    struct stat st;
    grep("/proc/meminfo", "MemTotal:");
    grep("/proc/meminfo", "MemFree:");
    grep("/proc/cpuinfo", "processor");
    grep("/proc/cpuinfo", "flags");
    T("stat /proc/self", stat("/proc/self", &st));
    FACT("/proc/self is dir", S_ISDIR(st.st_mode));
    T("stat /proc/nonexistent", stat("/proc/nonexistent", &st));
    long mem = 0;
    FILE *f = fopen("/proc/meminfo", "r");
    if (f && fscanf(f, "MemTotal: %ld kB", &mem) == 1)
        FACT("MemTotal > 0 kB", mem > 0);
    if (f)
        fclose(f);
    return 0;
}
