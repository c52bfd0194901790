/* gazetteer_build.c — the gazetteer builder: entries in, a compiled image out.
 *
 * add() does the per-alias work once: it tokenizes the alias (gazetteer_tokens.c), interns each
 * token to an id, resolves the case rule and stores the case key. compile() then only has to
 * build a trie over token-id sequences and lay everything out as an image (gazetteer.h):
 *
 *   - every alias is inserted as it is and, when it holds periods, with each subset of its
 *     periods dropped (up to 4 periods; beyond that: all or none), so "U.S." also matches "U. S";
 *   - the root's children are a dense array indexed by token id (the first step of every walk is
 *     one load); deeper nodes keep sorted edge lists, built through a (node, token) hash map and
 *     then grouped by a counting sort;
 *   - outputs (entry indices) hang off nodes: case-sensitive entries first, then the others,
 *     each group in the order the entries were added.
 */
#include <stdio.h>

#include "base/alloc.h"
#include "gazetteer/gazetteer.h"

/* ---- string interner (tokens, and ids/kinds/langs) ---------------------------------------- */

typedef struct {
    char *pool;             /* NUL-terminated strings */
    size_t pool_len, pool_cap;
    gaz_token_rec *recs;    /* id → off, len, hash */
    size_t n, cap;
    uint32_t *slots;        /* id + 1, 0 = empty; load factor <= 1/2 */
    size_t nslots;
} interner;

static void interner_free(interner *in)
{
    rc_free(in->pool);
    rc_free(in->recs);
    rc_free(in->slots);
    memset(in, 0, sizeof *in);
}

static int interner_rehash(interner *in, size_t nslots)
{
    uint32_t *slots = rc_malloc(nslots * sizeof *slots);
    if (!slots) return RC_ENOMEM;
    memset(slots, 0, nslots * sizeof *slots);
    for (size_t id = 0; id < in->n; id++) {
        size_t s = in->recs[id].hash & (nslots - 1);
        while (slots[s]) s = (s + 1) & (nslots - 1);
        slots[s] = (uint32_t)(id + 1);
    }
    rc_free(in->slots);
    in->slots = slots;
    in->nslots = nslots;
    return RC_OK;
}

/* Finds or adds the string p[0..n) (each byte OR-ed with the matching byte of ormask). */
static int interner_add(interner *in, const unsigned char *p, size_t n, uint64_t ormask, uint32_t *id)
{
    if (n > UINT32_MAX) return RC_ETOOBIG;
    uint32_t h = n ? gaz_hash(p, n, ormask) : 0; /* symbols may be "" (tokens never are) */
    const unsigned char orb = (unsigned char)ormask;
    size_t s = h & (in->nslots - 1);
    for (uint32_t v; (v = in->slots[s]); s = (s + 1) & (in->nslots - 1)) {
        const gaz_token_rec *r = &in->recs[v - 1];
        if (r->hash != h || r->len != n) continue;
        const unsigned char *q = (const unsigned char *)in->pool + r->off;
        size_t i = 0;
        while (i < n && (unsigned char)(p[i] | orb) == q[i]) i++;
        if (i == n) {
            *id = v - 1;
            return RC_OK;
        }
    }
    if (in->n >= UINT32_MAX - 1 || in->pool_len + n + 1 > UINT32_MAX) return RC_ETOOBIG;
    int rc = rc_grow((void **)&in->recs, &in->cap, in->n + 1, sizeof *in->recs);
    if (!rc) rc = rc_grow((void **)&in->pool, &in->pool_cap, in->pool_len + n + 1, 1);
    if (rc) return rc;
    if ((in->n + 1) * 2 > in->nslots) {
        if ((rc = interner_rehash(in, in->nslots * 2))) return rc;
        s = h & (in->nslots - 1);
        while (in->slots[s]) s = (s + 1) & (in->nslots - 1);
    }
    unsigned char *q = (unsigned char *)in->pool + in->pool_len;
    for (size_t i = 0; i < n; i++) q[i] = (unsigned char)(p[i] | orb);
    q[n] = '\0';
    in->recs[in->n] = (gaz_token_rec){(uint32_t)in->pool_len, (uint32_t)n, h};
    in->pool_len += n + 1;
    in->slots[s] = (uint32_t)(in->n + 1);
    *id = (uint32_t)in->n++;
    return RC_OK;
}

