/* sentence_evidence.c — small pieces of evidence that the prose splitter (sentences.c) decides a
 * terminator on. Each looks at a few bytes around a candidate, never further than a bounded
 * distance, so the splitter stays linear in its input. */
#include <string.h>

#include "sentences/sentences.h"
#include "base/spans.h"
#include "tokenize/abbrev.h"
#include "tokenize/emoticon.h"

static int is_ascii_space(unsigned c)
{
    return c == ' ' || (c >= '\t' && c <= '\r');
}

int sent_is_bullet(int32_t cp)
{
    return cp == '-' || cp == '*' || cp == 0x2022 || cp == 0x25E6 || cp == 0x25AA || cp == 0x25CF ||
           cp == 0x2023 || cp == 0x2043 || cp == 0x2013 || cp == 0x2014 || cp == 0xB7;
}

size_t sent_emoticon(const sent *st, size_t i)
{
    return rc_emoticon_len(st->s, st->len, i);
}

size_t sent_citation(const sent *st, size_t i)
{
    const unsigned char *s = st->s;
    size_t len = st->len, j = i;
    while (j < len && s[j] == '[') {
        size_t d = j + 1;
        while (d < len && d - j <= 3 && s[d] >= '0' && s[d] <= '9') d++;
        if (d == j + 1 || d >= len || s[d] != ']') break;
        j = d + 1;
    }
    return j - i;
}

size_t sent_omission(const sent *st, size_t i)
{
    const unsigned char *s = st->s;
    size_t len = st->len;
    if (i + 4 < len && s[i + 1] == '.' && s[i + 2] == '.' && s[i + 3] == '.' && s[i + 4] == ']') return 5;
    if (i + 4 < len && s[i + 1] == 0xE2 && s[i + 2] == 0x80 && s[i + 3] == 0xA6 && s[i + 4] == ']') return 5;
    return 0;
}

size_t sent_footnote(const sent *st, size_t i)
{
    const unsigned char *s = st->s;
    size_t len = st->len, d = i;
    while (d < len && d - i < 3 && s[d] >= '0' && s[d] <= '9') d++;
    if (d - i > 2 || d + 3 >= len || s[d] != ' ' || s[d + 1] < 'A' || s[d + 1] > 'Z') return 0;
    size_t e = d + 1;
    while (e < len && e - d < 16 && (s[e] | 0x20) >= 'a' && (s[e] | 0x20) <= 'z') e++;
    if (e + 1 >= len || s[e] != ' ' || s[e + 1] < 'a' || s[e + 1] > 'z' || e - d < 3 ||
        !rc_sentence_starter(s + d + 1, e - d - 1))
        return 0;
    return d - i;
}

int sent_dash_aside(const sent *st, size_t i)
{
    const unsigned char *s = st->s;
    size_t len = st->len, j = i;
    if (j < len && s[j] == '-') {
        while (j < len && j - i < 3 && s[j] == '-') j++;
    } else if (j + 2 < len && s[j] == 0xE2 && s[j + 1] == 0x80 && (s[j + 2] == 0x93 || s[j + 2] == 0x94)) {
        j += 3; /* – — */
    } else {
        return 0;
    }
    if (j >= len || !is_ascii_space(s[j])) return 0;
    while (j < len && is_ascii_space(s[j])) j++;
    int n;
    return j < len && ts_is_lower(sent_char(st, j, &n));
}

int sent_spaced_dots(const sent *st, size_t p, size_t *end)
{
    const unsigned char *s = st->s;
    int k = 1;
    size_t j = p + 1;
    while (j + 1 < st->len && s[j] == ' ' && s[j + 1] == '.') {
        k++;
        j += 2;
    }
    *end = j;
    return k;
}

int sent_words(const sent *st, size_t a, size_t p, int cap)
{
    int words = 0, in_word = 0;
    for (size_t i = p; i > a && words < cap; i--) {
        int sp = is_ascii_space(st->s[i - 1]);
        if (!sp && !in_word) words++;
        in_word = !sp;
    }
    return words;
}

/* A marker token s[a..e): 1-3 digits (kind 1) or one lower-case ASCII letter (kind 2); its value. */
static int marker_token(const sent *st, size_t a, size_t e, unsigned *value)
{
    const unsigned char *s = st->s;
    if (e == a + 1 && s[a] >= 'a' && s[a] <= 'z') {
        *value = (unsigned)(s[a] - 'a' + 1);
        return 2;
    }
    if (e <= a || e - a > 3) return 0;
    unsigned v = 0;
    for (size_t i = a; i < e; i++) {
        if (s[i] < '0' || s[i] > '9') return 0;
        v = v * 10 + (unsigned)(s[i] - '0');
    }
    *value = v;
    return 1;
}

