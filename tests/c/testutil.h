/* testutil.h — helpers shared by the cmocka tests: locating Unicode data files, reading
 * conformance files, parsing hex code point sequences into UTF-8. */
#ifndef RC_TESTUTIL_H
#define RC_TESTUTIL_H


#include <dirent.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "relcore.h"
#include "base/utf8.h"

/* Opens a Unicode data file: $UCD_DIR/name (unpacked copies made by `make ucd`), then
 * $UCD/name, then $UCD/auxiliary/name. Fails the test if none exists. */
static inline FILE *open_ucd(const char *name)
{
    const char *dirs[] = {getenv("UCD_DIR"), getenv("UCD"), "/usr/share/unicode"};
    char path[1024];
    for (size_t i = 0; i < sizeof dirs / sizeof dirs[0]; i++) {
        if (!dirs[i]) continue;
        snprintf(path, sizeof path, "%s/%s", dirs[i], name);
        FILE *f = fopen(path, "r");
        if (f) return f;
        snprintf(path, sizeof path, "%s/auxiliary/%s", dirs[i], name);
        f = fopen(path, "r");
        if (f) return f;
    }
    fail_msg("Unicode data file %s not found (run `make ucd`; Debian package unicode-data)", name);
    return NULL;
}

/* Parses space-separated hex code points ("0044 0307") into UTF-8 in out (NUL-terminated).
 * Returns the byte length. */
static inline size_t hex_to_utf8(const char *s, const char *end, char *out, size_t cap)
{
    size_t n = 0;
    while (s < end) {
        while (s < end && (*s == ' ' || *s == '\t')) s++;
        if (s >= end) break;
        char *e;
        long cp = strtol(s, &e, 16);
        if (e == s) break;
        s = e;
        assert_true(n + 4 < cap);
        n += (size_t)rc_utf8_encode((int32_t)cp, (unsigned char *)out + n);
    }
    out[n] = '\0';
    return n;
}

/* A directory of this test run's own for the files the tests write ($TMPDIR or /tmp), made on
 * first use and removed at exit (the tests remove their files): no test depends on a build
 * directory that another make target happens to create. */
static char rc_test_tmp[512];
char *mkdtemp(char *templ); /* POSIX.1-2008; declared here as the tests build with -std=c11 */

static inline void rc_test_tmp_remove(void)
{
    if (rc_test_tmp[0]) rmdir(rc_test_tmp);
}

static inline const char *test_tmp_dir(void)
{
    if (!rc_test_tmp[0]) {
        const char *base = getenv("TMPDIR");
        snprintf(rc_test_tmp, sizeof rc_test_tmp, "%s/relcore-test-XXXXXX", base && *base ? base : "/tmp");
        if (!mkdtemp(rc_test_tmp)) {
            rc_test_tmp[0] = '\0';
            fail_msg("cannot create a temporary directory");
        }
        atexit(rc_test_tmp_remove);
    }
    return rc_test_tmp;
}

/* test_tmp_dir()/name in buf. */
static inline const char *test_tmp_path(char *buf, size_t cap, const char *name)
{
    snprintf(buf, cap, "%s/%s", test_tmp_dir(), name);
    return buf;
}

/* True when the tests should take their quick variant (under valgrind). */
static inline int quick_mode(void) { return getenv("RC_TEST_QUICK") != NULL; }

/* Calls check(text, len) on each UNGDC speech of session 78 (up to 3 in quick mode), looked up
 * under $RC_UNGDC, build/ungdc or /tmp/ungdc; skips the test when none is there. */
static inline void for_each_corpus_file(void (*check)(const char *, size_t))
{
    const char *roots[] = {getenv("RC_UNGDC"), "build/ungdc", "/tmp/ungdc"};
    char dir[1024], path[2048];
    DIR *d = NULL;
    for (size_t i = 0; i < 3 && !d; i++) {
        if (!roots[i]) continue;
        snprintf(dir, sizeof dir, "%s/Session 78 - 2023", roots[i]);
        d = opendir(dir);
    }
    if (!d) skip();
    struct dirent *e;
    int files = 0, limit = quick_mode() ? 3 : 1000;
    while ((e = readdir(d)) && files < limit) {
        if (!strstr(e->d_name, ".txt")) continue;
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        FILE *f = fopen(path, "rb");
        if (!f) continue;
        char *buf = malloc(1 << 20);
        size_t n = fread(buf, 1, 1 << 20, f);
        fclose(f);
        check(buf, n);
        free(buf);
        files++;
    }
    closedir(d);
    assert_true(files > 0);
}

#endif
