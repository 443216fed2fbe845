/* SPDX-License-Identifier: MIT */
/*
 * lua ITERS: Debian's liblua5.4.a, linked static, runs the script below,
 * whose run(n) does n iterations of a mix of table inserts (array and
 * string-keyed parts), string building (string.format, table.concat) and
 * a recursive function (fib).  The total it returns is checked against
 * the same sum worked out in C.  Prints "lua NS" per iteration.
 */
#include <lauxlib.h>
#include <lua.h>
#include <lualib.h>

#include "../work/work.h"

static const char script[] =
    "local function fib(n)\n"
    "  if n < 2 then return n end\n"
    "  return fib(n - 1) + fib(n - 2)\n"
    "end\n"
    "local function iter(i)\n"
    "  local t = {}\n"
    "  for j = 1, 64 do t[j] = i + j end\n"
    "  local h = {}\n"
    "  for j = 1, 32 do h['k' .. j] = t[j] end\n"
    "  local parts = {}\n"
    "  for j = 1, 16 do\n"
    "    parts[#parts + 1] = string.format('%d:%d', j, h['k' .. j])\n"
    "  end\n"
    "  local s = table.concat(parts, ',')\n"
    "  local sum = 0\n"
    "  for j = 1, #t do sum = sum + t[j] end\n"
    "  return sum + #s + fib(12)\n"
    "end\n"
    "function run(n)\n"
    "  local total = 0\n"
    "  for i = 1, n do total = total + iter(i) end\n"
    "  return total\n"
    "end\n";

/* What iter(i) returns, worked out without Lua. */
static long long expect_iter(long i)
{
    long long sum = 64LL * i + 64 * 65 / 2;
    long len = 15; /* the commas */
    char buf[48];
    for (long j = 1; j <= 16; j++)
        len += snprintf(buf, sizeof buf, "%ld:%ld", j, i + j);
    return sum + len + 144; /* fib(12) */
}

static void die(lua_State *L, const char *what)
{
    fprintf(stderr, "lua: %s: %s\n", what, lua_tostring(L, -1));
    exit(1);
}

int main(int argc, char **argv)
{
    long n = work_iters(argc, argv);
    lua_State *L = luaL_newstate();
    if (!L) {
        fprintf(stderr, "lua: no state\n");
        return 1;
    }
    luaL_openlibs(L);
    if (luaL_loadbuffer(L, script, sizeof script - 1, "bench") != LUA_OK ||
        lua_pcall(L, 0, 0, 0) != LUA_OK)
        die(L, "script");

    lua_getglobal(L, "run");
    lua_pushinteger(L, n);
    double t0 = work_now_ns();
    if (lua_pcall(L, 1, 1, 0) != LUA_OK)
        die(L, "run");
    double t1 = work_now_ns();

    long long want = 0;
    for (long i = 1; i <= n; i++)
        want += expect_iter(i);
    if (!lua_isinteger(L, -1) || lua_tointeger(L, -1) != want) {
        fprintf(stderr, "lua: run(%ld) = %s, want %lld\n", n,
                lua_tostring(L, -1), want);
        return 1;
    }
    lua_close(L);
    work_print("lua", (t1 - t0) / n);
    return 0;
}
