/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The TDM side of prigate as an interface: a backend moves D-channel HDLC
 * frames (event-loop thread) and B-channel G.711 samples (media thread) for
 * one E1/T1 span. Modelled on DAHDI's struct dahdi_span_ops: each op is
 * marked required or optional; optional ops may be NULL.
 *
 * Channel numbering is per span, 1-based, in timeslot terms as Q.931 uses
 * them: E1 B-channels 1-15 and 17-31 with the D-channel on 16, T1 1-23
 * with the D-channel on 24.
 */
#ifndef PRIGATE_TDM_H
#define PRIGATE_TDM_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#define TDM_MAX_CHANS 32
#define TDM_FRAME_BYTES 8   /* one 1 ms TDM frame per channel, as DAHDI moves */

enum tdm_framing { TDM_E1, TDM_T1 };
enum tdm_law { TDM_ALAW, TDM_ULAW };

enum tdm_alarm {
	TDM_ALARM_NONE = 0,
	TDM_ALARM_RED = 1 << 0,    /* loss of signal/frame */
	TDM_ALARM_YELLOW = 1 << 1, /* remote alarm indication */
	TDM_ALARM_BLUE = 1 << 2,   /* AIS */
};

struct tdm_span_conf {
	int span_no;               /* [span N] */
	enum tdm_framing framing;
	enum tdm_law law;
	char device[256];          /* backend-specific: sim cable path, dahdi chan */
	int listen;                /* sim: this end creates the cable */
	unsigned echocancel;       /* dahdi: echo canceller taps per B-channel, 0 off */
};

struct tdm_span;

struct tdm_backend_ops {
	const char *name;

	/* required: create span state and connect; *spanp owned by caller */
	int (*span_open)(struct tdm_span **spanp, const struct tdm_span_conf *conf);
	/* required */
	void (*span_close)(struct tdm_span *span);

	/* --- event-loop thread --------------------------------------------- */
	/* required: fd that becomes readable when a D-channel frame waits */
	int (*dchan_fd)(struct tdm_span *span);
	/*
	 * required: one HDLC frame per call, without FCS. Return its length,
	 * -EAGAIN when none waits, other -errno on failure.
	 */
	ssize_t (*dchan_read)(struct tdm_span *span, void *buf, size_t len);
	/* required: send one HDLC frame (no FCS); 0 or -errno */
	int (*dchan_write)(struct tdm_span *span, const void *buf, size_t len);
	/* optional: current TDM_ALARM_* bits */
	int (*alarms)(struct tdm_span *span);
	/*
	 * optional, for display: the TDM layer's own view of B-channel chan
	 * (dahdi: "in-use"/"free" as the kernel reports it), 0 or -errno
	 */
	int (*chan_status)(struct tdm_span *span, int chan, char *buf, size_t len);

	/* --- media thread --------------------------------------------------- */
	/*
	 * required: fd the media thread polls; when readable it calls
	 * media_service, which moves TDM frames for every open channel.
	 */
	int (*media_fd)(struct tdm_span *span);
	/* required: returns the number of 1 ms frames that elapsed */
	int (*media_service)(struct tdm_span *span);
	/* required: start/stop carrying audio on B-channel chan */
	int (*bchan_open)(struct tdm_span *span, int chan);
	void (*bchan_close)(struct tdm_span *span, int chan);
	/* required: received samples; up to len, 0 when none, never blocks */
	ssize_t (*bchan_read)(struct tdm_span *span, int chan, uint8_t *buf, size_t len);
	/* required: samples to send; returns bytes queued (may be < len when full) */
	ssize_t (*bchan_write)(struct tdm_span *span, int chan, const uint8_t *buf, size_t len);
	/* optional: the echo canceller off (a modem's /ANS, G.168), if there is one */
	void (*bchan_ec_off)(struct tdm_span *span, int chan);
	/* optional: bytes queued towards the line on chan (for delay accounting) */
	size_t (*bchan_tx_queued)(struct tdm_span *span, int chan);
};

/* registry: the backends compiled in (Kconfig) */
const struct tdm_backend_ops *tdm_backend_find(const char *name);
/* comma-separated names of the compiled-in backends, for error messages */
const char *tdm_backend_names(void);

/* channel helpers shared by every backend and the ISDN layer */
int tdm_dchan(enum tdm_framing framing);       /* 16 or 24 */
int tdm_nchans(enum tdm_framing framing);      /* timeslots carried: 31 or 24 */
int tdm_is_bchan(enum tdm_framing framing, int chan);
uint8_t tdm_idle_byte(enum tdm_law law);       /* 0xd5 A-law, 0xff mu-law */

#endif
