// SPDX-License-Identifier: GPL-2.0-only
/*
 * The gateway's SIP user agent over UDP: the socket, sending, and the UA
 * object. Dispatch is in sip_ua_rx.c, transactions and dialogs ("legs")
 * in sip_leg.c, non-INVITE server transactions in sip_tsx_cache.c.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "log.h"
#include "sip_msg.h"
#include "sip_ua.h"
#include "sip_ua_priv.h"
#include "sockaddr.h"

/* --- transport ------------------------------------------------------------ */

const char *sip_transport_name(enum sip_transport tp)
{
	static const char *const names[] = {"UDP", "TCP", "TLS"};

	return (unsigned)tp < SIP_TP_NUM ? names[tp] : "UDP";
}

/* the listen address serving family (the first one when none matches) */
static int listen_idx(const struct sip_ua *ua, int family)
{
	int i;

	for (i = 0; i < ua->nlisten; i++)
		if (ua->laddr[i].ss_family == family)
			return i;
	return 0;
}

const char *ua_hostport(const struct sip_ua *ua, int family)
{
	return ua->hostports[listen_idx(ua, family)];
}

int sip_ua_trunk_set(struct sip_ua *ua, const struct sip_trunk_conf *tc)
{
	struct sip_trunk *t = NULL;
	int i;

	if (tc->tp != SIP_TP_UDP && !(ua->conf.transports & (1u << tc->tp)))
		return -EPROTONOSUPPORT;
	for (i = 0; i < SIP_MAX_TRUNKS; i++)
		if (ua->trunks[i].used && !strcmp(ua->trunks[i].c.name, tc->name))
			t = &ua->trunks[i];
	for (i = 0; !t && i < SIP_MAX_TRUNKS; i++)
		if (!ua->trunks[i].used)
			t = &ua->trunks[i];
	if (!t)
		return -ENOSPC;
	if (t->used)
		trunk_stop(t);
	memset(t, 0, sizeof(*t));
	t->used = true;
	t->ua = ua;
	t->c = *tc;
	if (t - ua->trunks >= ua->ntrunks)
		ua->ntrunks = (int)(t - ua->trunks) + 1;
	trunk_start(t);
	return 0;
}

int sip_ua_trunk_add(struct sip_ua *ua, const char *name, const struct sockaddr_storage *addr,
		     enum sip_transport tp)
{
	struct sip_trunk_conf tc = {.addr = *addr, .tp = tp};

	snprintf(tc.name, sizeof(tc.name), "%s", name);
	return sip_ua_trunk_set(ua, &tc);
}

void sip_ua_trunks_clear(struct sip_ua *ua)
{
	int i;

	for (i = 0; i < ua->ntrunks; i++) {
		if (ua->trunks[i].used)
			trunk_stop(&ua->trunks[i]);
		ua->trunks[i].used = false;
	}
	ua->ntrunks = 0;
}

struct sip_trunk *ua_trunk_by_addr(struct sip_ua *ua, const struct sockaddr_storage *dst)
{
	int i;

	for (i = 0; i < ua->ntrunks; i++)
		if (ua->trunks[i].used && sa_equal(&ua->trunks[i].c.addr, dst))
			return &ua->trunks[i];
	return NULL;
}

enum sip_transport ua_peer_transport(const struct sip_ua *ua, const struct sockaddr_storage *dst)
{
	struct sip_trunk *t = ua_trunk_by_addr((struct sip_ua *)ua, dst);

	return t ? t->c.tp : SIP_TP_UDP;
}

int ua_send(struct sip_ua *ua, enum sip_transport tp, const struct sockaddr_storage *dst,
	    const char *buf, size_t len)
{
	int err = 0;

	if (ua->tx_tap) {
		ua->tx_tap(ua->tx_tap_arg, dst, buf, len);
	} else if (tp != SIP_TP_UDP) {
		err = conn_send(ua, tp, dst, buf, len);
	} else if (sendto(ua->udp_fd[listen_idx(ua, dst->ss_family)], buf, len, MSG_DONTWAIT,
			  (const struct sockaddr *)dst, sa_len(dst)) < 0) {
		err = -errno;
	}
	if (err) {
		log_warn("SIP send (%s): %s", sip_transport_name(tp), strerror(-err));
		return err;
	}
	ua->st.tx_msgs++;
	if (log_get_level() >= LOG_LVL_DEBUG)
		log_debug("SIP out %s (%zu bytes):\n%.*s", sip_transport_name(tp), len, (int)len,
			  buf);
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
			log_debug("SIP in UDP (%zd bytes):\n%.*s", n, (int)n, ua->rxbuf);
		ua->rx_tp = SIP_TP_UDP;
		ua_dispatch(ua, ua->rxbuf, (size_t)n, &src);
	}
}

