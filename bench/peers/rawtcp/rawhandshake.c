/* The handshake ceiling: the least a WebSocket server can do to accept a connection. One epoll loop,
 * accept4(), read the request head, answer 101 with the RFC 6455 accept key (SHA-1 and base64 from
 * OpenSSL's libcrypto), then hold the connection and discard what arrives until the peer closes.
 * It measures how fast a client can open connections when the server is not the limit.
 * Usage: rawhandshake PORT */
#include "loopback.h"

#include <openssl/evp.h>
#include <openssl/sha.h>
#include <string.h>
#include <strings.h>
#include <sys/resource.h>

enum { kHeadMax = 4096 };

struct Pending {
    int used; /* -1: upgraded */
    char head[kHeadMax];
};

static struct Pending **pending; /* by fd */
static rlim_t max_files;

static int track(int client)
{
    if ((rlim_t)client >= max_files)
        return 0;
    pending[client] = calloc(1, sizeof(struct Pending));
    return 1;
}

static const char *find_key(const char *head, int *length)
{
    for (const char *line = head; (line = strstr(line, "\r\n")) != NULL;) {
        line += 2;
        if (strncasecmp(line, "Sec-WebSocket-Key:", 18) != 0)
            continue;
        const char *value = line + 18;
        while (*value == ' ')
            ++value;
        const char *end = strstr(value, "\r\n");
        *length = end ? (int)(end - value) : 0;
        return end ? value : NULL;
    }
    return NULL;
}

/* 1: answered, 0: head incomplete, -1: bad request */
static int answer(int fd, struct Pending *p)
{
    p->head[p->used] = '\0';
    if (!strstr(p->head, "\r\n\r\n"))
        return p->used < kHeadMax - 1 ? 0 : -1;
    int length = 0;
    const char *key = find_key(p->head, &length);
    if (!key || length > 64)
        return -1;
    char joined[128];
    memcpy(joined, key, (size_t)length);
    memcpy(joined + length, "258EAFA5-E914-47DA-95CA-C5AB0DC85B11", 36);
    unsigned char digest[SHA_DIGEST_LENGTH];
    SHA1((const unsigned char *)joined, (size_t)length + 36, digest);
    char accept[32];
    EVP_EncodeBlock((unsigned char *)accept, digest, SHA_DIGEST_LENGTH);
    char reply[256];
    int n = snprintf(reply, sizeof reply,
                     "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                     "Sec-WebSocket-Accept: %s\r\n\r\n", accept);
    return write(fd, reply, (size_t)n) == n ? 1 : -1;
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: rawhandshake PORT\n");
        return 2;
    }
    struct rlimit files;
    getrlimit(RLIMIT_NOFILE, &files);
    max_files = files.rlim_cur;
    pending = calloc(max_files, sizeof *pending);
    int epoll;
    int listener = loopback_listen(atoi(argv[1]), SO_REUSEADDR, 16384, "rawhandshake: bind/listen", &epoll);
    struct epoll_event ready[256];
    char discard[65536];
    for (;;) {
        int n = epoll_wait(epoll, ready, 256, -1);
        for (int i = 0; i < n; ++i) {
            int fd = ready[i].data.fd;
            if (fd == listener) {
                accept_pending(listener, epoll, track);
                continue;
            }
            struct Pending *p = pending[fd];
            ssize_t got = p->used < 0 ? read(fd, discard, sizeof discard) : read(fd, p->head + p->used, (size_t)(kHeadMax - 1 - p->used));
            int verdict = 0;
            if (got > 0 && p->used >= 0) {
                p->used += (int)got;
                verdict = answer(fd, p);
                if (verdict == 1)
                    p->used = -1;
            }
            if (got <= 0 || verdict < 0) {
                free(p);
                pending[fd] = NULL;
                close(fd);
            }
        }
    }
}
