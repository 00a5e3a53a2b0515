/*
 * fuzz_cert_time.c - cssl_cert_time_to_seconds() on arbitrary strings.
 *
 * Asserts: a failure is a ValueError with a message (Python's strptime
 * raises only ValueError); a success lies within the years strptime's %Y
 * can give (1..9999), and is a fixed point of formatting: the canonical
 * text of the result, "%b %e %H:%M:%S %Y GMT" as notBefore/notAfter are
 * written, converts back to the same number.
 */
#include "fuzz_common.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

#define MIN_SECONDS INT64_C(-62135596800) /* Jan  1 00:00:00 0001 GMT */
#define MAX_SECONDS INT64_C(253402300799) /* Dec 31 23:59:59 9999 GMT; %S reads up to 61 */

/* Civil date from days since 1970-01-01 (proleptic Gregorian), so that the
 * check does not depend on the range of the platform's gmtime(). */
static void civil(int64_t days, int64_t *y, unsigned *m, unsigned *d)
{
    days += 719468;
    int64_t era = (days >= 0 ? days : days - 146096) / 146097;
    unsigned doe = (unsigned)(days - era * 146097);
    unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    unsigned mp = (5 * doy + 2) / 153;
    *d = doy - (153 * mp + 2) / 5 + 1;
    *m = mp < 10 ? mp + 3 : mp - 9;
    *y = (int64_t)yoe + era * 400 + (*m <= 2);
}

static void format_time(int64_t t, char *buf, size_t size)
{
    static const char *const months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                         "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    int64_t days = (t >= 0 ? t : t - 86399) / 86400;
    int64_t secs = t - days * 86400;
    int64_t y;
    unsigned m, d;
    civil(days, &y, &m, &d);
    snprintf(buf, size, "%s %2u %02u:%02u:%02u %04" PRId64 " GMT", months[m - 1], d,
             (unsigned)(secs / 3600), (unsigned)(secs / 60 % 60), (unsigned)(secs % 60), y);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = fz_cstr(data, size);
    int64_t t = INT64_MIN;
    cssl_err rc = cssl_cert_time_to_seconds(text, &t);
    if (rc < 0) {
        fz_expect_error("cssl_cert_time_to_seconds", rc, FZ_ERR(CSSL_E_VALUE));
        free(text);
        return 0;
    }
    fz_expect_ok("cssl_cert_time_to_seconds");
    FZ_CHECK(t >= MIN_SECONDS && t <= MAX_SECONDS + 2, "%s gave %" PRId64 ", out of range", text,
             t);
    if (t <= MAX_SECONDS) {
        char canon[64];
        int64_t t2 = INT64_MIN;
        format_time(t, canon, sizeof(canon));
        FZ_CHECK(cssl_cert_time_to_seconds(canon, &t2) >= 0 && t2 == t,
                 "%s gave %" PRId64 ", but its canonical form %s gives %" PRId64 " (%s)", text, t,
                 canon, t2, cssl_last_error()->message);
    }
    free(text);
    return 0;
}
