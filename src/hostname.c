/*
 * hostname.c - ssl.match_hostname(cert, hostname), as Python 3.7-3.11 have
 * it (Lib/ssl.py: match_hostname, _dnsname_match, _inet_paton,
 * _ipaddress_match).  Python deprecated the function in 3.7, when OpenSSL
 * took over the check during the handshake, and removed it in 3.12; cssl
 * keeps it for code that checks decoded certificates itself.
 *
 * Every certificate string is used with its length: a name may hold NUL
 * bytes, and 'www.python.org\0example.org' must not match www.python.org
 * (CVE-2013-4238).
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>

#include "internal.h"
#include "pylower.h"
#include "unicode.h"

#define EMPTY_CERT_MESSAGE                                                                         \
    "empty or no certificate, match_hostname needs a SSL socket or SSL context with either "       \
    "CERT_OPTIONAL or CERT_REQUIRED"

/* The state of one match_hostname() call.  Internal matchers return a
 * cssl_err: negative on error, 1 for a match, 0 for no match. */
typedef struct matcher {
    const char *host;
    size_t host_len;
    bool host_is_ip;      /* host_ip is not None */
    unsigned char ip[16]; /* the packed address: 4 bytes (IPv4) or 16 (IPv6) */
    size_t ip_len;
    cssl__buf names; /* ', '.join(map(repr, dnsnames)) */
    size_t count;    /* len(dnsnames) */
} matcher;

/* ---- Python errors -------------------------------------------------------- */

/* Raise code with the message text.  CertificateError is an SSLError built
 * with one argument and no strerror, so its str() is str(args): "('text',)". */
static cssl_err raise_text(cssl_err code, const char *text)
{
    if (code == CSSL_E_CERT_VERIFICATION) {
        return cssl__raise_args1(code, text);
    }
    return cssl__raise(code, "%s", text);
}

/* Raise prefix + repr(s) + suffix, as Python's "...{!r}...".format(s). */
static cssl_err raise_repr(cssl_err code, const char *prefix, const char *s, size_t len,
                           const char *suffix)
{
    cssl__buf b = {0};
    cssl__buf_puts(&b, prefix);
    cssl__pyrepr_str(&b, s, len);
    cssl__buf_puts(&b, suffix);
    char *text = cssl__buf_finish(&b);
    CSSL_GUARD_PTR(text);
    cssl_err rc = raise_text(code, text);
    cssl_free(text);
    return rc;
}

/* ---- str.lower() ------------------------------------------------------------ */

/* a.lower() == b.lower(): 1 or 0, or an error. */
static cssl_err lower_equal(const char *a, size_t a_len, const char *b, size_t b_len)
{
    uint32_t *la = NULL, *lb = NULL;
    size_t na = 0, nb = 0;
    cssl_err rc = cssl__py_lower(a, a_len, &la, &na);
    if (rc == CSSL_OK) {
        rc = cssl__py_lower(b, b_len, &lb, &nb);
    }
    if (rc == CSSL_OK) {
        rc = na == nb && memcmp(la, lb, na * sizeof(*la)) == 0;
    }
    cssl_free(la);
    cssl_free(lb);
    return rc;
}

/* ---- _dnsname_match ---------------------------------------------------------- */

/* RFC 6125 section 6.4.3 as Python reads it: one wildcard, alone as the
 * whole leftmost label, with labels after it.  Anything else is a
 * CertificateError, checked in Python's order. */
static cssl_err check_wildcard(const cssl_str *dn, size_t stars)
{
    const char *dot = memchr(dn->data, '.', dn->len);
    const char *end = dn->data + dn->len;
    if (stars > 1) {
        return raise_repr(CSSL_E_CERT_VERIFICATION,
                          "too many wildcards in certificate DNS name: ", dn->data, dn->len, ".");
    }
    if (dot != NULL && memchr(dot + 1, '*', (size_t)(end - dot - 1)) != NULL) {
        return raise_repr(CSSL_E_CERT_VERIFICATION,
                          "wildcard can only be present in the leftmost label: ", dn->data, dn->len,
                          ".");
    }
    if (dot == NULL) {
        return raise_repr(CSSL_E_CERT_VERIFICATION,
                          "sole wildcard without additional labels are not support: ", dn->data,
                          dn->len, ".");
    }
    if (dot != dn->data + 1) {
        return raise_repr(CSSL_E_CERT_VERIFICATION,
                          "partial wildcards in leftmost label are not supported: ", dn->data,
                          dn->len, ".");
    }
    return CSSL_OK;
}

static size_t count_byte(const char *s, size_t len, char c)
{
    size_t n = 0;
    for (size_t i = 0; i < len; i++) {
        n += s[i] == c;
    }
    return n;
}

