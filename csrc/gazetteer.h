/* gazetteer.h — what the gazetteer files share: the compiled image layout, the match tokenizer
 * and the token hash.
 *
 *   gazetteer_tokens.c  cuts text (and aliases) into match tokens; case keys
 *   gazetteer_build.c   the builder: entries, token interning, compilation to an image
 *   gazetteer_image.c   image validation and loading, saving, entry accessors
 *   gazetteer_match.c   rc_gazetteer_find: token stream → trie walk → matches
 *
 * A compiled gazetteer *is* its image: one contiguous little-endian byte array of fixed-size
 * records and a string pool, addressed by offsets. Compiling writes it, saving writes it out,
 * loading validates it and sets the section pointers below; nothing else is built at load time.
 */
#ifndef RC_GAZETTEER_H
#define RC_GAZETTEER_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "relcore.h"

/* ---- image layout ------------------------------------------------------------------------- */

#define GAZ_MAGIC "RCGAZ\r\n\x1a" /* 8 bytes; \r\n and ^Z catch text-mode damage */
#define GAZ_FORMAT_VERSION 1u
#define GAZ_MAX_DEPTH 1024u /* longest alias, in tokens */
#define GAZ_NONE UINT32_MAX /* "no token" / "no node" */

/* Sections, in image order. Each starts at an 8-byte aligned offset. */
enum {
    GAZ_SEC_POOL,       /* char: every string, NUL-terminated */
    GAZ_SEC_ENTRIES,    /* gaz_entry_rec[n_entries] */
    GAZ_SEC_SYMBOLS,    /* gaz_str_rec[n_symbols]: ids, kinds, langs (symbol 0 is "") */
    GAZ_SEC_TOKENS,     /* gaz_token_rec[n_tokens]: normalized token strings */
    GAZ_SEC_HASH,       /* uint32[hash_slots]: token id + 1, 0 = empty (open addressing) */
    GAZ_SEC_ROOT,       /* uint32[n_tokens]: child of the root for each token, 0 = none */
    GAZ_SEC_EDGE_START, /* uint32[n_nodes + 1]: node i's edges are [edge_start[i], edge_start[i+1]) */
    GAZ_SEC_EDGES,      /* gaz_edge_rec[n_edges], sorted by token within a node */
    GAZ_SEC_OUT_START,  /* uint32[n_nodes + 1]: node i's outputs */
    GAZ_SEC_OUTPUTS,    /* uint32[n_outputs]: entry indices, ascending within a node */
    GAZ_NSECTIONS
};

typedef struct {
    char magic[8];
    uint32_t version;
    uint32_t header_size;
    uint64_t total_size;
    uint64_t checksum; /* gaz_checksum of the whole image with these 8 bytes taken as zero */
    uint32_t n_entries, n_symbols, n_tokens, n_nodes;
    uint32_t n_edges, n_outputs, hash_slots, max_depth;
    uint32_t max_token_len, meta_off, meta_len, reserved;
    uint64_t pool_size;
    uint64_t section_off[GAZ_NSECTIONS];
} gaz_header;

#define GAZ_HEADER_SIZE 168u
_Static_assert(sizeof(gaz_header) == GAZ_HEADER_SIZE, "gaz_header has padding");
#define GAZ_CHECKSUM_OFFSET 24u

/* Entry flags. */
#define GAZ_F_CASE_MASK 3u     /* RC_CASE_* as added */
#define GAZ_F_SENSITIVE 4u     /* the case rule is in force */
#define GAZ_F_KEY_LOWER 8u     /* the case key has a lowercase letter (all-caps text may match) */
#define GAZ_F_KNOWN 15u

typedef struct {
    uint32_t alias_off, alias_len; /* the alias as added */
    uint32_t key_off, key_len;     /* case key: letters and digits, not case-folded */
    uint32_t id_sym, kind_sym, lang_sym, flags;
} gaz_entry_rec;

typedef struct {
    uint32_t off, len;
} gaz_str_rec;

typedef struct {
    uint32_t off, len, hash;
} gaz_token_rec;

typedef struct {
    uint32_t token, child;
} gaz_edge_rec;

/* A loaded (or freshly compiled) gazetteer: the image and pointers to its sections. */
struct rc_gazetteer {
    unsigned char *image; /* owned; 8-byte aligned */
    size_t size;
    gaz_header h;
    const char *pool;
    const gaz_entry_rec *entries;
    const gaz_str_rec *symbols;
    const gaz_token_rec *tokens;
    const uint32_t *hash;
    const uint32_t *root;
    const uint32_t *edge_start;
    const gaz_edge_rec *edges;
    const uint32_t *out_start;
    const uint32_t *outputs;
    uint32_t one_byte[128]; /* id of each one-byte token (GAZ_NONE if none): a shortcut */
};