/* Forgets every string added after the first `n` (the most recent first, so that linear probing
 * chains of the strings that stay are left intact). */
static void interner_truncate(interner *in, size_t n)
{
    while (in->n > n) {
        in->n--;
        const gaz_token_rec *r = &in->recs[in->n];
        size_t s = r->hash & (in->nslots - 1);
        while (in->slots[s] != in->n + 1) s = (s + 1) & (in->nslots - 1);
        in->slots[s] = 0;
        in->pool_len = r->off;
    }
}

static int interner_init(interner *in)
{
    memset(in, 0, sizeof *in);
    in->slots = rc_malloc(16 * sizeof *in->slots);
    if (!in->slots) return RC_ENOMEM;
    memset(in->slots, 0, 16 * sizeof *in->slots);
    in->nslots = 16;
    return RC_OK;
}

/* ---- the builder --------------------------------------------------------------------------- */

struct rc_gazetteer_builder {
    char *pool; /* aliases and case keys, NUL-terminated */
    size_t pool_len, pool_cap;
    gaz_entry_rec *entries;
    uint32_t *seq_off; /* entry → its token ids in seqs */
    size_t n, cap, seq_off_cap;
    uint32_t *seqs; /* token ids of every alias, one after the other */
    size_t seqs_len, seqs_cap;
    interner tokens;
    interner symbols; /* symbol 0 is "" */
    char *meta;
    size_t meta_len;
    /* scratch of add() */
    size_t mark_seqs, mark_tokens;
    rc_normalized norm;
    char *key;
    size_t key_cap;
};

static int pool_add(rc_gazetteer_builder *b, const char *s, size_t n, uint32_t *off);

int rc_gazetteer_builder_new(rc_gazetteer_builder **out)
{
    if (!out) return RC_EINVAL;
    *out = NULL;
    rc_gazetteer_builder *b = rc_malloc(sizeof *b);
    if (!b) return RC_ENOMEM;
    memset(b, 0, sizeof *b);
    rc_normalized empty = RC_NORMALIZED_INIT;
    b->norm = empty;
    uint32_t sym;
    int rc = interner_init(&b->tokens);
    if (!rc) rc = interner_init(&b->symbols);
    if (!rc) rc = interner_add(&b->symbols, (const unsigned char *)"", 0, 0, &sym);
    /* The pool starts with "": the (empty) case key of every case-insensitive entry. */
    if (!rc) rc = pool_add(b, "", 0, &sym);
    if (rc) {
        rc_gazetteer_builder_free(b);
        return rc;
    }
    *out = b;
    return RC_OK;
}

void rc_gazetteer_builder_free(rc_gazetteer_builder *b)
{
    if (!b) return;
    rc_free(b->pool);
    rc_free(b->entries);
    rc_free(b->seq_off);
    rc_free(b->seqs);
    interner_free(&b->tokens);
    interner_free(&b->symbols);
    rc_free(b->meta);
    rc_normalized_free(&b->norm);
    rc_free(b->key);
    rc_free(b);
}

size_t rc_gazetteer_builder_count(const rc_gazetteer_builder *b) { return b ? b->n : 0; }

int rc_gazetteer_builder_set_meta(rc_gazetteer_builder *b, const char *meta, size_t len)
{
    if (!b || (!meta && len) || len >= UINT32_MAX) return RC_EINVAL;
    if (rc_utf8_validate(meta, len, NULL)) return RC_EUTF8;
    char *m = rc_malloc(len + 1);
    if (!m) return RC_ENOMEM;
    if (len) memcpy(m, meta, len);
    m[len] = '\0';
    rc_free(b->meta);
    b->meta = m;
    b->meta_len = len;
    return RC_OK;
}

