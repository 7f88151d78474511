// SPDX-License-Identifier: GPL-2.0-only
/*
 * The media thread: TDM frames <-> RTP packets for every active stream.
 *
 * TDM -> RTP: after each media_service of a span, the samples each open
 * B-channel received are gathered into ptime-sized packets and sent.
 * RTP -> TDM: packets from the negotiated source are queued towards the
 * B-channel in sequence order; the queue is primed to jitter_ms at the
 * start of each talkspurt, lost packets become silence, late ones are
 * dropped. The TDM clock paces playout.
 */
#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include "g711.h"
#include "log.h"
#include "media.h"
#include "media_io.h"
#include "ring.h"
#include "rtp.h"
#include "sockaddr.h"

#define MEDIA_MAX_PTIME 60
#define MEDIA_MAX_SAMPLES (MEDIA_MAX_PTIME * 8)
#define MEDIA_MAX_GAP_MS 200 /* longest loss filled with silence */

enum media_cmd_type { MEDIA_CMD_START, MEDIA_CMD_UPDATE, MEDIA_CMD_DIR, MEDIA_CMD_STOP, MEDIA_CMD_QUIT };

struct media_cmd {
	enum media_cmd_type type;
	int slot;
	struct media_stream_params p;
};

struct media_done {
	int slot;
	int fd;
};

RING_DEFINE(media_cmd_ring, struct media_cmd, 8)
RING_DEFINE(media_done_ring, struct media_done, 10)

enum { TAG_CMD, TAG_SPAN, TAG_RTP, TAG_IO };
#define TAG(type, idx) ((uint64_t)(type) << 32 | (uint32_t)(idx))

struct media_span {
	const struct tdm_backend_ops *ops;
	struct tdm_span *tdm;
	enum tdm_law law;
	int slot_by_chan[TDM_MAX_CHANS]; /* -1 when no stream */
};

struct stream_stats {
	_Atomic uint64_t rx_packets, rx_bytes, tx_packets, tx_bytes;
	_Atomic uint64_t rx_bad_source, rx_malformed, rx_late, rx_lost, rx_other_pt, underruns;
	_Atomic uint32_t tdm_queue_bytes;
};

struct media_stream {
	bool active;
	int slot;
	struct media_io *io;
	struct media_stream_params p;
	struct media_span *span;
	size_t spp;        /* samples per packet */
	bool transcode;
	bool marker;       /* next packet starts a talkspurt */
	uint8_t txbuf[MEDIA_MAX_SAMPLES];
	size_t txlen;
	bool rx_started;
	uint16_t rx_expected;
	struct stream_stats st;
};

struct media {
	struct loop *loop;
	struct media_conf conf;
	media_stopped_h *stopped_h;
	void *arg;
	pthread_t thread;
	bool running;
	struct media_io *io; /* RTP in and out (media_io.h) */
	int epfd;
	int cmd_efd;  /* wakes the media thread */
	int done_efd; /* wakes the event loop */
	struct media_cmd_ring cmds;
	struct media_done_ring done;
	struct media_span spans[MEDIA_MAX_SPANS];
	int nspans;
	bool slot_busy[MEDIA_MAX_STREAMS]; /* event-loop side */
	struct media_stream streams[MEDIA_MAX_STREAMS];
};

static void stat_add(_Atomic uint64_t *c, uint64_t n)
{
	atomic_fetch_add_explicit(c, n, memory_order_relaxed);
}

static void convert_law(uint8_t *dst, const uint8_t *src, size_t n, enum tdm_law to)
{
	if (to == TDM_ALAW)
		g711_ulaw2alaw_buf(dst, src, n);
	else
		g711_alaw2ulaw_buf(dst, src, n);
}

/* --- TDM -> RTP -------------------------------------------------------- */

