/* file.h — reading a whole file into a reusable buffer (the batch drivers read files on their
 * worker threads, without Python). */
#ifndef RC_FILE_H
#define RC_FILE_H

#include <stddef.h>

/* Reads the whole file at `path` into *buf (grown with rc_realloc as needed; *cap is its size and
 * both are kept for the next call, so a worker reading many files allocates only while they grow).
 * Sets *len to the file's length. Returns RC_OK; RC_EIO with errno in *err; RC_ENOMEM. The buffer
 * is freed by the caller with rc_free. A file that grows while it is read is read to its end. */
int rc_read_file(const char *path, char **buf, size_t *cap, size_t *len, int *err);

#endif
