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
    T("bad option", prctl(0x7fff1234, 0, 0, 0, 0));
    return 0;
}
