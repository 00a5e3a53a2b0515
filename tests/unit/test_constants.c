/* Constants: the collection tables, cssl.h's macros against them and
 * OpenSSL, ssl.Purpose, HAS_* and the version functions. */
#include "testlib.h"

#include <stdio.h>
#include <string.h>

#include <openssl/crypto.h>
#include <openssl/objects.h>
#include <openssl/ssl.h>

#include "internal.h"

/* The value of collection.name, failing the test if it is not there. */
static int64_t member(const char *collection, const char *name)
{
    size_t n = 0;
    const cssl_constant *c = cssl_constants(collection, &n);
    assert_non_null(c);
    for (size_t i = 0; i < n; i++) {
        if (strcmp(c[i].name, name) == 0) {
            return c[i].value;
        }
    }
    print_error("%s.%s is missing\n", collection, name);
    fail();
    return 0;
}

static void test_collection_shapes(void **state)
{
    static const struct {
        const char *collection;
        size_t count;
        const char *first;
        const char *last;
    } cases[] = {
        {.collection = "VerifyMode", .count = 3, .first = "CERT_NONE", .last = "CERT_REQUIRED"},
        {.collection = "VerifyFlags",
         .count = 7,
         .first = "VERIFY_DEFAULT",
         .last = "VERIFY_X509_PARTIAL_CHAIN"},
        /* 17 names, 13 distinct values: the zero options are aliases. */
        {.collection = "Options", .count = 17, .first = "OP_NO_SSLv2", .last = "OP_ALL"},
        {.collection = "AlertDescription",
         .count = 27,
         .first = "ALERT_DESCRIPTION_CLOSE_NOTIFY",
         .last = "ALERT_DESCRIPTION_UNKNOWN_PSK_IDENTITY"},
        {.collection = "SSLErrorNumber",
         .count = 9,
         .first = "SSL_ERROR_SSL",
         .last = "SSL_ERROR_INVALID_ERROR_CODE"},
        {.collection = "TLSVersion",
         .count = 7,
         .first = "MINIMUM_SUPPORTED",
         .last = "MAXIMUM_SUPPORTED"},
        {.collection = "_SSLMethod",
         .count = 6,
         .first = "PROTOCOL_TLS",
         .last = "PROTOCOL_TLS_SERVER"},
        {.collection = "Purpose", .count = 2, .first = "SERVER_AUTH", .last = "CLIENT_AUTH"},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        size_t n = 0;
        const cssl_constant *c = cssl_constants(cases[i].collection, &n);
        assert_non_null(c);
        assert_int_equal(cssl_last_error()->code, CSSL_OK);
        assert_int_equal(n, cases[i].count);
        assert_string_equal(c[0].name, cases[i].first);
        assert_string_equal(c[n - 1].name, cases[i].last);
        assert_null(c[n].name);                                         /* the terminating entry */
        assert_ptr_equal(cssl_constants(cases[i].collection, NULL), c); /* count is optional */
    }
}

/* Every name cssl_constant_collections() lists resolves, and nothing else. */
static void test_collection_names(void **state)
{
    const char *const *names = cssl_constant_collections();
    size_t n = 0;
    for (; names[n] != NULL; n++) {
        assert_non_null(cssl_constants(names[n], NULL));
    }
    assert_int_equal(n, 8);
}

static void test_unknown_collection(void **state)
{
    static const char *const bad[] = {"Nope",     "verifymode", "",
                                      "Purpose ", "HAS_SNI",    "TLSVersions"};
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        size_t n = 42;
        const cssl_constant *c = cssl_constants(bad[i], &n);
        assert_null(c);
        char want[128];
        snprintf(want, sizeof(want), "unknown constant collection '%s'", bad[i]);
        expect_error(-1, CSSL_E_VALUE, want);
        assert_int_equal(n, 42); /* untouched on failure */
    }
    assert_null(cssl_constants(NULL, NULL));
    expect_error(-1, CSSL_E_VALUE, "collection must not be NULL");
    /* The next call clears the error. */
    assert_non_null(cssl_constants("Options", NULL));
    assert_int_equal(cssl_last_error()->code, CSSL_OK);
}