static void stream_send(struct media_stream *s)
{
	uint8_t pkt[RTP_HDR_LEN + MEDIA_MAX_SAMPLES];
	size_t off = rtp_build_hdr(pkt, s->p.pt, s->marker, s->p.seq, s->p.ts, s->p.ssrc);

	if (s->p.no_send) {
		/* on hold: the timestamp runs on, the next packet starts a talkspurt */
		s->marker = true;
		s->p.seq++;
		s->p.ts += (uint32_t)s->spp;
		s->txlen = 0;
		return;
	}
	if (s->transcode)
		convert_law(pkt + off, s->txbuf, s->spp, s->p.rtp_law);
	else
		memcpy(pkt + off, s->txbuf, s->spp);
	if (!media_io_send(s->io, s->slot, pkt, off + s->spp, &s->p.remote)) {
		stat_add(&s->st.tx_packets, 1);
		stat_add(&s->st.tx_bytes, s->spp);
	}
	s->marker = false;
	s->p.seq++;
	s->p.ts += (uint32_t)s->spp;
	s->txlen = 0;
}

static void span_to_rtp(struct media *m, struct media_span *ms)
{
	int chan;

	for (chan = 1; chan < TDM_MAX_CHANS; chan++) {
		struct media_stream *s;
		ssize_t n;

		if (ms->slot_by_chan[chan] < 0)
			continue;
		s = &m->streams[ms->slot_by_chan[chan]];
		for (;;) {
			n = ms->ops->bchan_read(ms->tdm, chan, s->txbuf + s->txlen, s->spp - s->txlen);
			if (n <= 0)
				break;
			s->txlen += (size_t)n;
			if (s->txlen < s->spp)
				break;
			stream_send(s);
		}
	}
}

/* --- RTP -> TDM -------------------------------------------------------- */

static void tdm_fill(struct media_stream *s, size_t n)
{
	uint8_t idle[MEDIA_MAX_SAMPLES];
	struct media_span *ms = s->span;

	memset(idle, tdm_idle_byte(ms->law), sizeof(idle));
	while (n) {
		size_t k = n < sizeof(idle) ? n : sizeof(idle);

		if (ms->ops->bchan_write(ms->tdm, s->p.chan, idle, k) < (ssize_t)k)
			return;
		n -= k;
	}
}

static size_t tdm_queued(struct media_stream *s)
{
	struct media_span *ms = s->span;

	return ms->ops->bchan_tx_queued ? ms->ops->bchan_tx_queued(ms->tdm, s->p.chan) : 0;
}

static void stream_play(struct media *m, struct media_stream *s, const struct rtp_hdr *h)
{
	uint8_t buf[MEDIA_MAX_SAMPLES];
	const uint8_t *audio = h->payload;
	size_t len = h->payload_len, queued = tdm_queued(s);
	size_t prime = (size_t)m->conf.jitter_ms * 8;

	if (len > sizeof(buf))
		len = sizeof(buf);
	if (s->rx_started) {
		int16_t d = rtp_seq_diff(h->seq, s->rx_expected);

		if (d < 0) {
			stat_add(&s->st.rx_late, 1);
			return;
		}
		if (d > 0) {
			size_t gap = (size_t)d * len;

			stat_add(&s->st.rx_lost, (uint64_t)d);
			if (gap > MEDIA_MAX_GAP_MS * 8)
				gap = MEDIA_MAX_GAP_MS * 8;
			tdm_fill(s, gap);
			queued += gap;
		}
		if (!queued)
			stat_add(&s->st.underruns, 1);
	}
	/* prime the playout queue at the start of a talkspurt or after an underrun */
	if ((!s->rx_started || h->marker || !queued) && queued < prime)
		tdm_fill(s, prime - queued);
	s->rx_started = true;
	s->rx_expected = (uint16_t)(h->seq + 1);
	if (s->transcode) {
		convert_law(buf, audio, len, s->span->law);
		audio = buf;
	}
	s->span->ops->bchan_write(s->span->tdm, s->p.chan, audio, len);
	atomic_store_explicit(&s->st.tdm_queue_bytes, (uint32_t)tdm_queued(s),
			      memory_order_relaxed);
}

