/*
 * context_info.c - what a context tells about itself (get_ciphers(),
 * session_stats(), cert_store_stats(), get_ca_certs()) and its protocol
 * negotiation hooks (ALPN, the SNI callback).
 */
#include <string.h>

#include <openssl/x509v3.h>

#include "tls_internal.h"

/* ---- get_ciphers ------------------------------------------------------- */

static const char *nid_long_name(int nid)
{
    return nid != NID_undef ? OBJ_nid2ln(nid) : NULL;
}

/* cipher_to_dict() in _ssl.c. */
static cssl_err describe_cipher(cssl__arena *arena, const SSL_CIPHER *c, cssl_cipher_info *out)
{
    char buf[512];
    SSL_CIPHER_description(c, buf, sizeof(buf) - 1);
    size_t len = strlen(buf);
    if (len > 1 && buf[len - 1] == '\n') {
        buf[--len] = '\0';
    }
    out->description = cssl__arena_strndup(arena, buf, len);
    CSSL_GUARD_PTR(out->description);
    out->id = SSL_CIPHER_get_id(c);
    out->name = SSL_CIPHER_get_name(c);
    out->protocol = SSL_CIPHER_get_version(c);
    out->strength_bits = SSL_CIPHER_get_bits(c, &out->alg_bits);
    out->aead = SSL_CIPHER_is_aead(c) != 0;
    out->symmetric = nid_long_name(SSL_CIPHER_get_cipher_nid(c));
    out->digest = nid_long_name(SSL_CIPHER_get_digest_nid(c));
    out->kea = nid_long_name(SSL_CIPHER_get_kx_nid(c));
    out->auth = nid_long_name(SSL_CIPHER_get_auth_nid(c));
    return CSSL_OK;
}

static cssl_err fill_ciphers(cssl_cipher_list *list, cssl__arena *arena, SSL *ssl)
{
    STACK_OF(SSL_CIPHER) *sk = SSL_get_ciphers(ssl);
    int n = sk_SSL_CIPHER_num(sk);
    cssl_cipher_info *items = cssl__arena_alloc(arena, sizeof(*items) * (size_t)(n > 0 ? n : 1));
    CSSL_GUARD_PTR(items);
    for (int i = 0; i < n; i++) {
        CSSL_GUARD(describe_cipher(arena, sk_SSL_CIPHER_value(sk, i), &items[i]));
    }
    list->items = items;
    list->count = (size_t)n;
    return CSSL_OK;
}

CSSL_API cssl_cipher_list *cssl_context_get_ciphers(const cssl_context *ctx)
{
    cssl__clear_error();
    CSSL_ENSURE_ARG_NULL(ctx);
    cssl__arena *arena = cssl__arena_new();
    cssl_cipher_list *list = arena ? cssl__arena_alloc(arena, sizeof(*list)) : NULL;
    SSL *ssl = list ? SSL_new(ctx->ctx) : NULL;
    if (list != NULL && ssl == NULL) {
        cssl__raise_ossl(CSSL_E_SSL, NULL);
    }
    if (ssl == NULL || fill_ciphers(list, arena, ssl) < 0) {
        SSL_free(ssl);
        cssl__arena_free(arena);
        return NULL;
    }
    SSL_free(ssl);
    list->owner = arena;
    return list;
}

CSSL_API void cssl_cipher_list_free(cssl_cipher_list *list)
{
    if (list != NULL) {
        cssl__arena_free(list->owner); /* the list itself lives in the arena */
    }
}

/* ---- statistics ---------------------------------------------------------- */

CSSL_API cssl_err cssl_context_session_stats(const cssl_context *ctx, cssl_session_stats *out)
{
    cssl__clear_error();
    CSSL_ENSURE_ARG(ctx);
    CSSL_ENSURE_ARG(out);
    SSL_CTX *c = ctx->ctx;
    *out = (cssl_session_stats){
        .number = SSL_CTX_sess_number(c),
        .connect = SSL_CTX_sess_connect(c),
        .connect_good = SSL_CTX_sess_connect_good(c),
        .connect_renegotiate = SSL_CTX_sess_connect_renegotiate(c),
        .accept = SSL_CTX_sess_accept(c),
        .accept_good = SSL_CTX_sess_accept_good(c),
        .accept_renegotiate = SSL_CTX_sess_accept_renegotiate(c),
        .hits = SSL_CTX_sess_hits(c),
        .misses = SSL_CTX_sess_misses(c),
        .timeouts = SSL_CTX_sess_timeouts(c),
        .cache_full = SSL_CTX_sess_cache_full(c),
    };
    return CSSL_OK;
}

