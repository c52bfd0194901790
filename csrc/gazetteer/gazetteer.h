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
#define GAZ_FORMAT_VERSION 2u /* 2: languages, inflection rules, word lists, token languages */
#define GAZ_MAX_DEPTH 1024u /* longest alias, in tokens */
#define GAZ_NONE UINT32_MAX /* "no token" / "no node" */
#define GAZ_LAZY (UINT32_MAX - 1u) /* the matcher's buffer: a token not looked up yet (no token id is) */

/* Sections, in image order. Each starts at an 8-byte aligned offset. */
enum {
    GAZ_SEC_POOL,       /* char: every string, NUL-terminated */
    GAZ_SEC_ENTRIES,    /* gaz_entry_rec[n_entries] */
    GAZ_SEC_SYMBOLS,    /* gaz_str_rec[n_symbols]: ids, kinds, langs (symbol 0 is "") */
    GAZ_SEC_TOKENS,     /* gaz_token_rec[n_tokens]: normalized token strings */
    GAZ_SEC_HASH,       /* gaz_slot[hash_slots]: the token table (open addressing) */
    GAZ_SEC_ROOT,       /* uint32[n_tokens]: child of the root for each token, 0 = none */
    GAZ_SEC_EDGE_START, /* uint32[n_nodes + 1]: node i's edges are [edge_start[i], edge_start[i+1]) */
    GAZ_SEC_EDGES,      /* gaz_edge_rec[n_edges], sorted by token within a node */
    GAZ_SEC_OUT_START,  /* uint32[n_nodes + 1]: node i's outputs */
    GAZ_SEC_OUTPUTS,    /* uint32[n_outputs]: entry indices, by priority within a node */
    GAZ_SEC_LANGS,      /* gaz_lang_rec[n_langs]: every language tag of the entries */
    GAZ_SEC_RULES,      /* gaz_rule_rec[n_rules]: by language, then form suffix (bytes) */
    GAZ_SEC_WORDS,      /* gaz_word_rec[n_words]: by language, kind, then bytes */
    GAZ_SEC_TOKEN_LANGS, /* uint32[n_tokens]: bit l = the token is in an alias of language l < 32 */
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
    uint32_t n_langs, n_rules, n_words, reserved2;
    uint64_t pool_size;
    uint64_t section_off[GAZ_NSECTIONS];
} gaz_header;

#define GAZ_HEADER_SIZE 216u
_Static_assert(sizeof(gaz_header) == GAZ_HEADER_SIZE, "gaz_header has padding");
#define GAZ_CHECKSUM_OFFSET 24u

/* Entry flags. */
#define GAZ_F_CASE_MASK 3u     /* RC_CASE_* as added */
#define GAZ_F_SENSITIVE 4u     /* the case rule is in force */
#define GAZ_F_KEY_LOWER 8u     /* the case key has a lowercase letter (all-caps text may match) */
#define GAZ_F_FORM_SHIFT 4u    /* RC_FORM_* in bits 4-5 (0, a name, in images written before forms) */
#define GAZ_F_FORM_MASK (3u << GAZ_F_FORM_SHIFT)
#define GAZ_F_BLOCK ((uint32_t)RC_FORM_BLOCK << GAZ_F_FORM_SHIFT)
#define GAZ_F_LANG_SHIFT 8u     /* bits 8..15: language index + 1 (0: no language) */
#define GAZ_F_LANG_MASK 0xFF00u
#define GAZ_F_KNOWN (63u | GAZ_F_LANG_MASK)
#define GAZ_MAX_LANGS 255u
#define GAZ_MARKER_SLOTS 512u

/* Language flags (gaz_lang_rec.flags; the public RC_LANG_* bits, and what compile works out). */
#define GAZ_L_PUBLIC (RC_LANG_CASED | RC_LANG_INFLECT_ANY_WORD)
#define GAZ_L_BASE 0x100u       /* "en" or "en-…": fires as aliases without a language */
#define GAZ_L_KNOWN (GAZ_L_PUBLIC | GAZ_L_BASE)

typedef struct {
    uint32_t off, len;
} gaz_str_rec;

/* Scripts of languages and tokens (the first letter of a normalized token decides). */
enum { GAZ_SCRIPT_OTHER, GAZ_SCRIPT_LATIN, GAZ_SCRIPT_CYRILLIC, GAZ_SCRIPT_ARMENIAN,
       GAZ_SCRIPT_GEORGIAN, GAZ_SCRIPT_ARABIC, GAZ_NSCRIPTS };

