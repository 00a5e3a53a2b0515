/*
 * fuzz_handshake.c - one side of a TLS connection over memory BIOs, driven
 * by the peer's bytes (fuzz_handshake.h), with every call's result checked:
 * a failure records a named error class an SSLObject call can raise, with
 * a message, and leaves OpenSSL's error queue empty; a success records
 * CSSL_OK; nothing leaks (LeakSanitizer).
 */
#define _GNU_SOURCE                 /* memfd_create() */
#define OPENSSL_SUPPRESS_DEPRECATED /* RAND_set_rand_method(): the only way to fix libssl's RNG */

#include "fuzz_handshake.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/x509v3.h>

/* What SSLObject's operations raise besides SSLWantReadError. */
#define HS_ERRORS                                                                                  \
    (FZ_ERR(CSSL_E_SSL) | FZ_ERR(CSSL_E_ZERO_RETURN) | FZ_ERR(CSSL_E_SYSCALL) |                    \
     FZ_ERR(CSSL_E_EOF) | FZ_ERR(CSSL_E_CERT_VERIFICATION) | FZ_ERR(CSSL_E_NOMEM))

/* ---- what libFuzzer sees besides cssl's coverage ------------------------------ */

/* libFuzzer's coverage covers cssl only: OpenSSL is not instrumented, so an
 * input that takes OpenSSL's parser further looks like nothing new.  Each
 * distinct outcome (side, call, state, error message: OpenSSL's reason is
 * in it) bumps one of libFuzzer's extra counters, a feature of its own, so
 * such inputs are kept.  Without libFuzzer this is an unused array. */
__attribute__((used, section("__libfuzzer_extra_counters"))) static uint8_t outcomes[1u << 12];

static void note_outcome(const hs_conn *c, const char *call)
{
    uint32_t h = 2166136261u; /* FNV-1a */
    const char *parts[] = {call, cssl_last_error()->message};
    for (size_t i = 0; i < 2; i++) {
        for (const char *p = parts[i]; p != NULL && *p; p++) {
            h = (h ^ (unsigned char)*p) * 16777619u;
        }
    }
    h = (h ^ (uint32_t)(c->role * 4 + c->done * 2 + (c->app_bytes > 0))) * 16777619u;
    uint8_t *counter = &outcomes[h % sizeof(outcomes)];
    *counter = (uint8_t)(*counter + 1);
}

/* ---- a fixed random generator: splitmix64, one stream per side ------------- */

static uint64_t rng_state[2];
static hs_role rng_side;

static uint64_t splitmix64(uint64_t *s)
{
    uint64_t z = (*s += 0x9E3779B97F4A7C15u);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9u;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBu;
    return z ^ (z >> 31);
}

static int rng_bytes(unsigned char *buf, int num)
{
    for (int i = 0; i < num; i += 8) {
        uint64_t v = splitmix64(&rng_state[rng_side]);
        size_t n = (size_t)(num - i) < 8 ? (size_t)(num - i) : 8;
        memcpy(buf + i, &v, n);
    }
    return 1;
}

static int rng_status(void)
{
    return 1;
}

static const RAND_METHOD rng_method = {
    .bytes = rng_bytes,
    .pseudorand = rng_bytes,
    .status = rng_status,
};

void hs_rng_reset(void)
{
    rng_state[HS_CLIENT] = 0x636c69656e74u; /* "client" */
    rng_state[HS_SERVER] = 0x736572766572u; /* "server" */
}

/* ---- the certificate: Ed25519 (deterministic signatures), fixed dates ------ */

static char *cert_pem;      /* the certificate, PEM (the trust anchor, cadata) */
static char chain_path[64]; /* certificate and key, PEM, in a memfd */

static EVP_PKEY *make_key(void)
{
    static const unsigned char seed[32] = "cssl fuzz_handshake fixed key!!";
    EVP_PKEY *key = EVP_PKEY_new_raw_private_key(EVP_PKEY_ED25519, NULL, seed, sizeof(seed));
    FZ_CHECK(key != NULL, "Ed25519 key");
    return key;
}

static void add_ext(X509 *x, int nid, const char *value)
{
    X509V3_CTX v3;
    X509V3_set_ctx(&v3, x, x, NULL, NULL, 0);
    X509_EXTENSION *ext = X509V3_EXT_conf_nid(NULL, &v3, nid, value);
    FZ_CHECK(ext != NULL && X509_add_ext(x, ext, -1) == 1, "extension %d", nid);
    X509_EXTENSION_free(ext);
}

/* A self-signed CA:TRUE certificate for "localhost", valid 2020 to the end
 * of 9999, so it never expires and is the same on every run. */
