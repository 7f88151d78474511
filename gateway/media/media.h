/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The media engine: threads that move G.711 between B-channels and RTP,
 * each owning whole spans (media.c, media_worker.c). The event loop starts
 * and stops streams through a lock-free command ring per thread; a thread
 * reports stopped streams back through another, so the event loop can
 * close their sockets. Nothing in the per-frame path allocates, logs or
 * takes a lock.
 */
#ifndef PRIGATE_MEDIA_H
#define PRIGATE_MEDIA_H

#include <netinet/in.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/socket.h>

#include "loop.h"
#include "media_srtp.h"
#include "tdm.h"

#define MEDIA_MAX_SPANS 8
#define MEDIA_MAX_STREAMS (MEDIA_MAX_SPANS * TDM_MAX_CHANS)
#define MEDIA_MAX_THREADS 8
/* slots media_stream_start hands out are below this */
#define MEDIA_MAX_SLOTS (MEDIA_MAX_THREADS * MEDIA_MAX_STREAMS)

struct media;
struct media_io_conf;

struct media_conf {
	unsigned jitter_ms;     /* initial playout depth towards TDM */
	unsigned jitter_min_ms; /* the adaptive depth stays within min..max */
	unsigned jitter_max_ms;
	bool jitter_fixed;      /* no drop/repeat of samples: a fixed-depth buffer */
	unsigned threads;       /* media threads, 0 = 1; spans go to them in turn */
	int cpus[MEDIA_MAX_THREADS]; /* thread i is pinned to cpus[i % ncpus] */
	unsigned ncpus;         /* 0: not pinned */
};

struct media_stream_params {
	int span_idx;                   /* as given to media_add_span */
	int chan;                       /* B-channel */
	int rtp_fd;                     /* bound UDP socket; closed by stopped_h's owner */
	struct sockaddr_storage remote; /* negotiated RTP address */
	enum tdm_law rtp_law;           /* law on the RTP side */
	uint8_t pt;                     /* its payload type */
	uint8_t te_pt;                  /* telephone-event PT, 0 if none */
	unsigned ptime;                 /* ms per packet: 10..60 */
	uint32_t ssrc;
	uint16_t seq;                   /* initial sequence number (random) */
	uint32_t ts;                    /* initial timestamp (random) */
	/* hold (RFC 3264 8.4): the remote wants no RTP from us / plays us no audio */
	bool no_send;                   /* keep the clock, send nothing */
	bool no_play;                   /* drop RTP in, the B-channel hears silence */
	/* SRTP sessions, NULL for plain RTP; the media layer frees them */
	struct media_srtp *srtp;
	/*
	 * RTCP: with rtcp_mux on the RTP socket; else rtcp_fd (bound to the
	 * RTP port + 1, closed by the media layer, -1: no RTCP) to rtcp_remote
	 */
	bool rtcp_mux;
	int rtcp_fd;
	struct sockaddr_storage rtcp_remote;
	char cname[96];
};

struct media_stats {
	uint64_t rx_packets, rx_bytes, tx_packets, tx_bytes;
	uint64_t rx_bad_source, rx_malformed, rx_late, rx_lost, rx_other_pt, underruns;
	uint64_t rx_auth_fail, rx_replay; /* SRTP packets dropped */
	uint32_t tdm_queue_bytes; /* playout queued towards TDM */
	uint32_t jb_depth, jb_target; /* jitter buffer now / steered to, samples */
	uint64_t jb_concealed, jb_dropped, jb_inserted; /* samples */
	uint64_t dtmf_rx, dtmf_tx; /* RFC 4733 digits played / sent */
	uint32_t vbd; /* enum vbd_signal: fax/modem seen (then passthrough), 0 none */
	/* RTCP: reports received; from the peer's last report about us */
	uint32_t rtcp_rx, rtcp_tx;
	int32_t rtt_ms;                /* -1 unknown */
	uint32_t peer_jitter;          /* samples */
	uint32_t peer_fraction_lost;   /* /256 */
	int32_t peer_cum_lost;
	uint32_t jitter;               /* ours (RFC 3550 A.8), samples */
};

/* called on the event loop when a stream's slot is free again */
typedef void (media_stopped_h)(int slot, int rtp_fd, void *arg);

int media_alloc(struct media **mp, struct loop *loop, const struct media_conf *conf,
		media_stopped_h *stopped_h, void *arg);
/* before media_start: the spans whose media_fd the thread services */
int media_add_span(struct media *m, const struct tdm_backend_ops *ops, struct tdm_span *tdm,
		   enum tdm_law law);
/*
 * Before media_start: move RTP through the engine conf names instead of
 * the default batched sockets (media_io.h; fallback and why as for
 * media_io_open). AF_XDP takes a single thread: -EINVAL with more.
 */
int media_use_io(struct media *m, const struct media_io_conf *conf, bool fallback, char *why,
		 size_t whylen);
int media_start(struct media *m);
int media_threads(const struct media *m);
/* stops the thread; streams still running are dropped */
void media_free(struct media *m);

/* returns the slot (>= 0) or -EBUSY/-EAGAIN; on error p->srtp is still the caller's */
int media_stream_start(struct media *m, const struct media_stream_params *p);
/* new remote address (re-INVITE, late answer) */
int media_stream_update(struct media *m, int slot, const struct sockaddr_storage *remote);
/* hold and resume: change no_send / no_play of a running stream */
int media_stream_set_dir(struct media *m, int slot, bool no_send, bool no_play);
/* new SRTP sessions (re-INVITE with new keys; NULL: plain RTP from now on) */
int media_stream_rekey(struct media *m, int slot, struct media_srtp *srtp);
/* asynchronous: stopped_h(slot) follows on the event loop */
int media_stream_stop(struct media *m, int slot);
void media_stream_stats(struct media *m, int slot, struct media_stats *st);

#endif
