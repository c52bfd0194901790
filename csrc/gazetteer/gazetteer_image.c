/* gazetteer_image.c — the compiled image: checksum, validation, loading, saving, accessors.
 *
 * An image may come from anywhere (a file, a pickle), so loading trusts nothing: every size,
 * offset, index and string is checked before the matcher may follow it. After validation the
 * matcher needs no bounds checks of its own except one: the trie walk is bounded by max_depth,
 * so that even a trie with cycles (which validation does not look for) cannot make it loop.
 */
#include <stdio.h>

#include "base/alloc.h"
#include "gazetteer/gazetteer.h"

uint64_t gaz_checksum(const unsigned char *p, size_t n, size_t skip)
{
    uint64_t h = 0xCBF29CE484222325ull; /* FNV offset basis, FNV prime below */
    size_t i = 0;
    /* Whole words with a fixed-size copy (one load); a copy of variable size was a library call
     * per word, half the time of loading the default image. */
    for (; i + 8 <= n; i += 8) {
        uint64_t w;
        memcpy(&w, p + i, 8);
        w &= (uint64_t)0 - (i != skip);
        h = (h ^ w) * 0x100000001B3ull;
        h ^= h >> 31; /* the plain FNV step only mixes upwards */
    }
    if (i < n) { /* the tail, zero-padded */
        uint64_t w = 0;
        memcpy(&w, p + i, n - i);
        if (i == skip) w = 0;
        h = (h ^ w) * 0x100000001B3ull;
        h ^= h >> 31;
    }
    return h;
}

uint32_t gaz_lookup_probe(const rc_gazetteer *g, uint64_t prefix, const unsigned char *p, size_t n,
                          uint64_t ormask, uint32_t s)
{
    const uint32_t mask = g->h.hash_slots - 1;
    /* Terminates: validation guarantees an empty slot. */
    for (;; s = (s + 1) & mask) {
        const gaz_slot *e = &g->hash[s];
        if (!e->id1) return GAZ_NONE;
        if (e->prefix != prefix || (e->len & GAZ_SLOT_LEN) != n) continue;
        if (n <= 8) return e->id1 - 1;
        const unsigned char *q = (const unsigned char *)g->pool + g->tokens[e->id1 - 1].off;
        size_t i = 8;
        for (; i + 8 <= n; i += 8) {
            uint64_t a, b;
            memcpy(&a, p + i, 8);
            memcpy(&b, q + i, 8);
            if ((a | ormask) != b) break;
        }
        if (i + 8 <= n) continue;
        if (i == n || (gaz_load_tail(p + i, n - i) | (ormask & (~0ull >> (64 - 8 * (n - i))))) ==
                          gaz_load_tail(q + i, n - i))
            return e->id1 - 1;
    }
}

static int host_is_little_endian(void)
{
    const uint16_t one = 1;
    unsigned char b;
    memcpy(&b, &one, 1);
    return b == 1;
}

/* A string of the pool: in bounds, NUL-terminated where its length says, valid UTF-8. */
static int check_str(const rc_gazetteer *g, uint64_t off, uint64_t len)
{
    if (off >= g->h.pool_size || len >= g->h.pool_size - off) return 0;
    if (g->pool[off + len] != '\0') return 0;
    return rc_utf8_validate(g->pool + off, (size_t)len, NULL) == RC_OK;
}

static int check_index_array(const uint32_t *a, size_t n, uint64_t last, int start_zero)
{
    if (start_zero && a[0] != 0) return 0;
    for (size_t i = 0; i < n; i++)
        if (a[i] > a[i + 1]) return 0;
    return a[n] == last;
}

static int cmp_str(const rc_gazetteer *g, const gaz_str_rec *a, const gaz_str_rec *b)
{
    int c = memcmp(g->pool + a->off, g->pool + b->off, a->len < b->len ? a->len : b->len);
    return c ? c : (a->len > b->len) - (a->len < b->len);
}

/* Languages, rules (sorted by language and form suffix, in their language's range) and words
 * (sorted by language, kind, bytes): the matcher binary-searches both. */
