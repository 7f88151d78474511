// SPDX-License-Identifier: GPL-2.0-only
/*
 * The sim backend: a virtual E1/T1 cable between two processes.
 *
 * The cable is an AF_UNIX SOCK_SEQPACKET path. One end listens, the other
 * connects twice: a D connection carrying one HDLC frame per datagram, and
 * a B connection carrying one 1 ms TDM frame per datagram (8 bytes for each
 * of 32 timeslots, as DAHDI moves them). Each end paces its transmit side
 * with a 1 ms timerfd and catches up on late wakeups, so both directions
 * run at 8000 samples/s. A timeslot nobody writes carries the idle pattern.
 *
 * Threads: the event loop owns the listening socket and the D connection;
 * the media thread owns the B connection, handed over through an atomic.
 * The fd returned by dchan_fd is an internal epoll set, so it stays the
 * same across (re)connects of the cable.
 */
#include <errno.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/timerfd.h>
#include <sys/un.h>
#include <unistd.h>

#include "fifo.h"
#include "log.h"
#include "tdm.h"

#define SIM_MAGIC 0x5047534d /* "PGSM" */
#define SIM_SLOTS 32
#define SIM_FRAME_LEN (4 + SIM_SLOTS * TDM_FRAME_BYTES)
#define SIM_MAX_CATCHUP 200
#define SIM_RETRY_MS 200

enum sim_role { SIM_ROLE_D = 'D', SIM_ROLE_B = 'B' };

struct sim_hello {
	uint32_t magic;
	uint8_t role;
	uint8_t framing;
	uint8_t pad[2];
};

struct sim_chan {
	struct tdm_fifo rx;
	struct tdm_fifo tx;
	bool open;
};

struct tdm_span {
	struct tdm_span_conf conf;
	uint8_t idle;

	/* event-loop side */
	int epfd;     /* what dchan_fd returns */
	int lfd;      /* listening socket, listen end only */
	int dfd;      /* D connection */
	int retry_fd; /* timerfd for reconnects, connect end only */
	bool b_connected;

	/* media side */
	int tick_fd;
	int bfd;
	_Atomic int pending_bfd; /* handed from the event loop to the media thread */
	_Atomic int b_up;
	uint32_t tx_seq;
	struct sim_chan chan[SIM_SLOTS];
};

static int sim_addr(const struct tdm_span *span, struct sockaddr_un *sun)
{
	memset(sun, 0, sizeof(*sun));
	sun->sun_family = AF_UNIX;
	if (strlen(span->conf.device) >= sizeof(sun->sun_path))
		return -ENAMETOOLONG;
	strcpy(sun->sun_path, span->conf.device);
	return 0;
}

static int ep_add(int epfd, int fd)
{
	struct epoll_event ev = {.events = EPOLLIN, .data.fd = fd};

	return epoll_ctl(epfd, EPOLL_CTL_ADD, fd, &ev) < 0 ? -errno : 0;
}

static void sim_hand_b(struct tdm_span *span, int fd)
{
	int old = atomic_exchange(&span->pending_bfd, fd);

	if (old >= 0)
		close(old);
}

static void sim_d_down(struct tdm_span *span)
{
	if (span->dfd < 0)
		return;
	epoll_ctl(span->epfd, EPOLL_CTL_DEL, span->dfd, NULL);
	close(span->dfd);
	span->dfd = -1;
	log_notice("sim span %d: cable %s disconnected", span->conf.span_no, span->conf.device);
}

/* connect end: open both connections, or neither */
static int sim_connect_one(struct tdm_span *span, enum sim_role role)
{
	struct sim_hello h = {.magic = SIM_MAGIC, .role = role, .framing = span->conf.framing};
	struct sockaddr_un sun;
	int fd, err;

	err = sim_addr(span, &sun);
	if (err)
		return err;
	fd = socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (fd < 0)
		return -errno;
	if (connect(fd, (struct sockaddr *)&sun, sizeof(sun)) < 0 ||
	    send(fd, &h, sizeof(h), MSG_NOSIGNAL) != sizeof(h)) {
		err = -errno;
		close(fd);
		return err;
	}
	return fd;
}