static X509 *make_cert(EVP_PKEY *key)
{
    X509 *x = X509_new();
    FZ_CHECK(x != NULL && X509_set_version(x, X509_VERSION_3) == 1, "X509_new");
    FZ_CHECK(ASN1_INTEGER_set(X509_get_serialNumber(x), 0x2a) == 1, "serial");
    FZ_CHECK(ASN1_TIME_set_string_X509(X509_getm_notBefore(x), "20200101000000Z") == 1 &&
                 ASN1_TIME_set_string_X509(X509_getm_notAfter(x), "99991231235959Z") == 1,
             "validity");
    X509_NAME *name = X509_get_subject_name(x);
    FZ_CHECK(X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
                                        (const unsigned char *)"localhost", -1, -1, 0) == 1 &&
                 X509_set_issuer_name(x, name) == 1 && X509_set_pubkey(x, key) == 1,
             "name");
    add_ext(x, NID_basic_constraints, "critical,CA:TRUE");
    add_ext(x, NID_subject_alt_name, "DNS:localhost");
    FZ_CHECK(X509_sign(x, key, NULL) > 0, "X509_sign");
    return x;
}

static char *bio_text(BIO *bio)
{
    char *data = NULL;
    long len = BIO_get_mem_data(bio, &data);
    FZ_CHECK(len > 0, "empty PEM");
    char *text = fz_cstr((const uint8_t *)data, (size_t)len);
    BIO_free(bio);
    return text;
}

/* load_cert_chain() takes a path: a memfd needs no clean-up and leaves no
 * file behind when the fuzzer is killed. */
static void write_chain(X509 *x, EVP_PKEY *key)
{
    BIO *bio = BIO_new(BIO_s_mem());
    FZ_CHECK(bio != NULL && PEM_write_bio_X509(bio, x) == 1, "PEM cert");
    cert_pem = bio_text(bio);
    bio = BIO_new(BIO_s_mem());
    FZ_CHECK(bio != NULL && PEM_write_bio_PrivateKey(bio, key, NULL, NULL, 0, NULL, NULL) == 1,
             "PEM key");
    char *key_pem = bio_text(bio);
    int fd = memfd_create("cssl-fuzz-chain", 0);
    FZ_CHECK(fd >= 0, "memfd_create");
    size_t cl = strlen(cert_pem), kl = strlen(key_pem);
    FZ_CHECK(write(fd, cert_pem, cl) == (ssize_t)cl && write(fd, key_pem, kl) == (ssize_t)kl,
             "write");
    free(key_pem);
    snprintf(chain_path, sizeof(chain_path), "/proc/self/fd/%d", fd);
}

void hs_init(void)
{
    static bool ready;
    if (ready) {
        return;
    }
    ready = true;
    FZ_CHECK(RAND_set_rand_method(&rng_method) == 1, "RAND_set_rand_method");
    EVP_PKEY *key = make_key();
    X509 *x = make_cert(key);
    write_chain(x, key);
    X509_free(x);
    EVP_PKEY_free(key);
    ERR_clear_error();
}

/* ---- one side --------------------------------------------------------------- */

static void expect_ok(cssl_err rc, const char *call)
{
    FZ_CHECK(rc == CSSL_OK, "%s failed: %s: %s", call, cssl_err_name(cssl_last_error()->code),
             cssl_last_error()->message);
    fz_expect_ok(call);
}

static cssl_context *make_context(hs_role role, unsigned flags)
{
    cssl_context *ctx =
        cssl_context_new(role == HS_CLIENT ? CSSL_PROTOCOL_TLS_CLIENT : CSSL_PROTOCOL_TLS_SERVER);
    FZ_CHECK(ctx != NULL, "cssl_context_new: %s", cssl_last_error()->message);
    if (role == HS_SERVER) {
        expect_ok(cssl_context_set_verify_mode(ctx, CSSL_CERT_OPTIONAL), "set_verify_mode");
    }
    expect_ok(cssl_context_load_verify_locations(ctx, NULL, NULL, cert_pem, strlen(cert_pem)),
              "cssl_context_load_verify_locations");
    expect_ok(cssl_context_load_cert_chain(ctx, chain_path, NULL, NULL),
              "cssl_context_load_cert_chain");
    if (flags & HS_F_TLS12) {
        expect_ok(cssl_context_set_maximum_version(ctx, CSSL_TLSVERSION_TLSv1_2),
                  "cssl_context_set_maximum_version");
    }
    return ctx;
}

