// SPDX-License-Identifier: GPL-2.0-only
/*
 * SIP over stream transports (RFC 3261 18.3): TCP connections, and TLS
 * over them through sip_tls.c. Messages are framed by Content-Length;
 * a connection to or from a peer is reused for every message to that
 * address (18.1.1, 18.2.2); CRLF keepalives are answered (RFC 5626 4.4.1)
 * and sent on connections we opened; idle connections are closed.
 */
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "log.h"
#include "sip_ua_priv.h"
#include "sockaddr.h"

#define CONN_IDLE_MS (15 * 60 * 1000) /* close after this long without a byte in */
#define CONN_PING_MS 30000	      /* CRLFCRLF on our own connections */
#define CONN_TX_MAX (256 * 1024)      /* a peer that reads nothing is dropped */

/* --- framing ------------------------------------------------------------------ */

/* the Content-Length value in the header block hdr[0..n), -1 when absent or bad */
static long find_clen(const char *hdr, size_t n)
{
	size_t i = 0;

	while (i < n) {
		const char *line = hdr + i, *eol = memchr(line, '\n', n - i);
		size_t ll = eol ? (size_t)(eol - line) : n - i, nl = 0;

		while (nl < ll && line[nl] != ':' && line[nl] != ' ' && line[nl] != '\t')
			nl++;
		if ((nl == 14 && !strncasecmp(line, "Content-Length", 14)) ||
		    (nl == 1 && (line[0] == 'l' || line[0] == 'L'))) {
			size_t k = nl;
			long v = 0;
			bool digits = false;

			while (k < ll && (line[k] == ' ' || line[k] == '\t'))
				k++;
			if (k == ll || line[k] != ':')
				goto next;
			k++;
			while (k < ll && (line[k] == ' ' || line[k] == '\t'))
				k++;
			while (k < ll && line[k] >= '0' && line[k] <= '9') {
				v = v * 10 + (line[k++] - '0');
				digits = true;
				if (v > 10 * 1024 * 1024)
					return -1;
			}
			return digits ? v : -1;
		}
	next:
		i += ll + 1;
	}
	return -1;
}

long sip_stream_frame(const char *buf, size_t len, size_t *skip, size_t max)
{
	size_t s = 0, i, hdr_end = 0;
	long clen;

	while (s < len && (buf[s] == '\r' || buf[s] == '\n'))
		s++;
	*skip = s;
	for (i = s; i + 3 < len; i++) {
		if (buf[i] == '\r' && buf[i + 1] == '\n' && buf[i + 2] == '\r' &&
		    buf[i + 3] == '\n') {
			hdr_end = i + 4;
			break;
		}
	}
	if (!hdr_end)
		return len - s > max ? -EMSGSIZE : 0;
	clen = find_clen(buf + s, hdr_end - s);
	if (clen < 0)
		return -EBADMSG; /* mandatory on streams (18.3, 20.14) */
	if (hdr_end - s + (size_t)clen > max)
		return -EMSGSIZE;
	if (len < hdr_end + (size_t)clen)
		return 0;
	return (long)(hdr_end - s + (size_t)clen);
}

/* --- connections -------------------------------------------------------------- */

static void conn_idle_h(void *arg);
static void conn_io_h(int fd, uint32_t events, void *arg);

void conn_free(struct sip_conn *c)
{
	struct sip_ua *ua = c->ua;
	struct sip_conn **pp;

	for (pp = &ua->conns; *pp; pp = &(*pp)->next) {
		if (*pp == c) {
			*pp = c->next;
			break;
		}
	}
	timer_cancel(ua->loop, &c->t_idle);
	tls_conn_free(c);
	loop_fd_del(ua->loop, c->fd);
	close(c->fd);
	free(c->tx);
	free(c);
}

static void conn_close(struct sip_conn *c, const char *why)
{
	char a[80];

	ua_addr_str(&c->peer, a, sizeof(a));
	log_info("SIP %s connection %s %s closed: %s", sip_transport_name(c->tp),
		 c->outbound ? "to" : "from", a, why);
	conn_free(c);
}

