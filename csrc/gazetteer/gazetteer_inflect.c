/* gazetteer_inflect.c — languages at match time: inflected words, and which aliases may fire.
 *
 * Two jobs, both only for entries of a language other than the base language (English):
 *  - reading an unknown word through its language's inflection rules ("России" → "россия"): the
 *    rules of a language are sorted by form suffix, so each suffix length that some rule has costs
 *    one binary search; a candidate counts only if it is a token of an alias of that language;
 *  - deciding whether an entry may fire on a span: the language mode of the call, the language the
 *    text is in (worked out once per call, lazily, from marker words), capitals, common words.
 * English text pays for none of it: the base language's entries skip every check here unless the
 * text is mostly non-ASCII, and rules run on ASCII words only in text that is.
 */
#include <utf8proc.h>

#include "base/alloc.h"
#include "base/utf8.h"
#include "gazetteer/gazetteer.h"

int gaz_lang_state_init(gaz_lang_state *s, const rc_gazetteer *g, const char *text, size_t len,
                        const char *lang, size_t lang_len)
{
    memset(s, 0, sizeof *s);
    rc_normalized empty = RC_NORMALIZED_INIT;
    s->norm = empty;
    s->g = g;
    s->text = text;
    s->len = len;
    s->host = -1;
    s->only = -1;
    for (uint32_t l = 0; l < g->h.n_langs; l++) {
        if (g->langs[l].script == GAZ_SCRIPT_LATIN && g->langs[l].rule_end > g->langs[l].rule_start)
            s->latin_rules = 1;
        if (l < 32 && (g->langs[l].flags & GAZ_L_BASE)) s->base_mask |= 1u << l;
    }
    if (!lang) {
        s->mode = GAZ_MODE_AUTO;
        return RC_OK;
    }
    if (rc_utf8_validate(lang, lang_len, NULL)) return RC_EUTF8;
    if (lang_len == 1 && lang[0] == '*') {
        s->mode = GAZ_MODE_ALL;
        s->ascii_rules = s->latin_rules;
        return RC_OK;
    }
    s->mode = GAZ_MODE_ONE;
    s->only = gaz_lang_find(g, lang, lang_len);
    if (s->only >= 0) {
        const gaz_lang_rec *L = &g->langs[s->only];
        s->ascii_rules = L->script == GAZ_SCRIPT_LATIN && L->rule_end > L->rule_start;
        if (L->flags & GAZ_L_BASE) s->only = -2; /* the base language: entries without rules */
    }
    return RC_OK;
}

void gaz_lang_state_free(gaz_lang_state *s)
{
    rc_free(s->counts);
    rc_free(s->cand);
    rc_free(s->word);
    rc_normalized_free(&s->norm);
}

/* ---- inflection ------------------------------------------------------------------------------ */

static int cmp_suffix(const rc_gazetteer *g, const gaz_rule_rec *r, const unsigned char *sfx, size_t k)
{
    const size_t n = r->form_suffix.len;
    int c = memcmp(g->pool + r->form_suffix.off, sfx, n < k ? n : k);
    return c ? c : (n > k) - (n < k);
}

/* Tries rule r on p[0..n) whose last k bytes are its form suffix. */
static int try_rule(gaz_lang_state *s, uint32_t l, const gaz_rule_rec *r, const unsigned char *p, size_t n,
                    size_t k, unsigned char orb, uint32_t *id)
{
    const rc_gazetteer *g = s->g;
    const size_t fp = r->form_prefix.len;
    if (fp + k >= n || n - k - fp < r->min_stem) return RC_OK; /* the stem may not be empty */
    for (size_t i = 0; i < fp; i++)
        if ((unsigned char)(p[i] | orb) != (unsigned char)g->pool[r->form_prefix.off + i]) return RC_OK;
    const size_t stem = n - k - fp, m = r->lemma_prefix.len + stem + r->lemma_suffix.len;
    if (m > g->h.max_token_len) return RC_OK;
    int rc = rc_grow((void **)&s->cand, &s->cand_cap, m, 1);
    if (rc) return rc;
    unsigned char *c = s->cand;
    memcpy(c, g->pool + r->lemma_prefix.off, r->lemma_prefix.len);
    for (size_t i = 0; i < stem; i++) c[r->lemma_prefix.len + i] = (unsigned char)(p[fp + i] | orb);
    memcpy(c + r->lemma_prefix.len + stem, g->pool + r->lemma_suffix.off, r->lemma_suffix.len);
    /* The token must be in an alias of the rule's language, or of the base language: names that
     * many languages spell alike are listed once, in English ("Sudan", Turkish "Sudanlı"). */
    const uint32_t t = gaz_lookup(g, c, m, m, 0);
    if (t != GAZ_NONE && l < 32 && (g->token_langs[t] & ((1u << l) | s->base_mask))) *id = t;
    return RC_OK;
}

