/* cmd_version.c - `cssl version [--json]`: cssl's own version and
 * ssl.OPENSSL_VERSION, the OpenSSL loaded at run time. */
#include <string.h>

#include "cli.h"

int cmd_version(int argc, char **argv)
{
    bool json = false;
    for (int i = 1; i < argc; i++) {
        if (cli_is_help(argv[i])) {
            printf("usage: cssl version [--json]\n\nPrint cssl's version and the OpenSSL it runs "
                   "on (Python's ssl.OPENSSL_VERSION).\nWith --json: {\"cssl\": VERSION, "
                   "\"OPENSSL_VERSION\": TEXT}.\n");
            return CLI_OK;
        }
        if (strcmp(argv[i], "--json") != 0) {
            return cli_usage_error("version", "unexpected argument '%s'", argv[i]);
        }
        json = true;
    }
    const char *ossl = cssl_openssl_version();
    if (!json) {
        printf("cssl %s\n%s\n", cssl_version(), ossl);
        return CLI_OK;
    }
    fputs("{\"cssl\": ", stdout);
    cli_json_str(stdout, cssl_version(), strlen(cssl_version()));
    fputs(", \"OPENSSL_VERSION\": ", stdout);
    cli_json_str(stdout, ossl, strlen(ossl));
    fputs("}\n", stdout);
    return CLI_OK;
}