static struct sip_conn *conn_new(struct sip_ua *ua, int fd, enum sip_transport tp,
				 const struct sockaddr_storage *peer, bool outbound)
{
	struct sip_conn *c = calloc(1, sizeof(*c));
	int on = 1;

	if (!c)
		return NULL;
	c->ua = ua;
	c->fd = fd;
	c->tp = tp;
	c->peer = *peer;
	c->outbound = outbound;
	c->last_rx_ms = loop_now_ms(ua->loop);
	timer_init(&c->t_idle);
	setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &on, sizeof(on));
	if (loop_fd_add(ua->loop, fd, EPOLLIN | (outbound ? EPOLLOUT : 0), conn_io_h, c)) {
		free(c);
		return NULL;
	}
	if (tp == SIP_TP_TLS && tls_conn_start(c, !outbound)) {
		loop_fd_del(ua->loop, fd);
		free(c);
		return NULL;
	}
	c->next = ua->conns;
	ua->conns = c;
	timer_start(ua->loop, &c->t_idle, outbound ? CONN_PING_MS : CONN_IDLE_MS, conn_idle_h, c);
	return c;
}

static long conn_read(struct sip_conn *c, char *buf, size_t len)
{
	ssize_t n;

	if (c->tp == SIP_TP_TLS)
		return tls_conn_read(c, buf, len);
	n = read(c->fd, buf, len);
	if (n < 0)
		return errno == EAGAIN || errno == EINTR ? -EAGAIN : -errno;
	return n;
}

static long conn_write(struct sip_conn *c, const char *buf, size_t len)
{
	ssize_t n;

	if (c->tp == SIP_TP_TLS)
		return tls_conn_write(c, buf, len);
	n = send(c->fd, buf, len, MSG_DONTWAIT | MSG_NOSIGNAL);
	if (n < 0)
		return errno == EAGAIN || errno == EINTR ? -EAGAIN : -errno;
	return n;
}

/* write what is queued; 0, or -errno when the connection is broken */
static int conn_flush(struct sip_conn *c)
{
	while (c->txlen && !c->connecting) {
		long n = conn_write(c, c->tx, c->txlen);

		if (n == -EAGAIN)
			break;
		if (n <= 0)
			return n ? (int)n : -EPIPE;
		memmove(c->tx, c->tx + n, c->txlen - (size_t)n);
		c->txlen -= (size_t)n;
	}
	/* TLS may need to write during a read (handshake): keep EPOLLOUT while queued */
	loop_fd_add(c->ua->loop, c->fd, EPOLLIN | (c->txlen || c->connecting ? EPOLLOUT : 0),
		    conn_io_h, c);
	return 0;
}

static int conn_queue(struct sip_conn *c, const char *buf, size_t len)
{
	char *tx;

	if (c->txlen + len > CONN_TX_MAX)
		return -ENOBUFS;
	tx = realloc(c->tx, c->txlen + len);
	if (!tx)
		return -ENOMEM;
	memcpy(tx + c->txlen, buf, len);
	c->tx = tx;
	c->txlen += len;
	return conn_flush(c);
}

static void conn_rx(struct sip_conn *c)
{
	struct sip_ua *ua = c->ua;
	bool pong = false;

	for (;;) {
		long n = conn_read(c, c->rx + c->rxlen, sizeof(c->rx) - c->rxlen);
		size_t off = 0, skip;
		long m;

		if (n == -EAGAIN)
			break;
		if (n <= 0) {
			conn_close(c, n ? strerror((int)-n) : "closed by the peer");
			return;
		}
		c->rxlen += (size_t)n;
		c->last_rx_ms = loop_now_ms(ua->loop);
		while ((m = sip_stream_frame(c->rx + off, c->rxlen - off, &skip, SIP_MAX_MSG)) >
			       0 ||
		       skip) {
			/* a CRLFCRLF ping is answered with a CRLF pong (RFC 5626 4.4.1) */
			if (skip >= 4 && !c->outbound)
				pong = true;
			off += skip;
			if (m <= 0)
				break;
			memcpy(ua->rxbuf, c->rx + off, (size_t)m);
			ua->rxbuf[m] = '\0';
			off += (size_t)m;
			ua->st.rx_msgs++;
			if (log_get_level() >= LOG_LVL_DEBUG)
				log_debug("SIP in %s (%ld bytes):\n%.*s", sip_transport_name(c->tp),
					  m, (int)m, ua->rxbuf);
			ua->rx_tp = c->tp;
			/* the handlers may send on c, never free it */
			ua_dispatch(ua, ua->rxbuf, (size_t)m, &c->peer);
		}
		if (m < 0) {
			ua->st.rx_malformed++;
			conn_close(c, m == -EMSGSIZE ? "message too large" : "no Content-Length");
			return;
		}
		memmove(c->rx, c->rx + off, c->rxlen - off);
		c->rxlen -= off;
	}
	if (pong && conn_queue(c, "\r\n", 2))
		conn_close(c, "write failed");
}