/* The header's numbers are the tables' (which come from OpenSSL). */
static void test_macros_match_tables(void **state)
{
    static const struct {
        const char *collection;
        const char *name;
        int64_t value;
    } cases[] = {
        {.collection = "VerifyMode", .name = "CERT_OPTIONAL", .value = CSSL_CERT_OPTIONAL},
        {.collection = "VerifyFlags",
         .name = "VERIFY_CRL_CHECK_CHAIN",
         .value = CSSL_VERIFY_CRL_CHECK_CHAIN},
        {.collection = "VerifyFlags",
         .name = "VERIFY_X509_PARTIAL_CHAIN",
         .value = CSSL_VERIFY_X509_PARTIAL_CHAIN},
        {.collection = "Options", .name = "OP_ALL", .value = (int64_t)CSSL_OP_ALL},
        {.collection = "Options", .name = "OP_NO_SSLv2", .value = 0},
        {.collection = "Options", .name = "OP_NO_TLSv1_1", .value = (int64_t)CSSL_OP_NO_TLSv1_1},
        {.collection = "Options",
         .name = "OP_LEGACY_SERVER_CONNECT",
         .value = (int64_t)CSSL_OP_LEGACY_SERVER_CONNECT},
        {.collection = "AlertDescription",
         .name = "ALERT_DESCRIPTION_USER_CANCELLED",
         .value = CSSL_ALERT_DESCRIPTION_USER_CANCELLED},
        {.collection = "SSLErrorNumber", .name = "SSL_ERROR_EOF", .value = CSSL_SSL_ERROR_EOF},
        {.collection = "TLSVersion",
         .name = "MINIMUM_SUPPORTED",
         .value = CSSL_TLSVERSION_MINIMUM_SUPPORTED},
        {.collection = "TLSVersion", .name = "TLSv1_3", .value = CSSL_TLSVERSION_TLSv1_3},
        {.collection = "_SSLMethod", .name = "PROTOCOL_TLS", .value = CSSL_PROTOCOL_SSLv23},
        {.collection = "_SSLMethod",
         .name = "PROTOCOL_TLS_CLIENT",
         .value = CSSL_PROTOCOL_TLS_CLIENT},
        {.collection = "Purpose", .name = "CLIENT_AUTH", .value = CSSL_PURPOSE_CLIENT_AUTH},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        assert_int_equal(member(cases[i].collection, cases[i].name), cases[i].value);
    }
    /* OP_ALL carries its top bit: unsigned on the Python side too. */
    assert_int_equal(member("Options", "OP_ALL"), INT64_C(2147483728));
}

/* Python's __members__ order: Enum._convert_() sorts by (value, name). */
static void test_converted_order(void **state)
{
    static const char *const converted[] = {"VerifyMode",       "VerifyFlags",    "Options",
                                            "AlertDescription", "SSLErrorNumber", "_SSLMethod"};
    for (size_t k = 0; k < sizeof(converted) / sizeof(converted[0]); k++) {
        size_t n = 0;
        const cssl_constant *c = cssl_constants(converted[k], &n);
        for (size_t i = 1; i < n; i++) {
            bool ordered = c[i - 1].value < c[i].value ||
                           (c[i - 1].value == c[i].value && strcmp(c[i - 1].name, c[i].name) < 0);
            assert_true(ordered);
        }
    }
}

static void test_purpose_objects(void **state)
{
    static const struct {
        cssl_purpose purpose;
        const char *shortname;
        const char *longname;
        const char *oid;
    } cases[] = {
        {.purpose = CSSL_PURPOSE_SERVER_AUTH,
         .shortname = "serverAuth",
         .longname = "TLS Web Server Authentication",
         .oid = "1.3.6.1.5.5.7.3.1"},
        {.purpose = CSSL_PURPOSE_CLIENT_AUTH,
         .shortname = "clientAuth",
         .longname = "TLS Web Client Authentication",
         .oid = "1.3.6.1.5.5.7.3.2"},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        const cssl_asn1_object *o = cssl_purpose_object(cases[i].purpose);
        assert_non_null(o);
        assert_int_equal(o->nid, (int)cases[i].purpose);
        assert_string_equal(o->shortname, cases[i].shortname);
        assert_string_equal(o->longname, cases[i].longname);
        assert_string_equal(o->oid, cases[i].oid);
        assert_ptr_equal(cssl_purpose_object(cases[i].purpose), o); /* static storage */
    }
    assert_null(cssl_purpose_object((cssl_purpose)NID_code_sign));
    expect_error(-1, CSSL_E_VALUE, "131 is not a valid Purpose");
    assert_null(cssl_purpose_object((cssl_purpose)-1));
    expect_error(-1, CSSL_E_VALUE, "-1 is not a valid Purpose");
}

/* What this OpenSSL's build options say (CPython reads the same macros). */
#ifdef OPENSSL_NO_SSL3
static const bool built_with_ssl3 = false;
#else
static const bool built_with_ssl3 = true;
#endif
#ifdef OPENSSL_NO_PSK
static const bool built_with_psk = false;
#else
static const bool built_with_psk = true;
#endif

