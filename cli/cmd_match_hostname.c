/* cmd_match_hostname.c - cssl match-hostname: ssl.match_hostname(cert, hostname). */
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const char usage_text[] =
    "usage: cssl match-hostname CERTFILE HOSTNAME\n"
    "       cssl match-hostname --cert-json JSON HOSTNAME\n"
    "\n"
    "ssl.match_hostname(cert, HOSTNAME), as Python 3.11 has it (deprecated in\n"
    "Python 3.7, removed in 3.12): does the certificate name HOSTNAME?\n"
    "\n"
    "  CERTFILE          a PEM certificate, decoded as ssl._ssl._test_decode_cert()\n"
    "                    decodes it\n"
    "  --cert-json JSON  the getpeercert() dict as JSON (what json.dumps() gives for\n"
    "                    it); '-' reads the JSON from standard input\n"
    "  --                ends the options (for a HOSTNAME starting with '-')\n"
    "\n"
    "Prints nothing when the certificate matches (Python returns None).  Errors go\n"
    "to stderr as Python's exception: \"SSLCertVerificationError: ...\" when it does\n"
    "not match, \"ValueError: ...\" for an empty dict or a malformed IP address.\n"
    "\n"
    "Exit status: 0 match, 1 no match, 2 bad usage or bad input.\n";

typedef struct mh_args {
    const char *json;     /* --cert-json value, or NULL */
    const char *certfile; /* CERTFILE, or NULL */
    const char *hostname;
} mh_args;

/* Returns -1 when the arguments are fine, else the exit status. */
static int parse_args(int argc, char **argv, mh_args *a)
{
    const char *positional[3] = {NULL};
    int npos = 0;
    bool options = true;
    for (int i = 1; i < argc; i++) {
        const char *arg = argv[i];
        if (options && cli_is_help(arg)) {
            fputs(usage_text, stdout);
            return CLI_OK;
        } else if (options && strcmp(arg, "--") == 0) {
            options = false;
        } else if (options && strcmp(arg, "--cert-json") == 0) {
            if (i + 1 >= argc) {
                return cli_usage_error(argv[0], "--cert-json needs a value");
            }
            a->json = argv[++i];
        } else if (options && arg[0] == '-' && arg[1] != '\0') {
            return cli_usage_error(argv[0], "unknown option '%s'", arg);
        } else if (npos < 3) {
            positional[npos++] = arg;
        } else {
            npos++;
        }
    }
    int want = a->json != NULL ? 1 : 2;
    if (npos != want) {
        return cli_usage_error(argv[0], "expected %s HOSTNAME",
                               a->json != NULL ? "--cert-json JSON and" : "CERTFILE and");
    }
    a->certfile = a->json != NULL ? NULL : positional[0];
    a->hostname = positional[want - 1];
    return -1;
}

/* The certificate dict, or NULL after printing why. */
static cssl_cert_info *load_cert(const mh_args *a)
{
    cssl_cert_info *cert = NULL;
    if (a->json == NULL) {
        cert = cssl_decode_cert(a->certfile);
    } else if (strcmp(a->json, "-") == 0) {
        size_t len = 0;
        char *text = cli_read_input("-", &len);
        if (text == NULL) {
            return NULL;
        }
        cert = cssl_cert_info_from_json(text, len);
        free(text);
    } else {
        cert = cssl_cert_info_from_json(a->json, strlen(a->json));
    }
    if (cert == NULL) {
        (void)cli_fail();
    }
    return cert;
}

int cmd_match_hostname(int argc, char **argv)
{
    mh_args a = {0};
    int status = parse_args(argc, argv, &a);
    if (status >= 0) {
        return status;
    }
    cssl_cert_info *cert = load_cert(&a);
    if (cert == NULL) {
        return CLI_USAGE; /* an unreadable certificate is bad input */
    }
    status = cssl_match_hostname(cert, a.hostname) < 0 ? cli_fail() : CLI_OK;
    cssl_cert_info_free(cert);
    return status;
}