/* The marker punctuation at e: "." (1), ")" (2) or ".)" (3) followed by white space; sets *after. */
static int marker_style(const sent *st, size_t e, size_t *after)
{
    const unsigned char *s = st->s;
    int style = 0;
    if (e < st->len && s[e] == '.') {
        style = 1;
        e++;
        if (e < st->len && s[e] == ')') style = 3, e++;
    } else if (e < st->len && s[e] == ')') {
        style = 2;
        e++;
    }
    *after = e;
    return style && e < st->len && is_ascii_space(s[e]) ? style : 0;
}

void sent_list_open(sent *st, size_t i)
{
    const unsigned char *s = st->s;
    size_t len = st->len, j = i;
    int bullet = 0;
    st->list_kind = 0;
    st->marker_end = NONE;
    if (i >= len) return;
    if (s[i] >= 0x80 || s[i] == '-' || s[i] == '*') {
        int n;
        if (!sent_is_bullet(sent_char(st, i, &n))) return;
        bullet = 1;
        j += (size_t)n;
        while (j < len && s[j] == ' ') j++;
    }
    size_t e = j;
    while (e < len && e - j <= 3 && ((s[e] >= '0' && s[e] <= '9') || (s[e] >= 'a' && s[e] <= 'z'))) e++;
    unsigned v;
    int kind = marker_token(st, j, e, &v);
    size_t after;
    int style = kind ? marker_style(st, e, &after) : 0;
    if (!style) return;
    st->list_kind = kind | style << 2 | bullet << 4;
    st->list_next = v + 1;
    st->marker_end = after;
}

size_t sent_list_next(const sent *st, size_t p)
{
    const unsigned char *s = st->s;
    if (!st->list_kind || p <= st->start) return NONE;
    int kind = st->list_kind & 3, style = st->list_kind >> 2 & 3, bullet = st->list_kind >> 4 & 1;
    size_t e = p;
    if (s[p] == ')' && p > 0 && s[p - 1] == '.') e = p - 1;
    size_t after;
    if (marker_style(st, e, &after) != style) return NONE;
    size_t a = e;
    while (a > st->start && e - a < 3 && ((s[a - 1] >= '0' && s[a - 1] <= '9') || (s[a - 1] >= 'a' && s[a - 1] <= 'z')))
        a--;
    unsigned v;
    if (marker_token(st, a, e, &v) != kind || v != st->list_next || a <= st->start) return NONE;
    size_t item = a;
    if (bullet) {
        /* "• 10." or "⁃10.": the bullet, a space or not, after white space */
        size_t b = a;
        if (b > st->start && s[b - 1] == ' ') b--;
        if (b <= st->start) return NONE;
        size_t pb = ts_prev(s, st->len, b);
        int n;
        if (!sent_is_bullet(sent_char(st, pb, &n))) return NONE;
        item = pb;
    }
    if (item <= st->start || !is_ascii_space(s[item - 1])) return NONE;
    return item;
}

int sent_inside_token(sent *st, size_t q)
{
    const unsigned char *s = st->s;
    size_t a = q, b = q;
    /* the chunk of non-space bytes around q, at most 256 bytes each way */
    while (a > 0 && q - a < 256 && !is_ascii_space(s[a - 1])) a--;
    while (b < st->len && b - q < 256 && !is_ascii_space(s[b])) b++;
    int rc = rc_tokenize((const char *)s + a, b - a, 0, &st->scratch);
    if (rc) {
        st->rc = rc;
        return 1;
    }
    int64_t at = (int64_t)(q - a);
    for (size_t k = 0; k < st->scratch.count; k++) {
        if (st->scratch.start[k] >= at) break;
        if (st->scratch.end[k] <= at) continue;
        int kind = st->scratch.kind[k];
        return kind == RC_TOK_URL || kind == RC_TOK_EMAIL || kind == RC_TOK_NUMBER || kind == RC_TOK_ABBREV;
    }
    return 0;
}

/* Lower-cased ASCII word s[a..e) into w (at most 15 bytes); 0 if it is no ASCII word. */
static int ascii_word(const unsigned char *s, size_t a, size_t e, char *w)
{
    if (e <= a || e - a > 15) return 0;
    for (size_t i = a; i < e; i++) {
        unsigned c = s[i] | 0x20;
        if (c < 'a' || c > 'z') return 0;
        w[i - a] = (char)c;
    }
    w[e - a] = '\0';
    return 1;
}