typedef struct {
    uint32_t tag_sym;           /* symbol of its BCP 47 tag */
    uint32_t flags;             /* GAZ_L_* */
    uint32_t script;            /* GAZ_SCRIPT_* of most of its aliases */
    uint32_t rule_start, rule_end;
    uint32_t suffix_lens;       /* bit k: some rule's form suffix has k bytes (k < 32) */
} gaz_lang_rec;

/* An inflection rule: a word written form_prefix + stem + form_suffix in the text is read as the
 * token lemma_prefix + stem + lemma_suffix (all normalized like match tokens), if that token is in
 * an alias of the rule's language and the stem has at least min_stem bytes. */
typedef struct {
    uint32_t lang;
    uint32_t min_stem;
    gaz_str_rec form_prefix, lemma_prefix, form_suffix, lemma_suffix;
} gaz_rule_rec;

/* A word of a language's list: kind RC_WORD_MARKER or RC_WORD_COMMON; normalized bytes. */
typedef struct {
    uint32_t lang, kind;
    uint32_t off, len;
} gaz_word_rec;

typedef struct {
    uint32_t alias_off, alias_len; /* the alias as added */
    uint32_t key_off, key_len;     /* case key: letters and digits, not case-folded */
    uint32_t id_sym, kind_sym, lang_sym, flags;
} gaz_entry_rec;

typedef struct {
    uint32_t off, len, hash;
} gaz_token_rec;

typedef struct {
    uint32_t token, child;
} gaz_edge_rec;

/* A slot of the token hash table. The first 8 bytes of the token sit in the slot, so looking up
 * a word of up to 8 bytes (nearly all of them) touches one slot and nothing else. */
typedef struct {
    uint64_t prefix; /* gaz_prefix of the token (never 0: tokens hold no NUL byte); 0 if empty */
    uint32_t id1;    /* token id + 1; 0 = empty */
    uint32_t len;    /* token length in bytes, | GAZ_SLOT_OVERFLOW */
} gaz_slot;

/* Set on slot s when a token whose home is s is stored further on (linear probing). A lookup
 * that misses at its home slot can then stop at once unless the flag is set: with the table at
 * most 1/8 full (small gazetteers), nearly every lookup is one slot and no branch on hit/miss. */
#define GAZ_SLOT_OVERFLOW 0x80000000u
#define GAZ_SLOT_LEN 0x7FFFFFFFu
#define GAZ_MAX_TOKEN_LEN GAZ_SLOT_LEN

/* A loaded (or freshly compiled) gazetteer: the image and pointers to its sections. */
struct rc_gazetteer {
    unsigned char *image; /* owned; 8-byte aligned */
    size_t size;
    gaz_header h;
    const char *pool;
    const gaz_entry_rec *entries;
    const gaz_str_rec *symbols;
    const gaz_token_rec *tokens;
    const gaz_slot *hash;
    const uint32_t *root;
    const uint32_t *edge_start;
    const gaz_edge_rec *edges;
    const uint32_t *out_start;
    const uint32_t *outputs;
    const gaz_lang_rec *langs;
    const gaz_rule_rec *rules;
    const gaz_word_rec *words;
    const uint32_t *token_langs;
    uint32_t one_byte[128]; /* id of each one-byte token (GAZ_NONE if none): a shortcut */
    uint32_t text_byte[128]; /* id of the token an ASCII character of the text alone is read as */
    /* Bit (hash >> 16) of every token's hash (all bits, for gazetteers with many tokens): 8 KiB
     * that stay in the first-level cache, where the hash table (16 bytes a slot, 8 slots a token)
     * does not. Most words of a text are no token, and most of those are told here, without
     * touching the table. */
    uint64_t token_filter[1024];
    /* Bit gaz_start_hash of every token that can start an alias (its root child exists), over
     * the token's first 8 bytes, each OR-ed with 0x20, and its length (all bits for gazetteers
     * with many such tokens). The
     * matcher's block path looks up only the words that pass it, when they arrive; the others are
     * looked up only if a walk reaches them (GAZ_LAZY). 16 KiB: a quarter full at most. */
    uint64_t start_filter[2048];
    /* Bit gaz_edge_bit(node, gaz_start_hash of the token) of every edge of the trie (all bits when
     * there are too many edges): whether a token of the text not looked up yet (GAZ_LAZY) may
     * continue a walk from a node, told without the lookup, whose hash slot is mostly out of the
     * cache ("the" + a word: nearly never a name). 32 KiB. */
    uint64_t edge_filter[4096];
    /* Marker words by hash (word index + 1, 0 = empty; linear probing), built at load when there
     * are at most GAZ_MARKER_SLOTS * 3 / 4 of them, so that counting them costs one probe per word
     * of the text; marker_hashed = 0 leaves the binary search of the word lists. */
    uint16_t marker_slots[512];
    int marker_hashed;
    /* The languages (of the first 32) with RC_WORD_DESIGNATED words: 0 (nearly every gazetteer)
     * spares one-word matches the designator check. */
    uint32_t designated_langs;
    uint64_t designated_ids[4]; /* bit (id & 255) of the tokens of RC_WORD_DESIGNATED words */
};

