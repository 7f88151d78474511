/* SPDX-License-Identifier: GPL-2.0-only */
/* IPv4/IPv6 socket address helpers shared by SIP and media. */
#ifndef PRIGATE_SOCKADDR_H
#define PRIGATE_SOCKADDR_H

#include <stdbool.h>
#include <sys/socket.h>

/* same family, address and port */
bool sa_equal(const struct sockaddr_storage *a, const struct sockaddr_storage *b);
/* the length to pass to sendto/bind for a's family */
/* the same address, whatever the ports */
bool sa_same_ip(const struct sockaddr_storage *a, const struct sockaddr_storage *b);
socklen_t sa_len(const struct sockaddr_storage *a);

#endif