static void sim_try_connect(struct tdm_span *span)
{
	int dfd, bfd;

	if (span->dfd >= 0)
		return;
	dfd = sim_connect_one(span, SIM_ROLE_D);
	if (dfd < 0)
		return;
	bfd = sim_connect_one(span, SIM_ROLE_B);
	if (bfd < 0) {
		close(dfd);
		return;
	}
	span->dfd = dfd;
	ep_add(span->epfd, dfd);
	sim_hand_b(span, bfd);
	log_notice("sim span %d: connected to cable %s", span->conf.span_no, span->conf.device);
}

/* listen end: a new connection says which role it plays */
static void sim_accept(struct tdm_span *span)
{
	struct sim_hello h;
	int fd;
	ssize_t n;

	fd = accept4(span->lfd, NULL, NULL, SOCK_CLOEXEC | SOCK_NONBLOCK);
	if (fd < 0)
		return;
	/* the peer sends its hello right after connect; wait briefly for it */
	for (int i = 0; i < 100; i++) {
		n = recv(fd, &h, sizeof(h), 0);
		if (n >= 0 || errno != EAGAIN)
			break;
		usleep(1000);
	}
	if (n != sizeof(h) || h.magic != SIM_MAGIC || h.framing != span->conf.framing ||
	    (h.role != SIM_ROLE_D && h.role != SIM_ROLE_B)) {
		log_warn("sim span %d: rejected a connection with a bad hello (framing must match)",
			 span->conf.span_no);
		close(fd);
		return;
	}
	if (h.role == SIM_ROLE_B) {
		sim_hand_b(span, fd);
		return;
	}
	sim_d_down(span);
	span->dfd = fd;
	ep_add(span->epfd, fd);
	log_notice("sim span %d: peer connected on cable %s", span->conf.span_no,
		   span->conf.device);
}

static int sim_listen(struct tdm_span *span)
{
	struct sockaddr_un sun;
	int err;

	err = sim_addr(span, &sun);
	if (err)
		return err;
	span->lfd = socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (span->lfd < 0)
		return -errno;
	unlink(sun.sun_path);
	if (bind(span->lfd, (struct sockaddr *)&sun, sizeof(sun)) < 0 || listen(span->lfd, 4) < 0)
		return -errno;
	return ep_add(span->epfd, span->lfd);
}

static int sim_start_retry(struct tdm_span *span)
{
	struct itimerspec its = {
		.it_value = {0, 1000000},
		.it_interval = {0, SIM_RETRY_MS * 1000000L},
	};

	span->retry_fd = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC);
	if (span->retry_fd < 0)
		return -errno;
	if (timerfd_settime(span->retry_fd, 0, &its, NULL) < 0)
		return -errno;
	return ep_add(span->epfd, span->retry_fd);
}

static int sim_start_ticks(struct tdm_span *span)
{
	struct itimerspec its = {.it_value = {0, 1000000}, .it_interval = {0, 1000000}};

	span->tick_fd = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC);
	if (span->tick_fd < 0)
		return -errno;
	return timerfd_settime(span->tick_fd, 0, &its, NULL) < 0 ? -errno : 0;
}

static void sim_span_close(struct tdm_span *span)
{
	int fd;

	if (!span)
		return;
	sim_d_down(span);
	if (span->lfd >= 0) {
		close(span->lfd);
		unlink(span->conf.device);
	}
	if (span->retry_fd >= 0)
		close(span->retry_fd);
	if (span->tick_fd >= 0)
		close(span->tick_fd);
	if (span->bfd >= 0)
		close(span->bfd);
	fd = atomic_exchange(&span->pending_bfd, -1);
	if (fd >= 0)
		close(fd);
	if (span->epfd >= 0)
		close(span->epfd);
	free(span);
}

