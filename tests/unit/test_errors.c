/* The error model: names, Python's class hierarchy, the thread's last error
 * and the translation of OpenSSL's error queue. */
#include "testlib.h"

#include <errno.h>
#include <pthread.h>
#include <string.h>

#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>

#include "internal.h"

static void test_names(void **state)
{
    static const struct {
        cssl_err code;
        const char *name;
    } cases[] = {
        {CSSL_OK, "OK"},
        {CSSL_E_OS, "OSError"},
        {CSSL_E_SSL, "SSLError"},
        {CSSL_E_ZERO_RETURN, "SSLZeroReturnError"},
        {CSSL_E_WANT_READ, "SSLWantReadError"},
        {CSSL_E_WANT_WRITE, "SSLWantWriteError"},
        {CSSL_E_SYSCALL, "SSLSyscallError"},
        {CSSL_E_EOF, "SSLEOFError"},
        {CSSL_E_CERT_VERIFICATION, "SSLCertVerificationError"},
        {CSSL_E_CERTIFICATE, "SSLCertVerificationError"},
        {CSSL_E_VALUE, "ValueError"},
        {CSSL_E_TIMEOUT, "TimeoutError"},
        {CSSL_E_NOMEM, "MemoryError"},
        {CSSL_E_NOT_SUPPORTED, "NotImplementedError"},
        {CSSL_E_TYPE, "TypeError"},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        assert_string_equal(cssl_err_name(cases[i].code), cases[i].name);
    }
    assert_null(cssl_err_name((cssl_err)-999));
    assert_null(cssl_err_name((cssl_err)5));
}

static void test_hierarchy(void **state)
{
    static const cssl_err ssl_family[] = {CSSL_E_ZERO_RETURN, CSSL_E_WANT_READ, CSSL_E_WANT_WRITE,
                                          CSSL_E_SYSCALL, CSSL_E_EOF, CSSL_E_CERT_VERIFICATION};
    for (size_t i = 0; i < sizeof(ssl_family) / sizeof(ssl_family[0]); i++) {
        assert_true(cssl_error_isa(ssl_family[i], CSSL_E_SSL));
        assert_true(cssl_error_isa(ssl_family[i], CSSL_E_OS));
        assert_true(cssl_error_isa(ssl_family[i], ssl_family[i]));
        assert_false(cssl_error_isa(CSSL_E_SSL, ssl_family[i]));
    }
    assert_true(cssl_error_isa(CSSL_E_SSL, CSSL_E_OS));
    assert_true(cssl_error_isa(CSSL_E_CERT_VERIFICATION, CSSL_E_VALUE));
    assert_false(cssl_error_isa(CSSL_E_EOF, CSSL_E_VALUE));
    assert_true(cssl_error_isa(CSSL_E_TIMEOUT, CSSL_E_OS));
    assert_false(cssl_error_isa(CSSL_E_TIMEOUT, CSSL_E_SSL));
    assert_false(cssl_error_isa(CSSL_E_VALUE, CSSL_E_OS));
    assert_false(cssl_error_isa(CSSL_E_NOMEM, CSSL_E_OS));
    assert_false(cssl_error_isa(CSSL_E_OS, CSSL_E_SSL));
    assert_false(cssl_error_isa(CSSL_OK, CSSL_E_OS));
    assert_false(cssl_error_isa((cssl_err)-999, (cssl_err)-999));
}

static void test_last_error_cleared(void **state)
{
    expect_error(cssl__raise(CSSL_E_VALUE, "bad %s", "thing"), CSSL_E_VALUE, "bad thing");
    cssl__clear_error();
    const cssl_error *e = cssl_last_error();
    assert_int_equal(e->code, CSSL_OK);
    assert_string_equal(e->message, "");
    assert_null(e->library);
    assert_null(e->verify_message);
}

