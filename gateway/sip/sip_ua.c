// SPDX-License-Identifier: GPL-2.0-only
/*
 * The gateway's SIP user agent over UDP: the socket, sending, and the UA
 * object. Dispatch is in sip_ua_rx.c, transactions and dialogs ("legs")
 * in sip_leg.c, non-INVITE server transactions in sip_tsx_cache.c.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "log.h"
#include "sip_msg.h"
#include "sip_ua.h"
#include "sip_ua_priv.h"

/* --- transport ------------------------------------------------------------ */

int ua_send(struct sip_ua *ua, const struct sockaddr_storage *dst, const char *buf, size_t len)
{
	socklen_t alen = dst->ss_family == AF_INET6 ? sizeof(struct sockaddr_in6)
						   : sizeof(struct sockaddr_in);

	if (ua->tx_tap) {
		ua->tx_tap(ua->tx_tap_arg, dst, buf, len);
	} else if (sendto(ua->fd, buf, len, MSG_DONTWAIT, (const struct sockaddr *)dst, alen) < 0) {
		log_warn("SIP send: %s", strerror(errno));
		return -errno;
	}
	ua->st.tx_msgs++;
	if (log_get_level() >= LOG_LVL_DEBUG)
		log_debug("SIP out (%zu bytes):\n%.*s", len, (int)len, buf);
	return 0;
}

void ua_addr_str(const struct sockaddr_storage *ss, char *buf, size_t size)
{
	char ip[INET6_ADDRSTRLEN] = "?";

	if (ss->ss_family == AF_INET6) {
		const struct sockaddr_in6 *s6 = (const void *)ss;

		inet_ntop(AF_INET6, &s6->sin6_addr, ip, sizeof(ip));
		snprintf(buf, size, "[%s]:%u", ip, ntohs(s6->sin6_port));
	} else {
		const struct sockaddr_in *s4 = (const void *)ss;

		inet_ntop(AF_INET, &s4->sin_addr, ip, sizeof(ip));
		snprintf(buf, size, "%s:%u", ip, ntohs(s4->sin_port));
	}
}

static void ua_rx_h(int fd, uint32_t events, void *arg)
{
	struct sip_ua *ua = arg;
	struct sockaddr_storage src;
	socklen_t slen;
	ssize_t n;
	int budget = 64;

	while (budget--) {
		slen = sizeof(src);
		n = recvfrom(fd, ua->rxbuf, sizeof(ua->rxbuf) - 1, MSG_DONTWAIT,
			     (struct sockaddr *)&src, &slen);
		if (n < 0)
			return;
		ua->rxbuf[n] = '\0';
		ua->st.rx_msgs++;
		if (log_get_level() >= LOG_LVL_DEBUG)
			log_debug("SIP in (%zd bytes):\n%.*s", n, (int)n, ua->rxbuf);
		ua_dispatch(ua, ua->rxbuf, (size_t)n, &src);
	}
}

int sip_ua_alloc(struct sip_ua **uap, struct loop *loop, const struct sip_ua_conf *conf,
		 const struct sip_ua_handlers *h, void *arg)
{
	struct sip_ua *ua = calloc(1, sizeof(*ua));
	const struct sockaddr_storage *a = &conf->listen;
	int err, on = 1;

	if (!ua)
		return -ENOMEM;
	ua->loop = loop;
	ua->conf = *conf;
	ua->h = h;
	ua->arg = arg;
	ua->t1 = conf->t1_ms ? conf->t1_ms : 500;
	ua->t2 = conf->t2_ms ? conf->t2_ms : 4000;
	ua->t4 = conf->t4_ms ? conf->t4_ms : 5000;
	timer_init(&ua->t_cache);
	ua_addr_str(a, ua->hostport, sizeof(ua->hostport));
	ua->fd = socket(a->ss_family, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (ua->fd < 0) {
		err = -errno;
		goto err_free;
	}
	setsockopt(ua->fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof(on));
	if (bind(ua->fd, (const struct sockaddr *)a,
		 a->ss_family == AF_INET6 ? sizeof(struct sockaddr_in6)
					  : sizeof(struct sockaddr_in)) < 0) {
		err = -errno;
		goto err_close;
	}
	err = loop_fd_add(loop, ua->fd, EPOLLIN, ua_rx_h, ua);
	if (err)
		goto err_close;
	*uap = ua;
	return 0;

err_close:
	close(ua->fd);
err_free:
	free(ua);
	return err;
}

void sip_ua_free(struct sip_ua *ua)
{
	if (!ua)
		return;
	while (ua->legs)
		leg_free(ua->legs);
	tsx_cache_flush(ua);
	loop_fd_del(ua->loop, ua->fd);
	close(ua->fd);
	free(ua);
}

void sip_ua_stats(const struct sip_ua *ua, struct sip_ua_stats *st)
{
	const struct sip_leg *l;

	*st = ua->st;
	st->legs_active = 0;
	for (l = ua->legs; l; l = l->next)
		st->legs_active++;
}
