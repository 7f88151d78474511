// SPDX-License-Identifier: GPL-2.0-only
/*
 * The AF_XDP media engine when prigate is built without CONFIG_MEDIA_XDP:
 * opening it fails, so media_io_open falls back to sockets.
 */
#include <errno.h>

#include "media_io.h"

static int xdp_none_open(struct media_io **iop, const struct media_io_conf *conf)
{
	return -EOPNOTSUPP;
}

const struct media_io_ops media_io_xdp_ops = {
	.name = "xdp",
	.open = xdp_none_open,
};
