/*
 * tls_opts.c - the options `cssl connect` and `cssl serve` share, and the
 * context they describe: Python's create_default_context(purpose, cafile,
 * capath) followed by the attribute settings a Python script would make.
 */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

const char *cli_option_value(const char *name, int argc, char **argv, int *i, bool *missing)
{
    size_t n = strlen(name);
    const char *arg = argv[*i];
    *missing = false;
    if (strncmp(arg, name, n) != 0) {
        return NULL;
    }
    if (arg[n] == '=') {
        return arg + n + 1;
    }
    if (arg[n] != '\0') {
        return NULL;
    }
    if (*i + 1 >= argc) {
        *missing = true;
        return NULL;
    }
    *i += 1;
    return argv[*i];
}

bool cli_parse_port(const char *s, int *port)
{
    char *end = NULL;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (*s == '\0' || *end != '\0' || errno != 0 || v < 0 || v > 65535) {
        return false;
    }
    *port = (int)v;
    return true;
}

/* TIMEOUT may be NULL: the text is only checked. */
bool cli_parse_timeout(const char *s, double *timeout)
{
    char *end = NULL;
    errno = 0;
    double v = strtod(s, &end);
    if (*s == '\0' || *end != '\0' || errno != 0 || !isfinite(v) || v < 0) {
        return false;
    }
    if (timeout != NULL) {
        *timeout = v;
    }
    return true;
}

/* TLSVersion names as `openssl s_client` and Python's ssl.TLSVersion spell
 * them. */
static int parse_version(const char *s)
{
    static const struct {
        const char *name;
        int value;
    } names[] = {
        {"SSLv3", CSSL_TLSVERSION_SSLv3},
        {"TLSv1", CSSL_TLSVERSION_TLSv1},
        {"TLSv1.0", CSSL_TLSVERSION_TLSv1},
        {"TLSv1.1", CSSL_TLSVERSION_TLSv1_1},
        {"TLSv1_1", CSSL_TLSVERSION_TLSv1_1},
        {"TLSv1.2", CSSL_TLSVERSION_TLSv1_2},
        {"TLSv1_2", CSSL_TLSVERSION_TLSv1_2},
        {"TLSv1.3", CSSL_TLSVERSION_TLSv1_3},
        {"TLSv1_3", CSSL_TLSVERSION_TLSv1_3},
        {"MINIMUM_SUPPORTED", CSSL_TLSVERSION_MINIMUM_SUPPORTED},
        {"MAXIMUM_SUPPORTED", CSSL_TLSVERSION_MAXIMUM_SUPPORTED},
    };
    for (size_t k = 0; k < sizeof(names) / sizeof(names[0]); k++) {
        if (strcmp(s, names[k].name) == 0) {
            return names[k].value;
        }
    }
    return 0;
}

/* --alpn is repeatable and takes comma lists: "--alpn h2,http/1.1". */
static int add_alpn(const char *cmd, const char *list, cli_tls_opts *o)
{
    const char *p = list;
    while (*p != '\0') {
        const char *comma = strchr(p, ',');
        size_t n = comma != NULL ? (size_t)(comma - p) : strlen(p);
        if (n == 0) {
            return cli_usage_error(cmd, "--alpn: empty protocol name in '%s'", list);
        }
        if (o->alpn_count == CLI_MAX_ALPN) {
            return cli_usage_error(cmd, "--alpn: at most %d protocols", CLI_MAX_ALPN);
        }
        char *name = strndup(p, n);
        if (name == NULL) {
            return cli_usage_error(cmd, "out of memory");
        }
        o->alpn[o->alpn_count++] = name;
        p += n + (comma != NULL);
    }
    return 0;
}

/* Options that take a string value and store it as is. */
static const char **string_slot(const char *name, cli_tls_opts *o)
{
    static const char *const names[] = {
        "--cafile", "--capath",          "--cert",    "--key", "--password",
        "--sni",    "--server-hostname", "--ciphers", "--host"};
    const char **slots[] = {&o->cafile, &o->capath, &o->cert,    &o->key, &o->password,
                            &o->sni,    &o->sni,    &o->ciphers, &o->host};
    for (size_t k = 0; k < sizeof(names) / sizeof(names[0]); k++) {
        if (strcmp(name, names[k]) == 0) {
            return slots[k];
        }
    }
    return NULL;
}

static const char *const VALUE_OPTIONS[] = {
    "--cafile",      "--capath",          "--cert",    "--key",    "--password",
    "--sni",         "--server-hostname", "--ciphers", "--host",   "--alpn",
    "--min-version", "--max-version",     "--port",    "--timeout"};