static void conn_io_h(int fd, uint32_t events, void *arg)
{
	struct sip_conn *c = arg;

	if (c->connecting && (events & (EPOLLOUT | EPOLLERR | EPOLLHUP))) {
		int err = 0;
		socklen_t el = sizeof(err);

		getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &el);
		if (err) {
			conn_close(c, strerror(err));
			return;
		}
		c->connecting = false;
	}
	if (events & (EPOLLIN | EPOLLERR | EPOLLHUP)) {
		struct sip_ua *ua = c->ua;
		struct sip_conn *p;

		conn_rx(c);
		for (p = ua->conns; p && p != c; p = p->next)
			;
		if (!p)
			return; /* closed */
	}
	if (conn_flush(c))
		conn_close(c, "write failed");
}

static void conn_idle_h(void *arg)
{
	struct sip_conn *c = arg;
	uint64_t now = loop_now_ms(c->ua->loop);

	if (now - c->last_rx_ms >= CONN_IDLE_MS) {
		conn_close(c, "idle");
		return;
	}
	if (c->outbound && conn_queue(c, "\r\n\r\n", 4)) {
		conn_close(c, "keepalive failed");
		return;
	}
	timer_start(c->ua->loop, &c->t_idle, c->outbound ? CONN_PING_MS : CONN_IDLE_MS, conn_idle_h,
		    c);
}

static void tcp_accept_h(int lfd, uint32_t events, void *arg)
{
	struct sip_ua *ua = arg;
	struct sockaddr_storage peer;
	socklen_t plen;
	enum sip_transport tp = SIP_TP_TCP;
	int fd, i;

	for (i = 0; i < ua->nlisten; i++)
		if (ua->tls_fd[i] == lfd)
			tp = SIP_TP_TLS;
	for (;;) {
		plen = sizeof(peer);
		fd = accept4(lfd, (struct sockaddr *)&peer, &plen, SOCK_NONBLOCK | SOCK_CLOEXEC);
		if (fd < 0)
			return;
		if (!conn_new(ua, fd, tp, &peer, false))
			close(fd);
	}
}

int tcp_listen(struct sip_ua *ua, const struct sockaddr_storage *a, enum sip_transport tp)
{
	int fd, on = 1, err;

	fd = socket(a->ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof(on));
	if (a->ss_family == AF_INET6)
		setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &on, sizeof(on));
	if (bind(fd, (const struct sockaddr *)a, sa_len(a)) < 0 || listen(fd, 64) < 0) {
		err = -errno;
		goto err_close;
	}
	err = loop_fd_add(ua->loop, fd, EPOLLIN, tcp_accept_h, ua);
	if (err)
		goto err_close;
	return fd;

err_close:
	close(fd);
	return err;
}

bool conn_exists(const struct sip_ua *ua, enum sip_transport tp, const struct sockaddr_storage *dst)
{
	const struct sip_conn *c;

	for (c = ua->conns; c; c = c->next)
		if (c->tp == tp && sa_equal(&c->peer, dst))
			return true;
	return false;
}

int conn_send(struct sip_ua *ua, enum sip_transport tp, const struct sockaddr_storage *dst,
	      const char *buf, size_t len)
{
	struct sip_conn *c;
	int fd, err;

	for (c = ua->conns; c; c = c->next)
		if (c->tp == tp && sa_equal(&c->peer, dst))
			break;
	if (!c) {
		fd = socket(dst->ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
		if (fd < 0)
			return -errno;
		if (connect(fd, (const struct sockaddr *)dst, sa_len(dst)) < 0 &&
		    errno != EINPROGRESS) {
			err = -errno;
			close(fd);
			return err;
		}
		c = conn_new(ua, fd, tp, dst, true);
		if (!c) {
			close(fd);
			return -ENOMEM;
		}
		c->connecting = true;
	}
	/* a broken connection is closed by its own event handler, never here:
	 * the caller may be dispatching a message read from it */
	return conn_queue(c, buf, len);
}
