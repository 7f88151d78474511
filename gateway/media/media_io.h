/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Media I/O: how RTP packets get in and out of the media thread. One
 * engine instance belongs to one media thread and is only ever touched by
 * it, so nothing here locks. Two engines implement the ops:
 *
 *   sockets  one UDP socket per RTP port (created by the event loop),
 *            recvmmsg per readable socket, sendmmsg per run of packets
 *            from the same socket;
 *   xdp      AF_XDP: an XDP program steers UDP for the streams' ports on
 *            our addresses into an XSK ring; transmit writes Ethernet/IPv4/
 *            UDP frames straight into the UMEM. The stream sockets stay
 *            bound (they reserve the port, and anything the XDP program
 *            passes still arrives there and is read as with sockets).
 *
 * Sources: the thread polls each stream's socket (src = slot) and the
 * engine's own fds (src = MEDIA_IO_SRC_ENGINE + i). media_io_recv(src)
 * returns packets with the slot they belong to; their data stays valid
 * until the next media_io_recv. media_io_send copies a packet into the
 * engine's transmit batch, media_io_flush hands the batch to the kernel;
 * the thread flushes once per wakeup, so a burst costs one syscall per
 * socket run (sockets) or one per batch (xdp).
 */
#ifndef PRIGATE_MEDIA_IO_H
#define PRIGATE_MEDIA_IO_H

#include <netinet/in.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>

#define MEDIA_IO_BATCH 64 /* packets per recv call and per flush */
#define MEDIA_IO_MTU 1500 /* largest UDP payload handled */
#define MEDIA_IO_SRC_ENGINE (1 << 30)
#define MEDIA_IO_MAX_FDS 4   /* engine fds to poll */
#define MEDIA_IO_MAX_ADDRS 8 /* local addresses the XDP program matches */

struct media_io;

enum media_io_kind { MEDIA_IO_SOCKETS, MEDIA_IO_XDP };

struct media_io_conf {
	enum media_io_kind kind;
	unsigned max_slots; /* slots are 0..max_slots-1 */
	/* xdp only */
	char ifname[32];  /* interface the XDP program is attached to */
	unsigned queue;	  /* its RX queue the XSK binds */
	bool xdp_generic; /* skip native mode, attach in SKB mode */
};

struct media_io_pkt {
	int slot;      /* rx: the stream it arrived for */
	uint8_t *data; /* UDP payload (RTP), writable in place */
	size_t len;
	struct sockaddr_storage from; /* rx: source address */
};

struct media_io_stats {
	uint64_t rx_packets, tx_packets;
	uint64_t rx_dropped; /* no stream on that port, bad frame */
	uint64_t tx_dropped; /* ring/socket full, no neighbour yet */
	uint64_t rx_kernel;  /* xdp: read from a stream's socket (passed by XDP) */
	uint64_t tx_kernel;  /* xdp: sent through the socket (next hop unknown) */
};

/*
 * The engine ops. All are required; the thread calls them, nothing else.
 * Functions return 0 (or a count) or a negative errno.
 */
struct media_io_ops {
	const char *name;
	int (*open)(struct media_io **iop, const struct media_io_conf *conf);
	void (*close)(struct media_io *io);
	/* the engine's own fds to poll for input: fills fds, returns how many */
	int (*fds)(struct media_io *io, int *fds, int max);
	/* slot now uses fd (a bound UDP socket); the caller polls fd too */
	int (*stream_add)(struct media_io *io, int slot, int fd);
	void (*stream_del)(struct media_io *io, int slot);
	/* up to max packets from src (a slot or MEDIA_IO_SRC_ENGINE + i) */
	int (*recv)(struct media_io *io, int src, struct media_io_pkt *pkts, int max);
	/* a buffer for the next packet of slot, or NULL when the batch is full */
	uint8_t *(*tx_buf)(struct media_io *io);
	/* commit the tx_buf just filled: len bytes from slot to dst */
	void (*tx_commit)(struct media_io *io, int slot, size_t len,
			  const struct sockaddr_storage *dst);
	/* send what was committed */
	void (*flush)(struct media_io *io);
	/* slow work (neighbour refresh); called at most every few ms */
	void (*housekeep)(struct media_io *io, uint64_t now_ms);
	void (*stats)(struct media_io *io, struct media_io_stats *st);
	/* one line for the log: engine, device, mode */
	const char *(*describe)(struct media_io *io);
};

struct media_io {
	const struct media_io_ops *ops;
};

extern const struct media_io_ops media_io_sock_ops;
extern const struct media_io_ops media_io_xdp_ops; /* stub without CONFIG_MEDIA_XDP */

/* "sockets" or "xdp" -> kind; -EINVAL for anything else */
int media_io_kind_parse(const char *name, enum media_io_kind *kind);
/*
 * Open the engine conf asks for. With fallback, an xdp engine that cannot
 * start (no privileges, no such device, XDP refused) is replaced by
 * sockets; why is written to why (may be NULL) for the caller to log.
 */
int media_io_open(struct media_io **iop, const struct media_io_conf *conf, bool fallback, char *why,
		  size_t whylen);

static inline void media_io_close(struct media_io *io)
{
	if (io)
		io->ops->close(io);
}

static inline int media_io_recv(struct media_io *io, int src, struct media_io_pkt *pkts, int max)
{
	return io->ops->recv(io, src, pkts, max);
}

/*
 * Queue a copy of pkt for slot to dst. Returns 0, or -ENOBUFS when the
 * batch stayed full after a flush.
 */
int media_io_send(struct media_io *io, int slot, const void *pkt, size_t len,
		  const struct sockaddr_storage *dst);

static inline void media_io_flush(struct media_io *io)
{
	io->ops->flush(io);
}

#endif
