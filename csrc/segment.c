/* segment.c — UAX #29 (Unicode 15.0) grapheme cluster, word and sentence boundaries.
 *
 * Each rc_next_*_boundary walks forward from pos, deciding one candidate boundary at a time with
 * the rules of its section of UAX #29, and stops at the first break. The little context the rules
 * need from before pos (the character WB4/SB5 make stand for a run of Extend/Format, a preceding
 * ExtPict for GB11, the parity of a run of regional indicators, an open sentence terminator) is
 * recovered by looking back, so any character position is a valid start — not only a boundary.
 *
 * Character properties come from csrc/gen/segment_tables.h as one packed 16-bit word per code
 * point (tools/gen_segment_tables.py). Invalid UTF-8 is one character per maximal invalid subpart,
 * with the properties of U+FFFD (Other in all three properties). */
#include "segment.h"

#include "alloc.h"
#include "gen/segment_tables.h"
#include "spans.h"
#include "utf8.h"

#define BIT(x) (1u << (x))

/* Keeps rare, register-hungry paths out of the small fast functions that call them. */
#if defined(__GNUC__)
#define RC_NOINLINE __attribute__((noinline))
#else
#define RC_NOINLINE
#endif

/* ---- Character access -------------------------------------------------------------------- */

static inline unsigned cp_props(int32_t cp)
{
    if (cp < 0x80) return cp < 0 ? 0 : rc_seg_ascii[cp];
    if (cp < RC_SEG_DIRECT_LIMIT) return rc_seg_combo[rc_seg_direct[cp]];
    if (cp > 0x10FFFF) return 0;
    size_t block = rc_seg_stage1[(cp >> RC_SEG_SHIFT) - (RC_SEG_DIRECT_LIMIT >> RC_SEG_SHIFT)];
    return rc_seg_combo[rc_seg_stage2[(block << RC_SEG_SHIFT) | ((size_t)cp & ((1u << RC_SEG_SHIFT) - 1))]];
}

/* Length of the character at s[i] (i < len) and its packed properties. */
static inline int char_at(const unsigned char *s, size_t len, size_t i, unsigned *props)
{
    unsigned c = s[i];
    if (c < 0x80) {
        *props = rc_seg_ascii[c];
        return 1;
    }
    int32_t cp;
    int n = rc_utf8_decode(s + i, len - i, &cp);
    if (n) {
        *props = cp_props(cp);
        return n;
    }
    *props = 0; /* U+FFFD: Other everywhere */
    return rc_utf8_invalid_len(s + i, len - i);
}

int rc_seg_decode(const unsigned char *s, size_t len, size_t pos, int32_t *cp)
{
    int n = rc_utf8_decode(s + pos, len - pos, cp);
    if (n) return n;
    *cp = 0xFFFD;
    return rc_utf8_invalid_len(s + pos, len - pos);
}

/* Start of the character that ends at `end` (0 < end <= len, end a character boundary).
 * Every byte that is not a continuation byte starts a character (an invalid subpart never
 * swallows one), so the character is either the nearest such byte with the continuation bytes
 * after it, when decoding there ends exactly at `end`, or else a lone continuation byte. */
static size_t prev_start(const unsigned char *s, size_t len, size_t end)
{
    if (s[end - 1] < 0x80) return end - 1;
    for (size_t k = 1; k <= 4 && k <= end; k++) {
        size_t st = end - k;
        if ((s[st] & 0xC0) == 0x80) continue;
        if (k == 1) return st;
        int32_t cp;
        int n = rc_seg_decode(s, len, st, &cp);
        return (size_t)n == k ? st : end - 1;
    }
    return end - 1;
}

int rc_grapheme_prop(int32_t cp) { return RC_SEGP_GB(cp_props(cp)); }
int rc_word_prop(int32_t cp) { return RC_SEGP_WB(cp_props(cp)); }
int rc_sentence_prop(int32_t cp) { return RC_SEGP_SB(cp_props(cp)); }
int rc_is_extended_pictographic(int32_t cp) { return (cp_props(cp) & RC_SEGP_EP) != 0; }

