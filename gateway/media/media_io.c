// SPDX-License-Identifier: GPL-2.0-only
/*
 * Media I/O engine selection (with the fall back from AF_XDP to sockets)
 * and the copy-in send helper shared by both engines.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "media_io.h"

int media_io_kind_parse(const char *name, enum media_io_kind *kind)
{
	if (!strcmp(name, "sockets"))
		*kind = MEDIA_IO_SOCKETS;
	else if (!strcmp(name, "xdp"))
		*kind = MEDIA_IO_XDP;
	else
		return -EINVAL;
	return 0;
}

int media_io_open(struct media_io **iop, const struct media_io_conf *conf, bool fallback, char *why,
		  size_t whylen)
{
	struct media_io_conf sc;
	int err;

	if (why && whylen)
		why[0] = '\0';
	if (conf->kind == MEDIA_IO_SOCKETS)
		return media_io_sock_ops.open(iop, conf);
	err = media_io_xdp_ops.open(iop, conf);
	if (!err || !fallback)
		return err;
	if (why && whylen)
		snprintf(why, whylen, "AF_XDP on %s queue %u: %s; using sockets", conf->ifname,
			 conf->queue, strerror(-err));
	sc = *conf;
	sc.kind = MEDIA_IO_SOCKETS;
	return media_io_sock_ops.open(iop, &sc);
}

int media_io_send(struct media_io *io, int slot, const void *pkt, size_t len,
		  const struct sockaddr_storage *dst)
{
	uint8_t *buf;

	if (len > MEDIA_IO_MTU)
		return -EMSGSIZE;
	buf = io->ops->tx_buf(io);
	if (!buf) {
		io->ops->flush(io);
		buf = io->ops->tx_buf(io);
		if (!buf)
			return -ENOBUFS;
	}
	memcpy(buf, pkt, len);
	io->ops->tx_commit(io, slot, len, dst);
	return 0;
}
