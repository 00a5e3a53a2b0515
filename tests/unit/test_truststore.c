/* ssl.enum_certificates() / ssl.enum_crls(): "ROOT" lists the certificates
 * (CRLs) of the default verify paths, cafile first, then capath's files in
 * name order, each once; "CA" and "MY" are empty; other names are errors. */
#include "testlib.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

enum { A, B, C, D, E, F, G, NCERTS };
enum { CRL1, CRL2, NCRLS };

static EVP_PKEY *key;
static X509 *certs[NCERTS];
static X509_CRL *crls[NCRLS];

static X509 *make_cert(int serial)
{
    X509 *x = X509_new();
    X509_NAME *name = X509_get_subject_name(x);
    char cn[32];
    snprintf(cn, sizeof(cn), "cssl truststore %d", serial);
    X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, (const unsigned char *)cn, -1, -1, 0);
    X509_set_issuer_name(x, name);
    ASN1_INTEGER_set(X509_get_serialNumber(x), serial);
    X509_gmtime_adj(X509_getm_notBefore(x), 0);
    X509_gmtime_adj(X509_getm_notAfter(x), 86400);
    X509_set_pubkey(x, key);
    X509_sign(x, key, EVP_sha256());
    return x;
}

static X509_CRL *make_crl(int days)
{
    X509_CRL *crl = X509_CRL_new();
    X509_CRL_set_version(crl, 1);
    X509_CRL_set_issuer_name(crl, X509_get_subject_name(certs[A]));
    ASN1_TIME *t = X509_gmtime_adj(NULL, 0);
    X509_CRL_set1_lastUpdate(crl, t);
    X509_gmtime_adj(t, 86400L * days);
    X509_CRL_set1_nextUpdate(crl, t);
    ASN1_TIME_free(t);
    X509_CRL_sign(crl, key, EVP_sha256());
    return crl;
}

/* Write a PEM file of the given certificates (-1 ends the list) and, when
 * crl is not NULL, that CRL after the first certificate. */
static void write_pem(const char *path, const int *which, X509_CRL *crl, bool with_key)
{
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    for (int i = 0; which[i] >= 0; i++) {
        PEM_write_X509(f, certs[which[i]]);
        if (i == 0 && crl != NULL) {
            PEM_write_X509_CRL(f, crl);
        }
    }
    if (with_key) {
        PEM_write_PrivateKey(f, key, NULL, NULL, 0, NULL, NULL);
    }
    fclose(f);
}

