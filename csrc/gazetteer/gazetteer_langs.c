/* gazetteer_langs.c — language data: settings, inflection rules and word lists.
 *
 * The builder collects them (rc_gazetteer_builder_set_lang, _add_rule, _add_word, in
 * gazetteer_build.c, which interns and normalizes their strings and hands the records here), naming
 * each language by its symbol; compile numbers the languages (every tag of an entry or of language data,
 * in order of first appearance: entries first), works out each one's script from its aliases,
 * sorts the rules by language and form suffix and the words by language, kind and bytes (so the
 * matcher can binary-search both), and marks which languages' aliases each token occurs in. The
 * matcher's use of them is in gazetteer_inflect.c.
 */
#include "base/alloc.h"
#include "gazetteer/gazetteer.h"

void gaz_lang_data_free(gaz_lang_data *d)
{
    rc_free(d->set);
    rc_free(d->rules);
    rc_free(d->words);
    memset(d, 0, sizeof *d);
}

int gaz_lang_data_set(gaz_lang_data *d, uint32_t sym, unsigned flags)
{
    for (size_t i = 0; i < d->n_set; i++) {
        if (d->set[i].sym == sym) {
            d->set[i].flags = flags;
            return RC_OK;
        }
    }
    if (d->n_set >= GAZ_MAX_LANGS) return RC_ETOOBIG;
    int rc = rc_grow((void **)&d->set, &d->set_cap, d->n_set + 1, sizeof *d->set);
    if (rc) return rc;
    d->set[d->n_set++] = (gaz_lang_setting){sym, flags};
    return RC_OK;
}

int gaz_lang_data_add_rule(gaz_lang_data *d, const gaz_rule_in *r)
{
    if (d->n_rules >= UINT32_MAX - 1) return RC_ETOOBIG;
    int rc = rc_grow((void **)&d->rules, &d->rules_cap, d->n_rules + 1, sizeof *d->rules);
    if (rc) return rc;
    d->rules[d->n_rules++] = *r;
    return RC_OK;
}

int gaz_lang_data_add_word(gaz_lang_data *d, const gaz_word_in *w)
{
    if (d->n_words >= UINT32_MAX - 1) return RC_ETOOBIG;
    int rc = rc_grow((void **)&d->words, &d->words_cap, d->n_words + 1, sizeof *d->words);
    if (rc) return rc;
    d->words[d->n_words++] = *w;
    return RC_OK;
}

/* ---- reading them back ---------------------------------------------------------------------- */

size_t rc_gazetteer_lang_count(const rc_gazetteer *g) { return g ? g->h.n_langs : 0; }
size_t rc_gazetteer_rule_count(const rc_gazetteer *g) { return g ? g->h.n_rules : 0; }
size_t rc_gazetteer_word_count(const rc_gazetteer *g) { return g ? g->h.n_words : 0; }

int rc_gazetteer_lang_get(const rc_gazetteer *g, size_t i, const char **tag, size_t *tag_len,
                          unsigned *flags)
{
    if (!g || i >= g->h.n_langs) return RC_EINVAL;
    const gaz_str_rec *t = &g->symbols[g->langs[i].tag_sym];
    if (tag) *tag = g->pool + t->off;
    if (tag_len) *tag_len = t->len;
    if (flags) *flags = g->langs[i].flags & GAZ_L_PUBLIC;
    return RC_OK;
}

int rc_gazetteer_rule_get(const rc_gazetteer *g, size_t i, size_t *lang, rc_gazetteer_rule *out)
{
    if (!g || !out || i >= g->h.n_rules) return RC_EINVAL;
    const gaz_rule_rec *r = &g->rules[i];
    if (lang) *lang = r->lang;
    out->form_prefix = g->pool + r->form_prefix.off;
    out->form_prefix_len = r->form_prefix.len;
    out->lemma_prefix = g->pool + r->lemma_prefix.off;
    out->lemma_prefix_len = r->lemma_prefix.len;
    out->form_suffix = g->pool + r->form_suffix.off;
    out->form_suffix_len = r->form_suffix.len;
    out->lemma_suffix = g->pool + r->lemma_suffix.off;
    out->lemma_suffix_len = r->lemma_suffix.len;
    out->min_stem = r->min_stem;
    return RC_OK;
}

int rc_gazetteer_word_get(const rc_gazetteer *g, size_t i, size_t *lang, int *kind, const char **word,
                          size_t *word_len)
{
    if (!g || i >= g->h.n_words) return RC_EINVAL;
    const gaz_word_rec *w = &g->words[i];
    if (lang) *lang = w->lang;
    if (kind) *kind = (int)w->kind;
    if (word) *word = g->pool + w->off;
    if (word_len) *word_len = w->len;
    return RC_OK;
}

/* ---- layout at compile time ------------------------------------------------------------------ */

void gaz_lang_layout_free(gaz_lang_layout *l)
{
    rc_free(l->langs);
    rc_free(l->rules);
    rc_free(l->words);
    rc_free(l->entry_flags);
    rc_free(l->token_langs);
    memset(l, 0, sizeof *l);
}