void hs_open(hs_conn *c, hs_role role, unsigned flags)
{
    hs_init();
    memset(c, 0, sizeof(*c));
    c->role = role;
    rng_side = role;
    c->ctx = make_context(role, flags);
    c->in = cssl_memory_bio_new();
    c->out = cssl_memory_bio_new();
    FZ_CHECK(c->in != NULL && c->out != NULL, "cssl_memory_bio_new");
    c->obj = cssl_context_wrap_bio(c->ctx, c->in, c->out, role == HS_SERVER,
                                   role == HS_CLIENT ? "localhost" : NULL, NULL);
    FZ_CHECK(c->obj != NULL, "cssl_context_wrap_bio: %s", cssl_last_error()->message);
    fz_expect_ok("cssl_context_wrap_bio");
}

void hs_close(hs_conn *c)
{
    cssl_object_free(c->obj);
    cssl_memory_bio_free(c->in);
    cssl_memory_bio_free(c->out);
    cssl_context_free(c->ctx);
    c->obj = NULL;
    c->in = c->out = NULL;
    c->ctx = NULL;
}

void hs_feed(hs_conn *c, const unsigned char *data, size_t len)
{
    int n = cssl_memory_bio_write(c->in, data, len);
    FZ_CHECK(n >= 0 && (size_t)n == len, "cssl_memory_bio_write gave %d for %zu bytes", n, len);
    fz_expect_ok("cssl_memory_bio_write");
}

/* Everything the side wrote, failed calls included, goes to the peer. */
static void drain(hs_conn *c, hs_sink sink, void *arg)
{
    size_t len = 0;
    unsigned char *data = cssl_memory_bio_read_all(c->out, &len);
    FZ_CHECK(data != NULL, "cssl_memory_bio_read_all: %s", cssl_last_error()->message);
    fz_expect_ok("cssl_memory_bio_read_all");
    FZ_CHECK(cssl_memory_bio_pending(c->out) == 0, "outgoing not empty after read_all");
    if (len > 0 && sink != NULL) {
        sink(arg, data, len);
    }
    cssl_free(data);
}

/* A call whose failure is not a contract of its own here (a property of a
 * connection in any state): whatever it recorded is consistent. */
static void expect_consistent(const char *call)
{
    if (cssl_last_error()->code == CSSL_OK) {
        fz_expect_ok(call);
    } else {
        fz_expect_error(call, 0, ~0u);
    }
}

/* The connection's properties, in whatever state it is (done, failed,
 * half-way): no crash, a consistent error, nothing leaked. */
static void probe_properties(const hs_conn *c)
{
    unsigned char *der = NULL;
    size_t der_len = 0;
    int n = cssl_object_getpeercert_der(c->obj, &der, &der_len);
    expect_consistent("cssl_object_getpeercert_der");
    FZ_CHECK(n < 0 || der != NULL || der_len == 0, "getpeercert_der: %zu bytes, no buffer",
             der_len);
    cssl_free(der);
    cssl_store_list_free(cssl_object_get_verified_chain(c->obj));
    expect_consistent("cssl_object_get_verified_chain");
    cssl_store_list_free(cssl_object_get_unverified_chain(c->obj));
    expect_consistent("cssl_object_get_unverified_chain");
    size_t count = 0;
    cssl_free(cssl_object_shared_ciphers(c->obj, &count));
    expect_consistent("cssl_object_shared_ciphers");
    cssl_session_free(cssl_object_get_session(c->obj));
    expect_consistent("cssl_object_get_session");
    unsigned char cb[64];
    n = cssl_object_get_channel_binding(c->obj, "tls-unique", cb, sizeof(cb));
    expect_consistent("cssl_object_get_channel_binding");
    FZ_CHECK(n <= (int)sizeof(cb) || n < 0, "channel binding of %d bytes", n);
    (void)cssl_object_selected_alpn_protocol(c->obj);
    expect_consistent("cssl_object_selected_alpn_protocol");
    (void)cssl_object_pending(c->obj);
    expect_consistent("cssl_object_pending");
}

/* What an established connection reports: a version the flags allow, a
 * cipher, and (on the client, which requires one) the peer's certificate. */
static void check_established(const hs_conn *c)
{
    const char *version = cssl_object_version(c->obj);
    FZ_CHECK(version != NULL && strncmp(version, "TLSv1.", 6) == 0, "version %s",
             version ? version : "(null)");
    cssl_cipher cipher;
    FZ_CHECK(cssl_object_cipher(c->obj, &cipher), "no cipher after the handshake");
    cssl_cert_info *peer = NULL;
    expect_ok(cssl_object_getpeercert(c->obj, &peer), "cssl_object_getpeercert");
    FZ_CHECK(c->role == HS_SERVER || peer != NULL, "a verified server without a certificate");
    cssl_cert_info_free(peer);
    probe_properties(c);
}