static int in_list(const char *w, const char *const *list)
{
    for (; *list; list++)
        if (strcmp(w, *list) == 0) return 1;
    return 0;
}

/* Words that open a salutation ("Dear Nina,", "Hi all,", "Hello dear list members,"). */
static const char *const openers[] = {"dear", "hi", "hello", "hey", "greetings", NULL};
/* The words of a valediction ("Best regards,", "Thank you,", "Sincerely,", "Yours truly,"), and
 * the words one may end with. */
static const char *const closing_words[] = {"all", "best", "cheers", "faithfully", "kind", "kindest",
                                            "love", "many", "regards", "respectfully", "sincerely",
                                            "thank", "thanks", "truly", "very", "warm", "warmest",
                                            "wishes", "with", "you", "yours", NULL};
static const char *const closing_last[] = {"cheers", "faithfully", "regards", "respectfully",
                                           "sincerely", "thanks", "truly", "wishes", "you", "yours",
                                           NULL};

/* The length of w if the text at a is the word w (ignoring ASCII case) followed by a space or a
 * comma, else 0. */
static size_t word_at(const unsigned char *s, size_t len, size_t a, const char *w, size_t n)
{
    if (a + n >= len || (s[a + n] != ' ' && s[a + n] != ',')) return 0;
    for (size_t i = 0; i < n; i++)
        if ((unsigned)(s[a + i] | 0x20) != (unsigned char)w[i]) return 0;
    return n;
}

#define AT(w) word_at(s, len, a, w, sizeof w - 1)

/* The length of the word at a if a salutation or valediction may open with it, else 0. Run at
 * every sentence start: a switch on the first letter, and most words differ from the few
 * candidates in their second or third letter. */
static size_t first_word_listed(const unsigned char *s, size_t len, size_t a)
{
    size_t n;
    switch (s[a] | 0x20) {
    case 'a': return AT("all");
    case 'b': return AT("best");
    case 'c': return AT("cheers");
    case 'd': return AT("dear");
    case 'f': return AT("faithfully");
    case 'g': return AT("greetings");
    case 'h': return (n = AT("hi")) || (n = AT("hello")) || (n = AT("hey")) ? n : 0;
    case 'k': return (n = AT("kind")) || (n = AT("kindest")) ? n : 0;
    case 'l': return AT("love");
    case 'm': return AT("many");
    case 'r': return (n = AT("regards")) || (n = AT("respectfully")) ? n : 0;
    case 's': return AT("sincerely");
    case 't': return (n = AT("thank")) || (n = AT("thanks")) || (n = AT("truly")) ? n : 0;
    case 'v': return AT("very");
    case 'w': return (n = AT("warm")) || (n = AT("warmest")) || (n = AT("with")) ? n : 0;
    case 'y': return AT("yours");
    default: return 0;
    }
}

#undef AT

size_t sent_letter_open(const sent *st, size_t i)
{
    const unsigned char *s = st->s;
    size_t len = st->len;
    if (i >= len || s[i] < 'A' || s[i] > 'Z') return NONE;
    size_t e = i + first_word_listed(s, len, i);
    if (e == i) return NONE;
    size_t c = e;
    while (c < len && c - i <= 40 && s[c] != ',' && s[c] != ':' && s[c] != '\n' && s[c] != '.') c++;
    if (c >= len || (s[c] != ',' && s[c] != ':') || c + 2 >= len || s[c + 1] != ' ') return NONE;
    /* a colon after a salutation only ("Dear Hannah: We are back") */
    if (s[c] == ':' && !((s[i] | 0x20) == 'd' || (s[i] | 0x20) == 'h' || (s[i] | 0x20) == 'g')) return NONE;
    size_t r = c + 1;
    while (r < len && s[r] == ' ') r++;
    if (r >= len || s[r] < 'A' || s[r] > 'Z') return NONE;
    /* not before a title ("Thank you, Mr. President") */
    size_t w = r;
    while (w < len && w - r < 8 && ((s[w] | 0x20) >= 'a' && (s[w] | 0x20) <= 'z')) w++;
    if (w < len && s[w] == '.' && rc_abbrev_class(s + r, w - r) == RC_ABBR_TITLE) return NONE;
    return sent_letter_comma(st, i, c) ? c + 1 : NONE;
}