/* ---- Grapheme clusters (UAX #29 section 3.1.1) ------------------------------------------- */

#define GB_CONTROLS (BIT(RC_GB_CR) | BIT(RC_GB_LF) | BIT(RC_GB_Control))

/* Emoji state for GB11: none, after ExtPict Extend*, after ExtPict Extend* ZWJ. */
enum { EMO_NONE, EMO_PICT, EMO_ZWJ };

size_t rc_next_grapheme_boundary(const unsigned char *s, size_t len, size_t pos)
{
    if (pos >= len) return len;
    /* Two ASCII characters are always apart, except CR LF (no ASCII character is Extend,
     * SpacingMark, Prepend, Hangul or pictographic). */
    if (s[pos] < 0x80 && (pos + 1 >= len || s[pos + 1] < 0x80)) {
        if (pos + 1 >= len) return len;
        return s[pos] == '\r' && s[pos + 1] == '\n' ? pos + 2 : pos + 1;
    }
    unsigned p;
    size_t i = pos + (size_t)char_at(s, len, pos, &p);
    int prev = RC_SEGP_GB(p);
    int emo = (p & RC_SEGP_EP) ? EMO_PICT : EMO_NONE;
    size_t ri = prev == RC_GB_Regional_Indicator;

    /* Context from before pos: an ExtPict before a run of Extend (GB11) and the number of
     * regional indicators before this one (GB12/13). */
    if (prev == RC_GB_Extend || prev == RC_GB_ZWJ) {
        size_t j = pos;
        while (j > 0) {
            size_t st = prev_start(s, len, j);
            unsigned q;
            char_at(s, len, st, &q);
            if (q & RC_SEGP_EP) {
                emo = prev == RC_GB_ZWJ ? EMO_ZWJ : EMO_PICT;
                break;
            }
            if (RC_SEGP_GB(q) != RC_GB_Extend) break;
            j = st;
        }
    } else if (ri) {
        for (size_t j = pos; j > 0;) {
            size_t st = prev_start(s, len, j);
            unsigned q;
            char_at(s, len, st, &q);
            if (RC_SEGP_GB(q) != RC_GB_Regional_Indicator) break;
            ri++;
            j = st;
        }
    }

    while (i < len) {
        unsigned q;
        int n = char_at(s, len, i, &q);
        int cur = RC_SEGP_GB(q);
        int join;
        if (prev == RC_GB_CR && cur == RC_GB_LF) join = 1;                       /* GB3 */
        else if ((BIT(prev) | BIT(cur)) & GB_CONTROLS) join = 0;                 /* GB4, GB5 */
        else if (prev == RC_GB_L && (cur == RC_GB_L || cur == RC_GB_V || cur == RC_GB_LV ||
                                     cur == RC_GB_LVT)) join = 1;                /* GB6 */
        else if ((prev == RC_GB_LV || prev == RC_GB_V) && (cur == RC_GB_V || cur == RC_GB_T))
            join = 1;                                                            /* GB7 */
        else if ((prev == RC_GB_LVT || prev == RC_GB_T) && cur == RC_GB_T) join = 1; /* GB8 */
        else if (cur == RC_GB_Extend || cur == RC_GB_ZWJ || cur == RC_GB_SpacingMark)
            join = 1;                                                            /* GB9, GB9a */
        else if (prev == RC_GB_Prepend) join = 1;                                /* GB9b */
        else if (emo == EMO_ZWJ && (q & RC_SEGP_EP)) join = 1;                   /* GB11 */
        else if (prev == RC_GB_Regional_Indicator && cur == RC_GB_Regional_Indicator)
            join = ri & 1;                                                       /* GB12, GB13 */
        else join = 0;                                                           /* GB999 */
        if (!join) return i;
        if (q & RC_SEGP_EP) emo = EMO_PICT;
        else if (emo == EMO_PICT && cur == RC_GB_ZWJ) emo = EMO_ZWJ;
        else if (!(emo == EMO_PICT && cur == RC_GB_Extend)) emo = EMO_NONE;
        ri = cur == RC_GB_Regional_Indicator ? ri + 1 : 0;
        prev = cur;
        i += (size_t)n;
    }
    return len;
}

