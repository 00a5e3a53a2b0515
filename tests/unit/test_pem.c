/* cssl_der_cert_to_pem_cert() / cssl_pem_cert_to_der_cert(): Python's
 * DER_cert_to_PEM_cert() / PEM_cert_to_DER_cert(), byte for byte and
 * message for message. */
#include "testlib.h"

#include <stdlib.h>
#include <string.h>

#define H CSSL_PEM_HEADER
#define F CSSL_PEM_FOOTER

static unsigned char counting[64];

static void test_der_to_pem(void **state)
{
    static const struct {
        size_t len;
        const char *want;
    } cases[] = {
        {.len = 0, .want = H "\n" F "\n"},
        {.len = 1, .want = H "\nAA==\n" F "\n"},
        {.len = 48,
         .want = H "\nAAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8gISIjJCUmJygpKissLS4v\n" F "\n"},
        {.len = 49,
         .want =
             H "\nAAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8gISIjJCUmJygpKissLS4v\nMA==\n" F "\n"},
    };
    for (size_t i = 0; i < 64; i++) {
        counting[i] = (unsigned char)i;
    }
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        char *pem = cssl_der_cert_to_pem_cert(counting, cases[i].len);
        assert_non_null(pem);
        assert_string_equal(pem, cases[i].want);
        cssl_free(pem);
    }
    char *pem = cssl_der_cert_to_pem_cert(NULL, 0);
    assert_string_equal(pem, H "\n" F "\n");
    cssl_free(pem);
    assert_null(cssl_der_cert_to_pem_cert(NULL, 1));
    expect_error(-1, CSSL_E_VALUE, "der must not be NULL");
}

struct decode_case {
    const char *pem;
    size_t len; /* 0: strlen(pem) */
    const char *der;
    size_t der_len;
};

static void test_pem_to_der(void **state)
{
    static const struct decode_case cases[] = {
        {.pem = H "\nAAECAw==\n" F "\n", .der = "\x00\x01\x02\x03", .der_len = 4},
        {.pem = H "\r\nAAEC\r\nAw==\r\n" F "\r\n", .der = "\x00\x01\x02\x03", .der_len = 4},
        {.pem = H "\n AA!E*C\tAw==\n" F " \t\n\xe3\x80\x80\xc2\x85",
         .der = "\x00\x01\x02\x03",
         .der_len = 4},
        {.pem = H F, .der = "", .der_len = 0},
        {.pem = H "END CERTIFICATE-----", .der = "", .der_len = 0}, /* overlap */
        {.pem = H "\naGk=aGk=\n" F, .der = "hi", .der_len = 2},
        {.pem = H "\nAB=C=\n" F, .der = "\x00\x10", .der_len = 2},
        {.pem = H "\n====\n" F, .der = "", .der_len = 0},
        {.pem = H "\nAAAA\0AAAA\n" F,
         .len = sizeof(H "\nAAAA\0AAAA\n" F) - 1,
         .der = "\0\0\0\0\0\0",
         .der_len = 6},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        const struct decode_case *c = &cases[i];
        unsigned char *der = NULL;
        size_t der_len = 99;
        int rc =
            cssl_pem_cert_to_der_cert(c->pem, c->len ? c->len : strlen(c->pem), &der, &der_len);
        assert_int_equal(rc, (int)c->der_len);
        assert_int_equal(der_len, c->der_len);
        assert_non_null(der);
        if (c->der_len > 0) {
            assert_memory_equal(der, c->der, c->der_len);
        }
        cssl_free(der);
    }
}

static void test_pem_errors(void **state)
{
    static const struct {
        const char *pem;
        const char *message;
    } cases[] = {
        {.pem = "", .message = "Invalid PEM encoding; must start with " H},
        {.pem = " " H "\n" F, .message = "Invalid PEM encoding; must start with " H},
        {.pem = H, .message = "Invalid PEM encoding; must end with " F},
        {.pem = H "\nAAAA\n" F "\nx", .message = "Invalid PEM encoding; must end with " F},
        {.pem = H "\nAAAA\n" F "\xe2\x80\x8b", .message = "Invalid PEM encoding; must end with " F},
        {.pem = H "\nA\n" F,
         .message = "Invalid base64-encoded string: number of data characters (1) cannot be 1 more "
                    "than a multiple of 4"},
        {.pem = H "\nAAAAAAAAA\n" F,
         .message = "Invalid base64-encoded string: number of data characters (9) cannot be 1 more "
                    "than a multiple of 4"},
        {.pem = H "\nAB\n" F, .message = "Incorrect padding"},
        {.pem = H "\nAB=\n" F, .message = "Incorrect padding"},
        {.pem = H "\nABC\n" F, .message = "Incorrect padding"},
        {.pem = H "\nAB\xc3\xa9"
                  "CD\n" F,
         .message = "'ascii' codec can't encode character '\\xe9' in position 3: ordinal not in "
                    "range(128)"},
        {.pem = H "\xc4\x80" F,
         .message = "'ascii' codec can't encode character '\\u0100' in position 0: ordinal not in "
                    "range(128)"},
        {.pem = H "\n\xf0\x9f\x98\x80" F,
         .message = "'ascii' codec can't encode character '\\U0001f600' in position 1: ordinal not "
                    "in range(128)"},
        {.pem = H "\nA\xc3\xa9\xc3\xa8\xffZ\xc3\xa9" F,
         .message = "'ascii' codec can't encode characters in position 2-4: ordinal not in "
                    "range(128)"},
        {.pem = H "\xff" F,
         .message = "'ascii' codec can't encode character '\\udcff' in position 0: ordinal not in "
                    "range(128)"},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        unsigned char *der = (unsigned char *)"untouched";
        size_t der_len = 99;
        expect_error(cssl_pem_cert_to_der_cert(cases[i].pem, strlen(cases[i].pem), &der, &der_len),
                     CSSL_E_VALUE, cases[i].message);
        assert_null(der);
        assert_int_equal(der_len, 0);
    }
}

static void test_null_arguments(void **state)
{
    unsigned char *der;
    size_t der_len;
    expect_error(cssl_pem_cert_to_der_cert(NULL, 0, &der, &der_len), CSSL_E_VALUE,
                 "pem must not be NULL");
    expect_error(cssl_pem_cert_to_der_cert(H F, 52, NULL, &der_len), CSSL_E_VALUE,
                 "der must not be NULL");
    expect_error(cssl_pem_cert_to_der_cert(H F, 52, &der, NULL), CSSL_E_VALUE,
                 "der_len must not be NULL");
}

/* Every generated certificate survives PEM -> DER -> PEM unchanged. */
static void test_round_trip(void **state)
{
    static const char *const names[] = {"ca.pem", "server.pem", "client.pem"};
    for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
        size_t len;
        char *text = testlib_read_file(testlib_cert_path(names[i]), &len);
        const char *end = strstr(text, F);
        assert_non_null(end);
        size_t pem_len = (size_t)(end - text) + strlen(F) + 1;
        unsigned char *der;
        size_t der_len;
        assert_true(cssl_pem_cert_to_der_cert(text, pem_len, &der, &der_len) > 100);
        char *pem = cssl_der_cert_to_pem_cert(der, der_len);
        assert_non_null(pem);
        assert_int_equal(strlen(pem), pem_len);
        assert_memory_equal(pem, text, pem_len);
        cssl_free(pem);
        cssl_free(der);
        free(text);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_der_to_pem), cmocka_unit_test(test_pem_to_der),
        cmocka_unit_test(test_pem_errors), cmocka_unit_test(test_null_arguments),
        cmocka_unit_test(test_round_trip),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