int sent_letter_comma(const sent *st, size_t a, size_t p)
{
    const unsigned char *s = st->s;
    if (a == NONE || a >= p || p - a > 40) return 0;
    char w[16], first[16] = "";
    int words = 0, all_closing = 1;
    size_t i = a;
    while (i < p) {
        while (i < p && s[i] == ' ') i++;
        size_t e = i;
        while (e < p && s[e] != ' ') e++;
        if (e == i) break;
        if (++words > 4) return 0;
        int ok = ascii_word(s, i, e, w);
        if (words == 1) {
            if (!ok || s[i] < 'A' || s[i] > 'Z') return 0;
            strcpy(first, w);
        }
        if (!ok || !in_list(w, closing_words)) all_closing = 0;
        i = e;
    }
    if (in_list(first, openers)) return 1;
    return s[p] == ',' && all_closing && in_list(w, closing_last);
}

/* ---- Headings -------------------------------------------------------------------------------- */

/* Whether s[a..e) is a function word that a title keeps in lower case ("How to Tell a Joke",
 * "Division of Labor"); in lower case only, unless any_case. The word, lower-cased, is packed
 * into an integer that a switch compares: a few instructions per word. */
#define PACK(a, b, c, d) ((uint32_t)(a) | (uint32_t)(b) << 8 | (uint32_t)(c) << 16 | (uint32_t)(d) << 24)
static inline int title_function_word(const unsigned char *s, size_t a, size_t e, int any_case)
{
    if (e - a > 4 || (!any_case && (s[a] < 'a' || s[a] > 'z'))) return 0;
    uint32_t key = 0;
    for (size_t i = a; i < e; i++) key |= (uint32_t)(s[i] | 0x20) << (8 * (i - a));
    switch (key) {
    case PACK('a', 0, 0, 0): case PACK('a', 'n', 0, 0): case PACK('a', 'n', 'd', 0):
    case PACK('a', 's', 0, 0): case PACK('a', 't', 0, 0): case PACK('b', 'u', 't', 0):
    case PACK('b', 'y', 0, 0): case PACK('f', 'o', 'r', 0): case PACK('f', 'r', 'o', 'm'):
    case PACK('i', 'n', 0, 0): case PACK('i', 'n', 't', 'o'): case PACK('n', 'o', 'r', 0):
    case PACK('o', 'f', 0, 0): case PACK('o', 'n', 0, 0): case PACK('o', 'r', 0, 0):
    case PACK('p', 'e', 'r', 0): case PACK('t', 'h', 'e', 0): case PACK('t', 'o', 0, 0):
    case PACK('v', 'i', 'a', 0): case PACK('v', 's', 0, 0): case PACK('w', 'i', 't', 'h'):
        return 1;
    default:
        return 0;
    }
}
#undef PACK

int sent_function_word(const unsigned char *s, size_t a, size_t e)
{
    return e > a && title_function_word(s, a, e, 0);
}

/* Bytes of a plain word: ASCII letters and digits (1), and the apostrophe and hyphen inside one
 * ("Who's", "paper-type") (2). */
static const uint8_t plain[256] = {
    ['0'] = 1, ['1'] = 1, ['2'] = 1, ['3'] = 1, ['4'] = 1, ['5'] = 1, ['6'] = 1, ['7'] = 1, ['8'] = 1,
    ['9'] = 1, ['A'] = 1, ['B'] = 1, ['C'] = 1, ['D'] = 1, ['E'] = 1, ['F'] = 1, ['G'] = 1, ['H'] = 1,
    ['I'] = 1, ['J'] = 1, ['K'] = 1, ['L'] = 1, ['M'] = 1, ['N'] = 1, ['O'] = 1, ['P'] = 1, ['Q'] = 1,
    ['R'] = 1, ['S'] = 1, ['T'] = 1, ['U'] = 1, ['V'] = 1, ['W'] = 1, ['X'] = 1, ['Y'] = 1, ['Z'] = 1,
    ['a'] = 1, ['b'] = 1, ['c'] = 1, ['d'] = 1, ['e'] = 1, ['f'] = 1, ['g'] = 1, ['h'] = 1, ['i'] = 1,
    ['j'] = 1, ['k'] = 1, ['l'] = 1, ['m'] = 1, ['n'] = 1, ['o'] = 1, ['p'] = 1, ['q'] = 1, ['r'] = 1,
    ['s'] = 1, ['t'] = 1, ['u'] = 1, ['v'] = 1, ['w'] = 1, ['x'] = 1, ['y'] = 1, ['z'] = 1,
    ['\''] = 2, ['-'] = 2};