/* Python's _dnsname_match(dn, hostname). */
static cssl_err dnsname_match(const cssl_str *dn, const matcher *m)
{
    if (dn->len == 0) {
        return 0;
    }
    size_t stars = count_byte(dn->data, dn->len, '*');
    if (stars == 0) {
        return lower_equal(dn->data, dn->len, m->host, m->host_len);
    }
    CSSL_GUARD(check_wildcard(dn, stars));
    /* The wildcard must match at least one character of the leftmost
     * label; the rest is compared as a whole. */
    const char *host_dot = memchr(m->host, '.', m->host_len);
    if (host_dot == NULL || host_dot == m->host) {
        return 0;
    }
    const char *dn_rest = dn->data + 2; /* after "*." */
    return lower_equal(dn_rest, dn->len - 2, host_dot + 1,
                       m->host_len - (size_t)(host_dot + 1 - m->host));
}

/* ---- _inet_paton / _ipaddress_match --------------------------------------------- */

/* _inet_paton() on a NUL-terminated copy: socket.inet_aton() (which
 * accepts '127.1' and '127.0.0.1 junk') then the inet_ntoa() round trip
 * that refuses those forms, then socket.inet_pton(AF_INET6).  inet_ntop()
 * writes inet_ntoa()'s text and, unlike it, is reentrant. */
static cssl_err parse_ip(const char *z, size_t len, unsigned char out[16], size_t *out_len)
{
    struct in_addr v4;
    if (inet_aton(z, &v4) != 0) {
        char text[INET_ADDRSTRLEN];
        if (inet_ntop(AF_INET, &v4, text, sizeof(text)) == NULL || strcmp(text, z) != 0) {
            return raise_repr(CSSL_E_VALUE, "", z, len, " is not a quad-dotted IPv4 address.");
        }
        memcpy(out, &v4, 4);
        *out_len = 4;
        return CSSL_OK;
    }
    if (inet_pton(AF_INET6, z, out) == 1) {
        *out_len = 16;
        return CSSL_OK;
    }
    return raise_repr(CSSL_E_VALUE, "", z, len, " is neither an IPv4 nor an IP6 address.");
}

/* Python's _inet_paton(ipname).  The socket functions take a C string
 * (PyArg "s"): a NUL inside is ValueError('embedded null character'),
 * which _inet_paton lets through. */
static cssl_err inet_paton(const char *s, size_t len, unsigned char out[16], size_t *out_len)
{
    CSSL_ENSURE(memchr(s, '\0', len) == NULL, CSSL_E_VALUE, "embedded null character");
    char *z = cssl__strndup(s, len);
    CSSL_GUARD_PTR(z);
    cssl_err rc = parse_ip(z, len, out, out_len);
    cssl_free(z);
    return rc;
}

/* The length of s.rstrip(): Unicode whitespace off the end.  OpenSSL may
 * end an IP Address entry with a newline, which Python strips. */
static size_t rstrip_len(const char *s, size_t len)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t end = 0;
    for (size_t i = 0, step; i < len; i += step) {
        int32_t c = cssl__utf8_decode(p + i, len - i, &step);
        if (c < 0 || !cssl__unicode_isspace((uint32_t)c)) {
            end = i + step;
        }
    }
    return end;
}

/* Python's _ipaddress_match(): exact comparison of the packed addresses
 * (RFC 6125 leaves IP matching out of scope, section 1.7.2).  A malformed
 * entry is a ValueError out of match_hostname, as in Python. */
static cssl_err ipaddress_match(const cssl_str *value, const matcher *m)
{
    unsigned char ip[16];
    size_t ip_len = 0;
    CSSL_GUARD(inet_paton(value->data, rstrip_len(value->data, value->len), ip, &ip_len));
    return ip_len == m->ip_len && memcmp(ip, m->ip, ip_len) == 0;
}

/* host_ip = _inet_paton(hostname), None on ValueError ("not an IP
 * address, the common case"). */
static cssl_err parse_host(matcher *m)
{
    cssl_err rc = inet_paton(m->host, m->host_len, m->ip, &m->ip_len);
    if (rc == CSSL_E_VALUE) {
        cssl__clear_error();
        return CSSL_OK;
    }
    CSSL_GUARD(rc);
    m->host_is_ip = true;
    return CSSL_OK;
}

/* ---- match_hostname ------------------------------------------------------------- */

static bool str_is(const cssl_str *s, const char *lit)
{
    size_t n = strlen(lit);
    return s->len == n && memcmp(s->data, lit, n) == 0;
}

/* dnsnames.append(value), kept as the text the final message shows
 * (the repr() of each value). */
static cssl__buf *next_name(matcher *m)
{
    if (m->count++ > 0) {
        cssl__buf_puts(&m->names, ", ");
    }
    return &m->names;
}

