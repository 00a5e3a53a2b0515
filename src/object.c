/*
 * object.c - cssl_object: Python's ssl.SSLObject, a TLS connection over two
 * memory BIOs (SSLContext.wrap_bio()).  The memory-BIO driver of the engine:
 * one attempt per call, nothing to wait on, so the engine's
 * CSSL_E_WANT_READ reaches the caller, who feeds `incoming` and calls
 * again.  Everything else (handshake, read, write, shutdown, error
 * translation, the connection's properties) is the engine's, shared with
 * cssl_socket.
 */
#include <poll.h>
#include <string.h>

#include "memory_bio.h"
#include "tls_internal.h"

struct cssl_object {
    cssl__conn conn; /* first member: an SNI callback's `conn` is the
                        cssl_object, cssl_conn_is_object() reads it */
};

/* The poll() interest of a result: what an event loop waits for before it
 * calls the same operation again. */
CSSL_API int cssl_poll_events(int rc)
{
    if (rc == CSSL_E_WANT_READ) {
        return POLLIN;
    }
    return rc == CSSL_E_WANT_WRITE ? POLLOUT : 0;
}

/* ---- creation ---------------------------------------------------------------- */

/* _ssl__SSLContext__wrap_bio_impl() + newPySSLSocket(): the BIOs are
 * shared with the caller (one more reference each; SSL_set_bio() takes
 * one reference only when both are the same BIO). */
static cssl_err start(cssl_object *obj, cssl_context *ctx, cssl_memory_bio *incoming,
                      cssl_memory_bio *outgoing, bool server_side, const char *hostname,
                      cssl_session *session)
{
    BIO *rbio = cssl__memory_bio_ref(incoming);
    CSSL_GUARD_PTR(rbio);
    BIO *wbio = rbio;
    if (outgoing != incoming) {
        wbio = cssl__memory_bio_ref(outgoing);
        if (wbio == NULL) {
            BIO_free(rbio);
            return cssl_last_error()->code;
        }
    }
    return cssl__conn_init(&obj->conn, ctx, server_side, hostname, session, rbio, wbio, obj, true);
}

/* ssl.py's wrap_bio() encodes the name first (SSLContext._encode_hostname),
 * then SSLObject._create() makes the connection; unlike wrap_socket() it
 * checks neither check_hostname nor server_side against the name. */
CSSL_API cssl_object *cssl_context_wrap_bio(cssl_context *ctx, cssl_memory_bio *incoming,
                                            cssl_memory_bio *outgoing, bool server_side,
                                            const char *server_hostname, cssl_session *session)
{
    cssl__clear_error();
    CSSL_ENSURE_ARG_NULL(ctx);
    CSSL_ENSURE_ARG_NULL(incoming);
    CSSL_ENSURE_ARG_NULL(outgoing);
    char *hostname = NULL;
    CSSL_GUARD_NULL(cssl__encode_hostname(server_hostname, &hostname));
    cssl_object *obj = cssl__calloc(1, sizeof(*obj));
    if (obj != NULL && start(obj, ctx, incoming, outgoing, server_side, hostname, session) < 0) {
        cssl_free(obj);
        obj = NULL;
    }
    cssl_free(hostname);
    return obj;
}

CSSL_API void cssl_object_free(cssl_object *obj)
{
    if (obj != NULL) {
        cssl__conn_clear(&obj->conn);
        cssl_free(obj);
    }
}

/* ---- I/O: one attempt each ------------------------------------------------------- */

CSSL_API cssl_err cssl_object_do_handshake(cssl_object *obj)
{
    cssl__clear_error();
    CSSL_ENSURE_ARG(obj);
    return cssl__conn_handshake(&obj->conn);
}

/* _ssl__SSLSocket_read_impl(): a read of 0 bytes returns at once. */
CSSL_API int cssl_object_read(cssl_object *obj, void *buf, size_t len)
{
    cssl__clear_error();
    CSSL_ENSURE_ARG(obj);
    CSSL_ENSURE(buf != NULL || len == 0, CSSL_E_VALUE, "buf must not be NULL");
    if (len == 0) {
        return 0;
    }
    return cssl__conn_read(&obj->conn, buf, len);
}

CSSL_API int cssl_object_write(cssl_object *obj, const void *buf, size_t len)
{
    cssl__clear_error();
    CSSL_ENSURE_ARG(obj);
    CSSL_ENSURE(buf != NULL || len == 0, CSSL_E_VALUE, "buf must not be NULL");
    return cssl__conn_write(&obj->conn, buf, len);
}

CSSL_API int cssl_object_pending(const cssl_object *obj)
{
    cssl__clear_error();
    return obj != NULL ? SSL_pending(obj->conn.ssl) : 0;
}

/* _ssl__SSLSocket_shutdown_impl() without a socket: SSL_shutdown() once,
 * and once more right away when it only sent our close_notify (a second 0
 * ends it too, Python's legacy rule); a want-read has nothing to wait on
 * and is the caller's to handle. */