static void test_features(void **state)
{
    static const struct {
        cssl_feature feature;
        const char *name;
        bool value;
    } cases[] = {
        {.feature = CSSL_HAS_ALPN, .name = "HAS_ALPN", .value = true},
        {.feature = CSSL_HAS_ECDH, .name = "HAS_ECDH", .value = true},
        {.feature = CSSL_HAS_NEVER_CHECK_COMMON_NAME,
         .name = "HAS_NEVER_CHECK_COMMON_NAME",
         .value = true},
        {.feature = CSSL_HAS_NPN, .name = "HAS_NPN", .value = false},
        {.feature = CSSL_HAS_SNI, .name = "HAS_SNI", .value = true},
        {.feature = CSSL_HAS_SSLv2, .name = "HAS_SSLv2", .value = false},
        {.feature = CSSL_HAS_TLSv1_2, .name = "HAS_TLSv1_2", .value = true},
        {.feature = CSSL_HAS_TLSv1_3, .name = "HAS_TLSv1_3", .value = true},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        assert_string_equal(cssl_feature_name(cases[i].feature), cases[i].name);
        assert_int_equal(cssl_has(cases[i].feature), cases[i].value);
    }
    assert_int_equal(cssl_has(CSSL_HAS_SSLv3), built_with_ssl3);
    assert_int_equal(cssl_has(CSSL_HAS_PSK), built_with_psk);
    for (int f = 0; f < CSSL_FEATURE_COUNT; f++) {
        assert_non_null(cssl_feature_name((cssl_feature)f));
    }
    assert_null(cssl_feature_name(CSSL_FEATURE_COUNT));
    assert_null(cssl_feature_name((cssl_feature)-1));
    assert_false(cssl_has(CSSL_FEATURE_COUNT));
    assert_false(cssl_has((cssl_feature)-1));
}

static void test_version_info(void **state)
{
    int info[5] = {-1, -1, -1, -1, -1};
    cssl_openssl_version_info(info);
    unsigned long n = cssl_openssl_version_number();
    assert_int_equal(n, OpenSSL_version_num());
    /* Reassembling the five fields gives the number back. */
    unsigned long back = ((unsigned long)info[0] << 28) | ((unsigned long)info[1] << 20) |
                         ((unsigned long)info[2] << 12) | ((unsigned long)info[3] << 4) |
                         (unsigned long)info[4];
    assert_int_equal(back, n);
    assert_int_equal(info[0], OPENSSL_VERSION_MAJOR);
    /* "OpenSSL 3.0.19 ..." names the same release: minor in info[1],
     * patch in info[3] on OpenSSL 3. */
    char prefix[64];
    snprintf(prefix, sizeof(prefix), "OpenSSL %d.%d.%d ", info[0], info[1], info[3]);
    assert_true(strncmp(cssl_openssl_version(), prefix, strlen(prefix)) == 0);
    cssl_openssl_version_info(NULL);
    expect_error(-1, CSSL_E_VALUE, "out must not be NULL");
}

static void test_misc(void **state)
{
    const char *const *types = cssl_channel_binding_types();
    assert_string_equal(types[0], "tls-unique");
    assert_null(types[1]);
    static const struct {
        int code;
        const char *name;
    } cases[] = {
        {.code = 2, .name = "PROTOCOL_TLS"},
        {.code = 3, .name = "PROTOCOL_TLSv1"},
        {.code = 5, .name = "PROTOCOL_TLSv1_2"},
        {.code = 16, .name = "PROTOCOL_TLS_CLIENT"},
        {.code = 17, .name = "PROTOCOL_TLS_SERVER"},
        {.code = 0, .name = "<unknown>"},
        {.code = 1, .name = "<unknown>"},
        {.code = -1, .name = "<unknown>"},
        {.code = 6, .name = "<unknown>"},
        {.code = 771, .name = "<unknown>"},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        assert_string_equal(cssl_get_protocol_name(cases[i].code), cases[i].name);
    }
    assert_string_equal(cssl_version(), CSSL_VERSION_STRING);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_collection_shapes),
        cmocka_unit_test(test_collection_names),
        cmocka_unit_test(test_unknown_collection),
        cmocka_unit_test(test_macros_match_tables),
        cmocka_unit_test(test_converted_order),
        cmocka_unit_test(test_purpose_objects),
        cmocka_unit_test(test_features),
        cmocka_unit_test(test_version_info),
        cmocka_unit_test(test_misc),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
