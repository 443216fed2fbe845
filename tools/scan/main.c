/* SPDX-License-Identifier: MIT */
/*
 * ./scan [--json] app.elf: list the system calls an x86-64 Linux program
 * (with the shared libraries it loads) can make and whether this kernel
 * implements them.  Exit status: 0, 1 if a syscall the program makes is
 * missing here or a library is not found, 2 on bad input or usage.
 * Errors are one line: "scan: FILE: reason".
 */
#include <string.h>

#include "tools/scan/scan.h"

static void usage(FILE *f)
{
    fputs("usage: scan [--json] app.elf\n"
          "List the syscalls app.elf can make (found statically in its\n"
          "executable segments) and their status in this kernel.  For a\n"
          "dynamically linked program, the interpreter and every shared\n"
          "library it needs are scanned too, found as ld.so would find\n"
          "them on this host: DT_RPATH, DT_RUNPATH, /etc/ld.so.cache, the\n"
          "default directories.  LD_LIBRARY_PATH and LD_PRELOAD are not\n"
          "used: the result does not depend on the environment.\n"
          "Exit status: 0; 1 if one of them is missing or a library is\n"
          "not found; 2 on bad input.\n",
          f);
}

int main(int argc, char **argv)
{
    const char *file = NULL;
    int as_json = 0, opts = 1;
    char why[SCAN_WHY];
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
    int incomplete = 0;
    if (scan_closure(file, &res, &incomplete, stderr, why)) {
        fprintf(stderr, "scan: %s: %s\n", file, why);
        scan_result_free(&res);
        return 2;
    }
    int status = scan_report(stdout, file, &res, as_json);
    scan_result_free(&res);
    if (fflush(stdout) != 0 || ferror(stdout)) {
        fprintf(stderr, "scan: cannot write the report\n");
        return 2;
    }
    return status | incomplete;
}