static int udp_open(struct sip_ua *ua, const struct sockaddr_storage *a)
{
	int fd, on = 1, err;

	fd = socket(a->ss_family, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	/*
	 * No SO_REUSEADDR: on UDP it would let a second daemon bind the same
	 * port and silently take a share of the requests.
	 */
	if (a->ss_family == AF_INET6)
		setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &on, sizeof(on));
	if (bind(fd, (const struct sockaddr *)a, sa_len(a)) < 0) {
		err = -errno;
		goto err_close;
	}
	err = loop_fd_add(ua->loop, fd, EPOLLIN, ua_rx_h, ua);
	if (err)
		goto err_close;
	return fd;

err_close:
	close(fd);
	return err;
}

static void ua_close_all(struct sip_ua *ua)
{
	int i;

	while (ua->conns)
		conn_free(ua->conns);
	for (i = 0; i < SIP_MAX_LISTEN; i++) {
		int *fds[] = {&ua->udp_fd[i], &ua->tcp_fd[i], &ua->tls_fd[i]};
		size_t k;

		for (k = 0; k < 3; k++) {
			if (*fds[k] >= 0) {
				loop_fd_del(ua->loop, *fds[k]);
				close(*fds[k]);
				*fds[k] = -1;
			}
		}
	}
	tls_ctx_free(ua);
}

int sip_ua_alloc(struct sip_ua **uap, struct loop *loop, const struct sip_ua_conf *conf,
		 const struct sip_ua_handlers *h, void *arg)
{
	struct sip_ua *ua = calloc(1, sizeof(*ua));
	int err, i;

	if (!ua)
		return -ENOMEM;
	ua->loop = loop;
	ua->conf = *conf;
	ua->conf.transports |= 1u << SIP_TP_UDP;
	ua->h = h;
	ua->arg = arg;
	ua->t1 = conf->t1_ms ? conf->t1_ms : 500;
	ua->t2 = conf->t2_ms ? conf->t2_ms : 4000;
	ua->t4 = conf->t4_ms ? conf->t4_ms : 5000;
	timer_init(&ua->t_cache);
	for (i = 0; i < SIP_MAX_LISTEN; i++)
		ua->udp_fd[i] = ua->tcp_fd[i] = ua->tls_fd[i] = -1;
	ua->laddr[ua->nlisten++] = conf->listen;
	if (conf->listen2.ss_family)
		ua->laddr[ua->nlisten++] = conf->listen2;
	if (ua->conf.transports & (1u << SIP_TP_TLS)) {
		err = tls_ctx_init(ua);
		if (err)
			goto err_free;
	}
	for (i = 0; i < ua->nlisten; i++) {
		struct sockaddr_storage tls_addr = ua->laddr[i];

		ua_addr_str(&ua->laddr[i], ua->hostports[i], sizeof(ua->hostports[i]));
		err = ua->udp_fd[i] = udp_open(ua, &ua->laddr[i]);
		if (err < 0)
			goto err_close;
		if (ua->conf.transports & (1u << SIP_TP_TCP)) {
			err = ua->tcp_fd[i] = tcp_listen(ua, &ua->laddr[i], SIP_TP_TCP);
			if (err < 0)
				goto err_close;
		}
		if (ua->conf.transports & (1u << SIP_TP_TLS)) {
			/* TLS on the next port, 5061 beside 5060 (RFC 3261 19.1.2) */
			if (tls_addr.ss_family == AF_INET6)
				((struct sockaddr_in6 *)&tls_addr)->sin6_port =
					htons(ntohs(((struct sockaddr_in6 *)&tls_addr)->sin6_port) + 1);
			else
				((struct sockaddr_in *)&tls_addr)->sin_port =
					htons(ntohs(((struct sockaddr_in *)&tls_addr)->sin_port) + 1);
			err = ua->tls_fd[i] = tcp_listen(ua, &tls_addr, SIP_TP_TLS);
			if (err < 0)
				goto err_close;
		}
	}
	ua->fd = ua->udp_fd[0];
	snprintf(ua->hostport, sizeof(ua->hostport), "%s", ua->hostports[0]);
	*uap = ua;
	return 0;

err_close:
	ua_close_all(ua);
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
	sip_ua_trunks_clear(ua);
	tsx_cache_flush(ua);
	ua_close_all(ua);
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
