/* Certificate decoding (cert_decode.c): the fields of generated
 * certificates, NUL bytes kept with their lengths, PEM and DER agreeing,
 * Python's error messages, strict UTF-8, and no leak when an allocation
 * fails anywhere along the way. */
#include "testlib.h"

#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include "cert_decode.h"
#include "internal.h"

#define CERT(name) testlib_cert_path("decode/" name)
#define expect_null_error(p, code, message) expect_error((p) == NULL ? -1 : 0, (code), (message))

static cssl_cert_info *decode_ok(const char *path)
{
    cssl_cert_info *info = cssl_decode_cert(path);
    if (info == NULL) {
        print_error("decoding %s: %s\n", path, cssl_last_error()->message);
        fail();
    }
    assert_int_equal(cssl_last_error()->code, CSSL_OK);
    return info;
}

static void assert_str(cssl_str s, const char *want, size_t want_len)
{
    assert_int_equal(s.len, want_len);
    assert_memory_equal(s.data, want, want_len);
    assert_int_equal(s.data[s.len], '\0');
}

#define assert_cstr(s, lit) assert_str((s), (lit), sizeof(lit) - 1)

static void assert_attr(const cssl_rdn *rdn, size_t i, const char *name, const char *value)
{
    assert_true(i < rdn->count);
    assert_str(rdn->attrs[i].name, name, strlen(name));
    assert_str(rdn->attrs[i].value, value, strlen(value));
}

/* ---- fields --------------------------------------------------------------- */

static void test_server_cert(void **state)
{
    cssl_cert_info *c = decode_ok(testlib_cert_path("server.pem"));
    assert_int_equal(c->fields, CSSL_CERT_SUBJECT | CSSL_CERT_ISSUER | CSSL_CERT_VERSION |
                                    CSSL_CERT_SERIAL_NUMBER | CSSL_CERT_NOT_BEFORE |
                                    CSSL_CERT_NOT_AFTER | CSSL_CERT_SUBJECT_ALT_NAME);
    assert_int_equal(c->subject.count, 2);
    assert_attr(&c->subject.rdns[0], 0, "organizationName", "cssl tests");
    assert_attr(&c->subject.rdns[1], 0, "commonName", "localhost");
    assert_attr(&c->issuer.rdns[1], 0, "commonName", "cssl test CA");
    assert_int_equal(c->version, 3);
    assert_true(c->serial_number.len >= 2);
    assert_int_equal(strspn(c->serial_number.data, "0123456789ABCDEF"), c->serial_number.len);
    assert_string_equal(c->not_after.data + c->not_after.len - 4, " GMT");
    const cssl_general_names *san = &c->subject_alt_name;
    assert_int_equal(san->count, 3);
    assert_cstr(san->items[0].type, "DNS");
    assert_cstr(san->items[0].value, "localhost");
    assert_cstr(san->items[1].type, "IP Address");
    assert_cstr(san->items[1].value, "127.0.0.1");
    assert_cstr(san->items[2].value, "0:0:0:0:0:0:0:1");
    assert_non_null(c->owner);
    cssl_cert_info_free(c);
}

/* CVE-2013-4238: a NUL byte must survive, with the full length. */
static void test_nul_bytes(void **state)
{
    static const char host[] = "www.python.org\0example.org";
    cssl_cert_info *c = decode_ok(CERT("nul-bytes.pem"));
    assert_str(c->subject.rdns[1].attrs[0].value, host, sizeof(host) - 1);
    assert_str(c->subject_alt_name.items[0].value, host, sizeof(host) - 1);
    assert_cstr(c->subject_alt_name.items[1].type, "email");
    assert_int_equal(c->subject_alt_name.items[1].value.len, 32);
    /* OpenSSL prints an othername with %.*s, which stops at the NUL; so
     * does Python's value. */
    assert_cstr(c->subject_alt_name.items[3].value, "UPN:nul");
    cssl_cert_info_free(c);
}

static void test_multivalued_rdn(void **state)
{
    cssl_cert_info *c = decode_ok(CERT("rdn-multivalued.pem"));
    assert_int_equal(c->subject.count, 3);
    assert_int_equal(c->subject.rdns[0].count, 1);
    assert_int_equal(c->subject.rdns[1].count, 3);
    assert_attr(&c->subject.rdns[1], 2, "commonName", "multi.example");
    assert_int_equal(c->subject.rdns[2].count, 2);
    assert_attr(&c->subject.rdns[2], 1, "commonName", "b.example");
    assert_int_equal(c->issuer.count, 1);
    assert_int_equal(c->issuer.rdns[0].count, 2);
    cssl_cert_info_free(c);
}

