/* gazetteer_match.c — rc_gazetteer_find: text → match tokens → trie walks → matches.
 *
 * Tokens arrive from the scanner (gazetteer_scan.h, instantiated below with on_token inlined)
 * with their ids already looked up (a token the gazetteer does not know gets GAZ_NONE, and a run
 * of them is kept as one: it only ever stops a walk). Tokens that can start an alias are listed
 * apart, so that only they are visited when matching. They wait in
 * a buffer until max_depth more tokens have arrived behind them — enough for the longest alias —
 * and are then matched and dropped, so memory stays bounded whatever the length of the text.
 *
 * At each token position the trie is walked as far as the text allows; the deepest node with an
 * entry whose case rule holds gives the match (longest-leftmost), and matching resumes after it.
 * In overlapping mode every position is tried and every entry on the walk is reported.
 */
#include "base/alloc.h"
#include "gazetteer/gazetteer.h"
#include "gazetteer/gazetteer_blocks.h"
#include "base/utf8.h"

#define FLUSH_TOKENS 2048 /* match the buffered tokens once this many wait */

#if defined(__GNUC__) || defined(__clang__)
#define GAZ_UNLIKELY(x) __builtin_expect(!!(x), 0)
#define GAZ_LIKELY(x) __builtin_expect(!!(x), 1)
#else
#define GAZ_UNLIKELY(x) (x)
#define GAZ_LIKELY(x) (x)
#endif

typedef struct {
    uint32_t end_tok; /* index just after the last token */
    uint32_t entry;
} candidate;

typedef struct {
    const rc_gazetteer *g;
    const char *text;
    unsigned options;
    rc_matches *out;
    /* buffered tokens */
    uint32_t *id;
    size_t *start, *end;
    size_t n, cap;
    int last_none; /* the last buffered token is GAZ_NONE */
    size_t matched_to; /* byte end of the last match (non-overlapping mode): tokens that start
                          before it belong to a character that match used up */
    /* buffered tokens that start an alias (their root child exists), in order: the only places
     * a walk can begin, so the drain visits them and nothing else */
    size_t *starts;
    size_t n_starts;
    /* the buffer as it was when the current chunk started (see on_mark) */
    size_t mark_n, mark_starts;
    int mark_last_none;
    rc_normalized scan_norm; /* gaz_scan's; tokens point into it while they are being buffered */
    /* case checks: the key of the last span checked */
    rc_normalized norm;
    char *key;
    size_t key_cap, key_len, key_start, key_end;
    gaz_case_stats key_stats;
    int key_valid;
    /* overlapping mode: what one walk found */
    candidate *cand;
    size_t n_cand, cand_cap;
    /* buffered tokens read through an inflection rule (few): their positions, in order, and codes */
    size_t *infl_pos;
    uint64_t *infl_code;
    size_t n_infl, infl_cap, infl_code_cap;
    gaz_lang_state ls;
    size_t first_cap; /* the token buffer's first capacity (first_capacity) */
} finder;

static int matches_reserve(rc_matches *m, size_t extra)
{
    size_t need = m->count + extra;
    if (need < m->count) return RC_ETOOBIG;
    void **const arrays[] = {(void **)&m->start, (void **)&m->end, (void **)&m->entry};
    const size_t sizes[] = {sizeof *m->start, sizeof *m->end, sizeof *m->entry};
    return rc_grow_parallel(&m->cap_, need, 64, 3, arrays, sizes);
}

void rc_matches_free(rc_matches *m)
{
    if (!m) return;
    rc_free(m->start);
    rc_free(m->end);
    rc_free(m->entry);
    rc_matches empty = RC_MATCHES_INIT;
    *m = empty;
}

static int emit(finder *f, size_t start, size_t end, uint32_t entry)
{
    int rc = matches_reserve(f->out, 1);
    if (rc) return rc;
    rc_matches *m = f->out;
    m->start[m->count] = (int64_t)start;
    m->end[m->count] = (int64_t)end;
    m->entry[m->count] = entry;
    m->count++;
    return RC_OK;
}

/* Whether entry e's case rule holds for text[start, end). Returns 1, 0, or RC_ENOMEM. */
static int case_ok(finder *f, uint32_t entry, size_t start, size_t end)
{
    const gaz_entry_rec *e = &f->g->entries[entry];
    if (!(e->flags & GAZ_F_SENSITIVE)) return 1;
    if (!f->key_valid || f->key_start != start || f->key_end != end) {
        f->key_valid = 0;
        int rc = gaz_case_key(f->text + start, end - start, &f->norm, &f->key, &f->key_cap,
                              &f->key_len, &f->key_stats);
        if (rc) return rc;
        f->key_valid = 1;
        f->key_start = start;
        f->key_end = end;
    }
    if (f->key_len == e->key_len && memcmp(f->key, f->g->pool + e->key_off, f->key_len) == 0) return 1;
    /* All capitals in the text (a heading) match an alias that is not itself all capitals. */
    return (e->flags & GAZ_F_KEY_LOWER) && f->key_stats.lower == 0;
}