/* Store the value of option `name`; 0 or a usage error. */
static int store_value(const char *cmd, const char *name, const char *v, cli_tls_opts *o)
{
    const char **slot = string_slot(name, o);
    if (slot != NULL) {
        *slot = v;
        return 0;
    }
    if (strcmp(name, "--alpn") == 0) {
        return add_alpn(cmd, v, o);
    }
    if (strcmp(name, "--min-version") == 0 || strcmp(name, "--max-version") == 0) {
        int version = parse_version(v);
        if (version == 0) {
            return cli_usage_error(cmd, "%s: unknown TLS version '%s' (TLSv1.2, TLSv1.3, ...)",
                                   name, v);
        }
        *(strcmp(name, "--min-version") == 0 ? &o->min_version : &o->max_version) = version;
        return 0;
    }
    if (strcmp(name, "--port") == 0) {
        return cli_parse_port(v, &o->port) ? 0 : cli_usage_error(cmd, "bad port '%s'", v);
    }
    return cli_parse_timeout(v, &o->timeout) ? 0 : cli_usage_error(cmd, "bad timeout '%s'", v);
}

int cli_tls_option(const char *cmd, int argc, char **argv, int *i, cli_tls_opts *o)
{
    if (strcmp(argv[*i], "--no-verify") == 0) {
        o->no_verify = true;
        return 1;
    }
    if (strcmp(argv[*i], "--verify-client") == 0) {
        o->verify_client = true;
        return 1;
    }
    for (size_t k = 0; k < sizeof(VALUE_OPTIONS) / sizeof(VALUE_OPTIONS[0]); k++) {
        bool missing = false;
        const char *v = cli_option_value(VALUE_OPTIONS[k], argc, argv, i, &missing);
        if (missing) {
            cli_usage_error(cmd, "%s needs a value", VALUE_OPTIONS[k]);
            return -1;
        }
        if (v != NULL) {
            return store_value(cmd, VALUE_OPTIONS[k], v, o) == 0 ? 1 : -1;
        }
    }
    return 0;
}

/* The settings after create_default_context(), in the order a Python
 * script makes them: check_hostname before verify_mode (Python refuses
 * CERT_NONE while check_hostname is on). */
static cssl_err configure(cssl_context *ctx, const cli_tls_opts *o)
{
    cssl_err rc = CSSL_OK;
    if (o->no_verify) {
        if ((rc = cssl_context_set_check_hostname(ctx, false)) < 0 ||
            (rc = cssl_context_set_verify_mode(ctx, CSSL_CERT_NONE)) < 0) {
            return rc;
        }
    }
    if (o->verify_client && (rc = cssl_context_set_verify_mode(ctx, CSSL_CERT_REQUIRED)) < 0) {
        return rc;
    }
    if (o->cert != NULL &&
        (rc = cssl_context_load_cert_chain(ctx, o->cert, o->key, o->password)) < 0) {
        return rc;
    }
    if (o->ciphers != NULL && (rc = cssl_context_set_ciphers(ctx, o->ciphers)) < 0) {
        return rc;
    }
    if (o->alpn_count > 0 &&
        (rc = cssl_context_set_alpn_protocols(ctx, o->alpn, o->alpn_count)) < 0) {
        return rc;
    }
    if (o->min_version != 0 && (rc = cssl_context_set_minimum_version(ctx, o->min_version)) < 0) {
        return rc;
    }
    if (o->max_version != 0 && (rc = cssl_context_set_maximum_version(ctx, o->max_version)) < 0) {
        return rc;
    }
    return CSSL_OK;
}

cssl_context *cli_tls_context(cssl_purpose purpose, const cli_tls_opts *o)
{
    cssl_context *ctx = cssl_create_default_context(purpose, o->cafile, o->capath, NULL, 0);
    if (ctx == NULL) {
        cli_fail();
        return NULL;
    }
    if (configure(ctx, o) < 0) {
        cli_fail();
        cssl_context_free(ctx);
        return NULL;
    }
    return ctx;
}

void cli_tls_opts_init(cli_tls_opts *o)
{
    memset(o, 0, sizeof(*o));
    o->port = -1;
    o->timeout = -1.0;
}

void cli_tls_opts_free(cli_tls_opts *o)
{
    for (size_t k = 0; k < o->alpn_count; k++) {
        free((void *)o->alpn[k]);
    }
    o->alpn_count = 0;
}

void cli_repr_str(FILE *out, const char *s)
{
    if (s == NULL) {
        fputs("None", out);
        return;
    }
    /* Python picks double quotes only for a string with ' and no ". */
    char q = (strchr(s, '\'') != NULL && strchr(s, '"') == NULL) ? '"' : '\'';
    fputc(q, out);
    for (; *s != '\0'; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '\\' || c == (unsigned char)q) {
            fprintf(out, "\\%c", c);
        } else if (c == '\n' || c == '\r' || c == '\t') {
            fputs(c == '\n' ? "\\n" : c == '\r' ? "\\r" : "\\t", out);
        } else if (c < 0x20 || c == 0x7F) {
            fprintf(out, "\\x%02x", c);
        } else {
            fputc(c, out);
        }
    }
    fputc(q, out);
}
