/* names.c — the names of option values (rc_name_value and friends, relcore.h), one table for
 * every binding: the Python binding, and any other, checks and spells them from here. */
#include <string.h>

#include "relcore.h"

typedef struct {
    const char *names[5]; /* NULL-terminated */
    long values[4];
    const char *closed, *open; /* the lists for messages */
} name_set;

static const name_set sets[RC_NAME_SETS] = {
    [RC_NAMES_FORM] = {{"NFC", "NFD", "NFKC", "NFKD"}, {RC_NFC, RC_NFD, RC_NFKC, RC_NFKD},
                       "'NFC', 'NFD', 'NFKC' or 'NFKD'", "'NFC', 'NFD', 'NFKC', 'NFKD'"},
    [RC_NAMES_TOKEN_MODE] = {{"words", "uax29"}, {0, RC_TOKENIZE_UAX29}, "'words' or 'uax29'", "'words', 'uax29'"},
    [RC_NAMES_SENTENCE_MODE] = {{"text", "uax29"}, {0, RC_SENTENCES_UAX29}, "'text' or 'uax29'", "'text', 'uax29'"},
    [RC_NAMES_SEGMENT] = {{"grapheme", "word", "sentence"}, {RC_SEG_GRAPHEME, RC_SEG_WORD, RC_SEG_SENTENCE},
                          "'grapheme', 'word' or 'sentence'", "'grapheme', 'word', 'sentence'"},
    [RC_NAMES_ALIAS_FORM] = {{"name", "demonym", "capital", "block"},
                             {RC_FORM_NAME, RC_FORM_DEMONYM, RC_FORM_CAPITAL, RC_FORM_BLOCK},
                             "'name', 'demonym', 'capital' or 'block'", "'name', 'demonym', 'capital', 'block'"},
    [RC_NAMES_WINDOW] = {{"sentence", "document"}, {RC_WINDOW_SENTENCE, RC_WINDOW_DOCUMENT},
                         "'sentence' or 'document'", "'sentence', 'document'"},
    [RC_NAMES_ERRORS] = {{"strict", "replace"}, {0, RC_REPLACE_INVALID}, "'strict' or 'replace'", "'strict', 'replace'"},
};

long rc_name_value(rc_name_set set, const char *name, size_t len)
{
    if ((unsigned)set >= RC_NAME_SETS || !name) return -1;
    for (int i = 0; sets[set].names[i]; i++)
        if (strlen(sets[set].names[i]) == len && !memcmp(sets[set].names[i], name, len)) return sets[set].values[i];
    return -1;
}

const char *rc_value_name(rc_name_set set, long value)
{
    if ((unsigned)set >= RC_NAME_SETS) return NULL;
    for (int i = 0; sets[set].names[i]; i++)
        if (sets[set].values[i] == value) return sets[set].names[i];
    return NULL;
}

const char *rc_names_list(rc_name_set set, int open)
{
    if ((unsigned)set >= RC_NAME_SETS) return "";
    return open ? sets[set].open : sets[set].closed;
}
