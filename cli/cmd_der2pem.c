/* cmd_der2pem.c - `cssl der2pem [FILE]`: ssl.DER_cert_to_PEM_cert(). */
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static void help(void)
{
    printf("usage: cssl der2pem [FILE]\n\n"
           "Read DER bytes from FILE (or standard input when FILE is absent or '-')\n"
           "and write ssl.DER_cert_to_PEM_cert() of them to standard output.  Any\n"
           "bytes are accepted, as in Python: they are not parsed as a certificate.\n");
}

int cmd_der2pem(int argc, char **argv)
{
    if (argc > 1 && cli_is_help(argv[1])) {
        help();
        return CLI_OK;
    }
    if (argc > 2) {
        return cli_usage_error("der2pem", "unexpected argument '%s'", argv[2]);
    }
    size_t len;
    char *der = cli_read_input(argc > 1 ? argv[1] : NULL, &len);
    if (der == NULL) {
        return CLI_CHECK_FAILED;
    }
    char *pem = cssl_der_cert_to_pem_cert(der, len);
    free(der);
    if (pem == NULL) {
        return cli_fail();
    }
    fputs(pem, stdout);
    cssl_free(pem);
    return CLI_OK;
}
