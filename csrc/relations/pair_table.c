/* pair_table.c — pair tables as bytes (see relcore.h): what Dask tasks and worker processes pass to
 * each other. 24 bytes a pair, entities by number, summed in C; the header's entity count and id
 * checksum refuse a table from another gazetteer instead of mislabelling it. */
#include <string.h>

#include "relcore.h"

#define TABLE_MAGIC "RCPAIRS1"
#define TABLE_HEADER 24 /* magic, entity count (u64), id checksum (u64) */
#define TABLE_RECORD 24

static void put_u32(unsigned char *p, uint32_t v)
{
    for (int i = 0; i < 4; i++) p[i] = (unsigned char)(v >> (8 * i));
}

static void put_u64(unsigned char *p, uint64_t v)
{
    for (int i = 0; i < 8; i++) p[i] = (unsigned char)(v >> (8 * i));
}

static uint32_t get_u32(const unsigned char *p)
{
    uint32_t v = 0;
    for (int i = 3; i >= 0; i--) v = (v << 8) | p[i];
    return v;
}

static uint64_t get_u64(const unsigned char *p)
{
    uint64_t v = 0;
    for (int i = 7; i >= 0; i--) v = (v << 8) | p[i];
    return v;
}

/* FNV-1a over the ids in numbering order, each with its terminating NUL. */
static uint64_t ids_checksum(const rc_entities *e)
{
    uint64_t h = 1469598103934665603ULL;
    for (size_t k = 0; k < e->count; k++)
        for (size_t i = 0; i <= e->id_len[k]; i++) {
            h ^= (unsigned char)e->id[k][i];
            h *= 1099511628211ULL;
        }
    return h;
}

size_t rc_pair_table_size(const rc_pair_counts *t)
{
    size_t rows = t ? t->len : 0;
    return TABLE_HEADER + rows * TABLE_RECORD; /* rows < 2^32: cannot overflow a 64-bit size_t */
}

void rc_pair_table_write(const rc_pair_counts *t, const rc_entities *ents, unsigned char *p)
{
    memcpy(p, TABLE_MAGIC, 8);
    put_u64(p + 8, ents->count);
    put_u64(p + 16, ids_checksum(ents));
    p += TABLE_HEADER;
    for (size_t r = 0; t && r < t->len; r++, p += TABLE_RECORD) {
        put_u32(p, t->a[r]);
        put_u32(p + 4, t->b[r]);
        put_u64(p + 8, t->count[r]);
        put_u64(p + 16, t->docs[r]);
    }
}

/* What is wrong with table p[0..len) for entities ents, or NULL. */
static const char *table_problem(const unsigned char *p, size_t len, const rc_entities *ents)
{
    if (len < TABLE_HEADER || memcmp(p, TABLE_MAGIC, 8) != 0 || (len - TABLE_HEADER) % TABLE_RECORD)
        return "not a pair table";
    if (get_u64(p + 8) != ents->count || get_u64(p + 16) != ids_checksum(ents))
        return "a pair table made with another gazetteer";
    for (size_t off = TABLE_HEADER; off < len; off += TABLE_RECORD)
        if (get_u32(p + off) >= get_u32(p + off + 4) || get_u32(p + off + 4) >= ents->count)
            return "a corrupted pair table";
    return NULL;
}

int rc_pair_table_add(rc_pair_counts *dst, const rc_entities *ents, const unsigned char *p, size_t len,
                      const char **why)
{
    if (why) *why = NULL;
    if (!dst || !ents || (!p && len)) return RC_EINVAL;
    /* The whole table is checked before any row is added: a bad table changes nothing. */
    const char *bad = p ? table_problem(p, len, ents) : "not a pair table";
    if (bad) {
        if (why) *why = bad;
        return RC_EFORMAT;
    }
    for (size_t off = TABLE_HEADER; off < len; off += TABLE_RECORD) {
        int rc = rc_pair_counts_add(dst, get_u32(p + off), get_u32(p + off + 4), get_u64(p + off + 8),
                                    get_u64(p + off + 16));
        if (rc) return rc;
    }
    return RC_OK;
}