static void test_strings_and_oids(void **state)
{
    cssl_cert_info *c = decode_ok(CERT("strings.pem"));
    assert_attr(&c->subject.rdns[0], 0, "commonName",
                "caf\xc3\xa9 \xe6\x97\xa5\xe6\x9c\xac \xf0\x9f\x98\x80");
    assert_attr(&c->subject.rdns[2], 0, "organizationalUnitName", "T61 \xc3\xa9t\xc3\xa9");
    cssl_cert_info_free(c);
    c = decode_ok(CERT("attrs-unknown-oid.pem"));
    assert_attr(&c->subject.rdns[0], 0, "1.2.3.4.5.6.7.8.9", "unknown");
    assert_true(c->subject.rdns[1].attrs[0].name.len > 256);
    cssl_cert_info_free(c);
    /* x500UniqueIdentifier-style BIT STRING: Python gives bytes; the raw
     * octets are kept (not the unused-bits octet), and an empty one is None. */
    c = decode_ok(CERT("attr-bitstring.pem"));
    assert_attr(&c->subject.rdns[1], 0, "commonName", "bits");
    assert_true(c->subject.rdns[1].attrs[0].value_is_bytes);
    assert_false(c->subject.rdns[1].attrs[0].value_is_none);
    assert_false(c->subject.rdns[0].attrs[0].value_is_bytes);
    cssl_cert_info_free(c);
    c = decode_ok(CERT("attr-bitstring-binary.pem"));
    assert_str(c->subject.rdns[1].attrs[0].value, "\x01\xff\x80z", 4);
    assert_true(c->subject.rdns[1].attrs[0].value_is_bytes);
    cssl_cert_info_free(c);
    c = decode_ok(CERT("attr-bitstring-empty.pem"));
    assert_attr(&c->subject.rdns[1], 0, "commonName", "");
    assert_true(c->subject.rdns[1].attrs[0].value_is_none);
    assert_false(c->subject.rdns[1].attrs[0].value_is_bytes);
    cssl_cert_info_free(c);
    c = decode_ok(CERT("san-dirname-bitstring.pem"));
    assert_true(c->subject_alt_name.items[0].dirname.rdns[0].attrs[0].value_is_bytes);
    cssl_cert_info_free(c);
}

static void test_scalars(void **state)
{
    static const struct {
        const char *file;
        long version;
        const char *serial;
        const char *not_before;
    } cases[] = {
        {.file = "serial-0.pem", .version = 3, .serial = "00"},
        {.file = "serial-1.pem", .version = 3, .serial = "01"},
        {.file = "serial-negative.pem", .version = 3, .serial = "-1234"},
        {.file = "serial-leading-zero.pem", .version = 3, .serial = "80FF00112233445566"},
        {.file = "v1.pem", .version = 1, .serial = "0C551D"},
        {.file = "time-utc-1950.pem", .version = 3, .not_before = "Jan  1 00:00:00 1950 GMT"},
        {.file = "time-gen-2050.pem", .version = 3, .not_before = "Jan  5 00:00:01 2050 GMT"},
    };
    for (size_t i = 0; i < CSSL_ARRAY_LEN(cases); i++) {
        char path[256];
        snprintf(path, sizeof(path), "decode/%s", cases[i].file);
        cssl_cert_info *c = decode_ok(testlib_cert_path(path));
        assert_int_equal(c->version, cases[i].version);
        if (cases[i].serial != NULL) {
            assert_string_equal(c->serial_number.data, cases[i].serial);
        }
        if (cases[i].not_before != NULL) {
            assert_string_equal(c->not_before.data, cases[i].not_before);
        }
        cssl_cert_info_free(c);
    }
}

/* i2a_ASN1_INTEGER breaks long serials with "\\\n"; CPython keeps the
 * first line, break included. */
static void test_serial_40_bytes(void **state)
{
    cssl_cert_info *c = decode_ok(CERT("serial-40-bytes.pem"));
    assert_int_equal(c->serial_number.len, 72);
    assert_memory_equal(c->serial_number.data + 68, "C3\\\n", 4);
    cssl_cert_info_free(c);
}

