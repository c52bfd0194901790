/* normalize_units_impl.h — the code-unit driver of rc_normalize_units, instantiated once per
 * (input unit, output unit) pair by normalize_units.c. Same cluster logic as the UTF-8 driver in
 * normalize.c, without decoding: a unit is a code point. Parameters: IN_T, OUT_T, OUT_MAX
 * (largest code point OUT_T holds), FN (function name), SWAR (1: ASCII runs eight bytes at a
 * time, valid only when IN_T == OUT_T and the width is 1 or 2). */

static int FN(const rc_norm_state *cst, const IN_T *in, size_t n, units_out *o)
{
    rc_norm_state *st = (rc_norm_state *)cst;
    const unsigned options = st->options;
    const int collapse = (options & RC_COLLAPSE_SPACE) != 0;
    int rc;
    size_t i = 0;
    int have_prev_ascii = 0, in_space = 0;
    size_t prev_out = 0, prev_src = 0;
    uint32_t max_cp = 0; /* of the output of the non-ASCII path; ASCII is accounted for below */
    if ((rc = units_reserve(o, n + n / 8 + 16, sizeof(OUT_T)))) return rc;

    while (i < n) {
        uint32_t c = in[i];
        if (c < 0x80) {
            if (collapse && rc_is_ascii_space(c)) {
                if (!in_space) {
                    if ((rc = units_reserve(o, 1, sizeof(OUT_T)))) return rc;
                    ((OUT_T *)o->u->data)[o->u->len++] = ' ';
                    in_space = 1;
                }
                have_prev_ascii = 0;
                i++;
                continue;
            }
            if (o->u->len == o->cap_units && (rc = units_reserve(o, n - i + 16, sizeof(OUT_T))))
                return rc;
            size_t j = i;
            OUT_T *w = (OUT_T *)o->u->data + o->u->len;
            size_t room = o->cap_units - o->u->len;
#if SWAR
            if (!collapse) {
                /* 32 bytes at a time with GCC/Clang vector extensions (SSE2/NEON): stop at the
                 * first block holding a non-ASCII unit; lower-case A-Z when case folding. */
                typedef IN_T vec __attribute__((vector_size(16)));
                const size_t lanes = 16 / sizeof(IN_T);
                const int fold = (options & RC_CASEFOLD) != 0;
                const int quotes = (options & RC_FOLD_QUOTES) != 0;
                while (j + 2 * lanes <= n && j - i + 2 * lanes <= room) {
                    vec a, b;
                    memcpy(&a, in + j, 16);
                    memcpy(&b, in + j + lanes, 16);
                    vec any = (a | b) & ((vec){0} + (IN_T)~0x7F);
                    uint64_t h[2];
                    memcpy(h, &any, 16);
                    if (h[0] | h[1]) break;
                    if (fold) {
                        a += (vec)((a >= (IN_T)'A') & (a <= (IN_T)'Z')) & (IN_T)0x20;
                        b += (vec)((b >= (IN_T)'A') & (b <= (IN_T)'Z')) & (IN_T)0x20;
                    }
                    if (quotes) { /* ` → ' */
                        a += (vec)(a == (IN_T)'`') & (IN_T)('\'' - '`');
                        b += (vec)(b == (IN_T)'`') & (IN_T)('\'' - '`');
                    }
                    memcpy(w + (j - i), &a, 16);
                    memcpy(w + (j - i) + lanes, &b, 16);
                    j += 2 * lanes;
                }
            }
#endif
            while (j < n && in[j] < 0x80 && j - i < room && !(collapse && rc_is_ascii_space(in[j]))) {
                w[j - i] = (OUT_T)st->ascii[in[j]];
                j++;
            }
            o->u->len += j - i;
            have_prev_ascii = 1;
            prev_out = o->u->len - 1;
            prev_src = j - 1;
            in_space = 0;
            i = j;
            if (j < n && in[j] < 0x80 && !(collapse && rc_is_ascii_space(in[j]))) {
                /* Out of room: grow and go on. */
                if ((rc = units_reserve(o, n - j + 16, sizeof(OUT_T)))) return rc;
            }
            continue;
        }

        int32_t cp = (int32_t)c;
        if ((cp >= 0xD800 && cp <= 0xDFFF) || c > 0x10FFFF) {
            if (!(options & RC_REPLACE_INVALID) || c > 0x10FFFF) {
                o->u->error_offset = i;
                return c > 0x10FFFF ? RC_EINVAL : RC_ESURROGATE;
            }
            cp = 0xFFFD;
        }
        const rc_char_info *slot;
        if ((rc = rc_norm_lookup(st, cp, &slot))) return rc;
        const rc_char_info info = *slot; /* the slot may be evicted below */
        if (collapse && info.space) {
            if (!in_space) {
                if ((rc = units_reserve(o, 1, sizeof(OUT_T)))) return rc;
                ((OUT_T *)o->u->data)[o->u->len++] = ' ';
                in_space = 1;
            }
            have_prev_ascii = 0;
            i++;
            continue;
        }
        size_t c0 = i;
        if (!info.boundary && have_prev_ascii) {
            c0 = prev_src;
            o->u->len = prev_out;
        }
        size_t j = i + 1;
        while (j < n && in[j] >= 0x80) {
            uint32_t c2 = in[j];
            if ((c2 >= 0xD800 && c2 <= 0xDFFF) || c2 > 0x10FFFF) break;
            const rc_char_info *info2;
            if ((rc = rc_norm_lookup(st, (int32_t)c2, &info2))) return rc;
            if (info2->boundary || (collapse && info2->space)) break;
            j++;
        }
        const int32_t *res;
        size_t res_len;
        rc_cpbuf buf, tmp;
        rc_cpbuf_init(&buf);
        rc_cpbuf_init(&tmp);
        if (c0 == i && j == i + 1 && info.cached) {
            res = info.cps;
            res_len = info.n_cps;
        } else {
            for (size_t m = c0; m < j && !rc; m++)
                rc = rc_cpbuf_push(&tmp, m == i ? cp : (int32_t)in[m]);
            if (!rc) rc = rc_norm_cluster(st, tmp.cp, tmp.len, &buf);
            if (rc) {
                rc_cpbuf_free(&tmp);
                rc_cpbuf_free(&buf);
                return rc;
            }
            res = buf.cp;
            res_len = buf.len;
        }
        rc = units_reserve(o, res_len, sizeof(OUT_T));
        for (size_t m = 0; m < res_len && !rc; m++) {
            uint32_t r = (uint32_t)res[m];
            if (r > OUT_MAX) rc = RC_NEED_WIDER;
            else ((OUT_T *)o->u->data)[o->u->len++] = (OUT_T)r;
            if (r > max_cp) max_cp = r;
        }
        rc_cpbuf_free(&tmp);
        rc_cpbuf_free(&buf);
        if (rc) return rc;
        have_prev_ascii = 0;
        in_space = 0;
        i = j;
    }
    if (collapse) {
        /* Forms and foldings can put two spaces side by side (see squeeze_spaces in
         * normalize.c): squeeze them so that the result is stable. */
        OUT_T *d = (OUT_T *)o->u->data;
        size_t w = 0;
        for (size_t r = 0; r < o->u->len; r++) {
            if (d[r] == ' ' && w > 0 && d[w - 1] == ' ') continue;
            d[w++] = d[r];
        }
        o->u->len = w;
    }
    /* ASCII output only needs to be known as ASCII: 0x7F is its reported bound. */
    if (o->u->len && max_cp < 0x7F) max_cp = 0x7F;
    o->u->max_cp = max_cp;
    return RC_OK;
}
