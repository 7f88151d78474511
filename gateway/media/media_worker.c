// SPDX-License-Identifier: GPL-2.0-only
/*
 * A media thread: TDM frames <-> RTP packets for every active stream of
 * the spans it owns (media.c gives each worker its spans).
 *
 * TDM -> RTP: after each media_service of a span, the samples each open
 * B-channel received are gathered into ptime-sized packets and sent.
 * RTP -> TDM: packets from the negotiated source go into the stream's
 * adaptive jitter buffer (jb.c); after each media_service the B-channel's
 * transmit queue is topped up to MEDIA_TDM_LEAD_MS from it, so the TDM
 * clock paces playout and sender clock drift is absorbed in the buffer.
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

#include "dtmf_relay.h"
#include "g711.h"
#include "jb.h"
#include "vbd.h"
#include "log.h"
#include "media.h"
#include "media_worker.h"
#include "media_io.h"
#include "rtcp.h"
#include "ring.h"
#include "rtp.h"
#include "sockaddr.h"

#define MEDIA_MAX_PTIME 60
#define MEDIA_MAX_SAMPLES (MEDIA_MAX_PTIME * 8)
/*
 * Kept queued towards the line. The backend sends the frames that fell due
 * while the thread slept before it is topped up again, so a media thread
 * woken late by more than this inserts idle on the line: 40 ms rides out
 * a loaded machine (20 ms did not, in CI) at 40 ms of added delay.
 */
#define MEDIA_TDM_LEAD_MS 40
#define RTP_PT_CN 13       /* RFC 3389 comfort noise */

enum media_cmd_type {
	MEDIA_CMD_START,
	MEDIA_CMD_UPDATE,
	MEDIA_CMD_DIR,
	MEDIA_CMD_REKEY,
	MEDIA_CMD_STOP,
	MEDIA_CMD_QUIT,
};

struct media_cmd {
	enum media_cmd_type type;
	int slot;
	struct media_stream_params p;
};

/* the media thread is done with a stream (stopped) or with its old keys */
struct media_done {
	int slot;
	int fd;
	bool stopped;
	struct media_srtp *srtp; /* freed on the event loop */
};

RING_DEFINE(media_cmd_ring, struct media_cmd, 8)
RING_DEFINE(media_done_ring, struct media_done, 10)

enum { TAG_CMD, TAG_SPAN, TAG_RTP, TAG_RTCP, TAG_IO };
#define MEDIA_RTCP_INTERVAL_MS 5000 /* RFC 3550 6.2 minimum */
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
	_Atomic uint32_t tdm_queue_bytes, jb_depth, jb_target;
	_Atomic uint64_t jb_concealed, jb_dropped, jb_inserted;
	_Atomic uint64_t dtmf_rx, dtmf_tx;
	_Atomic uint64_t rx_auth_fail, rx_replay;
	_Atomic uint32_t vbd; /* enum vbd_signal, the strongest seen */
	_Atomic uint32_t rtcp_rx, rtcp_tx, peer_jitter, peer_fraction_lost, jitter;
	_Atomic int32_t rtt_ms, peer_cum_lost;
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
	struct jb jb;
	struct dtmf_relay_rx drx; /* RFC 4733 in -> tones on the B-channel */
	struct dtmf_relay_tx dtx; /* B-channel digits -> RFC 4733 out */
	/* fax and modem signals either way; once found, the stream is passthrough */
	struct vbd_det vbd_line, vbd_rtp;
	bool passthrough;
	/* RTCP (RFC 3550 6, A.3): our reports and what they say of the peer's stream */
	uint64_t rtcp_next_ms;
	uint64_t tx_at_report;      /* our packets sent at the last report */
	uint32_t peer_ssrc;
	bool seq_init;
	uint16_t max_seq;
	uint32_t cycles, base_seq, received, expected_prior, received_prior;
	uint32_t last_sr_mid;       /* the peer's last SR, for LSR */
	uint64_t last_sr_at;        /* its arrival, NTP 32.32 */
	struct stream_stats st;
};