static int sim_span_open(struct tdm_span **spanp, const struct tdm_span_conf *conf)
{
	struct tdm_span *span;
	int err;

	if (!conf->device[0])
		return -EINVAL;
	span = calloc(1, sizeof(*span));
	if (!span)
		return -ENOMEM;
	span->conf = *conf;
	span->idle = tdm_idle_byte(conf->law);
	span->lfd = span->dfd = span->retry_fd = span->tick_fd = span->bfd = -1;
	atomic_init(&span->pending_bfd, -1);
	atomic_init(&span->b_up, 0);
	span->epfd = epoll_create1(EPOLL_CLOEXEC);
	if (span->epfd < 0) {
		err = -errno;
		goto err_close;
	}
	err = conf->listen ? sim_listen(span) : sim_start_retry(span);
	if (err)
		goto err_close;
	err = sim_start_ticks(span);
	if (err)
		goto err_close;
	*spanp = span;
	return 0;

err_close:
	sim_span_close(span);
	return err;
}

static int sim_dchan_fd(struct tdm_span *span)
{
	return span->epfd;
}

static ssize_t sim_dchan_read(struct tdm_span *span, void *buf, size_t len)
{
	struct epoll_event evs[4];
	ssize_t n;
	int i, nev;
	uint64_t exp;

	nev = epoll_wait(span->epfd, evs, 4, 0);
	for (i = 0; i < nev; i++) {
		int fd = evs[i].data.fd;

		if (fd == span->lfd)
			sim_accept(span);
		else if (fd == span->retry_fd) {
			if (read(fd, &exp, sizeof(exp)) < 0 && errno != EAGAIN)
				return -errno;
			sim_try_connect(span);
		}
	}
	if (span->dfd < 0)
		return -EAGAIN;
	n = recv(span->dfd, buf, len, MSG_TRUNC);
	if (n < 0)
		return errno == EAGAIN ? -EAGAIN : -errno;
	if (n == 0) {
		sim_d_down(span);
		return -ENOTCONN;
	}
	if ((size_t)n > len)
		return -EMSGSIZE;
	return n;
}

static int sim_dchan_write(struct tdm_span *span, const void *buf, size_t len)
{
	if (span->dfd < 0)
		return -ENOTCONN;
	if (send(span->dfd, buf, len, MSG_NOSIGNAL) < 0)
		return -errno;
	return 0;
}

static int sim_alarms(struct tdm_span *span)
{
	return span->dfd >= 0 && atomic_load(&span->b_up) ? TDM_ALARM_NONE : TDM_ALARM_RED;
}

static int sim_media_fd(struct tdm_span *span)
{
	return span->tick_fd;
}

static void sim_b_take(struct tdm_span *span)
{
	int fd = atomic_exchange(&span->pending_bfd, -1);

	if (fd < 0)
		return;
	if (span->bfd >= 0)
		close(span->bfd);
	span->bfd = fd;
	atomic_store(&span->b_up, 1);
}

static void sim_b_down(struct tdm_span *span)
{
	close(span->bfd);
	span->bfd = -1;
	atomic_store(&span->b_up, 0);
}

static void sim_rx_frames(struct tdm_span *span)
{
	uint8_t frame[SIM_FRAME_LEN];
	ssize_t n;
	int ts;

	while (span->bfd >= 0) {
		n = recv(span->bfd, frame, sizeof(frame), 0);
		if (n < 0) {
			if (errno != EAGAIN)
				sim_b_down(span);
			return;
		}
		if (n == 0) {
			sim_b_down(span);
			return;
		}
		if (n != SIM_FRAME_LEN)
			continue; /* not a TDM frame: a line error, drop it */
		for (ts = 1; ts < SIM_SLOTS; ts++) {
			struct sim_chan *c = &span->chan[ts];

			if (c->open)
				tdm_fifo_put(&c->rx, frame + 4 + ts * TDM_FRAME_BYTES, TDM_FRAME_BYTES);
		}
	}
}

