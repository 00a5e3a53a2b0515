/* cmd_version.c - `cssl version`: ssl.OPENSSL_VERSION and cssl's own. */
#include <string.h>

#include "cli.h"

int cmd_version(int argc, char **argv)
{
    if (argc > 1 && cli_is_help(argv[1])) {
        printf("usage: cssl version\n\nPrint cssl's version and the OpenSSL it runs on "
               "(Python's ssl.OPENSSL_VERSION).\n");
        return CLI_OK;
    }
    if (argc > 1) {
        return cli_usage_error("version", "unexpected argument '%s'", argv[1]);
    }
    printf("cssl %s\n", cssl_version());
    return CLI_OK;
}