/* A snapshot of the store's objects (each up-referenced): other threads
 * may add to a shared store (hash-dir lookups cache what they find) while
 * we look.  Free with sk_X509_OBJECT_pop_free(objs, X509_OBJECT_free). */
static STACK_OF(X509_OBJECT) *store_objects(const cssl_context *ctx)
{
    X509_STORE *store = SSL_CTX_get_cert_store(ctx->ctx);
    STACK_OF(X509_OBJECT) *copy = sk_X509_OBJECT_new_null();
    if (copy == NULL || !X509_STORE_lock(store)) {
        sk_X509_OBJECT_free(copy);
        cssl__raise_nomem();
        return NULL;
    }
    STACK_OF(X509_OBJECT) *objs = X509_STORE_get0_objects(store);
    bool ok = true;
    for (int i = 0; ok && i < sk_X509_OBJECT_num(objs); i++) {
        X509_OBJECT *o = sk_X509_OBJECT_value(objs, i);
        X509_OBJECT *dup = X509_OBJECT_new();
        X509 *x = X509_OBJECT_get0_X509(o);
        X509_CRL *crl = X509_OBJECT_get0_X509_CRL(o);
        ok = dup != NULL && (x ? X509_OBJECT_set1_X509(dup, x) : crl ? X509_OBJECT_set1_X509_CRL(dup, crl) : 1) &&
             sk_X509_OBJECT_push(copy, dup) > 0;
        if (!ok) {
            X509_OBJECT_free(dup);
        }
    }
    X509_STORE_unlock(store);
    if (!ok) {
        sk_X509_OBJECT_pop_free(copy, X509_OBJECT_free);
        cssl__raise_nomem();
        return NULL;
    }
    return copy;
}

/* cert_store_stats(): CA certificates are those X509_check_ca() accepts. */
CSSL_API cssl_err cssl_context_cert_store_stats(const cssl_context *ctx,
                                                cssl_cert_store_stats *out)
{
    cssl__clear_error();
    CSSL_ENSURE_ARG(ctx);
    CSSL_ENSURE_ARG(out);
    STACK_OF(X509_OBJECT) *objs = store_objects(ctx);
    CSSL_GUARD_PTR(objs);
    *out = (cssl_cert_store_stats){0};
    for (int i = 0; i < sk_X509_OBJECT_num(objs); i++) {
        X509_OBJECT *o = sk_X509_OBJECT_value(objs, i);
        if (X509_OBJECT_get_type(o) == X509_LU_X509) {
            out->x509++;
            out->x509_ca += X509_check_ca(X509_OBJECT_get0_X509(o)) ? 1 : 0;
        } else if (X509_OBJECT_get_type(o) == X509_LU_CRL) {
            out->crl++;
        }
    }
    sk_X509_OBJECT_pop_free(objs, X509_OBJECT_free);
    return CSSL_OK;
}

/* One more reference to x, held by certs; none taken if the push fails. */
static bool push_ref(STACK_OF(X509) *certs, X509 *x)
{
    if (!X509_up_ref(x)) {
        return false;
    }
    if (sk_X509_push(certs, x) > 0) {
        return true;
    }
    X509_free(x);
    return false;
}

/* The CA certificates of the store, in store order (get_ca_certs()).
 * X509_check_ca() says "not a CA" when it cannot allocate what it caches:
 * an allocation failure OpenSSL queued makes the list MemoryError. */
static STACK_OF(X509) *ca_certs(const cssl_context *ctx)
{
    STACK_OF(X509_OBJECT) *objs = store_objects(ctx);
    STACK_OF(X509) *certs = objs ? sk_X509_new_null() : NULL;
    for (int i = 0; certs != NULL && i < sk_X509_OBJECT_num(objs); i++) {
        X509 *x = X509_OBJECT_get0_X509(sk_X509_OBJECT_value(objs, i));
        if (x != NULL && X509_check_ca(x) && !push_ref(certs, x)) {
            sk_X509_pop_free(certs, X509_free);
            certs = NULL;
        }
    }
    if (certs != NULL && cssl__ossl_malloc_failed()) {
        sk_X509_pop_free(certs, X509_free);
        certs = NULL;
    }
    if (objs != NULL && certs == NULL) {
        cssl__raise_nomem();
    }
    sk_X509_OBJECT_pop_free(objs, X509_OBJECT_free);
    return certs;
}

