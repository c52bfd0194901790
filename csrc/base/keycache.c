/* keycache.c — allocation of the short-key cache (keycache.h; the lookup is inline). */
#include "base/keycache.h"

#include "base/alloc.h"

rc_keycache *rc_keycache_new(void)
{
    rc_keycache *c = rc_malloc(sizeof *c);
    if (c) memset(c, 0, sizeof *c); /* size 0 and no value: every slot empty */
    return c;
}

void rc_keycache_free(rc_keycache *c) { rc_free(c); }