/* gaz_scan mark and rollback of add(): a chunk's tokens may be taken back (and with them the
 * token strings they added to the interner). */
static int add_mark(void *ctx)
{
    rc_gazetteer_builder *b = ctx;
    b->mark_seqs = b->seqs_len;
    b->mark_tokens = b->tokens.n;
    return RC_OK;
}

static void add_rollback(void *ctx)
{
    rc_gazetteer_builder *b = ctx;
    b->seqs_len = b->mark_seqs;
    interner_truncate(&b->tokens, b->mark_tokens);
}

/* gaz_scan sink of add(): interns each token and appends its id. */
static int add_token(void *ctx, const unsigned char *p, size_t n, size_t avail, uint64_t ormask,
                     size_t start, size_t end)
{
    rc_gazetteer_builder *b = ctx;
    uint32_t id;
    int rc = interner_add(&b->tokens, p, n, ormask, &id);
    if (rc) return rc;
    if ((rc = rc_grow((void **)&b->seqs, &b->seqs_cap, b->seqs_len + 1, sizeof *b->seqs))) return rc;
    b->seqs[b->seqs_len++] = id;
    return RC_OK;
}

static int pool_add(rc_gazetteer_builder *b, const char *s, size_t n, uint32_t *off)
{
    if (b->pool_len + n + 1 > UINT32_MAX) return RC_ETOOBIG;
    int rc = rc_grow((void **)&b->pool, &b->pool_cap, b->pool_len + n + 1, 1);
    if (rc) return rc;
    if (n) memcpy(b->pool + b->pool_len, s, n);
    b->pool[b->pool_len + n] = '\0';
    *off = (uint32_t)b->pool_len;
    b->pool_len += n + 1;
    return RC_OK;
}

/* Whether an alias with these letters is case-sensitive under `mode`. */
static int resolve_case(int mode, const gaz_case_stats *st)
{
    if (st->upper + st->lower == 0) return 0; /* nothing to be sensitive about (Han, digits) */
    if (mode == RC_CASE_SENSITIVE) return 1;
    if (mode == RC_CASE_INSENSITIVE) return 0;
    return st->letters <= 3 || (st->letters <= 4 && st->upper == st->letters);
}

static int valid_string(const char *s, size_t n)
{
    if (n >= UINT32_MAX) return RC_ETOOBIG;
    return rc_utf8_validate(s, n, NULL) ? RC_EUTF8 : RC_OK;
}

