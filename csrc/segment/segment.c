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
#include "segment/segment.h"

#include "base/alloc.h"
#include "gen/segment_tables.h"
#include "base/spans.h"
#include "base/utf8.h"

#include <string.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

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

/* at_boundary: pos is known to be a grapheme boundary, so the run of regional indicators right
 * before it, if any, has even length (GB12/13 break only between pairs) and need not be counted. */
static size_t grapheme_next(const unsigned char *s, size_t len, size_t pos, int at_boundary)
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
    } else if (ri && !at_boundary) {
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

size_t rc_next_grapheme_boundary(const unsigned char *s, size_t len, size_t pos)
{
    return grapheme_next(s, len, pos, 0);
}

size_t rc_grapheme_boundary_step(const unsigned char *s, size_t len, size_t pos)
{
    return grapheme_next(s, len, pos, 1);
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
static inline int ascii_wordish(unsigned b) { return rc_seg_ascii_wflags[b] & 1u; }

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

/* The general path of rc_next_word_boundary: the context from before pos, then the rules.
 * at_boundary: pos is a word boundary, so an even number of regional indicators come right before
 * it (WB15/16) and the run need not be counted. */
static RC_NOINLINE size_t word_boundary_general(const unsigned char *s, size_t len, size_t pos,
                                                int at_boundary)
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
        if (!at_boundary)
            for (size_t j = eff_start; wb_effective_before(s, len, j, &st) == RC_WB_Regional_Indicator;
                 j = st)
                ri++;
    }
    return word_rules(s, len, i, raw, eff, eff2, ri);
}

static inline size_t word_next(const unsigned char *s, size_t len, size_t pos, int at_boundary)
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
    return word_boundary_general(s, len, pos, at_boundary);
}

size_t rc_next_word_boundary(const unsigned char *s, size_t len, size_t pos)
{
    return word_next(s, len, pos, 0);
}

size_t rc_word_boundary_step(const unsigned char *s, size_t len, size_t pos)
{
    return word_next(s, len, pos, 1);
}

/* Branchless word boundaries inside a stretch of ASCII. Between ASCII characters the word rules
 * reduce to bit operations on the flags of rc_seg_ascii_wflags, for the candidate boundary
 * between x and y in "w x | y z":
 *   x & y & (1 | 32)              WB5/8/9/10/13a/13b (letters, digits, '_'), WB3d (spaces)
 *   x & (y >> 2) & z & (2 | 4)    WB6, WB12: letter (mid) letter, digit (mid) digit, looking ahead
 *   w & (x >> 2) & y & (2 | 4)    WB7, WB11: the same, looking back
 *   (x >> 6) & (y >> 7) & 1       WB3: CR LF
 * (">> 2" moves the "mid between letters" flag 8 onto the letter flag 2, and the "mid between
 * digits" flag 16 onto the digit flag 4.) */
static inline unsigned ascii_join(unsigned w, unsigned x, unsigned y, unsigned z)
{
    return (x & y & 33u) | (w & (x >> 2) & y & 6u) | (x & (y >> 2) & z & 6u) |
           ((x >> 6) & (y >> 7) & 1u);
}

#if defined(__SSE2__)
/* The same flags for 64 bytes at once, as bit masks (bit j: byte p[j]), from SSE2 comparisons
 * against the ASCII members of each Word_Break class. tools/gen_segment_tables.py checks that
 * these are still the ASCII members of the classes in the data. */
typedef struct {
    uint64_t word, letter, digit, mid_letter, mid_num, space, cr, lf, high;
} ascii_masks;

static inline uint64_t movemask64(__m128i m, int shift)
{
    return (uint64_t)(unsigned)_mm_movemask_epi8(m) << shift;
}

static inline void ascii_masks64(const unsigned char *p, ascii_masks *m)
{
    memset(m, 0, sizeof *m);
    for (int q = 0; q < 4; q++) {
        __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(p + 16 * q));
        __m128i folded = _mm_or_si128(v, _mm_set1_epi8(0x20)); /* A-Z -> a-z */
        __m128i letter = _mm_and_si128(_mm_cmpgt_epi8(folded, _mm_set1_epi8('a' - 1)),
                                       _mm_cmplt_epi8(folded, _mm_set1_epi8('z' + 1)));
        __m128i digit = _mm_and_si128(_mm_cmpgt_epi8(v, _mm_set1_epi8('0' - 1)),
                                      _mm_cmplt_epi8(v, _mm_set1_epi8('9' + 1)));
        __m128i under = _mm_cmpeq_epi8(v, _mm_set1_epi8('_'));
        __m128i both = _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('.')),
                                    _mm_cmpeq_epi8(v, _mm_set1_epi8('\'')));
        __m128i midl = _mm_or_si128(both, _mm_cmpeq_epi8(v, _mm_set1_epi8(':')));
        __m128i midn = _mm_or_si128(both, _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8(',')),
                                                       _mm_cmpeq_epi8(v, _mm_set1_epi8(';'))));
        int sh = 16 * q;
        m->letter |= movemask64(letter, sh);
        m->digit |= movemask64(digit, sh);
        m->word |= movemask64(_mm_or_si128(_mm_or_si128(letter, digit), under), sh);
        m->mid_letter |= movemask64(midl, sh);
        m->mid_num |= movemask64(midn, sh);
        m->space |= movemask64(_mm_cmpeq_epi8(v, _mm_set1_epi8(' ')), sh);
        m->cr |= movemask64(_mm_cmpeq_epi8(v, _mm_set1_epi8('\r')), sh);
        m->lf |= movemask64(_mm_cmpeq_epi8(v, _mm_set1_epi8('\n')), sh);
        m->high |= movemask64(v, sh);
    }
}