/* Validates image[0..size) (owned by the caller, 8-byte aligned) and fills g's pointers.
 * `trusted` skips the per-record checks for an image this process just compiled (the structure
 * and checksum are still checked). Returns RC_OK or RC_EFORMAT. */
int gaz_open_image(rc_gazetteer *g, unsigned char *image, size_t size, int trusted);

/* The image checksum: FNV-1a-style over little-endian 64-bit words (the tail zero-padded), with
 * the 8 bytes at `skip` (the checksum field) taken as zero. */
uint64_t gaz_checksum(const unsigned char *p, size_t n, size_t skip);

/* The script of the normalized letter starting p[0..n) (n >= 1). */
static inline unsigned gaz_script_of(const unsigned char *p, size_t n)
{
    const unsigned c = p[0];
    if (c < 0x80) return ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') ? GAZ_SCRIPT_LATIN : GAZ_SCRIPT_OTHER;
    if (c >= 0xC3 && c <= 0xC9) return GAZ_SCRIPT_LATIN;      /* U+00C0..U+027F */
    if (c >= 0xD0 && c <= 0xD3) return GAZ_SCRIPT_CYRILLIC;   /* U+0400..U+04FF */
    if (c == 0xD4) return n >= 2 && p[1] >= 0xB0 ? GAZ_SCRIPT_ARMENIAN : GAZ_SCRIPT_CYRILLIC;
    if (c == 0xD5 || c == 0xD6) return GAZ_SCRIPT_ARMENIAN;   /* U+0540..U+05BF */
    if (c >= 0xD8 && c <= 0xDB) return GAZ_SCRIPT_ARABIC;     /* U+0600..U+06FF */
    if (c == 0xE1 && n >= 2 && (p[1] == 0x82 || p[1] == 0x83 || p[1] == 0xB2)) return GAZ_SCRIPT_GEORGIAN;
    if (c == 0xE1 && n >= 2 && p[1] >= 0xB8 && p[1] <= 0xBB) return GAZ_SCRIPT_LATIN; /* U+1E00.. */
    return GAZ_SCRIPT_OTHER;
}

/* The language index of entry flags, or -1. */
static inline int gaz_entry_lang(uint32_t flags)
{
    return (int)((flags & GAZ_F_LANG_MASK) >> GAZ_F_LANG_SHIFT) - 1;
}

/* ---- language data (gazetteer_langs.c) ----------------------------------------------------- */

/* What a builder holds besides entries: language settings, inflection rules and word lists, each
 * naming its language by symbol; strings are offsets into the builder's pool. */
typedef struct {
    uint32_t sym, flags;
} gaz_lang_setting;

typedef struct {
    uint32_t sym, min_stem;
    gaz_str_rec form_prefix, lemma_prefix, form_suffix, lemma_suffix;
} gaz_rule_in;

typedef struct {
    uint32_t sym, kind, off, len;
} gaz_word_in;

typedef struct {
    gaz_lang_setting *set;
    size_t n_set, set_cap;
    gaz_rule_in *rules;
    size_t n_rules, rules_cap;
    gaz_word_in *words;
    size_t n_words, words_cap;
} gaz_lang_data;

void gaz_lang_data_free(gaz_lang_data *d);

