/* SPDX-License-Identifier: MIT */
/*
 * sqlite ITERS: an in-memory SQLite database (Debian's libsqlite3.a,
 * linked static).  ITERS inserts of (integer key, text) through one
 * prepared statement inside one transaction, then ITERS selects by key
 * in a scattered order, each checked against the text that was inserted.
 * Prints "sqlite_insert NS" and "sqlite_select NS", per row.
 */
#include <sqlite3.h>

#include "../work/work.h"

static sqlite3 *db;

static void die(const char *what)
{
    fprintf(stderr, "sqlite: %s: %s\n", what, sqlite3_errmsg(db));
    exit(1);
}

static void exec(const char *sql)
{
    if (sqlite3_exec(db, sql, NULL, NULL, NULL) != SQLITE_OK)
        die(sql);
}

/* The text stored under key k. */
static int row_text(char *buf, size_t len, long k)
{
    return snprintf(buf, len, "row %ld of the table, %08lx", k,
                    (unsigned long)k * 2654435761u);
}

static long gcd(long a, long b)
{
    while (b) {
        long t = a % b;
        a = b;
        b = t;
    }
    return a;
}

static sqlite3_stmt *prepare(const char *sql)
{
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
        die(sql);
    return st;
}

int main(int argc, char **argv)
{
    long n = work_iters(argc, argv);
    char buf[64];

    if (sqlite3_open(":memory:", &db) != SQLITE_OK)
        die("open");
    exec("CREATE TABLE t (k INTEGER PRIMARY KEY, v TEXT NOT NULL)");

    sqlite3_stmt *ins = prepare("INSERT INTO t (k, v) VALUES (?, ?)");
    double t0 = work_now_ns();
    exec("BEGIN");
    for (long k = 0; k < n; k++) {
        int len = row_text(buf, sizeof buf, k);
        sqlite3_bind_int64(ins, 1, k);
        sqlite3_bind_text(ins, 2, buf, len, SQLITE_TRANSIENT);
        if (sqlite3_step(ins) != SQLITE_DONE)
            die("insert");
        sqlite3_reset(ins);
    }
    exec("COMMIT");
    double t1 = work_now_ns();
    sqlite3_finalize(ins);

    /* Keys in the order i * stride mod n: every key once, scattered. */
    long stride = 1000003;
    while (gcd(stride, n) != 1)
        stride++;
    sqlite3_stmt *sel = prepare("SELECT v FROM t WHERE k = ?");
    double t2 = work_now_ns();
    for (long i = 0; i < n; i++) {
        long k = (long)((unsigned long)i * stride % n);
        sqlite3_bind_int64(sel, 1, k);
        if (sqlite3_step(sel) != SQLITE_ROW)
            die("select: no row");
        int len = row_text(buf, sizeof buf, k);
        const unsigned char *v = sqlite3_column_text(sel, 0);
        if (sqlite3_column_bytes(sel, 0) != len || memcmp(v, buf, len)) {
            fprintf(stderr, "sqlite: key %ld: got \"%s\", want \"%s\"\n", k, v,
                    buf);
            return 1;
        }
        if (sqlite3_step(sel) != SQLITE_DONE)
            die("select: more than one row");
        sqlite3_reset(sel);
    }
    double t3 = work_now_ns();
    sqlite3_finalize(sel);

    sqlite3_stmt *cnt = prepare("SELECT count(*) FROM t");
    if (sqlite3_step(cnt) != SQLITE_ROW || sqlite3_column_int64(cnt, 0) != n)
        die("count");
    sqlite3_finalize(cnt);
    sqlite3_close(db);

    work_print("sqlite_insert", (t1 - t0) / n);
    work_print("sqlite_select", (t3 - t2) / n);
    return 0;
}