/* The id of buffered token j, looking it up now if the block path left it for later (GAZ_LAZY:
 * an ASCII word or punctuation character of the text, read as fast_tokens would have read it). */
#if defined(__GNUC__) || defined(__clang__)
__attribute__((noinline))
#endif
static uint32_t lazy_id(finder *f, size_t j)
{
    const rc_gazetteer *g = f->g;
    const size_t a = f->start[j], n = f->end[j] - a;
    const unsigned char *p = (const unsigned char *)f->text + a;
    uint32_t id;
    if (n == 1) id = g->text_byte[p[0] & 0x7F]; /* letters fold, '`' reads as '\'' */
    else id = n > g->h.max_token_len ? GAZ_NONE : gaz_lookup(g, p, n, f->ls.len - a, GAZ_ORMASK_LOWER);
    f->id[j] = id;
    return id;
}

static uint32_t child_of(const rc_gazetteer *g, uint32_t node, uint32_t token)
{
    uint32_t n = g->edge_start[node + 1] - g->edge_start[node];
    if (!n) return 0;
    /* Halving without a branch on the comparison (a conditional move): the number of steps
     * depends only on the node, so the loop is predicted even when the lookups miss as often
     * as they hit ("the" + a word). Edges are sorted by token, each token at most once. */
    const gaz_edge_rec *e = g->edges + g->edge_start[node];
    while (n > 1) {
        const uint32_t half = n / 2;
        e = e[half].token <= token ? e + half : e;
        n -= half;
    }
    return e->token == token ? e->child : 0;
}

/* The child of node for buffered token j, or 0. A token not looked up yet is looked up only if
 * the edge filter says it may be one of node's (the bytes it hashes are the text's, OR-ed with
 * 0x20, as the filter's were). */
GAZ_INLINE uint32_t child_at(finder *f, uint32_t node, size_t j)
{
    const rc_gazetteer *g = f->g;
    uint32_t id = f->id[j];
    if (id == GAZ_LAZY) {
        const size_t a = f->start[j], n = f->end[j] - a;
        const uint64_t prefix = gaz_prefix((const unsigned char *)f->text + a, n, f->ls.len - a, GAZ_ORMASK_LOWER);
        const uint32_t b = gaz_edge_bit(node, gaz_start_hash(prefix, n));
        if (!(g->edge_filter[b >> 6] >> (b & 63) & 1)) return 0;
        id = lazy_id(f, j);
    }
    return id == GAZ_NONE ? 0 : child_of(g, node, id);
}

/* Whether entry e may match tokens [i, j): its case rule (not for a span with an inflected word,
 * whose letters differ from the alias's), and its language's (gazetteer_inflect.c). */
static int entry_ok(finder *f, uint32_t e, size_t i, size_t j, uint32_t inflected)
{
    const uint32_t flags = f->g->entries[e].flags;
    if (!inflected) {
        int ok = case_ok(f, e, f->start[i], f->end[j - 1]);
        if (ok <= 0) return ok;
    }
    if (!(flags & GAZ_F_LANG_MASK)) return !inflected; /* no language: nothing more to check */
    /* English in English text, the common case, without a call: a base-language name in text that
     * is mostly ASCII, written with a capital or in several words (one lower-case word may be a
     * word of another language written in ASCII: Turkish "sudan", "from water"; gaz_lang_allows
     * then asks the text's markers). */
    const unsigned char c0 = (const unsigned char)f->text[f->start[i]];
    if (!inflected && f->ls.mode == GAZ_MODE_AUTO && f->ls.n_unicode * 16 <= f->ls.n_chunks &&
        (!(c0 >= 'a' && c0 <= 'z') || j - i > 1) && (f->g->langs[gaz_entry_lang(flags)].flags & GAZ_L_BASE))
        return 1;
    return gaz_lang_allows(&f->ls, e, f->start[i], f->end[j - 1], j - i, inflected);
}

/* Whether text[at..) goes on, after at most three capitalized words (or "&", or lower-case words
 * of at most three letters: "and", "of"), with a capitalized word on language l's designator list
 * ("Atlantic| Lottery Corporation", "Pacific| Gas and Electric Co.", "Atlantic| Richfield, Inc.":
 * a comma may stand before the designator only). ASCII words only: a byte >= 0x80 ends the look. */
