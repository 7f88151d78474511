// SPDX-License-Identifier: GPL-2.0-only
/*
 * The AF_XDP media engine. bpf/media_xdp.bpf.c, attached to one interface,
 * steers UDP for the streams' ports on the interface's IPv4 addresses into
 * an AF_XDP socket on one RX queue; the engine reads the frames out of the
 * UMEM in place and writes whole Ethernet/IPv4/UDP frames into it to send.
 *
 * UMEM: the first half of the frames circulates fill ring -> RX ring ->
 * the media thread (until its next recv) -> fill ring; the second half is
 * a stack of transmit frames, taken by tx_buf and given back by the
 * completion ring.
 *
 * The streams' kernel sockets stay bound and are still read (through an
 * embedded sockets engine): they get what the program passes (other RX
 * queues, IP options, a port not yet in the map). Sending also falls back
 * to them while a destination's next-hop MAC is unknown, which makes the
 * kernel resolve it; housekeeping then asks rtnetlink for the route and
 * neighbour (neigh.c) and later packets bypass the kernel. A MAC seen on
 * a received packet is used until the kernel's answer replaces it.
 */
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <errno.h>
#include <ifaddrs.h>
#include <linux/if_link.h>
#include <linux/if_packet.h>
#include <linux/if_xdp.h>
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <unistd.h>
#include <xdp/xsk.h>

#include "media_io.h"
#include "media_xdp_obj.h" /* media_xdp_obj[]: the compiled bpf/media_xdp.bpf.c */
#include "neigh.h"
#include "netframe.h"

#define XDP_FRAME_SIZE 2048
#define XDP_NFRAMES 4096
#define XDP_RX_FRAMES (XDP_NFRAMES / 2)
#define XDP_TX_FRAMES (XDP_NFRAMES - XDP_RX_FRAMES)
#define XDP_RING 2048
#define NEIGH_SLOTS 256	       /* destinations (next hops) remembered */
#define NEIGH_REFRESH_MS 1000  /* re-ask the kernel this often */
#define NEIGH_PER_HOUSEKEEP 16 /* netlink queries per housekeeping call */

enum neigh_state {
	NEIGH_WANT,    /* unknown: sent through the kernel until resolved */
	NEIGH_LEARNED, /* MAC from a received packet, kernel not asked yet */
	NEIGH_OK,      /* from the kernel's neighbour table */
	NEIGH_KERNEL,  /* routed out of another interface: always the socket */
};

struct neigh_entry {
	uint32_t ip; /* destination, network order; 0: free */
	uint8_t state;
	uint8_t mac[6];
	uint64_t checked_ms;
};

struct xdp_slot {
	int fd;
	uint32_t saddr; /* network order */
	uint16_t sport; /* network order */
	uint8_t tos;
};

struct media_io_xdp {
	struct media_io io;
	struct media_io *sock; /* the streams' sockets */
	unsigned max_slots;
	struct xdp_slot *slots;
	int *slot_by_port;
	/* the interface */
	int ifindex;
	unsigned queue;
	uint8_t mac[6];
	uint32_t addrs[MEDIA_IO_MAX_ADDRS];
	unsigned naddrs;
	/* the program */
	struct bpf_object *obj;
	int prog_fd, ports_fd;
	uint32_t xdp_flags;
	bool attached;
	/* the socket */
	void *area;
	struct xsk_umem *umem;
	struct xsk_socket *xsk;
	int xsk_fd;
	struct xsk_ring_prod fill, tx;
	struct xsk_ring_cons comp, rx;
	uint64_t rx_held[MEDIA_IO_BATCH]; /* frames the thread is reading */
	unsigned nheld;
	uint64_t tx_free[XDP_TX_FRAMES];
	unsigned ntx_free;
	uint64_t tx_addr[MEDIA_IO_BATCH]; /* built, not yet on the TX ring */
	uint32_t tx_len[MEDIA_IO_BATCH];
	unsigned ntx;
	uint64_t tx_cur; /* handed out by tx_buf; UINT64_MAX: none */
	uint16_t ip_id;
	struct neigh_nl nl;
	struct neigh_entry neigh[NEIGH_SLOTS];
	struct media_io_stats st;
	char desc[128];
};

static struct media_io_xdp *to_xdp(struct media_io *io)
{
	return (struct media_io_xdp *)io;
}

