/* normalize_units.c — rc_normalize_units: normalization of fixed-width code unit arrays
 * (CPython's string layouts). The driver is instantiated per width from normalize_units_impl.h. */
#include <string.h>

#include "base/alloc.h"
#include "normalize/normalize_internal.h"

#define RC_NEED_WIDER 1 /* internal: a result character does not fit the output width */

typedef struct {
    rc_units *u;
    size_t cap_units;
    int fixed; /* RC_NO_REALLOC: the buffer is the caller's */
} units_out;

static int units_reserve(units_out *o, size_t extra, size_t width)
{
    size_t need = o->u->len + extra;
    if (need < extra) return RC_ETOOBIG;
    if (need <= o->cap_units) return RC_OK;
    if (o->fixed) return RC_ETOOBIG;
    size_t ncap = o->cap_units ? o->cap_units : 64;
    while (ncap < need) {
        if (ncap > SIZE_MAX / 2 / 4) return RC_ETOOBIG;
        ncap *= 2;
    }
    void *p = rc_realloc(o->u->data, ncap * width);
    if (!p) return RC_ENOMEM;
    o->u->data = p;
    o->u->cap_ = ncap * width;
    o->cap_units = ncap;
    return RC_OK;
}

#define IN_T uint8_t
#define OUT_T uint8_t
#define OUT_MAX 0xFFu
#define FN drive_1_1
#define SWAR 1
#include "normalize/normalize_units_impl.h"
#undef IN_T
#undef OUT_T
#undef OUT_MAX
#undef FN
#undef SWAR

#define IN_T uint16_t
#define OUT_T uint16_t
#define OUT_MAX 0xFFFFu
#define FN drive_2_2
#define SWAR 1
#include "normalize/normalize_units_impl.h"
#undef IN_T
#undef OUT_T
#undef OUT_MAX
#undef FN
#undef SWAR

#define SWAR 0
#define OUT_T uint32_t
#define OUT_MAX 0x10FFFFu
#define IN_T uint8_t
#define FN drive_1_4
#include "normalize/normalize_units_impl.h"
#undef IN_T
#undef FN
#define IN_T uint16_t
#define FN drive_2_4
#include "normalize/normalize_units_impl.h"
#undef IN_T
#undef FN
#define IN_T uint32_t
#define FN drive_4_4
#include "normalize/normalize_units_impl.h"
#undef IN_T
#undef FN
#undef OUT_T
#undef OUT_MAX
#undef SWAR

#define IN_T uint8_t
#define FN check_1
#include "normalize/normalize_check_impl.h"
#undef IN_T
#undef FN
#define IN_T uint16_t
#define FN check_2
#include "normalize/normalize_check_impl.h"
#undef IN_T
#undef FN
#define IN_T uint32_t
#define FN check_4
#include "normalize/normalize_check_impl.h"
#undef IN_T
#undef FN

int rc_is_normalized_units(const void *units, int width, size_t len, unsigned options)
{
    if ((!units && len) || (width != 1 && width != 2 && width != 4) ||
        (options & (RC_WANT_MAP | RC_NO_REALLOC)) || !rc_norm_options_valid(options))
        return RC_EINVAL;
    rc_norm_state *st = rc_malloc(sizeof *st);
    if (!st) return RC_ENOMEM;
    int rc = rc_norm_setup(st, options);
    if (rc == RC_OK) {
        rc = width == 1 ? check_1(st, units, len) : width == 2 ? check_2(st, units, len)
                                                             : check_4(st, units, len);
    }
    rc_free(st);
    return rc;
}

int rc_normalize_units(const void *units, int width, size_t len, unsigned options, rc_units *out)
{
    const int fixed = (options & RC_NO_REALLOC) != 0;
    options &= ~RC_NO_REALLOC;
    if (!out || (!units && len) || (width != 1 && width != 2 && width != 4) ||
        (options & RC_WANT_MAP) || (fixed && (out->width != width || !out->data)) ||
        !rc_norm_options_valid(options))
        return RC_EINVAL;
    rc_norm_state *st = rc_malloc(sizeof *st);
    if (!st) return RC_ENOMEM;
    int rc = rc_norm_setup(st, options);
    if (rc) goto done;
    units_out o = {out, out->width ? out->cap_ / (size_t)out->width : 0, fixed};
    out->len = 0;
    out->max_cp = 0;
    out->error_offset = 0;
    out->width = width;
    if (width == 1) rc = drive_1_1(st, units, len, &o);
    else if (width == 2) rc = drive_2_2(st, units, len, &o);
    else rc = drive_4_4(st, units, len, &o);
    if (rc == RC_NEED_WIDER && fixed) {
        rc = RC_ETOOBIG;
    } else if (rc == RC_NEED_WIDER) {
        /* Start again with 4-byte output (the buffer is reinterpreted, capacity in bytes kept). */
        out->len = 0;
        out->width = 4;
        o.cap_units = out->cap_ / 4;
        rc = width == 1 ? drive_1_4(st, units, len, &o) : drive_2_4(st, units, len, &o);
    }
done:
    if (rc) out->len = 0;
    rc_free(st);
    return rc;
}

void rc_units_free(rc_units *out)
{
    if (!out) return;
    rc_free(out->data);
    rc_units empty = RC_UNITS_INIT;
    *out = empty;
}