static int designator_follows(const finder *f, uint32_t l, size_t at)
{
    const unsigned char *s = (const unsigned char *)f->text;
    const size_t len = f->ls.len;
    unsigned char word[24];
    for (int words = 0; words < 4; words++) {
        const int comma = words > 0 && at < len && s[at] == ','; /* not after the sea's name itself */
        at += (size_t)comma;
        size_t k = at;
        while (k < len && (s[k] == ' ' || s[k] == '\t' || s[k] == '\n' || s[k] == '\r')) k++;
        if (k == at) return 0; /* words are apart */
        size_t j = k;
        while (j < len && gaz_byte_class[s[j]] == GAZ_C_WORD) j++;
        size_t end = j; /* a hyphenated word is one word ("Co-operation" is no "Co") */
        while (end + 1 < len && s[end] == '-' && gaz_byte_class[s[end + 1]] == GAZ_C_WORD)
            for (end++; end < len && gaz_byte_class[s[end]] == GAZ_C_WORD;) end++;
        if (end < len && s[end] >= 0x80) return 0;
        if (j == k) {
            if (k < len && s[k] == '&' && !comma) {
                at = k + 1;
                continue;
            }
            return 0;
        }
        const int capital = s[k] >= 'A' && s[k] <= 'Z';
        if (capital && end == j && j - k <= sizeof word) {
            for (size_t c = 0; c < j - k; c++) word[c] = (unsigned char)(s[k + c] | 0x20);
            if (gaz_word_listed(f->g, l, RC_WORD_DESIGNATOR, word, j - k)) return 1;
        }
        if (comma || !(capital || (end - k <= 3 && s[k] >= 'a' && s[k] <= 'z'))) return 0;
        at = end;
    }
    return 0;
}

/* Whether the one-token match of buffered token i is the first word of a company's name: its
 * token is on a RC_WORD_DESIGNATED list and that language's designator follows (relcore.h). Such
 * a match is not reported; like a block, it hides what it covers. */
#if defined(__GNUC__) || defined(__clang__)
__attribute__((noinline))
#endif
static int company_name_at(const finder *f, size_t i)
{
    const rc_gazetteer *g = f->g;
    const uint32_t id = f->id[i];
    if (!(g->designated_ids[id >> 6 & 3] >> (id & 63) & 1)) return 0; /* most words: not designated */
    const gaz_token_rec *t = &g->tokens[id];
    const unsigned char *tok = (const unsigned char *)g->pool + t->off;
    for (uint32_t m = g->designated_langs; m; m &= m - 1) {
        const uint32_t l = gaz_ctz64(m);
        if (gaz_word_listed(g, l, RC_WORD_DESIGNATED, tok, t->len) && designator_follows(f, l, f->end[i]))
            return 1;
    }
    return 0;
}

/* Matches from buffered token i. Returns the token index to continue from, or a negative code
 * (as ptrdiff) on failure. */
static ptrdiff_t match_at(finder *f, size_t i)
{
    const rc_gazetteer *g = f->g;
    const int overlapping = (f->options & RC_MATCH_OVERLAPPING) != 0;
    uint32_t node = g->root[f->id[i]];
    if (!node) return (ptrdiff_t)i + 1;
    size_t j = i + 1, best_end = 0;
    uint32_t best_entry = 0;
    f->n_cand = 0;
    /* Inflected words on the walk: all of one language, a prefix on the first word only, a suffix
     * on the last word only unless the language inflects every word. */
    size_t ic = 0;
    uint32_t wl = 0; /* the languages that read every inflected word so far (0: none inflected) */
    int suffix_seen = 0, inflected = 0;
    if (f->n_infl) {
        size_t lo = 0, hi = f->n_infl;
        while (lo < hi) {
            size_t mid = lo + (hi - lo) / 2;
            if (f->infl_pos[mid] < i) lo = mid + 1;
            else hi = mid;
        }
        ic = lo;
    }
    for (size_t depth = 1;; depth++) {
        if (ic < f->n_infl && f->infl_pos[ic] == j - 1) { /* the token just walked is inflected */
            const uint64_t code = f->infl_code[ic++];
            wl = inflected ? wl & (uint32_t)code : (uint32_t)code;
            inflected = 1;
            if (!wl || ((code & GAZ_INFL_PREFIX) && j - 1 != i)) break;
            if (code & GAZ_INFL_SUFFIX) suffix_seen = 1;
        }
        for (uint32_t o = g->out_start[node]; o < g->out_start[node + 1]; o++) {
            const uint32_t e = g->outputs[o];
            if (inflected) { /* an entry of a rule's language, or a base-language one */
                const int el = gaz_entry_lang(g->entries[e].flags);
                if (el < 0 || (!(el < 32 && (wl >> el & 1)) && !(g->langs[el].flags & GAZ_L_BASE))) continue;
            }
            int ok = entry_ok(f, e, i, j, wl);
            if (ok < 0) return ok;
            if (!ok) continue;
            if (!overlapping) {
                best_end = j;
                best_entry = e;
                break;
            }
            int rc = rc_grow((void **)&f->cand, &f->cand_cap, f->n_cand + 1, sizeof *f->cand);
            if (rc) return rc;
            f->cand[f->n_cand++] = (candidate){(uint32_t)j, e};
        }
        if (j >= f->n || depth >= g->h.max_depth || f->id[j] == GAZ_NONE) break;
        if (suffix_seen) { /* only languages whose every word inflects may go on */
            uint32_t any = 0;
            for (uint32_t b = 0; b < 32 && b < g->h.n_langs; b++)
                if ((wl >> b & 1) && (g->langs[b].flags & RC_LANG_INFLECT_ANY_WORD)) any |= 1u << b;
            if (!any) break;
            wl = any;
        }
        node = child_at(f, node, j);
        if (!node) break;
        j++;
    }
    if (!overlapping) {
        if (!best_end) return (ptrdiff_t)i + 1;
        f->matched_to = f->end[best_end - 1];
        /* A block wins like any match and hides what it covers, but is not reported. */
        if ((g->entries[best_entry].flags & GAZ_F_FORM_MASK) == GAZ_F_BLOCK) return (ptrdiff_t)best_end;
        if (GAZ_UNLIKELY(g->designated_langs) && best_end == i + 1 && company_name_at(f, i))
            return (ptrdiff_t)best_end;
        int rc = emit(f, f->start[i], f->end[best_end - 1], best_entry);
        return rc ? rc : (ptrdiff_t)best_end;
    }
    /* Each entry once per start: its longest span (drops "U.S" when "U.S." matched too). One
     * character may give several tokens ("\u2026" -> three periods), all starting where it
     * starts, and each is walked: their matches are one start position's, and an entry keeps
     * the span of the first of those tokens it matched from (as the default mode, which takes
     * the first token that matches: its match is then always among these). Tokens are visited
     * in order, so that start's matches so far are the last ones emitted, from `first` on; the
     * group is kept sorted by end. */
    rc_matches *m = f->out;
    const int64_t s = (int64_t)f->start[i];
    size_t first = m->count;
    while (first > 0 && m->start[first - 1] == s) first--;
    const size_t before = m->count;
    const int company = g->designated_langs && f->n_cand && company_name_at(f, i);
    for (size_t c = 0; c < f->n_cand; c++) {
        if (company && f->cand[c].end_tok == i + 1) continue; /* the word of a company's name */
        int later = 0;
        for (size_t d = c + 1; d < f->n_cand && !later; d++) later = f->cand[d].entry == f->cand[c].entry;
        if (later || (g->entries[f->cand[c].entry].flags & GAZ_F_FORM_MASK) == GAZ_F_BLOCK) continue;
        const int64_t e = (int64_t)f->end[f->cand[c].end_tok - 1];
        size_t k = first;
        while (k < before && m->entry[k] != f->cand[c].entry) k++;
        if (k < before) continue; /* found from an earlier token of the same character */
        int rc = emit(f, f->start[i], (size_t)e, f->cand[c].entry);
        if (rc) return rc;
    }
    if (first < before) /* a group made by several tokens: insertion sort by end (stable) */
        for (size_t k = first + 1; k < m->count; k++) {
            int64_t e = m->end[k];
            uint32_t entry = m->entry[k];
            size_t j = k;
            for (; j > first && m->end[j - 1] > e; j--) {
                m->end[j] = m->end[j - 1];
                m->entry[j] = m->entry[j - 1];
            }
            m->end[j] = e;
            m->entry[j] = entry;
        }
    return (ptrdiff_t)i + 1;
}

