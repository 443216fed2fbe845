/* SPDX-License-Identifier: MIT */
/*
 * ./scan [--json] app.elf: list the system calls a static x86-64 Linux
 * program can make and whether this kernel implements them.  Exit status:
 * 0, 1 if a syscall the program makes is missing here, 2 on bad input or
 * usage.  Errors are one line: "scan: FILE: reason".
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tools/scan/scan.h"

#define MAX_FILE (1ULL << 30)

static void usage(FILE *f)
{
    fputs("usage: scan [--json] app.elf\n"
          "List the syscalls app.elf can make (found statically in its\n"
          "executable segments) and their status in this kernel.\n"
          "Exit status: 0; 1 if one of them is missing; 2 on bad input.\n",
          f);
}

/* The whole of a regular file, in a malloc'd buffer. */
static int read_file(const char *path, uint8_t **data, size_t *size, char *why)
{
    struct stat st;
    int fd = open(path, O_RDONLY);
    if (fd < 0 || fstat(fd, &st) != 0) {
        snprintf(why, SCAN_WHY, "%s", strerror(errno));
        if (fd >= 0)
            close(fd);
        return -1;
    }
    const char *bad = S_ISDIR(st.st_mode)               ? "is a directory"
                      : !S_ISREG(st.st_mode)            ? "not a regular file"
                      : (uint64_t)st.st_size > MAX_FILE ? "file too large"
                                                        : NULL;
    if (bad) {
        snprintf(why, SCAN_WHY, "%s", bad);
        close(fd);
        return -1;
    }
    *size = (size_t)st.st_size;
    *data = malloc(*size ? *size : 1);
    size_t got = 0;
    while (*data && got < *size) {
        ssize_t n = read(fd, *data + got, *size - got);
        if (n <= 0) {
            snprintf(why, SCAN_WHY, "%s",
                     n < 0 ? strerror(errno) : "file shrank while read");
            close(fd);
            return -1;
        }
        got += (size_t)n;
    }
    close(fd);
    if (!*data) {
        snprintf(why, SCAN_WHY, "out of memory");
        return -1;
    }
    return 0;
}

int main(int argc, char **argv)
{
    const char *file = NULL;
    int as_json = 0, opts = 1;
    char why[SCAN_WHY];
    uint8_t *data = NULL;
    size_t size = 0;
    struct scan_result res = {0};

    for (int i = 1; i < argc; i++) {
        if (opts && strcmp(argv[i], "--json") == 0) {
            as_json = 1;
        } else if (opts && (strcmp(argv[i], "-h") == 0 ||
                            strcmp(argv[i], "--help") == 0)) {
            usage(stdout);
            return 0;
        } else if (opts && strcmp(argv[i], "--") == 0) {
            opts = 0;
        } else if (opts && argv[i][0] == '-' && argv[i][1]) {
            fprintf(stderr, "scan: unknown option %s\n", argv[i]);
            usage(stderr);
            return 2;
        } else if (file) {
            fprintf(stderr, "scan: one file at a time\n");
            usage(stderr);
            return 2;
        } else {
            file = argv[i];
        }
    }
    if (!file) {
        usage(stderr);
        return 2;
    }
    if (read_file(file, &data, &size, why) ||
        scan_memory(data, size, &res, why)) {
        fprintf(stderr, "scan: %s: %s\n", file, why);
        if (data)
            scan_result_free(&res);
        free(data);
        return 2;
    }
    if (res.dynamic)
        fprintf(stderr,
                "scan: %s: dynamically linked; its shared "
                "libraries are not scanned\n",
                file);
    int status = scan_report(stdout, file, &res, as_json);
    scan_result_free(&res);
    free(data);
    if (fflush(stdout) != 0 || ferror(stdout)) {
        fprintf(stderr, "scan: cannot write the report\n");
        return 2;
    }
    return status;
}