static int check_langs(const rc_gazetteer *g)
{
    const gaz_header *h = &g->h;
    for (size_t l = 0; l < h->n_langs; l++) {
        const gaz_lang_rec *L = &g->langs[l];
        if (L->tag_sym >= h->n_symbols || L->flags & ~GAZ_L_KNOWN || L->script >= GAZ_NSCRIPTS ||
            L->rule_start > L->rule_end || L->rule_end > h->n_rules)
            return 0;
        for (size_t r = L->rule_start; r < L->rule_end; r++)
            if (g->rules[r].lang != l) return 0;
    }
    for (size_t r = 0; r < h->n_rules; r++) {
        const gaz_rule_rec *R = &g->rules[r];
        if (R->lang >= h->n_langs || R->form_suffix.len >= 32) return 0;
        if (!(g->langs[R->lang].suffix_lens >> R->form_suffix.len & 1)) return 0;
        const gaz_str_rec *s[4] = {&R->form_prefix, &R->lemma_prefix, &R->form_suffix, &R->lemma_suffix};
        for (int k = 0; k < 4; k++)
            if (!check_str(g, s[k]->off, s[k]->len)) return 0;
        if (r && (R->lang < R[-1].lang || (R->lang == R[-1].lang && cmp_str(g, &R[-1].form_suffix, &R->form_suffix) > 0)))
            return 0;
    }
    for (size_t w = 0; w < h->n_words; w++) {
        const gaz_word_rec *W = &g->words[w];
        if (W->lang >= h->n_langs || (W->kind < RC_WORD_MARKER || W->kind > RC_WORD_DESIGNATED) ||
            !check_str(g, W->off, W->len))
            return 0;
        if (w) {
            const gaz_word_rec *P = &W[-1];
            const gaz_str_rec a = {P->off, P->len}, b = {W->off, W->len};
            if (P->lang > W->lang || (P->lang == W->lang && (P->kind > W->kind ||
                                                             (P->kind == W->kind && cmp_str(g, &a, &b) > 0))))
                return 0;
        }
    }
    for (size_t i = 0; i < h->n_entries; i++)
        if (gaz_entry_lang(g->entries[i].flags) >= (int)h->n_langs) return 0;
    return 1;
}

/* Every record: strings, indices, sort orders, the token hash table. */
static int check_records(const rc_gazetteer *g)
{
    const gaz_header *h = &g->h;
    for (size_t i = 0; i < h->n_entries; i++) {
        const gaz_entry_rec *e = &g->entries[i];
        if (e->flags & ~GAZ_F_KNOWN || (e->flags & GAZ_F_CASE_MASK) > RC_CASE_INSENSITIVE) return 0;
        if (!e->alias_len || !check_str(g, e->alias_off, e->alias_len)) return 0;
        if (!check_str(g, e->key_off, e->key_len)) return 0;
        if (e->id_sym >= h->n_symbols || e->kind_sym >= h->n_symbols || e->lang_sym >= h->n_symbols)
            return 0;
    }
    for (size_t i = 0; i < h->n_symbols; i++)
        if (!check_str(g, g->symbols[i].off, g->symbols[i].len)) return 0;
    for (size_t i = 0; i < h->n_tokens; i++) {
        const gaz_token_rec *t = &g->tokens[i];
        if (!t->len || t->len > h->max_token_len || !check_str(g, t->off, t->len)) return 0;
        if (t->hash != gaz_hash((const unsigned char *)g->pool + t->off, t->len, 0)) return 0;
        /* It must be where lookups will search for it, with its own prefix and length, and the
         * overflow flag of its home slot set if it is not there. */
        const size_t mask = h->hash_slots - 1, home = t->hash & mask;
        size_t s = home, steps = 0;
        while (g->hash[s].id1 != i + 1) {
            if (!g->hash[s].id1 || ++steps == h->hash_slots) return 0;
            s = (s + 1) & mask;
        }
        const unsigned char *q = (const unsigned char *)g->pool + t->off;
        if ((g->hash[s].len & GAZ_SLOT_LEN) != t->len || g->hash[s].prefix != gaz_prefix(q, t->len, t->len, 0))
            return 0;
        if (s != home && !(g->hash[home].len & GAZ_SLOT_OVERFLOW)) return 0;
    }
    size_t used = 0;
    for (size_t s = 0; s < h->hash_slots; s++) {
        const gaz_slot *e = &g->hash[s];
        if (e->id1 > h->n_tokens || (!e->id1 && (e->prefix || (e->len & GAZ_SLOT_LEN)))) return 0;
        used += e->id1 != 0;
    }
    if (used != h->n_tokens) return 0;
    for (size_t i = 0; i < h->n_tokens; i++)
        if (g->root[i] >= h->n_nodes) return 0;
    if (!check_index_array(g->edge_start, h->n_nodes, h->n_edges, 1)) return 0;
    if (!check_index_array(g->out_start, h->n_nodes, h->n_outputs, 1)) return 0;
    for (size_t n = 0; n < h->n_nodes; n++) {
        for (size_t k = g->edge_start[n]; k < g->edge_start[n + 1]; k++) {
            const gaz_edge_rec *e = &g->edges[k];
            if (e->token >= h->n_tokens || e->child == 0 || e->child >= h->n_nodes) return 0;
            if (k > g->edge_start[n] && e->token <= g->edges[k - 1].token) return 0;
        }
    }
    for (size_t i = 0; i < h->n_outputs; i++)
        if (g->outputs[i] >= h->n_entries) return 0;
    return check_langs(g);
}

