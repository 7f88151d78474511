// SPDX-License-Identifier: GPL-2.0-only
/*
 * rtnetlink route and neighbour queries (IPv4) for the AF_XDP media
 * engine's transmit path.
 */
#include <errno.h>
#include <linux/neighbour.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <poll.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "neigh.h"

#define NL_BUF 16384
#define NUD_USABLE (NUD_REACHABLE | NUD_STALE | NUD_DELAY | NUD_PROBE | NUD_PERMANENT | NUD_NOARP)

int neigh_open(struct neigh_nl *nl)
{
	struct sockaddr_nl sa = {.nl_family = AF_NETLINK};

	nl->fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
	if (nl->fd < 0)
		return -errno;
	if (bind(nl->fd, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
		int err = -errno;

		close(nl->fd);
		nl->fd = -1;
		return err;
	}
	nl->seq = 1;
	return 0;
}

void neigh_close(struct neigh_nl *nl)
{
	if (nl->fd >= 0)
		close(nl->fd);
	nl->fd = -1;
}

/* one reply datagram to our request, 1 s at most; returns its length */
static int nl_recv(struct neigh_nl *nl, void *buf, size_t len)
{
	struct pollfd p = {.fd = nl->fd, .events = POLLIN};
	ssize_t n;

	if (poll(&p, 1, 1000) <= 0)
		return -ETIMEDOUT;
	n = recv(nl->fd, buf, len, 0);
	return n < 0 ? -errno : (int)n;
}

static void parse_rtattrs(struct rtattr *rta, int len, struct rtattr **tb, int max)
{
	memset(tb, 0, sizeof(*tb) * ((size_t)max + 1));
	for (; RTA_OK(rta, len); rta = RTA_NEXT(rta, len))
		if (rta->rta_type <= max)
			tb[rta->rta_type] = rta;
}

int neigh_route4(struct neigh_nl *nl, uint32_t daddr, uint32_t *nexthop, int *oif)
{
	struct {
		struct nlmsghdr nh;
		struct rtmsg rt;
		char attrs[16];
	} req;
	union {
		struct nlmsghdr nh;
		char b[NL_BUF];
	} rep;
	struct rtattr *rta, *tb[RTA_MAX + 1];
	struct nlmsghdr *nh;
	int n, len;

	memset(&req, 0, sizeof(req));
	req.nh.nlmsg_len = NLMSG_LENGTH(sizeof(struct rtmsg));
	req.nh.nlmsg_type = RTM_GETROUTE;
	req.nh.nlmsg_flags = NLM_F_REQUEST;
	req.nh.nlmsg_seq = ++nl->seq;
	req.rt.rtm_family = AF_INET;
	req.rt.rtm_dst_len = 32;
	rta = (struct rtattr *)((char *)&req + NLMSG_ALIGN(req.nh.nlmsg_len));
	rta->rta_type = RTA_DST;
	rta->rta_len = RTA_LENGTH(4);
	memcpy(RTA_DATA(rta), &daddr, 4);
	req.nh.nlmsg_len = NLMSG_ALIGN(req.nh.nlmsg_len) + RTA_LENGTH(4);
	if (send(nl->fd, &req, req.nh.nlmsg_len, 0) < 0)
		return -errno;
	for (;;) {
		n = nl_recv(nl, &rep, sizeof(rep));
		if (n < 0)
			return n;
		for (nh = &rep.nh; NLMSG_OK(nh, (unsigned)n); nh = NLMSG_NEXT(nh, n)) {
			if (nh->nlmsg_seq != nl->seq)
				continue;
			if (nh->nlmsg_type == NLMSG_ERROR) {
				struct nlmsgerr *e = NLMSG_DATA(nh);

				return e->error ? e->error : -ENOENT;
			}
			if (nh->nlmsg_type != RTM_NEWROUTE)
				continue;
			len = (int)RTM_PAYLOAD(nh);
			parse_rtattrs(RTM_RTA(NLMSG_DATA(nh)), len, tb, RTA_MAX);
			if (!tb[RTA_OIF])
				return -ENETUNREACH;
			memcpy(oif, RTA_DATA(tb[RTA_OIF]), sizeof(*oif));
			if (tb[RTA_GATEWAY])
				memcpy(nexthop, RTA_DATA(tb[RTA_GATEWAY]), 4);
			else
				*nexthop = daddr;
			return 0;
		}
	}
}

int neigh_lookup4(struct neigh_nl *nl, int ifindex, uint32_t ip, uint8_t mac[6])
{
	struct {
		struct nlmsghdr nh;
		struct ndmsg nd;
	} req;
	union {
		struct nlmsghdr nh;
		char b[NL_BUF];
	} rep;
	struct rtattr *tb[NDA_MAX + 1];
	struct nlmsghdr *nh;
	int n, found = -ENOENT;

	/* a dump of the IPv4 table, filtered here: the "get" form needs 4.18+ strict mode */
	memset(&req, 0, sizeof(req));
	req.nh.nlmsg_len = NLMSG_LENGTH(sizeof(struct ndmsg));
	req.nh.nlmsg_type = RTM_GETNEIGH;
	req.nh.nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
	req.nh.nlmsg_seq = ++nl->seq;
	req.nd.ndm_family = AF_INET;
	req.nd.ndm_ifindex = ifindex;
	if (send(nl->fd, &req, req.nh.nlmsg_len, 0) < 0)
		return -errno;
	for (;;) {
		n = nl_recv(nl, &rep, sizeof(rep));
		if (n < 0)
			return n;
		for (nh = &rep.nh; NLMSG_OK(nh, (unsigned)n); nh = NLMSG_NEXT(nh, n)) {
			struct ndmsg *nd = NLMSG_DATA(nh);

			if (nh->nlmsg_seq != nl->seq)
				continue;
			if (nh->nlmsg_type == NLMSG_DONE)
				return found;
			if (nh->nlmsg_type == NLMSG_ERROR) {
				struct nlmsgerr *e = NLMSG_DATA(nh);

				return e->error ? e->error : found;
			}
			if (nh->nlmsg_type != RTM_NEWNEIGH || nd->ndm_ifindex != ifindex ||
			    !(nd->ndm_state & NUD_USABLE))
				continue;
			parse_rtattrs((struct rtattr *)((char *)nd + NLMSG_ALIGN(sizeof(*nd))),
				      (int)NLMSG_PAYLOAD(nh, sizeof(*nd)), tb, NDA_MAX);
			if (!tb[NDA_DST] || !tb[NDA_LLADDR] || RTA_PAYLOAD(tb[NDA_DST]) != 4 ||
			    RTA_PAYLOAD(tb[NDA_LLADDR]) != 6 ||
			    memcmp(RTA_DATA(tb[NDA_DST]), &ip, 4))
				continue;
			memcpy(mac, RTA_DATA(tb[NDA_LLADDR]), 6);
			found = 0;
		}
	}
}