/* qsort has no context argument: the pool the comparisons read, set for the duration of a sort
 * (compiles are not concurrent on one builder; a static is still shared between builders, so the
 * sorts compare through records that carry their own keys instead). */
typedef struct {
    const char *pool;
    gaz_rule_rec r;
    uint32_t order;
} rule_key;

static int cmp_bytes(const char *a, size_t an, const char *b, size_t bn)
{
    int c = memcmp(a, b, an < bn ? an : bn);
    if (c) return c;
    return (an > bn) - (an < bn);
}

static int cmp_rule(const void *x, const void *y)
{
    const rule_key *a = x, *b = y;
    if (a->r.lang != b->r.lang) return a->r.lang < b->r.lang ? -1 : 1;
    int c = cmp_bytes(a->pool + a->r.form_suffix.off, a->r.form_suffix.len, b->pool + b->r.form_suffix.off,
                      b->r.form_suffix.len);
    if (c) return c;
    return (a->order > b->order) - (a->order < b->order);
}

typedef struct {
    const char *pool;
    gaz_word_rec w;
} word_key;

static int cmp_word(const void *x, const void *y)
{
    const word_key *a = x, *b = y;
    if (a->w.lang != b->w.lang) return a->w.lang < b->w.lang ? -1 : 1;
    if (a->w.kind != b->w.kind) return a->w.kind < b->w.kind ? -1 : 1;
    return cmp_bytes(a->pool + a->w.off, a->w.len, b->pool + b->w.off, b->w.len);
}

static int is_base_tag(const char *t, size_t n)
{
    return n >= 2 && (t[0] | 0x20) == 'e' && (t[1] | 0x20) == 'n' && (n == 2 || t[2] == '-' || t[2] == '_');
}

