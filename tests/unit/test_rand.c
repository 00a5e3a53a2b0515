/* The cssl_rand_* family: Python's RAND_bytes(), RAND_pseudo_bytes(),
 * RAND_status(), RAND_add() and the absent RAND_egd(). */
#define OPENSSL_SUPPRESS_DEPRECATED /* RAND_METHOD: the failure test below */
#include "testlib.h"

#include <string.h>

#include <openssl/err.h>
#include <openssl/rand.h>

#pragma GCC diagnostic ignored "-Wdeprecated-declarations" /* cssl_rand_pseudo_bytes */

static bool all_zero(const unsigned char *p, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (p[i] != 0) {
            return false;
        }
    }
    return true;
}

static void test_bytes(void **state)
{
    static const int lengths[] = {0, 1, 16, 32, 1000, 100000};
    static unsigned char a[100000], b[100000];
    for (size_t i = 0; i < sizeof(lengths) / sizeof(lengths[0]); i++) {
        int n = lengths[i];
        memset(a, 0, sizeof(a));
        memset(b, 0, sizeof(b));
        assert_int_equal(cssl_rand_bytes(a, n), n);
        assert_int_equal(cssl_rand_bytes(b, n), n);
        if (n >= 16) {
            assert_false(all_zero(a, (size_t)n));
            assert_memory_not_equal(a, b, (size_t)n);
        }
        assert_true(all_zero(a + n, sizeof(a) - (size_t)n));
    }
    assert_int_equal(cssl_rand_bytes(NULL, 0), 0);
}

static void test_pseudo_bytes(void **state)
{
    unsigned char buf[64] = {0};
    bool strong = false;
    assert_int_equal(cssl_rand_pseudo_bytes(buf, 64, &strong), 64);
    assert_true(strong);
    assert_false(all_zero(buf, sizeof(buf)));
    assert_int_equal(cssl_rand_pseudo_bytes(buf, 8, NULL), 8);
    strong = false;
    assert_int_equal(cssl_rand_pseudo_bytes(NULL, 0, &strong), 0);
    assert_true(strong);
}

static void test_argument_errors(void **state)
{
    unsigned char buf[4];
    static const int negative[] = {-1, -100, -2147483647 - 1};
    for (size_t i = 0; i < sizeof(negative) / sizeof(negative[0]); i++) {
        expect_error(cssl_rand_bytes(buf, negative[i]), CSSL_E_VALUE, "num must be positive");
        expect_error(cssl_rand_pseudo_bytes(buf, negative[i], NULL), CSSL_E_VALUE,
                     "num must be positive");
    }
    expect_error(cssl_rand_bytes(NULL, 4), CSSL_E_VALUE, "buf must not be NULL");
    expect_error(cssl_rand_pseudo_bytes(NULL, 4, NULL), CSSL_E_VALUE, "buf must not be NULL");
    expect_error(cssl_rand_add(NULL, 4, 1.0), CSSL_E_VALUE, "bytes must not be NULL");
}

static void test_status_add_egd(void **state)
{
    assert_true(cssl_rand_status());
    assert_int_equal(cssl_rand_add("seed material", 13, 2.5), CSSL_OK);
    assert_int_equal(cssl_rand_add(NULL, 0, 0.0), CSSL_OK);
    assert_int_equal(cssl_rand_add("x", 1, -1.0), CSSL_OK); /* Python passes it through */
    assert_int_equal(ERR_peek_error(), 0);
    assert_true(cssl_rand_status());
    expect_error(cssl_rand_egd("/var/run/egd-pool"), CSSL_E_NOT_SUPPORTED,
                 "RAND_egd() is not available: OpenSSL removed EGD support in 1.1.0 "
                 "(Python's ssl module has no RAND_egd on this OpenSSL either)");
    expect_error(cssl_rand_egd(NULL), CSSL_E_NOT_SUPPORTED, NULL);
}

/* A generator that fails, to see the error Python builds from
 * ERR_get_error(): SSLError(code, reason) -> "[Errno code] reason". */
static int failing_bytes(unsigned char *buf, int num)
{
    (void)buf;
    (void)num;
    ERR_raise(ERR_LIB_RAND, RAND_R_UNABLE_TO_FETCH_DRBG);
    return 0;
}

static int failing_status(void)
{
    return 0;
}

static void test_failure(void **state)
{
    static const RAND_METHOD failing = {.bytes = failing_bytes, .status = failing_status};
    unsigned long code = ERR_PACK(ERR_LIB_RAND, 0, RAND_R_UNABLE_TO_FETCH_DRBG);
    char want[128];
    snprintf(want, sizeof(want), "[Errno %lu] %s", code, ERR_reason_error_string(code));
    unsigned char buf[8];
    bool strong = true;
    assert_int_equal(RAND_set_rand_method(&failing), 1);
    assert_false(cssl_rand_status());
    expect_error(cssl_rand_bytes(buf, 8), CSSL_E_SSL, want);
    assert_int_equal(cssl_last_error()->py_errno, (long)code);
    assert_null(cssl_last_error()->library);
    assert_int_equal(ERR_peek_error(), 0);
    /* RAND_pseudo_bytes() answers 0 with is_cryptographic False. */
    assert_int_equal(cssl_rand_pseudo_bytes(buf, 8, &strong), 8);
    assert_false(strong);
    assert_int_equal(ERR_peek_error(), 0);
    expect_error(cssl_rand_bytes(NULL, 0), CSSL_E_SSL, want); /* as Python's RAND_bytes(0) */
    assert_int_equal(RAND_set_rand_method(RAND_OpenSSL()), 1);
    assert_int_equal(cssl_rand_bytes(buf, 8), 8);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_bytes),           cmocka_unit_test(test_pseudo_bytes),
        cmocka_unit_test(test_argument_errors), cmocka_unit_test(test_status_add_egd),
        cmocka_unit_test(test_failure),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