/* ---- Words (UAX #29 section 4.1.1) ------------------------------------------------------- */

#define WB_NEWLINES (BIT(RC_WB_CR) | BIT(RC_WB_LF) | BIT(RC_WB_Newline))
#define WB_IGNORED (BIT(RC_WB_Extend) | BIT(RC_WB_Format) | BIT(RC_WB_ZWJ)) /* by WB4 */
#define WB_AHLETTER (BIT(RC_WB_ALetter) | BIT(RC_WB_Hebrew_Letter))
#define WB_MIDNUMLETQ (BIT(RC_WB_MidNumLet) | BIT(RC_WB_Single_Quote))
#define WB_MIDLETTER_ANY (BIT(RC_WB_MidLetter) | WB_MIDNUMLETQ)
#define WB_MIDNUM_ANY (BIT(RC_WB_MidNum) | WB_MIDNUMLETQ)
#define WB_WORDISH (WB_AHLETTER | BIT(RC_WB_Numeric) | BIT(RC_WB_ExtendNumLet))
/* Classes after which the rules look one more character back (WB7, WB7c, WB11). */
#define WB_NEEDS_PREV2 (WB_MIDLETTER_ANY | WB_MIDNUM_ANY | BIT(RC_WB_Double_Quote))
#define WB_NONE (-1) /* start of text */

/* ASCII letters, digits and '_': any two of them are joined (WB5, WB8-WB10, WB13a/b), which is
 * what the fast path below relies on. */
static inline int ascii_wordish(unsigned b) { return rc_seg_word_byte[b]; }

/* The Word_Break class that stands, after WB4, for the text ending at `end`: the last character
 * that is not Extend/Format/ZWJ — or the first of such a run when it follows a newline or the
 * start of text (WB4 does not apply there). *start receives where that character begins. */
static int wb_effective_before(const unsigned char *s, size_t len, size_t end, size_t *start)
{
    int ign = WB_NONE;
    size_t ign_start = 0;
    while (end > 0) {
        size_t st = prev_start(s, len, end);
        unsigned q;
        char_at(s, len, st, &q);
        int c = RC_SEGP_WB(q);
        if (!(BIT(c) & WB_IGNORED)) {
            if (ign != WB_NONE && (BIT(c) & WB_NEWLINES)) break;
            *start = st;
            return c;
        }
        ign = c;
        ign_start = st;
        end = st;
    }
    *start = ign_start;
    return ign;
}

/* Whether the first character at or after i that WB4 does not ignore is in `classes` (the
 * lookahead of WB6, WB7b and WB12). */
static int wb_next_is(const unsigned char *s, size_t len, size_t i, unsigned classes)
{
    while (i < len) {
        unsigned q;
        int n = char_at(s, len, i, &q);
        unsigned c = BIT(RC_SEGP_WB(q));
        if (!(c & WB_IGNORED)) return (c & classes) != 0;
        i += (size_t)n;
    }
    return 0;
}

/* The word rules from candidate boundary i on, given the state of the text before it: the raw
 * class of the character just before i, the last two classes after WB4 and the number of
 * regional indicators in a row ending at eff (WB15/16). Returns the first break. */
