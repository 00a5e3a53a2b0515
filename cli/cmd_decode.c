/*
 * cmd_decode.c - cssl decode [--json | --repr | --pprint] FILE:
 * ssl._ssl._test_decode_cert(FILE), printed as pprint.pformat() (the
 * default, as Python's docs show a certificate), json.dumps() or repr().
 */
#include <stdlib.h>
#include <string.h>

#include "cli.h"

typedef enum { OUT_PPRINT, OUT_JSON, OUT_REPR } out_format;

static void help(FILE *out)
{
    fprintf(out, "usage: cssl decode [--json | --repr | --pprint] FILE\n\n"
                 "Decode the first PEM certificate of FILE into the dict Python's\n"
                 "ssl._ssl._test_decode_cert(FILE) returns (getpeercert() of a verified peer).\n\n"
                 "  --pprint   print it as pprint.pformat(dict) does (the default)\n"
                 "  --json     print it as json.dumps(dict) does (tuples become arrays)\n"
                 "  --repr     print it as repr(dict) does\n\n"
                 "cssl extension: a FILE with no \"-----BEGIN\" line is read as one DER\n"
                 "certificate; if it is not one either, the error is Python's for a file\n"
                 "without a PEM certificate.\n\n"
                 "Errors are printed as Python words them, e.g.\n"
                 "  SSLError: (\"Can't open file\",)\n"
                 "  SSLError: ('Error decoding PEM-encoded file',)\n"
                 "Exit status: 0 decoded, 2 bad usage or a file that does not decode.\n");
}

/* DER only when there is no PEM header at all (cssl's extension). */
static bool looks_like_der(const char *data, size_t len)
{
    static const char marker[] = "-----BEGIN";
    const size_t mlen = sizeof(marker) - 1;
    for (size_t i = 0; i + mlen <= len; i++) {
        if (memcmp(data + i, marker, mlen) == 0) {
            return false;
        }
    }
    return true;
}

/* The whole file, or NULL when it cannot be read (a directory, say):
 * quietly, since Python's own error for it comes from cssl_decode_cert(). */
static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL) {
        return NULL;
    }
    size_t cap = 0;
    char *data = NULL;
    *len = 0;
    for (;;) {
        if (*len == cap) {
            char *bigger = realloc(data, cap = cap ? cap * 2 : 16384);
            if (bigger == NULL) {
                break;
            }
            data = bigger;
        }
        size_t n = fread(data + *len, 1, cap - *len, f);
        *len += n;
        if (n == 0) {
            break;
        }
    }
    bool ok = !ferror(f) && data != NULL && *len < cap;
    fclose(f);
    if (!ok) {
        free(data);
        return NULL;
    }
    return data;
}

/* Decode as _test_decode_cert does; a readable file without a PEM header
 * is tried as DER first.  Python's own error wins when that fails too. */
static cssl_cert_info *decode_file(const char *path)
{
    size_t len = 0;
    char *data = slurp(path, &len);
    cssl_cert_info *info = NULL;
    if (data != NULL && len > 0 && looks_like_der(data, len)) {
        info = cssl_cert_info_from_der(data, len);
    }
    free(data);
    return info != NULL ? info : cssl_decode_cert(path);
}

static char *render(const cssl_cert_info *info, out_format format)
{
    switch (format) {
    case OUT_JSON:
        return cssl_cert_info_to_json(info);
    case OUT_REPR:
        return cssl_cert_info_to_repr(info);
    default:
        return cssl_cert_info_to_pprint(info);
    }
}

static int parse_args(int argc, char **argv, out_format *format, const char **path)
{
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--json") == 0) {
            *format = OUT_JSON;
        } else if (strcmp(argv[i], "--repr") == 0) {
            *format = OUT_REPR;
        } else if (strcmp(argv[i], "--pprint") == 0) {
            *format = OUT_PPRINT;
        } else if (argv[i][0] == '-' && argv[i][1] != '\0') {
            return cli_usage_error(argv[0], "unknown option '%s'", argv[i]);
        } else if (*path != NULL) {
            return cli_usage_error(argv[0], "one FILE only");
        } else {
            *path = argv[i];
        }
    }
    if (*path == NULL) {
        return cli_usage_error(argv[0], "FILE is required");
    }
    return CLI_OK;
}

int cmd_decode(int argc, char **argv)
{
    for (int i = 1; i < argc; i++) {
        if (cli_is_help(argv[i])) {
            help(stdout);
            return CLI_OK;
        }
    }
    out_format format = OUT_PPRINT;
    const char *path = NULL;
    int rc = parse_args(argc, argv, &format, &path);
    if (rc != CLI_OK) {
        return rc;
    }
    cssl_cert_info *info = decode_file(path);
    if (info == NULL) {
        (void)cli_fail();
        return CLI_USAGE; /* a file that does not decode is bad input */
    }
    char *text = render(info, format);
    cssl_cert_info_free(info);
    if (text == NULL) {
        return cli_fail();
    }
    printf("%s\n", text);
    cssl_free(text);
    return CLI_OK;
}