static void sim_tx_frame(struct tdm_span *span)
{
	uint8_t frame[SIM_FRAME_LEN];
	int ts;

	memcpy(frame, &span->tx_seq, 4);
	span->tx_seq++;
	memset(frame + 4, span->idle, SIM_SLOTS * TDM_FRAME_BYTES);
	for (ts = 1; ts < SIM_SLOTS; ts++) {
		struct sim_chan *c = &span->chan[ts];
		uint8_t *p = frame + 4 + ts * TDM_FRAME_BYTES;
		size_t got;

		if (!c->open)
			continue;
		got = tdm_fifo_get(&c->tx, p, TDM_FRAME_BYTES);
		if (got < TDM_FRAME_BYTES)
			memset(p + got, span->idle, TDM_FRAME_BYTES - got);
	}
	if (span->bfd >= 0 && send(span->bfd, frame, sizeof(frame), MSG_NOSIGNAL) < 0 &&
	    errno != EAGAIN)
		sim_b_down(span);
}

static int sim_media_service(struct tdm_span *span)
{
	uint64_t ticks = 0, i;

	if (read(span->tick_fd, &ticks, sizeof(ticks)) < 0)
		return errno == EAGAIN ? 0 : -errno;
	sim_b_take(span);
	/* a late wakeup sends the frames it missed, up to a bound */
	if (ticks > SIM_MAX_CATCHUP)
		ticks = SIM_MAX_CATCHUP;
	for (i = 0; i < ticks; i++)
		sim_tx_frame(span);
	sim_rx_frames(span);
	return (int)ticks;
}

static int sim_bchan_check(struct tdm_span *span, int chan)
{
	return tdm_is_bchan(span->conf.framing, chan) ? 0 : -EINVAL;
}

static int sim_bchan_open(struct tdm_span *span, int chan)
{
	struct sim_chan *c;

	if (sim_bchan_check(span, chan))
		return -EINVAL;
	c = &span->chan[chan];
	tdm_fifo_reset(&c->rx);
	tdm_fifo_reset(&c->tx);
	__atomic_store_n(&c->open, true, __ATOMIC_RELAXED);
	return 0;
}

static void sim_bchan_close(struct tdm_span *span, int chan)
{
	if (!sim_bchan_check(span, chan))
		__atomic_store_n(&span->chan[chan].open, false, __ATOMIC_RELAXED);
}

/* racy by nature (the media thread opens and closes): for display only */
static int sim_chan_status(struct tdm_span *span, int chan, char *buf, size_t len)
{
	if (sim_bchan_check(span, chan))
		return -EINVAL;
	snprintf(buf, len, "%s", __atomic_load_n(&span->chan[chan].open, __ATOMIC_RELAXED) ?
					"open" : "closed");
	return 0;
}

static ssize_t sim_bchan_read(struct tdm_span *span, int chan, uint8_t *buf, size_t len)
{
	if (sim_bchan_check(span, chan))
		return -EINVAL;
	return (ssize_t)tdm_fifo_get(&span->chan[chan].rx, buf, len);
}

static ssize_t sim_bchan_write(struct tdm_span *span, int chan, const uint8_t *buf, size_t len)
{
	if (sim_bchan_check(span, chan))
		return -EINVAL;
	return (ssize_t)tdm_fifo_put(&span->chan[chan].tx, buf, len);
}

static size_t sim_bchan_tx_queued(struct tdm_span *span, int chan)
{
	return sim_bchan_check(span, chan) ? 0 : tdm_fifo_used(&span->chan[chan].tx);
}

const struct tdm_backend_ops tdm_sim_ops = {
	.name = "sim",
	.span_open = sim_span_open,
	.span_close = sim_span_close,
	.dchan_fd = sim_dchan_fd,
	.dchan_read = sim_dchan_read,
	.dchan_write = sim_dchan_write,
	.alarms = sim_alarms,
	.chan_status = sim_chan_status,
	.media_fd = sim_media_fd,
	.media_service = sim_media_service,
	.bchan_open = sim_bchan_open,
	.bchan_close = sim_bchan_close,
	.bchan_read = sim_bchan_read,
	.bchan_write = sim_bchan_write,
	.bchan_tx_queued = sim_bchan_tx_queued,
};
