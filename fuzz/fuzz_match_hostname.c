/*
 * fuzz_match_hostname.c - cssl_match_hostname() (ssl.match_hostname() of
 * Python 3.11) on arbitrary certificates and host names.
 *
 * Input: the host name, a newline, then the certificate: JSON (the
 * getpeercert() dict) when it starts with '{', DER otherwise.  Inputs whose
 * certificate does not decode exercise only the decoders.
 *
 * Asserts: the decoders fail or succeed as fuzz_decode_der and
 * fuzz_cert_json expect (a named error, an empty OpenSSL error queue); a
 * failure of the match is SSLCertVerificationError, ValueError or
 * TypeError (Python's _dnsname_match() on a bytes commonName) with a
 * message; the answer does not depend on the ASCII case of the host name
 * (Python compares lower()ed names, and IP addresses parse either case);
 * a hand-built copy of the dict (owner NULL) gets the same answer; and a
 * success is explained by some candidate name without a NUL byte
 * (CVE-2013-4238): a subjectAltName DNS or IP Address entry, or, when there
 * is no subjectAltName DNS entry, the subject's commonName.
 */
#include "fuzz_common.h"

#include <stdlib.h>
#include <string.h>

#define MATCH_ERRORS                                                                               \
    (FZ_ERR(CSSL_E_CERT_VERIFICATION) | FZ_ERR(CSSL_E_VALUE) | FZ_ERR(CSSL_E_TYPE) |               \
     FZ_ERR(CSSL_E_NOMEM))

static bool has_non_ascii(const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        if ((unsigned char)s[i] >= 0x80) {
            return true;
        }
    }
    return false;
}

static bool ascii_case_equal(const char *a, size_t alen, const char *b, size_t blen)
{
    if (alen != blen) {
        return false;
    }
    for (size_t i = 0; i < alen; i++) {
        unsigned char x = (unsigned char)a[i], y = (unsigned char)b[i];
        x = (unsigned char)(x >= 'A' && x <= 'Z' ? x + 32 : x);
        y = (unsigned char)(y >= 'A' && y <= 'Z' ? y + 32 : y);
        if (x != y) {
            return false;
        }
    }
    return true;
}

/* Could Python's _dnsname_match(dn, hostname) be true?  Exact (ignoring
 * case) or "*.rest" against "label.rest".  Non-ASCII text is let through:
 * str.lower() folds more than ASCII. */
static bool dns_could_match(const cssl_str *dn, const char *host)
{
    size_t hlen = strlen(host);
    if (dn->len == 0 || memchr(dn->data, '\0', dn->len) != NULL) {
        return false;
    }
    if (has_non_ascii(dn->data, dn->len) || has_non_ascii(host, hlen)) {
        return true;
    }
    if (ascii_case_equal(dn->data, dn->len, host, hlen)) {
        return true;
    }
    const char *dot = strchr(host, '.');
    return dn->len >= 2 && dn->data[0] == '*' && dn->data[1] == '.' && dot != NULL && dot != host &&
           ascii_case_equal(dn->data + 2, dn->len - 2, dot + 1, strlen(dot + 1));
}

static bool is_type(const cssl_general_name *g, const char *type)
{
    return g->type.len == strlen(type) && memcmp(g->type.data, type, g->type.len) == 0;
}

static bool common_name_could_match(const cssl_cert_info *cert, const char *host)
{
    if (!(cert->fields & CSSL_CERT_SUBJECT)) {
        return false;
    }
    for (size_t i = 0; i < cert->subject.count; i++) {
        const cssl_rdn *rdn = &cert->subject.rdns[i];
        for (size_t j = 0; j < rdn->count; j++) {
            const cssl_name_attr *a = &rdn->attrs[j];
            if (a->name.len == 10 && memcmp(a->name.data, "commonName", 10) == 0 &&
                dns_could_match(&a->value, host)) {
                return true;
            }
        }
    }
    return false;
}

/* Python 3.11's match_hostname(): SAN DNS and IP Address entries, then the
 * commonName only if no SAN entry of either kind was seen. */
static bool success_is_plausible(const cssl_cert_info *cert, const char *host)
{
    bool seen = false;
    const cssl_general_names *san = &cert->subject_alt_name;
    for (size_t i = 0; (cert->fields & CSSL_CERT_SUBJECT_ALT_NAME) && i < san->count; i++) {
        const cssl_general_name *g = &san->items[i];
        if (is_type(g, "DNS") || is_type(g, "IP Address")) {
            seen = true;
            if (is_type(g, "IP Address") ? memchr(g->value.data, '\0', g->value.len) == NULL
                                         : dns_could_match(&g->value, host)) {
                return true;
            }
        }
    }
    return !seen && common_name_could_match(cert, host);
}

static char *swap_ascii_case(const char *s)
{
    char *t = fz_cstr((const uint8_t *)s, strlen(s));
    for (char *p = t; *p; p++) {
        if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z')) {
            *p = (char)(*p ^ 0x20);
        }
    }
    return t;
}

static cssl_err match_checked(const cssl_cert_info *cert, const char *host)
{
    cssl_err rc = cssl_match_hostname(cert, host);
    if (rc < 0) {
        fz_expect_error("cssl_match_hostname", rc, MATCH_ERRORS);
    } else {
        fz_expect_ok("cssl_match_hostname");
        FZ_CHECK(rc == 0, "cssl_match_hostname returned %d", rc);
    }
    return rc;
}

static void check_match(const cssl_cert_info *cert, const char *host)
{
    cssl_err rc = match_checked(cert, host);
    FZ_CHECK(rc < 0 || success_is_plausible(cert, host),
             "'%s' matched although no candidate name without NUL can match it", host);
    char *swapped = swap_ascii_case(host);
    cssl_err rc2 = match_checked(cert, swapped);
    FZ_CHECK(rc == rc2, "'%s' gave %d but '%s' gave %d", host, rc, swapped, rc2);
    free(swapped);
    cssl_cert_info by_hand = *cert;
    by_hand.owner = NULL;
    FZ_CHECK(match_checked(&by_hand, host) == rc, "a hand-built copy gives another answer");
    cssl_cert_info_free(&by_hand); /* must do nothing: cssl.h */
}

/* A decoder's failure is checked too: one that left OpenSSL's error queue
 * dirty would otherwise be blamed on cssl_match_hostname(). */
static cssl_cert_info *decode(const uint8_t *data, size_t size)
{
    bool json = size > 0 && data[0] == '{';
    const char *call = json ? "cssl_cert_info_from_json" : "cssl_cert_info_from_der";
    cssl_cert_info *cert = json ? cssl_cert_info_from_json((const char *)data, size)
                                : cssl_cert_info_from_der(data, size);
    if (cert == NULL) {
        unsigned allowed = json ? FZ_ERR(CSSL_E_VALUE) | FZ_ERR(CSSL_E_TYPE) | FZ_ERR(CSSL_E_NOMEM)
                                : FZ_ERR(CSSL_E_SSL) | FZ_ERR(CSSL_E_VALUE) | FZ_ERR(CSSL_E_NOMEM);
        fz_expect_error(call, 0, allowed);
    } else {
        fz_expect_ok(call);
    }
    return cert;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const uint8_t *nl = memchr(data, '\n', size);
    size_t host_len = nl ? (size_t)(nl - data) : size;
    size_t skip = nl ? host_len + 1 : size;
    cssl_cert_info *cert = decode(data + skip, size - skip);
    if (cert == NULL) {
        return 0;
    }
    char *host = fz_cstr(data, host_len);
    check_match(cert, host);
    free(host);
    cssl_cert_info_free(cert);
    return 0;
}
