/* Allocation-failure sweep of contexts: SSLContext(), create_default_context()
 * (explicit CA file, the shared default trust store, server side),
 * load_cert_chain() (plain, encrypted key, chain), load_verify_locations()
 * (cafile, capath, PEM and DER cadata) and the settings that allocate
 * (ciphers, ALPN, curves, get_ca_certs).  tests/lib/allocsweep.h says what
 * each run must and must not do; the program prints how many failure points
 * each path covered. */
#include "allocsweep.h"
#include "testlib.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static struct {
    char *ca_pem;   /* ca.pem's text, for cadata */
    size_t ca_pem_len;
    unsigned char *ca_der;
    size_t ca_der_len;
    char capath[4096];
    unsigned run;   /* makes SSL_CERT_DIR new for each run of the default-store path */
} in;

/* What a context says about itself: the settings Python shows. */
static void digest_context(sw_run *r, cssl_context *ctx)
{
    sw_pause(r);
    cssl_cert_store_stats st = {0};
    (void)cssl_context_cert_store_stats(ctx, &st);
    cssl_cipher_list *ciphers = cssl_context_get_ciphers(ctx);
    sw_digest(r, "ciphers=%zu ", ciphers ? ciphers->count : 0);
    cssl_cipher_list_free(ciphers);
    sw_digest(r, "proto=%d verify=%d check=%d flags=%lx opts=%llx min=%d max=%d store=%ld/%ld/%ld\n",
              cssl_context_get_protocol(ctx), cssl_context_get_verify_mode(ctx),
              cssl_context_get_check_hostname(ctx), cssl_context_get_verify_flags(ctx),
              (unsigned long long)cssl_context_get_options(ctx),
              cssl_context_get_minimum_version(ctx), cssl_context_get_maximum_version(ctx),
              st.x509, st.crl, st.x509_ca);
    sw_resume(r);
}

/* ---- the paths ------------------------------------------------------------- */

static void path_context_new(sw_run *r, void *arg)
{
    int protocol = *(const int *)arg;
    cssl_context *ctx = cssl_context_new(protocol);
    if (sw_ptr(r, ctx, "context_new")) {
        digest_context(r, ctx);
    }
    cssl_context_free(ctx);
}

static void path_default_cafile(sw_run *r, void *arg)
{
    cssl_context *ctx = cssl_create_default_context(CSSL_PURPOSE_SERVER_AUTH,
                                                    testlib_cert_path("ca.pem"), NULL, NULL, 0);
    if (sw_ptr(r, ctx, "create_default_context(cafile)")) {
        digest_context(r, ctx);
    }
    cssl_context_free(ctx);
}

/* No CA argument: the process-wide default store.  A new SSL_CERT_DIR for
 * every run makes cssl build the store again, so the sweep reaches that
 * code too (SSL_CERT_FILE is the small ca.pem, not the system bundle). */
static void path_default_store(sw_run *r, void *arg)
{
    char dir[64];
    snprintf(dir, sizeof(dir), "/nonexistent/cssl-alloc-%u", in.run++);
    setenv("SSL_CERT_DIR", dir, 1);
    cssl_context *ctx = cssl_create_default_context(CSSL_PURPOSE_SERVER_AUTH, NULL, NULL, NULL, 0);
    if (sw_ptr(r, ctx, "create_default_context()")) {
        digest_context(r, ctx);
        /* Copy-on-write of the shared store. */
        if (sw_ok(r, cssl_context_load_verify_locations(ctx, testlib_cert_path("intermediate.pem"),
                                                        NULL, NULL, 0),
                  "load_verify_locations(after default)")) {
            digest_context(r, ctx);
        }
    }
    cssl_context_free(ctx);
}

static void path_default_server(sw_run *r, void *arg)
{
    cssl_context *ctx = cssl_create_default_context(CSSL_PURPOSE_CLIENT_AUTH, NULL, NULL, NULL, 0);
    if (sw_ptr(r, ctx, "create_default_context(CLIENT_AUTH)")) {
        digest_context(r, ctx);
    }
    cssl_context_free(ctx);
}

