/* gazetteer_build_langs.c — the builder's language API: settings, inflection rules and word lists
 * (rc_gazetteer_builder_set_lang, _add_rule, _add_word; _add_lang_row reads a row of the languages
 * file into one of them), and rc_gazetteer_builder_add_all, which copies a compiled gazetteer's
 * entries and language data into a builder.
 *
 * The strings are checked, normalized like match tokens and stored in the builder's pool here; the
 * records go to gazetteer_langs.c, which lays them out at compile time. (Kept apart from
 * gazetteer_build.c so that calls go one way: this file → the builder → the language layout.)
 */
#include "base/alloc.h"
#include "gazetteer/gazetteer.h"

static int lang_symbol(rc_gazetteer_builder *b, const char *lang, size_t len, uint32_t *sym)
{
    if (!lang || !len) return RC_EINVAL;
    if (len >= UINT32_MAX) return RC_ETOOBIG;
    return gaz_builder_symbol(b, lang, len, sym);
}

int rc_gazetteer_builder_set_lang(rc_gazetteer_builder *b, const char *lang, size_t lang_len,
                                  unsigned flags)
{
    if (!b || (flags & ~GAZ_L_PUBLIC)) return RC_EINVAL;
    uint32_t sym;
    int rc = lang_symbol(b, lang, lang_len, &sym);
    if (rc) return rc;
    return gaz_lang_data_set(gaz_builder_langs(b), sym, flags);
}

/* Normalizes s[0..n) like match tokens and stores it in the builder's pool. */
static int add_normalized(rc_gazetteer_builder *b, const char *s, size_t n, gaz_str_rec *out)
{
    if (!s && n) return RC_EINVAL;
    if (n >= UINT32_MAX) return RC_ETOOBIG;
    if (rc_utf8_validate(s, n, NULL)) return RC_EUTF8;
    const char *t = "";
    size_t tn = 0;
    rc_normalized *nz = gaz_builder_scratch(b);
    if (n) {
        int rc = rc_normalize(s, n, GAZ_NORM, nz);
        if (rc) return rc;
        t = nz->text;
        tn = nz->len;
    }
    out->len = (uint32_t)tn;
    return gaz_builder_string(b, t, tn, &out->off);
}

int rc_gazetteer_builder_add_rule(rc_gazetteer_builder *b, const char *lang, size_t lang_len,
                                  const rc_gazetteer_rule *r)
{
    if (!b || !r || r->min_stem >= UINT32_MAX) return RC_EINVAL;
    if (!r->form_prefix_len && !r->lemma_prefix_len && !r->form_suffix_len && !r->lemma_suffix_len)
        return RC_EINVAL;
    gaz_rule_in x = {0};
    int rc = lang_symbol(b, lang, lang_len, &x.sym);
    if (!rc) rc = add_normalized(b, r->form_prefix, r->form_prefix_len, &x.form_prefix);
    if (!rc) rc = add_normalized(b, r->lemma_prefix, r->lemma_prefix_len, &x.lemma_prefix);
    if (!rc) rc = add_normalized(b, r->form_suffix, r->form_suffix_len, &x.form_suffix);
    if (!rc) rc = add_normalized(b, r->lemma_suffix, r->lemma_suffix_len, &x.lemma_suffix);
    if (rc) return rc; /* strings already in the pool stay there, unused: harmless */
    if (x.form_suffix.len >= 32) return RC_EINVAL;
    if (x.form_prefix.len == x.lemma_prefix.len && x.form_suffix.len == x.lemma_suffix.len &&
        x.form_prefix.len + x.form_suffix.len == 0)
        return RC_EINVAL; /* normalized to nothing */
    x.min_stem = (uint32_t)r->min_stem;
    return gaz_lang_data_add_rule(gaz_builder_langs(b), &x);
}

/* The word's one match token, collected by a gaz_scan sink. A rollback forgets only the tokens of
 * the chunk being redone (the count at its mark), not those of the chunks before it. */
typedef struct {
    char *buf;
    size_t cap, len;
    size_t count, marked;
} one_token;

static int word_mark(void *ctx)
{
    one_token *t = ctx;
    t->marked = t->count;
    return RC_OK;
}

static void word_rollback(void *ctx)
{
    one_token *t = ctx;
    t->count = t->marked;
}

static int word_token(void *ctx, const unsigned char *p, size_t n, size_t avail, uint64_t ormask,
                      size_t start, size_t end)
{
    (void)avail, (void)start, (void)end;
    one_token *t = ctx;
    if (++t->count > 1) return RC_OK;
    int rc = rc_grow((void **)&t->buf, &t->cap, n + 1, 1);
    if (rc) return rc;
    const unsigned char orb = (unsigned char)ormask;
    for (size_t i = 0; i < n; i++) t->buf[i] = (char)(p[i] | orb);
    t->len = n;
    return RC_OK;
}