/* Where a capitalized word (a capital letter, a lower-case one) follows a space in
 * s[i+1 .. i+33): bit j for position i+1+j. Where a heading's sentence-starter word would begin;
 * most sentences have none there ("I", "UN" and "U.S." are no such words), and are decided on
 * this alone. */
#if defined(__SSE2__)
#include <emmintrin.h>
static uint32_t capital_ahead(const unsigned char *s, size_t len, size_t i)
{
    unsigned char pad[48];
    if (i + 35 > len) { /* near the end: a copy, padded with zeros */
        if (i + 2 >= len) return 0;
        memset(pad, 0, sizeof pad);
        memcpy(pad, s + i, len - i);
        s = pad, i = 0;
    }
    const __m128i space = _mm_set1_epi8(' '), below = _mm_set1_epi8('A' - 1), above = _mm_set1_epi8('Z' + 1);
    const __m128i below_l = _mm_set1_epi8('a' - 1), above_l = _mm_set1_epi8('z' + 1);
    unsigned bits = 0;
    for (int h = 0; h < 2; h++) {
        const unsigned char *q = s + i + 1 + 16 * h;
        __m128i v = _mm_loadu_si128((const __m128i *)(const void *)q);
        __m128i b = _mm_loadu_si128((const __m128i *)(const void *)(q - 1));
        __m128i n = _mm_loadu_si128((const __m128i *)(const void *)(q + 1));
        __m128i m = _mm_and_si128(_mm_cmpeq_epi8(b, space),
                                  _mm_and_si128(_mm_cmpgt_epi8(v, below), _mm_cmplt_epi8(v, above)));
        m = _mm_and_si128(m, _mm_and_si128(_mm_cmpgt_epi8(n, below_l), _mm_cmplt_epi8(n, above_l)));
        bits |= (unsigned)_mm_movemask_epi8(m) << (16 * h);
    }
    return bits;
}
#else
static int capital_word(const unsigned char *s, size_t j)
{
    return s[j] >= 'A' && s[j] <= 'Z' && s[j - 1] == ' ' && s[j + 1] >= 'a' && s[j + 1] <= 'z';
}

static uint32_t capital_ahead(const unsigned char *s, size_t len, size_t i)
{
    uint32_t bits = 0;
    for (size_t j = i + 1; j + 1 < len && j < i + 33; j++)
        if (capital_word(s, j)) bits |= 1u << (j - i - 1);
    return bits;
}
#endif

/* The names of document sections that encyclopedias, papers, travel and how-to guides put on a
 * line of their own, by length (4 to 16 letters). Not "Climate" or "Economy", which open names
 * in running text ("Climate Change", "Economy Ministry"). */
static const char *const sections[17] = {
    [4] = "Tips",
    [5] = "Steps",
    [7] = "Methods Preface Results",
    [8] = "Abstract Contents Epilogue Foreword Overview Prologue Synopsis Warnings",
    [9] = "Biography Etymology Geography",
    [10] = "Background Conclusion Discussion References Understand",
    [11] = "Conclusions Ingredients Methodology",
    [12] = "Architecture Bibliography Demographics Introduction",
    [15] = "Acknowledgments",
    [16] = "Acknowledgements"};

static int section_word(const unsigned char *s, size_t a, size_t e)
{
    size_t n = e - a;
    if (n >= 17 || !sections[n]) return 0;
    /* the names of one length, separated by a space: compare those with the same first letter */
    for (const char *w = sections[n];; w += n + 1) {
        if ((unsigned char)w[0] == s[a] && memcmp(w, s + a, n) == 0) return 1;
        if (w[n] == '\0') return 0;
    }
}

/* Whether the word s[a..e) is the pronoun "I" or one of its contractions ("I'm", "I've"). */
static int pronoun_i(const unsigned char *s, size_t a, size_t e)
{
    return s[a] == 'I' && (e == a + 1 || (e > a + 2 && s[a + 1] == '\'' && s[a + 2] >= 'a' && s[a + 2] <= 'z'));
}