typedef struct chain_case {
    const char *cert, *key, *password;
} chain_case;

static void path_cert_chain(sw_run *r, void *arg)
{
    const chain_case *c = arg;
    cssl_context *ctx = cssl_context_new(CSSL_PROTOCOL_TLS_SERVER);
    if (!sw_ptr(r, ctx, "context_new")) {
        return;
    }
    const char *key = c->key ? testlib_cert_path(c->key) : NULL;
    char keypath[4096];
    snprintf(keypath, sizeof(keypath), "%s", key ? key : "");
    if (sw_ok(r, cssl_context_load_cert_chain(ctx, testlib_cert_path(c->cert), key ? keypath : NULL,
                                              c->password),
              "load_cert_chain")) {
        digest_context(r, ctx);
    }
    /* A key that does not match: an expected error. */
    snprintf(keypath, sizeof(keypath), "%s", testlib_cert_path("client.key"));
    sw_expect(r, cssl_context_load_cert_chain(ctx, testlib_cert_path(c->cert), keypath, NULL),
              CSSL_E_SSL, "load_cert_chain(mismatch)");
    cssl_context_free(ctx);
}

static void digest_ca_certs(sw_run *r, cssl_context *ctx)
{
    size_t count = 0;
    cssl_cert_info **certs = cssl_context_get_ca_certs(ctx, &count);
    if (sw_ptr(r, certs, "get_ca_certs")) {
        sw_digest(r, "ca_certs %zu\n", count);
        for (size_t i = 0; i < count; i++) {
            sw_pause(r);
            char *json = cssl_cert_info_to_json(certs[i]);
            sw_digest(r, "  %s\n", json ? json : "?");
            cssl_free(json);
            sw_resume(r);
            cssl_cert_info_free(certs[i]);
        }
    }
    cssl_free(certs);
    cssl_store_list *der = cssl_context_get_ca_certs_der(ctx);
    if (sw_ptr(r, der, "get_ca_certs(binary_form=True)")) {
        sw_digest(r, "ca_der %zu\n", der->count);
    }
    cssl_store_list_free(der);
}

static void path_verify_locations(sw_run *r, void *arg)
{
    cssl_context *ctx = cssl_context_new(CSSL_PROTOCOL_TLS_CLIENT);
    if (!sw_ptr(r, ctx, "context_new")) {
        return;
    }
    bool ok = sw_ok(r, cssl_context_load_verify_locations(ctx, testlib_cert_path("ca.pem"), NULL, NULL, 0),
                    "load_verify_locations(cafile)") &&
              sw_ok(r, cssl_context_load_verify_locations(ctx, NULL, in.capath, NULL, 0),
                    "load_verify_locations(capath)") &&
              sw_ok(r, cssl_context_load_verify_locations(ctx, NULL, NULL, in.ca_pem, in.ca_pem_len),
                    "load_verify_locations(cadata PEM)") &&
              sw_ok(r, cssl_context_load_verify_locations(ctx, NULL, NULL, in.ca_der, in.ca_der_len),
                    "load_verify_locations(cadata DER)") &&
              sw_ok(r, cssl_context_load_verify_locations(
                           ctx, testlib_cert_path("intermediate.pem"), NULL, NULL, 0),
                    "load_verify_locations(intermediate)");
    if (ok) {
        digest_context(r, ctx);
        digest_ca_certs(r, ctx);
    }
    sw_expect(r, cssl_context_load_verify_locations(ctx, NULL, NULL, "junk", 4), CSSL_E_SSL,
              "load_verify_locations(junk cadata)");
    cssl_context_free(ctx);
}

