/*
 * context_load.c - loading certificates, keys and parameters into a
 * context: SSLContext.load_cert_chain(), load_verify_locations(),
 * load_dh_params() and set_ecdh_curve(), with CPython's error handling
 * (an errno from the file system wins over OpenSSL's queue).
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>

#include <openssl/err.h>
#include <openssl/dh.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include "tls_internal.h"

/* PEM_BUFSIZE: the size OpenSSL gives password callbacks. */
#define CSSL_PASSWORD_MAX 1024

typedef struct password_info {
    const char *password;   /* a fixed password, or */
    cssl_password_cb cb;    /* a callback */
    void *arg;
    bool failed;            /* the error is already recorded */
} password_info;

/* _password_callback() in _ssl.c: only called for encrypted keys. */
static int password_callback(char *buf, int size, int rwflag, void *userdata)
{
    (void)rwflag;
    password_info *pw = userdata;
    int len;
    if (pw->cb != NULL) {
        len = pw->cb(buf, (size_t)size, pw->arg);
        if (len < 0) {
            cssl__raise(CSSL_E_VALUE, "password callback refused to give a password");
            pw->failed = true;
            return -1;
        }
    } else {
        size_t n = strlen(pw->password);
        len = n > (size_t)size ? size + 1 : (int)n;
        if (len <= size) {
            memcpy(buf, pw->password, n);
        }
    }
    if (len > size) {
        cssl__raise(CSSL_E_VALUE, "password cannot be longer than %d bytes", size);
        pw->failed = true;
        return -1;
    }
    return len;
}

/* The error of a failed load: the callback's, errno's, or OpenSSL's. */
static cssl_err load_error(const password_info *pw, int saved_errno)
{
    if (pw != NULL && pw->failed) {
        cssl__ossl_clear();
        return cssl_last_error()->code;
    }
    if (saved_errno != 0) {
        return cssl__raise_errno(saved_errno, NULL);
    }
    return cssl__raise_ossl(CSSL_E_SSL, NULL);
}

static cssl_err load_chain(cssl_context *ctx, const char *certfile, const char *keyfile,
                           password_info *pw)
{
    errno = 0;
    if (SSL_CTX_use_certificate_chain_file(ctx->ctx, certfile) != 1) {
        return load_error(pw, errno);
    }
    errno = 0;
    if (SSL_CTX_use_PrivateKey_file(ctx->ctx, keyfile ? keyfile : certfile, SSL_FILETYPE_PEM) != 1) {
        return load_error(pw, errno);
    }
    CSSL_GUARD_OSSL(SSL_CTX_check_private_key(ctx->ctx) == 1, CSSL_E_SSL);
    /* OpenSSL gets over some failed allocations (a certificate's cached
     * extensions, say) and says so only in its queue. */
    if (cssl__ossl_malloc_failed()) {
        return cssl__raise_nomem();
    }
    return CSSL_OK;
}

static cssl_err load_cert_chain(cssl_context *ctx, const char *certfile, const char *keyfile,
                                password_info *pw)
{
    cssl__clear_error();
    CSSL_ENSURE_ARG(ctx);
    CSSL_ENSURE(certfile != NULL, CSSL_E_TYPE, "certfile should be a valid filesystem path");
    pem_password_cb *orig_cb = SSL_CTX_get_default_passwd_cb(ctx->ctx);
    void *orig_arg = SSL_CTX_get_default_passwd_cb_userdata(ctx->ctx);
    if (pw->password != NULL || pw->cb != NULL) {
        SSL_CTX_set_default_passwd_cb(ctx->ctx, password_callback);
        SSL_CTX_set_default_passwd_cb_userdata(ctx->ctx, pw);
    }
    cssl_err rc = load_chain(ctx, certfile, keyfile, pw);
    SSL_CTX_set_default_passwd_cb(ctx->ctx, orig_cb);
    SSL_CTX_set_default_passwd_cb_userdata(ctx->ctx, orig_arg);
    return rc;
}

CSSL_API cssl_err cssl_context_load_cert_chain(cssl_context *ctx, const char *certfile,
                                               const char *keyfile, const char *password)
{
    password_info pw = {.password = password};
    return load_cert_chain(ctx, certfile, keyfile, &pw);
}

