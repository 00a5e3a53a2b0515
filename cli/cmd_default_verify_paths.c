/*
 * cmd_default_verify_paths.c - `cssl default-verify-paths [--json]`:
 * ssl.get_default_verify_paths().
 *
 * Text output is repr() of the DefaultVerifyPaths named tuple.  --json is
 * json.dumps(paths._asdict()): an object keyed by the tuple's field names,
 * in field order, rather than json.dumps(paths)'s bare six-element array,
 * so that a reader need not know the field order.
 */
#include <stdint.h>
#include <string.h>

#include "cli.h"

static const char *const field_names[] = {
    "cafile",         "capath", "openssl_cafile_env", "openssl_cafile", "openssl_capath_env",
    "openssl_capath",
};

static void fields_of(const cssl_default_verify_paths *p, const char *out[6])
{
    out[0] = p->cafile;
    out[1] = p->capath;
    out[2] = p->openssl_cafile_env;
    out[3] = p->openssl_cafile;
    out[4] = p->openssl_capath_env;
    out[5] = p->openssl_capath;
}

/* Python's repr() escapes the non-printable characters; of the non-ASCII
 * ones cssl knows the Latin-1 range (C1 controls, NO-BREAK SPACE, SOFT
 * HYPHEN), U+2028/U+2029 and the lone surrogates that stand for
 * undecodable bytes (cli_utf8_next()), which covers what file names hold. */
static bool nonascii_printable(uint32_t cp)
{
    return cp > 0xA0 && cp != 0xAD && cp != 0x2028 && cp != 0x2029 &&
           !(cp >= 0xD800 && cp <= 0xDFFF);
}

static void put_char(FILE *out, const unsigned char *s, size_t n, uint32_t cp, char quote)
{
    if (cp == (uint32_t)quote || cp == '\\') {
        fprintf(out, "\\%c", (char)cp);
    } else if (cp == '\t' || cp == '\n' || cp == '\r') {
        fputs(cp == '\t' ? "\\t" : cp == '\n' ? "\\n" : "\\r", out);
    } else if (cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp <= 0xFF && !nonascii_printable(cp))) {
        fprintf(out, "\\x%02x", (unsigned)cp);
    } else if (cp >= 0x80 && !nonascii_printable(cp)) {
        fprintf(out, "\\u%04x", (unsigned)cp);
    } else {
        fwrite(s, 1, n, out);
    }
}

/* repr(str): single quotes unless the text holds ' and no ". */
static void put_repr(FILE *out, const char *text)
{
    if (text == NULL) {
        fputs("None", out);
        return;
    }
    size_t len = strlen(text);
    char quote = strchr(text, '\'') != NULL && strchr(text, '"') == NULL ? '"' : '\'';
    const unsigned char *s = (const unsigned char *)text;
    fputc(quote, out);
    for (size_t i = 0, n; i < len; i += n) {
        uint32_t cp = cli_utf8_next(s + i, len - i, &n);
        put_char(out, s + i, n, cp, quote);
    }
    fputc(quote, out);
}

static void print_repr(const char *fields[6])
{
    fputs("DefaultVerifyPaths(", stdout);
    for (size_t i = 0; i < 6; i++) {
        printf("%s%s=", i ? ", " : "", field_names[i]);
        put_repr(stdout, fields[i]);
    }
    fputs(")\n", stdout);
}

static void print_json(const char *fields[6])
{
    fputc('{', stdout);
    for (size_t i = 0; i < 6; i++) {
        printf("%s\"%s\": ", i ? ", " : "", field_names[i]);
        if (fields[i] == NULL) {
            fputs("null", stdout);
        } else {
            cli_json_str(stdout, fields[i], strlen(fields[i]));
        }
    }
    fputs("}\n", stdout);
}

static int help(void)
{
    printf("usage: cssl default-verify-paths [--json]\n\n"
           "Print ssl.get_default_verify_paths(): OpenSSL's default CA file and directory\n"
           "(the SSL_CERT_FILE and SSL_CERT_DIR environment variables win over them; None\n"
           "when the file or directory does not exist) and the four values they come from.\n\n"
           "  --json   json.dumps(paths._asdict()): an object keyed by the field names\n"
           "           (Python's json.dumps(paths) would give the bare 6-element array)\n\n"
           "Without --json, print repr(paths).\n");
    return CLI_OK;
}

int cmd_default_verify_paths(int argc, char **argv)
{
    bool json = false;
    for (int i = 1; i < argc; i++) {
        if (cli_is_help(argv[i])) {
            return help();
        }
        if (strcmp(argv[i], "--json") != 0) {
            return cli_usage_error(argv[0], "unexpected argument '%s'", argv[i]);
        }
        json = true;
    }
    cssl_default_verify_paths *paths = cssl_get_default_verify_paths();
    if (paths == NULL) {
        return cli_fail();
    }
    const char *fields[6];
    fields_of(paths, fields);
    if (json) {
        print_json(fields);
    } else {
        print_repr(fields);
    }
    cssl_default_verify_paths_free(paths);
    return CLI_OK;
}