CSSL_API cssl_err cssl_object_unwrap(cssl_object *obj)
{
    cssl__clear_error();
    CSSL_ENSURE_ARG(obj);
    for (int zeros = 0;;) {
        int rc = cssl__conn_shutdown(&obj->conn);
        if (rc < 0) {
            return rc;
        }
        if (rc == 1 || ++zeros > 1) {
            return CSSL_OK;
        }
    }
}

CSSL_API cssl_err cssl_object_verify_client_post_handshake(cssl_object *obj)
{
    cssl__clear_error();
    CSSL_ENSURE_ARG(obj);
    return cssl__conn_verify_client_post_handshake(&obj->conn);
}

/* ---- what the connection tells: the engine's, as for sockets ---------------------- */

CSSL_API cssl_err cssl_object_getpeercert(const cssl_object *obj, cssl_cert_info **cert)
{
    cssl__clear_error();
    CSSL_ENSURE_ARG(cert);
    *cert = NULL;
    CSSL_ENSURE_ARG(obj);
    return cssl__conn_getpeercert(&obj->conn, cert);
}

CSSL_API int cssl_object_getpeercert_der(const cssl_object *obj, unsigned char **der,
                                         size_t *der_len)
{
    cssl__clear_error();
    CSSL_ENSURE_ARG(der);
    CSSL_ENSURE_ARG(der_len);
    *der = NULL;
    *der_len = 0;
    CSSL_ENSURE_ARG(obj);
    return cssl__conn_getpeercert_der(&obj->conn, der, der_len);
}

CSSL_API cssl_store_list *cssl_object_get_verified_chain(const cssl_object *obj)
{
    cssl__clear_error();
    CSSL_ENSURE_ARG_NULL(obj);
    return cssl__conn_chain(&obj->conn, true);
}

CSSL_API cssl_store_list *cssl_object_get_unverified_chain(const cssl_object *obj)
{
    cssl__clear_error();
    CSSL_ENSURE_ARG_NULL(obj);
    return cssl__conn_chain(&obj->conn, false);
}

CSSL_API bool cssl_object_cipher(const cssl_object *obj, cssl_cipher *out)
{
    cssl__clear_error();
    return obj != NULL && out != NULL && cssl__conn_cipher(&obj->conn, out);
}

CSSL_API cssl_cipher *cssl_object_shared_ciphers(const cssl_object *obj, size_t *count)
{
    cssl__clear_error();
    CSSL_ENSURE_ARG_NULL(count);
    *count = 0;
    CSSL_ENSURE_ARG_NULL(obj);
    return cssl__conn_shared_ciphers(&obj->conn, count);
}

CSSL_API const char *cssl_object_compression(const cssl_object *obj)
{
    cssl__clear_error();
    return obj != NULL ? cssl__conn_compression(&obj->conn) : NULL;
}

CSSL_API const char *cssl_object_version(const cssl_object *obj)
{
    cssl__clear_error();
    return obj != NULL ? cssl__conn_version(&obj->conn) : NULL;
}

CSSL_API const char *cssl_object_selected_alpn_protocol(const cssl_object *obj)
{
    cssl__clear_error();
    return obj != NULL ? cssl__conn_alpn(&obj->conn) : NULL;
}

CSSL_API int cssl_object_get_channel_binding(const cssl_object *obj, const char *cb_type,
                                             unsigned char *buf, size_t size)
{
    cssl__clear_error();
    CSSL_ENSURE_ARG(obj);
    return cssl__conn_channel_binding(&obj->conn, cb_type != NULL ? cb_type : "tls-unique", buf,
                                      size);
}

/* ---- session, context and the other properties ------------------------------------- */

CSSL_API cssl_session *cssl_object_get_session(const cssl_object *obj)
{
    cssl__clear_error();
    CSSL_ENSURE_ARG_NULL(obj);
    return cssl__conn_get_session(&obj->conn);
}

CSSL_API cssl_err cssl_object_set_session(cssl_object *obj, cssl_session *session)
{
    cssl__clear_error();
    CSSL_ENSURE_ARG(obj);
    return cssl__conn_set_session(&obj->conn, session);
}

CSSL_API bool cssl_object_session_reused(const cssl_object *obj)
{
    cssl__clear_error();
    return obj != NULL && SSL_session_reused(obj->conn.ssl) == 1;
}

CSSL_API bool cssl_object_server_side(const cssl_object *obj)
{
    return obj != NULL && obj->conn.server_side;
}

CSSL_API const char *cssl_object_server_hostname(const cssl_object *obj)
{
    return obj != NULL ? obj->conn.server_hostname : NULL;
}

CSSL_API cssl_context *cssl_object_get_context(const cssl_object *obj)
{
    return obj != NULL ? obj->conn.ctx : NULL;
}

CSSL_API cssl_err cssl_object_set_context(cssl_object *obj, cssl_context *ctx)
{
    cssl__clear_error();
    CSSL_ENSURE_ARG(obj);
    CSSL_ENSURE_ARG(ctx);
    return cssl__conn_set_context(&obj->conn, ctx);
}
