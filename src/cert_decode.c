/*
 * cert_decode.c - the getpeercert() dict of a certificate: CPython's
 * _decode_certificate() and _ssl._test_decode_cert() (Modules/_ssl.c).
 *
 * OpenSSL does all the parsing and all the printing (X509_NAME entries,
 * i2a_ASN1_INTEGER, ASN1_TIME_print, GENERAL_NAME_print); this file only
 * reads the results back exactly as CPython does, so that the same
 * certificate gives the same dict, byte for byte, on the same OpenSSL.
 * The extensions (subjectAltName, AIA, CRL distribution points) are in
 * cert_decode_ext.c.
 */
#include <limits.h>
#include <string.h>

#include <openssl/asn1.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include "cert_decode.h"

/* ---- shared helpers ------------------------------------------------------ */

cssl_err cssl__dec_str(cssl__decoder *d, cssl_str *out, const char *s, size_t len)
{
    CSSL_GUARD(cssl__utf8_strict_check(s, len));
    char *copy = cssl__arena_strndup(d->arena, s, len);
    CSSL_GUARD_PTR(copy);
    *out = (cssl_str){.data = copy, .len = len};
    return CSSL_OK;
}

int cssl__dec_bio_line(cssl__decoder *d, char buf[CSSL__CERT_BUF])
{
    /* CPython passes sizeof(buf) - 1, so BIO_gets keeps at most 2046 bytes. */
    int len = BIO_gets(d->bio, buf, CSSL__CERT_BUF - 1);
    (void)BIO_reset(d->bio);
    CSSL_GUARD_OSSL(len >= 0, CSSL_E_SSL);
    if (cssl__ossl_malloc_failed()) {
        return cssl__raise_nomem(); /* the line may be cut short */
    }
    return len;
}

/* Read back one rendering as a str (serialNumber, notBefore, notAfter). */
static cssl_err bio_line_str(cssl__decoder *d, cssl_str *out)
{
    char buf[CSSL__CERT_BUF];
    int len = cssl__dec_bio_line(d, buf);
    CSSL_GUARD(len);
    return cssl__dec_str(d, out, buf, (size_t)len);
}

/* ---- names: _create_tuple_for_X509_NAME ----------------------------------- */

/* _asn1obj2py(name, no_name=0): the long name ("commonName") when OpenSSL
 * knows the OID, else the dotted OID. */
static cssl_err attr_name(cssl__decoder *d, const ASN1_OBJECT *obj, cssl_str *out)
{
    int need = OBJ_obj2txt(NULL, 0, obj, 0);
    CSSL_GUARD_OSSL(need >= 0, CSSL_E_SSL);
    char *text = cssl__arena_alloc(d->arena, (size_t)need + 1);
    CSSL_GUARD_PTR(text);
    int len = OBJ_obj2txt(text, need + 1, obj, 0);
    CSSL_GUARD_OSSL(len >= 0, CSSL_E_SSL);
    *out = (cssl_str){.data = text, .len = (size_t)len};
    return CSSL_OK;
}

/* Python makes a BIT STRING value (x500UniqueIdentifier) bytes, not str:
 * Py_BuildValue("y#") of the string's data, which OpenSSL keeps without
 * the unused-bits octet.  Copied as they are, NULs and all.  An empty one
 * has no data (c2i_ASN1_BIT_STRING leaves it NULL), and "y#" of NULL is
 * None. */
static cssl_err bit_string_bytes(cssl__decoder *d, const ASN1_STRING *value, cssl_name_attr *out)
{
    const char *p = (const char *)ASN1_STRING_get0_data(value);
    size_t n = p != NULL ? (size_t)ASN1_STRING_length(value) : 0;
    char *copy = cssl__arena_strndup(d->arena, p != NULL ? p : "", n);
    CSSL_GUARD_PTR(copy);
    out->value = (cssl_str){.data = copy, .len = n};
    out->value_is_none = p == NULL;
    out->value_is_bytes = p != NULL;
    return CSSL_OK;
}

/* _create_tuple_for_attribute() (3.11+): the name first, then the value,
 * converted to UTF-8 by OpenSSL (T61, BMP, Universal... strings) with NUL
 * bytes kept (CVE-2013-4238).  A value OpenSSL cannot convert is an
 * SSLError from its error queue ("unknown error" when it says nothing),
 * bytes that are not UTF-8 a UnicodeDecodeError. */
