/* cmd_pem2der.c - `cssl pem2der [FILE]`: ssl.PEM_cert_to_DER_cert(). */
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static void help(void)
{
    printf("usage: cssl pem2der [FILE]\n\n"
           "Read PEM text (UTF-8) from FILE (or standard input when FILE is absent\n"
           "or '-') and write the DER bytes of ssl.PEM_cert_to_DER_cert() to standard\n"
           "output.  Text Python refuses (no header or footer, bad base64, non-ASCII)\n"
           "is a ValueError with Python's message (exit status 2).\n");
}

int cmd_pem2der(int argc, char **argv)
{
    if (argc > 1 && cli_is_help(argv[1])) {
        help();
        return CLI_OK;
    }
    if (argc > 2) {
        return cli_usage_error("pem2der", "unexpected argument '%s'", argv[2]);
    }
    size_t len;
    char *pem = cli_read_input(argc > 1 ? argv[1] : NULL, &len);
    if (pem == NULL) {
        return CLI_CHECK_FAILED;
    }
    unsigned char *der;
    size_t der_len;
    int rc = cssl_pem_cert_to_der_cert(pem, len, &der, &der_len);
    free(pem);
    if (rc < 0) {
        return cli_fail();
    }
    fwrite(der, 1, der_len, stdout);
    cssl_free(der);
    return CLI_OK;
}