int gaz_open_image(rc_gazetteer *g, unsigned char *image, size_t size, int trusted)
{
    memset(g, 0, sizeof *g);
    if (!host_is_little_endian() || size < GAZ_HEADER_SIZE || ((uintptr_t)image & 7)) return RC_EFORMAT;
    gaz_header *h = &g->h;
    memcpy(h, image, sizeof *h);
    /* The first 32 bytes (magic, version, header size, total size, checksum) are laid out alike
     * in every version: an intact image of another version is told apart from a damaged one. */
    if (memcmp(h->magic, GAZ_MAGIC, 8) != 0 || h->total_size != size) return RC_EFORMAT;
    uint64_t sum;
    memcpy(&sum, image + GAZ_CHECKSUM_OFFSET, 8);
    if (sum != gaz_checksum(image, size, GAZ_CHECKSUM_OFFSET)) return RC_EFORMAT;
    if (h->version != GAZ_FORMAT_VERSION) {
        memset(g, 0, sizeof *g);
        return RC_EVERSION;
    }
    if (h->header_size != GAZ_HEADER_SIZE) return RC_EFORMAT;

    /* Counts and the sizes they imply (64-bit arithmetic: no overflow from 32-bit counts). */
    if (h->n_nodes < 1 || h->n_symbols < 1 || h->pool_size < 1 || h->max_depth > GAZ_MAX_DEPTH ||
        h->hash_slots == 0 || (h->hash_slots & (h->hash_slots - 1)) || h->n_tokens >= h->hash_slots ||
        h->n_nodes == UINT32_MAX || h->n_langs > GAZ_MAX_LANGS)
        return RC_EFORMAT;
    const uint64_t sizes[GAZ_NSECTIONS] = {
        [GAZ_SEC_POOL] = h->pool_size,
        [GAZ_SEC_ENTRIES] = (uint64_t)h->n_entries * sizeof(gaz_entry_rec),
        [GAZ_SEC_SYMBOLS] = (uint64_t)h->n_symbols * sizeof(gaz_str_rec),
        [GAZ_SEC_TOKENS] = (uint64_t)h->n_tokens * sizeof(gaz_token_rec),
        [GAZ_SEC_HASH] = (uint64_t)h->hash_slots * sizeof(gaz_slot),
        [GAZ_SEC_ROOT] = (uint64_t)h->n_tokens * sizeof(uint32_t),
        [GAZ_SEC_EDGE_START] = ((uint64_t)h->n_nodes + 1) * sizeof(uint32_t),
        [GAZ_SEC_EDGES] = (uint64_t)h->n_edges * sizeof(gaz_edge_rec),
        [GAZ_SEC_OUT_START] = ((uint64_t)h->n_nodes + 1) * sizeof(uint32_t),
        [GAZ_SEC_OUTPUTS] = (uint64_t)h->n_outputs * sizeof(uint32_t),
        [GAZ_SEC_LANGS] = (uint64_t)h->n_langs * sizeof(gaz_lang_rec),
        [GAZ_SEC_RULES] = (uint64_t)h->n_rules * sizeof(gaz_rule_rec),
        [GAZ_SEC_WORDS] = (uint64_t)h->n_words * sizeof(gaz_word_rec),
        [GAZ_SEC_TOKEN_LANGS] = (uint64_t)h->n_tokens * sizeof(uint32_t),
    };
    uint64_t min_off = GAZ_HEADER_SIZE;
    for (int s = 0; s < GAZ_NSECTIONS; s++) {
        uint64_t off = h->section_off[s];
        if (off & 7 || off < min_off || off > size || sizes[s] > size - off) return RC_EFORMAT;
        min_off = off + sizes[s];
    }
    g->image = image;
    g->size = size;
    g->pool = (const char *)image + h->section_off[GAZ_SEC_POOL];
    g->entries = (const gaz_entry_rec *)(image + h->section_off[GAZ_SEC_ENTRIES]);
    g->symbols = (const gaz_str_rec *)(image + h->section_off[GAZ_SEC_SYMBOLS]);
    g->tokens = (const gaz_token_rec *)(image + h->section_off[GAZ_SEC_TOKENS]);
    g->hash = (const gaz_slot *)(image + h->section_off[GAZ_SEC_HASH]);
    g->root = (const uint32_t *)(image + h->section_off[GAZ_SEC_ROOT]);
    g->edge_start = (const uint32_t *)(image + h->section_off[GAZ_SEC_EDGE_START]);
    g->edges = (const gaz_edge_rec *)(image + h->section_off[GAZ_SEC_EDGES]);
    g->out_start = (const uint32_t *)(image + h->section_off[GAZ_SEC_OUT_START]);
    g->outputs = (const uint32_t *)(image + h->section_off[GAZ_SEC_OUTPUTS]);
    g->langs = (const gaz_lang_rec *)(image + h->section_off[GAZ_SEC_LANGS]);
    g->rules = (const gaz_rule_rec *)(image + h->section_off[GAZ_SEC_RULES]);
    g->words = (const gaz_word_rec *)(image + h->section_off[GAZ_SEC_WORDS]);
    g->token_langs = (const uint32_t *)(image + h->section_off[GAZ_SEC_TOKEN_LANGS]);
    if (g->pool[h->pool_size - 1] != '\0' || !check_str(g, h->meta_off, h->meta_len) ||
        (!trusted && !check_records(g))) {
        memset(g, 0, sizeof *g);
        return RC_EFORMAT;
    }
    /* Up to 16,384 tokens, the filter is at most a quarter full (a filter that lets through
     * nearly everything would only cost a test); beyond, it lets every word through. */
    memset(g->token_filter, h->n_tokens <= 16384 ? 0 : 0xFF, sizeof g->token_filter);
    for (uint32_t t = 0; t < h->n_tokens && h->n_tokens <= 16384; t++)
        g->token_filter[g->tokens[t].hash >> 22] |= 1ull << (g->tokens[t].hash >> 16 & 63);
    size_t n_starts = 0;
    for (uint32_t t = 0; t < h->n_tokens; t++) n_starts += g->root[t] != 0;
    memset(g->start_filter, n_starts <= 32768 ? 0 : 0xFF, sizeof g->start_filter);
    for (uint32_t t = 0; t < h->n_tokens && n_starts <= 32768; t++) {
        if (!g->root[t]) continue;
        const gaz_token_rec *r = &g->tokens[t];
        const unsigned char *p = (const unsigned char *)g->pool + r->off;
        /* as the matcher's block path reads a token: every byte OR-ed with 0x20 */
        const uint32_t hs = gaz_start_hash(gaz_prefix(p, r->len, r->len, GAZ_ORMASK_LOWER), r->len);
        g->start_filter[hs >> 21] |= 1ull << (hs >> 15 & 63);
        if (r->len == 1 && p[0] == '\'') { /* '`' in the text reads as '\'' */
            const uint32_t hb = gaz_start_hash('`', 1);
            g->start_filter[hb >> 21] |= 1ull << (hb >> 15 & 63);
        }
    }
    const int edges_fit = h->n_edges <= 4096 * 64 / 4; /* at most a quarter of the bits set */
    memset(g->edge_filter, edges_fit ? 0 : 0xFF, sizeof g->edge_filter);
    for (uint32_t v = 0; v < h->n_nodes && edges_fit; v++) {
        for (uint32_t e = g->edge_start[v]; e < g->edge_start[v + 1]; e++) {
            const gaz_token_rec *r = &g->tokens[g->edges[e].token];
            const unsigned char *p = (const unsigned char *)g->pool + r->off;
            uint32_t b = gaz_edge_bit(v, gaz_start_hash(gaz_prefix(p, r->len, r->len, GAZ_ORMASK_LOWER), r->len));
            g->edge_filter[b >> 6] |= 1ull << (b & 63);
            if (r->len == 1 && p[0] == '\'') { /* '`' in the text reads as '\'' */
                b = gaz_edge_bit(v, gaz_start_hash('`', 1));
                g->edge_filter[b >> 6] |= 1ull << (b & 63);
            }
        }
    }
    for (unsigned c = 0; c < 128; c++) {
        const unsigned char b = (unsigned char)c;
        g->one_byte[c] = h->n_tokens ? gaz_lookup(g, &b, 1, 1, 0) : GAZ_NONE;
    }
    for (unsigned c = 0; c < 128; c++) /* letters fold; '`' is the one ASCII character NFKC changes */
        g->text_byte[c] = gaz_byte_class[c] == GAZ_C_WORD ? g->one_byte[c | 0x20]
                          : c == '`'                      ? g->one_byte['\'']
                                                          : g->one_byte[c];
    size_t markers = 0;
    g->designated_langs = 0;
    memset(g->designated_ids, 0, sizeof g->designated_ids);
    for (size_t i = 0; i < h->n_words; i++) {
        markers += g->words[i].kind == RC_WORD_MARKER;
        const gaz_word_rec *w = &g->words[i];
        if (w->kind != RC_WORD_DESIGNATED || w->lang >= 32 || !w->len || !h->n_tokens) continue;
        g->designated_langs |= 1u << w->lang;
        const uint32_t id = gaz_lookup(g, (const unsigned char *)g->pool + w->off, w->len, w->len, 0);
        if (id != GAZ_NONE) g->designated_ids[id >> 6 & 3] |= 1ull << (id & 63);
    }
    if (markers <= GAZ_MARKER_SLOTS * 3 / 4 && h->n_words < UINT16_MAX) {
        for (size_t i = 0; i < h->n_words; i++) {
            const gaz_word_rec *w = &g->words[i];
            if (w->kind != RC_WORD_MARKER || !w->len) continue;
            size_t k = gaz_hash((const unsigned char *)g->pool + w->off, w->len, 0) & (GAZ_MARKER_SLOTS - 1);
            while (g->marker_slots[k]) k = (k + 1) & (GAZ_MARKER_SLOTS - 1);
            g->marker_slots[k] = (uint16_t)(i + 1);
        }
        g->marker_hashed = 1;
    }
    return RC_OK;
}