static void stream_rx_pkt(struct media *m, struct media_stream *s, uint8_t *pkt, size_t n,
			  const struct sockaddr_storage *from)
{
	struct rtp_hdr h;

	if (!sa_equal(from, &s->p.remote)) {
		stat_add(&s->st.rx_bad_source, 1);
		return;
	}
	if (rtp_parse(&h, pkt, n)) {
		stat_add(&s->st.rx_malformed, 1);
		return;
	}
	if (h.pt != s->p.pt) {
		stat_add(&s->st.rx_other_pt, 1);
		return;
	}
	stat_add(&s->st.rx_packets, 1);
	stat_add(&s->st.rx_bytes, h.payload_len);
	if (!s->p.no_play)
		stream_play(m, s, &h);
}

/* src: a stream's slot (its socket) or an engine fd (MEDIA_IO_SRC_ENGINE + i) */
static void stream_rx(struct media *m, int src)
{
	struct media_io_pkt pk[32];
	int i, n = media_io_recv(m->io, src, pk, 32);

	for (i = 0; i < n; i++) {
		struct media_stream *s = &m->streams[pk[i].slot];

		if (s->active)
			stream_rx_pkt(m, s, pk[i].data, pk[i].len, &pk[i].from);
	}
}

/* --- commands ------------------------------------------------------------ */

static void stream_done(struct media *m, int slot)
{
	struct media_done d = {.slot = slot, .fd = m->streams[slot].p.rtp_fd};
	uint64_t one = 1;

	/* the done ring is as large as the slot count, so it cannot fill */
	media_done_ring_push(&m->done, &d);
	if (write(m->done_efd, &one, sizeof(one)) < 0)
		return;
}

static void stream_stop(struct media *m, int slot)
{
	struct media_stream *s = &m->streams[slot];

	if (!s->active)
		return;
	s->span->ops->bchan_close(s->span->tdm, s->p.chan);
	s->span->slot_by_chan[s->p.chan] = -1;
	epoll_ctl(m->epfd, EPOLL_CTL_DEL, s->p.rtp_fd, NULL);
	m->io->ops->stream_del(m->io, slot);
	s->active = false;
	stream_done(m, slot);
}

static void stream_start(struct media *m, int slot, const struct media_stream_params *p)
{
	struct media_stream *s = &m->streams[slot];
	struct media_span *ms = &m->spans[p->span_idx];
	struct epoll_event ev = {.events = EPOLLIN, .data.u64 = TAG(TAG_RTP, slot)};

	memset(&s->st, 0, sizeof(s->st));
	s->p = *p;
	s->span = ms;
	s->spp = (size_t)p->ptime * 8;
	s->transcode = p->rtp_law != ms->law;
	s->marker = true;
	s->txlen = 0;
	s->rx_started = false;
	s->slot = slot;
	s->io = m->io;
	if (ms->slot_by_chan[p->chan] >= 0 || ms->ops->bchan_open(ms->tdm, p->chan) ||
	    m->io->ops->stream_add(m->io, slot, p->rtp_fd) ||
	    epoll_ctl(m->epfd, EPOLL_CTL_ADD, p->rtp_fd, &ev)) {
		m->io->ops->stream_del(m->io, slot);
		if (ms->slot_by_chan[p->chan] < 0)
			ms->ops->bchan_close(ms->tdm, p->chan);
		stream_done(m, slot);
		return;
	}
	ms->slot_by_chan[p->chan] = slot;
	s->active = true;
}

static bool media_commands(struct media *m)
{
	struct media_cmd c;
	uint64_t v;

	if (read(m->cmd_efd, &v, sizeof(v)) < 0 && errno != EAGAIN)
		return true;
	while (media_cmd_ring_pop(&m->cmds, &c)) {
		switch (c.type) {
		case MEDIA_CMD_START:
			stream_start(m, c.slot, &c.p);
			break;
		case MEDIA_CMD_UPDATE:
			m->streams[c.slot].p.remote = c.p.remote;
			break;
		case MEDIA_CMD_DIR:
			m->streams[c.slot].p.no_send = c.p.no_send;
			m->streams[c.slot].p.no_play = c.p.no_play;
			/* resumed audio starts a fresh talkspurt both ways */
			m->streams[c.slot].rx_started = false;
			m->streams[c.slot].marker = true;
			break;
		case MEDIA_CMD_STOP:
			stream_stop(m, c.slot);
			break;
		case MEDIA_CMD_QUIT:
			return false;
		}
	}
	return true;
}

