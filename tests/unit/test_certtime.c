/* cssl_cert_time_to_seconds(): Python 3.13's ssl.cert_time_to_seconds(),
 * values and messages as the interpreter gives them. */
#include "testlib.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct ok_case {
    const char *in;
    int64_t want;
};

struct err_case {
    const char *in;
    const char *message;
};

static void test_valid(void **state)
{
    static const struct ok_case cases[] = {
        {.in = "Jan  5 09:34:43 2018 GMT", .want = 1515144883},
        {.in = "Jan 5 09:34:43 2018 GMT", .want = 1515144883},
        {.in = "jan 5 09:34:43 2018 gmt", .want = 1515144883},
        {.in = "JAN 05 09:34:43 2018 GmT", .want = 1515144883},
        {.in = "Jan 1 00:00:00 1970 GMT", .want = 0},
        {.in = "Dec 31 23:59:59 1969 GMT", .want = -1},
        {.in = "Jan 19 03:14:08 2038 GMT", .want = 2147483648},
        {.in = "Dec 31 23:59:61 9999 GMT", .want = 253402300801},
        {.in = "Jan 1 00:00:00 0001 GMT", .want = -62135596800},
        {.in = "Feb 29 00:00:00 2020 GMT", .want = 1582934400},
        {.in = "Feb 29 00:00:00 2019 GMT", .want = 1551398400}, /* = Mar 1 */
        {.in = "Feb 31 09:34:61 2018 GMT", .want = 1520069701}, /* = Mar 3 */
        {.in = "Mar 1 9:5:7 2020 GMT", .want = 1583053507},
        {.in = "Jan\t5\n09:34:43\r2018\x0bGMT", .want = 1515144883},
        {.in = "Jan\xc2\xa0"
               "5\xe3\x80\x80"
               "09:34:43 2018\xe2\x80\xa8GMT",
         .want = 1515144883},
        {.in = "Jan 5 9:3:4 \xd9\xa2\xd9\xa0\xd9\xa2\xd9\xa0 GMT", .want = 1578214984},
        {.in = "\xc5\xbf"
               "ep 1 00:00:00 2020 GMT",
         .want = 1598918400}, /* long s */
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        int64_t got = 42;
        assert_int_equal(cssl_cert_time_to_seconds(cases[i].in, &got), CSSL_OK);
        assert_int_equal(got, cases[i].want);
        assert_int_equal(cssl_last_error()->code, CSSL_OK);
    }
}

static void test_every_month(void **state)
{
    static const char *const months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                         "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    /* The first of each month of 2021, from calendar.timegm(). */
    static const int64_t firsts[] = {1609459200, 1612137600, 1614556800, 1617235200,
                                     1619827200, 1622505600, 1625097600, 1627776000,
                                     1630454400, 1633046400, 1635724800, 1638316800};
    for (size_t i = 0; i < 12; i++) {
        char text[64];
        snprintf(text, sizeof(text), "%s 1 00:00:00 2021 GMT", months[i]);
        int64_t got;
        assert_int_equal(cssl_cert_time_to_seconds(text, &got), CSSL_OK);
        assert_int_equal(got, firsts[i]);
    }
}

static void test_errors(void **state)
{
    static const struct err_case cases[] = {
        {.in = "", .message = "time data '' does not match format \"%b %d %H:%M:%S %Y GMT\""},
        {.in = "Ja", .message = "time data 'Ja' does not match format \"%b %d %H:%M:%S %Y GMT\""},
        {.in = "Foo 5 09:34:43 2018 GMT",
         .message = "time data 'Foo 5 09:34:43 2018 GMT' does not match format "
                    "\"%b %d %H:%M:%S %Y GMT\""},
        {.in = "It's",
         .message = "time data \"It's\" does not match format \"%b %d %H:%M:%S %Y GMT\""},
        {.in = "Jan", .message = "time data '' does not match format ' %d %H:%M:%S %Y GMT'"},
        {.in = "Jan 32 09:34:43 2018 GMT",
         .message =
             "time data ' 32 09:34:43 2018 GMT' does not match format ' %d %H:%M:%S %Y GMT'"},
        {.in = "Jan 5 24:00:00 2018 GMT",
         .message = "time data ' 5 24:00:00 2018 GMT' does not match format ' %d %H:%M:%S %Y GMT'"},
        {.in = "Jan 5 09:34:62 2018 GMT",
         .message = "time data ' 5 09:34:62 2018 GMT' does not match format ' %d %H:%M:%S %Y GMT'"},
        {.in = "Jan 5 09:34:43 2018 UTC",
         .message = "time data ' 5 09:34:43 2018 UTC' does not match format ' %d %H:%M:%S %Y GMT'"},
        {.in = "Jan 5 09:34:43 10000 GMT",
         .message =
             "time data ' 5 09:34:43 10000 GMT' does not match format ' %d %H:%M:%S %Y GMT'"},
        {.in = "Jan5 09:34:43 2018 GMT",
         .message = "time data '5 09:34:43 2018 GMT' does not match format ' %d %H:%M:%S %Y GMT'"},
        {.in = "Jan 5 'x\"",
         .message = "time data ' 5 \\'x\"' does not match format ' %d %H:%M:%S %Y GMT'"},
        {.in = "Jan 5 09:34:43 2018 GMTx", .message = "unconverted data remains: x"},
        {.in = "Jan 5 09:34:43 2018 GMT ", .message = "unconverted data remains:  "},
        {.in = "Jan 5 09:34:43 2018 GMT\xc3\xa9", .message = "unconverted data remains: \xc3\xa9"},
        {.in = "Jan 5 09:34:43 0000 GMT", .message = "year 0 is out of range"},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        int64_t got = 42;
        expect_error(cssl_cert_time_to_seconds(cases[i].in, &got), CSSL_E_VALUE, cases[i].message);
        assert_int_equal(got, 42);
    }
}

static void test_null_arguments(void **state)
{
    int64_t got;
    expect_error(cssl_cert_time_to_seconds(NULL, &got), CSSL_E_VALUE, "cert_time must not be NULL");
    expect_error(cssl_cert_time_to_seconds("Jan 1 00:00:00 1970 GMT", NULL), CSSL_E_VALUE,
                 "out must not be NULL");
}

/* A long run of whitespace is matched without deep recursion or quadratic
 * backtracking. */
static void test_long_whitespace(void **state)
{
    size_t n = 1 << 20;
    char *text = malloc(n + 64);
    memcpy(text, "Jan", 3);
    memset(text + 3, ' ', n);
    strcpy(text + 3 + n, "1 00:00:00 1970 GMT");
    int64_t got;
    assert_int_equal(cssl_cert_time_to_seconds(text, &got), CSSL_OK);
    assert_int_equal(got, 0);
    strcpy(text + 3 + n, "x");
    expect_error(cssl_cert_time_to_seconds(text, &got), CSSL_E_VALUE, NULL);
    free(text);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_valid),           cmocka_unit_test(test_every_month),
        cmocka_unit_test(test_errors),          cmocka_unit_test(test_null_arguments),
        cmocka_unit_test(test_long_whitespace),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