int gaz_lang_layout_make(const gaz_lang_input *in, gaz_lang_layout *out)
{
    memset(out, 0, sizeof *out);
    const gaz_lang_data *d = in->data;
    int rc = RC_ENOMEM;
    uint32_t *index_of = NULL; /* symbol → language index + 1 */
    uint32_t *script_count = NULL;
    rule_key *rk = NULL;
    word_key *wk = NULL;

    index_of = rc_malloc((in->n_symbols ? in->n_symbols : 1) * sizeof *index_of);
    if (!index_of) goto fail;
    memset(index_of, 0, (in->n_symbols ? in->n_symbols : 1) * sizeof *index_of);
    /* Number the languages: entries first, then settings, rules, words. */
    size_t n_langs = 0;
    uint32_t syms[GAZ_MAX_LANGS];
#define NUMBER(sym_expr)                                                                           \
    do {                                                                                           \
        const uint32_t s_ = (sym_expr);                                                            \
        if (s_ && !index_of[s_]) {                                                                 \
            if (n_langs >= GAZ_MAX_LANGS) {                                                        \
                rc = RC_ETOOBIG;                                                                   \
                goto fail;                                                                         \
            }                                                                                      \
            syms[n_langs] = s_;                                                                    \
            index_of[s_] = (uint32_t)++n_langs;                                                    \
        }                                                                                          \
    } while (0)
    for (size_t e = 0; e < in->n_entries; e++) NUMBER(in->entries[e].lang_sym);
    for (size_t i = 0; i < d->n_set; i++) NUMBER(d->set[i].sym);
    for (size_t i = 0; i < d->n_rules; i++) NUMBER(d->rules[i].sym);
    for (size_t i = 0; i < d->n_words; i++) NUMBER(d->words[i].sym);
#undef NUMBER
    rc = RC_ENOMEM;
    out->n_langs = n_langs;
    out->n_rules = d->n_rules;
    out->n_words = d->n_words;
    out->langs = rc_malloc((n_langs ? n_langs : 1) * sizeof *out->langs);
    out->rules = rc_malloc((d->n_rules ? d->n_rules : 1) * sizeof *out->rules);
    out->words = rc_malloc((d->n_words ? d->n_words : 1) * sizeof *out->words);
    out->entry_flags = rc_malloc((in->n_entries ? in->n_entries : 1) * sizeof *out->entry_flags);
    out->token_langs = rc_malloc((in->n_tokens ? in->n_tokens : 1) * sizeof *out->token_langs);
    script_count = rc_malloc((n_langs ? n_langs : 1) * GAZ_NSCRIPTS * sizeof *script_count);
    rk = rc_malloc((d->n_rules ? d->n_rules : 1) * sizeof *rk);
    wk = rc_malloc((d->n_words ? d->n_words : 1) * sizeof *wk);
    if (!out->langs || !out->rules || !out->words || !out->entry_flags || !out->token_langs ||
        !script_count || !rk || !wk)
        goto fail;
    memset(out->langs, 0, (n_langs ? n_langs : 1) * sizeof *out->langs);
    memset(out->token_langs, 0, (in->n_tokens ? in->n_tokens : 1) * sizeof *out->token_langs);
    memset(script_count, 0, (n_langs ? n_langs : 1) * GAZ_NSCRIPTS * sizeof *script_count);

    for (size_t l = 0; l < n_langs; l++) {
        const gaz_token_rec *t = &in->sym_recs[syms[l]];
        out->langs[l].tag_sym = syms[l];
        if (is_base_tag(in->sym_pool + t->off, t->len)) out->langs[l].flags |= GAZ_L_BASE;
    }
    for (size_t i = 0; i < d->n_set; i++) out->langs[index_of[d->set[i].sym] - 1].flags |= d->set[i].flags;

    /* Entries: their language, the tokens of each language, the script of each language. */
    for (size_t e = 0; e < in->n_entries; e++) {
        const uint32_t l1 = in->entries[e].lang_sym ? index_of[in->entries[e].lang_sym] : 0;
        out->entry_flags[e] = l1 << GAZ_F_LANG_SHIFT;
        if (!l1) continue;
        const uint32_t *seq = in->seqs + in->seq_off[e];
        const size_t n = in->seq_off[e + 1] - in->seq_off[e];
        for (size_t k = 0; k < n; k++) {
            if (l1 <= 32) out->token_langs[seq[k]] |= 1u << (l1 - 1);
            const gaz_token_rec *t = &in->tok_recs[seq[k]];
            script_count[(l1 - 1) * GAZ_NSCRIPTS +
                         gaz_script_of((const unsigned char *)in->tok_pool + t->off, t->len)]++;
        }
    }
    for (size_t l = 0; l < n_langs; l++) {
        uint32_t best = GAZ_SCRIPT_OTHER, most = 0;
        for (uint32_t s = 1; s < GAZ_NSCRIPTS; s++) {
            if (script_count[l * GAZ_NSCRIPTS + s] > most) {
                most = script_count[l * GAZ_NSCRIPTS + s];
                best = s;
            }
        }
        out->langs[l].script = best;
    }

    /* Rules: by language, then form suffix; each language's range and suffix lengths. */
    for (size_t i = 0; i < d->n_rules; i++) {
        const gaz_rule_in *x = &d->rules[i];
        rk[i].pool = in->pool;
        rk[i].order = (uint32_t)i;
        rk[i].r = (gaz_rule_rec){index_of[x->sym] - 1, x->min_stem, x->form_prefix, x->lemma_prefix,
                                 x->form_suffix, x->lemma_suffix};
    }
    if (d->n_rules > 1) qsort(rk, d->n_rules, sizeof *rk, cmp_rule);
    for (size_t l = 0; l < n_langs; l++) out->langs[l].rule_start = out->langs[l].rule_end = 0;
    for (size_t i = 0; i < d->n_rules; i++) {
        out->rules[i] = rk[i].r;
        gaz_lang_rec *L = &out->langs[rk[i].r.lang];
        if (L->rule_end == 0 && L->rule_start == 0) L->rule_start = (uint32_t)i;
        L->rule_end = (uint32_t)i + 1;
        L->suffix_lens |= 1u << rk[i].r.form_suffix.len;
    }

    for (size_t i = 0; i < d->n_words; i++) {
        const gaz_word_in *x = &d->words[i];
        wk[i].pool = in->pool;
        wk[i].w = (gaz_word_rec){index_of[x->sym] - 1, x->kind, x->off, x->len};
    }
    if (d->n_words > 1) qsort(wk, d->n_words, sizeof *wk, cmp_word);
    for (size_t i = 0; i < d->n_words; i++) out->words[i] = wk[i].w;
    rc = RC_OK;
fail:
    rc_free(index_of);
    rc_free(script_count);
    rc_free(rk);
    rc_free(wk);
    if (rc) gaz_lang_layout_free(out);
    return rc;
}

/* ---- lookups for the matcher --------------------------------------------------------------- */

int gaz_lang_find(const rc_gazetteer *g, const char *tag, size_t len)
{
    for (uint32_t l = 0; l < g->h.n_langs; l++) {
        const gaz_str_rec *t = &g->symbols[g->langs[l].tag_sym];
        if (t->len == len && memcmp(g->pool + t->off, tag, len) == 0) return (int)l;
    }
    return -1;
}

int gaz_word_listed(const rc_gazetteer *g, uint32_t l, uint32_t kind, const unsigned char *p, size_t n)
{
    size_t lo = 0, hi = g->h.n_words;
    while (lo < hi) {
        const size_t mid = lo + (hi - lo) / 2;
        const gaz_word_rec *w = &g->words[mid];
        int c;
        if (w->lang != l) c = w->lang < l ? -1 : 1;
        else if (w->kind != kind) c = w->kind < kind ? -1 : 1;
        else c = cmp_bytes(g->pool + w->off, w->len, (const char *)p, n);
        if (c == 0) return 1;
        if (c < 0) lo = mid + 1;
        else hi = mid;
    }
    return 0;
}