static cssl_err decode_attr(cssl__decoder *d, const X509_NAME_ENTRY *entry, cssl_name_attr *out)
{
    CSSL_GUARD(attr_name(d, X509_NAME_ENTRY_get_object(entry), &out->name));
    const ASN1_STRING *value = X509_NAME_ENTRY_get_data(entry);
    if (ASN1_STRING_type(value) == V_ASN1_BIT_STRING) {
        return bit_string_bytes(d, value, out);
    }
    unsigned char *utf8 = NULL;
    int len = ASN1_STRING_to_UTF8(&utf8, value);
    CSSL_GUARD_OSSL(len >= 0, CSSL_E_SSL);
    cssl_err rc = cssl__dec_str(d, &out->value, (const char *)utf8, (size_t)len);
    OPENSSL_free(utf8);
    return rc;
}

/* A new RDN starts whenever the entry's set index changes, so multi-valued
 * RDNs (several attributes in one SET) stay together.  All attributes live
 * in one array; each RDN points at its slice. */
cssl_err cssl__dec_name(cssl__decoder *d, const X509_NAME *xname, cssl_name *out)
{
    int count = X509_NAME_entry_count(xname);
    size_t n = count > 0 ? (size_t)count : 0;
    cssl_name_attr *attrs = cssl__arena_alloc(d->arena, n * sizeof(*attrs));
    cssl_rdn *rdns = cssl__arena_alloc(d->arena, n * sizeof(*rdns));
    CSSL_GUARD_PTR(attrs);
    CSSL_GUARD_PTR(rdns);
    size_t nrdn = 0;
    int level = -1;
    for (size_t i = 0; i < n; i++) {
        const X509_NAME_ENTRY *entry = X509_NAME_get_entry(xname, (int)i);
        if (level < 0 || X509_NAME_ENTRY_set(entry) != level) {
            rdns[nrdn++].attrs = &attrs[i];
        }
        level = X509_NAME_ENTRY_set(entry);
        CSSL_GUARD(decode_attr(d, entry, &attrs[i]));
        rdns[nrdn - 1].count++;
    }
    *out = (cssl_name){.rdns = rdns, .count = nrdn};
    return CSSL_OK;
}

/* ---- the dict: _decode_certificate ---------------------------------------- */

/* serialNumber (i2a_ASN1_INTEGER: upper-case hex, "-" when negative, a
 * "\\\n" every 35 bytes of which BIO_gets keeps the first line), then
 * notBefore / notAfter (ASN1_TIME_print, "Aug  7 13:12:52 2013 GMT").
 * CPython ignores what the print functions return and reads the BIO. */
static cssl_err decode_scalars(cssl__decoder *d, X509 *x, cssl_cert_info *info)
{
    info->version = X509_get_version(x) + 1;
    (void)i2a_ASN1_INTEGER(d->bio, X509_get0_serialNumber(x));
    CSSL_GUARD(bio_line_str(d, &info->serial_number));
    (void)ASN1_TIME_print(d->bio, X509_get0_notBefore(x));
    CSSL_GUARD(bio_line_str(d, &info->not_before));
    (void)ASN1_TIME_print(d->bio, X509_get0_notAfter(x));
    CSSL_GUARD(bio_line_str(d, &info->not_after));
    info->fields |=
        CSSL_CERT_VERSION | CSSL_CERT_SERIAL_NUMBER | CSSL_CERT_NOT_BEFORE | CSSL_CERT_NOT_AFTER;
    return CSSL_OK;
}

/* The keys in CPython's order; the first failure wins, as in CPython. */
static cssl_err decode_into(cssl__decoder *d, X509 *x, cssl_cert_info *info)
{
    CSSL_GUARD(cssl__dec_name(d, X509_get_subject_name(x), &info->subject));
    info->fields |= CSSL_CERT_SUBJECT;
    CSSL_GUARD(cssl__dec_name(d, X509_get_issuer_name(x), &info->issuer));
    info->fields |= CSSL_CERT_ISSUER;
    CSSL_GUARD(decode_scalars(d, x, info));
    CSSL_GUARD(cssl__dec_subject_alt_name(d, x, info));
    CSSL_GUARD(cssl__dec_aia(d, x, info));
    return cssl__dec_crl_dp(d, x, info);
}

