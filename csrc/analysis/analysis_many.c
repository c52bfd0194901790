/* analysis_many.c — rc_analyze_many: rc_analyze over many texts on the worker pool.
 *
 * Texts may come as code units (CPython's str storage): the worker converts each to UTF-8 into a
 * buffer of its own, kept for its next text, so the conversion runs in parallel with everything
 * else and a caller needs no lock and no copy of its own. */
#include "base/alloc.h"
#include "base/pool.h"
#include "relcore.h"

typedef struct {
    char *buf;
    size_t cap;
} utf8_buffer;

typedef struct {
    const rc_gazetteer *g;
    const rc_entities *ents;
    const rc_text *texts;
    const unsigned *options;
    rc_analysis *out;
    int *codes;
    size_t *error_offsets;
    utf8_buffer *buffers; /* one per worker */
} batch;

/* texts[i] as UTF-8 in *data, *len (converted into the worker's buffer when it is units). */
static int utf8_of(const rc_text *t, utf8_buffer *b, const char **data, size_t *len, size_t *bad)
{
    if (t->width == 0) {
        *data = t->data;
        *len = t->len;
        return RC_OK;
    }
    size_t need = rc_units_utf8_bound(t->width, t->len);
    if (!need) return t->width == 1 || t->width == 2 || t->width == 4 ? RC_ETOOBIG : RC_EINVAL;
    if (need > b->cap) {
        char *p = rc_realloc(b->buf, need);
        if (!p) return RC_ENOMEM;
        b->buf = p;
        b->cap = need;
    }
    int rc = rc_units_to_utf8(t->data, t->width, t->len, b->buf, len, bad);
    *data = b->buf;
    return rc;
}

static void analyze_one(void *arg, unsigned worker, size_t i)
{
    const batch *b = arg;
    const rc_text *t = &b->texts[i];
    const char *data;
    size_t len, bad = 0;
    int rc = (!t->data && t->len) ? RC_EINVAL : utf8_of(t, &b->buffers[worker], &data, &len, &bad);
    if (!rc) rc = rc_analyze(b->g, b->ents, data, len, b->options[i], &b->out[i]);
    b->codes[i] = rc;
    if (b->error_offsets) b->error_offsets[i] = bad;
}

int rc_analyze_many(const rc_gazetteer *g, const rc_entities *ents, size_t n, const rc_text *texts,
                    const unsigned *options, long threads, rc_analysis *out, int *codes,
                    size_t *error_offsets)
{
    if (!g || !ents || threads < 0 || (n && (!texts || !options || !out || !codes))) return RC_EINVAL;
    if (!n) return RC_OK;
    long workers = rc_pool_threads(threads, n);
    utf8_buffer one = {NULL, 0};
    utf8_buffer *buffers = &one;
    if (workers > 1) {
        buffers = rc_malloc((size_t)workers * sizeof *buffers);
        if (!buffers) { /* no room for per-thread buffers: one thread needs only one */
            buffers = &one;
            workers = 1;
        } else {
            for (long k = 0; k < workers; k++) buffers[k] = (utf8_buffer){NULL, 0};
        }
    }
    batch b = {g, ents, texts, options, out, codes, error_offsets, buffers};
    rc_pool_for(n, workers, analyze_one, &b);
    for (long k = 0; k < workers; k++) rc_free(buffers[k].buf);
    if (buffers != &one) rc_free(buffers);
    return RC_OK;
}