static void note_name(matcher *m, const cssl_str *value)
{
    cssl__pyrepr_str(next_name(m), value->data, value->len);
}

/* A commonName may be bytes or None (BIT STRING values, cssl.h). */
static void note_attr(matcher *m, const cssl_name_attr *attr)
{
    if (attr->value_is_none) {
        cssl__buf_puts(next_name(m), "None");
    } else if (attr->value_is_bytes) {
        cssl__pyrepr_bytes(next_name(m), attr->value.data, attr->value.len);
    } else {
        note_name(m, &attr->value);
    }
}

/* The subjectAltName loop: DNS entries against a host name, IP Address
 * entries against an IP; both count as names the certificate has. */
static cssl_err match_san(const cssl_cert_info *cert, matcher *m)
{
    if (!(cert->fields & CSSL_CERT_SUBJECT_ALT_NAME)) {
        return 0;
    }
    for (size_t i = 0; i < cert->subject_alt_name.count; i++) {
        const cssl_general_name *gn = &cert->subject_alt_name.items[i];
        cssl_err rc = 0;
        if (str_is(&gn->type, "DNS")) {
            rc = m->host_is_ip ? 0 : dnsname_match(&gn->value, m);
        } else if (str_is(&gn->type, "IP Address")) {
            rc = m->host_is_ip ? ipaddress_match(&gn->value, m) : 0;
        } else {
            continue;
        }
        if (rc != 0) {
            return rc;
        }
        note_name(m, &gn->value);
    }
    return 0;
}

/* _dnsname_match(value, hostname) for a commonName.  A BIT STRING one is
 * bytes in Python (None when empty): None and b'' are `not dn` (no match),
 * other bytes fail on dn.count('*') with a str argument. */
static cssl_err common_name_match(const cssl_name_attr *attr, matcher *m)
{
    if (!attr->value_is_bytes && !attr->value_is_none) {
        return dnsname_match(&attr->value, m);
    }
    CSSL_ENSURE(attr->value.len == 0, CSSL_E_TYPE,
                "argument should be integer or bytes-like object, not 'str'");
    return 0;
}

/* Every commonName of the subject, in order (Python does not pick the
 * most specific one, despite RFC 2818).  Also for an IP host name. */
static cssl_err match_subject(const cssl_cert_info *cert, matcher *m)
{
    if (!(cert->fields & CSSL_CERT_SUBJECT)) {
        return 0;
    }
    for (size_t i = 0; i < cert->subject.count; i++) {
        const cssl_rdn *rdn = &cert->subject.rdns[i];
        for (size_t j = 0; j < rdn->count; j++) {
            if (!str_is(&rdn->attrs[j].name, "commonName")) {
                continue;
            }
            cssl_err rc = common_name_match(&rdn->attrs[j], m);
            if (rc != 0) {
                return rc;
            }
            note_attr(m, &rdn->attrs[j]);
        }
    }
    return 0;
}

static cssl_err raise_mismatch(matcher *m)
{
    if (m->count == 0) {
        return raise_text(CSSL_E_CERT_VERIFICATION,
                          "no appropriate commonName or subjectAltName fields were found");
    }
    const char *sep = m->count > 1 ? " doesn't match either of " : " doesn't match ";
    char *names = cssl__buf_finish(&m->names);
    CSSL_GUARD_PTR(names);
    cssl__buf b = {0};
    cssl__buf_puts(&b, "hostname ");
    cssl__pyrepr_str(&b, m->host, m->host_len);
    cssl__buf_puts(&b, sep);
    cssl__buf_puts(&b, names);
    cssl_free(names);
    char *text = cssl__buf_finish(&b);
    CSSL_GUARD_PTR(text);
    cssl_err rc = raise_text(CSSL_E_CERT_VERIFICATION, text);
    cssl_free(text);
    return rc;
}

CSSL_API cssl_err cssl_match_hostname(const cssl_cert_info *cert, const char *hostname)
{
    cssl__clear_error();
    /* `if not cert`: None or an empty dict. */
    CSSL_ENSURE(cert != NULL && cert->fields != 0, CSSL_E_VALUE, "%s", EMPTY_CERT_MESSAGE);
    CSSL_ENSURE_ARG(hostname);
    matcher m = {.host = hostname, .host_len = strlen(hostname)};
    CSSL_GUARD(parse_host(&m));
    /* The subject is only checked when subjectAltName has no DNS or IP
     * Address entry (RFC 6125 section 6.4.4). */
    cssl_err rc = match_san(cert, &m);
    if (rc == 0 && m.count == 0) {
        rc = match_subject(cert, &m);
    }
    if (rc == 0) {
        rc = raise_mismatch(&m);
    }
    cssl__buf_reset(&m.names);
    return rc > 0 ? CSSL_OK : rc;
}