size_t sent_heading(const sent *st, size_t i, int first)
{
    const unsigned char *s = st->s;
    size_t len = st->len, a = i, pa = NONE, pe = NONE; /* the word and the one before */
    if (!first && !capital_ahead(s, len, i)) return NONE; /* the first sentence: once a text */
    int title = 1, limit = first ? 8 : 3; /* the words before the starter, with lower-case ones */
    int shout = 1;                         /* every word so far in capitals ("LINK TO LEARNING") */
    size_t e0 = NONE;                      /* the end of the first word ("So" in "So then I") */
    int starters = 0;                      /* sentence starters among the words so far */
    int glue = 0;                          /* a lower-case function word so far */
    for (int k = 0; k < (first ? 20 : 12); k++) {
        size_t e = a;
        while (e < len && plain[s[e]]) e++;
        /* a word of its own, followed by one space and a word; in a text's first sentence a title
         * word may carry a colon ("Chapter Two: Master Lunre My father's") */
        size_t we = e;
        if (first && k > 0 && e < len && s[e] == ':' && e > a && s[a] >= 'A' && s[a] <= 'Z') we = e + 1;
        if (e == a || we + 1 >= len || s[we] != ' ' || plain[s[e - 1]] == 2 || s[we + 1] == ' ')
            return NONE;
        unsigned c = s[a];
        int cap = c >= 'A' && c <= 'Z';
        if (k == 0) {
            e0 = e;
            /* a section name before a capitalized word ("Background Mirelle is") */
            if (e + 2 < len && s[e] == ' ' && s[e + 1] >= 'A' && s[e + 1] <= 'Z' && s[e + 2] >= 'a' &&
                s[e + 2] <= 'z' && section_word(s, a, e))
                return e;
        }
        if (we == e && (cap || c <= '9')) {
            /* a sentence-starter word after a capitalized word, a lower-case word after it */
            unsigned r = s[e + 1];
            int mixed = cap && s[a + 1] >= 'a' && s[a + 1] <= 'z';
            if (k > 0 && mixed && (s[pa] <= 'Z' || !title)) {
                size_t re = e + 1;
                while (re < len && plain[s[re]]) re++;
                int next_lower = r >= 'a' && r <= 'z' && !title_function_word(s, e + 1, re, 0);
                /* after a title in capitals, or a text's first title of two capitalized words or
                 * more, the starter may come before a name ("LINK TO LEARNING The CIA website",
                 * "Student Government The Pennsylvania State University") */
                int loud = !next_lower && title && k >= 2 && r >= 'A' && r <= 'Z' &&
                           (shout || (first && !starters && s[pe - 1] != ':' && e == a + 3 && s[a] == 'T' &&
                                      s[a + 1] == 'h' && s[a + 2] == 'e'));
                if ((next_lower || loud) && !title_function_word(s, pa, pe, 1) &&
                    rc_sentence_starter(s + a, e - a))
                    return title || k <= limit ? pe : NONE;
            }
            /* in a text's first sentence, "I" after a title of two words or more ("Great service
             * I had", "The Beast I was"), unless the sentence opened with a starter ("So then I"), or
             * a title with lower-case words has a function word ("First of all I should") */
            if (first && k >= 2 && pronoun_i(s, a, e) && r >= 'a' && r <= 'z' && (title || (k <= 4 && !glue && !pronoun_i(s, i, e0) && !rc_sentence_starter(s + i, e0 - i))) &&
                (s[pa] <= 'Z' || !title) && !title_function_word(s, pa, pe, 1))
                return title || k <= limit ? pe : NONE;
            if (mixed) shout = 0;
        } else if (!cap && !title_function_word(s, a, e, 0)) {
            title = shout = 0;
            if (k >= limit) return NONE;
        } else if (!cap) {
            shout = 0;
            glue = 1;
        }
        /* the title's first word again, as the subject ("Coron Coron is"), in the first sentence */
        if (first && k == 0 && cap && e - a >= 3 && e + 1 + (e - a) < len && memcmp(s + a, s + e + 1, e - a) == 0 &&
            s[e + 1 + (e - a)] == ' ' && e + 2 + (e - a) < len && s[e + 2 + (e - a)] >= 'a' &&
            s[e + 2 + (e - a)] <= 'z')
            return e;
        if (first && cap && we == e) starters += rc_sentence_starter(s + a, e - a);
        pa = a, pe = we;
        a = we + 1;
    }
    return NONE;
}

/* ---- E-mail header stamps -------------------------------------------------------------------- */

static int is_digit(unsigned c)
{
    return c >= '0' && c <= '9';
}

