/* The ceiling no WebSocket server on this box can pass: a plain TCP echo server, one epoll loop per
 * thread, SO_REUSEPORT so the kernel spreads connections over the threads, level-triggered, echoing
 * whatever arrives with one read() and one write(). Usage: rawecho PORT THREADS */
#include "loopback.h"

#include <netinet/tcp.h>
#include <pthread.h>

static int port;

static int no_delay(int client)
{
    int one = 1;
    setsockopt(client, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    return 1;
}

static void *loop(void *unused)
{
    (void)unused;
    int epoll;
    int listener = loopback_listen(port, SO_REUSEPORT, 4096, "rawecho: bind/listen", &epoll);
    struct epoll_event ready[256];
    char buffer[65536];
    for (;;) {
        int n = epoll_wait(epoll, ready, 256, -1);
        for (int i = 0; i < n; ++i) {
            int fd = ready[i].data.fd;
            if (fd == listener) {
                accept_pending(listener, epoll, no_delay);
                continue;
            }
            ssize_t got = read(fd, buffer, sizeof buffer);
            if (got <= 0 || write(fd, buffer, (size_t)got) != got)
                close(fd); /* a short write only happens under back-pressure the benchmark never builds */
        }
    }
    return NULL;
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: rawecho PORT THREADS\n");
        return 2;
    }
    port = atoi(argv[1]);
    int threads = atoi(argv[2]);
    pthread_t ids[64];
    for (int i = 0; i < threads && i < 64; ++i)
        pthread_create(&ids[i], NULL, loop, NULL);
    pthread_join(ids[0], NULL);
    return 0;
}