static void test_extension_keys(void **state)
{
    static const struct {
        const char *file;
        unsigned present, absent;
        size_t san, ocsp, ca_issuers, crl;
    } cases[] = {
        {.file = "v1.pem", .absent = CSSL_CERT_SUBJECT_ALT_NAME | CSSL_CERT_OCSP},
        {.file = "san-empty.pem", .present = CSSL_CERT_SUBJECT_ALT_NAME},
        {.file = "san-malformed.pem", .absent = CSSL_CERT_SUBJECT_ALT_NAME},
        {.file = "san-all.pem", .present = CSSL_CERT_SUBJECT_ALT_NAME, .san = 21},
        {.file = "aia.pem",
         .present = CSSL_CERT_OCSP | CSSL_CERT_CA_ISSUERS,
         .ocsp = 2,
         .ca_issuers = 2},
        {.file = "aia-no-uri.pem", .absent = CSSL_CERT_OCSP | CSSL_CERT_CA_ISSUERS},
        {.file = "aia-ocsp-only.pem",
         .present = CSSL_CERT_OCSP,
         .absent = CSSL_CERT_CA_ISSUERS,
         .ocsp = 1},
        {.file = "crldp.pem", .present = CSSL_CERT_CRL_DISTRIBUTION_POINTS, .crl = 4},
        {.file = "crldp-relative.pem", .present = CSSL_CERT_CRL_DISTRIBUTION_POINTS, .crl = 1},
        {.file = "crldp-no-uri.pem", .absent = CSSL_CERT_CRL_DISTRIBUTION_POINTS},
    };
    for (size_t i = 0; i < CSSL_ARRAY_LEN(cases); i++) {
        char path[256];
        snprintf(path, sizeof(path), "decode/%s", cases[i].file);
        cssl_cert_info *c = decode_ok(testlib_cert_path(path));
        assert_int_equal(ERR_peek_error(), 0); /* even after a malformed extension */
        assert_int_equal(c->fields & cases[i].present, cases[i].present);
        assert_int_equal(c->fields & cases[i].absent, 0);
        assert_int_equal(c->subject_alt_name.count, cases[i].san);
        assert_int_equal(c->ocsp.count, cases[i].ocsp);
        assert_int_equal(c->ca_issuers.count, cases[i].ca_issuers);
        assert_int_equal(c->crl_distribution_points.count, cases[i].crl);
        cssl_cert_info_free(c);
    }
}

static void test_general_names(void **state)
{
    cssl_cert_info *c = decode_ok(CERT("san-all.pem"));
    const cssl_general_name *g = c->subject_alt_name.items;
    assert_cstr(g[3].value, "2001:DB8:0:0:0:0:0:1");
    assert_cstr(g[9].type, "DirName");
    assert_cstr(g[9].value, "");
    assert_int_equal(g[9].dirname.count, 3);
    assert_attr(&g[9].dirname.rdns[1], 1, "organizationalUnitName", "Dir Unit");
    assert_cstr(g[11].type, "Registered ID");
    assert_cstr(g[11].value, "TLS Web Server Authentication");
    assert_cstr(g[12].type, "othername");
    assert_cstr(g[12].value, "UPN:user@all.example");
    assert_cstr(g[19].type, "X400Name");
    assert_cstr(g[20].type, "EdiPartyName");
    cssl_cert_info_free(c);
    c = decode_ok(CERT("san-ip.pem"));
    assert_cstr(c->subject_alt_name.items[4].value, "<invalid>");
    cssl_cert_info_free(c);
    c = decode_ok(CERT("aia.pem"));
    assert_cstr(c->ocsp.items[1], "http://ocsp2.example/");
    assert_cstr(c->ca_issuers.items[1], "ldap://ca.example/cn=ca2");
    cssl_cert_info_free(c);
}

/* ---- PEM, DER and the first certificate of a file ------------------------- */

static void assert_same_name(const cssl_name *a, const cssl_name *b)
{
    assert_int_equal(a->count, b->count);
    for (size_t i = 0; i < a->count; i++) {
        assert_int_equal(a->rdns[i].count, b->rdns[i].count);
        for (size_t j = 0; j < a->rdns[i].count; j++) {
            const cssl_name_attr *x = &a->rdns[i].attrs[j], *y = &b->rdns[i].attrs[j];
            assert_str(x->name, y->name.data, y->name.len);
            assert_str(x->value, y->value.data, y->value.len);
        }
    }
}

