// SPDX-License-Identifier: GPL-2.0-only
/*
 * Media I/O over the kernel's UDP sockets, batched: one recvmmsg per
 * readable socket takes everything queued on it; the transmit batch goes
 * out with one sendmmsg per run of packets from the same socket. Each
 * stream keeps its own socket (symmetric RTP needs its port as source),
 * so a run is as long as one stream's burst.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "media_io.h"
#include "sockaddr.h"

struct media_io_sock {
	struct media_io io;
	unsigned max_slots;
	int *fd_by_slot;
	struct media_io_stats st;
	/* receive: buffers of the last recv, valid until the next */
	uint8_t rxbuf[MEDIA_IO_BATCH][MEDIA_IO_MTU];
	struct mmsghdr rxmsg[MEDIA_IO_BATCH];
	struct iovec rxiov[MEDIA_IO_BATCH];
	/* transmit batch */
	unsigned ntx;
	uint8_t txbuf[MEDIA_IO_BATCH][MEDIA_IO_MTU];
	int txfd[MEDIA_IO_BATCH];
	struct sockaddr_storage txdst[MEDIA_IO_BATCH];
	struct mmsghdr txmsg[MEDIA_IO_BATCH];
	struct iovec txiov[MEDIA_IO_BATCH];
};

static struct media_io_sock *to_sock(struct media_io *io)
{
	return (struct media_io_sock *)io;
}

static int sock_open(struct media_io **iop, const struct media_io_conf *conf)
{
	struct media_io_sock *s;
	unsigned i;

	if (!conf->max_slots)
		return -EINVAL;
	s = calloc(1, sizeof(*s));
	if (!s)
		return -ENOMEM;
	s->fd_by_slot = malloc(conf->max_slots * sizeof(*s->fd_by_slot));
	if (!s->fd_by_slot) {
		free(s);
		return -ENOMEM;
	}
	for (i = 0; i < conf->max_slots; i++)
		s->fd_by_slot[i] = -1;
	for (i = 0; i < MEDIA_IO_BATCH; i++) {
		s->rxiov[i].iov_base = s->rxbuf[i];
		s->rxiov[i].iov_len = MEDIA_IO_MTU;
		s->rxmsg[i].msg_hdr.msg_iov = &s->rxiov[i];
		s->rxmsg[i].msg_hdr.msg_iovlen = 1;
		s->txiov[i].iov_base = s->txbuf[i];
		s->txmsg[i].msg_hdr.msg_iov = &s->txiov[i];
		s->txmsg[i].msg_hdr.msg_iovlen = 1;
		s->txmsg[i].msg_hdr.msg_name = &s->txdst[i];
	}
	s->max_slots = conf->max_slots;
	s->io.ops = &media_io_sock_ops;
	*iop = &s->io;
	return 0;
}

static void sock_close(struct media_io *io)
{
	struct media_io_sock *s = to_sock(io);

	free(s->fd_by_slot);
	free(s);
}

static int sock_fds(struct media_io *io, int *fds, int max)
{
	return 0;
}

static int sock_stream_add(struct media_io *io, int slot, int fd)
{
	struct media_io_sock *s = to_sock(io);

	if (slot < 0 || (unsigned)slot >= s->max_slots)
		return -EINVAL;
	s->fd_by_slot[slot] = fd;
	return 0;
}

static void sock_stream_del(struct media_io *io, int slot)
{
	struct media_io_sock *s = to_sock(io);
	unsigned i;

	if (slot < 0 || (unsigned)slot >= s->max_slots)
		return;
	/* a queued packet must not go out of a socket the owner may close */
	for (i = 0; i < s->ntx; i++)
		if (s->txfd[i] == s->fd_by_slot[slot])
			s->txfd[i] = -1;
	s->fd_by_slot[slot] = -1;
}

static int sock_recv(struct media_io *io, int src, struct media_io_pkt *pkts, int max)
{
	struct media_io_sock *s = to_sock(io);
	int i, n, fd;

	if (src < 0 || (unsigned)src >= s->max_slots)
		return 0;
	fd = s->fd_by_slot[src];
	if (fd < 0)
		return 0;
	if (max > MEDIA_IO_BATCH)
		max = MEDIA_IO_BATCH;
	for (i = 0; i < max; i++) {
		s->rxmsg[i].msg_hdr.msg_name = &pkts[i].from;
		s->rxmsg[i].msg_hdr.msg_namelen = sizeof(pkts[i].from);
	}
	n = recvmmsg(fd, s->rxmsg, (unsigned)max, MSG_DONTWAIT, NULL);
	if (n <= 0)
		return 0;
	for (i = 0; i < n; i++) {
		pkts[i].slot = src;
		pkts[i].data = s->rxbuf[i];
		pkts[i].len = s->rxmsg[i].msg_len;
	}
	s->st.rx_packets += (uint64_t)n;
	return n;
}

static uint8_t *sock_tx_buf(struct media_io *io)
{
	struct media_io_sock *s = to_sock(io);

	return s->ntx < MEDIA_IO_BATCH ? s->txbuf[s->ntx] : NULL;
}

static void sock_tx_commit(struct media_io *io, int slot, size_t len,
			   const struct sockaddr_storage *dst)
{
	struct media_io_sock *s = to_sock(io);
	unsigned i = s->ntx;

	if (slot < 0 || (unsigned)slot >= s->max_slots || s->fd_by_slot[slot] < 0) {
		s->st.tx_dropped++;
		return;
	}
	s->txfd[i] = s->fd_by_slot[slot];
	s->txdst[i] = *dst;
	s->txiov[i].iov_len = len;
	s->txmsg[i].msg_hdr.msg_namelen = sa_len(dst);
	s->ntx++;
}

static void sock_flush(struct media_io *io)
{
	struct media_io_sock *s = to_sock(io);
	unsigned i = 0, j;
	int n;

	while (i < s->ntx) {
		if (s->txfd[i] < 0) {
			i++;
			continue;
		}
		for (j = i + 1; j < s->ntx && s->txfd[j] == s->txfd[i]; j++)
			;
		while (i < j) {
			n = sendmmsg(s->txfd[i], &s->txmsg[i], j - i, MSG_DONTWAIT);
			if (n <= 0) {
				/* the first one failed (buffer full, unreachable): drop it */
				s->st.tx_dropped++;
				n = 1;
			} else {
				s->st.tx_packets += (uint64_t)n;
			}
			i += (unsigned)n;
		}
	}
	s->ntx = 0;
}

static void sock_housekeep(struct media_io *io, uint64_t now_ms)
{
}

static void sock_stats(struct media_io *io, struct media_io_stats *st)
{
	*st = to_sock(io)->st;
}

static const char *sock_describe(struct media_io *io)
{
	return "sockets (recvmmsg/sendmmsg, one socket per RTP port)";
}

const struct media_io_ops media_io_sock_ops = {
	.name = "sockets",
	.open = sock_open,
	.close = sock_close,
	.fds = sock_fds,
	.stream_add = sock_stream_add,
	.stream_del = sock_stream_del,
	.recv = sock_recv,
	.tx_buf = sock_tx_buf,
	.tx_commit = sock_tx_commit,
	.flush = sock_flush,
	.housekeep = sock_housekeep,
	.stats = sock_stats,
	.describe = sock_describe,
};
