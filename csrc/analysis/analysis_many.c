/* analysis_many.c — rc_analyze over many texts on the worker pool: rc_analyze_many (an array of
 * texts at once) and rc_analysis_stream (texts put one by one and taken back in order, with each
 * text's sentence pairs if asked).
 *
 * Texts may come as code units (CPython's str storage): the worker converts each to UTF-8 into a
 * buffer of its own, kept for its next text, so the conversion runs in parallel with everything
 * else and a caller needs no lock and no copy of its own. The pairs are counted on the worker
 * too: a caller that reads them (Doc.pairs() in a notebook) then only wraps finished arrays, and
 * the counting is not left to the one thread that holds Python's lock. */
#include "base/alloc.h"
#include "base/pool.h"
#include "relcore.h"

/* One text's analysis, and its sentence pairs when `pairs` is not NULL: its code. */
static int analyze_text(const rc_gazetteer *g, const rc_entities *ents, const char *data, size_t len,
                        unsigned options, rc_analysis *out, rc_analysis_pairs *pairs)
{
    int rc = rc_analyze(g, ents, data, len, options, out);
    return rc || !pairs ? rc : rc_analysis_pairs_get(out, (rc_window){RC_WINDOW_SENTENCE, 0}, pairs);
}

/* ---- rc_analyze_many ------------------------------------------------------------------------ */

typedef struct {
    const rc_gazetteer *g;
    const rc_entities *ents;
    const unsigned *options;
    rc_analysis *out;
    int *codes;
    size_t *error_offsets;
} batch;

static void analyze_one(void *arg, size_t i, const char *data, size_t len, int rc, size_t bad)
{
    const batch *b = arg;
    b->codes[i] = rc ? rc : analyze_text(b->g, b->ents, data, len, b->options[i], &b->out[i], NULL);
    if (b->error_offsets) b->error_offsets[i] = bad;
}

int rc_analyze_many(const rc_gazetteer *g, const rc_entities *ents, size_t n, const rc_text *texts,
                    const unsigned *options, long threads, rc_analysis *out, int *codes,
                    size_t *error_offsets)
{
    if (!g || !ents || threads < 0 || (n && (!texts || !options || !out || !codes))) return RC_EINVAL;
    batch b = {g, ents, options, out, codes, error_offsets};
    rc_pool_for_texts(n, texts, threads, analyze_one, &b);
    return RC_OK;
}

/* ---- rc_analysis_stream --------------------------------------------------------------------- */

/* A text in the window, from its put to its get: the workers' results are swapped out by the get,
 * so the memory a caller hands back is reused by a later text. */
typedef struct {
    rc_text text;
    unsigned options;
    int code;
    size_t bad;
    rc_analysis out;
    rc_analysis_pairs pairs;
} slot;

struct rc_analysis_stream {
    const rc_gazetteer *g;
    const rc_entities *ents;
    int pairs;
    long workers;
    size_t window;
    slot *slots;
    rc_utf8_buffer *buffers; /* one per worker */
    rc_pool_stream *pool;
};

static void analyze_slot(void *arg, unsigned worker, size_t k)
{
    rc_analysis_stream *s = arg;
    slot *t = &s->slots[k];
    const char *data = NULL;
    size_t len = 0;
    t->bad = 0;
    t->code = rc_text_utf8(&t->text, &s->buffers[worker], &data, &len, &t->bad);
    if (!t->code)
        t->code = analyze_text(s->g, s->ents, data, len, t->options, &t->out, s->pairs ? &t->pairs : NULL);
    if (t->code) { /* a failed text holds nothing, not even what an earlier get handed back */
        rc_analysis_free(&t->out);
        rc_analysis_pairs_free(&t->pairs);
    }
}

void rc_analysis_stream_free(rc_analysis_stream *s)
{
    if (!s) return;
    rc_pool_stream_free(s->pool); /* first: the workers may still be writing to the slots */
    for (size_t k = 0; s->slots && k < s->window; k++) {
        rc_analysis_free(&s->slots[k].out);
        rc_analysis_pairs_free(&s->slots[k].pairs);
    }
    for (long k = 0; s->buffers && k < s->workers; k++) rc_utf8_buffer_free(&s->buffers[k]);
    rc_free(s->slots);
    rc_free(s->buffers);
    rc_free(s);
}

int rc_analysis_stream_new(const rc_gazetteer *g, const rc_entities *ents, long threads, size_t window,
                           int pairs, rc_analysis_stream **out)
{
    if (!out) return RC_EINVAL;
    *out = NULL;
    if (!g || !ents || threads < 0 || !window) return RC_EINVAL;
    if (window > (size_t)-1 / sizeof(slot)) return RC_ETOOBIG;
    rc_analysis_stream *s = rc_malloc(sizeof *s);
    if (!s) return RC_ENOMEM;
    *s = (rc_analysis_stream){g, ents, pairs, rc_pool_threads(threads, window), window, NULL, NULL, NULL};
    /* each array is made ready before the next is asked for: a failure frees what is there */
    if ((s->slots = rc_malloc(window * sizeof *s->slots)))
        for (size_t k = 0; k < window; k++)
            s->slots[k] = (slot){.out = RC_ANALYSIS_INIT, .pairs = RC_ANALYSIS_PAIRS_INIT};
    if (s->slots && (s->buffers = rc_malloc((size_t)s->workers * sizeof *s->buffers)))
        for (long k = 0; k < s->workers; k++) s->buffers[k] = (rc_utf8_buffer)RC_UTF8_BUFFER_INIT;
    if (!s->buffers || !(s->pool = rc_pool_stream_new(s->workers, window, analyze_slot, s))) {
        rc_analysis_stream_free(s);
        return RC_ENOMEM;
    }
    *out = s;
    return RC_OK;
}

int rc_analysis_stream_put(rc_analysis_stream *s, const rc_text *text, unsigned options)
{
    size_t k = s && text ? rc_pool_stream_room(s->pool) : RC_POOL_FULL;
    if (k == RC_POOL_FULL) return RC_EINVAL;
    s->slots[k].text = *text;
    s->slots[k].options = options;
    rc_pool_stream_push(s->pool);
    return RC_OK;
}

int rc_analysis_stream_get(rc_analysis_stream *s, rc_analysis *out, rc_analysis_pairs *pairs, int *code,
                           size_t *error_offset)
{
    size_t k = s && out && code && (pairs || !s->pairs) ? rc_pool_stream_take(s->pool) : RC_POOL_FULL;
    if (k == RC_POOL_FULL) return RC_EINVAL;
    slot *t = &s->slots[k];
    rc_analysis a = *out;
    *out = t->out;
    t->out = a;
    if (s->pairs) {
        rc_analysis_pairs p = *pairs;
        *pairs = t->pairs;
        t->pairs = p;
    }
    *code = t->code;
    if (error_offset) *error_offset = t->bad;
    return RC_OK;
}