static void write_text(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

/*   bundle.pem   A, CRL1, B, C, A again, a private key
 *   certs/00.broken    a PEM block that does not parse: skipped
 *   certs/05.dangling  symlink to nothing: skipped
 *   certs/10.0         D
 *   certs/20.pem       B (already listed), E
 *   certs/30.r0        CRL2
 *   certs/40.txt       not PEM
 *   certs/50.sub/      a directory holding F: not descended into
 *   certs/60.link      symlink to ../outside.pem, which holds G */
static void make_tree(void **state)
{
    write_pem(testlib_tmp_path("bundle.pem"), (const int[]){A, B, C, A, -1}, crls[CRL1], true);
    assert_int_equal(mkdir(testlib_tmp_path("certs"), 0700), 0);
    assert_int_equal(mkdir(testlib_tmp_path("certs/50.sub"), 0700), 0);
    write_text(testlib_tmp_path("certs/00.broken"),
               "-----BEGIN CERTIFICATE-----\nMIIBAAAA\n-----END CERTIFICATE-----\n");
    assert_int_equal(symlink(testlib_tmp_path("nothing"), testlib_tmp_path("certs/05.dangling")),
                     0);
    write_pem(testlib_tmp_path("certs/10.0"), (const int[]){D, -1}, NULL, false);
    write_pem(testlib_tmp_path("certs/20.pem"), (const int[]){B, E, -1}, NULL, false);
    FILE *f = fopen(testlib_tmp_path("certs/30.r0"), "w");
    assert_non_null(f);
    PEM_write_X509_CRL(f, crls[CRL2]);
    fclose(f);
    write_text(testlib_tmp_path("certs/40.txt"), "not a certificate\n");
    write_pem(testlib_tmp_path("certs/50.sub/f.pem"), (const int[]){F, -1}, NULL, false);
    write_pem(testlib_tmp_path("outside.pem"), (const int[]){G, -1}, NULL, false);
    assert_int_equal(symlink(testlib_tmp_path("outside.pem"), testlib_tmp_path("certs/60.link")),
                     0);
}

static int setup(void **state)
{
    if (testlib_tmpdir_make("cssl_truststore") == NULL || (key = EVP_EC_gen("P-256")) == NULL) {
        return -1;
    }
    for (int i = 0; i < NCERTS; i++) {
        certs[i] = make_cert(i + 1);
    }
    for (int i = 0; i < NCRLS; i++) {
        crls[i] = make_crl(i + 1);
    }
    make_tree(state);
    return 0;
}

static int teardown(void **state)
{
    for (int i = 0; i < NCERTS; i++) {
        X509_free(certs[i]);
    }
    for (int i = 0; i < NCRLS; i++) {
        X509_CRL_free(crls[i]);
    }
    EVP_PKEY_free(key);
    return testlib_tmpdir_remove() == 0 ? 0 : -1;
}

static void use_paths(const char *cafile, const char *capath)
{
    assert_int_equal(setenv("SSL_CERT_FILE", testlib_tmp_path(cafile), 1), 0);
    assert_int_equal(setenv("SSL_CERT_DIR", testlib_tmp_path(capath), 1), 0);
}

static void assert_entry(const cssl_store_entry *e, unsigned char *der, int len, bool trust)
{
    assert_true(len > 0);
    assert_int_equal(e->len, (size_t)len);
    assert_memory_equal(e->data, der, (size_t)len);
    assert_string_equal(e->encoding, "x509_asn");
    assert_int_equal(e->trust_all, trust);
    OPENSSL_free(der);
}

static void assert_certs(const cssl_store_list *list, const int *want, size_t n)
{
    assert_non_null(list);
    assert_int_equal(list->count, n);
    for (size_t i = 0; i < n; i++) {
        unsigned char *der = NULL;
        int len = i2d_X509(certs[want[i]], &der);
        assert_entry(&list->items[i], der, len, true);
    }
}

static void test_root_certificates(void **state)
{
    static const int want[] = {A, B, C, D, E, G};
    use_paths("bundle.pem", "certs");
    cssl_store_list *list = cssl_enum_certificates("ROOT");
    assert_int_equal(cssl_last_error()->code, CSSL_OK);
    assert_certs(list, want, sizeof(want) / sizeof(want[0]));
    cssl_store_list_free(list);

    list = cssl_enum_certificates("root"); /* Windows' names ignore case */
    assert_certs(list, want, sizeof(want) / sizeof(want[0]));
    cssl_store_list_free(list);
}

static void test_root_partial_paths(void **state)
{
    static const struct {
        const char *cafile, *capath;
        size_t count;
        int want[6];
    } cases[] = {
        {.cafile = "bundle.pem", .capath = "missing", .count = 3, .want = {A, B, C}},
        {.cafile = "missing", .capath = "certs", .count = 4, .want = {D, B, E, G}},
        {.cafile = "certs", .capath = "bundle.pem", .count = 0}, /* wrong kinds */
        {.cafile = "outside.pem", .capath = "certs/50.sub", .count = 2, .want = {G, F}},
        {.cafile = "certs/40.txt", .capath = "missing", .count = 0}, /* not PEM */
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        use_paths(cases[i].cafile, cases[i].capath);
        cssl_store_list *list = cssl_enum_certificates("ROOT");
        assert_certs(list, cases[i].want, cases[i].count);
        cssl_store_list_free(list);
    }
}

static void test_root_crls(void **state)
{
    use_paths("bundle.pem", "certs");
    cssl_store_list *list = cssl_enum_crls("ROOT");
    assert_non_null(list);
    assert_int_equal(list->count, 2);
    for (int i = 0; i < NCRLS; i++) {
        unsigned char *der = NULL;
        int len = i2d_X509_CRL(crls[i], &der);
        assert_entry(&list->items[i], der, len, false);
    }
    cssl_store_list_free(list);
}

static void test_empty_stores(void **state)
{
    static const char *const names[] = {"CA", "MY", "ca", "My"};
    use_paths("bundle.pem", "certs");
    for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
        cssl_store_list *certs_list = cssl_enum_certificates(names[i]);
        cssl_store_list *crls_list = cssl_enum_crls(names[i]);
        assert_non_null(certs_list);
        assert_non_null(crls_list);
        assert_int_equal(certs_list->count, 0);
        assert_int_equal(crls_list->count, 0);
        cssl_store_list_free(certs_list);
        cssl_store_list_free(crls_list);
    }
    cssl_store_list_free(NULL);
}

static void test_bad_store_names(void **state)
{
    static const struct {
        const char *name;
        const char *message;
    } cases[] = {
        {"bogus", "unknown certificate store 'bogus': expected 'ROOT', 'CA' or 'MY'"},
        {"", "unknown certificate store '': expected 'ROOT', 'CA' or 'MY'"},
        {"ROOTS", "unknown certificate store 'ROOTS': expected 'ROOT', 'CA' or 'MY'"},
        {"it's", "unknown certificate store \"it's\": expected 'ROOT', 'CA' or 'MY'"},
        {"a\nb", "unknown certificate store 'a\\nb': expected 'ROOT', 'CA' or 'MY'"},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        assert_null(cssl_enum_certificates(cases[i].name));
        expect_error(-1, CSSL_E_VALUE, cases[i].message);
        assert_null(cssl_enum_crls(cases[i].name));
        expect_error(-1, CSSL_E_VALUE, cases[i].message);
    }
    assert_null(cssl_enum_certificates(NULL));
    expect_error(-1, CSSL_E_VALUE, "store_name must not be NULL");
    assert_null(cssl_enum_crls(NULL));
    expect_error(-1, CSSL_E_VALUE, "store_name must not be NULL");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_root_certificates), cmocka_unit_test(test_root_partial_paths),
        cmocka_unit_test(test_root_crls),         cmocka_unit_test(test_empty_stores),
        cmocka_unit_test(test_bad_store_names),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
