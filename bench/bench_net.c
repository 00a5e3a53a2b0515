/*
 * bench_net.c - what the benchmark programs share that is not TLS: TCP on
 * 127.0.0.1, clocks, resident memory, and the checked bulk pattern.
 */
#include "bench_util.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

const char *bench_stack_name = "bench";

int bench_fail(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "%s: ", bench_stack_name);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    return -1;
}

/* Every stack gets the same socket options: Nagle off, so that a TLS
 * flight written in several records never waits for a delayed ACK. */
static void tune(int fd)
{
    int one = 1;
    (void)setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
}

int bench_listen(int *port)
{
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    socklen_t len = sizeof(a);
    int one = 1;
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return bench_fail("socket: %s", strerror(errno));
    (void)setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
    if (bind(fd, (struct sockaddr *)&a, sizeof(a)) != 0 || listen(fd, 4096) != 0 ||
        getsockname(fd, (struct sockaddr *)&a, &len) != 0) {
        bench_fail("bind/listen: %s", strerror(errno));
        close(fd);
        return -1;
    }
    *port = ntohs(a.sin_port);
    return fd;
}

int bench_accept(int lfd)
{
    int fd = accept(lfd, NULL, NULL);
    if (fd >= 0)
        tune(fd);
    return fd;
}

int bench_connect(int port)
{
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK),
                            .sin_port = htons((uint16_t)port)};
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return bench_fail("socket: %s", strerror(errno));
    tune(fd);
    if (connect(fd, (struct sockaddr *)&a, sizeof(a)) != 0) {
        bench_fail("connect: %s", strerror(errno));
        close(fd);
        return -1;
    }
    return fd;
}

double bench_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

double bench_cpu(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void bench_sleep_until(double t)
{
    struct timespec ts = {.tv_sec = (time_t)t, .tv_nsec = (long)((t - (double)(time_t)t) * 1e9)};
    while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL) == EINTR) {
    }
}

long bench_rss_kib(void)
{
    long pages = 0, resident = 0;
    FILE *f = fopen("/proc/self/statm", "r");
    if (f == NULL)
        return -1;
    if (fscanf(f, "%ld %ld", &pages, &resident) != 2)
        resident = -1;
    fclose(f);
    return resident < 0 ? -1 : resident * (sysconf(_SC_PAGESIZE) / 1024);
}

/* The pattern: 64 KiB of xorshift64 output from the seed; block b is 16 KiB
 * of it from an offset that moves with b, its first 8 bytes replaced by b
 * (little endian), so that a lost, repeated or reordered block is seen.
 * bench_py.py computes the same bytes. */
void bench_pattern_init(unsigned char pat[BENCH_PATTERN], uint64_t seed)
{
    uint64_t x = seed | 1;
    for (size_t i = 0; i < BENCH_PATTERN; i += 8) {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        for (size_t k = 0; k < 8; k++)
            pat[i + k] = (unsigned char)(x >> (8 * k));
    }
}

static size_t block_offset(uint64_t b)
{
    return (size_t)((b * 1031) % 6145) * 8;
}

static void put_le64(unsigned char *p, uint64_t v)
{
    for (size_t k = 0; k < 8; k++)
        p[k] = (unsigned char)(v >> (8 * k));
}

void bench_block_make(unsigned char *out, const unsigned char *pat, uint64_t b)
{
    memcpy(out, pat + block_offset(b), BENCH_BLOCK);
    put_le64(out, b);
}

bool bench_block_check(const unsigned char *in, const unsigned char *pat, uint64_t b)
{
    unsigned char head[8];
    put_le64(head, b);
    return memcmp(in, head, 8) == 0 &&
           memcmp(in + 8, pat + block_offset(b) + 8, BENCH_BLOCK - 8) == 0;
}