/* Matches the buffered tokens that have max_depth tokens behind them (all of them if final),
 * then drops the tokens no later match can start from. */
#if defined(__GNUC__) || defined(__clang__)
__attribute__((noinline))
#endif
static int drain(finder *f, int final)
{
    const size_t depth = f->g->h.max_depth;
    const size_t limit = final ? f->n : (f->n > depth ? f->n - depth : 0);
    size_t i = 0, c = 0; /* tokens before i are done with; candidates before c too */
    for (; c < f->n_starts; c++) {
        const size_t pos = f->starts[c];
        if (pos < i) continue; /* inside the match just found */
        if (pos >= limit) break;
        /* Most starts ("the", "united") end at once: no entry at their node and no child for the
         * next token. match_at would find that too, at more cost. (Whether the start is inside
         * the last match need not be asked first: either way nothing is found here.) */
        const rc_gazetteer *g = f->g;
        const uint32_t node = g->root[f->id[pos]];
        if (g->out_start[node] == g->out_start[node + 1] &&
            (pos + 1 >= f->n || g->edge_start[node] == g->edge_start[node + 1] || !child_at(f, node, pos + 1))) {
            i = pos + 1;
            continue;
        }
        /* One character may give several tokens ("\u2037" -> three quotes): those after the
         * match's last token still start inside it. */
        if (f->matched_to && f->start[pos] < f->matched_to) continue;
        ptrdiff_t next = match_at(f, pos);
        if (next < 0) return (int)next;
        i = (size_t)next;
    }
    if (i < limit) i = limit;
    if (i > f->n) i = f->n;
    while (c < f->n_starts && f->starts[c] < i) c++;
    size_t keep = f->n - i, keep_starts = f->n_starts - c;
    if (i && keep) {
        memmove(f->id, f->id + i, keep * sizeof *f->id);
        memmove(f->start, f->start + i, keep * sizeof *f->start);
        memmove(f->end, f->end + i, keep * sizeof *f->end);
    }
    for (size_t k = 0; k < keep_starts; k++) f->starts[k] = f->starts[c + k] - i;
    size_t d = 0;
    while (d < f->n_infl && f->infl_pos[d] < i) d++;
    for (size_t k = d; k < f->n_infl; k++) {
        f->infl_pos[k - d] = f->infl_pos[k] - i;
        f->infl_code[k - d] = f->infl_code[k];
    }
    f->n_infl -= d;
    f->n = keep;
    f->n_starts = keep_starts;
    return RC_OK;
}

