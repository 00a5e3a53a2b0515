/* util.c - error reporting, input and JSON helpers shared by the commands. */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

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

void cli_json_str(FILE *out, const char *s, size_t len)
{
    fputc('"', out);
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        switch (c) {
        case '"': fputs("\\\"", out); break;
        case '\\': fputs("\\\\", out); break;
        case '\n': fputs("\\n", out); break;
        case '\r': fputs("\\r", out); break;
        case '\t': fputs("\\t", out); break;
        case '\b': fputs("\\b", out); break;
        case '\f': fputs("\\f", out); break;
        default:
            if (c < 0x20 || c == 0x7F) {
                fprintf(out, "\\u%04x", c);
            } else if (c < 0x80) {
                fputc(c, out);
            } else {
                /* Decode UTF-8 and escape as json.dumps(ensure_ascii=True). */
                unsigned cp = 0;
                size_t n = (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 1;
                if (n == 1 || i + n > len) {
                    fprintf(out, "\\u%04x", 0xDC00 + c);
                    break;
                }
                cp = c & (0x7F >> n);
                for (size_t k = 1; k < n; k++) {
                    cp = (cp << 6) | ((unsigned char)s[i + k] & 0x3F);
                }
                i += n - 1;
                if (cp < 0x10000) {
                    fprintf(out, "\\u%04x", cp);
                } else {
                    cp -= 0x10000;
                    fprintf(out, "\\u%04x\\u%04x", 0xD800 | (cp >> 10), 0xDC00 | (cp & 0x3FF));
                }
            }
        }
    }
    fputc('"', out);
}
