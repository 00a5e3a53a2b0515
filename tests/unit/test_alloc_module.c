/* Allocation-failure sweep of the module functions (no connection): decode
 * a certificate from a file, PEM and DER, parse and render the getpeercert()
 * dict, match_hostname, cert_time_to_seconds, PEM/DER conversion,
 * get_default_verify_paths, enum_certificates / enum_crls, constants and
 * RAND.  Every N-th allocation fails in turn (tests/lib/allocsweep.h says
 * what each run must and must not do); the program prints how many failure
 * points each path covered. */
#include "allocsweep.h"
#include "testlib.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Inputs, read before the sweep with the hook idle. */
static struct {
    char *pem;          /* everything.pem: every field the dict can have */
    size_t pem_len;
    unsigned char *der; /* its DER */
    size_t der_len;
    cssl_cert_info *cert;
    char *json;
    char everything_path[4096];
    char store_dir[64]; /* a small certificate directory for enum_* */
} in;

static void digest_cert(sw_run *r, const char *label, const cssl_cert_info *cert)
{
    sw_pause(r);
    char *json = cssl_cert_info_to_json(cert);
    sw_digest(r, "%s: %s\n", label, json ? json : "(render failed)");
    cssl_free(json);
    sw_resume(r);
}

/* ---- the paths ------------------------------------------------------------- */

static void path_decode_file(sw_run *r, void *arg)
{
    cssl_cert_info *c = cssl_decode_cert(in.everything_path);
    if (sw_ptr(r, c, "decode_cert")) {
        digest_cert(r, "file", c);
    }
    cssl_cert_info_free(c);
    const char *missing = testlib_cert_path("no-such-file.pem");
    sw_expect(r, sw_rc(cssl_decode_cert(missing)), CSSL_E_SSL, "decode_cert(missing)");
    const char *notcert = testlib_cert_path("server.key");
    sw_expect(r, sw_rc(cssl_decode_cert(notcert)), CSSL_E_SSL, "decode_cert(key)");
}

static void path_decode_pem(sw_run *r, void *arg)
{
    const char *name = arg;
    size_t len = 0;
    sw_pause(r);
    char *text = testlib_read_file(testlib_cert_path(name), &len);
    sw_resume(r);
    cssl_cert_info *c = cssl_cert_info_from_pem(text, len);
    if (sw_ptr(r, c, "cert_info_from_pem")) {
        digest_cert(r, name, c);
    }
    cssl_cert_info_free(c);
    free(text);
}

static void path_decode_der(sw_run *r, void *arg)
{
    cssl_cert_info *c = cssl_cert_info_from_der(in.der, in.der_len);
    if (sw_ptr(r, c, "cert_info_from_der")) {
        digest_cert(r, "der", c);
    }
    cssl_cert_info_free(c);
    static const unsigned char junk[] = {0x30, 0x03, 0x02, 0x01, 0x01};
    sw_expect(r, sw_rc(cssl_cert_info_from_der(junk, sizeof(junk))), CSSL_E_SSL,
              "cert_info_from_der(junk)");
}

static void path_render(sw_run *r, void *arg)
{
    char *(*const renderers[])(const cssl_cert_info *) = {
        cssl_cert_info_to_json, cssl_cert_info_to_repr, cssl_cert_info_to_pprint};
    for (size_t i = 0; i < sizeof(renderers) / sizeof(renderers[0]); i++) {
        char *text = renderers[i](in.cert);
        if (!sw_ptr(r, text, "render")) {
            return;
        }
        sw_digest(r, "%zu: %s\n", i, text);
        cssl_free(text);
    }
}

static void path_json_parse(sw_run *r, void *arg)
{
    cssl_cert_info *c = cssl_cert_info_from_json(in.json, strlen(in.json));
    if (sw_ptr(r, c, "cert_info_from_json")) {
        digest_cert(r, "json", c);
    }
    cssl_cert_info_free(c);
    static const char bad[] = "{\"subject\": [], \"unknown\": 1}";
    sw_expect(r, sw_rc(cssl_cert_info_from_json(bad, sizeof(bad) - 1)), CSSL_E_VALUE,
              "cert_info_from_json(unknown key)");
}