int rc_gazetteer_builder_add_word(rc_gazetteer_builder *b, const char *lang, size_t lang_len, int kind,
                                  const char *word, size_t word_len)
{
    if (!b || kind < RC_WORD_MARKER || kind > RC_WORD_DESIGNATED || !word || !word_len) return RC_EINVAL;
    if (word_len >= UINT32_MAX) return RC_ETOOBIG;
    if (rc_utf8_validate(word, word_len, NULL)) return RC_EUTF8;
    gaz_word_in x = {0};
    x.kind = (uint32_t)kind;
    int rc = lang_symbol(b, lang, lang_len, &x.sym);
    if (rc) return rc;
    one_token t = {0};
    rc = gaz_scan(word, word_len, word_token, word_mark, word_rollback, &t, gaz_builder_scratch(b));
    if (!rc && t.count != 1) rc = RC_EINVAL;
    if (!rc) rc = gaz_builder_string(b, t.buf, t.len, &x.off);
    x.len = (uint32_t)t.len;
    rc_free(t.buf);
    if (rc) return rc;
    return gaz_lang_data_add_word(gaz_builder_langs(b), &x);
}

/* The first `max` fields of a languages-file row, split at its tabs (the rest, counts and
 * sources, is for people); returns how many there are. */
static size_t split_row(const char *row, size_t len, const char **f, size_t *n, size_t max)
{
    size_t count = 0, start = 0;
    for (size_t i = 0; i <= len && count < max; i++) {
        if (i < len && row[i] != '\t') continue;
        f[count] = row + start;
        n[count++] = i - start;
        start = i + 1;
    }
    return count;
}

int rc_gazetteer_builder_add_lang_row(rc_gazetteer_builder *b, const char *row, size_t len)
{
    /* Each kind of row and its number of fields; the word lists in RC_WORD_* order from 2. */
    static const char *const kinds[] = {"lang", "rule", "marker", "common", "designator", "designated"};
    static const size_t fields[] = {4, 7, 3, 3, 3, 3};
    const char *f[7];
    size_t n[7], count, k, kind = 6, min_stem = 0;
    if (!b || (!row && len)) return RC_EINVAL;
    count = split_row(row ? row : "", len, f, n, 7);
    for (k = 0; k < 6; k++)
        if (n[0] == strlen(kinds[k]) && memcmp(f[0], kinds[k], n[0]) == 0) kind = k;
    if (kind == 6 || count < fields[kind]) return RC_EINVAL;
    if (kind == 0) {
        unsigned flags = 0;
        for (k = 2; k < 4; k++) {
            if (n[k] != 1 || (f[k][0] != '0' && f[k][0] != '1')) return RC_EINVAL;
            if (f[k][0] == '1') flags |= k == 2 ? RC_LANG_CASED : RC_LANG_INFLECT_ANY_WORD;
        }
        return rc_gazetteer_builder_set_lang(b, f[1], n[1], flags);
    }
    if (kind > 1) return rc_gazetteer_builder_add_word(b, f[1], n[1], RC_WORD_MARKER + (int)kind - 2, f[2], n[2]);
    if (!n[6] || n[6] > 9) return RC_EINVAL;
    for (size_t i = 0; i < n[6]; i++) {
        if (f[6][i] < '0' || f[6][i] > '9') return RC_EINVAL;
        min_stem = min_stem * 10 + (size_t)(f[6][i] - '0');
    }
    for (k = 2; k < 6; k++)
        if (n[k] == 1 && f[k][0] == '-') n[k] = 0; /* "-": an empty affix */
    rc_gazetteer_rule r = {f[2], n[2], f[3], n[3], f[4], n[4], f[5], n[5], min_stem};
    return rc_gazetteer_builder_add_rule(b, f[1], n[1], &r);
}

/* Copies g's language settings, rules and words into b. */
static int lang_data_add_all(rc_gazetteer_builder *b, const rc_gazetteer *g)
{
    int rc = RC_OK;
    for (size_t i = 0; !rc && i < g->h.n_langs; i++) {
        const char *tag;
        size_t n;
        unsigned flags;
        rc = rc_gazetteer_lang_get(g, i, &tag, &n, &flags);
        if (!rc && flags) rc = rc_gazetteer_builder_set_lang(b, tag, n, flags);
    }
    for (size_t i = 0; !rc && i < g->h.n_rules; i++) {
        rc_gazetteer_rule r;
        size_t l;
        const char *tag;
        size_t n;
        rc = rc_gazetteer_rule_get(g, i, &l, &r);
        if (!rc) rc = rc_gazetteer_lang_get(g, l, &tag, &n, NULL);
        if (!rc) rc = rc_gazetteer_builder_add_rule(b, tag, n, &r);
    }
    for (size_t i = 0; !rc && i < g->h.n_words; i++) {
        size_t l, n, wn;
        int kind;
        const char *tag, *w;
        rc = rc_gazetteer_word_get(g, i, &l, &kind, &w, &wn);
        if (!rc) rc = rc_gazetteer_lang_get(g, l, &tag, &n, NULL);
        if (!rc) rc = rc_gazetteer_builder_add_word(b, tag, n, kind, w, wn);
    }
    return rc;
}

int rc_gazetteer_builder_add_all(rc_gazetteer_builder *b, const rc_gazetteer *g)
{
    if (!b || !g) return RC_EINVAL;
    for (size_t i = 0; i < rc_gazetteer_count(g); i++) {
        rc_gazetteer_entry e;
        int rc = rc_gazetteer_entry_get(g, i, &e);
        if (!rc) rc = rc_gazetteer_builder_add(b, &e);
        if (rc) return rc;
    }
    return lang_data_add_all(b, g);
}