static RC_NOINLINE size_t word_rules(const unsigned char *s, size_t len, size_t i, int raw, int eff, int eff2,
                                     size_t ri)
{
    while (i < len) {
        /* Fast path: a run of ASCII letters, digits and '_' after a letter, digit or '_' is
         * all joined, whatever the general rules would look at. */
        if (eff >= 0 && (BIT(eff) & WB_WORDISH) && ascii_wordish(s[i])) {
            size_t j = i + 1;
            while (j < len && ascii_wordish(s[j])) j++;
            eff2 = j - i >= 2 ? RC_SEGP_WB(rc_seg_ascii[s[j - 2]]) : eff;
            eff = raw = RC_SEGP_WB(rc_seg_ascii[s[j - 1]]);
            ri = 0;
            i = j;
            if (i >= len) break;
        }
        unsigned q;
        int n = char_at(s, len, i, &q);
        int cur = RC_SEGP_WB(q);
        unsigned cb = BIT(cur), eb = eff >= 0 ? BIT(eff) : 0, e2b = eff2 >= 0 ? BIT(eff2) : 0;
        int join;
        if (raw == RC_WB_CR && cur == RC_WB_LF) join = 1;                         /* WB3 */
        else if ((BIT(raw) | cb) & WB_NEWLINES) join = 0;                         /* WB3a, WB3b */
        else if (raw == RC_WB_ZWJ && (q & RC_SEGP_EP)) join = 1;                  /* WB3c */
        else if (raw == RC_WB_WSegSpace && cur == RC_WB_WSegSpace) join = 1;      /* WB3d */
        else if (cb & WB_IGNORED) {                                               /* WB4 */
            raw = cur;
            i += (size_t)n;
            continue;
        } else if ((eb & WB_AHLETTER) && (cb & WB_AHLETTER)) join = 1;            /* WB5 */
        else if ((eb & WB_AHLETTER) && (cb & WB_MIDLETTER_ANY) &&
                 wb_next_is(s, len, i + (size_t)n, WB_AHLETTER)) join = 1;        /* WB6 */
        else if ((e2b & WB_AHLETTER) && (eb & WB_MIDLETTER_ANY) && (cb & WB_AHLETTER))
            join = 1;                                                             /* WB7 */
        else if (eff == RC_WB_Hebrew_Letter && cur == RC_WB_Single_Quote) join = 1; /* WB7a */
        else if (eff == RC_WB_Hebrew_Letter && cur == RC_WB_Double_Quote &&
                 wb_next_is(s, len, i + (size_t)n, BIT(RC_WB_Hebrew_Letter))) join = 1; /* WB7b */
        else if (eff2 == RC_WB_Hebrew_Letter && eff == RC_WB_Double_Quote &&
                 cur == RC_WB_Hebrew_Letter) join = 1;                            /* WB7c */
        else if (eff == RC_WB_Numeric && cur == RC_WB_Numeric) join = 1;          /* WB8 */
        else if ((eb & WB_AHLETTER) && cur == RC_WB_Numeric) join = 1;            /* WB9 */
        else if (eff == RC_WB_Numeric && (cb & WB_AHLETTER)) join = 1;            /* WB10 */
        else if (eff2 == RC_WB_Numeric && (eb & WB_MIDNUM_ANY) && cur == RC_WB_Numeric)
            join = 1;                                                             /* WB11 */
        else if (eff == RC_WB_Numeric && (cb & WB_MIDNUM_ANY) &&
                 wb_next_is(s, len, i + (size_t)n, BIT(RC_WB_Numeric))) join = 1; /* WB12 */
        else if (eff == RC_WB_Katakana && cur == RC_WB_Katakana) join = 1;        /* WB13 */
        else if ((eb & (WB_WORDISH | BIT(RC_WB_Katakana))) && cur == RC_WB_ExtendNumLet)
            join = 1;                                                             /* WB13a */
        else if (eff == RC_WB_ExtendNumLet &&
                 (cb & (WB_AHLETTER | BIT(RC_WB_Numeric) | BIT(RC_WB_Katakana))))
            join = 1;                                                             /* WB13b */
        else if (eff == RC_WB_Regional_Indicator && cur == RC_WB_Regional_Indicator)
            join = ri & 1;                                                        /* WB15, WB16 */
        else join = 0;                                                            /* WB999 */
        if (!join) return i;
        ri = cur == RC_WB_Regional_Indicator ? ri + 1 : 0;
        eff2 = eff;
        eff = raw = cur;
        i += (size_t)n;
    }
    return len;
}

/* ASCII classes of the entry fast path. */
#define ASCII_WB(b) RC_SEGP_WB(rc_seg_ascii[b])
#define WB_MID_ANY (WB_MIDLETTER_ANY | WB_MIDNUM_ANY | BIT(RC_WB_Double_Quote))