static void test_errno_message(void **state)
{
    expect_error(cssl__raise_errno(ENOENT, NULL), CSSL_E_OS, "[Errno 2] No such file or directory");
    assert_int_equal(cssl_last_error()->sys_errno, ENOENT);
    expect_error(cssl__raise_errno(ENOENT, "it's"), CSSL_E_OS,
                 "[Errno 2] No such file or directory: \"it's\"");
    expect_error(cssl__raise_errno(ETIMEDOUT, NULL), CSSL_E_TIMEOUT, "[Errno 110] Connection timed out");
}

static void test_args1_message(void **state)
{
    expect_error(cssl__raise_args1(CSSL_E_SSL, "Can't open file"), CSSL_E_SSL, "(\"Can't open file\",)");
    expect_error(cssl__raise_args1(CSSL_E_SSL, "Error decoding PEM-encoded file"), CSSL_E_SSL,
                 "('Error decoding PEM-encoded file',)");
}

/* [LIB: REASON] text, from a real OpenSSL failure. */
static void test_ossl_queue(void **state)
{
    BIO *bio = BIO_new_mem_buf("not a pem", -1);
    X509 *x = PEM_read_bio_X509(bio, NULL, NULL, NULL);
    BIO_free(bio);
    assert_null(x);
    expect_error(cssl__raise_ossl(CSSL_E_SSL, NULL), CSSL_E_SSL, "[PEM: NO_START_LINE] no start line");
    assert_string_equal(cssl_last_error()->library, "PEM");
    assert_string_equal(cssl_last_error()->reason, "NO_START_LINE");
    assert_int_equal(cssl_last_error()->py_errno, 108);
    assert_int_equal(ERR_peek_error(), 0);

    ERR_raise(ERR_LIB_SSL, ERR_R_PEM_LIB); /* a common reason: library only */
    expect_error(cssl__raise_ossl(CSSL_E_SSL, NULL), CSSL_E_SSL, "[SSL] PEM lib");
    assert_null(cssl_last_error()->reason);

    expect_error(cssl__raise_ossl(CSSL_E_SSL, NULL), CSSL_E_SSL, "unknown error");
    expect_error(cssl__raise_ossl(CSSL_E_SSL, "custom text"), CSSL_E_SSL, "custom text");
}

static void test_mnemonic_tables(void **state)
{
    assert_string_equal(cssl__ossl_lib_name(ERR_LIB_SSL), "SSL");
    assert_string_equal(cssl__ossl_lib_name(ERR_LIB_X509V3), "X509V3");
    assert_null(cssl__ossl_lib_name(12));
    assert_string_equal(cssl__ossl_reason_name(ERR_LIB_SSL, SSL_R_CERTIFICATE_VERIFY_FAILED),
                        "CERTIFICATE_VERIFY_FAILED");
    assert_string_equal(cssl__ossl_reason_name(ERR_LIB_X509, X509_R_KEY_VALUES_MISMATCH),
                        "KEY_VALUES_MISMATCH");
    assert_null(cssl__ossl_reason_name(ERR_LIB_SSL, 99999));
}

static void *other_thread(void *arg)
{
    (void)arg;
    cssl__raise(CSSL_E_TIMEOUT, "elsewhere");
    return NULL;
}

static void test_thread_local(void **state)
{
    cssl__raise(CSSL_E_VALUE, "here");
    pthread_t t;
    assert_int_equal(pthread_create(&t, NULL, other_thread, NULL), 0);
    pthread_join(t, NULL);
    assert_int_equal(cssl_last_error()->code, CSSL_E_VALUE);
    assert_string_equal(cssl_last_error()->message, "here");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_names),          cmocka_unit_test(test_hierarchy),
        cmocka_unit_test(test_last_error_cleared), cmocka_unit_test(test_errno_message),
        cmocka_unit_test(test_args1_message),  cmocka_unit_test(test_ossl_queue),
        cmocka_unit_test(test_mnemonic_tables), cmocka_unit_test(test_thread_local),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