/* The first capacity of the token buffer for a text of len bytes: about one token per 4 bytes,
 * at least 256 (short texts need little), at most what one flush holds plus room for a chunk
 * (the buffer is drained at FLUSH_TOKENS). Growing a speech's buffer from 256 by doubling cost
 * a tenth of the matching time in reallocations and copies. */
static size_t first_capacity(const finder *f, size_t len)
{
    size_t want = len / 4, most = FLUSH_TOKENS + f->g->h.max_depth + 256;
    return want < 256 ? 256 : want > most ? most : want;
}

static int buffer_grow(finder *f)
{
    /* From first_capacity: a speech's buffer need not double its way up from 256. */
    void **const arrays[] = {(void **)&f->id, (void **)&f->start, (void **)&f->end, (void **)&f->starts};
    const size_t sizes[] = {sizeof *f->id, sizeof *f->start, sizeof *f->end, sizeof *f->starts};
    return rc_grow_parallel(&f->cap, f->cap + 1, f->first_cap, 4, arrays, sizes);
}

/* An unknown word: read it through the inflection rules; if one gives a token of its language,
 * the word is buffered as that token and listed in infl_*. */
#if defined(__GNUC__) || defined(__clang__)
__attribute__((noinline))
#endif
static int read_inflected(finder *f, const unsigned char *p, size_t n, uint64_t ormask, size_t start,
                          size_t end, uint32_t *id, size_t *new_start)
{
    uint64_t code;
    size_t skip;
    *new_start = start;
    int rc = gaz_read_inflected(&f->ls, p, n, ormask, id, &code, &skip);
    if (rc || *id == GAZ_NONE) return rc;
    if ((rc = rc_grow((void **)&f->infl_pos, &f->infl_cap, f->n_infl + 1, sizeof *f->infl_pos)) ||
        (rc = rc_grow((void **)&f->infl_code, &f->infl_code_cap, f->n_infl + 1, sizeof *f->infl_code)))
        return rc;
    /* A clitic written before the name stays out of the span when the text spells it as the
     * normalized token does (it always does for Arabic letters, which normalization keeps). */
    if (skip && skip < end - start && memcmp(f->text + start, p, skip) == 0) *new_start = start + skip;
    f->infl_pos[f->n_infl] = f->n; /* the slot on_token fills next */
    f->infl_code[f->n_infl] = code;
    f->n_infl++;
    return RC_OK;
}

/* Buffers token id for text[start, end). */
GAZ_INLINE int on_token_at(finder *f, uint32_t id, size_t start, size_t end)
{
    const rc_gazetteer *g = f->g;
    if (f->n == f->cap) {
        int rc = buffer_grow(f);
        if (rc) return rc;
    }
    f->id[f->n] = id;
    f->start[f->n] = start;
    f->end[f->n] = end;
    const int none = id == GAZ_NONE;
    f->starts[f->n_starts] = f->n;
    const uint32_t keep_id = (uint32_t)none - 1u; /* all ones for a known token, else 0 */
    f->n_starts += (uint32_t)(g->root[id & keep_id] != 0) & keep_id & 1u;
    f->n += !(none & f->last_none);
    f->last_none = none;
    return RC_OK;
}

/* gaz_scan sink: look the token up and buffer it. Unknown tokens only ever stop a walk, so a run
 * of them is kept as one (without a branch: the slot is written, then kept or not). */
GAZ_INLINE int on_token(void *ctx, const unsigned char *p, size_t n, size_t avail, uint64_t ormask,
                        size_t start, size_t end)
{
    finder *f = ctx;
    const rc_gazetteer *g = f->g;
    uint32_t id;
    if (n == 1 && p[0] < 0x80) id = g->one_byte[p[0] | (ormask & 0x7F)];
    else if (n > g->h.max_token_len) id = GAZ_NONE;
    else id = gaz_lookup(g, p, n, avail, ormask);
    if (GAZ_UNLIKELY(f->ls.ascii_rules) && id == GAZ_NONE && n > 1) {
        size_t s2;
        int rc = read_inflected(f, p, n, ormask, start, end, &id, &s2);
        if (rc) return rc;
        return on_token_at(f, id, s2, end);
    }
    return on_token_at(f, id, start, end);
}

/* A chunk starts: its tokens may be rolled back until the next one, so this is where the buffer
 * is drained (never in the middle of a chunk). */
GAZ_INLINE int on_mark(void *ctx)
{
    finder *f = ctx;
    if (f->n >= FLUSH_TOKENS + f->g->h.max_depth) {
        int rc = drain(f, 0);
        if (rc) return rc;
    }
    f->mark_n = f->n;
    f->mark_starts = f->n_starts;
    f->mark_last_none = f->last_none;
    f->ls.n_chunks++;
    /* Once ASCII chunks are 15 in 16 again, English has taken over: no rules on ASCII words. */
    if (GAZ_UNLIKELY(f->ls.ascii_rules) && f->ls.mode == GAZ_MODE_AUTO && f->ls.n_unicode * 16 <= f->ls.n_chunks)
        f->ls.ascii_rules = 0;
    return RC_OK;
}