/* ascii_join for the 64 candidates of a window at once: bit j is set when the boundary between
 * bytes j-1 and j is joined (bits shifted in from outside the window are zero). */
static inline uint64_t ascii_join64(const ascii_masks *m)
{
    uint64_t L = m->letter, N = m->digit;
    return ((m->word << 1) & m->word) | ((m->space << 1) & m->space) | ((m->cr << 1) & m->lf) |
           ((L << 1) & m->mid_letter & (L >> 1)) | ((N << 1) & m->mid_num & (N >> 1)) |
           ((L << 2) & (m->mid_letter << 1) & L) | ((N << 2) & (m->mid_num << 1) & N);
}
#endif

size_t rc_word_boundaries(const unsigned char *s, size_t len, size_t pos, int at_boundary, size_t *out,
                          size_t cap)
{
    size_t k = 0;
    if (!cap || pos >= len) return 0;
    pos = out[k++] = word_next(s, len, pos, at_boundary); /* from pos to a boundary */
    while (k < cap && pos < len) {
        /* Candidates i after pos whose characters w x y z are all ASCII are decided without
         * the general rules. The characters before pos do not matter, as pos is a boundary
         * (nothing there can make WB7 or WB11 join), so they count as "no flags". Room is kept
         * for the general step that follows. */
        size_t k0 = k, i = pos + 1;
        int reached_non_ascii = 0;
#if defined(__SSE2__)
        /* 64-byte windows starting at a: candidates a+j for j in [jlo, 63), the last one
         * needing byte 63 as its z. The next window overlaps by three bytes. */
        size_t a = pos, jlo = 1;
        while (a + 64 <= len && cap - k > 64) {
            ascii_masks m;
            ascii_masks64(s + a, &m);
            size_t jhi = 63;
            if (m.high) {
                size_t t = (size_t)__builtin_ctzll(m.high); /* first non-ASCII byte */
                jhi = t > jlo + 1 ? t - 1 : jlo;
                reached_non_ascii = 1;
            }
            uint64_t range = (jhi >= 64 ? ~0ull : ((1ull << jhi) - 1)) & ~((1ull << jlo) - 1);
            uint64_t breaks = ~ascii_join64(&m) & range;
            while (breaks) {
                out[k++] = a + (size_t)__builtin_ctzll(breaks);
                breaks &= breaks - 1;
            }
            i = a + jhi;
            if (reached_non_ascii) break;
            a += 61;
            jlo = 2;
        }
#endif
        if (!reached_non_ascii) {
            size_t stop = len - 1;
            if (stop > i + (cap - k) - 1) stop = i + (cap - k) - 1;
            if (i < stop && (s[i - 1] | s[i]) < 0x80) {
                unsigned w = i >= pos + 2 ? rc_seg_ascii_wflags[s[i - 2]] : 0;
                unsigned x = rc_seg_ascii_wflags[s[i - 1]], y = rc_seg_ascii_wflags[s[i]];
                for (; i < stop; i++) {
                    unsigned c = s[i + 1];
                    if (c >= 0x80) break;
                    unsigned z = rc_seg_ascii_wflags[c];
                    out[k] = i;
                    k += !ascii_join(w, x, y, z);
                    w = x;
                    x = y;
                    y = z;
                }
            }
        }
        if (k > k0) pos = out[k - 1];
        /* The segment that starts at pos and reaches past what was decided: the general rules. */
        pos = out[k++] = word_next(s, len, pos, 1);
    }
    return k;
}

/* ---- Sentences (UAX #29 section 5.1.1) --------------------------------------------------- */