cssl_cert_info *cssl__cert_info_from_x509(X509 *x)
{
    cssl__decoder d = {.arena = cssl__arena_new()};
    cssl_cert_info *info = NULL;
    if (d.arena == NULL) {
        goto out;
    }
    d.bio = BIO_new(BIO_s_mem()); /* after: a failure would queue an error */
    if (d.bio == NULL) {
        (void)cssl__raise_args1(CSSL_E_SSL, "failed to allocate BIO");
        goto out;
    }
    info = cssl__arena_alloc(d.arena, sizeof(*info));
    if (info == NULL || decode_into(&d, x, info) < 0) {
        info = NULL;
        goto out;
    }
    /* X509_get_ext_d2i() queues errors for an extension it cannot parse
     * (the key is then absent, as in Python); cssl leaves the queue empty.
     * An allocation failure there is a MemoryError, not an absent key. */
    if (cssl__ossl_malloc_failed()) {
        (void)cssl__raise_nomem();
        info = NULL;
        goto out;
    }
    info->owner = d.arena;
    d.arena = NULL;
out:
    BIO_free(d.bio);
    cssl__arena_free(d.arena);
    return info;
}

/* ---- public entry points -------------------------------------------------- */

CSSL_API void cssl_cert_info_free(cssl_cert_info *cert)
{
    if (cert != NULL && cert->owner != NULL) {
        cssl__arena_free(cert->owner); /* the struct itself lives in the arena */
    }
}

CSSL_API cssl_cert_info *cssl_cert_info_from_der(const void *der, size_t len)
{
    cssl__clear_error();
    CSSL_ENSURE_ARG_NULL(der);
    CSSL_ENSURE_NULL(len <= LONG_MAX, CSSL_E_VALUE, "DER certificate too long");
    const unsigned char *p = der;
    X509 *x = d2i_X509(NULL, &p, (long)len);
    if (x == NULL) {
        (void)cssl__raise_ossl(CSSL_E_SSL, NULL);
        return NULL;
    }
    cssl_cert_info *info = NULL;
    if (p != (const unsigned char *)der + len) {
        (void)cssl__raise(CSSL_E_VALUE, "trailing data after the DER certificate");
    } else {
        info = cssl__cert_info_from_x509(x);
    }
    X509_free(x);
    return info;
}

/* PEM_read_bio_X509() as _test_decode_cert uses it: the first CERTIFICATE
 * (or X509 CERTIFICATE) block, skipping any other PEM blocks before it. */
static cssl_cert_info *decode_pem_bio(BIO *bio)
{
    X509 *x = PEM_read_bio_X509(bio, NULL, NULL, NULL);
    if (x == NULL) {
        (void)cssl__raise_args1(CSSL_E_SSL, "Error decoding PEM-encoded file");
        return NULL;
    }
    cssl_cert_info *info = cssl__cert_info_from_x509(x);
    X509_free(x);
    return info;
}

CSSL_API cssl_cert_info *cssl_cert_info_from_pem(const char *pem, size_t len)
{
    cssl__clear_error();
    CSSL_ENSURE_ARG_NULL(pem);
    CSSL_ENSURE_NULL(len <= INT_MAX, CSSL_E_VALUE, "PEM text too long");
    BIO *bio = BIO_new_mem_buf(pem, (int)len);
    if (bio == NULL) {
        (void)cssl__raise_args1(CSSL_E_SSL, "failed to allocate BIO");
        return NULL;
    }
    cssl_cert_info *info = decode_pem_bio(bio);
    BIO_free(bio);
    return info;
}

CSSL_API cssl_cert_info *cssl_decode_cert(const char *path)
{
    cssl__clear_error();
    CSSL_ENSURE_ARG_NULL(path);
    cssl_cert_info *info = NULL;
    BIO *bio = BIO_new(BIO_s_file());
    if (bio == NULL) {
        (void)cssl__raise_args1(CSSL_E_SSL, "Can't malloc memory to read file");
        goto out;
    }
    if (BIO_read_filename(bio, path) <= 0) {
        (void)cssl__raise_args1(CSSL_E_SSL, "Can't open file");
        goto out;
    }
    info = decode_pem_bio(bio);
out:
    BIO_free(bio);
    return info;
}
