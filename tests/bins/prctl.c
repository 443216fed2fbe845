/* SPDX-License-Identifier: MIT */
/* prctl PR_SET_NAME/PR_GET_NAME (16-byte comm, truncated), and a few
 * flag round trips. */
#include "t.h"
#include <sys/prctl.h>

int main(void)
{
    char name[32];
    memset(name, 'x', sizeof name);
    T("PR_GET_NAME", prctl(PR_GET_NAME, name));
    printf("  initial name \"%s\"\n", name);
    T("PR_SET_NAME", prctl(PR_SET_NAME, "uk-test"));
    memset(name, 'x', sizeof name);
    T("PR_GET_NAME", prctl(PR_GET_NAME, name));
    printf("  name \"%s\"\n", name);
    T("PR_SET_NAME long", prctl(PR_SET_NAME, "0123456789abcdefghijkl"));
    memset(name, 'x', sizeof name);
    prctl(PR_GET_NAME, name);
    printf("  name \"%s\" (len %zu, byte 16 '%c')\n", name, strlen(name), name[16]);
    T("PR_SET_PDEATHSIG", prctl(PR_SET_PDEATHSIG, 9));
    int sig = -1;
    T("PR_GET_PDEATHSIG", prctl(PR_GET_PDEATHSIG, &sig));
    T("  pdeathsig", sig);
    T("PR_SET_NO_NEW_PRIVS", prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0));
    T("PR_GET_NO_NEW_PRIVS", prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0));
    T("PR_GET_TIMERSLACK", prctl(PR_GET_TIMERSLACK) > 0);
    T("PR_SET_TIMERSLACK", prctl(PR_SET_TIMERSLACK, 123456));
    T("PR_GET_TIMERSLACK", prctl(PR_GET_TIMERSLACK));
    T("PR_SET_TIMERSLACK 0", prctl(PR_SET_TIMERSLACK, 0));
    T("PR_GET_TIMERSLACK", prctl(PR_GET_TIMERSLACK));
    T("PR_GET_DUMPABLE", prctl(PR_GET_DUMPABLE));
    T("PR_SET_DUMPABLE 0", prctl(PR_SET_DUMPABLE, 0));
    T("PR_GET_DUMPABLE", prctl(PR_GET_DUMPABLE));
    T("PR_SET_DUMPABLE 2", prctl(PR_SET_DUMPABLE, 2));
    T("PR_SET_DUMPABLE 1", prctl(PR_SET_DUMPABLE, 1));
    T("PR_GET_KEEPCAPS", prctl(PR_GET_KEEPCAPS));
    T("PR_SET_KEEPCAPS 1", prctl(PR_SET_KEEPCAPS, 1));
    T("PR_GET_KEEPCAPS", prctl(PR_GET_KEEPCAPS));
    T("PR_SET_KEEPCAPS 5", prctl(PR_SET_KEEPCAPS, 5));
    T("PR_CAPBSET_READ 0", prctl(PR_CAPBSET_READ, 0));
    T("PR_CAPBSET_READ 1000", prctl(PR_CAPBSET_READ, 1000));
    int reaper = -1;
    T("PR_SET_CHILD_SUBREAPER", prctl(PR_SET_CHILD_SUBREAPER, 1));
    T("PR_GET_CHILD_SUBREAPER", prctl(PR_GET_CHILD_SUBREAPER, &reaper));
    T("  subreaper", reaper);
    T("PR_GET_THP_DISABLE", prctl(PR_GET_THP_DISABLE, 0, 0, 0, 0));
    T("PR_SET_THP_DISABLE", prctl(PR_SET_THP_DISABLE, 1, 0, 0, 0));
    T("PR_GET_THP_DISABLE", prctl(PR_GET_THP_DISABLE, 0, 0, 0, 0));
    T("PR_GET_NO_NEW_PRIVS extra arg", prctl(PR_GET_NO_NEW_PRIVS, 1, 0, 0, 0));
    int *tid_addr = (int *)1;
    T("PR_GET_TID_ADDRESS", prctl(PR_GET_TID_ADDRESS, &tid_addr));
    FACT("  tid address set by libc", tid_addr != NULL && tid_addr != (int *)1);
    T("bad option", prctl(0x7fff1234, 0, 0, 0, 0));
    return 0;
}
