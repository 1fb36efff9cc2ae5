/* What the raw peers share: a non-blocking listener on 127.0.0.1 in a new epoll set, and accepting
 * every pending connection into that set. Header-only: each peer is one gcc command. */
#pragma once
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

/* option: SO_REUSEPORT (threads sharing the port) or SO_REUSEADDR. Exits on failure. */
static int loopback_listen(int port, int option, int backlog, const char *who, int *epoll)
{
    int listener = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
    int one = 1;
    setsockopt(listener, SOL_SOCKET, option, &one, sizeof one);
    struct sockaddr_in address = {.sin_family = AF_INET, .sin_port = htons(port), .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    if (bind(listener, (struct sockaddr *)&address, sizeof address) != 0 || listen(listener, backlog) != 0) {
        perror(who);
        exit(1);
    }
    *epoll = epoll_create1(0);
    struct epoll_event event = {.events = EPOLLIN, .data.fd = listener};
    epoll_ctl(*epoll, EPOLL_CTL_ADD, listener, &event);
    return listener;
}

/* Accepts until the queue is empty; a connection `admit` returns 0 for is closed, not watched. */
static void accept_pending(int listener, int epoll, int (*admit)(int client))
{
    int client;
    while ((client = accept4(listener, NULL, NULL, SOCK_NONBLOCK)) >= 0) {
        if (!admit(client)) {
            close(client);
            continue;
        }
        struct epoll_event event = {.events = EPOLLIN, .data.fd = client};
        epoll_ctl(epoll, EPOLL_CTL_ADD, client, &event);
    }
}
