/* Drives rawecho like socketscope-load drives a WebSocket echo: CONNECTIONS sockets, WINDOW messages
 * of SIZE bytes in flight on each, for SECONDS; prints "msgs_per_sec". Usage:
 * rawclient PORT CONNECTIONS SIZE WINDOW SECONDS */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
    if (argc != 6) {
        fprintf(stderr, "usage: rawclient PORT CONNECTIONS SIZE WINDOW SECONDS\n");
        return 2;
    }
    int port = atoi(argv[1]), connections = atoi(argv[2]), size = atoi(argv[3]), window = atoi(argv[4]);
    double seconds = atof(argv[5]);
    int epoll = epoll_create1(0);
    int *pending = calloc((size_t)connections + 1024, sizeof(int)); /* bytes still to come back, by fd */
    char *message = calloc((size_t)size * (size_t)window, 1); /* room for a whole window of replies */
    char buffer[65536];
    struct sockaddr_in address = {.sin_family = AF_INET, .sin_port = htons(port), .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    int one = 1;
    for (int i = 0; i < connections; ++i) {
        int fd = socket(AF_INET, SOCK_STREAM, 0);
        if (connect(fd, (struct sockaddr *)&address, sizeof address) != 0) {
            perror("rawclient: connect");
            return 1;
        }
        setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        struct epoll_event e = {.events = EPOLLIN, .data.fd = fd};
        epoll_ctl(epoll, EPOLL_CTL_ADD, fd, &e);
        if (write(fd, message, (size_t)size * (size_t)window) < 0)
            return 1;
        pending[fd] = size * window;
    }
    long long messages = 0;
    long long bytes = 0;
    const double start = now();
    struct epoll_event ready[256];
    while (now() - start < seconds) {
        int n = epoll_wait(epoll, ready, 256, 100);
        for (int i = 0; i < n; ++i) {
            int fd = ready[i].data.fd;
            ssize_t got = read(fd, buffer, sizeof buffer);
            if (got <= 0)
                return 1;
            bytes += got;
            pending[fd] -= (int)got;
            /* each whole message back = one more out (a closed loop with WINDOW in flight), all of them in
             * one write, as a WebSocket server writes all replies of one read */
            int replies = 0;
            while (pending[fd] + replies * size <= size * (window - 1))
                ++replies;
            if (replies > 0) {
                if (write(fd, message, (size_t)size * (size_t)replies) != size * replies)
                    return 1;
                pending[fd] += size * replies;
                messages += replies;
            }
        }
    }
    printf("%.0f\n", messages / (now() - start));
    return 0;
}