static void path_match_hostname(sw_run *r, void *arg)
{
    static const char *const hosts[] = {"www.example.com", "no.such.name", "127.0.0.1",
                                        "::1", "EXAMPLE.com", "a.b.example.org"};
    for (size_t i = 0; i < sizeof(hosts) / sizeof(hosts[0]); i++) {
        int rc = cssl_match_hostname(in.cert, hosts[i]);
        if (rc >= 0) {
            sw_digest(r, "%s: match\n", hosts[i]);
        } else if (!sw_expect(r, rc, CSSL_E_CERT_VERIFICATION, hosts[i])) {
            return;
        }
    }
}

static void path_cert_time(sw_run *r, void *arg)
{
    int64_t t = 0;
    if (sw_ok(r, cssl_cert_time_to_seconds("Jan  5 09:34:43 2018 GMT", &t), "cert_time")) {
        sw_digest(r, "%lld\n", (long long)t);
    }
    sw_expect(r, cssl_cert_time_to_seconds("Jan 55 09:34:43 2018 GMT", &t), CSSL_E_VALUE,
              "cert_time(bad)");
}

static void path_pem_der(sw_run *r, void *arg)
{
    char *pem = cssl_der_cert_to_pem_cert(in.der, in.der_len);
    if (!sw_ptr(r, pem, "der_cert_to_pem_cert")) {
        return;
    }
    sw_digest(r, "%s", pem);
    unsigned char *der = NULL;
    size_t der_len = 0;
    if (sw_ok(r, cssl_pem_cert_to_der_cert(pem, strlen(pem), &der, &der_len), "pem_to_der")) {
        sw_digest(r, "der %zu %d\n", der_len,
                  der_len == in.der_len && memcmp(der, in.der, der_len) == 0);
    }
    cssl_free(der);
    cssl_free(pem);
    static const char bad[] = "-----BEGIN CERTIFICATE-----\nQUJD=\n-----END CERTIFICATE-----\n";
    sw_expect(r, cssl_pem_cert_to_der_cert(bad, sizeof(bad) - 1, &der, &der_len), CSSL_E_VALUE,
              "pem_to_der(bad padding)");
    cssl_free(der);
}

static void path_verify_paths(sw_run *r, void *arg)
{
    cssl_default_verify_paths *p = cssl_get_default_verify_paths();
    if (sw_ptr(r, p, "get_default_verify_paths")) {
        sw_digest(r, "%s|%s|%s|%s|%s|%s\n", p->cafile ? p->cafile : "None",
                  p->capath ? p->capath : "None", p->openssl_cafile_env, p->openssl_cafile,
                  p->openssl_capath_env, p->openssl_capath);
    }
    cssl_default_verify_paths_free(p);
}

static void digest_list(sw_run *r, const char *label, const cssl_store_list *l)
{
    sw_digest(r, "%s: %zu:", label, l->count);
    for (size_t i = 0; i < l->count; i++) {
        sw_digest(r, " %zu/%s/%d/%02x", l->items[i].len, l->items[i].encoding,
                  l->items[i].trust_all, l->items[i].len ? l->items[i].data[l->items[i].len - 1] : 0);
    }
    sw_digest(r, "\n");
}

static void path_enum(sw_run *r, void *arg)
{
    static const char *const stores[] = {"ROOT", "ca", "MY"};
    for (size_t i = 0; i < 3; i++) {
        cssl_store_list *certs = cssl_enum_certificates(stores[i]);
        if (sw_ptr(r, certs, "enum_certificates")) {
            digest_list(r, stores[i], certs);
        }
        cssl_store_list_free(certs);
        cssl_store_list *crls = cssl_enum_crls(stores[i]);
        if (sw_ptr(r, crls, "enum_crls")) {
            digest_list(r, stores[i], crls);
        }
        cssl_store_list_free(crls);
    }
    sw_expect(r, sw_rc(cssl_enum_certificates("nope")), CSSL_E_VALUE, "enum(bad)");
}

static void path_constants(sw_run *r, void *arg)
{
    for (const char *const *c = cssl_constant_collections(); *c != NULL; c++) {
        size_t count = 0;
        const cssl_constant *k = cssl_constants(*c, &count);
        if (sw_ptr(r, k, *c)) {
            sw_digest(r, "%s %zu %s\n", *c, count, count ? k[count - 1].name : "");
        }
    }
    const cssl_asn1_object *o = cssl_purpose_object(CSSL_PURPOSE_CLIENT_AUTH);
    if (sw_ptr(r, o, "purpose_object")) {
        sw_digest(r, "%d %s %s %s\n", o->nid, o->shortname, o->longname, o->oid);
    }
    sw_digest(r, "%s %s %s\n", cssl_get_protocol_name(16), cssl_openssl_version(),
              cssl_err_name(CSSL_E_EOF));
}

