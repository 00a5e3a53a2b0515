/*
 * tls_internal.h - the layouts shared by contexts, the TLS engine and its
 * two drivers (cssl_socket over an fd, cssl_object over memory BIOs).
 *
 *   context.c, context_defaults.c, context_load.c, context_info.c,
 *   truststore.c                     cssl_context (SSL_CTX + Python state)
 *   engine.c                         cssl__conn: the only code that calls
 *                                    SSL_do_handshake / SSL_read_ex /
 *                                    SSL_write_ex / SSL_shutdown, and the one
 *                                    translation of SSL_get_error()
 *   engine_info.c                    what a connection tells (getpeercert,
 *                                    cipher, session, ...), for both drivers
 *   idna.c, sni.c, der_list.c        server_hostname encoding, the SNI
 *                                    callback, DER certificate lists
 *   socket.c, socket_io.c,           cssl_socket: life cycle and properties,
 *   socket_net.c, socket_internal.h  fd I/O, poll, timeouts, connect/accept
 *   server_cert.c                    get_server_certificate(), wrap_socket()
 *   memory_bio.c, object.c           cssl_memory_bio, cssl_object
 *   session.c                        cssl_session
 *
 * A driver's object (cssl_socket, cssl_object) starts with its cssl__conn:
 * the SNI callback hands the owner to the application, and
 * cssl_conn_is_object() reads conn.is_object through it.
 */
#ifndef CSSL_TLS_INTERNAL_H
#define CSSL_TLS_INTERNAL_H

#include <stdatomic.h>

#include <openssl/ssl.h>

#include "internal.h"

/* ---- contexts ----------------------------------------------------------- */

struct cssl_context {
    atomic_int refs;
    SSL_CTX *ctx;
    int protocol;           /* CSSL_PROTOCOL_* it was made with */
    bool check_hostname;    /* Python keeps this outside OpenSSL */
    bool post_handshake_auth;
    unsigned int host_flags; /* X509_CHECK_FLAG_* applied to each connection */
    char *keylog_filename;
    BIO *keylog_bio;
    cssl_sni_callback sni_cb;
    void *sni_arg;
    unsigned char *alpn;    /* wire format, for the server's select callback */
    size_t alpn_len;
    bool shares_default_store; /* the X509_STORE is the process-wide default
                                  one: copy before changing it */
};

/* The SSL_CTX ex_data index that points back to the cssl_context. */
int cssl__context_ex_index(void);

/* Make sure ctx's X509_STORE is its own before a change (copy-on-write of
 * the shared default trust store). */
cssl_err cssl__context_own_store(cssl_context *ctx) CSSL_WUR;

/* The process-wide default trust store (system CAs), loaded on first use
 * and again when SSL_CERT_FILE / SSL_CERT_DIR change.  Returns a new
 * reference (X509_STORE_free() it) or NULL with the error recorded. */
X509_STORE *cssl__default_store(void) CSSL_WUR;

/* DER copies of certificates as a cssl_store_list (encoding "x509_asn",
 * trust_all false): the shape of get_ca_certs(True) and the chains. */
cssl_store_list *cssl__der_list_from_certs(STACK_OF(X509) *certs) CSSL_WUR;

/* ---- the engine (engine.c, idna.c, sni.c, der_list.c, session.c) ------- */

/* One TLS connection, whatever moves its bytes (CPython's PySSLSocket
 * without the Python object around it). */
typedef struct cssl__conn {
    SSL *ssl;
    cssl_context *ctx;      /* holds a reference */
    void *owner;            /* the cssl_socket or cssl_object around it */
    bool is_object;         /* memory BIOs: no socket (Python's sock == NULL) */
    bool server_side;
    char *server_hostname;  /* A-label, or NULL */
    bool handshake_done;
    bool shutdown_seen_zero; /* SSL_shutdown() returned 0 once */
    int last_ssl_error;     /* SSL_get_error() of the last failed call */
    int last_errno;         /* errno right after that call (Python's err.c) */
    char alpn[256];         /* the selected ALPN protocol, NUL-terminated, once
                               the handshake is done ("" for none) */
    bool has_alpn;
} cssl__conn;

/* Which operation a failure belongs to, for Python's texts ("The read
 * operation timed out", ...). */
typedef enum cssl__op {
    CSSL__OP_HANDSHAKE,
    CSSL__OP_READ,
    CSSL__OP_WRITE,
    CSSL__OP_SHUTDOWN
} cssl__op;

/* ssl.py's SSLContext._encode_hostname(): the 'idna' codec's ASCII path,
 * with UnicodeError's str() as a CSSL_E_VALUE message.  *out is a copy
 * (cssl_free()) or NULL when name is NULL.  Non-ASCII names are
 * CSSL_E_VALUE: cssl has no IDNA 2003 (nameprep) tables; pass the A-label. */