typedef enum { HS_MORE, HS_WAIT, HS_STOP } hs_step;

static int call_again(hs_conn *c)
{
    unsigned char buf[64];
    return c->done ? cssl_object_read(c->obj, buf, sizeof(buf)) : cssl_object_do_handshake(c->obj);
}

/* A failed call: SSLWantReadError asks for input; anything else ends the
 * connection, and calling again fails again, with a named error too. */
static hs_step failed(hs_conn *c, const char *call, int rc)
{
    note_outcome(c, call);
    if (rc == CSSL_E_WANT_READ) {
        fz_expect_error(call, rc, FZ_ERR(CSSL_E_WANT_READ));
        return HS_WAIT;
    }
    fz_expect_error(call, rc, HS_ERRORS);
    c->failed = true;
    int again = call_again(c);
    FZ_CHECK(again < 0, "%s succeeded (%d) after failing with %s", call, again,
             cssl_err_name((cssl_err)rc));
    fz_expect_error(call, again, HS_ERRORS | FZ_ERR(CSSL_E_WANT_READ));
    probe_properties(c);
    return HS_STOP;
}

static hs_step handshake_step(hs_conn *c)
{
    cssl_err rc = cssl_object_do_handshake(c->obj);
    if (rc < 0) {
        return failed(c, "cssl_object_do_handshake", rc);
    }
    expect_ok(rc, "cssl_object_do_handshake");
    c->done = true;
    note_outcome(c, "cssl_object_do_handshake");
    check_established(c);
    static const char hello[] = "hello from cssl";
    int n = cssl_object_write(c->obj, hello, sizeof(hello) - 1);
    if (n < 0) {
        return failed(c, "cssl_object_write", n);
    }
    fz_expect_ok("cssl_object_write");
    FZ_CHECK(n == (int)sizeof(hello) - 1, "cssl_object_write returned %d", n);
    return HS_MORE;
}

static hs_step step(hs_conn *c)
{
    if (!c->done) {
        return handshake_step(c);
    }
    unsigned char buf[4096];
    int n = cssl_object_read(c->obj, buf, sizeof(buf));
    if (n < 0) {
        return failed(c, "cssl_object_read", n);
    }
    fz_expect_ok("cssl_object_read");
    FZ_CHECK((size_t)n <= sizeof(buf), "cssl_object_read returned %d", n);
    if (n == 0) {
        note_outcome(c, "close_notify");
        c->closed = true; /* the peer's close_notify */
        return HS_STOP;
    }
    c->app_bytes += (size_t)n;
    return HS_MORE;
}

bool hs_pump(hs_conn *c, hs_sink sink, void *arg)
{
    hs_step s;
    do {
        rng_side = c->role;
        s = step(c);
        drain(c, sink, arg);
    } while (s == HS_MORE);
    return s == HS_WAIT;
}

void hs_unwrap(hs_conn *c, hs_sink sink, void *arg)
{
    rng_side = c->role;
    cssl_err rc = cssl_object_unwrap(c->obj);
    if (rc < 0) {
        fz_expect_error("cssl_object_unwrap", rc, HS_ERRORS | FZ_ERR(CSSL_E_WANT_READ));
    } else {
        expect_ok(rc, "cssl_object_unwrap");
    }
    drain(c, sink, arg);
}

static void feed_and_pump(hs_conn *c, unsigned flags, const uint8_t *data, size_t size)
{
    unsigned k = (flags & HS_F_CHUNK_MASK) >> HS_F_CHUNK_SHIFT;
    size_t chunk = k > 0 ? (size_t)1 << (2 * k) : size;
    bool go = hs_pump(c, NULL, NULL);
    for (size_t off = 0; go && off < size; off += chunk) {
        size_t n = size - off < chunk ? size - off : chunk;
        hs_feed(c, data + off, n);
        go = hs_pump(c, NULL, NULL);
    }
    if (go && (flags & HS_F_EOF)) {
        expect_ok(cssl_memory_bio_write_eof(c->in), "cssl_memory_bio_write_eof");
        hs_pump(c, NULL, NULL);
    }
}

void hs_run(hs_role role, const uint8_t *data, size_t size, hs_conn *out)
{
    if (size == 0) {
        return;
    }
    hs_init();
    hs_rng_reset();
    unsigned flags = data[0];
    hs_conn c;
    hs_open(&c, role, flags);
    feed_and_pump(&c, flags, data + 1, size - 1);
    if (flags & HS_F_UNWRAP) {
        hs_unwrap(&c, NULL, NULL);
    }
    hs_close(&c);
    if (out != NULL) {
        *out = c;
    }
}