/* --- next hops ---------------------------------------------------------- */

static struct neigh_entry *neigh_find(struct media_io_xdp *x, uint32_t ip, bool add)
{
	uint32_t h = (ip * 2654435761u) >> 24, i;

	for (i = 0; i < NEIGH_SLOTS; i++) {
		struct neigh_entry *e = &x->neigh[(h + i) & (NEIGH_SLOTS - 1)];

		if (e->ip == ip)
			return e;
		if (!e->ip) {
			if (!add)
				return NULL;
			e->ip = ip;
			e->state = NEIGH_WANT;
			e->checked_ms = 0;
			return e;
		}
	}
	return NULL;
}

static void neigh_resolve(struct media_io_xdp *x, struct neigh_entry *e, uint64_t now_ms)
{
	uint32_t nexthop;
	int oif;

	e->checked_ms = now_ms;
	if (neigh_route4(&x->nl, e->ip, &nexthop, &oif))
		return;
	if (oif != x->ifindex) {
		e->state = NEIGH_KERNEL;
		return;
	}
	if (!neigh_lookup4(&x->nl, x->ifindex, nexthop, e->mac))
		e->state = NEIGH_OK;
}

static void xdp_housekeep(struct media_io *io, uint64_t now_ms)
{
	struct media_io_xdp *x = to_xdp(io);
	unsigned i, asked = 0;

	for (i = 0; i < NEIGH_SLOTS && asked < NEIGH_PER_HOUSEKEEP; i++) {
		struct neigh_entry *e = &x->neigh[i];

		if (!e->ip)
			continue;
		if (e->state == NEIGH_WANT || e->state == NEIGH_LEARNED ||
		    now_ms - e->checked_ms >= NEIGH_REFRESH_MS) {
			neigh_resolve(x, e, now_ms);
			asked++;
		}
	}
}

/* --- the interface, program and socket ---------------------------------- */

static int if_addrs(struct media_io_xdp *x, const char *ifname)
{
	struct ifaddrs *ifa, *i;
	bool have_mac = false;

	if (getifaddrs(&ifa) < 0)
		return -errno;
	for (i = ifa; i; i = i->ifa_next) {
		if (!i->ifa_addr || strcmp(i->ifa_name, ifname))
			continue;
		if (i->ifa_addr->sa_family == AF_INET && x->naddrs < MEDIA_IO_MAX_ADDRS) {
			x->addrs[x->naddrs++] =
				((struct sockaddr_in *)i->ifa_addr)->sin_addr.s_addr;
		} else if (i->ifa_addr->sa_family == AF_PACKET) {
			struct sockaddr_ll *ll = (struct sockaddr_ll *)i->ifa_addr;

			if (ll->sll_halen == 6) {
				memcpy(x->mac, ll->sll_addr, 6);
				have_mac = true;
			}
		}
	}
	freeifaddrs(ifa);
	if (!have_mac)
		return -EPFNOSUPPORT; /* not Ethernet */
	return x->naddrs ? 0 : -EADDRNOTAVAIL;
}

static int prog_attach(struct media_io_xdp *x, bool generic)
{
	LIBBPF_OPTS(bpf_object_open_opts, oo, .object_name = "media_xdp");
	struct bpf_program *prog;
	struct bpf_map *addrs;
	uint32_t k;
	int err;

	x->obj = bpf_object__open_mem(media_xdp_obj, sizeof(media_xdp_obj), &oo);
	if (!x->obj)
		return -errno;
	err = bpf_object__load(x->obj);
	if (err)
		return err;
	prog = bpf_object__find_program_by_name(x->obj, "media_xdp");
	addrs = bpf_object__find_map_by_name(x->obj, "addrs");
	if (!prog || !addrs || !bpf_object__find_map_by_name(x->obj, "ports"))
		return -ENOENT;
	x->prog_fd = bpf_program__fd(prog);
	x->ports_fd = bpf_map__fd(bpf_object__find_map_by_name(x->obj, "ports"));
	for (k = 0; k < x->naddrs; k++) {
		err = bpf_map_update_elem(bpf_map__fd(addrs), &k, &x->addrs[k], BPF_ANY);
		if (err)
			return err;
	}
	/* driver mode where there is one, else generic; never over another program */
	x->xdp_flags = XDP_FLAGS_UPDATE_IF_NOEXIST | XDP_FLAGS_DRV_MODE;
	err = generic ? -EOPNOTSUPP : bpf_xdp_attach(x->ifindex, x->prog_fd, x->xdp_flags, NULL);
	if (err && err != -EEXIST && err != -EBUSY) {
		x->xdp_flags = XDP_FLAGS_UPDATE_IF_NOEXIST | XDP_FLAGS_SKB_MODE;
		err = bpf_xdp_attach(x->ifindex, x->prog_fd, x->xdp_flags, NULL);
	}
	if (err)
		return err;
	x->attached = true;
	return 0;
}