/* A chunk goes to the slow path: forget its tokens. It held a character outside ASCII, which is
 * also how the matcher tells text that needs the Latin-script rules on ASCII words (Turkish
 * "Iraktaki" beside "Türkiye'nin": more than 1 chunk in 16 so far, see on_mark) from English,
 * which almost never gets here. */
GAZ_INLINE void on_rollback(void *ctx)
{
    finder *f = ctx;
    f->n = f->mark_n;
    f->n_starts = f->mark_starts;
    f->last_none = f->mark_last_none;
    while (f->n_infl && f->infl_pos[f->n_infl - 1] >= f->n) f->n_infl--; /* the chunk's readings */
    f->ls.n_unicode++;
    if (f->ls.mode == GAZ_MODE_AUTO && f->ls.latin_rules && f->ls.n_unicode * 16 > f->ls.n_chunks)
        f->ls.ascii_rules = 1; /* for the words of this chunk already */
}

/* The sink as a function pointer, for the non-ASCII chunks: unknown words there are read through
 * the rules of their script's languages. */
static int on_token_ptr(void *ctx, const unsigned char *p, size_t n, size_t avail, uint64_t ormask,
                        size_t start, size_t end)
{
    finder *f = ctx;
    const rc_gazetteer *g = f->g;
    if (!g->h.n_rules || n < 2) return on_token(ctx, p, n, avail, ormask, start, end);
    uint32_t id = n > g->h.max_token_len ? GAZ_NONE : gaz_lookup(g, p, n, avail, ormask);
    /* Unknown words, and words that cannot start a name: Arabic "للولايات" is a word inside a
     * longer name (the US Virgin Islands) and, far more often, ل + "الولايات المتحدة". */
    if (id == GAZ_NONE || !g->root[id]) {
        size_t s2;
        uint32_t t;
        int rc = read_inflected(f, p, n, ormask, start, end, &t, &s2);
        if (rc) return rc;
        /* A known word is read through a clitic prefix only: a suffix rule must not take a word
         * out of a longer name written in another language. */
        if (t != GAZ_NONE &&
            (id == GAZ_NONE || (g->root[t] && (f->infl_code[f->n_infl - 1] & GAZ_INFL_PREFIX))))
            return on_token_at(f, t, s2, end);
        if (t != GAZ_NONE) f->n_infl--; /* not taken: forget it */
    }
    return on_token_at(f, id, start, end);
}

/* The block path (gazetteer_scan.h) may give tokens without marks while no chunk start in between
 * could drain the buffer and no rule reads ASCII words (on_mark would switch them off). */
#ifdef RC_FAULT_INJECTION
int gaz_test_chunk_path_only;
#endif

GAZ_INLINE size_t fast_budget(void *ctx)
{
    const finder *f = ctx;
#ifdef RC_FAULT_INJECTION
    if (gaz_test_chunk_path_only) return 0;
#endif
    const size_t at = FLUSH_TOKENS + f->g->h.max_depth;
    return f->ls.ascii_rules || f->n + 1 >= at ? 0 : at - 1 - f->n;
}

/* Chunks given by the block path: their marks would only have counted them. */
GAZ_INLINE void fast_chunks(void *ctx, size_t n)
{
    finder *f = ctx;
    f->ls.n_chunks += n;
}

/* The tokens of a block (gazetteer_scan.h), buffered as on_token_at would buffer them but for
 * the lookups that wait (GAZ_LAZY), with the buffer's counters in locals (stores into the buffer
 * could otherwise alias them, and every token would reload them) and the first 8 bytes of a word
 * loaded as one word (s[at..at+72) is readable). No rule reads ASCII words here (fast_budget). A
 * function of its own, called once per block: inside the scanner its loop ran short of
 * registers. */
