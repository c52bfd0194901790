/* test_names.c — the names of option values: every name maps to its value and back, lengths are
 * exact (no prefixes, no NUL tricks), unknown names and sets fail, and the message lists. */
#include "testutil.h"

static void test_values(void **state)
{
    assert_int_equal(rc_name_value(RC_NAMES_FORM, "NFKC", 4), RC_NFKC);
    assert_int_equal(rc_name_value(RC_NAMES_TOKEN_MODE, "uax29", 5), RC_TOKENIZE_UAX29);
    assert_int_equal(rc_name_value(RC_NAMES_TOKEN_MODE, "words", 5), 0);
    assert_int_equal(rc_name_value(RC_NAMES_SENTENCE_MODE, "text", 4), 0);
    assert_int_equal(rc_name_value(RC_NAMES_SEGMENT, "sentence", 8), RC_SEG_SENTENCE);
    assert_int_equal(rc_name_value(RC_NAMES_ALIAS_FORM, "capital", 7), RC_FORM_CAPITAL);
    assert_int_equal(rc_name_value(RC_NAMES_WINDOW, "document", 8), RC_WINDOW_DOCUMENT);
    assert_int_equal(rc_name_value(RC_NAMES_ERRORS, "replace", 7), RC_REPLACE_INVALID);
    /* Exact names only. */
    assert_int_equal(rc_name_value(RC_NAMES_FORM, "NFKCx", 4), RC_NFKC); /* len decides */
    assert_int_equal(rc_name_value(RC_NAMES_FORM, "NFC\0junk", 8), -1);
    assert_int_equal(rc_name_value(RC_NAMES_FORM, "NF", 2), -1);
    assert_int_equal(rc_name_value(RC_NAMES_FORM, "nfc", 3), -1);
    assert_int_equal(rc_name_value(RC_NAMES_WINDOW, "", 0), -1);
    assert_int_equal(rc_name_value(RC_NAMES_WINDOW, NULL, 0), -1);
    assert_int_equal(rc_name_value(RC_NAME_SETS, "NFC", 3), -1);
}

static void test_names_and_lists(void **state)
{
    for (int set = 0; set < RC_NAME_SETS; set++)
        for (long v = 0; v < 8; v++) { /* every name maps back to its value */
            const char *name = rc_value_name((rc_name_set)set, v);
            if (name) assert_int_equal(rc_name_value((rc_name_set)set, name, strlen(name)), v);
        }
    assert_string_equal(rc_value_name(RC_NAMES_ALIAS_FORM, RC_FORM_DEMONYM), "demonym");
    assert_string_equal(rc_value_name(RC_NAMES_SEGMENT, RC_SEG_GRAPHEME), "grapheme");
    assert_null(rc_value_name(RC_NAMES_ALIAS_FORM, 9));
    assert_null(rc_value_name(RC_NAME_SETS, 0));
    assert_string_equal(rc_names_list(RC_NAMES_TOKEN_MODE, 0), "'words' or 'uax29'");
    assert_string_equal(rc_names_list(RC_NAMES_FORM, 1), "'NFC', 'NFD', 'NFKC', 'NFKD'");
    assert_string_equal(rc_names_list(RC_NAME_SETS, 0), "");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_values),
        cmocka_unit_test(test_names_and_lists),
    };
    return cmocka_run_group_tests_name("names", tests, NULL, NULL);
}