/* The general path of rc_next_word_boundary: the context from before pos, then the rules. */
static RC_NOINLINE size_t word_boundary_general(const unsigned char *s, size_t len, size_t pos)
{
    unsigned p;
    size_t i = pos + (size_t)char_at(s, len, pos, &p);
    int raw = RC_SEGP_WB(p);
    int eff = raw, eff2 = WB_NONE;
    size_t ri = 0;

    /* Recover the context from before pos that the rules may look at. */
    size_t eff_start = pos, st;
    if (BIT(raw) & WB_IGNORED) {
        eff = wb_effective_before(s, len, i, &eff_start);
        if (eff == WB_NONE) eff = raw;
    }
    if (eff >= 0 && (BIT(eff) & WB_NEEDS_PREV2)) eff2 = wb_effective_before(s, len, eff_start, &st);
    if (eff == RC_WB_Regional_Indicator) {
        ri = 1;
        for (size_t j = eff_start; wb_effective_before(s, len, j, &st) == RC_WB_Regional_Indicator;
             j = st)
            ri++;
    }
    return word_rules(s, len, i, raw, eff, eff2, ri);
}

size_t rc_next_word_boundary(const unsigned char *s, size_t len, size_t pos)
{
    if (pos >= len) return len;
    /* Fast path for ASCII, which decides most boundaries of Latin-script text without the
     * general machinery; whatever it cannot decide from ASCII alone it hands on to word_rules
     * with the same state the general path would have. Between ASCII characters only these
     * rules can join: WB3 (CR LF), WB3d (spaces), WB5-WB13b among letters, digits and '_'
     * (a run of them is always one segment), and WB6/7, WB11/12 around . , : ; ' */
    unsigned b = s[pos];
    if (b < 0x80) {
        size_t j = pos + 1;
        if (j >= len) return len;
        unsigned cb = BIT(ASCII_WB(b)), nb = s[j];
        if (cb & WB_WORDISH) {
            for (;;) {
                while (j < len && ascii_wordish(s[j])) j++;
                if (j >= len) return len;
                unsigned m = s[j];
                if (m >= 0x80) break;
                int mc = ASCII_WB(m);
                if (!(BIT(mc) & (WB_MIDLETTER_ANY | WB_MIDNUM_ANY))) return j;
                if (j + 1 >= len) return j;
                unsigned a = s[j + 1];
                if (a >= 0x80) break;
                int ac = ASCII_WB(a), lc = ASCII_WB(s[j - 1]);
                if (((BIT(lc) & WB_AHLETTER) && (BIT(mc) & WB_MIDLETTER_ANY) && (BIT(ac) & WB_AHLETTER)) ||
                    (lc == RC_WB_Numeric && (BIT(mc) & WB_MIDNUM_ANY) && ac == RC_WB_Numeric)) {
                    j += 2; /* WB6/7, WB11/12 */
                    continue;
                }
                return j;
            }
            int lc = ASCII_WB(s[j - 1]);
            return word_rules(s, len, j, lc, lc, WB_NONE, 0);
        }
        if (nb < 0x80) {
            if (b == ' ') {
                while (j < len && s[j] == ' ') j++; /* WB3d */
                if (j >= len || s[j] < 0x80) return j;
                return word_rules(s, len, j, RC_WB_WSegSpace, RC_WB_WSegSpace, WB_NONE, 0);
            }
            if (b == '\r') return nb == '\n' ? j + 1 : j;
            /* A mid character before a letter or digit needs the one before it (WB7, WB11). */
            if (!(cb & WB_MID_ANY) || !ascii_wordish(nb)) return j;
        }
    }
    return word_boundary_general(s, len, pos);
}

/* ---- Sentences (UAX #29 section 5.1.1) --------------------------------------------------- */

#define SB_PARASEP (BIT(RC_SB_Sep) | BIT(RC_SB_CR) | BIT(RC_SB_LF))
#define SB_IGNORED (BIT(RC_SB_Extend) | BIT(RC_SB_Format)) /* by SB5 */
#define SB_SATERM (BIT(RC_SB_STerm) | BIT(RC_SB_ATerm))
/* What ends the lookahead of SB8: ( ¬(OLetter | Upper | Lower | ParaSep | SATerm) )* */
#define SB8_STOP (BIT(RC_SB_OLetter) | BIT(RC_SB_Upper) | BIT(RC_SB_Lower) | SB_PARASEP | SB_SATERM)
#define SB_NONE (-1)

