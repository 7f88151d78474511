/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Next hop and its link-layer address, asked of the kernel over rtnetlink
 * (RTM_GETROUTE, RTM_GETNEIGH), for the AF_XDP engine, which writes its
 * own Ethernet headers. Blocking calls: for the engine's housekeeping,
 * never the per-packet path.
 */
#ifndef PRIGATE_NEIGH_H
#define PRIGATE_NEIGH_H

#include <stdint.h>

struct neigh_nl {
	int fd;
	uint32_t seq;
};

int neigh_open(struct neigh_nl *nl);
void neigh_close(struct neigh_nl *nl);

/*
 * The route to daddr (network order): *oif is the output interface and
 * *nexthop the gateway, or daddr itself when it is on the link.
 */
int neigh_route4(struct neigh_nl *nl, uint32_t daddr, uint32_t *nexthop, int *oif);

/*
 * The MAC of ip on ifindex from the kernel's neighbour table: 0, or
 * -ENOENT while it has no usable entry (incomplete, failed, none).
 */
int neigh_lookup4(struct neigh_nl *nl, int ifindex, uint32_t ip, uint8_t mac[6]);

#endif