size_t sent_stamp(const sent *st, size_t p, size_t *date)
{
    const unsigned char *s = st->s;
    size_t len = st->len, h = p;
    while (h > 0 && p - h < 2 && is_digit(s[h - 1])) h--;
    if (h == p || h < 2 || s[h - 1] != ' ' || p + 3 > len || !is_digit(s[p + 1]) || !is_digit(s[p + 2]))
        return NONE;
    size_t q = p + 3;
    int seconds = 0, ampm = 0;
    if (q + 2 < len && s[q] == ':' && is_digit(s[q + 1]) && is_digit(s[q + 2])) q += 3, seconds = 1;
    if (q + 2 < len && s[q] == ' ' && (s[q + 1] == 'A' || s[q + 1] == 'P') && s[q + 2] == 'M' &&
        (q + 3 == len || s[q + 3] == ' '))
        q += 3, ampm = 1;
    if ((!seconds && !ampm) || (q < len && s[q] != ' ')) return NONE;
    /* the date before it: d/d/yy, d/d/yyyy (one or two digits for the month and the day) */
    size_t e = h - 1, a = e;
    while (a > 0 && e - a < 10 && (is_digit(s[a - 1]) || s[a - 1] == '/')) a--;
    size_t n = e - a, y = e;
    while (y > a && is_digit(s[y - 1])) y--;
    if (n < 6 || (e - y != 2 && e - y != 4) || (a > 0 && !ts_is_space(s[a - 1]))) return NONE;
    int slashes = 0;
    for (size_t i = a; i < e; i++) slashes += s[i] == '/';
    if (slashes != 2 || s[a] == '/' || s[y - 1] != '/' || s[y - 2] == '/') return NONE;
    *date = a;
    return q;
}

/* ---- A name that opens a message -------------------------------------------------------------- */

/* The end of a capitalized ASCII word at a ("Tammi"), a if there is none. */
static size_t capitalized_word(const unsigned char *s, size_t len, size_t a)
{
    if (a + 1 >= len || s[a] < 'A' || s[a] > 'Z') return a;
    size_t e = a + 1;
    while (e < len && e - a < 16 && s[e] >= 'a' && s[e] <= 'z') e++;
    return e - a < 2 ? a : e;
}

size_t sent_name_comma(const sent *st, size_t i)
{
    const unsigned char *s = st->s;
    size_t len = st->len, a = i, pe = NONE, ends[3];
    for (int k = 0; k < 3; k++) {
        size_t e = capitalized_word(s, len, a);
        if (e == a || e + 3 >= len) return NONE;
        ends[k] = e;
        if (s[e] == ',') {
            /* then a capitalized sentence-starter word ("I" is no evidence: "Yeah, I know") */
            size_t r = e + 2, re = r + 1;
            if (s[e + 1] != ' ' || s[r] < 'A' || s[r] > 'Z') return NONE;
            while (re < len && re - r < 16 && s[re] >= 'a' && s[re] <= 'z') re++;
            if (re == r + 1 || !rc_sentence_starter(s + r, re - r)) return NONE;
            /* the names: no starter words, no adverbs ("However, The", "Unfortunately, This") */
            for (int j = 0; j <= k; j++) {
                size_t wa = j ? ends[j - 1] + 1 : i, we = ends[j];
                if ((s[we - 1] == 'y' && s[we - 2] == 'l') || rc_sentence_starter(s + wa, we - wa))
                    return NONE;
            }
            return k == 0 ? e + 1 : pe;
        }
        if (s[e] != ' ') return NONE;
        pe = e;
        a = e + 1;
    }
    return NONE;
}

/* ---- Datelines ---------------------------------------------------------------------------------- */

/* Whether s[a..e) is the name of a month (kind 1) or a weekday (kind 2), capitalized. A switch on
 * the first three letters, packed in an integer, finds the one name to compare. */