/* The builder's parts that language data uses (gazetteer_build.c). */
int gaz_builder_symbol(rc_gazetteer_builder *b, const char *s, size_t n, uint32_t *sym);
int gaz_builder_string(rc_gazetteer_builder *b, const char *s, size_t n, uint32_t *off);
gaz_lang_data *gaz_builder_langs(rc_gazetteer_builder *b);
rc_normalized *gaz_builder_scratch(rc_gazetteer_builder *b);
const char *gaz_builder_pool(const rc_gazetteer_builder *b);

/* Appends a language setting (replacing an earlier one of sym), a rule, a word (gazetteer_langs.c). */
int gaz_lang_data_set(gaz_lang_data *d, uint32_t sym, unsigned flags);
int gaz_lang_data_add_rule(gaz_lang_data *d, const gaz_rule_in *r);
int gaz_lang_data_add_word(gaz_lang_data *d, const gaz_word_in *w);

/* What compile needs to lay out the language sections. */
typedef struct {
    const gaz_lang_data *data;
    const char *pool;              /* the builder's pool (rule and word strings) */
    const gaz_entry_rec *entries;  /* lang_sym of each */
    const uint32_t *seq_off, *seqs;
    size_t n_entries;
    const char *sym_pool;          /* symbols: strings */
    const gaz_token_rec *sym_recs;
    size_t n_symbols;
    const char *tok_pool;          /* tokens: strings */
    const gaz_token_rec *tok_recs;
    size_t n_tokens;
} gaz_lang_input;

/* The language sections, laid out (owned; gaz_lang_layout_free). */
typedef struct {
    gaz_lang_rec *langs;
    size_t n_langs;
    gaz_rule_rec *rules; /* string offsets into the builder's pool */
    size_t n_rules;
    gaz_word_rec *words;
    size_t n_words;
    uint32_t *entry_flags; /* GAZ_F_LANG bits of each entry */
    uint32_t *token_langs;
} gaz_lang_layout;

int gaz_lang_layout_make(const gaz_lang_input *in, gaz_lang_layout *out);
void gaz_lang_layout_free(gaz_lang_layout *l);

/* Index of language `tag` in g, or -1. */
int gaz_lang_find(const rc_gazetteer *g, const char *tag, size_t len);

/* Whether the normalized word p[0..n) is on language l's list of `kind`. */
int gaz_word_listed(const rc_gazetteer *g, uint32_t l, uint32_t kind, const unsigned char *p, size_t n);

/* ---- languages at match time (gazetteer_inflect.c) ----------------------------------------- */

enum { GAZ_MODE_AUTO, GAZ_MODE_ALL, GAZ_MODE_ONE };
#define GAZ_ANY_LATIN (-3) /* a text in Latin letters, but which language no marker word tells */

/* Inflection codes of a token read through a rule: the languages (of the first 32) whose rules
 * read it as that token, and what changed. */
#define GAZ_INFL_LANGS 0xFFFFFFFFull
#define GAZ_INFL_SUFFIX (1ull << 32)
#define GAZ_INFL_PREFIX (1ull << 33)

/* The matcher's language state for one rc_gazetteer_find_lang call. */
typedef struct {
    const rc_gazetteer *g;
    const char *text;
    size_t len;
    int mode;
    int only;           /* GAZ_MODE_ONE: the language (-1: a tag the gazetteer does not have) */
    int ascii_rules;    /* rules are tried on ASCII words too */
    int latin_rules;    /* some language of Latin script has rules */
    size_t n_chunks;    /* chunks so far, and those that needed normalization */
    size_t n_unicode;
    int context;        /* 0: not worked out yet; 1: done */
    int host;           /* AUTO: the non-base Latin language the text is in, -1, or GAZ_ANY_LATIN */
    uint32_t host_count; /* its marker words (languages with as many are the text's too) */
    uint32_t base_mask; /* the base languages among the first 32 */
    uint32_t *counts;   /* marker words per language (allocated with the context) */
    size_t max_marker;  /* the longest marker word, in bytes (at most 32) */
    unsigned char *cand; /* a candidate token */
    size_t cand_cap;
    char *word;          /* the normalized word of a span (common-word checks) */
    size_t word_cap, word_len, word_count;
    rc_normalized norm;
} gaz_lang_state;

/* Sets s up for g and text; lang as rc_gazetteer_find_lang. Returns RC_OK or RC_EUTF8. */
int gaz_lang_state_init(gaz_lang_state *s, const rc_gazetteer *g, const char *text, size_t len,
                        const char *lang, size_t lang_len);
void gaz_lang_state_free(gaz_lang_state *s);