/* Validates image[0..size) (owned by the caller, 8-byte aligned) and fills g's pointers.
 * `trusted` skips the per-record checks for an image this process just compiled (the structure
 * and checksum are still checked). Returns RC_OK or RC_EFORMAT. */
int gaz_open_image(rc_gazetteer *g, unsigned char *image, size_t size, int trusted);

/* The image checksum: FNV-1a-style over little-endian 64-bit words (the tail zero-padded), with
 * the 8 bytes at `skip` (the checksum field) taken as zero. */
uint64_t gaz_checksum(const unsigned char *p, size_t n, size_t skip);

/* ---- the token hash ------------------------------------------------------------------------ */

/* Loads n <= 8 bytes as a little-endian word (zero-padded). */
static inline uint64_t gaz_load_tail(const unsigned char *p, size_t n)
{
    uint64_t w = 0;
    memcpy(&w, p, n);
    return w;
}

/* Hash of a token's bytes. `ormask` is OR-ed into every byte first: 0x20 per byte lowercases an
 * ASCII letter-or-digit run in place, so the matcher hashes "Azerbaijan" straight from the text
 * and gets the hash of the stored "azerbaijan". */
static inline uint32_t gaz_hash(const unsigned char *p, size_t n, uint64_t ormask)
{
    const uint64_t k = 0x9E3779B97F4A7C15ull;
    uint64_t h = (uint64_t)n * 0xFF51AFD7ED558CCDull;
    while (n >= 8) {
        uint64_t w;
        memcpy(&w, p, 8);
        h = (h ^ (w | ormask)) * k;
        h ^= h >> 29;
        p += 8;
        n -= 8;
    }
    if (n) {
        uint64_t w = gaz_load_tail(p, n) | (ormask & ((1ull << (8 * n)) - 1));
        h = (h ^ w) * k;
    }
    h ^= h >> 32;
    h *= 0xC4CEB9FE1A85EC53ull;
    h ^= h >> 29;
    return (uint32_t)h;
}

/* The id of the token p[0..n) (bytes OR-ed with ormask, see gaz_hash), or GAZ_NONE. */
static inline uint32_t gaz_lookup(const rc_gazetteer *g, const unsigned char *p, size_t n,
                                  uint64_t ormask)
{
    const uint32_t h = gaz_hash(p, n, ormask);
    const uint32_t mask = g->h.hash_slots - 1;
    const unsigned char orb = (unsigned char)ormask;
    /* Terminates: validation guarantees an empty slot. */
    for (uint32_t s = h & mask;; s = (s + 1) & mask) {
        const uint32_t v = g->hash[s];
        if (!v) return GAZ_NONE;
        const gaz_token_rec *t = &g->tokens[v - 1];
        if (t->hash != h || t->len != n) continue;
        const unsigned char *q = (const unsigned char *)g->pool + t->off;
        size_t i = 0;
        while (i < n && (unsigned char)(p[i] | orb) == q[i]) i++;
        if (i == n) return v - 1;
    }
}

/* ---- match tokens -------------------------------------------------------------------------- */

/* Receives one match token: its normalized bytes p[0..n) (to be OR-ed with `ormask` per byte, see
 * gaz_hash) and the span [start, end) of the original text it came from. Returns 0 to go on or a
 * negative RC_E* code to stop the scan. */
typedef int (*gaz_sink)(void *ctx, const unsigned char *p, size_t n, uint64_t ormask,
                        size_t start, size_t end);

/* The normalization options of match tokens. */
#define GAZ_NORM (RC_NFKC | RC_CASEFOLD | RC_STRIP_ACCENTS | RC_FOLD_QUOTES | RC_FOLD_DASHES)

/* Cuts text[0..len) into match tokens (see relcore.h), calling sink for each in order.
 * `scratch` is reusable normalization memory. Runs of ASCII separated by ASCII white space take a
 * fast path; only the space-delimited chunks holding other characters are normalized.
 * Invalid UTF-8 is replaced (it yields U+FFFD tokens). Returns 0, the sink's code or RC_ENOMEM. */
int gaz_scan(const char *text, size_t len, gaz_sink sink, void *ctx, rc_normalized *scratch);

/* Letter statistics of a case key. */
typedef struct {
    size_t letters; /* L* */
    size_t upper;   /* Lu, Lt */
    size_t lower;   /* Ll */
} gaz_case_stats;

/* The case key of text[0..len): its letters, marks and digits after NFKC, accent stripping and
 * quote/dash folding but *without* case folding, written to *buf (growable, capacity *cap), length
 * in *key_len, with their statistics in *stats. Two spans whose match tokens are equal have equal
 * case keys exactly when they are written in the same case. Returns RC_OK or RC_ENOMEM. */
int gaz_case_key(const char *text, size_t len, rc_normalized *scratch, char **buf, size_t *cap,
                 size_t *key_len, gaz_case_stats *stats);

#endif