/* Where a terminator sequence stands before the candidate boundary: none, SATerm Close*,
 * SATerm Close* Sp+. */
enum { TERM_NONE, TERM_CLOSE, TERM_SP };

/* Like wb_effective_before, for SB5 (which does not apply after ParaSep or at the start). */
static int sb_effective_before(const unsigned char *s, size_t len, size_t end, size_t *start)
{
    int ign = SB_NONE;
    size_t ign_start = 0;
    while (end > 0) {
        size_t st = prev_start(s, len, end);
        unsigned q;
        char_at(s, len, st, &q);
        int c = RC_SEGP_SB(q);
        if (!(BIT(c) & SB_IGNORED)) {
            if (ign != SB_NONE && (BIT(c) & SB_PARASEP)) break;
            *start = st;
            return c;
        }
        ign = c;
        ign_start = st;
        end = st;
    }
    *start = ign_start;
    return ign;
}

/* SB8's lookahead from i: ( ¬(OLetter | Upper | Lower | ParaSep | SATerm) )* Lower. Every
 * candidate before the character where the scan stopped gets the same answer, so the result is
 * cached in *stop / *lower and a run of Close or Sp is scanned once, not once per character. */
static int sb8_lower_follows(const unsigned char *s, size_t len, size_t i, size_t *stop, int *lower)
{
    if (i < *stop) return *lower;
    int c = SB_NONE;
    while (i < len) {
        unsigned r;
        int m = char_at(s, len, i, &r);
        c = RC_SEGP_SB(r);
        if (BIT(c) & SB8_STOP) break;
        i += (size_t)m;
    }
    *stop = i;
    *lower = i < len && c == RC_SB_Lower;
    return *lower;
}

size_t rc_next_sentence_boundary(const unsigned char *s, size_t len, size_t pos)
{
    if (pos >= len) return len;
    unsigned p;
    size_t i = pos + (size_t)char_at(s, len, pos, &p);
    int raw = RC_SEGP_SB(p);
    int eff = raw, eff2 = SB_NONE;
    int term = TERM_NONE, aterm = 0;
    size_t sb8_stop = 0; /* SB8 lookahead cache (sb8_lower_follows) */
    int sb8_lower = 0;

    /* Context from before pos: the effective character, the one before an ATerm (SB7), and an
     * open terminator sequence SATerm Close* Sp* that ends here. */
    size_t eff_start = pos, st;
    if (BIT(raw) & SB_IGNORED) {
        eff = sb_effective_before(s, len, i, &eff_start);
        if (eff == SB_NONE) eff = raw;
    }
    if (eff == RC_SB_ATerm) eff2 = sb_effective_before(s, len, eff_start, &st);
    if (eff == RC_SB_Sp || eff == RC_SB_Close || (BIT(eff) & SB_SATERM)) {
        int c = eff, sp = 0;
        st = eff_start;
        while (c == RC_SB_Sp) {
            sp = 1;
            c = sb_effective_before(s, len, st, &st);
        }
        while (c == RC_SB_Close) c = sb_effective_before(s, len, st, &st);
        if (c >= 0 && (BIT(c) & SB_SATERM)) {
            term = sp ? TERM_SP : TERM_CLOSE;
            aterm = c == RC_SB_ATerm;
        }
    }

    while (i < len) {
        unsigned q;
        int n = char_at(s, len, i, &q);
        int cur = RC_SEGP_SB(q);
        unsigned cb = BIT(cur);
        int join;
        if (raw == RC_SB_CR && cur == RC_SB_LF) join = 1;                         /* SB3 */
        else if (BIT(raw) & SB_PARASEP) join = 0;                                 /* SB4 */
        else if (cb & SB_IGNORED) {                                               /* SB5 */
            raw = cur;
            i += (size_t)n;
            continue;
        } else if (eff == RC_SB_ATerm && cur == RC_SB_Numeric) join = 1;          /* SB6 */
        else if (eff == RC_SB_ATerm && (eff2 == RC_SB_Upper || eff2 == RC_SB_Lower) &&
                 cur == RC_SB_Upper) join = 1;                                    /* SB7 */
        else if (term != TERM_NONE && aterm && sb8_lower_follows(s, len, i, &sb8_stop, &sb8_lower))
            join = 1;                                                             /* SB8 */
        else if (term != TERM_NONE && (cb & (BIT(RC_SB_SContinue) | SB_SATERM))) join = 1; /* SB8a */
        else if (term == TERM_CLOSE && (cb & (BIT(RC_SB_Close) | BIT(RC_SB_Sp) | SB_PARASEP)))
            join = 1;                                                             /* SB9 */
        else if (term != TERM_NONE && (cb & (BIT(RC_SB_Sp) | SB_PARASEP))) join = 1; /* SB10 */
        else if (term != TERM_NONE) join = 0;                                     /* SB11 */
        else join = 1;                                                            /* SB998 */
        if (!join) return i;
        if (cb & SB_SATERM) {
            term = TERM_CLOSE;
            aterm = cur == RC_SB_ATerm;
        } else if (cur == RC_SB_Close && term == TERM_CLOSE) {
            /* stays */
        } else if (cur == RC_SB_Sp && term != TERM_NONE) {
            term = TERM_SP;
        } else {
            term = TERM_NONE;
        }
        eff2 = eff;
        eff = raw = cur;
        i += (size_t)n;
    }
    return len;
}

