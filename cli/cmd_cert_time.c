/* cmd_cert_time.c - `cssl cert-time STRING`: ssl.cert_time_to_seconds(STRING). */
#include <inttypes.h>
#include <string.h>

#include "cli.h"

static void help(void)
{
    printf("usage: cssl cert-time [--] STRING\n\n"
           "Print ssl.cert_time_to_seconds(STRING): a certificate time such as\n"
           "\"Jan  5 09:34:43 2018 GMT\" (notBefore / notAfter) as seconds since the\n"
           "Epoch.  A string Python refuses is a ValueError with Python's message\n"
           "(exit status 2).  Put -- before a STRING that starts with '-'.\n");
}

int cmd_cert_time(int argc, char **argv)
{
    int i = 1;
    if (i < argc && cli_is_help(argv[i])) {
        help();
        return CLI_OK;
    }
    if (i < argc && strcmp(argv[i], "--") == 0) {
        i++;
    }
    if (argc - i != 1) {
        return cli_usage_error("cert-time", "expected exactly one STRING");
    }
    int64_t seconds;
    if (cssl_cert_time_to_seconds(argv[i], &seconds) < 0) {
        return cli_fail();
    }
    printf("%" PRId64 "\n", seconds);
    return CLI_OK;
}
