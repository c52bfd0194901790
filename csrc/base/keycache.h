/* keycache.h — the index of a direct-mapped cache of short byte keys (1 to 16 bytes).
 *
 * Why: Tokens.texts() in the binding makes one str per token, and short tokens repeat ("the",
 * ",", "of"): remembering the str of recent short tokens saves most of those allocations and
 * copies. The policy — which keys qualify, how they hash, that a new key takes over its slot —
 * lives here, keyed by raw bytes; each slot holds the caller's value beside its key (the
 * binding: a str object, which only the caller ever reads or releases). A key is its bytes
 * zero-padded into two words, its size and a tag (the binding: the code unit size), so a lookup
 * is three word compares and one cache line. Inline: it runs once per token. */
#ifndef RC_KEYCACHE_H
#define RC_KEYCACHE_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#define RC_KEYCACHE_SLOTS 8192
#define RC_KEYCACHE_MAX_BYTES 16

typedef struct {
    uint64_t w0, w1; /* the key's bytes, zero-padded */
    uint64_t size;   /* byte count | tag << 8 (0: an empty slot) */
} rc_keycache_key;

typedef struct {
    rc_keycache_key key;
    void *value; /* the caller's, NULL when empty */
} rc_keycache_slot;

typedef struct rc_keycache {
    rc_keycache_slot slot[RC_KEYCACHE_SLOTS];
} rc_keycache;

/* A new cache with every slot empty, or NULL without memory. The caller releases the values it
 * put (slot[i].value) before rc_keycache_free. */
rc_keycache *rc_keycache_new(void);
void rc_keycache_free(rc_keycache *c);

/* The value of the key p[0..nb) (1 <= nb <= RC_KEYCACHE_MAX_BYTES) with `tag`, or NULL if its
 * slot holds another key; *key and *slot receive the key and its slot for rc_keycache_put, which
 * the caller calls once it has made the value (a value it could not make is never found). `end`
 * is the end of the memory readable from p: with 16 bytes there, the key is read in two loads. */
static inline void *rc_keycache_get(const rc_keycache *c, const void *p, size_t nb, unsigned tag, const void *end,
                                    rc_keycache_key *key, size_t *slot)
{
    const unsigned char *b = p;
    uint64_t w0 = 0, w1 = 0;
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    if (b + 16 <= (const unsigned char *)end) { /* two loads, and the bytes past the key masked off */
        memcpy(&w0, b, 8);
        memcpy(&w1, b + 8, 8);
        if (nb < 8) {
            w0 &= ((uint64_t)1 << (nb * 8)) - 1;
            w1 = 0;
        } else if (nb < 16) {
            w1 &= ((uint64_t)1 << ((nb - 8) * 8)) - 1;
        }
    } else
#endif
    {
        unsigned char buf[16] = {0};
        memcpy(buf, b, nb);
        memcpy(&w0, buf, 8);
        memcpy(&w1, buf + 8, 8);
    }
    key->w0 = w0;
    key->w1 = w1;
    key->size = (uint64_t)nb | (uint64_t)tag << 8;
    const uint64_t h = (w0 * 0x9E3779B97F4A7C15ull) ^ (w1 * 0xC2B2AE3D27D4EB4Full) ^ key->size;
    const rc_keycache_slot *s = &c->slot[*slot = (size_t)(h >> 40) & (RC_KEYCACHE_SLOTS - 1)];
    return s->key.size == key->size && s->key.w0 == w0 && s->key.w1 == w1 ? s->value : NULL;
}

/* Makes `slot` hold key and value (from rc_keycache_get); returns the value it held before (NULL
 * if none), for the caller to release. */
static inline void *rc_keycache_put(rc_keycache *c, size_t slot, const rc_keycache_key *key, void *value)
{
    void *old = c->slot[slot].value;
    c->slot[slot].key = *key;
    c->slot[slot].value = value;
    return old;
}

#endif