static int xsk_open(struct media_io_xdp *x, const char *ifname)
{
	struct xsk_umem_config uc = {
		.fill_size = XDP_RING,
		.comp_size = XDP_RING,
		.frame_size = XDP_FRAME_SIZE,
	};
	struct xsk_socket_config sc = {
		.rx_size = XDP_RING,
		.tx_size = XDP_RING,
		.libxdp_flags = XSK_LIBXDP_FLAGS__INHIBIT_PROG_LOAD,
		.xdp_flags = x->xdp_flags & ~XDP_FLAGS_UPDATE_IF_NOEXIST,
		.bind_flags = XDP_USE_NEED_WAKEUP, /* zero-copy if the driver can, else copy */
	};
	struct bpf_map *xsks = bpf_object__find_map_by_name(x->obj, "xsks");
	uint32_t idx, i;
	int err;

	x->area = mmap(NULL, (size_t)XDP_NFRAMES * XDP_FRAME_SIZE, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
	if (x->area == MAP_FAILED) {
		x->area = NULL;
		return -errno;
	}
	err = xsk_umem__create(&x->umem, x->area, (uint64_t)XDP_NFRAMES * XDP_FRAME_SIZE, &x->fill,
			       &x->comp, &uc);
	if (err)
		return err;
	err = xsk_socket__create(&x->xsk, ifname, x->queue, x->umem, &x->rx, &x->tx, &sc);
	if (err)
		return err;
	x->xsk_fd = xsk_socket__fd(x->xsk);
	if (!xsks)
		return -ENOENT;
	err = xsk_socket__update_xskmap(x->xsk, bpf_map__fd(xsks));
	if (err)
		return err;
	if (xsk_ring_prod__reserve(&x->fill, XDP_RX_FRAMES, &idx) != XDP_RX_FRAMES)
		return -ENOSPC;
	for (i = 0; i < XDP_RX_FRAMES; i++)
		*xsk_ring_prod__fill_addr(&x->fill, idx + i) = (uint64_t)i * XDP_FRAME_SIZE;
	xsk_ring_prod__submit(&x->fill, XDP_RX_FRAMES);
	for (i = 0; i < XDP_TX_FRAMES; i++)
		x->tx_free[x->ntx_free++] = (uint64_t)(XDP_RX_FRAMES + i) * XDP_FRAME_SIZE;
	return 0;
}

static void xdp_close(struct media_io *io)
{
	struct media_io_xdp *x = to_xdp(io);

	if (x->xsk)
		xsk_socket__delete(x->xsk);
	if (x->umem)
		xsk_umem__delete(x->umem);
	if (x->area)
		munmap(x->area, (size_t)XDP_NFRAMES * XDP_FRAME_SIZE);
	if (x->attached) {
		LIBBPF_OPTS(bpf_xdp_attach_opts, ao, .old_prog_fd = x->prog_fd);

		/* only our program: someone may have replaced it meanwhile */
		bpf_xdp_detach(x->ifindex,
			       (x->xdp_flags & ~XDP_FLAGS_UPDATE_IF_NOEXIST) | XDP_FLAGS_REPLACE,
			       &ao);
	}
	if (x->obj)
		bpf_object__close(x->obj);
	neigh_close(&x->nl);
	media_io_close(x->sock);
	free(x->slot_by_port);
	free(x->slots);
	free(x);
}

static int xdp_open(struct media_io **iop, const struct media_io_conf *conf)
{
	struct rlimit rl = {RLIM_INFINITY, RLIM_INFINITY};
	struct media_io_conf sc = *conf;
	struct media_io_xdp *x;
	unsigned i;
	int err;

	if (!conf->max_slots || !conf->ifname[0])
		return -EINVAL;
	x = calloc(1, sizeof(*x));
	if (!x)
		return -ENOMEM;
	x->io.ops = &media_io_xdp_ops;
	x->nl.fd = -1;
	x->tx_cur = UINT64_MAX;
	x->max_slots = conf->max_slots;
	x->queue = conf->queue;
	x->slots = calloc(conf->max_slots, sizeof(*x->slots));
	x->slot_by_port = malloc(65536 * sizeof(*x->slot_by_port));
	if (!x->slots || !x->slot_by_port) {
		err = -ENOMEM;
		goto err_close;
	}
	for (i = 0; i < 65536; i++)
		x->slot_by_port[i] = -1;
	for (i = 0; i < conf->max_slots; i++)
		x->slots[i].fd = -1;
	sc.kind = MEDIA_IO_SOCKETS;
	err = media_io_sock_ops.open(&x->sock, &sc);
	if (err)
		goto err_close;
	x->ifindex = (int)if_nametoindex(conf->ifname);
	if (!x->ifindex) {
		err = -errno;
		goto err_close;
	}
	err = if_addrs(x, conf->ifname);
	if (err)
		goto err_close;
	err = neigh_open(&x->nl);
	if (err)
		goto err_close;
	/* kernels before 5.11 charge BPF maps and the UMEM to RLIMIT_MEMLOCK */
	setrlimit(RLIMIT_MEMLOCK, &rl);
	err = prog_attach(x, conf->xdp_generic);
	if (err)
		goto err_close;
	err = xsk_open(x, conf->ifname);
	if (err)
		goto err_close;
	snprintf(x->desc, sizeof(x->desc), "xdp (AF_XDP on %s queue %u, %s mode, %u addresses)",
		 conf->ifname, conf->queue,
		 x->xdp_flags & XDP_FLAGS_SKB_MODE ? "generic" : "native", x->naddrs);
	*iop = &x->io;
	return 0;

err_close:
	xdp_close(&x->io);
	return err;
}

static int xdp_fds(struct media_io *io, int *fds, int max)
{
	if (max < 1)
		return 0;
	fds[0] = to_xdp(io)->xsk_fd;
	return 1;
}

static int xdp_stream_add(struct media_io *io, int slot, int fd)
{
	struct media_io_xdp *x = to_xdp(io);
	struct sockaddr_in sin;
	socklen_t len = sizeof(sin);
	uint8_t one = 1;
	uint32_t port;
	int tos = 0, err;
	socklen_t tlen = sizeof(tos);

	if (slot < 0 || (unsigned)slot >= x->max_slots)
		return -EINVAL;
	if (getsockname(fd, (struct sockaddr *)&sin, &len) < 0)
		return -errno;
	err = x->sock->ops->stream_add(x->sock, slot, fd);
	if (err)
		return err;
	x->slots[slot].fd = fd;
	if (sin.sin_family != AF_INET)
		return 0; /* IPv6 streams stay on the socket path */
	getsockopt(fd, IPPROTO_IP, IP_TOS, &tos, &tlen);
	x->slots[slot].saddr = sin.sin_addr.s_addr ? sin.sin_addr.s_addr : x->addrs[0];
	x->slots[slot].sport = sin.sin_port;
	x->slots[slot].tos = (uint8_t)tos;
	port = ntohs(sin.sin_port);
	x->slot_by_port[port] = slot;
	return bpf_map_update_elem(x->ports_fd, &port, &one, BPF_ANY);
}

static void xdp_stream_del(struct media_io *io, int slot)
{
	struct media_io_xdp *x = to_xdp(io);
	uint8_t zero = 0;
	uint32_t port;

	if (slot < 0 || (unsigned)slot >= x->max_slots || x->slots[slot].fd < 0)
		return;
	x->sock->ops->stream_del(x->sock, slot);
	if (x->slots[slot].sport) {
		port = ntohs(x->slots[slot].sport);
		bpf_map_update_elem(x->ports_fd, &port, &zero, BPF_ANY);
		x->slot_by_port[port] = -1;
	}
	memset(&x->slots[slot], 0, sizeof(x->slots[slot]));
	x->slots[slot].fd = -1;
}

/* --- receive ------------------------------------------------------------ */

static void rx_refill(struct media_io_xdp *x)
{
	uint32_t idx, i;

	if (!x->nheld)
		return;
	/* the fill ring holds every RX frame, so there is always room */
	if (xsk_ring_prod__reserve(&x->fill, x->nheld, &idx) != x->nheld)
		return;
	for (i = 0; i < x->nheld; i++)
		*xsk_ring_prod__fill_addr(&x->fill, idx + i) = x->rx_held[i];
	xsk_ring_prod__submit(&x->fill, x->nheld);
	x->nheld = 0;
	if (xsk_ring_prod__needs_wakeup(&x->fill))
		recvfrom(x->xsk_fd, NULL, 0, MSG_DONTWAIT, NULL, NULL);
}

static void rx_learn(struct media_io_xdp *x, uint32_t ip, const uint8_t *mac)
{
	struct neigh_entry *e = neigh_find(x, ip, true);

	if (e && e->state == NEIGH_WANT) {
		memcpy(e->mac, mac, 6);
		e->state = NEIGH_LEARNED;
	}
}

static int xdp_recv(struct media_io *io, int src, struct media_io_pkt *pkts, int max)
{
	struct media_io_xdp *x = to_xdp(io);
	uint32_t idx, n, i;
	int k = 0;

	if (src < MEDIA_IO_SRC_ENGINE)
		return x->sock->ops->recv(x->sock, src, pkts, max);
	rx_refill(x);
	if (max > MEDIA_IO_BATCH)
		max = MEDIA_IO_BATCH;
	n = xsk_ring_cons__peek(&x->rx, (uint32_t)max, &idx);
	for (i = 0; i < n; i++) {
		const struct xdp_desc *d = xsk_ring_cons__rx_desc(&x->rx, idx + i);
		uint8_t *frame = xsk_umem__get_data(x->area, d->addr);
		struct sockaddr_in *from = (struct sockaddr_in *)&pkts[k].from;
		struct netframe_udp4 f;
		int slot;

		x->rx_held[x->nheld++] = xsk_umem__extract_addr(d->addr);
		if (netframe_udp4_parse(frame, d->len, &f)) {
			x->st.rx_dropped++;
			continue;
		}
		slot = x->slot_by_port[ntohs(f.dport)];
		if (slot < 0) {
			x->st.rx_dropped++;
			continue;
		}
		rx_learn(x, f.saddr, f.src_mac);
		pkts[k].slot = slot;
		pkts[k].data = f.payload;
		pkts[k].len = f.len;
		memset(from, 0, sizeof(*from));
		from->sin_family = AF_INET;
		from->sin_addr.s_addr = f.saddr;
		from->sin_port = f.sport;
		k++;
	}
	xsk_ring_cons__release(&x->rx, n);
	x->st.rx_packets += (uint64_t)k;
	return k;
}

/* --- transmit ------------------------------------------------------------ */

static void tx_reclaim(struct media_io_xdp *x)
{
	uint32_t idx, n, i;

	n = xsk_ring_cons__peek(&x->comp, XDP_RING, &idx);
	for (i = 0; i < n; i++)
		x->tx_free[x->ntx_free++] = *xsk_ring_cons__comp_addr(&x->comp, idx + i);
	xsk_ring_cons__release(&x->comp, n);
}

static uint8_t *xdp_tx_buf(struct media_io *io)
{
	struct media_io_xdp *x = to_xdp(io);

	if (x->tx_cur == UINT64_MAX) {
		if (x->ntx >= MEDIA_IO_BATCH)
			return NULL;
		if (!x->ntx_free)
			tx_reclaim(x);
		if (!x->ntx_free)
			return NULL;
		x->tx_cur = x->tx_free[--x->ntx_free];
	}
	return (uint8_t *)xsk_umem__get_data(x->area, x->tx_cur) + NETFRAME_UDP4_HDR;
}

/* no MAC for dst yet, or not on this link: the stream's socket sends it */
static void tx_via_kernel(struct media_io_xdp *x, int slot, const uint8_t *pkt, size_t len,
			  const struct sockaddr_storage *dst)
{
	struct media_io *s = x->sock;
	uint8_t *buf = s->ops->tx_buf(s);

	if (!buf) {
		s->ops->flush(s);
		buf = s->ops->tx_buf(s);
	}
	if (!buf) {
		x->st.tx_dropped++;
		return;
	}
	memcpy(buf, pkt, len);
	s->ops->tx_commit(s, slot, len, dst);
	x->st.tx_kernel++;
}

static void xdp_tx_commit(struct media_io *io, int slot, size_t len,
			  const struct sockaddr_storage *dst)
{
	struct media_io_xdp *x = to_xdp(io);
	const struct sockaddr_in *to = (const struct sockaddr_in *)dst;
	struct neigh_entry *e;
	struct xdp_slot *sl;
	uint8_t *frame;

	if (x->tx_cur == UINT64_MAX)
		return;
	frame = xsk_umem__get_data(x->area, x->tx_cur);
	if (slot < 0 || (unsigned)slot >= x->max_slots || x->slots[slot].fd < 0) {
		x->st.tx_dropped++;
		return; /* tx_cur stays for the next packet */
	}
	sl = &x->slots[slot];
	e = dst->ss_family == AF_INET && sl->sport ? neigh_find(x, to->sin_addr.s_addr, true)
						   : NULL;
	if (!e || (e->state != NEIGH_OK && e->state != NEIGH_LEARNED)) {
		tx_via_kernel(x, slot, frame + NETFRAME_UDP4_HDR, len, dst);
		return;
	}
	netframe_udp4_build(frame, x->mac, e->mac, sl->saddr, to->sin_addr.s_addr, sl->sport,
			    to->sin_port, len, x->ip_id++, sl->tos);
	x->tx_addr[x->ntx] = x->tx_cur;
	x->tx_len[x->ntx] = (uint32_t)(NETFRAME_UDP4_HDR + len);
	x->ntx++;
	x->tx_cur = UINT64_MAX;
}

static void xdp_flush(struct media_io *io)
{
	struct media_io_xdp *x = to_xdp(io);
	uint32_t idx, n, i;

	x->sock->ops->flush(x->sock);
	if (!x->ntx)
		return;
	n = xsk_ring_prod__reserve(&x->tx, x->ntx, &idx);
	for (i = 0; i < n; i++) {
		struct xdp_desc *d = xsk_ring_prod__tx_desc(&x->tx, idx + i);

		d->addr = x->tx_addr[i];
		d->len = x->tx_len[i];
		d->options = 0;
	}
	xsk_ring_prod__submit(&x->tx, n);
	/* what did not fit on the ring is dropped, its frames go back */
	for (i = n; i < x->ntx; i++)
		x->tx_free[x->ntx_free++] = x->tx_addr[i];
	x->st.tx_dropped += x->ntx - n;
	x->st.tx_packets += n;
	x->ntx = 0;
	/*
	 * Copy mode sends in this call, at most 32 frames each (the kernel's
	 * TX_BATCH_SIZE, then EAGAIN); zero-copy drivers are kicked only when
	 * they ask.
	 */
	for (i = 0; i <= n / 32 && xsk_ring_prod__needs_wakeup(&x->tx); i++)
		if (sendto(x->xsk_fd, NULL, 0, MSG_DONTWAIT, NULL, 0) >= 0 || errno != EAGAIN)
			break;
	tx_reclaim(x);
}

static void xdp_stats(struct media_io *io, struct media_io_stats *st)
{
	struct media_io_xdp *x = to_xdp(io);
	struct media_io_stats ss;

	x->sock->ops->stats(x->sock, &ss);
	*st = x->st;
	st->rx_packets += ss.rx_packets;
	st->rx_kernel = ss.rx_packets;
	st->rx_dropped += ss.rx_dropped;
	st->tx_dropped += ss.tx_dropped;
}

static const char *xdp_describe(struct media_io *io)
{
	return to_xdp(io)->desc;
}

const struct media_io_ops media_io_xdp_ops = {
	.name = "xdp",
	.open = xdp_open,
	.close = xdp_close,
	.fds = xdp_fds,
	.stream_add = xdp_stream_add,
	.stream_del = xdp_stream_del,
	.recv = xdp_recv,
	.tx_buf = xdp_tx_buf,
	.tx_commit = xdp_tx_commit,
	.flush = xdp_flush,
	.housekeep = xdp_housekeep,
	.stats = xdp_stats,
	.describe = xdp_describe,
};
