/* breaktest.h — for the tokenizer and sentence tests: reading the lines of the Unicode
 * *BreakTest.txt files ("÷ 0020 × 0308 ÷ # ..."), showing failing inputs. */
#ifndef RC_BREAKTEST_H
#define RC_BREAKTEST_H

#include "testutil.h"

#define BT_MAX 64 /* characters or boundaries per line */

typedef struct {
    char text[4 * BT_MAX + 4]; /* UTF-8 */
    size_t len;
    size_t bounds[BT_MAX]; /* expected boundaries, byte offsets, including 0 and len */
    size_t nbounds;
    size_t starts[BT_MAX + 1]; /* byte offset of every character, then len */
    size_t nchars;
} bt_line;

/* Parses one line; returns 0 for a comment or empty line. */
static inline int bt_parse(const char *line, bt_line *bt)
{
    const char *p = line, *end = strchr(line, '#');
    if (!end) end = line + strlen(line);
    size_t n = 0;
    int any = 0;
    bt->nbounds = bt->nchars = 0;
    while (p < end) {
        if (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r') {
            p++;
        } else if (!strncmp(p, "\xc3\xb7", 2)) { /* ÷ */
            assert_true(bt->nbounds < BT_MAX);
            bt->bounds[bt->nbounds++] = n;
            p += 2;
            any = 1;
        } else if (!strncmp(p, "\xc3\x97", 2)) { /* × */
            p += 2;
        } else {
            char *e;
            long cp = strtol(p, &e, 16);
            assert_true(e > p);
            p = e;
            assert_true(bt->nchars < BT_MAX);
            bt->starts[bt->nchars++] = n;
            n += (size_t)rc_utf8_encode((int32_t)cp, (unsigned char *)bt->text + n);
        }
    }
    bt->starts[bt->nchars] = n;
    bt->text[n] = '\0';
    bt->len = n;
    return any;
}

/* Prints text with bytes outside printable ASCII escaped (to show a failing input). */
static inline void bt_dump(const char *what, const char *text, size_t len)
{
    print_message("%s: \"", what);
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)text[i];
        if (c >= 0x20 && c < 0x7F && c != '\\' && c != '"') print_message("%c", c);
        else print_message("\\x%02x", c);
    }
    print_message("\"\n");
}

#endif