cssl_err cssl__encode_hostname(const char *name, char **out) CSSL_WUR;

/* The argument checks of ssl.py's SSLSocket._create() (wrap_socket()):
 * server_hostname / session only in client mode, check_hostname needs a
 * server_hostname. */
cssl_err cssl__conn_check_socket_args(const cssl_context *ctx, bool server_side,
                                      const char *server_hostname,
                                      const cssl_session *session) CSSL_WUR;

/* newPySSLSocket() in _ssl.c: set conn up over rbio / wbio (they may be
 * the same BIO; ownership passes to the connection, even on failure).
 * server_hostname is an A-label (cssl__encode_hostname()); it turns on SNI
 * (unless it is an IP address) and, with check_hostname, host name or IP
 * address verification.  session may be NULL.  On failure conn is left
 * cleared. */
cssl_err cssl__conn_init(cssl__conn *conn, cssl_context *ctx, bool server_side,
                         const char *server_hostname, cssl_session *session, BIO *rbio,
                         BIO *wbio, void *owner, bool is_object) CSSL_WUR;
void cssl__conn_clear(cssl__conn *conn);

/* One attempt at each operation.  They return >= 0 on success (bytes for
 * read/write; for shutdown 1 when complete, 0 when our close_notify is
 * sent but the peer's has not arrived) or a negative cssl_err recorded
 * through cssl__conn_error(): CSSL_E_WANT_READ / CSSL_E_WANT_WRITE tell
 * the driver to wait and call again.  read returns 0 after the peer's
 * close_notify (Python's read() does), len is at most INT_MAX. */
int cssl__conn_handshake(cssl__conn *conn) CSSL_WUR;
int cssl__conn_read(cssl__conn *conn, void *buf, size_t len) CSSL_WUR;
int cssl__conn_write(cssl__conn *conn, const void *buf, size_t len) CSSL_WUR;
int cssl__conn_shutdown(cssl__conn *conn) CSSL_WUR;

/* The one translation of SSL_get_error(), OpenSSL's queue, the verify
 * result and errno into a cssl_error (CPython's PySSL_SetError).  ret is
 * what the failed call returned, as Python passes it (0 for the *_ex
 * calls); conn->last_ssl_error / last_errno must be set. */
cssl_err cssl__conn_error(cssl__conn *conn, int ret) CSSL_WUR;

/* The shared parts of SSLSocket and SSLObject (engine_info.c). */
bool cssl__conn_handshake_finished(const cssl__conn *conn);
/* getpeercert(): *cert NULL (no certificate), empty (not verified) or full. */
cssl_err cssl__conn_getpeercert(const cssl__conn *conn, cssl_cert_info **cert) CSSL_WUR;
int cssl__conn_getpeercert_der(const cssl__conn *conn, unsigned char **der,
                               size_t *der_len) CSSL_WUR;
cssl_store_list *cssl__conn_chain(const cssl__conn *conn, bool verified) CSSL_WUR;
bool cssl__conn_cipher(const cssl__conn *conn, cssl_cipher *out);
cssl_cipher *cssl__conn_shared_ciphers(const cssl__conn *conn, size_t *count) CSSL_WUR;
const char *cssl__conn_version(const cssl__conn *conn);
const char *cssl__conn_compression(const cssl__conn *conn);
const char *cssl__conn_alpn(const cssl__conn *conn);
int cssl__conn_channel_binding(const cssl__conn *conn, const char *cb_type, unsigned char *buf,
                               size_t size) CSSL_WUR;
cssl_session *cssl__conn_get_session(const cssl__conn *conn) CSSL_WUR;
cssl_err cssl__conn_set_session(cssl__conn *conn, cssl_session *session) CSSL_WUR;
cssl_err cssl__conn_set_context(cssl__conn *conn, cssl_context *ctx) CSSL_WUR;
cssl_err cssl__conn_verify_client_post_handshake(cssl__conn *conn) CSSL_WUR;

/* ---- sessions (session.c) ----------------------------------------------- */

struct cssl_session {
    SSL_SESSION *session;
    cssl_context *ctx;      /* holds a reference: the context it belongs to */
};

/* A session object over s (its reference is taken over) and ctx. */
cssl_session *cssl__session_new(SSL_SESSION *s, cssl_context *ctx) CSSL_WUR;
/* An upper bound on i2d_SSL_SESSION(s, NULL), from the fields that can be
 * long (peer certificate, ticket, its application data, ALPN, hostname). */
size_t cssl__session_der_bound(const SSL_SESSION *s);

/* An independent copy of s (CPython's _ssl_session_dup()). */
SSL_SESSION *cssl__session_dup(const SSL_SESSION *s) CSSL_WUR;
/* Another handle on the same session (one more reference to each part). */
cssl_session *cssl__session_copy(const cssl_session *s) CSSL_WUR;

#endif