/* Reads the unknown token p[0..n) (bytes OR-ed with ormask) through the inflection rules: sets *id
 * (GAZ_NONE if no rule gives a token of the rule's language), *code (GAZ_INFL_*: every language
 * whose rules give that same token) and *skip (bytes of a clitic prefix to leave out of the span). Returns RC_OK or RC_ENOMEM. */
int gaz_read_inflected(gaz_lang_state *s, const unsigned char *p, size_t n, uint64_t ormask, uint32_t *id,
                       uint64_t *code, size_t *skip);

/* Whether entry e may match text[start, end) (tokens = how many tokens; inflected = the
 * languages whose rules read the span's inflected words, 0 if none), beyond the trie and case checks of the matcher: the language
 * mode, the text's language, capitals, common words. Returns 1, 0 or RC_ENOMEM. */
int gaz_lang_allows(gaz_lang_state *s, uint32_t e, size_t start, size_t end, size_t tokens, uint32_t inflected);

/* ---- the token hash ------------------------------------------------------------------------ */

/* Loads 1 <= n <= 8 bytes as a little-endian word (zero-padded), without a variable-length
 * memcpy (a library call) and without reading outside p[0..n): two overlapping fixed-size loads
 * put the shared bytes at the same place, so OR-ing them is harmless. */
static inline uint64_t gaz_load_tail(const unsigned char *p, size_t n)
{
    if (n >= 4) {
        uint32_t lo, hi;
        memcpy(&lo, p, 4);
        memcpy(&hi, p + n - 4, 4);
        return (uint64_t)lo | ((uint64_t)hi << (8 * (n - 4)));
    }
    if (n >= 2) {
        uint16_t lo, hi;
        memcpy(&lo, p, 2);
        memcpy(&hi, p + n - 2, 2);
        return (uint64_t)lo | ((uint64_t)hi << (8 * (n - 2)));
    }
    return p[0];
}

#if defined(__GNUC__) || defined(__clang__)
#define GAZ_INLINE static inline __attribute__((always_inline))
#else
#define GAZ_INLINE static inline
#endif

/* The first min(n, 8) bytes of a token as a little-endian word, zero-padded, each byte OR-ed
 * with `ormask` first: 0x20 per byte lowercases an ASCII letter-or-digit run in place, so the
 * matcher reads "Azerbaijan" straight from the text and gets the key of the stored "azerbaijan".
 * `avail` (>= n) bytes are readable at p: with 8 or more, one load and a mask, no branches on n. */
GAZ_INLINE uint64_t gaz_prefix(const unsigned char *p, size_t n, size_t avail, uint64_t ormask)
{
    const size_t m = n < 8 ? n : 8;
    uint64_t w;
    if (avail >= 8) memcpy(&w, p, 8);
    else w = gaz_load_tail(p, m);
    return (w | ormask) & (~0ull >> (64 - 8 * m));
}

/* Hash of a token from its prefix and, past 8 bytes, the rest of its bytes (OR-ed with ormask).
 * Tokens of up to 8 bytes take one multiplication: the high half of a product mixes every bit. */
GAZ_INLINE uint32_t gaz_hash_from(uint64_t prefix, const unsigned char *p, size_t n, uint64_t ormask)
{
    const uint64_t k = 0x9E3779B97F4A7C15ull;
    if (n <= 8) return (uint32_t)(((prefix + n) * k) >> 32);
    uint64_t h = (prefix ^ ((uint64_t)n * 0xFF51AFD7ED558CCDull)) * k;
    h ^= h >> 29;
    p += 8;
    n -= 8;
    while (n > 8) {
        uint64_t w;
        memcpy(&w, p, 8);
        h = (h ^ (w | ormask)) * k;
        h ^= h >> 29;
        p += 8;
        n -= 8;
    }
    uint64_t w = gaz_load_tail(p, n) | (ormask & (~0ull >> (64 - 8 * n)));
    h = (h ^ w) * k;
    h ^= h >> 32;
    return (uint32_t)((h * 0xC4CEB9FE1A85EC53ull) >> 32);
}

/* Hash of the token p[0..n) (n >= 1), bytes OR-ed with ormask. */
GAZ_INLINE uint32_t gaz_hash(const unsigned char *p, size_t n, uint64_t ormask)
{
    return gaz_hash_from(gaz_prefix(p, n, n, ormask), p, n, ormask);
}