static void path_settings(sw_run *r, void *arg)
{
    cssl_context *ctx = cssl_context_new(CSSL_PROTOCOL_TLS_SERVER);
    if (!sw_ptr(r, ctx, "context_new")) {
        return;
    }
    static const char *const alpn[] = {"h2", "http/1.1"};
    if (sw_ok(r, cssl_context_set_ciphers(ctx, "ECDHE+AESGCM:!aNULL"), "set_ciphers") &&
        sw_ok(r, cssl_context_set_alpn_protocols(ctx, alpn, 2), "set_alpn_protocols") &&
        sw_ok(r, cssl_context_set_ecdh_curve(ctx, "prime256v1"), "set_ecdh_curve") &&
        sw_ok(r, cssl_context_set_num_tickets(ctx, 3), "set_num_tickets")) {
        cssl_cipher_list *list = cssl_context_get_ciphers(ctx);
        if (sw_ptr(r, list, "get_ciphers")) {
            sw_digest(r, "ciphers %zu %s\n", list->count, list->count ? list->items[0].name : "");
        }
        cssl_cipher_list_free(list);
    }
    sw_expect(r, cssl_context_set_ciphers(ctx, "NO-SUCH-CIPHER"), CSSL_E_SSL, "set_ciphers(bad)");
    cssl_context_free(ctx);
}

/* ---- set-up and the sweep ------------------------------------------------------ */

static int setup(void **state)
{
    in.ca_pem = testlib_read_file(testlib_cert_path("ca.pem"), &in.ca_pem_len);
    if (cssl_pem_cert_to_der_cert(in.ca_pem, in.ca_pem_len, &in.ca_der, &in.ca_der_len) < 0) {
        return -1;
    }
    /* A capath: the decode corpus directory holds PEM files (not hashed
     * names, so lookups find nothing: loading it is what is swept). */
    snprintf(in.capath, sizeof(in.capath), "%s", testlib_cert_path("decode"));
    setenv("SSL_CERT_FILE", testlib_cert_path("ca.pem"), 1);
    unsetenv("SSLKEYLOGFILE");
    return 0;
}

static int teardown(void **state)
{
    free(in.ca_pem);
    cssl_free(in.ca_der);
    return 0;
}

static const int client_protocol = CSSL_PROTOCOL_TLS_CLIENT;
static const int server_protocol = CSSL_PROTOCOL_TLS_SERVER;
static const chain_case plain = {"server.pem", "server.key", NULL};
static const chain_case rsa = {"server-rsa.pem", "server-rsa.key", NULL};
static const chain_case encrypted = {"server.pem", "server-encrypted.key", "cssl-test"};
static const chain_case chain = {"server-chain.pem", "server-chain.key", NULL};
static const chain_case combined = {"server-combined.pem", NULL, NULL};

static const sw_path paths[] = {
    {.name = "context_new.client", .fn = path_context_new, .arg = (void *)&client_protocol},
    {.name = "context_new.server", .fn = path_context_new, .arg = (void *)&server_protocol},
    {.name = "create_default.cafile", .fn = path_default_cafile},
    {.name = "create_default.store", .fn = path_default_store, .stride = 2},
    {.name = "create_default.server", .fn = path_default_server},
    {.name = "load_cert_chain.ecdsa", .fn = path_cert_chain, .arg = (void *)&plain, .stride = 4},
    {.name = "load_cert_chain.rsa", .fn = path_cert_chain, .arg = (void *)&rsa, .stride = 8},
    {.name = "load_cert_chain.encrypted", .fn = path_cert_chain, .arg = (void *)&encrypted,
     .stride = 8},
    {.name = "load_cert_chain.chain", .fn = path_cert_chain, .arg = (void *)&chain, .stride = 8},
    {.name = "load_cert_chain.combined", .fn = path_cert_chain, .arg = (void *)&combined, .stride = 8},
    {.name = "load_verify_locations", .fn = path_verify_locations, .stride = 4},
    {.name = "context_settings", .fn = path_settings},
};

static void test_sweep(void **state)
{
    assert_int_equal(sw_sweep_all(paths, sizeof(paths) / sizeof(paths[0])), 0);
}

int main(void)
{
    /* Before anything allocates through OpenSSL. */
    if (!sw_install()) {
        fprintf(stderr, "CRYPTO_set_mem_functions() refused the hook\n");
        return 1;
    }
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sweep),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