/* The first rule of language l that reads p[0..n) as a token of l (or of the base language). */
static int read_with(gaz_lang_state *s, uint32_t l, const unsigned char *p, size_t n, unsigned char orb,
                     uint32_t *id, const gaz_rule_rec **rule)
{
    const rc_gazetteer *g = s->g;
    const gaz_lang_rec *L = &g->langs[l];
    unsigned char sfx[32];
    for (size_t k = n < 31 ? n : 31;; k--) { /* longest suffix first */
        if (L->suffix_lens >> k & 1) {
            for (size_t i = 0; i < k; i++) sfx[i] = (unsigned char)(p[n - k + i] | orb);
            size_t lo = L->rule_start, hi = L->rule_end;
            while (lo < hi) { /* the first rule whose form suffix is not below sfx */
                const size_t mid = lo + (hi - lo) / 2;
                if (cmp_suffix(g, &g->rules[mid], sfx, k) < 0) lo = mid + 1;
                else hi = mid;
            }
            for (; lo < L->rule_end && cmp_suffix(g, &g->rules[lo], sfx, k) == 0; lo++) {
                int rc = try_rule(s, l, &g->rules[lo], p, n, k, orb, id);
                if (rc) return rc;
                if (*id != GAZ_NONE) {
                    *rule = &g->rules[lo];
                    return RC_OK;
                }
            }
        }
        if (k == 0) return RC_OK;
    }
}

int gaz_read_inflected(gaz_lang_state *s, const unsigned char *p, size_t n, uint64_t ormask, uint32_t *id,
                       uint64_t *code, size_t *skip)
{
    const rc_gazetteer *g = s->g;
    *id = GAZ_NONE;
    *code = 0;
    *skip = 0;
    const unsigned script = gaz_script_of(p, n);
    if (script == GAZ_SCRIPT_OTHER) return RC_OK;
    const unsigned char orb = (unsigned char)ormask;
    for (uint32_t l = 0; l < g->h.n_langs && l < 32; l++) {
        const gaz_lang_rec *L = &g->langs[l];
        if (L->script != script || L->rule_end == L->rule_start) continue;
        if (s->mode == GAZ_MODE_ONE && (int)l != s->only) continue;
        uint32_t t = GAZ_NONE;
        const gaz_rule_rec *r = NULL;
        int rc = read_with(s, l, p, n, orb, &t, &r);
        if (rc) return rc;
        if (t == GAZ_NONE || (*id != GAZ_NONE && t != *id)) continue;
        /* Languages that share a script may read the word alike (Turkish and Azerbaijani
         * "Türkü"): all of them are kept, and the text's language decides later. */
        if (*id == GAZ_NONE) {
            *id = t;
            *code = (r->form_suffix.len || r->lemma_suffix.len ? GAZ_INFL_SUFFIX : 0) |
                    (r->form_prefix.len || r->lemma_prefix.len ? GAZ_INFL_PREFIX : 0);
            /* The clitic: the form prefix less what it shares with the lemma prefix at its end
             * (ل of لل + الولايات is the clitic, the second ل is the article's). */
            size_t common = 0;
            const char *fp = g->pool + r->form_prefix.off, *lp = g->pool + r->lemma_prefix.off;
            while (common < r->form_prefix.len && common < r->lemma_prefix.len &&
                   fp[r->form_prefix.len - 1 - common] == lp[r->lemma_prefix.len - 1 - common])
                common++;
            *skip = r->form_prefix.len - common;
        }
        *code |= 1ull << l;
    }
    return RC_OK;
}

/* ---- the language of the text ------------------------------------------------------------- */

static int count_mark(void *ctx)
{
    (void)ctx;
    return RC_OK;
}

static void count_rollback(void *ctx)
{
    (void)ctx; /* marker words counted twice in a chunk that is redone: harmless for a majority */
}

static int count_token(void *ctx, const unsigned char *p, size_t n, size_t avail, uint64_t ormask,
                       size_t start, size_t end)
{
    (void)avail, (void)start, (void)end;
    gaz_lang_state *s = ctx;
    const rc_gazetteer *g = s->g;
    unsigned char w[32];
    if (n > s->max_marker) return RC_OK; /* marker words are short: most words are longer */
    for (size_t i = 0; i < n; i++) w[i] = (unsigned char)(p[i] | (unsigned char)ormask);
    if (!g->marker_hashed) {
        for (uint32_t l = 0; l < g->h.n_langs; l++)
            s->counts[l] += (uint32_t)gaz_word_listed(g, l, RC_WORD_MARKER, w, n);
        return RC_OK;
    }
    /* Every language whose list has the word (a word may mark two languages). */
    for (size_t k = gaz_hash(w, n, 0) & (GAZ_MARKER_SLOTS - 1); g->marker_slots[k];
         k = (k + 1) & (GAZ_MARKER_SLOTS - 1)) {
        const gaz_word_rec *r = &g->words[g->marker_slots[k] - 1];
        if (r->len == n && memcmp(g->pool + r->off, w, n) == 0) s->counts[r->lang]++;
    }
    return RC_OK;
}