/* ---- Segment lists (the public API) ------------------------------------------------------ */

int rc_word_segment_kind(const unsigned char *s, size_t len, size_t start, size_t end)
{
    unsigned any = 0;
    unsigned all_space = RC_SEGP_SPACE;
    while (start < end) {
        unsigned q;
        start += (size_t)char_at(s, len, start, &q);
        if (q & RC_SEGP_WORDCHAR) return RC_SEG_WORDLIKE;
        all_space &= q;
        if ((q & RC_SEGP_EP) || RC_SEGP_WB(q) == RC_WB_Regional_Indicator) any = 1;
    }
    if (all_space) return RC_SEG_SPACE;
    return any ? RC_SEG_EMOJI : RC_SEG_OTHER;
}

size_t rc_seg_count_chars(const unsigned char *s, size_t len, size_t start, size_t end)
{
    size_t n = 0;
    while (start < end) {
        if (s[start] < 0x80) {
            start++;
        } else {
            int32_t cp;
            start += (size_t)rc_seg_decode(s, len, start, &cp);
        }
        n++;
    }
    return n;
}

int rc_segment(rc_seg_kind kind, const char *text, size_t len, unsigned options, rc_spans *out)
{
    if (!out || (!text && len) || (options & ~RC_OFFSETS_CODEPOINTS)) return RC_EINVAL;
    size_t (*next)(const unsigned char *, size_t, size_t);
    switch (kind) {
    case RC_SEG_GRAPHEME: next = rc_next_grapheme_boundary; break;
    case RC_SEG_WORD: next = rc_next_word_boundary; break;
    case RC_SEG_SENTENCE: next = rc_next_sentence_boundary; break;
    default: return RC_EINVAL;
    }
    const unsigned char *s = (const unsigned char *)text;
    int cps = (options & RC_OFFSETS_CODEPOINTS) != 0;
    size_t pos = 0, index = 0;
    out->count = 0;
    while (pos < len) {
        size_t end = next(s, len, pos);
        if (out->count == out->cap_) {
            int rc = rc_spans_reserve(out, 1);
            if (rc) {
                out->count = 0;
                return rc;
            }
        }
        uint8_t k = kind == RC_SEG_WORD ? (uint8_t)rc_word_segment_kind(s, len, pos, end) : 0;
        if (cps) {
            size_t chars = rc_seg_count_chars(s, len, pos, end);
            rc_spans_push(out, (int64_t)index, (int64_t)(index + chars), k);
            index += chars;
        } else {
            rc_spans_push(out, (int64_t)pos, (int64_t)end, k);
        }
        pos = end;
    }
    return RC_OK;
}