CSSL_API cssl_cert_info **cssl_context_get_ca_certs(const cssl_context *ctx, size_t *count)
{
    cssl__clear_error();
    CSSL_ENSURE_ARG_NULL(ctx);
    CSSL_ENSURE_ARG_NULL(count);
    STACK_OF(X509) *certs = ca_certs(ctx);
    if (certs == NULL) {
        return NULL;
    }
    size_t n = (size_t)sk_X509_num(certs);
    cssl_cert_info **out = cssl__calloc(n + 1, sizeof(*out)); // NOLINT(bugprone-sizeof-expression): an array of pointers
    for (size_t i = 0; out != NULL && i < n; i++) {
        out[i] = cssl__cert_info_from_x509(sk_X509_value(certs, (int)i));
        if (out[i] == NULL) {
            while (i > 0) {
                cssl_cert_info_free(out[--i]);
            }
            cssl_free(out);
            out = NULL;
        }
    }
    sk_X509_pop_free(certs, X509_free);
    *count = out ? n : 0;
    return out;
}

CSSL_API cssl_store_list *cssl_context_get_ca_certs_der(const cssl_context *ctx)
{
    cssl__clear_error();
    CSSL_ENSURE_ARG_NULL(ctx);
    STACK_OF(X509) *certs = ca_certs(ctx);
    if (certs == NULL) {
        return NULL;
    }
    cssl_store_list *list = cssl__der_list_from_certs(certs);
    sk_X509_pop_free(certs, X509_free);
    return list;
}

/* ---- ALPN ---------------------------------------------------------------- */

/* The server picks the first of its own protocols the client offers
 * (_selectALPN_cb in _ssl.c); no overlap means no ALPN, not an error. */
static int select_alpn(SSL *ssl, const unsigned char **out, unsigned char *outlen,
                       const unsigned char *client, unsigned int client_len, void *arg)
{
    (void)ssl;
    cssl_context *ctx = arg;
    if (ctx->alpn == NULL) {
        return SSL_TLSEXT_ERR_NOACK;
    }
    unsigned char *selected;
    int rc = SSL_select_next_proto(&selected, outlen, ctx->alpn, (unsigned int)ctx->alpn_len,
                                   client, client_len);
    if (rc != OPENSSL_NPN_NEGOTIATED) {
        return SSL_TLSEXT_ERR_NOACK;
    }
    *out = selected;
    return SSL_TLSEXT_ERR_OK;
}

/* ssl.py's set_alpn_protocols(): ASCII names of 1 to 255 bytes in wire
 * format, then _set_alpn_protocols(). */
static cssl_err alpn_wire(const char *const *protocols, size_t count, cssl__buf *wire)
{
    for (size_t i = 0; i < count; i++) {
        size_t len = protocols[i] ? strlen(protocols[i]) : 0;
        if (len == 0 || len > 255) {
            return cssl__raise_args1(CSSL_E_SSL, "ALPN protocols must be 1 to 255 in length");
        }
        cssl__buf_putc(wire, (char)len);
        cssl__buf_append(wire, protocols[i], len);
    }
    return CSSL_OK;
}

CSSL_API cssl_err cssl_context_set_alpn_protocols(cssl_context *ctx,
                                                  const char *const *protocols, size_t count)
{
    cssl__clear_error();
    CSSL_ENSURE_ARG(ctx);
    CSSL_ENSURE(protocols != NULL || count == 0, CSSL_E_VALUE, "protocols must not be NULL");
    cssl__buf wire = {0};
    cssl_err rc = alpn_wire(protocols, count, &wire);
    if (rc < 0) {
        cssl__buf_reset(&wire);
        return rc;
    }
    size_t len = wire.len;
    char *data = count ? cssl__buf_finish(&wire) : NULL;
    CSSL_ENSURE(count == 0 || data != NULL, CSSL_E_NOMEM, "%s", "");
    cssl_free(ctx->alpn);
    ctx->alpn = (unsigned char *)data;
    ctx->alpn_len = len;
    /* SSL_CTX_set_alpn_protos() returns 0 on success. */
    CSSL_ENSURE(SSL_CTX_set_alpn_protos(ctx->ctx, ctx->alpn, (unsigned int)len) == 0,
                CSSL_E_NOMEM, "%s", "");
    SSL_CTX_set_alpn_select_cb(ctx->ctx, select_alpn, ctx);
    return CSSL_OK;
}
