/*
 * enum_store.c - `cssl enum-certificates STORE [--json]` and
 * `cssl enum-crls STORE [--json]`: ssl.enum_certificates() / ssl.enum_crls().
 *
 * Python returns a list of (bytes, encoding, trust) tuples for certificates
 * and (bytes, encoding) for CRLs.  JSON has no bytes, so --json writes the
 * DER bytes as standard base64 (RFC 4648, padded, no line breaks):
 *     [["MIIB...", "x509_asn", true], ...]       enum-certificates
 *     [["MIIB...", "x509_asn"], ...]             enum-crls
 * which is json.dumps([(base64.b64encode(b).decode(), *rest) for b, *rest
 * in result]).  Text output is one line per entry: the encoding, the trust
 * (certificates only, as Python prints it: True) and the SHA-256 of the DER
 * in hex, e.g. "x509_asn True 3f0a...".
 */
#include <string.h>

#include <openssl/evp.h>

#include "enum_store.h"

/* ---- output -------------------------------------------------------------- */

/* base64.b64encode(): RFC 4648 section 4, padded, one line
 * (EVP_EncodeBlock() writes exactly that), three bytes at a time. */
static void put_base64(FILE *out, const unsigned char *p, size_t len)
{
    for (size_t i = 0; i < len; i += 3) {
        unsigned char quad[5];
        (void)EVP_EncodeBlock(quad, p + i, len - i < 3 ? (int)(len - i) : 3);
        fputs((const char *)quad, out);
    }
}

static void print_json(const cssl_store_list *list, bool crls)
{
    fputc('[', stdout);
    for (size_t i = 0; i < list->count; i++) {
        const cssl_store_entry *e = &list->items[i];
        fputs(i ? ", [\"" : "[\"", stdout);
        put_base64(stdout, e->data, e->len);
        fputs("\", ", stdout);
        cli_json_str(stdout, e->encoding, strlen(e->encoding));
        if (!crls) {
            fputs(e->trust_all ? ", true" : ", false", stdout);
        }
        fputc(']', stdout);
    }
    fputs("]\n", stdout);
}

static void print_text(const cssl_store_list *list, bool crls)
{
    for (size_t i = 0; i < list->count; i++) {
        const cssl_store_entry *e = &list->items[i];
        char hex[65];
        cli_sha256_hex(e->data, e->len, hex);
        if (crls) {
            printf("%s %s\n", e->encoding, hex);
        } else {
            printf("%s %s %s\n", e->encoding, e->trust_all ? "True" : "False", hex);
        }
    }
}

static int help(const char *cmd, bool crls)
{
    printf("usage: cssl %s STORE [--json]\n\n"
           "ssl.%s(STORE).  STORE \"ROOT\" lists the %s of OpenSSL's default\n"
           "verify paths (see 'cssl default-verify-paths'): the CA file, then each file of\n"
           "the CA directory, each once; \"CA\" and \"MY\" are empty.\n\n"
           "Prints one line per entry: the encoding, %sthe SHA-256 of the DER.\n"
           "  --json   [[base64 of the DER, encoding%s], ...]\n",
           cmd, crls ? "enum_crls" : "enum_certificates", crls ? "CRLs" : "certificates",
           crls ? "" : "the trust (True: every purpose), ", crls ? "" : ", trust");
    return CLI_OK;
}

int cli_enum_store(int argc, char **argv, bool crls)
{
    const char *store = NULL;
    bool json = false;
    for (int i = 1; i < argc; i++) {
        if (cli_is_help(argv[i])) {
            return help(argv[0], crls);
        } else if (strcmp(argv[i], "--json") == 0) {
            json = true;
        } else if (argv[i][0] == '-' && argv[i][1] != '\0') {
            return cli_usage_error(argv[0], "unknown option '%s'", argv[i]);
        } else if (store != NULL) {
            return cli_usage_error(argv[0], "unexpected argument '%s'", argv[i]);
        } else {
            store = argv[i];
        }
    }
    if (store == NULL) {
        return cli_usage_error(argv[0], "missing STORE (ROOT, CA or MY)");
    }
    cssl_store_list *list = crls ? cssl_enum_crls(store) : cssl_enum_certificates(store);
    if (list == NULL) {
        return cli_fail();
    }
    if (json) {
        print_json(list, crls);
    } else {
        print_text(list, crls);
    }
    cssl_store_list_free(list);
    return CLI_OK;
}