CSSL_API cssl_err cssl_context_load_cert_chain_cb(cssl_context *ctx, const char *certfile,
                                                  const char *keyfile, cssl_password_cb cb,
                                                  void *arg)
{
    password_info pw = {.cb = cb, .arg = arg};
    return load_cert_chain(ctx, certfile, keyfile, &pw);
}

/* ---- load_verify_locations ---------------------------------------------- */

static X509 *read_ca(BIO *bio, int filetype, SSL_CTX *ssl_ctx)
{
    if (filetype == SSL_FILETYPE_ASN1) {
        return d2i_X509_bio(bio, NULL);
    }
    return PEM_read_bio_X509(bio, NULL, SSL_CTX_get_default_passwd_cb(ssl_ctx),
                             SSL_CTX_get_default_passwd_cb_userdata(ssl_ctx));
}

static bool is_already_loaded(unsigned long err)
{
    return ERR_GET_LIB(err) == ERR_LIB_X509 &&
           ERR_GET_REASON(err) == X509_R_CERT_ALREADY_IN_HASH_TABLE;
}

/* How a run of certificates ended, as _add_ca_certs() judges it. */
static cssl_err judge_ca_load(int loaded, int filetype, bool was_eof)
{
    unsigned long err = ERR_peek_last_error();
    if (loaded == 0) {
        return cssl__raise_ossl(CSSL_E_SSL,
                                filetype == SSL_FILETYPE_PEM
                                    ? "no start line: cadata does not contain a certificate"
                                    : "not enough data: cadata does not contain a certificate");
    }
    bool pem_end = filetype == SSL_FILETYPE_PEM && ERR_GET_LIB(err) == ERR_LIB_PEM &&
                   ERR_GET_REASON(err) == PEM_R_NO_START_LINE;
    if ((filetype == SSL_FILETYPE_ASN1 && was_eof) || pem_end || err == 0) {
        cssl__ossl_clear();
        return CSSL_OK;
    }
    return cssl__raise_ossl(CSSL_E_SSL, NULL);
}

/* _add_ca_certs() in _ssl.c: every certificate of the data into the store;
 * duplicates are not errors. */
static cssl_err add_ca_certs(cssl_context *ctx, const void *data, size_t len, int filetype)
{
    CSSL_ENSURE(len > 0, CSSL_E_VALUE, "Empty certificate data");
    CSSL_ENSURE(len <= INT_MAX, CSSL_E_VALUE, "Certificate data is too long.");
    BIO *bio = BIO_new_mem_buf(data, (int)len);
    if (bio == NULL) {
        return cssl__raise_ossl(CSSL_E_SSL, "Can't allocate buffer");
    }
    X509_STORE *store = SSL_CTX_get_cert_store(ctx->ctx);
    int loaded = 0;
    bool was_eof = false;
    for (;;) {
        if (filetype == SSL_FILETYPE_ASN1 && BIO_eof(bio)) {
            was_eof = true;
            break;
        }
        X509 *cert = read_ca(bio, filetype, ctx->ctx);
        if (cert == NULL) {
            break;
        }
        int ok = X509_STORE_add_cert(store, cert);
        X509_free(cert);
        if (!ok && !is_already_loaded(ERR_peek_last_error())) {
            break;
        }
        if (cssl__ossl_malloc_failed()) { /* empties the queue either way */
            BIO_free(bio);
            return cssl__raise_nomem();
        }
        loaded++;
    }
    BIO_free(bio);
    return judge_ca_load(loaded, filetype, was_eof);
}

/* cadata is PEM text or DER bytes; Python tells them apart by type (str
 * or bytes), cssl by content: DER certificates start with a SEQUENCE tag. */
static cssl_err add_cadata(cssl_context *ctx, const void *cadata, size_t len)
{
    const unsigned char *p = cadata;
    if (len > 0 && p[0] == 0x30) {
        return add_ca_certs(ctx, cadata, len, SSL_FILETYPE_ASN1);
    }
    for (size_t i = 0; i < len; i++) {
        CSSL_ENSURE(p[i] < 0x80, CSSL_E_TYPE,
                    "cadata should be an ASCII string or a bytes-like object");
    }
    return add_ca_certs(ctx, cadata, len, SSL_FILETYPE_PEM);
}