int rc_gazetteer_builder_add(rc_gazetteer_builder *b, const rc_gazetteer_entry *e)
{
    if (!b || !e || !e->alias || !e->alias_len || !e->id || !e->id_len) return RC_EINVAL;
    if (e->case_mode < RC_CASE_AUTO || e->case_mode > RC_CASE_INSENSITIVE) return RC_EINVAL;
    if (e->form < RC_FORM_NAME || e->form > RC_FORM_BLOCK) return RC_EINVAL;
    if (b->n >= UINT32_MAX - 1) return RC_ETOOBIG;
    int rc;
    const char *kind = e->kind ? e->kind : "", *lang = e->lang ? e->lang : "";
    const size_t kind_len = e->kind ? e->kind_len : 0, lang_len = e->lang ? e->lang_len : 0;
    if ((rc = valid_string(e->alias, e->alias_len)) || (rc = valid_string(e->id, e->id_len)) ||
        (rc = valid_string(kind, kind_len)) || (rc = valid_string(lang, lang_len)))
        return rc;

    /* What to roll back to on failure. */
    const size_t pool_len = b->pool_len, seqs_len = b->seqs_len;
    const size_t ntok = b->tokens.n, nsym = b->symbols.n;
    gaz_entry_rec r = {0};

    rc = gaz_scan(e->alias, e->alias_len, add_token, add_mark, add_rollback, b, &b->norm);
    if (rc) goto fail;
    if (b->seqs_len == seqs_len) {
        rc = RC_EINVAL; /* nothing to match: only spaces or dashes */
        goto fail;
    }
    if (b->seqs_len - seqs_len > GAZ_MAX_DEPTH) {
        rc = RC_ETOOBIG;
        goto fail;
    }
    size_t key_len;
    gaz_case_stats st;
    if ((rc = gaz_case_key(e->alias, e->alias_len, &b->norm, &b->key, &b->key_cap, &key_len, &st)))
        goto fail;
    r.flags = (uint32_t)e->case_mode | ((uint32_t)e->form << GAZ_F_FORM_SHIFT);
    if (resolve_case(e->case_mode, &st)) {
        r.flags |= GAZ_F_SENSITIVE | (st.lower ? GAZ_F_KEY_LOWER : 0);
        if ((rc = pool_add(b, b->key, key_len, &r.key_off))) goto fail;
        r.key_len = (uint32_t)key_len;
    }
    if ((rc = pool_add(b, e->alias, e->alias_len, &r.alias_off))) goto fail;
    r.alias_len = (uint32_t)e->alias_len;
    if ((rc = interner_add(&b->symbols, (const unsigned char *)e->id, e->id_len, 0, &r.id_sym)) ||
        (rc = interner_add(&b->symbols, (const unsigned char *)kind, kind_len, 0, &r.kind_sym)) ||
        (rc = interner_add(&b->symbols, (const unsigned char *)lang, lang_len, 0, &r.lang_sym)))
        goto fail;
    if ((rc = rc_grow((void **)&b->entries, &b->cap, b->n + 1, sizeof *b->entries))) goto fail;
    if ((rc = rc_grow((void **)&b->seq_off, &b->seq_off_cap, b->n + 2, sizeof *b->seq_off))) goto fail;
    if (seqs_len > UINT32_MAX || b->seqs_len > UINT32_MAX) {
        rc = RC_ETOOBIG;
        goto fail;
    }
    b->entries[b->n] = r;
    b->seq_off[b->n] = (uint32_t)seqs_len;
    b->seq_off[b->n + 1] = (uint32_t)b->seqs_len;
    b->n++;
    return RC_OK;

fail:
    b->pool_len = pool_len;
    b->seqs_len = seqs_len;
    interner_truncate(&b->tokens, ntok);
    interner_truncate(&b->symbols, nsym);
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
    return RC_OK;
}

/* ---- compilation --------------------------------------------------------------------------- */

/* The trie under construction. */
typedef struct {
    uint32_t *root;      /* token → child of the root, 0 = none */
    uint64_t *keys;      /* (parent << 32 | token) + 1, 0 = empty */
    uint32_t *vals;      /* child */
    size_t nslots, nkeys;
    gaz_edge_rec *edges; /* in creation order; edge_parent[] beside */
    uint32_t *edge_parent;
    size_t n_edges, edges_cap, parent_cap;
    uint32_t *out_node, *out_entry;
    size_t n_out, out_node_cap, out_entry_cap;
    size_t n_nodes;
    size_t max_depth;
} trie;

static void trie_free(trie *t)
{
    rc_free(t->root);
    rc_free(t->keys);
    rc_free(t->vals);
    rc_free(t->edges);
    rc_free(t->edge_parent);
    rc_free(t->out_node);
    rc_free(t->out_entry);
}

static uint64_t mix64(uint64_t x)
{
    x ^= x >> 33;
    x *= 0xFF51AFD7ED558CCDull;
    x ^= x >> 33;
    return x;
}

