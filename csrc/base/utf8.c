/* utf8.c — whole-buffer UTF-8 validation with a word-at-a-time ASCII fast path. */
#include <string.h>

#include "relcore.h"
#include "base/utf8.h"

int rc_utf8_validate(const char *text, size_t len, size_t *bad_offset)
{
    const unsigned char *s = (const unsigned char *)text;
    size_t i = 0;
    if (!s && len) return RC_EINVAL;
    while (i < len) {
        /* ASCII is most of real text: skip it eight bytes at a time. */
        while (i + 8 <= len) {
            uint64_t w;
            memcpy(&w, s + i, 8);
            if (w & 0x8080808080808080ull) break;
            i += 8;
        }
        if (i >= len) break;
        if (s[i] < 0x80) {
            i++;
            continue;
        }
        int32_t cp;
        int n = rc_utf8_decode(s + i, len - i, &cp);
        if (!n) {
            if (bad_offset) *bad_offset = i;
            return RC_EUTF8;
        }
        i += (size_t)n;
    }
    return RC_OK;
}
