/* normalize_check_impl.h — the read-only quick check of rc_is_normalized_units, instantiated
 * per unit width by normalize_units.c (parameters IN_T, FN). It answers "certainly unchanged"
 * only when every character is a boundary that the options map to itself, so the text has no
 * cluster for the Unicode algorithms to work on; anything else is "maybe", and the caller runs
 * the full normalization. Real text is mostly already normalized (NFC, NFKC), and proving it
 * without writing is twice as fast as normalizing and comparing. */

static int FN(rc_norm_state *st, const IN_T *in, size_t n)
{
    const unsigned options = st->options;
    const int casefold = (options & RC_CASEFOLD) != 0;
    const int quotes = (options & RC_FOLD_QUOTES) != 0;
    const int collapse = (options & RC_COLLAPSE_SPACE) != 0;
    size_t i = 0;
    while (i < n) {
        if (!collapse) {
            /* 32 bytes at a time while the text is ASCII that the options leave alone. */
            typedef IN_T vec __attribute__((vector_size(16)));
            const size_t lanes = 16 / sizeof(IN_T);
            while (i + 2 * lanes <= n) {
                vec a, b;
                memcpy(&a, in + i, 16);
                memcpy(&b, in + i + lanes, 16);
                vec bad = (a | b) & ((vec){0} + (IN_T)~0x7F);
                if (casefold) {
                    bad |= (vec)((a >= (IN_T)'A') & (a <= (IN_T)'Z'));
                    bad |= (vec)((b >= (IN_T)'A') & (b <= (IN_T)'Z'));
                }
                if (quotes) bad |= (vec)(a == (IN_T)'`') | (vec)(b == (IN_T)'`');
                uint64_t h[2];
                memcpy(h, &bad, 16);
                if (h[0] | h[1]) break;
                i += 2 * lanes;
            }
            if (i >= n) break;
        }
        uint32_t c = in[i];
        if (c < 0x80) {
            if (casefold && c >= 'A' && c <= 'Z') return 0;
            if (quotes && c == '`') return 0;
            if (collapse && rc_is_ascii_space(c)) {
                if (c != ' ' || (i + 1 < n && in[i + 1] < 0x80 && rc_is_ascii_space(in[i + 1])))
                    return 0;
            }
            i++;
            continue;
        }
        if ((c >= 0xD800 && c <= 0xDFFF) || c > 0x10FFFF) return 0; /* the full path reports it */
        const rc_char_info *info;
        int rc = rc_norm_lookup(st, (int32_t)c, &info);
        if (rc) return rc;
        if (!info->boundary || !info->cached || info->n_cps != 1 || info->cps[0] != (int32_t)c ||
            (collapse && info->space))
            return 0;
        if (collapse && i > 0 && in[i - 1] == ' ') {
            /* ' ' then another White_Space character: a run to collapse (checked above for
             * ASCII; here for the non-ASCII ones, which collapse anyway). */
            return 0;
        }
        i++;
    }
    return 1;
}