struct media_worker {
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

static void lin_to_law(uint8_t *dst, const int16_t *src, size_t n, enum tdm_law law)
{
	size_t i;

	for (i = 0; i < n; i++)
		dst[i] = law == TDM_ALAW ? g711_lin2alaw(src[i]) : g711_lin2ulaw(src[i]);
}

/* pkt has MEDIA_SRTP_TRAILER bytes of room beyond len for the SRTP tag */
static void stream_sendto(struct media_stream *s, uint8_t *pkt, size_t len, size_t pl)
{
	if (s->p.srtp && media_srtp_protect(s->p.srtp, pkt, &len))
		return;
	if (!media_io_send(s->io, s->slot, pkt, len, &s->p.remote)) {
		stat_add(&s->st.tx_packets, 1);
		stat_add(&s->st.tx_bytes, pl);
	}
}

/*
 * Voice-band data (V.152 4.2): a fax or modem signal in either direction
 * puts the stream in passthrough for good: the jitter buffer stops
 * adapting and concealing, and on /ANS or ANSam (phase reversals) the
 * line's echo canceller is turned off as G.168 requires.
 */
static void stream_vbd(struct media_stream *s, struct vbd_det *d, const int16_t *lin, size_t n)
{
	struct vbd_event ev[4];
	int k = vbd_det_process(d, lin, n, ev, 4), i;

	for (i = 0; i < k; i++) {
		uint32_t was = atomic_load_explicit(&s->st.vbd, memory_order_relaxed);

		if ((uint32_t)ev[i].sig > was)
			atomic_store_explicit(&s->st.vbd, (uint32_t)ev[i].sig, memory_order_relaxed);
		if (!s->passthrough) {
			s->passthrough = true;
			jb_passthrough(&s->jb);
		}
		if (ev[i].sig == VBD_ANS_PR && s->span->ops->bchan_ec_off)
			s->span->ops->bchan_ec_off(s->span->tdm, s->p.chan);
	}
}

static void law_to_lin(int16_t *lin, const uint8_t *a, size_t n, enum tdm_law law)
{
	size_t i;

	for (i = 0; i < n; i++)
		lin[i] = law == TDM_ALAW ? g711_alaw2lin(a[i]) : g711_ulaw2lin(a[i]);
}

/*
 * With telephone-event negotiated, digits in the B-channel audio go out as
 * RFC 4733 events instead of the audio; true when this packet's audio is
 * replaced.
 */
static bool stream_send_events(struct media_stream *s)
{
	struct dtmf_relay_tx_pkt ev[DTMF_RELAY_ENDS + 1];
	uint8_t pkt[RTP_HDR_LEN + DTMF_RELAY_PL + MEDIA_SRTP_TRAILER];
	int16_t lin[MEDIA_MAX_SAMPLES];
	uint64_t before = s->dtx.events;
	size_t i;
	int n;

	law_to_lin(lin, s->txbuf, s->spp, s->span->law);
	stream_vbd(s, &s->vbd_line, lin, s->spp);
	if (s->passthrough)
		return false; /* data tones are no digits */
	n = dtmf_relay_tx_audio(&s->dtx, s->p.ts, lin, s->spp, ev);
	if (s->dtx.events != before)
		stat_add(&s->st.dtmf_tx, 1);
	for (i = 0; i < (size_t)n; i++) {
		size_t off = rtp_build_hdr(pkt, s->p.te_pt, ev[i].marker, s->p.seq++, ev[i].ts,
					   s->p.ssrc);

		memcpy(pkt + off, ev[i].pl, DTMF_RELAY_PL);
		stream_sendto(s, pkt, off + DTMF_RELAY_PL, DTMF_RELAY_PL);
	}
	if (n > 0) {
		s->p.ts += (uint32_t)s->spp;
		s->txlen = 0;
		return true;
	}
	return false;
}

/* --- RTCP --------------------------------------------------------------- */

/* A.3: the received side of our report block */
static void rtcp_seq(struct media_stream *s, const struct rtp_hdr *h)
{
	s->peer_ssrc = h->ssrc;
	if (!s->seq_init) {
		s->seq_init = true;
		s->base_seq = h->seq;
		s->max_seq = h->seq;
	} else if (rtp_seq_diff(h->seq, s->max_seq) > 0) {
		if (h->seq < s->max_seq)
			s->cycles += 65536;
		s->max_seq = h->seq;
	}
	s->received++;
}

static void rtcp_send(struct media_stream *s)
{
	uint8_t pkt[RTCP_MAX_LEN + MEDIA_SRTP_TRAILER + 4];
	uint64_t tx = atomic_load_explicit(&s->st.tx_packets, memory_order_relaxed);
	struct rtcp_report r = {
		.ssrc = s->p.ssrc,
		.sr = tx != s->tx_at_report,
		.ntp = rtcp_ntp_now(),
		.rtp_ts = s->p.ts,
		.pkts = (uint32_t)tx,
		.octets = (uint32_t)atomic_load_explicit(&s->st.tx_bytes, memory_order_relaxed),
		.cname = s->p.cname,
	};
	size_t len;

	if (s->seq_init) {
		uint32_t ext = s->cycles + s->max_seq, expected = ext - s->base_seq + 1;
		uint32_t exp_int = expected - s->expected_prior;
		uint32_t rec_int = s->received - s->received_prior;
		int64_t lost_int = (int64_t)exp_int - rec_int;

		r.have_block = true;
		r.block.ssrc = s->peer_ssrc;
		r.block.cum_lost = (int32_t)(expected - s->received);
		r.block.fraction = exp_int && lost_int > 0 ? (uint8_t)((lost_int << 8) / exp_int) : 0;
		r.block.ext_max_seq = ext;
		r.block.jitter = s->jb.jitter >> 4;
		if (s->last_sr_at) {
			r.block.lsr = s->last_sr_mid;
			r.block.dlsr = (uint32_t)((r.ntp - s->last_sr_at) >> 16);
		}
		s->expected_prior = expected;
		s->received_prior = s->received;
	}
	s->tx_at_report = tx;
	len = rtcp_build(pkt, sizeof(pkt), &r);
	if (!len || (s->p.srtp && media_srtp_protect_rtcp(s->p.srtp, pkt, &len)))
		return;
	if (s->p.rtcp_mux)
		media_io_send(s->io, s->slot, pkt, len, &s->p.remote);
	else
		sendto(s->p.rtcp_fd, pkt, len, MSG_DONTWAIT, (struct sockaddr *)&s->p.rtcp_remote,
		       sa_len(&s->p.rtcp_remote));
	atomic_fetch_add_explicit(&s->st.rtcp_tx, 1, memory_order_relaxed);
	atomic_store_explicit(&s->st.jitter, s->jb.jitter >> 4, memory_order_relaxed);
}

static void rtcp_maybe_send(struct media_stream *s)
{
	uint64_t now;

	if (!s->p.rtcp_mux && s->p.rtcp_fd < 0)
		return;
	now = time_now_ms();
	if (now < s->rtcp_next_ms)
		return;
	/* RFC 3550 6.3.5: randomised around the interval, 0.5 to 1.5 times */
	s->rtcp_next_ms = now + MEDIA_RTCP_INTERVAL_MS / 2 + (s->p.ssrc ^ (uint32_t)now) %
							       MEDIA_RTCP_INTERVAL_MS;
	rtcp_send(s);
}

/* an RTCP packet from the peer (SRTCP already removed) */
static void rtcp_rx(struct media_stream *s, uint8_t *pkt, size_t len)
{
	struct rtcp_info in;
	int rtt;

	if (s->p.srtp && media_srtp_unprotect_rtcp(s->p.srtp, pkt, &len)) {
		stat_add(&s->st.rx_auth_fail, 1);
		return;
	}
	if (rtcp_parse(&in, pkt, len, s->p.ssrc)) {
		stat_add(&s->st.rx_malformed, 1);
		return;
	}
	atomic_fetch_add_explicit(&s->st.rtcp_rx, 1, memory_order_relaxed);
	if (in.sr) {
		s->last_sr_mid = in.ntp_mid;
		s->last_sr_at = rtcp_ntp_now();
	}
	if (!in.have_block)
		return;
	rtt = rtcp_rtt_ms(&in.block, rtcp_ntp_now());
	if (rtt >= 0)
		atomic_store_explicit(&s->st.rtt_ms, rtt, memory_order_relaxed);
	atomic_store_explicit(&s->st.peer_jitter, in.block.jitter, memory_order_relaxed);
	atomic_store_explicit(&s->st.peer_fraction_lost, in.block.fraction, memory_order_relaxed);
	atomic_store_explicit(&s->st.peer_cum_lost, in.block.cum_lost, memory_order_relaxed);
}

static void stream_rtcp_fd(struct media_stream *s)
{
	uint8_t pkt[1500];
	struct sockaddr_storage from;
	socklen_t flen;
	ssize_t n;
	int budget = 8;

	while (budget--) {
		flen = sizeof(from);
		n = recvfrom(s->p.rtcp_fd, pkt, sizeof(pkt), MSG_DONTWAIT, (struct sockaddr *)&from,
			     &flen);
		if (n < 0)
			return;
		if (!sa_same_ip(&from, &s->p.rtcp_remote)) {
			stat_add(&s->st.rx_bad_source, 1);
			continue;
		}
		rtcp_rx(s, pkt, (size_t)n);
	}
}

static void stream_send(struct media_stream *s)
{
	uint8_t pkt[RTP_HDR_LEN + MEDIA_MAX_SAMPLES + MEDIA_SRTP_TRAILER];
	size_t off;

	if (s->p.no_send) {
		/* on hold: the timestamp runs on, the next packet starts a talkspurt */
		s->marker = true;
		s->p.seq++;
		s->p.ts += (uint32_t)s->spp;
		s->txlen = 0;
		return;
	}
	if (s->p.te_pt) {
		if (stream_send_events(s))
			return;
	} else {
		int16_t lin[MEDIA_MAX_SAMPLES];

		law_to_lin(lin, s->txbuf, s->spp, s->span->law);
		stream_vbd(s, &s->vbd_line, lin, s->spp);
	}
	if (s->p.te_pt && dtmf_relay_tx_muted(&s->dtx))
		memset(s->txbuf, tdm_idle_byte(s->span->law), s->spp);
	off = rtp_build_hdr(pkt, s->p.pt, s->marker, s->p.seq, s->p.ts, s->p.ssrc);
	if (s->transcode)
		convert_law(pkt + off, s->txbuf, s->spp, s->p.rtp_law);
	else
		memcpy(pkt + off, s->txbuf, s->spp);
	stream_sendto(s, pkt, off + s->spp, s->spp);
	rtcp_maybe_send(s);
	s->marker = false;
	s->p.seq++;
	s->p.ts += (uint32_t)s->spp;
	s->txlen = 0;
}

static void span_to_rtp(struct media_worker *m, struct media_span *ms)
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

static void stream_jb_stats(struct media_stream *s)
{
	struct jb_stats js;

	jb_get_stats(&s->jb, &js);
	atomic_store_explicit(&s->st.jb_depth, js.depth, memory_order_relaxed);
	atomic_store_explicit(&s->st.jb_target, js.target, memory_order_relaxed);
	atomic_store_explicit(&s->st.jb_concealed, js.concealed, memory_order_relaxed);
	atomic_store_explicit(&s->st.jb_dropped, js.dropped, memory_order_relaxed);
	atomic_store_explicit(&s->st.jb_inserted, js.inserted, memory_order_relaxed);
	atomic_store_explicit(&s->st.rx_late, js.late, memory_order_relaxed);
	atomic_store_explicit(&s->st.underruns, js.underruns, memory_order_relaxed);
}

/* the TDM clock pulls: keep MEDIA_TDM_LEAD_MS queued towards the line */
static void stream_playout(struct media_stream *s, int frames)
{
	struct media_span *ms = s->span;
	uint8_t buf[MEDIA_MAX_SAMPLES];
	size_t want = (size_t)frames * 8, queued = 0;

	if (ms->ops->bchan_tx_queued) {
		queued = ms->ops->bchan_tx_queued(ms->tdm, s->p.chan);
		want = queued < MEDIA_TDM_LEAD_MS * 8 ? MEDIA_TDM_LEAD_MS * 8 - queued : 0;
	}
	if (want > sizeof(buf))
		want = sizeof(buf);
	if (!want)
		return;
	if (s->p.no_play) {
		memset(buf, tdm_idle_byte(ms->law), want);
	} else {
		int16_t tone[MEDIA_MAX_SAMPLES];

		jb_get(&s->jb, buf, want);
		/* an RFC 4733 digit replaces the audio while it plays */
		if (dtmf_relay_rx_fill(&s->drx, tone, want)) {
			lin_to_law(buf, tone, want, ms->law);
		} else {
			law_to_lin(tone, buf, want, ms->law);
			stream_vbd(s, &s->vbd_rtp, tone, want);
		}
	}
	ms->ops->bchan_write(ms->tdm, s->p.chan, buf, want);
	atomic_store_explicit(&s->st.tdm_queue_bytes, (uint32_t)(queued + want),
			      memory_order_relaxed);
	stream_jb_stats(s);
}

static void span_playout(struct media_worker *m, struct media_span *ms, int frames)
{
	int chan;

	for (chan = 1; chan < TDM_MAX_CHANS; chan++)
		if (ms->slot_by_chan[chan] >= 0)
			stream_playout(&m->streams[ms->slot_by_chan[chan]], frames);
}

static void stream_play(struct media_stream *s, const struct rtp_hdr *h)
{
	uint8_t buf[MEDIA_MAX_SAMPLES];
	const uint8_t *audio = h->payload;
	size_t len = h->payload_len;

	if (h->pt == RTP_PT_CN) {
		jb_put(&s->jb, h->ssrc, h->ts, h->marker, JB_CN, audio, len);
		return;
	}
	if (len > sizeof(buf))
		len = sizeof(buf);
	/* loss as the sequence numbers see it; the jitter buffer conceals it */
	if (!s->rx_started || rtp_seq_diff(h->seq, s->rx_expected) >= 0) {
		if (s->rx_started && rtp_seq_diff(h->seq, s->rx_expected) > 0)
			stat_add(&s->st.rx_lost, (uint64_t)rtp_seq_diff(h->seq, s->rx_expected));
		s->rx_started = true;
		s->rx_expected = (uint16_t)(h->seq + 1);
	}
	if (s->transcode) {
		convert_law(buf, audio, len, s->span->law);
		audio = buf;
	}
	jb_put(&s->jb, h->ssrc, h->ts, h->marker, JB_AUDIO, audio, len);
}

static void stream_rx_pkt(struct media_stream *s, uint8_t *pkt, size_t n,
			  const struct sockaddr_storage *from)
{
	struct rtp_hdr h;
	size_t len = n;
	int err;

	if (!sa_equal(from, &s->p.remote)) {
		stat_add(&s->st.rx_bad_source, 1);
		return;
	}
	if (s->p.rtcp_mux && rtcp_is(pkt, len)) { /* RFC 5761 4 */
		rtcp_rx(s, pkt, len);
		return;
	}
	if (s->p.srtp && (err = media_srtp_unprotect(s->p.srtp, pkt, &len))) {
		stat_add(err == -EACCES	   ? &s->st.rx_auth_fail
			 : err == -EALREADY ? &s->st.rx_replay
					    : &s->st.rx_malformed,
			 1);
		return;
	}
	if (rtp_parse(&h, pkt, len)) {
		stat_add(&s->st.rx_malformed, 1);
		return;
	}
	if (s->p.te_pt && h.pt == s->p.te_pt) {
		uint64_t before = s->drx.events;

		stat_add(&s->st.rx_packets, 1);
		if (!s->p.no_play)
			dtmf_relay_rx_event(&s->drx, h.ts, h.payload, h.payload_len);
		if (s->drx.events != before)
			stat_add(&s->st.dtmf_rx, 1);
		return;
	}
	if (h.pt != s->p.pt && h.pt != RTP_PT_CN) {
		stat_add(&s->st.rx_other_pt, 1);
		return;
	}
	stat_add(&s->st.rx_packets, 1);
	stat_add(&s->st.rx_bytes, h.payload_len);
	rtcp_seq(s, &h);
	if (!s->p.no_play)
		stream_play(s, &h);
}

/* src: a stream's slot (its socket) or an engine fd (MEDIA_IO_SRC_ENGINE + i) */
static void stream_rx(struct media_worker *m, int src)
{
	struct media_io_pkt pk[32];
	int i, n = media_io_recv(m->io, src, pk, 32);

	for (i = 0; i < n; i++) {
		struct media_stream *s = &m->streams[pk[i].slot];

		if (s->active)
			stream_rx_pkt(s, pk[i].data, pk[i].len, &pk[i].from);
	}
}

/* --- commands ------------------------------------------------------------ */

static void done_push(struct media_worker *m, const struct media_done *d)
{
	uint64_t one = 1;

	/* the done ring holds more than the slots and the commands in flight together */
	media_done_ring_push(&m->done, d);
	if (write(m->done_efd, &one, sizeof(one)) < 0)
		return;
}

static void stream_done(struct media_worker *m, int slot)
{
	struct media_done d = {.slot = slot, .fd = m->streams[slot].p.rtp_fd, .stopped = true,
			       .srtp = m->streams[slot].p.srtp};

	m->streams[slot].p.srtp = NULL;
	done_push(m, &d);
}

static void stream_rekey(struct media_worker *m, int slot, struct media_srtp *srtp)
{
	struct media_stream *s = &m->streams[slot];
	struct media_done d = {.slot = slot, .fd = -1, .srtp = s->p.srtp};

	s->p.srtp = srtp;
	done_push(m, &d);
}

static void stream_stop(struct media_worker *m, int slot)
{
	struct media_stream *s = &m->streams[slot];

	if (!s->active)
		return;
	s->span->ops->bchan_close(s->span->tdm, s->p.chan);
	s->span->slot_by_chan[s->p.chan] = -1;
	epoll_ctl(m->epfd, EPOLL_CTL_DEL, s->p.rtp_fd, NULL);
	m->io->ops->stream_del(m->io, slot);
	if (s->p.rtcp_fd >= 0) {
		epoll_ctl(m->epfd, EPOLL_CTL_DEL, s->p.rtcp_fd, NULL);
		close(s->p.rtcp_fd);
		s->p.rtcp_fd = -1;
	}
	s->active = false;
	stream_done(m, slot);
}

static void stream_jb_init(struct media_worker *m, struct media_stream *s)
{
	struct jb_conf jc = {
		.init_ms = m->conf.jitter_ms,
		.min_ms = m->conf.jitter_min_ms,
		.max_ms = m->conf.jitter_max_ms,
		.fixed = m->conf.jitter_fixed,
		.law = s->span->law == TDM_ALAW ? G711_ALAW : G711_ULAW,
	};

	jb_init(&s->jb, &jc);
	if (s->passthrough)
		jb_passthrough(&s->jb);
	dtmf_relay_rx_init(&s->drx);
	dtmf_relay_tx_init(&s->dtx);
}

static void stream_start(struct media_worker *m, int slot, const struct media_stream_params *p)
{
	struct media_stream *s = &m->streams[slot];
	struct media_span *ms = &m->spans[p->span_idx];
	struct epoll_event ev = {.events = EPOLLIN, .data.u64 = TAG(TAG_RTP, slot)};
	struct epoll_event ev_rtcp = {.events = EPOLLIN, .data.u64 = TAG(TAG_RTCP, slot)};

	s->p = *p;
	s->span = ms;
	s->spp = (size_t)p->ptime * 8;
	s->transcode = p->rtp_law != ms->law;
	s->marker = true;
	s->txlen = 0;
	s->rx_started = false;
	s->passthrough = false;
	s->rtcp_next_ms = 0;
	s->tx_at_report = 0;
	s->seq_init = false;
	s->cycles = s->received = s->expected_prior = s->received_prior = 0;
	s->last_sr_at = 0;
	vbd_det_init(&s->vbd_line);
	vbd_det_init(&s->vbd_rtp);
	stream_jb_init(m, s);
	s->slot = slot;
	s->io = m->io;
	if (ms->slot_by_chan[p->chan] >= 0 || ms->ops->bchan_open(ms->tdm, p->chan) ||
	    m->io->ops->stream_add(m->io, slot, p->rtp_fd) ||
	    epoll_ctl(m->epfd, EPOLL_CTL_ADD, p->rtp_fd, &ev) ||
	    (p->rtcp_fd >= 0 && epoll_ctl(m->epfd, EPOLL_CTL_ADD, p->rtcp_fd, &ev_rtcp))) {
		m->io->ops->stream_del(m->io, slot);
		if (ms->slot_by_chan[p->chan] < 0)
			ms->ops->bchan_close(ms->tdm, p->chan);
		epoll_ctl(m->epfd, EPOLL_CTL_DEL, p->rtp_fd, NULL);
		if (p->rtcp_fd >= 0) {
			close(p->rtcp_fd);
			s->p.rtcp_fd = -1;
		}
		stream_done(m, slot);
		return;
	}
	ms->slot_by_chan[p->chan] = slot;
	s->active = true;
}

static bool media_commands(struct media_worker *m)
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
			stream_jb_init(m, &m->streams[c.slot]);
			break;
		case MEDIA_CMD_REKEY:
			stream_rekey(m, c.slot, c.p.srtp);
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
	struct media_worker *m = arg;
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