#if defined(__GNUC__) || defined(__clang__)
__attribute__((noinline))
#endif
static int fast_tokens(void *ctx, const unsigned char *s, size_t at, uint64_t word, uint64_t toks)
{
    finder *const f = ctx;
    const rc_gazetteer *const g = f->g;
    if (f->cap - f->n < GAZ_BLOCK) {
        void **const arrays[] = {(void **)&f->id, (void **)&f->start, (void **)&f->end, (void **)&f->starts};
        const size_t sizes[] = {sizeof *f->id, sizeof *f->start, sizeof *f->end, sizeof *f->starts};
        int rc = rc_grow_parallel(&f->cap, f->n + GAZ_BLOCK, f->first_cap, 4, arrays, sizes);
        if (rc) return rc;
    }
    /* restrict: the stores into the buffer touch nothing that the loops read */
    uint32_t *restrict const ids = f->id;
    size_t *restrict const starts = f->start;
    size_t *restrict const ends = f->end;
    const uint64_t *const sfilter = g->start_filter;
    const size_t n0 = f->n;
    size_t n = n0;
    /* First every token's span, with its id left for later (GAZ_LAZY), and the few that may start
     * an alias listed: the start filter tells most tokens from their first 8 bytes with one
     * multiplication, without a branch. Only a walk that reaches them looks the others up
     * (lazy_id). Unknown tokens are not merged into runs here, as on_token_at merges them. */
    uint8_t cand[GAZ_BLOCK]; /* the low byte of each candidate's index */
    size_t n_cand = 0;
    /* The last byte of each token: of a word, where its run ends; a punctuation character is its
     * own. (No word runs into bit 63: the block ends at a space.) Tokens start and end in turn. */
    uint64_t last = (word & ~(word >> 1)) | (toks & ~word);
    static const uint64_t keep[9] = {0, 0xFF, 0xFFFF, 0xFFFFFF, 0xFFFFFFFF, 0xFFFFFFFFFFull,
                                     0xFFFFFFFFFFFFull, 0xFFFFFFFFFFFFFFull, ~0ull};
    do {
        const unsigned b = gaz_ctz64(toks), e = gaz_ctz64(last);
        toks &= toks - 1;
        last &= last - 1;
        const size_t k = at + b, len = (size_t)(e - b) + 1;
        starts[n] = k;
        ends[n] = k + len;
        ids[n] = GAZ_LAZY;
        /* Every byte OR-ed with 0x20, punctuation too: the filter is built alike, and two
         * punctuation characters it takes for one only cost a lookup. */
        uint64_t w;
        memcpy(&w, s + k, 8);
        const uint64_t prefix = (w | GAZ_ORMASK_LOWER) & keep[len < 8 ? len : 8];
        cand[n_cand] = (uint8_t)n;
        n_cand += gaz_maybe_start(sfilter, gaz_start_hash(prefix, len));
        n++;
    } while (toks);
    f->n = n;
    f->last_none = 0;
    if (!n_cand) return RC_OK;
    /* Then the tokens that may start an alias, looked up now: those that do are where walks
     * begin. */
    size_t *restrict const walks = f->starts;
    const uint32_t *const root = g->root;
    const gaz_slot *const slots = g->hash;
    const uint64_t *const filter = g->token_filter;
    const uint32_t slot_mask = g->h.hash_slots - 1;
    const size_t max_len = g->h.max_token_len;
    const uint32_t *const out_start = g->out_start;
    size_t n_walks = f->n_starts;
    for (size_t c = 0; c < n_cand; c++) {
        const size_t t = n0 + (uint8_t)(cand[c] - (uint8_t)n0), k = starts[t], len = ends[t] - k;
        const uint64_t is_word = gaz_byte_class[s[k]] == GAZ_C_WORD;
        uint64_t prefix = gaz_prefix(s + k, len, 8, GAZ_ORMASK_LOWER & (0 - is_word));
        uint32_t id;
        if (GAZ_LIKELY(len <= 8)) {
            /* gaz_lookup's one-slot path, taken by punctuation and one-letter words too
             * (text_byte's ids: letters fold, '`' reads as '\''). Words the filter rules out read
             * slot 0 instead, which stays in the cache, and miss there (they are no token): no
             * branch on a coin toss, no trip to a cold slot. */
            prefix -= (uint64_t)(prefix == '`') * ('`' - '\'');
            const uint32_t h = gaz_hash_from(prefix, s + k, len, 0);
            const uint32_t maybe = gaz_maybe_token(filter, h);
            const gaz_slot *e = &slots[h & slot_mask & (0u - maybe)];
            const uint32_t hit = (e->prefix == prefix) & ((e->len & GAZ_SLOT_LEN) == len);
            id = (e->id1 - 1) | (hit - 1);
            if (GAZ_UNLIKELY((e->len >> 31) & (hit ^ 1) & maybe)) /* a miss with more to probe: rare */
                id = gaz_lookup_probe(g, prefix, s + k, len, 0, h & slot_mask);
        } else if (len <= 16) {
            /* 9 to 16 letters ("international"): gaz_hash_from's two words, the second read as
             * one load (s[k..k+16) is readable), and a slot hit confirmed by the probe. */
            uint64_t w1;
            memcpy(&w1, s + k + 8, 8);
            const uint64_t tail = (w1 | GAZ_ORMASK_LOWER) & (~0ull >> (64 - 8 * (len - 8)));
            const uint64_t mul = 0x9E3779B97F4A7C15ull;
            uint64_t x = (prefix ^ ((uint64_t)len * 0xFF51AFD7ED558CCDull)) * mul;
            x ^= x >> 29;
            x = (x ^ tail) * mul;
            x ^= x >> 32;
            const uint32_t h = (uint32_t)((x * 0xC4CEB9FE1A85EC53ull) >> 32);
            const uint32_t maybe = gaz_maybe_token(filter, h);
            const gaz_slot *e = &slots[h & slot_mask & (0u - maybe)];
            const uint32_t hit = (e->prefix == prefix) & ((e->len & GAZ_SLOT_LEN) == len);
            id = GAZ_NONE;
            if (((e->len >> 31) | hit) & maybe)
                id = len > max_len ? GAZ_NONE : gaz_lookup_probe(g, prefix, s + k, len, GAZ_ORMASK_LOWER, h & slot_mask);
        } else {
            id = len > max_len ? GAZ_NONE : gaz_lookup(g, s + k, len, 8, GAZ_ORMASK_LOWER);
        }
        ids[t] = id;
        const uint32_t node = id == GAZ_NONE ? 0 : root[id];
        if (!node) continue;
        /* drain's first test, made here while the node is in the cache: a start whose node has no
         * entry and whose next token cannot continue it ("the" + most words) yields nothing, so
         * no walk need begin there. The next token is told by the edge filter, looked up or not
         * (its bytes read as child_at reads them). */
        if (t + 1 < n && out_start[node] == out_start[node + 1]) {
            const uint32_t e0 = g->edge_start[node], e1 = g->edge_start[node + 1];
            const size_t a = starts[t + 1], m = ends[t + 1] - a;
            uint64_t w;
            memcpy(&w, s + a, 8);
            const uint32_t bit = gaz_edge_bit(node, gaz_start_hash((w | GAZ_ORMASK_LOWER) & keep[m < 8 ? m : 8], m));
            if (e0 == e1 || !(g->edge_filter[bit >> 6] >> (bit & 63) & 1)) continue;
        }
        walks[n_walks++] = t;
    }
    f->n_starts = n_walks;
    f->last_none = ids[n - 1] == GAZ_NONE;
    return RC_OK;
}

