/* emoticon.h — ASCII emoticons (":)", ":-(", ";)", ":D", ":P"), shared by the tokenizer (one
 * token of kind emoji) and the sentence splitter (an emoticon after a terminator stays with its
 * sentence; one after a word ends it). */
#ifndef RC_EMOTICON_H
#define RC_EMOTICON_H

#include <stddef.h>
#include <string.h>

/* The length of the emoticon at s[i] (eyes ": ; =", an optional nose "-" or "'", a mouth of
 * one repeated character from ")(DPpd/|Oo][*3"), or 0. It counts only as a whole token: white
 * space (ASCII) or the end of the text must follow; the caller checks what precedes. */
static inline size_t rc_emoticon_len(const unsigned char *s, size_t len, size_t i)
{
    size_t j = i;
    if (j >= len || (s[j] != ':' && s[j] != ';' && s[j] != '=')) return 0;
    j++;
    if (j < len && (s[j] == '-' || s[j] == '\'')) j++;
    if (j >= len || !s[j] || !strchr(")(DPpd/|Oo][*3", s[j])) return 0;
    unsigned mouth = s[j];
    while (j < len && s[j] == mouth) j++; /* ":)))" */
    if (j < len && !(s[j] == ' ' || (s[j] >= '\t' && s[j] <= '\r'))) return 0;
    return j - i;
}

#endif