#define SB_PARASEP (BIT(RC_SB_Sep) | BIT(RC_SB_CR) | BIT(RC_SB_LF))
#define SB_IGNORED (BIT(RC_SB_Extend) | BIT(RC_SB_Format)) /* by SB5 */
#define SB_SATERM (BIT(RC_SB_STerm) | BIT(RC_SB_ATerm))
/* What ends the lookahead of SB8: ( ¬(OLetter | Upper | Lower | ParaSep | SATerm) )* */
#define SB8_STOP (BIT(RC_SB_OLetter) | BIT(RC_SB_Upper) | BIT(RC_SB_Lower) | SB_PARASEP | SB_SATERM)
#define SB_NONE (-1)
#define SB_ASCII_STOP (SB_PARASEP | SB_SATERM) /* what ends the ASCII fast path */

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
        /* Fast path: outside a terminator sequence, ASCII other than . ! ? CR LF is joined
         * (SB998) — nothing else can apply when the character before is not ParaSep. */
        if (term == TERM_NONE && !(BIT(raw) & SB_PARASEP) && s[i] < 0x80 &&
            !(BIT(RC_SEGP_SB(rc_seg_ascii[s[i]])) & SB_ASCII_STOP)) {
            size_t j = i + 1;
            while (j < len && s[j] < 0x80 && !(BIT(RC_SEGP_SB(rc_seg_ascii[s[j]])) & SB_ASCII_STOP))
                j++;
            eff2 = j - i >= 2 ? RC_SEGP_SB(rc_seg_ascii[s[j - 2]]) : eff;
            eff = raw = RC_SEGP_SB(rc_seg_ascii[s[j - 1]]);
            i = j;
            continue;
        }
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

/* The first byte >= 0x80 at or after pos, or len. */
static size_t next_high_byte(const unsigned char *s, size_t len, size_t pos)
{
    while (pos + 8 <= len) {
        uint64_t w;
        memcpy(&w, s + pos, 8);
        if (w & 0x8080808080808080ull) break;
        pos += 8;
    }
    while (pos < len && s[pos] < 0x80) pos++;
    return pos;
}

/* rc_word_segment_kind with the common ASCII cases decided from the first byte. */
static inline uint8_t word_kind(const unsigned char *s, size_t len, size_t start, size_t end)
{
    unsigned b = s[start];
    if (b < 0x80) {
        if (rc_seg_ascii_wflags[b] & 6u) return RC_SEG_WORDLIKE; /* a letter or digit */
        if (end == start + 1)
            return (rc_seg_ascii[b] & RC_SEGP_SPACE) ? RC_SEG_SPACE : RC_SEG_OTHER;
    }
    return (uint8_t)rc_word_segment_kind(s, len, start, end);
}

int rc_segment(rc_seg_kind kind, const char *text, size_t len, unsigned options, rc_spans *out)
{
    if (!out || (!text && len) || (options & ~RC_OFFSETS_CODEPOINTS)) return RC_EINVAL;
    size_t (*next)(const unsigned char *, size_t, size_t);
    switch (kind) {
    case RC_SEG_GRAPHEME: next = rc_grapheme_boundary_step; break;
    case RC_SEG_WORD: next = rc_word_boundary_step; break;
    case RC_SEG_SENTENCE: next = rc_next_sentence_boundary; break;
    default: return RC_EINVAL;
    }
    const unsigned char *s = (const unsigned char *)text;
    int cps = (options & RC_OFFSETS_CODEPOINTS) != 0;
    /* Code points: a segment before the next non-ASCII byte has as many as bytes. Past it, in
     * valid UTF-8 they are the bytes that are not continuation bytes; only invalid text needs
     * the decoder to count its maximal subparts. */
    size_t high = cps ? next_high_byte(s, len, 0) : len;
    int valid = high == len || rc_utf8_validate(text, len, NULL) == RC_OK;
    size_t pos = 0, index = 0;
    size_t bounds[256], nb = 0, bi = 0; /* words: boundaries found in batches */
    /* The list is filled through local copies: stores through int64_t pointers could alias
     * the size_t fields of *out, which would make the compiler reload them for every span. */
    int64_t *starts = out->start, *ends = out->end;
    uint8_t *kinds = out->kind;
    size_t count = 0, cap = out->cap_;
    while (pos < len) {
        size_t end;
        if (kind == RC_SEG_WORD) {
            if (bi == nb) {
                nb = rc_word_boundaries(s, len, pos, 1, bounds, sizeof bounds / sizeof bounds[0]);
                bi = 0;
            }
            end = bounds[bi++];
        } else {
            end = next(s, len, pos);
        }
        if (count == cap) {
            out->count = count;
            int rc = rc_spans_reserve(out, 1);
            if (rc) {
                out->count = 0;
                return rc;
            }
            starts = out->start;
            ends = out->end;
            kinds = out->kind;
            cap = out->cap_;
        }
        kinds[count] = kind == RC_SEG_WORD ? word_kind(s, len, pos, end) : 0;
        if (cps) {
            size_t chars = end - pos;
            if (end > high) {
                if (valid) {
                    chars = high - pos;
                    for (size_t i = high; i < end; i++) chars += (s[i] & 0xC0) != 0x80;
                } else {
                    chars = rc_seg_count_chars(s, len, pos, end);
                }
                high = next_high_byte(s, len, end);
            }
            starts[count] = (int64_t)index;
            index += chars;
            ends[count] = (int64_t)index;
        } else {
            starts[count] = (int64_t)pos;
            ends[count] = (int64_t)end;
        }
        count++;
        pos = end;
    }
    out->count = count;
    return RC_OK;
}