#define PACK3(a, b, c) ((uint32_t)(a) | (uint32_t)(b) << 8 | (uint32_t)(c) << 16)
static int calendar_word(const unsigned char *s, size_t a, size_t e)
{
    size_t n = e - a;
    if (n < 3 || n > 9) return 0;
    const char *name;
    int kind = 1;
    switch (PACK3(s[a], s[a + 1], s[a + 2])) {
    case PACK3('J', 'a', 'n'): name = "January"; break;
    case PACK3('F', 'e', 'b'): name = "February"; break;
    case PACK3('M', 'a', 'r'): name = "March"; break;
    case PACK3('A', 'p', 'r'): name = "April"; break;
    case PACK3('M', 'a', 'y'): name = "May"; break;
    case PACK3('J', 'u', 'n'): name = "June"; break;
    case PACK3('J', 'u', 'l'): name = "July"; break;
    case PACK3('A', 'u', 'g'): name = "August"; break;
    case PACK3('S', 'e', 'p'): name = "September"; break;
    case PACK3('O', 'c', 't'): name = "October"; break;
    case PACK3('N', 'o', 'v'): name = "November"; break;
    case PACK3('D', 'e', 'c'): name = "December"; break;
    case PACK3('M', 'o', 'n'): name = "Monday", kind = 2; break;
    case PACK3('T', 'u', 'e'): name = "Tuesday", kind = 2; break;
    case PACK3('W', 'e', 'd'): name = "Wednesday", kind = 2; break;
    case PACK3('T', 'h', 'u'): name = "Thursday", kind = 2; break;
    case PACK3('F', 'r', 'i'): name = "Friday", kind = 2; break;
    case PACK3('S', 'a', 't'): name = "Saturday", kind = 2; break;
    case PACK3('S', 'u', 'n'): name = "Sunday", kind = 2; break;
    default: return 0;
    }
    return strlen(name) == n && memcmp(name, s + a, n) == 0 ? kind : 0;
}
#undef PACK3

/* The end of a date at a: "[Weekday, ]Month D, YYYY" ("Friday, May 8, 2009", "August 19, 1975");
 * a if there is none. */
static size_t date_at(const unsigned char *s, size_t len, size_t a)
{
    if (a + 3 >= len) return a;
    size_t e = capitalized_word(s, len, a);
    int kind = e > a + 2 ? calendar_word(s, a, e) : 0;
    if (kind == 2) {
        if (e + 2 >= len || s[e] != ',' || s[e + 1] != ' ') return a;
        size_t m = e + 2;
        e = capitalized_word(s, len, m);
        if (e == m || calendar_word(s, m, e) != 1) return a;
    } else if (kind != 1) {
        return a;
    }
    if (e + 1 >= len || s[e] != ' ' || !is_digit(s[e + 1])) return a;
    size_t d = e + 1;
    while (d < len && d - e <= 2 && is_digit(s[d])) d++;
    if (d + 6 > len || s[d] != ',' || s[d + 1] != ' ' || !is_digit(s[d + 2]) || !is_digit(s[d + 3]) ||
        !is_digit(s[d + 4]) || !is_digit(s[d + 5]) || (d + 6 < len && is_digit(s[d + 6])))
        return a;
    return d + 6;
}

size_t sent_dateline(const sent *st, size_t i, int first)
{
    const unsigned char *s = st->s;
    size_t len = st->len, e = date_at(s, len, i);
    if (e > i) /* a dateline, then the text: "August 19, 1975 Dear Hannah" */
        return e + 1 < len && s[e] == ' ' && s[e + 1] >= 'A' && s[e + 1] <= 'Z' ? e : NONE;
    /* the title of a news text, then its dateline: "... iodine deficiency Thursday, February 23".
     * The first comma is the dateline's (after the weekday or the day), or there is none. */
    if (!first) return NONE;
    const unsigned char *cm = memchr(s + i, ',', len - i < 160 ? len - i : 160);
    if (!cm) return NONE;
    size_t c = (size_t)(cm - s), w = c;
    while (w > i && is_digit(s[w - 1])) w--;
    if (w < c) { /* "Month D," */
        if (c - w > 2 || w < i + 2 || s[w - 1] != ' ') return NONE;
        w--;
    }
    size_t d = w;
    while (d > i && s[d - 1] >= 'a' && s[d - 1] <= 'z') d--;
    if (d == i || d - 1 <= i || s[d - 1] < 'A' || s[d - 1] > 'Z' || s[d - 2] != ' ') return NONE;
    d--; /* the weekday or month word starts at d */
    e = date_at(s, len, d);
    if (e == d || e + 1 >= len || s[e] != ' ' || s[e + 1] < 'A' || s[e + 1] > 'Z') return NONE;
    /* the title: plain words, no preposition at its end ("On May 8, 2009, he") */
    size_t a = i, pa = NONE, pe = NONE;
    for (int k = 0; k < 12 && a < d; k++) {
        size_t we = a;
        while (we < len && plain[s[we]]) we++;
        if (we == a || we + 1 >= len || s[we] != ' ') return NONE;
        pa = a, pe = we;
        a = we + 1;
    }
    return a == d && pe != NONE && !title_function_word(s, pa, pe, 1) ? pe : NONE;
}
