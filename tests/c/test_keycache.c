/* test_keycache.c — the short-key cache (base/keycache.h): a key is found only after it was put,
 * keys differing in a byte, a length or the tag never meet, the wide loads near the end of the
 * readable memory read the same key as the padded copy, a new key takes over its slot and hands
 * back the old value, and allocation failure. */
#include "testutil.h"
#include "base/alloc.h"
#include "base/keycache.h"

static int values[64]; /* values are the addresses of these */

/* get, then put &values[v] on a miss (what the binding does); returns whether it was a hit (and
 * then checks that the value is the one put for that key). */
static int lookup_value(rc_keycache *c, const void *p, size_t nb, unsigned tag, const void *end, size_t *slot, int v)
{
    rc_keycache_key key;
    void *got = rc_keycache_get(c, p, nb, tag, end, &key, slot);
    assert_true(*slot < RC_KEYCACHE_SLOTS);
    if (got) assert_ptr_equal(got, &values[v]);
    else rc_keycache_put(c, *slot, &key, &values[v]);
    return got != NULL;
}

static int lookup(rc_keycache *c, const void *p, size_t nb, unsigned tag, const void *end, size_t *slot)
{
    return lookup_value(c, p, nb, tag, end, slot, 0);
}

static void test_found_only_after_set(void **state)
{
    rc_keycache *c = rc_keycache_new();
    assert_non_null(c);
    const char *text = "the cat and the dog";
    const char *end = text + strlen(text);
    size_t s1, s2;
    rc_keycache_key key;
    assert_null(rc_keycache_get(c, text, 3, 1, end, &key, &s1));
    assert_null(rc_keycache_get(c, text, 3, 1, end, &key, &s1)); /* not put: still a miss */
    assert_false(lookup(c, text, 3, 1, end, &s1));
    assert_true(lookup(c, text + 12, 3, 1, end, &s2)); /* the second "the" */
    assert_int_equal(s1, s2);
    rc_keycache_free(c);
}

/* Each key set alone in an empty index: found itself, never found for another. */
static void test_keys_apart(void **state)
{
    /* keys that differ in a byte, in the length (a zero byte is not padding), in the tag */
    static const char a[] = "abcdefghijklmnop\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0", b[] = "abcdefghijklmnoq";
    typedef struct {
        const char *p;
        size_t n;
        unsigned tag;
    } test_key;
    test_key keys[40];
    size_t count = 0;
    for (size_t n = 1; n <= RC_KEYCACHE_MAX_BYTES; n++) {
        keys[count++] = (test_key){a, n, 1};
        keys[count++] = (test_key){a, n, 2};
    }
    keys[count++] = (test_key){b, 16, 1};
    keys[count++] = (test_key){a + 16, 3, 1}; /* "\0\0\0" */
    for (size_t i = 0; i < count; i++) {
        rc_keycache *c = rc_keycache_new();
        assert_non_null(c);
        size_t slot;
        assert_false(lookup(c, keys[i].p, keys[i].n, keys[i].tag, a + sizeof a, &slot));
        for (size_t j = 0; j < count; j++) {
            rc_keycache_key key;
            void *got = rc_keycache_get(c, keys[j].p, keys[j].n, keys[j].tag, keys[j].p + keys[j].n, &key, &slot);
            assert_true(i == j ? got == &values[0] : got == NULL);
        }
        rc_keycache_free(c);
    }
}

static void test_near_the_end_of_memory(void **state)
{
    /* The key read with two loads (16 bytes readable) and from a padded copy (at the end of
     * the memory) is the same key. */
    rc_keycache *c = rc_keycache_new();
    assert_non_null(c);
    const char text[] = "Azerbaijan and Armenia, Azerbaijan";
    const size_t n = sizeof text - 1;
    for (size_t len = 1; len <= 10; len++) {
        size_t s1, s2;
        rc_keycache_key k1, k2;
        rc_keycache_get(c, text, len, 1, text + n, &k1, &s1);             /* wide loads */
        rc_keycache_get(c, text + 24, len, 1, text + 24 + len, &k2, &s2); /* padded */
        assert_int_equal(s1, s2);
        assert_memory_equal(&k1, &k2, sizeof k1);
    }
    rc_keycache_free(c);
}

static void test_new_key_takes_the_slot(void **state)
{
    rc_keycache *c = rc_keycache_new();
    assert_non_null(c);
    /* Find two keys of the same slot among numbers written out, then alternate them. */
    char keys[RC_KEYCACHE_SLOTS + 1][8];
    size_t slots[RC_KEYCACHE_SLOTS + 1], i, j = 0;
    rc_keycache_key key;
    int found = 0;
    for (i = 0; i <= RC_KEYCACHE_SLOTS && !found; i++) {
        snprintf(keys[i], sizeof keys[i], "%zu", i);
        rc_keycache_get(c, keys[i], strlen(keys[i]), 1, keys[i] + strlen(keys[i]), &key, &slots[i]);
        for (j = 0; j < i && !found; j++) found = slots[j] == slots[i];
    }
    assert_true(found); /* more keys than slots: two must share one */
    const char *x = keys[j - 1], *y = keys[i - 1];
    size_t s;
    assert_false(lookup_value(c, x, strlen(x), 1, x + strlen(x), &s, 1));
    assert_true(lookup_value(c, x, strlen(x), 1, x + strlen(x), &s, 1));
    rc_keycache_get(c, y, strlen(y), 1, y + strlen(y), &key, &s);
    assert_ptr_equal(rc_keycache_put(c, s, &key, &values[2]), &values[1]); /* y takes x's slot */
    assert_true(lookup_value(c, y, strlen(y), 1, y + strlen(y), &s, 2));
    assert_false(lookup_value(c, x, strlen(x), 1, x + strlen(x), &s, 1));
    rc_keycache_free(c);
}

static void test_allocation_failure(void **state)
{
    rc_fault_fail_after(0);
    assert_null(rc_keycache_new());
    rc_fault_fail_after(-1);
    rc_keycache_free(NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_found_only_after_set),
        cmocka_unit_test(test_keys_apart),
        cmocka_unit_test(test_near_the_end_of_memory),
        cmocka_unit_test(test_new_key_takes_the_slot),
        cmocka_unit_test(test_allocation_failure),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