				int frames = ms->ops->media_service(ms->tdm);

				if (frames >= 0) {
					span_to_rtp(m, ms);
					span_playout(m, ms, frames);
				}
			} else if (type == TAG_IO) {
				stream_rx(m, MEDIA_IO_SRC_ENGINE + (int)idx);
			} else if (type == TAG_RTCP) {
				if (m->streams[idx].active)
					stream_rtcp_fd(&m->streams[idx]);
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
	struct media_worker *m = arg;
	struct media_done d;
	uint64_t v;

	if (read(fd, &v, sizeof(v)) < 0 && errno != EAGAIN)
		return;
	while (media_done_ring_pop(&m->done, &d)) {
		media_srtp_free(d.srtp);
		if (!d.stopped)
			continue;
		m->slot_busy[d.slot] = false;
		m->stopped_h(d.slot, d.fd, m->arg);
	}
}

static int media_send(struct media_worker *m, const struct media_cmd *c)
{
	uint64_t one = 1;

	if (!media_cmd_ring_push(&m->cmds, c))
		return -EAGAIN;
	if (write(m->cmd_efd, &one, sizeof(one)) < 0)
		return -errno;
	return 0;
}

int mw_alloc(struct media_worker **mp, struct loop *loop, const struct media_conf *conf,
		media_stopped_h *stopped_h, void *arg)
{
	struct media_worker *m = calloc(1, sizeof(*m));
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
	err = mw_use_io(m, &(struct media_io_conf){.kind = MEDIA_IO_SOCKETS}, false, NULL, 0);
	if (err)
		goto err_free;
	*mp = m;
	return 0;

err_free:
	mw_free(m);
	return err;
}

