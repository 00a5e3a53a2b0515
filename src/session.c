/*
 * session.c - cssl_session: SSLSession, a TLS session to resume, with the
 * context it came from (sessions only resume on connections of the same
 * context, as in Python).
 */
#include <string.h>

#include "tls_internal.h"

cssl_session *cssl__session_new(SSL_SESSION *s, cssl_context *ctx)
{
    cssl_session *out = cssl__calloc(1, sizeof(*out));
    if (out == NULL) {
        SSL_SESSION_free(s);
        return NULL;
    }
    out->session = s;
    out->ctx = cssl_context_ref(ctx);
    return out;
}

/* The most any session's DER form can be beyond its long fields: the
 * integers, the session ID and its context (32 bytes each), a PSK
 * identity and hint (OpenSSL caps both well below this) and every field's
 * tag and length. */
#define FIXED_DER_ALLOWANCE 2048

/* i2d_X509() reuses the certificate's kept encoding of its body: 1.6 k
 * instructions, against 9 k for encoding the whole session. */
size_t cssl__session_der_bound(const SSL_SESSION *s)
{
    const unsigned char *p;
    size_t n, bound = FIXED_DER_ALLOWANCE + SSL_SESSION_get_master_key(s, NULL, 0);
    X509 *peer = SSL_SESSION_get0_peer((SSL_SESSION *)s);
    if (peer != NULL) {
        int len = i2d_X509(peer, NULL);
        bound += len > 0 ? (size_t)len : 0xFF00;
    }
    SSL_SESSION_get0_ticket(s, &p, &n);
    bound += n;
    SSL_SESSION_get0_alpn_selected(s, &p, &n);
    bound += n;
    void *appdata;
    SSL_SESSION_get0_ticket_appdata((SSL_SESSION *)s, &appdata, &n);
    bound += n;
    const char *host = SSL_SESSION_get0_hostname(s);
    return bound + (host != NULL ? strlen(host) : 0);
}

/* _ssl_session_dup(): SSLSocket.session is a copy, not the connection's
 * own SSL_SESSION.  OpenSSL marks the latter not resumable when the
 * connection is freed without a TLS shutdown (close() sends none), which
 * the copy escapes: Python's sessions resume after close().  CPython copies
 * through the DER form; SSL_SESSION_dup() (OpenSSL 1.1.1+) makes the same
 * independent copy but shares the peer certificate instead of decoding it
 * again, which on OpenSSL 3.0 cost four times a whole resumed handshake
 * (docs/BENCHMARKS.md). */
SSL_SESSION *cssl__session_dup(const SSL_SESSION *s)
{
    CSSL_ENSURE_NULL(s != NULL, CSSL_E_VALUE, "Invalid session");
    /* CPython refuses a session i2d_SSL_SESSION() cannot encode (one
     * without a cipher, as before the handshake) or encodes in more than
     * 0xFF00 bytes.  Encoding only to measure costs 2 % of a resumed TLS
     * 1.2 handshake, so it is done only where the bound says it could
     * matter; the answer is the same either way. */
    if (SSL_SESSION_get0_cipher(s) == NULL || cssl__session_der_bound(s) > 0xFF00) {
        int len = i2d_SSL_SESSION(s, NULL);
        CSSL_ENSURE_NULL(len > 0 && len <= 0xFF00, CSSL_E_VALUE, "i2d() failed");
    }
    SSL_SESSION *copy = SSL_SESSION_dup(s);
    if (copy == NULL) {
        (void)cssl__raise_nomem();
    }
    return copy;
}

cssl_session *cssl__session_copy(const cssl_session *s)
{
    if (SSL_SESSION_up_ref(s->session) != 1) {
        (void)cssl__raise_nomem();
        return NULL;
    }
    return cssl__session_new(s->session, s->ctx);
}

CSSL_API void cssl_session_free(cssl_session *s)
{
    if (s != NULL) {
        SSL_SESSION_free(s->session);
        cssl_context_free(s->ctx);
        cssl_free(s);
    }
}

/* SSLSession.id */
CSSL_API int cssl_session_id(const cssl_session *s, unsigned char *buf, size_t size)
{
    cssl__clear_error();
    CSSL_ENSURE_ARG(s);
    unsigned int len = 0;
    const unsigned char *id = SSL_SESSION_get_id(s->session, &len);
    if (buf != NULL) {
        memcpy(buf, id, len < size ? len : size);
    }
    return (int)len;
}

/* SSLSession.time: creation time, seconds since the Epoch. */
CSSL_API long cssl_session_time(const cssl_session *s)
{
    return s ? (long)SSL_SESSION_get_time(s->session) : 0;
}

/* SSLSession.timeout: lifetime in seconds. */
CSSL_API long cssl_session_timeout(const cssl_session *s)
{
    return s ? (long)SSL_SESSION_get_timeout(s->session) : 0;
}

CSSL_API unsigned long cssl_session_ticket_lifetime_hint(const cssl_session *s)
{
    return s ? SSL_SESSION_get_ticket_lifetime_hint(s->session) : 0;
}

CSSL_API bool cssl_session_has_ticket(const cssl_session *s)
{
    return s != NULL && SSL_SESSION_has_ticket(s->session) == 1;
}

/* PySSLSession_richcompare(): the same object, or the same session id. */
CSSL_API bool cssl_session_equal(const cssl_session *a, const cssl_session *b)
{
    if (a == NULL || b == NULL) {
        return a == b;
    }
    if (a == b || a->session == b->session) {
        return true;
    }
    unsigned int alen = 0;
    unsigned int blen = 0;
    const unsigned char *aid = SSL_SESSION_get_id(a->session, &alen);
    const unsigned char *bid = SSL_SESSION_get_id(b->session, &blen);
    return alen == blen && memcmp(aid, bid, alen) == 0;
}