static void assert_same_info(const cssl_cert_info *a, const cssl_cert_info *b)
{
    assert_int_equal(a->fields, b->fields);
    assert_same_name(&a->subject, &b->subject);
    assert_same_name(&a->issuer, &b->issuer);
    assert_int_equal(a->version, b->version);
    assert_str(a->serial_number, b->serial_number.data, b->serial_number.len);
    assert_str(a->not_before, b->not_before.data, b->not_before.len);
    assert_int_equal(a->subject_alt_name.count, b->subject_alt_name.count);
    for (size_t i = 0; i < a->subject_alt_name.count; i++) {
        const cssl_general_name *x = &a->subject_alt_name.items[i];
        const cssl_general_name *y = &b->subject_alt_name.items[i];
        assert_str(x->type, y->type.data, y->type.len);
        assert_str(x->value, y->value.data, y->value.len);
        assert_same_name(&x->dirname, &y->dirname);
    }
    assert_int_equal(a->crl_distribution_points.count, b->crl_distribution_points.count);
}

static void test_der_pem_agree(void **state)
{
    static const char *const files[] = {"san-all.pem",         "nul-bytes.pem", "everything.pem",
                                        "rdn-multivalued.pem", "crldp.pem",     "v1.pem"};
    for (size_t i = 0; i < CSSL_ARRAY_LEN(files); i++) {
        char rel[256];
        snprintf(rel, sizeof(rel), "decode/%s", files[i]);
        size_t len = 0;
        char *pem = testlib_read_file(testlib_cert_path(rel), &len);
        cssl_cert_info *from_file = decode_ok(testlib_cert_path(rel));
        cssl_cert_info *from_pem = cssl_cert_info_from_pem(pem, len);
        assert_non_null(from_pem);
        BIO *bio = BIO_new_mem_buf(pem, (int)len);
        X509 *x = PEM_read_bio_X509(bio, NULL, NULL, NULL);
        unsigned char *der = NULL;
        int der_len = i2d_X509(x, &der);
        assert_true(der_len > 0);
        cssl_cert_info *from_der = cssl_cert_info_from_der(der, (size_t)der_len);
        assert_non_null(from_der);
        assert_same_info(from_file, from_pem);
        assert_same_info(from_file, from_der);
        cssl_cert_info *from_x509 = cssl__cert_info_from_x509(x);
        assert_same_info(from_file, from_x509);
        cssl_cert_info_free(from_x509);
        cssl_cert_info_free(from_der);
        cssl_cert_info_free(from_pem);
        cssl_cert_info_free(from_file);
        OPENSSL_free(der);
        X509_free(x);
        BIO_free(bio);
        free(pem);
    }
}

static void test_first_certificate(void **state)
{
    static const char *const files[] = {"key-then-cert.pem", "two-certs.pem", "x509-header.pem",
                                        "text-around.pem"};
    for (size_t i = 0; i < CSSL_ARRAY_LEN(files); i++) {
        char rel[256];
        snprintf(rel, sizeof(rel), "decode/%s", files[i]);
        cssl_cert_info *c = decode_ok(testlib_cert_path(rel));
        assert_attr(&c->subject.rdns[1], 0, "commonName", "decode.example");
        cssl_cert_info_free(c);
    }
}

/* ---- errors ---------------------------------------------------------------- */

