/* util.c - error reporting, input and JSON helpers shared by the commands. */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>

#include "cli.h"

int cli_fail(void)
{
    const cssl_error *e = cssl_last_error();
    const char *name = cssl_err_name(e->code);
    if (e->message[0] != '\0') {
        fprintf(stderr, "%s: %s\n", name ? name : "Error", e->message);
    } else {
        fprintf(stderr, "%s\n", name ? name : "Error");
    }
    /* A certificate that does not verify is a failed check even though
     * Python also makes it a ValueError. */
    if (e->code == CSSL_E_CERT_VERIFICATION) {
        return CLI_CHECK_FAILED;
    }
    if (e->code == CSSL_E_VALUE || e->code == CSSL_E_TYPE || e->code == CSSL_E_NOT_SUPPORTED) {
        return CLI_USAGE;
    }
    return CLI_CHECK_FAILED;
}

int cli_usage_error(const char *cmd, const char *fmt, ...)
{
    va_list ap;
    fprintf(stderr, "cssl %s: ", cmd);
    va_start(ap, fmt);
    /* False positive of clang 14's valist checker: va_start() just initialized ap. */
    /* NOLINTNEXTLINE(clang-analyzer-valist.Uninitialized) */
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fprintf(stderr, "\n(see 'cssl %s --help')\n", cmd);
    return CLI_USAGE;
}

bool cli_is_help(const char *arg)
{
    return strcmp(arg, "-h") == 0 || strcmp(arg, "--help") == 0;
}

char *cli_read_input(const char *path, size_t *len)
{
    bool use_stdin = path == NULL || strcmp(path, "-") == 0;
    FILE *f = use_stdin ? stdin : fopen(path, "rb");
    if (f == NULL) {
        /* Python's OSError text; cssl reports every errno as OSError. */
        fprintf(stderr, "OSError: [Errno %d] %s: '%s'\n", errno, strerror(errno), path);
        return NULL;
    }
    size_t cap = 8192, n = 0;
    char *buf = malloc(cap);
    while (buf != NULL) {
        size_t r = fread(buf + n, 1, cap - n - 1, f);
        n += r;
        if (r == 0) {
            break;
        }
        if (cap - n - 1 == 0) {
            char *bigger = realloc(buf, cap * 2);
            if (bigger == NULL) {
                free(buf);
                buf = NULL;
                break;
            }
            buf = bigger;
            cap *= 2;
        }
    }
    bool failed = ferror(f);
    if (!use_stdin) {
        fclose(f);
    }
    if (buf == NULL || failed) {
        fprintf(stderr, "OSError: cannot read %s\n", use_stdin ? "standard input" : path);
        free(buf);
        return NULL;
    }
    buf[n] = '\0';
    *len = n;
    return buf;
}

uint32_t cli_utf8_next(const unsigned char *s, size_t avail, size_t *n)
{
    static const uint32_t min_cp[] = {0, 0, 0x80, 0x800, 0x10000};
    size_t len = s[0] < 0x80         ? 1
                 : (s[0] >> 5) == 6  ? 2
                 : (s[0] >> 4) == 14 ? 3
                 : (s[0] >> 3) == 30 ? 4
                                     : 0;
    uint32_t cp = len == 1 ? s[0] : (uint32_t)(s[0] & (0x7F >> len));
    bool ok = len != 0 && len <= avail;
    for (size_t i = 1; ok && i < len; i++) {
        ok = (s[i] & 0xC0) == 0x80;
        cp = (cp << 6) | (s[i] & 0x3F);
    }
    /* Python's decoder refuses overlong forms, surrogates and values past
     * U+10FFFF (RFC 3629), so each of their bytes is escaped alone. */
    if (!ok || cp < min_cp[len] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
        *n = 1;
        return 0xDC00u + s[0];
    }
    *n = len;
    return cp;
}

/* json.encoder's ESCAPE_ASCII: two-character escapes where JSON has them,
 * \uXXXX for every other character outside ' '..'~' (astral ones as a
 * UTF-16 surrogate pair). */
static void json_char(FILE *out, uint32_t cp)
{
    static const char *const short_escape[] = {
        ['"'] = "\\\"", ['\\'] = "\\\\", ['\n'] = "\\n", ['\r'] = "\\r",
        ['\t'] = "\\t", ['\b'] = "\\b",  ['\f'] = "\\f",
    };
    const size_t n_short = sizeof(short_escape) / sizeof(short_escape[0]);
    if (cp < n_short && short_escape[cp] != NULL) {
        fputs(short_escape[cp], out);
    } else if (cp >= 0x20 && cp < 0x7F) {
        fputc((int)cp, out);
    } else if (cp < 0x10000) {
        fprintf(out, "\\u%04x", (unsigned)cp);
    } else {
        cp -= 0x10000;
        fprintf(out, "\\u%04x\\u%04x", (unsigned)(0xD800 | (cp >> 10)),
                (unsigned)(0xDC00 | (cp & 0x3FF)));
    }
}

void cli_json_str(FILE *out, const char *s, size_t len)
{
    const unsigned char *p = (const unsigned char *)s;
    fputc('"', out);
    for (size_t i = 0, n; i < len; i += n) {
        json_char(out, cli_utf8_next(p + i, len - i, &n));
    }
    fputc('"', out);
}

void cli_sha256_hex(const void *data, size_t len, char hex[65])
{
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int n = 0;
    hex[0] = '\0';
    if (EVP_Digest(data, len, md, &n, EVP_sha256(), NULL) != 1) {
        return;
    }
    for (unsigned int k = 0; k < n && k < 32; k++) {
        snprintf(hex + 2 * (size_t)k, 3, "%02x", md[k]);
    }
}
