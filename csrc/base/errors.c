/* errors.c — error messages and version strings. */
#include <utf8proc.h>

#include "relcore.h"

const char *rc_strerror(int code)
{
    switch (code) {
    case RC_OK: return "success";
    case RC_ENOMEM: return "out of memory";
    case RC_EINVAL: return "invalid argument";
    case RC_EUTF8: return "invalid UTF-8";
    case RC_ETOOBIG: return "input too large";
    case RC_EFORMAT: return "truncated, corrupted or incompatible data";
    case RC_EIO: return "input/output error";
    case RC_ESURROGATE: return "lone surrogate";
    case RC_EVERSION: return "gazetteer image of another format version (rebuild it with this relcore)";
    default: return "unknown error code";
    }
}

#define RC_STR2(x) #x
#define RC_STR(x) RC_STR2(x)
const char *rc_version(void)
{
    return RC_STR(RC_VERSION_MAJOR) "." RC_STR(RC_VERSION_MINOR) "." RC_STR(RC_VERSION_PATCH);
}

const char *rc_unicode_version(void) { return utf8proc_unicode_version(); }