#define GAZ_SCAN_NAME scan_text
#define GAZ_BLOCK_NAME scan_block
#define GAZ_FAST fast_budget
#define GAZ_CHUNKS fast_chunks
#define GAZ_BLOCK_SINK fast_tokens
#define GAZ_SINK on_token
#define GAZ_SINK_PTR on_token_ptr
#define GAZ_MARK on_mark
#define GAZ_ROLLBACK on_rollback
#include "gazetteer/gazetteer_scan.h"

/* Byte offsets → code point indices, in place. Starts never decrease; an end is reached from its
 * start by counting the characters in between. In invalid UTF-8 each maximal invalid subpart is
 * one character (as for rc_tokenize), not its bytes that are not continuation bytes. */
static void to_codepoints(const char *text, size_t len, rc_matches *m)
{
    const unsigned char *s = (const unsigned char *)text;
    const int valid = rc_utf8_validate(text, len, NULL) == RC_OK;
    size_t byte = 0, index = 0;
    for (size_t k = 0; k < m->count; k++) {
        size_t a = (size_t)m->start[k], b = (size_t)m->end[k];
        index += valid ? rc_utf8_count_chars(s + byte, a - byte) : rc_utf8_count_chars_lenient(s + byte, a - byte);
        byte = a;
        m->start[k] = (int64_t)index;
        m->end[k] = (int64_t)(index + (valid ? rc_utf8_count_chars(s + a, b - a)
                                             : rc_utf8_count_chars_lenient(s + a, b - a)));
    }
}

int rc_gazetteer_find(const rc_gazetteer *g, const char *text, size_t len, unsigned options,
                      rc_matches *out)
{
    return rc_gazetteer_find_lang(g, text, len, options, NULL, 0, out);
}

int rc_gazetteer_find_lang(const rc_gazetteer *g, const char *text, size_t len, unsigned options,
                           const char *lang, size_t lang_len, rc_matches *out)
{
    if (!g || !out || (!text && len) || (!lang && lang_len)) return RC_EINVAL;
    if (options & ~(RC_MATCH_OVERLAPPING | RC_OFFSETS_CODEPOINTS)) return RC_EINVAL;
    out->count = 0;
    finder f;
    memset(&f, 0, sizeof f);
    int rc = gaz_lang_state_init(&f.ls, g, text, len, lang, lang_len);
    if (rc) return rc;
    if (g->h.n_entries == 0 || len == 0) return RC_OK;
    rc_normalized empty = RC_NORMALIZED_INIT;
    f.norm = empty;
    f.scan_norm = empty;
    f.g = g;
    f.text = text;
    f.options = options;
    f.out = out;
    f.first_cap = first_capacity(&f, len);
    rc = scan_text(text, len, &f, &f.scan_norm);
    if (!rc) rc = drain(&f, 1);
    if (!rc && (options & RC_OFFSETS_CODEPOINTS)) to_codepoints(text, len, out);
    if (rc) out->count = 0;
    rc_free(f.id);
    rc_free(f.start);
    rc_free(f.end);
    rc_free(f.starts);
    rc_free(f.key);
    rc_free(f.cand);
    rc_free(f.infl_pos);
    rc_free(f.infl_code);
    gaz_lang_state_free(&f.ls);
    rc_normalized_free(&f.norm);
    rc_normalized_free(&f.scan_norm);
    return rc;
}