static void test_file_errors(void **state)
{
    static const char no_pem[] = "('Error decoding PEM-encoded file',)";
    static const struct {
        const char *file;
        cssl_err code;
        const char *message;
    } cases[] = {
        {.file = "decode/no-such-file.pem",
         .code = CSSL_E_SSL,
         .message = "(\"Can't open file\",)"},
        {.file = "decode", .code = CSSL_E_SSL, .message = no_pem},
        {.file = "ca.key", .code = CSSL_E_SSL, .message = no_pem},
        {.file = "decode/bad/empty.pem", .code = CSSL_E_SSL, .message = no_pem},
        {.file = "decode/bad/garbage.pem", .code = CSSL_E_SSL, .message = no_pem},
        {.file = "decode/bad/not-der.pem", .code = CSSL_E_SSL, .message = no_pem},
        {.file = "decode/bad/no-footer.pem", .code = CSSL_E_SSL, .message = no_pem},
        {.file = "decode/bad/trusted.pem", .code = CSSL_E_SSL, .message = no_pem},
        {.file = "decode/bad/bad-cn-utf8.pem", .code = CSSL_E_SSL, .message = no_pem},
        {.file = "decode/bad/bad-rid-huge.pem", .code = CSSL_E_SSL, .message = "unknown error"},
        {.file = "decode/bad/bad-dns-0xff.pem",
         .code = CSSL_E_VALUE,
         .message = "'utf-8' codec can't decode byte 0xff in position 2: invalid start byte"},
        {.file = "decode/bad/bad-uri-truncated.pem",
         .code = CSSL_E_VALUE,
         .message = "'utf-8' codec can't decode bytes in position 17-18: unexpected end of data"},
        {.file = "decode/bad/bad-upn-latin1.pem",
         .code = CSSL_E_VALUE,
         .message =
             "'utf-8' codec can't decode byte 0xe9 in position 7: invalid continuation byte"},
    };
    for (size_t i = 0; i < CSSL_ARRAY_LEN(cases); i++) {
        cssl_cert_info *c = cssl_decode_cert(testlib_cert_path(cases[i].file));
        expect_null_error(c, cases[i].code, cases[i].message);
        assert_int_equal(ERR_peek_error(), 0);
    }
    expect_null_error(cssl_decode_cert(NULL), CSSL_E_VALUE, "path must not be NULL");
}

static void test_memory_errors(void **state)
{
    static const unsigned char junk[] = {0x30, 0x03, 0x02, 0x01, 0x00};
    expect_null_error(cssl_cert_info_from_der(junk, sizeof(junk)), CSSL_E_SSL, NULL);
    assert_non_null(cssl_last_error()->library);
    expect_null_error(cssl_cert_info_from_der(junk, 0), CSSL_E_SSL, NULL);
    expect_null_error(cssl_cert_info_from_der(NULL, 3), CSSL_E_VALUE, "der must not be NULL");
    expect_null_error(cssl_cert_info_from_pem("hello", 5), CSSL_E_SSL,
                      "('Error decoding PEM-encoded file',)");
    expect_null_error(cssl_cert_info_from_pem(NULL, 0), CSSL_E_VALUE, "pem must not be NULL");

    /* A DER certificate followed by anything is refused. */
    size_t len = 0;
    char *pem = testlib_read_file(testlib_cert_path("server.pem"), &len);
    BIO *bio = BIO_new_mem_buf(pem, (int)len);
    X509 *x = PEM_read_bio_X509(bio, NULL, NULL, NULL);
    unsigned char *der = NULL;
    int der_len = i2d_X509(x, &der);
    unsigned char *longer = malloc((size_t)der_len + 1);
    memcpy(longer, der, (size_t)der_len);
    longer[der_len] = 0;
    expect_null_error(cssl_cert_info_from_der(longer, (size_t)der_len + 1), CSSL_E_VALUE,
                      "trailing data after the DER certificate");
    expect_null_error(cssl_cert_info_from_der(der, (size_t)der_len - 1), CSSL_E_SSL, NULL);
    cssl_cert_info *ok = cssl_cert_info_from_der(der, (size_t)der_len);
    assert_non_null(ok);
    cssl_cert_info_free(ok);
    free(longer);
    OPENSSL_free(der);
    X509_free(x);
    BIO_free(bio);
    free(pem);
    cssl_cert_info_free(NULL);
    cssl_cert_info by_hand = {.fields = CSSL_CERT_VERSION, .version = 3};
    cssl_cert_info_free(&by_hand); /* owner NULL: nothing happens */
}

/* ---- Python's strict UTF-8 decoder ----------------------------------------- */