/* The start filter's bit of a token whose prefix (gaz_prefix) is `prefix` and length n: one
 * multiplication, the same for every length (a longer token is told by its first 8 bytes). For a
 * token of up to 8 bytes the high half is also its gaz_hash. */
GAZ_INLINE uint32_t gaz_start_hash(uint64_t prefix, size_t n)
{
    return (uint32_t)(((prefix + n) * 0x9E3779B97F4A7C15ull) >> 32);
}

GAZ_INLINE uint32_t gaz_maybe_start(const uint64_t *filter, uint32_t hs)
{
    return (uint32_t)(filter[hs >> 21] >> (hs >> 15 & 63)) & 1u;
}

/* The edge filter's bit of token hash hs (gaz_start_hash) below node. */
GAZ_INLINE uint32_t gaz_edge_bit(uint32_t node, uint32_t hs)
{
    return (hs + node * 0x9E3779B1u) >> 14; /* 18 bits */
}

/* The probing part of gaz_lookup (gazetteer_image.c): from slot s on. */
uint32_t gaz_lookup_probe(const rc_gazetteer *g, uint64_t prefix, const unsigned char *p, size_t n,
                          uint64_t ormask, uint32_t s);

/* Whether some token has hash h (1), or surely none (0): see rc_gazetteer.token_filter. */
GAZ_INLINE uint32_t gaz_maybe_token(const uint64_t *filter, uint32_t h)
{
    return (uint32_t)(filter[h >> 22] >> (h >> 16 & 63)) & 1u;
}

/* The id of the token p[0..n) (n >= 1, `avail` readable bytes, bytes OR-ed with ormask), or
 * GAZ_NONE. The token filter sends most words that are no token away first. A word of up to 8
 * bytes is then settled at its home slot without a branch on whether it is there (a hit or a miss
 * is a coin toss among the words that pass the filter, and a mispredicted branch costs more than
 * the whole lookup); only when the slot's overflow flag is set does probing go on. */
GAZ_INLINE uint32_t gaz_lookup(const rc_gazetteer *g, const unsigned char *p, size_t n, size_t avail,
                               uint64_t ormask)
{
    const uint64_t prefix = gaz_prefix(p, n, avail, ormask);
    const uint32_t h = gaz_hash_from(prefix, p, n, ormask);
    if (!gaz_maybe_token(g->token_filter, h)) return GAZ_NONE;
    const uint32_t s = h & (g->h.hash_slots - 1);
    const gaz_slot *e = &g->hash[s];
    const uint32_t hit = (e->prefix == prefix) & ((e->len & GAZ_SLOT_LEN) == n);
    const uint32_t go_on = !!(e->len & GAZ_SLOT_OVERFLOW);
    if (n <= 8) {
        const uint32_t id = (e->id1 - 1) | (hit - 1); /* a miss: all ones = GAZ_NONE */
        if (hit | !go_on) return id;
    } else if (!(hit | go_on)) {
        return GAZ_NONE; /* a longer word: its first 8 bytes already tell a miss */
    }
    return gaz_lookup_probe(g, prefix, p, n, ormask, s);
}

/* ---- match tokens -------------------------------------------------------------------------- */

/* Receives one match token: its normalized bytes p[0..n) (to be OR-ed with `ormask` per byte, see
 * gaz_prefix; `avail` >= n bytes are readable at p) and the span [start, end) of the original
 * text it came from. Returns 0 to go on or a negative RC_E* code to stop the scan. */
typedef int (*gaz_sink)(void *ctx, const unsigned char *p, size_t n, size_t avail, uint64_t ormask,
                        size_t start, size_t end);

/* The normalization options of match tokens. */
#define GAZ_NORM (RC_NFKC | RC_CASEFOLD | RC_STRIP_ACCENTS | RC_FOLD_QUOTES | RC_FOLD_DASHES)

/* Byte classes of the tokenizer (gazetteer_tokens.c). */
enum { GAZ_C_SEP, GAZ_C_WORD, GAZ_C_PUNCT, GAZ_C_HIGH };
extern const unsigned char gaz_byte_class[256];

#define GAZ_ORMASK_LOWER 0x2020202020202020ull

#ifdef RC_FAULT_INJECTION
/* Test builds only: nonzero makes the matcher cut all text with the chunk path of
 * gazetteer_scan.h, so that tests can compare it with the block path on the same text. */