static void *media_thread(void *arg)
{
	struct media *m = arg;
	struct epoll_event evs[64];
	uint64_t housekept = 0, now;
	int i, n;

	for (;;) {
		media_io_flush(m->io);
		now = time_now_ms();
		if (now - housekept >= 10) {
			m->io->ops->housekeep(m->io, now);
			housekept = now;
		}
		n = epoll_wait(m->epfd, evs, 64, 100);
		for (i = 0; i < n; i++) {
			uint32_t type = (uint32_t)(evs[i].data.u64 >> 32);
			uint32_t idx = (uint32_t)evs[i].data.u64;

			if (type == TAG_CMD) {
				if (!media_commands(m))
					return NULL;
			} else if (type == TAG_SPAN) {
				struct media_span *ms = &m->spans[idx];

				if (ms->ops->media_service(ms->tdm) >= 0)
					span_to_rtp(m, ms);
			} else if (type == TAG_IO) {
				stream_rx(m, MEDIA_IO_SRC_ENGINE + (int)idx);
			} else if (m->streams[idx].active) {
				stream_rx(m, (int)idx);
			}
		}
	}
	return NULL;
}

/* --- event-loop side ---------------------------------------------------- */

static void media_done_h(int fd, uint32_t events, void *arg)
{
	struct media *m = arg;
	struct media_done d;
	uint64_t v;

	if (read(fd, &v, sizeof(v)) < 0 && errno != EAGAIN)
		return;
	while (media_done_ring_pop(&m->done, &d)) {
		m->slot_busy[d.slot] = false;
		m->stopped_h(d.slot, d.fd, m->arg);
	}
}

static int media_send(struct media *m, const struct media_cmd *c)
{
	uint64_t one = 1;

	if (!media_cmd_ring_push(&m->cmds, c))
		return -EAGAIN;
	if (write(m->cmd_efd, &one, sizeof(one)) < 0)
		return -errno;
	return 0;
}

int media_alloc(struct media **mp, struct loop *loop, const struct media_conf *conf,
		media_stopped_h *stopped_h, void *arg)
{
	struct media *m = calloc(1, sizeof(*m));
	struct epoll_event ev = {.events = EPOLLIN, .data.u64 = TAG(TAG_CMD, 0)};
	int err;

	if (!m)
		return -ENOMEM;
	m->loop = loop;
	m->conf = *conf;
	m->stopped_h = stopped_h;
	m->arg = arg;
	m->epfd = epoll_create1(EPOLL_CLOEXEC);
	m->cmd_efd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
	m->done_efd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
	if (m->epfd < 0 || m->cmd_efd < 0 || m->done_efd < 0) {
		err = -errno;
		goto err_free;
	}
	if (epoll_ctl(m->epfd, EPOLL_CTL_ADD, m->cmd_efd, &ev) < 0) {
		err = -errno;
		goto err_free;
	}
	err = loop_fd_add(loop, m->done_efd, EPOLLIN, media_done_h, m);
	if (err)
		goto err_free;
	err = media_use_io(m, &(struct media_io_conf){.kind = MEDIA_IO_SOCKETS}, false, NULL, 0);
	if (err)
		goto err_free;
	*mp = m;
	return 0;

err_free:
	media_free(m);
	return err;
}

int media_add_span(struct media *m, const struct tdm_backend_ops *ops, struct tdm_span *tdm,
		   enum tdm_law law)
{
	struct media_span *ms;
	struct epoll_event ev = {.events = EPOLLIN, .data.u64 = TAG(TAG_SPAN, m->nspans)};
	int i;

	if (m->running || m->nspans >= MEDIA_MAX_SPANS)
		return -EBUSY;
	ms = &m->spans[m->nspans];
	ms->ops = ops;
	ms->tdm = tdm;
	ms->law = law;
	for (i = 0; i < TDM_MAX_CHANS; i++)
		ms->slot_by_chan[i] = -1;
	if (epoll_ctl(m->epfd, EPOLL_CTL_ADD, ops->media_fd(tdm), &ev) < 0)
		return -errno;
	return m->nspans++;
}