/* Counts every language's marker words in the whole text, once per call, then picks the host:
 * the non-base Latin-script language with the most of them, if it has more than the base ones. */
static int work_out_context(gaz_lang_state *s)
{
    const rc_gazetteer *g = s->g;
    s->counts = rc_malloc((g->h.n_langs ? g->h.n_langs : 1) * sizeof *s->counts);
    if (!s->counts) return RC_ENOMEM;
    memset(s->counts, 0, (g->h.n_langs ? g->h.n_langs : 1) * sizeof *s->counts);
    s->max_marker = 0;
    for (uint32_t i = 0; i < g->h.n_words; i++)
        if (g->words[i].kind == RC_WORD_MARKER && g->words[i].len > s->max_marker) s->max_marker = g->words[i].len;
    if (s->max_marker > 32) s->max_marker = 32;
    if (s->max_marker) {
        int rc = gaz_scan(s->text, s->len, count_token, count_mark, count_rollback, s, &s->norm);
        if (rc) {
            rc_free(s->counts);
            s->counts = NULL;
            return rc;
        }
    }
    uint32_t base = 0, best = 0, total = 0;
    for (uint32_t l = 0; l < g->h.n_langs; l++) {
        total += s->counts[l];
        if (g->langs[l].flags & GAZ_L_BASE) base += s->counts[l];
    }
    for (uint32_t l = 0; l < g->h.n_langs; l++) {
        const gaz_lang_rec *L = &g->langs[l];
        if (L->script != GAZ_SCRIPT_LATIN || (L->flags & GAZ_L_BASE)) continue;
        if (s->counts[l] > base && s->counts[l] > best) {
            best = s->counts[l];
            s->host = (int)l;
        }
    }
    s->host_count = best;
    /* No marker word of any language, in a text that is not plain ASCII (a short Turkish sentence
     * such as "Irak'ta seçim"): every Latin-script language may be the one. */
    if (!total && s->n_unicode * 16 > s->n_chunks) s->host = GAZ_ANY_LATIN;
    s->context = 1;
    return RC_OK;
}

/* Whether language l's entries may fire in this text (AUTO mode). Returns 1, 0 or RC_ENOMEM. */
static int active(gaz_lang_state *s, uint32_t l)
{
    const rc_gazetteer *g = s->g;
    if (!s->context) {
        int rc = work_out_context(s);
        if (rc) return rc;
    }
    const gaz_lang_rec *L = &g->langs[l];
    if (L->flags & GAZ_L_BASE) return 1;
    if (L->script == GAZ_SCRIPT_LATIN) /* the host, or a language with as many marker words */
        return s->host == GAZ_ANY_LATIN || (s->host >= 0 && s->counts[l] == s->host_count);
    for (uint32_t o = 0; o < g->h.n_langs; o++)
        if (o != l && g->langs[o].script == L->script && s->counts[o] > s->counts[l]) return 0;
    return 1;
}

/* ---- capitals, sentence starts, common words ------------------------------------------------ */

/* Whether the first letter of text[start, end) is a capital. */
static int capitalized(const gaz_lang_state *s, size_t start, size_t end)
{
    const unsigned char *t = (const unsigned char *)s->text;
    for (size_t i = start; i < end;) {
        int32_t cp;
        int k = rc_utf8_decode(t + i, end - i, &cp);
        if (!k) return 0;
        const int cat = utf8proc_get_property(cp)->category;
        if (cat == UTF8PROC_CATEGORY_LU || cat == UTF8PROC_CATEGORY_LT) return 1;
        if (cat >= UTF8PROC_CATEGORY_LU && cat <= UTF8PROC_CATEGORY_LO) return 0;
        i += (size_t)k;
    }
    return 0;
}

/* Whether text[start] starts a sentence: nothing but spaces before it, or a line break, or
 * sentence punctuation or an opening quote or dash before those spaces. */