static void test_utf8_strict(void **state)
{
    static const struct {
        const char *bytes;
        const char *message; /* NULL: valid */
    } cases[] = {
        {.bytes = "plain ascii"},
        {.bytes = "caf\xc3\xa9 \xe6\x97\xa5 \xf0\x9f\x98\x80 \xf4\x8f\xbf\xbf"},
        {.bytes = "\xff", .message = "byte 0xff in position 0: invalid start byte"},
        {.bytes = "ab\x80", .message = "byte 0x80 in position 2: invalid start byte"},
        {.bytes = "\xc1\xbf", .message = "byte 0xc1 in position 0: invalid start byte"},
        {.bytes = "\xf5\x80\x80\x80", .message = "byte 0xf5 in position 0: invalid start byte"},
        {.bytes = "x\xc3", .message = "byte 0xc3 in position 1: unexpected end of data"},
        {.bytes = "x\xe6\x97", .message = "bytes in position 1-2: unexpected end of data"},
        {.bytes = "\xf0\x9f\x98", .message = "bytes in position 0-2: unexpected end of data"},
        {.bytes = "\xc3(", .message = "byte 0xc3 in position 0: invalid continuation byte"},
        {.bytes = "\xe0\x80\x80", .message = "byte 0xe0 in position 0: invalid continuation byte"},
        {.bytes = "\xed\xa0\x80", .message = "byte 0xed in position 0: invalid continuation byte"},
        {.bytes = "\xf0\x8f\xbf\xbf",
         .message = "byte 0xf0 in position 0: invalid continuation byte"},
        {.bytes = "\xf4\x90\x80\x80",
         .message = "byte 0xf4 in position 0: invalid continuation byte"},
        {.bytes = "\xe6\x97(", .message = "bytes in position 0-1: invalid continuation byte"},
        {.bytes = "\xf0\x9f\x98(", .message = "bytes in position 0-2: invalid continuation byte"},
        {.bytes = "\xe0\x80", .message = "byte 0xe0 in position 0: invalid continuation byte"},
        {.bytes = "\xf0\x9f(", .message = "bytes in position 0-1: invalid continuation byte"},
    };
    for (size_t i = 0; i < CSSL_ARRAY_LEN(cases); i++) {
        cssl_err rc = cssl__utf8_strict_check(cases[i].bytes, strlen(cases[i].bytes));
        if (cases[i].message == NULL) {
            assert_int_equal(rc, CSSL_OK);
            continue;
        }
        char want[160];
        snprintf(want, sizeof(want), "'utf-8' codec can't decode %s", cases[i].message);
        expect_error(rc, CSSL_E_VALUE, want);
    }
    assert_int_equal(cssl__utf8_strict_check("a\0b", 3), CSSL_OK); /* NUL is valid UTF-8 */
}

/* ---- allocation failures ----------------------------------------------------- */

/* Fail the n-th allocation after arming; every failure must give NULL with
 * an error and leak nothing (the sanitizer build checks leaks at exit). */
static long alloc_countdown = -1;

static void *failing_malloc(size_t n, const char *file, int line)
{
    if (alloc_countdown == 0) {
        return NULL;
    }
    if (alloc_countdown > 0) {
        alloc_countdown--;
    }
    return malloc(n);
}

static void *failing_realloc(void *p, size_t n, const char *file, int line)
{
    if (alloc_countdown == 0) {
        return NULL;
    }
    if (alloc_countdown > 0) {
        alloc_countdown--;
    }
    return realloc(p, n);
}

static void plain_free(void *p, const char *file, int line)
{
    free(p);
}

static void test_allocation_failures(void **state)
{
    const char *path = CERT("everything.pem");
    cssl_cert_info_free(decode_ok(path)); /* OpenSSL fully initialised first */
    bool succeeded = false;
    for (long n = 0; n < 5000 && !succeeded; n++) {
        alloc_countdown = n;
        cssl_cert_info *c = cssl_decode_cert(path);
        alloc_countdown = -1;
        if (c != NULL) {
            assert_int_equal(cssl_last_error()->code, CSSL_OK);
            cssl_cert_info_free(c);
            succeeded = true;
        } else {
            assert_int_not_equal(cssl_last_error()->code, CSSL_OK);
        }
    }
    assert_true(succeeded);
}

int main(void)
{
    /* Must precede OpenSSL's first allocation. */
    if (!CRYPTO_set_mem_functions(failing_malloc, failing_realloc, plain_free)) {
        fprintf(stderr, "CRYPTO_set_mem_functions failed\n");
        return 1;
    }
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_server_cert),     cmocka_unit_test(test_nul_bytes),
        cmocka_unit_test(test_multivalued_rdn), cmocka_unit_test(test_strings_and_oids),
        cmocka_unit_test(test_scalars),         cmocka_unit_test(test_serial_40_bytes),
        cmocka_unit_test(test_extension_keys),  cmocka_unit_test(test_general_names),
        cmocka_unit_test(test_der_pem_agree),   cmocka_unit_test(test_first_certificate),
        cmocka_unit_test(test_file_errors),     cmocka_unit_test(test_memory_errors),
        cmocka_unit_test(test_utf8_strict),     cmocka_unit_test(test_allocation_failures),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
