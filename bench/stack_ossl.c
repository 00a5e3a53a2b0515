/*
 * stack_ossl.c - the benchmark workloads through libssl directly: the
 * minimal correct program cssl is measured against.  Same certificates,
 * same verification (CA file, peer verification, host name "localhost",
 * SNI), same single TLS version; OpenSSL's default settings otherwise
 * (no SSL_MODE_RELEASE_BUFFERS).  Connections close as Python's close()
 * does: no close_notify, the session marked as cleanly finished so that
 * it stays resumable.
 */
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <stdio.h>
#include <unistd.h>

#include "bench.h"

static SSL_CTX *server_ctx, *client_ctx;
static SSL_SESSION *kept;
static X509_STORE *shared_store;

static int fail_ossl(const char *what)
{
    char buf[256];
    unsigned long e = ERR_get_error();
    ERR_error_string_n(e, buf, sizeof(buf));
    ERR_clear_error();
    return bench_fail("%s: %s", what, e ? buf : "failed");
}

static int pin_version(SSL_CTX *ctx, int v)
{
    int tv = v == 12 ? TLS1_2_VERSION : TLS1_3_VERSION;
    if (!SSL_CTX_set_min_proto_version(ctx, tv) || !SSL_CTX_set_max_proto_version(ctx, tv))
        return fail_ossl("set version");
    return 0;
}

static int server_init(const bench_opts *o)
{
    char cert[512], key[512];
    snprintf(cert, sizeof(cert), "%s/%s.pem", o->certdir, o->cert);
    snprintf(key, sizeof(key), "%s/%s.key", o->certdir, o->cert);
    server_ctx = SSL_CTX_new(TLS_server_method());
    if (server_ctx == NULL || SSL_CTX_use_certificate_chain_file(server_ctx, cert) != 1 ||
        SSL_CTX_use_PrivateKey_file(server_ctx, key, SSL_FILETYPE_PEM) != 1 ||
        SSL_CTX_check_private_key(server_ctx) != 1)
        return fail_ossl("server context");
    if (o->no_ticket)
        SSL_CTX_set_options(server_ctx, SSL_OP_NO_TICKET);
    return pin_version(server_ctx, o->tls_version);
}

static int client_init(const bench_opts *o)
{
    char ca[512];
    snprintf(ca, sizeof(ca), "%s/ca.pem", o->certdir);
    client_ctx = SSL_CTX_new(TLS_client_method());
    if (client_ctx == NULL || SSL_CTX_load_verify_locations(client_ctx, ca, NULL) != 1)
        return fail_ossl("client context");
    SSL_CTX_set_verify(client_ctx, SSL_VERIFY_PEER, NULL);
    return pin_version(client_ctx, o->tls_version);
}

static void drop(SSL *ssl)
{
    int fd = SSL_get_fd(ssl);
    if (SSL_is_init_finished(ssl))
        SSL_set_shutdown(ssl, SSL_get_shutdown(ssl) | SSL_SENT_SHUTDOWN);
    SSL_free(ssl);
    close(fd);
}

static bench_conn *finish(SSL *ssl, int fd, int rc, const char *what)
{
    if (ssl != NULL && rc == 1)
        return (bench_conn *)ssl;
    fail_ossl(what);
    if (ssl != NULL)
        drop(ssl);
    else
        close(fd);
    return NULL;
}

static bench_conn *do_accept(int fd)
{
    SSL *ssl = SSL_new(server_ctx);
    int rc = ssl != NULL && SSL_set_fd(ssl, fd) == 1 ? SSL_accept(ssl) : 0;
    return finish(ssl, fd, rc, "accept");
}

static bench_conn *do_connect(int fd, bool resume)
{
    SSL *ssl = SSL_new(client_ctx);
    int rc = ssl != NULL && SSL_set_fd(ssl, fd) == 1 &&
             SSL_set_tlsext_host_name(ssl, "localhost") == 1 && SSL_set1_host(ssl, "localhost") == 1 &&
             (!resume || SSL_set_session(ssl, kept) == 1);
    rc = rc ? SSL_connect(ssl) : 0;
    return finish(ssl, fd, rc, "connect");
}

static long do_read(bench_conn *c, void *buf, size_t n)
{
    size_t got = 0;
    if (SSL_read_ex((SSL *)c, buf, n, &got) == 1)
        return (long)got;
    int err = SSL_get_error((SSL *)c, 0);
    ERR_clear_error();
    return err == SSL_ERROR_ZERO_RETURN ? 0 : -1;
}

static int do_write_all(bench_conn *c, const void *buf, size_t n)
{
    size_t done = 0;
    return SSL_write_ex((SSL *)c, buf, n, &done) == 1 && done == n ? 0 : fail_ossl("write");
}

static int do_reused(bench_conn *c)
{
    return SSL_session_reused((SSL *)c);
}

static int do_keep_session(bench_conn *c)
{
    SSL_SESSION *s = SSL_get1_session((SSL *)c);
    if (s == NULL)
        return fail_ossl("session");
    SSL_SESSION_free(kept);
    kept = s;
    return 0;
}

static const char *do_cipher(bench_conn *c)
{
    return SSL_get_cipher_name((SSL *)c);
}

static const char *do_version(bench_conn *c)
{
    return SSL_get_version((SSL *)c);
}

static void do_close(bench_conn *c)
{
    drop((SSL *)c);
}

/* SSL_shutdown() sends close_notify (0), called again it waits for the
 * peer's (1); a peer that sent its own first gives 1 at once. */
static int do_clean_close(bench_conn *c)
{
    int r = SSL_shutdown((SSL *)c);
    if (r == 0)
        r = SSL_shutdown((SSL *)c);
    int rc = r == 1 ? 0 : fail_ossl("shutdown");
    drop((SSL *)c);
    return rc;
}

/* What create_default_context() amounts to in libssl: a client context
 * that verifies against the system's CA bundle, loaded for this context. */
static void *default_ctx(void)
{
    SSL_CTX *ctx = SSL_CTX_new(TLS_client_method());
    if (ctx != NULL && SSL_CTX_set_default_verify_paths(ctx) != 1) {
        SSL_CTX_free(ctx);
        return NULL;
    }
    if (ctx != NULL)
        SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER, NULL);
    return ctx;
}

/* The same with one X509_STORE loaded once and shared by every context. */
static void *default_ctx_shared(void)
{
    if (shared_store == NULL) {
        shared_store = X509_STORE_new();
        if (shared_store == NULL || X509_STORE_set_default_paths(shared_store) != 1)
            return NULL;
    }
    SSL_CTX *ctx = SSL_CTX_new(TLS_client_method());
    if (ctx != NULL) {
        SSL_CTX_set1_cert_store(ctx, shared_store);
        SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER, NULL);
    }
    return ctx;
}

static void free_ctx(void *ctx)
{
    SSL_CTX_free(ctx);
}

static const bench_stack ossl_stack = {
    .name = "openssl",
    .server_init = server_init,
    .client_init = client_init,
    .accept = do_accept,
    .connect = do_connect,
    .read = do_read,
    .write_all = do_write_all,
    .reused = do_reused,
    .keep_session = do_keep_session,
    .cipher = do_cipher,
    .version = do_version,
    .close = do_close,
    .clean_close = do_clean_close,
    .default_ctx = default_ctx,
    .free_ctx = free_ctx,
    .default_ctx_alt = default_ctx_shared,
    .alt_name = "shared_store",
};

int main(int argc, char **argv)
{
    return bench_main(&ossl_stack, argc, argv);
}