static int sentence_start(const gaz_lang_state *s, size_t start)
{
    const unsigned char *t = (const unsigned char *)s->text;
    size_t i = start;
    while (i > 0 && (t[i - 1] == ' ' || t[i - 1] == '\t')) i--;
    if (i == 0) return 1;
    size_t a = i - 1;
    while (a > 0 && (t[a] & 0xC0) == 0x80) a--;
    int32_t cp;
    if (!rc_utf8_decode(t + a, i - a, &cp)) return 0;
    switch (cp) {
    case '\n': case '\r': case '.': case '!': case '?': case ':': case ';': case '"': case '(':
    case 0xAB: case 0xBB:                       /* « » */
    case 0x2013: case 0x2014: case 0x2026:      /* – — … */
    case 0x201C: case 0x201D: case 0x201E:      /* “ ” „ */
    case 0x0589: case 0x055D: case 0x055E:      /* Armenian full stop, comma-like, question */
    case 0x061F: case 0x06D4:                   /* Arabic question mark, full stop */
        return 1;
    default:
        return 0;
    }
}

static int word_mark(void *ctx)
{
    (void)ctx;
    return RC_OK;
}

static void word_rollback(void *ctx)
{
    gaz_lang_state *s = ctx;
    s->word_len = 0;
    s->word_count = 0;
}

static int word_token(void *ctx, const unsigned char *p, size_t n, size_t avail, uint64_t ormask,
                      size_t start, size_t end)
{
    (void)avail, (void)start, (void)end;
    gaz_lang_state *s = ctx;
    if (s->word_count++) return RC_OK;
    int rc = rc_grow((void **)&s->word, &s->word_cap, n + 1, 1);
    if (rc) return rc;
    for (size_t i = 0; i < n; i++) s->word[i] = (char)(p[i] | (unsigned char)ormask);
    s->word_len = n;
    return RC_OK;
}

/* Language l's settings on text[start, end). Returns 1, 0 or RC_ENOMEM. */
static int settings_allow(gaz_lang_state *s, uint32_t l, size_t start, size_t end, size_t tokens)
{
    const gaz_lang_rec *L = &s->g->langs[l];
    const int cased = (L->flags & RC_LANG_CASED) != 0;
    if (cased && !capitalized(s, start, end)) return 0;
    if (tokens != 1 || !s->g->h.n_words) return 1;
    s->word_len = s->word_count = 0;
    int rc = gaz_scan(s->text + start, end - start, word_token, word_mark, word_rollback, s, &s->norm);
    if (rc) return rc;
    if (s->word_count != 1 ||
        !gaz_word_listed(s->g, l, RC_WORD_COMMON, (const unsigned char *)s->word, s->word_len))
        return 1;
    return cased && !sentence_start(s, start);
}

int gaz_lang_allows(gaz_lang_state *s, uint32_t e, size_t start, size_t end, size_t tokens, uint32_t inflected)
{
    const rc_gazetteer *g = s->g;
    const int l = gaz_entry_lang(g->entries[e].flags);
    if (l < 0) return 1;
    if (s->mode == GAZ_MODE_ONE && s->only == -1) return 0; /* a tag the gazetteer does not have */
    if (inflected && !(l < 32 && (inflected >> l & 1))) {
        /* A base-language name read through other languages' rules ("Sudanlı"): one of them must
         * be the text's, and its settings apply. */
        for (uint32_t b = 0; b < 32 && b < g->h.n_langs; b++) {
            if (!(inflected >> b & 1)) continue;
            int a = s->mode == GAZ_MODE_AUTO ? active(s, b) : 1;
            if (a > 0) a = settings_allow(s, b, start, end, tokens);
            if (a) return a; /* 1, or an error */
        }
        return 0;
    }
    if (g->langs[l].flags & GAZ_L_BASE) {
        /* The base language's names are shared by many languages ("Sudan"): in text of another
         * cased language they follow that language's settings ("sudan", Turkish "from water").
         * Which language the text is in is asked only when the text is mostly not ASCII or the
         * name is written in lower case: English text with capitals never pays for it. */
        int host = -1;
        if (s->mode == GAZ_MODE_ONE) {
            host = s->only;
        } else if (s->mode == GAZ_MODE_AUTO &&
                   (s->n_unicode * 16 > s->n_chunks ||
                    (tokens == 1 && s->text[start] >= 'a' && s->text[start] <= 'z'))) {
            if (!s->context) {
                int rc = work_out_context(s);
                if (rc) return rc;
            }
            host = s->host;
        }
        return host >= 0 ? settings_allow(s, (uint32_t)host, start, end, tokens) : 1;
    }
    if (s->mode == GAZ_MODE_ONE && l != s->only) return 0;
    if (s->mode == GAZ_MODE_AUTO) {
        int a = active(s, (uint32_t)l);
        if (a <= 0) return a;
    }
    return settings_allow(s, (uint32_t)l, start, end, tokens);
}