extern int gaz_test_chunk_path_only;
#endif

/* Tokenizes the normalized form of input s[a, b) (a chunk holding non-ASCII characters),
 * calling sink with offsets into s. Returns 0, the sink's code or RC_ENOMEM. */
int gaz_scan_unicode_chunk(const unsigned char *s, size_t a, size_t b, gaz_sink sink, void *ctx,
                           rc_normalized *scratch);

/* Whether a long chunk may be cut before s[0] (a CJK letter that normalization never joins to
 * what precedes it). */
int gaz_safe_cut_before(const unsigned char *s, size_t n);

/* Index of the lowest set bit of x (x != 0). */
static inline unsigned gaz_ctz64(uint64_t x)
{
#if defined(__GNUC__) || defined(__clang__)
    return (unsigned)__builtin_ctzll(x);
#else
    unsigned n = 0;
    while (!(x & 1)) x >>= 1, n++;
    return n;
#endif
}

/* The non-ASCII characters of everyday English text whose normalized form is ASCII or a
 * separator: curly quotes, dashes, no-break and other spaces, the ellipsis. If s[0..n) starts
 * with one, returns its length and sets *repl to the ASCII it stands for ("" = a separator);
 * otherwise returns 0. They are starters that never compose, so they can be replaced without
 * normalizing their neighbours (a following combining mark sends the chunk to the slow path). */
static inline size_t gaz_ascii_equiv(const unsigned char *s, size_t n, const char **repl)
{
    if (s[0] == 0xC2 && n >= 2 && (s[1] == 0xA0 || s[1] == 0xAD)) { /* no-break space, soft hyphen */
        *repl = "";
        return 2;
    }
    if (s[0] != 0xE2 || n < 3) return 0;
    if (s[1] == 0x80) {
        const unsigned c = s[2];
        if (c == 0x8C) return 0;                                 /* ZWNJ: part of a word */
        if ((c >= 0x80 && c <= 0x95) || c == 0xAF) *repl = "";   /* spaces, ZWSP, ZWJ, dashes */
        else if (c >= 0x98 && c <= 0x9B) *repl = "'";            /* ‘ ’ ‚ ‛ */
        else if (c >= 0x9C && c <= 0x9F) *repl = "\"";           /* “ ” „ ‟ */
        else if (c == 0xA6) *repl = "...";                       /* … */
        else return 0;
        return 3;
    }
    if (s[1] == 0x88 && s[2] == 0x92) { /* − minus sign */
        *repl = "";
        return 3;
    }
    return 0;
}

/* The end of the ASCII letter-or-digit run that continues at s[k] (k <= j), at most j; s[j] is
 * not a letter or digit (or j == len). Eight
 * bytes at a time: range checks on the bytes of a word, with no carries between bytes because
 * each is first reduced to 7 bits (bytes >= 0x80 end the run). */
static inline size_t gaz_word_end(const unsigned char *s, size_t k, size_t j, size_t len)
{
    const uint64_t ones = 0x0101010101010101ull, high = 0x8080808080808080ull;
    /* Reading past j (up to len) is fine: s[j] is a space or a control, which stops the run. */
    while (k + 8 <= len) {
        uint64_t w;
        memcpy(&w, s + k, 8);
        const uint64_t x = w & ~high, lx = x | (0x20 * ones);
        const uint64_t letter = (lx + (0x80 - 'a') * ones) & ~(lx + (0x7F - 'z') * ones);
        const uint64_t digit = (x + (0x80 - '0') * ones) & ~(x + (0x7F - '9') * ones);
        const uint64_t stop = (~(letter | digit) | w) & high; /* not alnum, or not ASCII */
        if (stop) return k + (gaz_ctz64(stop) >> 3);
        k += 8;
    }
    while (k < j && gaz_byte_class[s[k]] == GAZ_C_WORD) k++;
    return k;
}

/* Cuts text[0..len) into match tokens (see relcore.h), calling sink for each in order; mark is
 * called where a chunk starts and rollback when the tokens given since must be forgotten (see
 * gazetteer_scan.h). `scratch` is reusable normalization memory. Returns 0, the sink's or mark's
 * code, or RC_ENOMEM. (The matcher instantiates the same code with its sink inlined.) */
int gaz_scan(const char *text, size_t len, gaz_sink sink, int (*mark)(void *),
             void (*rollback)(void *), void *ctx, rc_normalized *scratch);

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
