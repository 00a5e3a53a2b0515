/*
 * trust_default.c - the system's CA certificates, parsed once per process.
 *
 * Python's create_default_context() parses the whole system bundle again
 * for every context (about 20 ms and 0.8 MiB here).  cssl builds one
 * X509_STORE with OpenSSL's default paths and shares it between contexts
 * (X509_STORE is reference counted and locks itself), which makes a warm
 * default context cost about what SSL_CTX_new() costs.  The store is built
 * again when SSL_CERT_FILE or SSL_CERT_DIR change, so the environment keeps
 * the meaning it has for Python.  A context copies the shared store before
 * it changes it (cssl__context_own_store()).
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <openssl/err.h>
#include <openssl/x509.h>

#include "tls_internal.h"

static struct {
    CRYPTO_ONCE once;
    CRYPTO_RWLOCK *lock;
    X509_STORE *store;
    char *cert_file_env; /* the values the store was built under */
    char *cert_dir_env;
} cache = {.once = CRYPTO_ONCE_STATIC_INIT};

static void make_lock(void)
{
    cache.lock = CRYPTO_THREAD_lock_new();
}

static bool same_env(const char *cached, const char *now)
{
    if (cached == NULL || now == NULL) {
        return cached == now;
    }
    return strcmp(cached, now) == 0;
}

static bool cache_is_current(void)
{
    return cache.store != NULL &&
           same_env(cache.cert_file_env, getenv(X509_get_default_cert_file_env())) &&
           same_env(cache.cert_dir_env, getenv(X509_get_default_cert_dir_env()));
}

/* The bundle X509_LOOKUP_load_file(..., X509_FILETYPE_DEFAULT) reads. */
static bool default_file_readable(void)
{
    const char *path = getenv(X509_get_default_cert_file_env());
    return access(path != NULL ? path : X509_get_default_cert_file(), R_OK) == 0;
}

/* X509_STORE_set_default_paths() by hand.  That function clears the error
 * queue and skips a bundle it cannot load, as Python does; but OpenSSL's
 * PEM reader queues nothing when an allocation fails, so a bundle that
 * exists and did not load may be one cut short.  Such a store is used (the
 * way Python would) but *complete is false and it is not cached, so one
 * failure does not leave the process short of CAs. */
static X509_STORE *new_default_store(bool *complete)
{
    X509_STORE *store = X509_STORE_new();
    X509_LOOKUP *file = store ? X509_STORE_add_lookup(store, X509_LOOKUP_file()) : NULL;
    X509_LOOKUP *dir = file ? X509_STORE_add_lookup(store, X509_LOOKUP_hash_dir()) : NULL;
    X509_LOOKUP *uri = dir ? X509_STORE_add_lookup(store, X509_LOOKUP_store()) : NULL;
    if (uri != NULL) {
        bool loaded = X509_LOOKUP_load_file(file, NULL, X509_FILETYPE_DEFAULT) == 1;
        (void)X509_LOOKUP_add_dir(dir, NULL, X509_FILETYPE_DEFAULT);
        (void)X509_LOOKUP_add_store(uri, NULL);
        if (!cssl__ossl_malloc_failed()) {
            *complete = loaded || !default_file_readable();
            return store;
        }
    }
    X509_STORE_free(store);
    cssl__raise_nomem();
    return NULL;
}

static char *dup_env(const char *name, bool *ok)
{
    const char *v = getenv(name);
    char *copy = v != NULL ? OPENSSL_strdup(v) : NULL;
    *ok = *ok && (v == NULL || copy != NULL);
    return copy;
}

/* A fresh store, one reference for the caller; cached as well when it is
 * complete.  Called with the write lock held. */
static X509_STORE *rebuild(void)
{
    bool ok = true;
    bool complete = false;
    char *file_env = dup_env(X509_get_default_cert_file_env(), &ok);
    char *dir_env = dup_env(X509_get_default_cert_dir_env(), &ok);
    X509_STORE *store = ok ? new_default_store(&complete) : NULL;
    if (!ok) {
        cssl__raise_nomem();
    }
    if (store != NULL && complete && X509_STORE_up_ref(store)) {
        X509_STORE_free(cache.store);
        OPENSSL_free(cache.cert_file_env);
        OPENSSL_free(cache.cert_dir_env);
        cache.store = store;
        cache.cert_file_env = file_env;
        cache.cert_dir_env = dir_env;
        return store;
    }
    OPENSSL_free(file_env);
    OPENSSL_free(dir_env);
    return store;
}

X509_STORE *cssl__default_store(void)
{
    if (!CRYPTO_THREAD_run_once(&cache.once, make_lock) || cache.lock == NULL) {
        cssl__raise_nomem();
        return NULL;
    }
    X509_STORE *store = NULL;
    CRYPTO_THREAD_read_lock(cache.lock);
    if (cache_is_current() && X509_STORE_up_ref(cache.store)) {
        store = cache.store;
    }
    CRYPTO_THREAD_unlock(cache.lock);
    if (store != NULL) {
        return store;
    }
    CRYPTO_THREAD_write_lock(cache.lock);
    if (cache_is_current() && X509_STORE_up_ref(cache.store)) {
        store = cache.store;
    } else {
        store = rebuild();
    }
    CRYPTO_THREAD_unlock(cache.lock);
    return store;
}

/* Copy-on-write: a context about to change a shared store gets its own,
 * built the way Python's would have been (the default paths). */
cssl_err cssl__context_own_store(cssl_context *ctx)
{
    if (!ctx->shares_default_store) {
        return CSSL_OK;
    }
    bool complete = false;
    X509_STORE *store = new_default_store(&complete);
    CSSL_GUARD_PTR(store);
    SSL_CTX_set_cert_store(ctx->ctx, store); /* takes ownership */
    ctx->shares_default_store = false;
    return CSSL_OK;
}

/* A store nothing was loaded into can be swapped for the shared one. */
static bool store_is_pristine(SSL_CTX *ssl_ctx)
{
    X509_STORE *store = SSL_CTX_get_cert_store(ssl_ctx);
    STACK_OF(X509_OBJECT) *objs = X509_STORE_get0_objects(store);
    return sk_X509_OBJECT_num(objs) == 0;
}

/* SSLContext.set_default_verify_paths(), shared where that is invisible. */
CSSL_API cssl_err cssl_context_set_default_verify_paths(cssl_context *ctx)
{
    cssl__clear_error();
    CSSL_ENSURE_ARG(ctx);
    if (ctx->shares_default_store) {
        return CSSL_OK; /* loading the same paths again changes nothing */
    }
    if (store_is_pristine(ctx->ctx)) {
        X509_STORE *store = cssl__default_store();
        CSSL_GUARD_PTR(store);
        SSL_CTX_set_cert_store(ctx->ctx, store); /* takes our reference */
        ctx->shares_default_store = true;
        return CSSL_OK;
    }
    CSSL_GUARD_OSSL(SSL_CTX_set_default_verify_paths(ctx->ctx) == 1, CSSL_E_SSL);
    return CSSL_OK;
}

/* SSLContext.load_default_certs(purpose): on POSIX systems Python only
 * checks the purpose and calls set_default_verify_paths(). */
CSSL_API cssl_err cssl_context_load_default_certs(cssl_context *ctx, cssl_purpose purpose)
{
    cssl__clear_error();
    CSSL_ENSURE(purpose == CSSL_PURPOSE_SERVER_AUTH || purpose == CSSL_PURPOSE_CLIENT_AUTH,
                CSSL_E_TYPE, "%d", (int)purpose);
    return cssl_context_set_default_verify_paths(ctx);
}