CSSL_API cssl_err cssl_context_load_verify_locations(cssl_context *ctx, const char *cafile,
                                                     const char *capath, const void *cadata,
                                                     size_t cadata_len)
{
    cssl__clear_error();
    CSSL_ENSURE_ARG(ctx);
    CSSL_ENSURE(cafile != NULL || capath != NULL || cadata != NULL, CSSL_E_TYPE,
                "cafile, capath and cadata cannot be all omitted");
    CSSL_GUARD(cssl__context_own_store(ctx));
    if (cadata != NULL) {
        CSSL_GUARD(add_cadata(ctx, cadata, cadata_len));
    }
    if (cafile != NULL || capath != NULL) {
        errno = 0;
        if (SSL_CTX_load_verify_locations(ctx->ctx, cafile, capath) != 1) {
            return load_error(NULL, errno);
        }
    }
    /* A certificate whose extensions could not be cached for want of
     * memory is stored as invalid (it would never verify). */
    if (cssl__ossl_malloc_failed()) {
        return cssl__raise_nomem();
    }
    return CSSL_OK;
}

/* ---- Diffie-Hellman parameters and ECDH curves ------------------------- */

/* CPython reads the parameters with PEM_read_DHparams(), deprecated since
 * OpenSSL 3.0 but still there; cssl does the same so that a file without
 * DH parameters fails with Python's "[PEM: NO_START_LINE] no start line"
 * (the OSSL_DECODER route reports "unsupported" instead). */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"
static cssl_err set_dh_from(cssl_context *ctx, BIO *bio, const char *path)
{
    errno = 0;
    DH *dh = PEM_read_bio_DHparams(bio, NULL, NULL, NULL);
    if (dh == NULL) {
        return errno != 0 ? cssl__raise_errno(errno, path) : cssl__raise_ossl(CSSL_E_SSL, NULL);
    }
    int ok = (int)SSL_CTX_set_tmp_dh(ctx->ctx, dh);
    DH_free(dh);
    CSSL_GUARD_OSSL(ok == 1, CSSL_E_SSL);
    return CSSL_OK;
}
#pragma GCC diagnostic pop

CSSL_API cssl_err cssl_context_load_dh_params(cssl_context *ctx, const char *path)
{
    cssl__clear_error();
    CSSL_ENSURE_ARG(ctx);
    CSSL_ENSURE_ARG(path);
    BIO *bio = BIO_new_file(path, "rb");
    if (bio == NULL) {
        return cssl__raise_errno(errno ? errno : ENOENT, path);
    }
    cssl_err rc = set_dh_from(ctx, bio, path);
    BIO_free(bio);
    return rc;
}

CSSL_API cssl_err cssl_context_set_ecdh_curve(cssl_context *ctx, const char *name)
{
    cssl__clear_error();
    CSSL_ENSURE_ARG(ctx);
    CSSL_ENSURE_ARG(name);
    int nid = OBJ_sn2nid(name);
    if (nid == NID_undef) {
        cssl__buf b = {0};
        cssl__pyrepr_str(&b, name, strlen(name));
        char *quoted = cssl__buf_finish(&b);
        CSSL_GUARD_PTR(quoted);
        cssl__raise(CSSL_E_VALUE, "unknown elliptic curve name %s", quoted);
        cssl_free(quoted);
        return CSSL_E_VALUE;
    }
    CSSL_GUARD_OSSL(SSL_CTX_set1_groups(ctx->ctx, &nid, 1) == 1, CSSL_E_SSL);
    return CSSL_OK;
}

/* SSLContext.set_ciphers(): an unusable list is SSLError('No cipher can be
 * selected.'), raised with one argument. */
CSSL_API cssl_err cssl_context_set_ciphers(cssl_context *ctx, const char *ciphers)
{
    cssl__clear_error();
    CSSL_ENSURE_ARG(ctx);
    CSSL_ENSURE_ARG(ciphers);
    if (SSL_CTX_set_cipher_list(ctx->ctx, ciphers) != 1) {
        return cssl__raise_args1(CSSL_E_SSL, "No cipher can be selected.");
    }
    return CSSL_OK;
}