static int trie_map_grow(trie *t)
{
    size_t n = t->nslots ? t->nslots * 2 : 1024;
    uint64_t *keys = rc_malloc(n * sizeof *keys);
    uint32_t *vals = rc_malloc(n * sizeof *vals);
    if (!keys || !vals) {
        rc_free(keys);
        rc_free(vals);
        return RC_ENOMEM;
    }
    memset(keys, 0, n * sizeof *keys);
    for (size_t i = 0; i < t->nslots; i++) {
        if (!t->keys[i]) continue;
        size_t s = mix64(t->keys[i]) & (n - 1);
        while (keys[s]) s = (s + 1) & (n - 1);
        keys[s] = t->keys[i];
        vals[s] = t->vals[i];
    }
    rc_free(t->keys);
    rc_free(t->vals);
    t->keys = keys;
    t->vals = vals;
    t->nslots = n;
    return RC_OK;
}

/* The child of `node` by `token`, created if missing. */
static int trie_step(trie *t, uint32_t node, uint32_t token, uint32_t *child)
{
    if (node == 0 && t->root[token]) {
        *child = t->root[token];
        return RC_OK;
    }
    uint64_t key = ((uint64_t)node << 32 | token) + 1;
    size_t s = 0;
    if (node != 0) {
        s = mix64(key) & (t->nslots - 1);
        for (; t->keys[s]; s = (s + 1) & (t->nslots - 1)) {
            if (t->keys[s] == key) {
                *child = t->vals[s];
                return RC_OK;
            }
        }
    }
    if (t->n_nodes >= UINT32_MAX - 1) return RC_ETOOBIG;
    uint32_t c = (uint32_t)t->n_nodes;
    if (node == 0) {
        t->root[token] = c;
    } else {
        int rc = rc_grow((void **)&t->edges, &t->edges_cap, t->n_edges + 1, sizeof *t->edges);
        if (!rc) rc = rc_grow((void **)&t->edge_parent, &t->parent_cap, t->n_edges + 1, sizeof(uint32_t));
        if (rc) return rc;
        if ((t->nkeys + 1) * 2 > t->nslots) {
            if ((rc = trie_map_grow(t))) return rc;
            s = mix64(key) & (t->nslots - 1);
            while (t->keys[s]) s = (s + 1) & (t->nslots - 1);
        }
        t->keys[s] = key;
        t->vals[s] = c;
        t->nkeys++;
        t->edges[t->n_edges] = (gaz_edge_rec){token, c};
        t->edge_parent[t->n_edges] = node;
        t->n_edges++;
    }
    t->n_nodes++;
    *child = c;
    return RC_OK;
}

static int trie_insert(trie *t, const uint32_t *seq, size_t n, uint32_t entry)
{
    uint32_t node = 0;
    for (size_t i = 0; i < n; i++) {
        int rc = trie_step(t, node, seq[i], &node);
        if (rc) return rc;
    }
    int rc = rc_grow((void **)&t->out_node, &t->out_node_cap, t->n_out + 1, sizeof(uint32_t));
    if (!rc) rc = rc_grow((void **)&t->out_entry, &t->out_entry_cap, t->n_out + 1, sizeof(uint32_t));
    if (rc) return rc;
    t->out_node[t->n_out] = node;
    t->out_entry[t->n_out] = entry;
    t->n_out++;
    if (n > t->max_depth) t->max_depth = n;
    return RC_OK;
}

/* Inserts an alias and its variants with periods dropped. */
static int trie_insert_alias(trie *t, const uint32_t *seq, size_t n, uint32_t dot, uint32_t entry)
{
    size_t dots[GAZ_MAX_DEPTH], k = 0;
    for (size_t i = 1; i < n; i++)
        if (seq[i] == dot) dots[k++] = i;
    if (k == 0) return trie_insert(t, seq, n, entry);
    uint32_t var[GAZ_MAX_DEPTH];
    const unsigned full = k <= 4 ? (1u << k) - 1 : 1u;
    for (unsigned mask = 0; mask <= full; mask++) {
        /* Bit j of mask drops the j-th period (with more than 4 periods: mask 1 drops them all). */
        size_t m = 0, d = 0;
        for (size_t i = 0; i < n; i++) {
            if (d < k && dots[d] == i) {
                unsigned drop = k <= 4 ? (mask >> d) & 1u : mask;
                d++;
                if (drop) continue;
            }
            var[m++] = seq[i];
        }
        int rc = trie_insert(t, var, m, entry);
        if (rc) return rc;
    }
    return RC_OK;
}