/* Takes ownership of image (malloc'ed, 8-byte aligned) whatever the outcome. */
static int open_owned(unsigned char *image, size_t size, rc_gazetteer **out)
{
    rc_gazetteer *g = rc_malloc(sizeof *g);
    if (!g) {
        rc_free(image);
        return RC_ENOMEM;
    }
    int rc = gaz_open_image(g, image, size, 0);
    if (rc) {
        rc_free(image);
        rc_free(g);
        return rc;
    }
    *out = g;
    return RC_OK;
}

int rc_gazetteer_load_image(const void *data, size_t size, rc_gazetteer **out)
{
    if (!out || (!data && size)) return RC_EINVAL;
    *out = NULL;
    if (size < GAZ_HEADER_SIZE) return RC_EFORMAT;
    unsigned char *image = rc_malloc(size); /* malloc alignment is enough for the records */
    if (!image) return RC_ENOMEM;
    memcpy(image, data, size);
    return open_owned(image, size, out);
}

int rc_gazetteer_load_file(const char *path, rc_gazetteer **out)
{
    if (!path || !out) return RC_EINVAL;
    *out = NULL;
    FILE *f = fopen(path, "rb");
    if (!f) return RC_EIO;
    /* The header first: it says how big the image is, and a file that is not an image is turned
     * away before anything is allocated for it. */
    gaz_header h;
    long size = -1;
    size_t got = fread(&h, 1, sizeof h, f);
    if (ferror(f)) goto io_error;
    /* The first 32 bytes (magic, version, sizes, checksum) are laid out alike in every version. */
    if (got < 32 || memcmp(h.magic, GAZ_MAGIC, 8) != 0) goto format_error;
    if (fseek(f, 0, SEEK_END) == 0) size = ftell(f);
    if (size < 0 || fseek(f, 0, SEEK_SET) != 0) goto io_error;
    if ((uint64_t)size != h.total_size) goto format_error;
    unsigned char *image = rc_malloc((size_t)size);
    if (!image) {
        fclose(f);
        return RC_ENOMEM;
    }
    got = fread(image, 1, (size_t)size, f);
    int err = ferror(f);
    fclose(f);
    if (err || got != (size_t)size) {
        rc_free(image);
        return err ? RC_EIO : RC_EFORMAT; /* shorter than it was a moment ago: truncated */
    }
    return open_owned(image, (size_t)size, out);
io_error:
    fclose(f);
    return RC_EIO;
format_error:
    fclose(f);
    return RC_EFORMAT;
}

