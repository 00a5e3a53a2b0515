/* ssl.get_default_verify_paths(): the environment variables named by
 * OpenSSL win over its built-in paths, even when empty, and a path is kept
 * only when os.path.isfile() / os.path.isdir() holds (symlinks followed). */
#include "testlib.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/x509.h>

static int setup(void **state)
{
    if (testlib_tmpdir_make("cssl_verify_paths") == NULL) {
        return -1;
    }
    FILE *f = fopen(testlib_tmp_path("bundle.pem"), "w");
    if (f == NULL) {
        return -1;
    }
    fclose(f);
    if (mkdir(testlib_tmp_path("certs"), 0700) != 0 ||
        mkdir(testlib_tmp_path("caf\xc3\xa9 it's"), 0700) != 0 ||
        symlink(testlib_tmp_path("bundle.pem"), testlib_tmp_path("file-link")) != 0 ||
        symlink(testlib_tmp_path("certs"), testlib_tmp_path("dir-link")) != 0 ||
        symlink(testlib_tmp_path("missing"), testlib_tmp_path("dangling")) != 0) {
        return -1;
    }
    return 0;
}

static int teardown(void **state)
{
    return testlib_tmpdir_remove() == 0 ? 0 : -1;
}

/* Set (value != NULL) or unset an environment variable. */
static void put_env(const char *name, const char *value)
{
    if (value != NULL) {
        assert_int_equal(setenv(name, value, 1), 0);
    } else {
        assert_int_equal(unsetenv(name), 0);
    }
}

static void assert_path(const char *got, const char *want)
{
    if (want == NULL) {
        assert_null(got);
    } else {
        assert_non_null(got);
        assert_string_equal(got, want);
    }
}

/* The four OpenSSL values are passed through untouched. */
static void test_openssl_values(void **state)
{
    cssl_default_verify_paths *p = cssl_get_default_verify_paths();
    assert_non_null(p);
    assert_int_equal(cssl_last_error()->code, CSSL_OK);
    assert_string_equal(p->openssl_cafile_env, "SSL_CERT_FILE");
    assert_string_equal(p->openssl_capath_env, "SSL_CERT_DIR");
    assert_string_equal(p->openssl_cafile, X509_get_default_cert_file());
    assert_string_equal(p->openssl_capath, X509_get_default_cert_dir());
    cssl_default_verify_paths_free(p);
    cssl_default_verify_paths_free(NULL);
}

/* Unset variables: OpenSSL's built-in paths, if they exist as file / dir. */
static void test_unset_uses_builtin(void **state)
{
    put_env("SSL_CERT_FILE", NULL);
    put_env("SSL_CERT_DIR", NULL);
    struct stat st;
    const char *file = X509_get_default_cert_file();
    const char *dir = X509_get_default_cert_dir();
    bool has_file = stat(file, &st) == 0 && S_ISREG(st.st_mode);
    bool has_dir = stat(dir, &st) == 0 && S_ISDIR(st.st_mode);
    cssl_default_verify_paths *p = cssl_get_default_verify_paths();
    assert_non_null(p);
    assert_path(p->cafile, has_file ? file : NULL);
    assert_path(p->capath, has_dir ? dir : NULL);
    cssl_default_verify_paths_free(p);
}

static void test_environment_cases(void **state)
{
    static const struct {
        const char *cafile_env; /* in the scratch dir; NULL: set to "" */
        const char *capath_env;
        const char *want_cafile; /* in the scratch dir; NULL: None */
        const char *want_capath;
    } cases[] = {
        {.cafile_env = "bundle.pem",
         .capath_env = "certs",
         .want_cafile = "bundle.pem",
         .want_capath = "certs"},
        {.cafile_env = "missing", .capath_env = "missing"},
        {.cafile_env = NULL, .capath_env = NULL},            /* empty: shadows the default */
        {.cafile_env = "certs", .capath_env = "bundle.pem"}, /* wrong kinds */
        {.cafile_env = "file-link",
         .capath_env = "dir-link",
         .want_cafile = "file-link",
         .want_capath = "dir-link"},
        {.cafile_env = "dangling", .capath_env = "dangling"},
        {.cafile_env = "bundle.pem/x", .capath_env = "certs/", .want_capath = "certs/"},
        {.cafile_env = "missing",
         .capath_env = "caf\xc3\xa9 it's",
         .want_capath = "caf\xc3\xa9 it's"},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        put_env("SSL_CERT_FILE", cases[i].cafile_env ? testlib_tmp_path(cases[i].cafile_env) : "");
        put_env("SSL_CERT_DIR", cases[i].capath_env ? testlib_tmp_path(cases[i].capath_env) : "");
        cssl_default_verify_paths *p = cssl_get_default_verify_paths();
        assert_non_null(p);
        assert_path(p->cafile,
                    cases[i].want_cafile ? testlib_tmp_path(cases[i].want_cafile) : NULL);
        assert_path(p->capath,
                    cases[i].want_capath ? testlib_tmp_path(cases[i].want_capath) : NULL);
        assert_string_equal(p->openssl_cafile, X509_get_default_cert_file());
        cssl_default_verify_paths_free(p);
    }
}

/* Relative paths are kept as given (Python does not make them absolute). */
static void test_relative_path(void **state)
{
    char cwd[1024];
    assert_non_null(getcwd(cwd, sizeof(cwd)));
    assert_int_equal(chdir(testlib_tmp_path(".")), 0);
    put_env("SSL_CERT_FILE", "bundle.pem");
    put_env("SSL_CERT_DIR", ".");
    cssl_default_verify_paths *p = cssl_get_default_verify_paths();
    assert_int_equal(chdir(cwd), 0);
    assert_non_null(p);
    assert_path(p->cafile, "bundle.pem");
    assert_path(p->capath, ".");
    cssl_default_verify_paths_free(p);
}

/* The result does not change when the environment does afterwards: its
 * strings are copies. */
static void test_result_is_a_copy(void **state)
{
    put_env("SSL_CERT_FILE", testlib_tmp_path("bundle.pem"));
    cssl_default_verify_paths *p = cssl_get_default_verify_paths();
    assert_non_null(p);
    put_env("SSL_CERT_FILE", testlib_tmp_path("file-link"));
    assert_path(p->cafile, testlib_tmp_path("bundle.pem"));
    cssl_default_verify_paths_free(p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_openssl_values),    cmocka_unit_test(test_unset_uses_builtin),
        cmocka_unit_test(test_environment_cases), cmocka_unit_test(test_relative_path),
        cmocka_unit_test(test_result_is_a_copy),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