static int cmp_edge(const void *a, const void *b)
{
    const gaz_edge_rec *x = a, *y = b;
    return (x->token > y->token) - (x->token < y->token);
}

static size_t align8(size_t n) { return (n + 7) & ~(size_t)7; }

int rc_gazetteer_compile(const rc_gazetteer_builder *b, rc_gazetteer **out)
{
    if (!b || !out) return RC_EINVAL;
    *out = NULL;
    const size_t n_tokens = b->tokens.n;
    trie t = {0};
    unsigned char *image = NULL;
    uint32_t *edge_start = NULL, *out_start = NULL;
    rc_gazetteer *g = NULL;
    int rc = RC_ENOMEM;

    /* The id of ".", or GAZ_NONE when no alias holds a period. */
    uint32_t dot = GAZ_NONE;
    {
        uint32_t h = gaz_hash((const unsigned char *)".", 1, 0);
        const interner *in = &b->tokens;
        for (size_t s = h & (in->nslots - 1); in->slots[s]; s = (s + 1) & (in->nslots - 1)) {
            const gaz_token_rec *r = &in->recs[in->slots[s] - 1];
            if (r->len == 1 && in->pool[r->off] == '.') dot = in->slots[s] - 1;
        }
    }

    t.root = rc_malloc((n_tokens ? n_tokens : 1) * sizeof *t.root);
    if (!t.root) goto done;
    memset(t.root, 0, (n_tokens ? n_tokens : 1) * sizeof *t.root);
    if ((rc = trie_map_grow(&t))) goto done;
    t.n_nodes = 1; /* the root */
    for (size_t e = 0; e < b->n; e++) {
        rc = trie_insert_alias(&t, b->seqs + b->seq_off[e], b->seq_off[e + 1] - b->seq_off[e], dot,
                               (uint32_t)e);
        if (rc) goto done;
    }

    /* The (node, token) map was only needed to insert: its memory goes before the image's
     * comes (it is the largest part of a big build). */
    rc_free(t.keys);
    rc_free(t.vals);
    t.keys = NULL;
    t.vals = NULL;

    /* Group edges by parent (counting sort; creation order keeps it stable), then sort each
     * group by token. Outputs likewise, keeping the order entries were added. */
    rc = RC_ENOMEM;
    edge_start = rc_malloc((t.n_nodes + 1) * sizeof *edge_start);
    out_start = rc_malloc((t.n_nodes + 1) * sizeof *out_start);
    if (!edge_start || !out_start) goto done;
    memset(edge_start, 0, (t.n_nodes + 1) * sizeof *edge_start);
    memset(out_start, 0, (t.n_nodes + 1) * sizeof *out_start);
    for (size_t i = 0; i < t.n_edges; i++) edge_start[t.edge_parent[i] + 1]++;
    for (size_t i = 0; i < t.n_out; i++) out_start[t.out_node[i] + 1]++;
    for (size_t i = 0; i < t.n_nodes; i++) {
        edge_start[i + 1] += edge_start[i];
        out_start[i + 1] += out_start[i];
    }

    /* Layout. */
    const interner *sy = &b->symbols, *tk = &b->tokens;
    const size_t pool_size = b->pool_len + sy->pool_len + tk->pool_len + b->meta_len + 1;
    if (pool_size > UINT32_MAX || t.n_out > UINT32_MAX || t.n_edges > UINT32_MAX) {
        rc = RC_ETOOBIG;
        goto done;
    }
    /* The image's hash table is rebuilt at its canonical size, whatever the builder's history. */
    size_t hash_slots = 16;
    while (hash_slots < 2 * (n_tokens + 1)) hash_slots *= 2;
    /* Small gazetteers get a sparse table (at most 1/8 full, up to 1 MiB): then nearly every
     * lookup settles at its home slot (see GAZ_SLOT_OVERFLOW). */
    while (hash_slots < 8 * (n_tokens + 1) && hash_slots * sizeof(gaz_slot) < (1u << 20)) hash_slots *= 2;
    if (hash_slots > UINT32_MAX) {
        rc = RC_ETOOBIG;
        goto done;
    }
    size_t sizes[GAZ_NSECTIONS] = {
        [GAZ_SEC_POOL] = pool_size,
        [GAZ_SEC_ENTRIES] = b->n * sizeof(gaz_entry_rec),
        [GAZ_SEC_SYMBOLS] = sy->n * sizeof(gaz_str_rec),
        [GAZ_SEC_TOKENS] = n_tokens * sizeof(gaz_token_rec),
        [GAZ_SEC_HASH] = hash_slots * sizeof(gaz_slot),
        [GAZ_SEC_ROOT] = n_tokens * sizeof(uint32_t),
        [GAZ_SEC_EDGE_START] = (t.n_nodes + 1) * sizeof(uint32_t),
        [GAZ_SEC_EDGES] = t.n_edges * sizeof(gaz_edge_rec),
        [GAZ_SEC_OUT_START] = (t.n_nodes + 1) * sizeof(uint32_t),
        [GAZ_SEC_OUTPUTS] = t.n_out * sizeof(uint32_t),
    };
    gaz_header h;
    memset(&h, 0, sizeof h);
    memcpy(h.magic, GAZ_MAGIC, 8);
    h.version = GAZ_FORMAT_VERSION;
    h.header_size = GAZ_HEADER_SIZE;
    size_t off = GAZ_HEADER_SIZE;
    for (int s = 0; s < GAZ_NSECTIONS; s++) {
        h.section_off[s] = off;
        off = align8(off + sizes[s]);
    }
    h.total_size = off;
    h.n_entries = (uint32_t)b->n;
    h.n_symbols = (uint32_t)sy->n;
    h.n_tokens = (uint32_t)n_tokens;
    h.n_nodes = (uint32_t)t.n_nodes;
    h.n_edges = (uint32_t)t.n_edges;
    h.n_outputs = (uint32_t)t.n_out;
    h.hash_slots = (uint32_t)hash_slots;
    h.max_depth = (uint32_t)t.max_depth;
    h.pool_size = pool_size;
    for (size_t i = 0; i < n_tokens; i++)
        if (tk->recs[i].len > h.max_token_len) h.max_token_len = tk->recs[i].len;

    rc = RC_ENOMEM;
    image = rc_malloc(off);
    if (!image) goto done;
    memset(image, 0, off);

    /* Pool: aliases and keys, then symbols, then tokens, then the meta note. */
    char *pool = (char *)image + h.section_off[GAZ_SEC_POOL];
    const uint32_t sym_base = (uint32_t)b->pool_len, tok_base = sym_base + (uint32_t)sy->pool_len;
    if (b->pool_len) memcpy(pool, b->pool, b->pool_len);
    if (sy->pool_len) memcpy(pool + sym_base, sy->pool, sy->pool_len);
    if (tk->pool_len) memcpy(pool + tok_base, tk->pool, tk->pool_len);
    h.meta_off = tok_base + (uint32_t)tk->pool_len;
    h.meta_len = (uint32_t)b->meta_len;
    if (b->meta_len) memcpy(pool + h.meta_off, b->meta, b->meta_len);

    if (b->n) memcpy(image + h.section_off[GAZ_SEC_ENTRIES], b->entries, sizes[GAZ_SEC_ENTRIES]);
    gaz_str_rec *syms = (gaz_str_rec *)(image + h.section_off[GAZ_SEC_SYMBOLS]);
    for (size_t i = 0; i < sy->n; i++) syms[i] = (gaz_str_rec){sym_base + sy->recs[i].off, sy->recs[i].len};
    gaz_token_rec *toks = (gaz_token_rec *)(image + h.section_off[GAZ_SEC_TOKENS]);
    for (size_t i = 0; i < n_tokens; i++) {
        toks[i] = tk->recs[i];
        toks[i].off += tok_base;
    }
    gaz_slot *slots = (gaz_slot *)(image + h.section_off[GAZ_SEC_HASH]);
    for (size_t id = 0; id < n_tokens; id++) {
        const gaz_token_rec *r = &tk->recs[id];
        size_t s = r->hash & (hash_slots - 1);
        while (slots[s].id1) s = (s + 1) & (hash_slots - 1);
        slots[s].prefix = gaz_prefix((const unsigned char *)tk->pool + r->off, r->len, r->len, 0);
        slots[s].id1 = (uint32_t)(id + 1);
        slots[s].len |= r->len; /* keeps an overflow flag set earlier */
        if (s != (r->hash & (hash_slots - 1))) slots[r->hash & (hash_slots - 1)].len |= GAZ_SLOT_OVERFLOW;
    }
    if (n_tokens) memcpy(image + h.section_off[GAZ_SEC_ROOT], t.root, sizes[GAZ_SEC_ROOT]);
    memcpy(image + h.section_off[GAZ_SEC_EDGE_START], edge_start, sizes[GAZ_SEC_EDGE_START]);
    memcpy(image + h.section_off[GAZ_SEC_OUT_START], out_start, sizes[GAZ_SEC_OUT_START]);

    /* Scatter edges and outputs into their groups (edge_start/out_start serve as cursors). */
    gaz_edge_rec *edges = (gaz_edge_rec *)(image + h.section_off[GAZ_SEC_EDGES]);
    uint32_t *outputs = (uint32_t *)(image + h.section_off[GAZ_SEC_OUTPUTS]);
    for (size_t i = 0; i < t.n_edges; i++) edges[edge_start[t.edge_parent[i]]++] = t.edges[i];
    /* Within a node, case-sensitive entries come first: when "GUAM" (an acronym) and "Guam" (a
     * name, insensitive) share a span, the one that also agrees in case is preferred. */
    for (int pass = 0; pass < 2; pass++) {
        for (size_t i = 0; i < t.n_out; i++) {
            int sensitive = (b->entries[t.out_entry[i]].flags & GAZ_F_SENSITIVE) != 0;
            if (sensitive == (pass == 0)) outputs[out_start[t.out_node[i]]++] = t.out_entry[i];
        }
    }
    const uint32_t *es = (const uint32_t *)(image + h.section_off[GAZ_SEC_EDGE_START]);
    for (size_t i = 0; i < t.n_nodes; i++) {
        size_t a = es[i], z = es[i + 1];
        if (z - a > 1) qsort(edges + a, z - a, sizeof *edges, cmp_edge);
    }

    memcpy(image, &h, sizeof h);
    uint64_t sum = gaz_checksum(image, off, GAZ_CHECKSUM_OFFSET);
    memcpy(image + GAZ_CHECKSUM_OFFSET, &sum, 8);

    g = rc_malloc(sizeof *g);
    if (!g) goto done;
    if ((rc = gaz_open_image(g, image, off, 1))) goto done; /* cannot fail: we just wrote it */
    *out = g;
    g = NULL;
    image = NULL;
    rc = RC_OK;
done:
    rc_free(g);
    rc_free(image);
    rc_free(edge_start);
    rc_free(out_start);
    trie_free(&t);
    return rc;
}