int media_use_io(struct media *m, const struct media_io_conf *conf, bool fallback, char *why,
		 size_t whylen)
{
	struct media_io_conf c = *conf;
	struct media_io *io;
	int fds[MEDIA_IO_MAX_FDS], n, i, err;

	if (m->running)
		return -EBUSY;
	c.max_slots = MEDIA_MAX_STREAMS;
	err = media_io_open(&io, &c, fallback, why, whylen);
	if (err)
		return err;
	n = io->ops->fds(io, fds, MEDIA_IO_MAX_FDS);
	for (i = 0; i < n; i++) {
		struct epoll_event ev = {.events = EPOLLIN, .data.u64 = TAG(TAG_IO, i)};

		if (epoll_ctl(m->epfd, EPOLL_CTL_ADD, fds[i], &ev) < 0) {
			err = -errno;
			media_io_close(io);
			return err;
		}
	}
	media_io_close(m->io);
	m->io = io;
	return 0;
}

int media_start(struct media *m)
{
	int err = pthread_create(&m->thread, NULL, media_thread, m);

	if (err)
		return -err;
	pthread_setname_np(m->thread, "prigate-media");
	m->running = true;
	return 0;
}

void media_free(struct media *m)
{
	struct media_cmd quit = {.type = MEDIA_CMD_QUIT};

	if (!m)
		return;
	if (m->running) {
		while (media_send(m, &quit) == -EAGAIN)
			usleep(1000);
		pthread_join(m->thread, NULL);
	}
	if (m->done_efd >= 0) {
		loop_fd_del(m->loop, m->done_efd);
		close(m->done_efd);
	}
	if (m->cmd_efd >= 0)
		close(m->cmd_efd);
	if (m->epfd >= 0)
		close(m->epfd);
	media_io_close(m->io);
	free(m);
}

int media_stream_start(struct media *m, const struct media_stream_params *p)
{
	struct media_cmd c = {.type = MEDIA_CMD_START, .p = *p};
	int slot, err;

	if (p->span_idx < 0 || p->span_idx >= m->nspans ||
	    p->chan <= 0 || p->chan >= TDM_MAX_CHANS || p->ptime < 10 ||
	    p->ptime > MEDIA_MAX_PTIME || p->ptime % 10)
		return -EINVAL;
	for (slot = 0; slot < MEDIA_MAX_STREAMS; slot++)
		if (!m->slot_busy[slot])
			break;
	if (slot == MEDIA_MAX_STREAMS)
		return -EBUSY;
	c.slot = slot;
	err = media_send(m, &c);
	if (err)
		return err;
	m->slot_busy[slot] = true;
	return slot;
}

int media_stream_update(struct media *m, int slot, const struct sockaddr_storage *remote)
{
	struct media_cmd c = {.type = MEDIA_CMD_UPDATE, .slot = slot};

	c.p.remote = *remote;
	return media_send(m, &c);
}

int media_stream_set_dir(struct media *m, int slot, bool no_send, bool no_play)
{
	struct media_cmd c = {.type = MEDIA_CMD_DIR, .slot = slot};

	c.p.no_send = no_send;
	c.p.no_play = no_play;
	return media_send(m, &c);
}

int media_stream_stop(struct media *m, int slot)
{
	struct media_cmd c = {.type = MEDIA_CMD_STOP, .slot = slot};

	return media_send(m, &c);
}

void media_stream_stats(struct media *m, int slot, struct media_stats *st)
{
	const struct stream_stats *s = &m->streams[slot].st;

	st->rx_packets = atomic_load(&s->rx_packets);
	st->rx_bytes = atomic_load(&s->rx_bytes);
	st->tx_packets = atomic_load(&s->tx_packets);
	st->tx_bytes = atomic_load(&s->tx_bytes);
	st->rx_bad_source = atomic_load(&s->rx_bad_source);
	st->rx_malformed = atomic_load(&s->rx_malformed);
	st->rx_late = atomic_load(&s->rx_late);
	st->rx_lost = atomic_load(&s->rx_lost);
	st->rx_other_pt = atomic_load(&s->rx_other_pt);
	st->underruns = atomic_load(&s->underruns);
	st->tdm_queue_bytes = atomic_load(&s->tdm_queue_bytes);
}