static void path_rand(sw_run *r, void *arg)
{
    unsigned char buf[64];
    if (sw_ok(r, cssl_rand_bytes(buf, sizeof(buf)), "rand_bytes")) {
        sw_digest(r, "rand ok\n");
    }
    sw_ok(r, cssl_rand_add("seed", 4, 1.0), "rand_add");
    /* RAND_status() has no way to report an error: under memory pressure
     * it may say false, so its answer is not part of the result. */
    (void)cssl_rand_status();
}

/* ---- set-up and the sweep ------------------------------------------------------ */

static void copy_file(const char *from, const char *dir, const char *name)
{
    char to[4200];
    snprintf(to, sizeof(to), "%s/%s", dir, name);
    size_t len = 0;
    char *data = testlib_read_file(from, &len);
    FILE *f = fopen(to, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(data, 1, len, f), len);
    fclose(f);
    free(data);
}

static int setup(void **state)
{
    snprintf(in.everything_path, sizeof(in.everything_path), "%s",
             testlib_cert_path("decode/everything.pem"));
    in.pem = testlib_read_file(in.everything_path, &in.pem_len);
    if (cssl_pem_cert_to_der_cert(in.pem, in.pem_len, &in.der, &in.der_len) < 0) {
        return -1;
    }
    in.cert = cssl_cert_info_from_der(in.der, in.der_len);
    in.json = in.cert ? cssl_cert_info_to_json(in.cert) : NULL;
    /* enum_certificates("ROOT") reads OpenSSL's default paths: point them
     * at a few small files instead of the system bundle. */
    snprintf(in.store_dir, sizeof(in.store_dir), "/tmp/cssl-alloc-XXXXXX");
    if (mkdtemp(in.store_dir) == NULL) {
        return -1;
    }
    copy_file(testlib_cert_path("intermediate.pem"), in.store_dir, "a.pem");
    copy_file(testlib_cert_path("decode/two-certs.pem"), in.store_dir, "b.pem");
    copy_file(testlib_cert_path("server.key"), in.store_dir, "c.key");
    setenv("SSL_CERT_FILE", testlib_cert_path("ca.pem"), 1);
    setenv("SSL_CERT_DIR", in.store_dir, 1);
    return in.json != NULL ? 0 : -1;
}

static int teardown(void **state)
{
    char path[4200];
    static const char *const names[] = {"a.pem", "b.pem", "c.key"};
    for (size_t i = 0; i < 3; i++) {
        snprintf(path, sizeof(path), "%s/%s", in.store_dir, names[i]);
        unlink(path);
    }
    rmdir(in.store_dir);
    cssl_free(in.json);
    cssl_cert_info_free(in.cert);
    cssl_free(in.der);
    free(in.pem);
    return 0;
}

static const sw_path paths[] = {
    {.name = "decode.file", .fn = path_decode_file},
    {.name = "decode.pem.everything", .fn = path_decode_pem, .arg = "decode/everything.pem"},
    {.name = "decode.pem.san-all", .fn = path_decode_pem, .arg = "decode/san-all.pem"},
    {.name = "decode.pem.strings", .fn = path_decode_pem, .arg = "decode/strings.pem"},
    {.name = "decode.pem.server", .fn = path_decode_pem, .arg = "server.pem"},
    {.name = "decode.der", .fn = path_decode_der},
    {.name = "render", .fn = path_render},
    {.name = "json.parse", .fn = path_json_parse},
    {.name = "match_hostname", .fn = path_match_hostname},
    {.name = "cert_time_to_seconds", .fn = path_cert_time},
    {.name = "pem_der", .fn = path_pem_der},
    {.name = "default_verify_paths", .fn = path_verify_paths},
    {.name = "enum_certificates", .fn = path_enum, .stride = 16},
    {.name = "constants", .fn = path_constants},
    {.name = "rand", .fn = path_rand},
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