int rc_gazetteer_save_file(const rc_gazetteer *g, const char *path)
{
    if (!g || !path) return RC_EINVAL;
    FILE *f = fopen(path, "wb");
    if (!f) return RC_EIO;
    size_t put = fwrite(g->image, 1, g->size, f);
    int bad = put != g->size || fflush(f) != 0;
    if (fclose(f) != 0) bad = 1;
    return bad ? RC_EIO : RC_OK;
}

void rc_gazetteer_image(const rc_gazetteer *g, const void **data, size_t *size)
{
    if (data) *data = g ? g->image : NULL;
    if (size) *size = g ? g->size : 0;
}

void rc_gazetteer_free(rc_gazetteer *g)
{
    if (!g) return;
    rc_free(g->image);
    rc_free(g);
}

size_t rc_gazetteer_count(const rc_gazetteer *g) { return g ? g->h.n_entries : 0; }

int rc_gazetteer_entry_get(const rc_gazetteer *g, size_t index, rc_gazetteer_entry *out)
{
    if (!g || !out || index >= g->h.n_entries) return RC_EINVAL;
    const gaz_entry_rec *e = &g->entries[index];
    const gaz_str_rec *id = &g->symbols[e->id_sym], *kind = &g->symbols[e->kind_sym],
                      *lang = &g->symbols[e->lang_sym];
    out->alias = g->pool + e->alias_off;
    out->alias_len = e->alias_len;
    out->id = g->pool + id->off;
    out->id_len = id->len;
    out->kind = g->pool + kind->off;
    out->kind_len = kind->len;
    out->lang = g->pool + lang->off;
    out->lang_len = lang->len;
    out->case_mode = (int)(e->flags & GAZ_F_CASE_MASK);
    out->case_sensitive = (e->flags & GAZ_F_SENSITIVE) != 0;
    out->form = (int)((e->flags & GAZ_F_FORM_MASK) >> GAZ_F_FORM_SHIFT);
    return RC_OK;
}

const char *rc_gazetteer_meta(const rc_gazetteer *g, size_t *len)
{
    if (len) *len = g ? g->h.meta_len : 0;
    return g ? g->pool + g->h.meta_off : "";
}