int mw_add_span(struct media_worker *m, const struct tdm_backend_ops *ops, struct tdm_span *tdm,
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

int mw_use_io(struct media_worker *m, const struct media_io_conf *conf, bool fallback, char *why,
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

int mw_start(struct media_worker *m, const char *name, int cpu)
{
	int err = pthread_create(&m->thread, NULL, media_thread, m);

	if (err)
		return -err;
	pthread_setname_np(m->thread, name);
	m->running = true;
	if (cpu >= 0 && cpu < CPU_SETSIZE) {
		cpu_set_t set;

		CPU_ZERO(&set);
		CPU_SET(cpu, &set);
		err = pthread_setaffinity_np(m->thread, sizeof(set), &set);
		if (err)
			log_warn("media: %s not pinned to CPU %d: %s", name, cpu, strerror(err));
	}
	return 0;
}

void mw_free(struct media_worker *m)
{
	struct media_cmd quit = {.type = MEDIA_CMD_QUIT};

	if (!m)
		return;
	if (m->running) {
		struct media_cmd c;
		struct media_done d;
		int i;

		while (media_send(m, &quit) == -EAGAIN)
			usleep(1000);
		pthread_join(m->thread, NULL);
		/* keys of streams still running, retired or never started */
		for (i = 0; i < MEDIA_MAX_STREAMS; i++)
			media_srtp_free(m->streams[i].p.srtp);
		while (media_done_ring_pop(&m->done, &d))
			media_srtp_free(d.srtp);
		while (media_cmd_ring_pop(&m->cmds, &c))
			if (c.type == MEDIA_CMD_START || c.type == MEDIA_CMD_REKEY)
				media_srtp_free(c.p.srtp);
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

int mw_stream_start(struct media_worker *m, const struct media_stream_params *p)
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
	/* the thread leaves a free slot alone: fresh figures before it starts */
	memset(&m->streams[slot].st, 0, sizeof(m->streams[slot].st));
	atomic_store(&m->streams[slot].st.rtt_ms, -1);
	err = media_send(m, &c);
	if (err)
		return err;
	m->slot_busy[slot] = true;
	return slot;
}

int mw_stream_update(struct media_worker *m, int slot, const struct sockaddr_storage *remote)
{
	struct media_cmd c = {.type = MEDIA_CMD_UPDATE, .slot = slot};

	c.p.remote = *remote;
	return media_send(m, &c);
}

int mw_stream_set_dir(struct media_worker *m, int slot, bool no_send, bool no_play)
{
	struct media_cmd c = {.type = MEDIA_CMD_DIR, .slot = slot};

	c.p.no_send = no_send;
	c.p.no_play = no_play;
	return media_send(m, &c);
}

int mw_stream_rekey(struct media_worker *m, int slot, struct media_srtp *srtp)
{
	struct media_cmd c = {.type = MEDIA_CMD_REKEY, .slot = slot};

	c.p.srtp = srtp;
	return media_send(m, &c);
}

int mw_stream_stop(struct media_worker *m, int slot)
{
	struct media_cmd c = {.type = MEDIA_CMD_STOP, .slot = slot};

	return media_send(m, &c);
}

void mw_stream_stats(struct media_worker *m, int slot, struct media_stats *st)
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
	st->jb_depth = atomic_load(&s->jb_depth);
	st->jb_target = atomic_load(&s->jb_target);
	st->jb_concealed = atomic_load(&s->jb_concealed);
	st->jb_dropped = atomic_load(&s->jb_dropped);
	st->jb_inserted = atomic_load(&s->jb_inserted);
	st->dtmf_rx = atomic_load(&s->dtmf_rx);
	st->dtmf_tx = atomic_load(&s->dtmf_tx);
	st->rx_auth_fail = atomic_load(&s->rx_auth_fail);
	st->rx_replay = atomic_load(&s->rx_replay);
	st->vbd = atomic_load(&s->vbd);
	st->rtcp_rx = atomic_load(&s->rtcp_rx);
	st->rtcp_tx = atomic_load(&s->rtcp_tx);
	st->rtt_ms = atomic_load(&s->rtt_ms);
	st->peer_jitter = atomic_load(&s->peer_jitter);
	st->peer_fraction_lost = atomic_load(&s->peer_fraction_lost);
	st->peer_cum_lost = atomic_load(&s->peer_cum_lost);
	st->jitter = atomic_load(&s->jitter);
}
