// SPDX-License-Identifier: GPL-2.0-only
/*
 * The dahdi backend: E1/T1 cards (and vspan) through /dev/dahdi/channel.
 *
 * The span is named by the absolute DAHDI channel number of its hardhdlc
 * D-channel ([span N] device); its B-channels are the span's other
 * channels, counted from the D-channel (timeslot 16 on E1, 24 on T1).
 * D-channel reads deliver one HDLC frame with its 2 FCS bytes, which are
 * stripped here (and 2 placeholder bytes added on write) so that the
 * tdm.h contract, frames without FCS, holds for every backend.
 *
 * Media: a 10 ms timerfd wakes the media thread, which drains each open
 * B-channel into its receive FIFO and feeds DAHDI from the transmit FIFO
 * until DAHDI's buffers are full; DAHDI's clock (the card's or vspan's)
 * paces the audio through that backpressure.
 */
#include <dahdi/user.h>
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/timerfd.h>
#include <unistd.h>

#include "fifo.h"
#include "log.h"
#include "tdm.h"

#define DAHDI_DEV "/dev/dahdi/channel"
#define DAHDI_BLOCK 160    /* 20 ms per read/write */
#define DAHDI_TICK_MS 10
#define DAHDI_FRAME_MAX 1024

struct dahdi_chan {
	int fd; /* -1 when closed */
	struct tdm_fifo rx, tx;
};

struct tdm_span {
	struct tdm_span_conf conf;
	int dchan;       /* absolute channel number of the D-channel */
	int base;        /* absolute number of the span's timeslot 0 */
	int spanno;
	int dfd;
	int tick_fd;
	int alarms;      /* TDM_ALARM_* from the last D-channel event */
	bool ec_warned;  /* the echo canceller failure was logged */
	struct dahdi_chan chan[TDM_MAX_CHANS];
};

static int chan_open(int channo, int blocksize, bool hdlc)
{
	struct dahdi_bufferinfo bi;
	int fd = open(DAHDI_DEV, O_RDWR | O_NONBLOCK | O_CLOEXEC), err;

	if (fd < 0)
		return -errno;
	if (ioctl(fd, DAHDI_SPECIFY, &channo) < 0)
		goto err_close;
	if (!ioctl(fd, DAHDI_GET_BUFINFO, &bi)) {
		bi.txbufpolicy = DAHDI_POLICY_IMMEDIATE;
		bi.rxbufpolicy = DAHDI_POLICY_IMMEDIATE;
		bi.numbufs = hdlc ? 16 : 4;
		bi.bufsize = blocksize;
		if (ioctl(fd, DAHDI_SET_BUFINFO, &bi) < 0)
			goto err_close;
	}
	if (!hdlc && ioctl(fd, DAHDI_SET_BLOCKSIZE, &blocksize) < 0)
		goto err_close;
	return fd;

err_close:
	err = -errno;
	close(fd);
	return err;
}

static int alarms_of(int dahdi_alarms)
{
	int a = 0;

	if (dahdi_alarms & (DAHDI_ALARM_RED | DAHDI_ALARM_LOS | DAHDI_ALARM_LFA))
		a |= TDM_ALARM_RED;
	if (dahdi_alarms & DAHDI_ALARM_BLUE)
		a |= TDM_ALARM_BLUE;
	if (dahdi_alarms & DAHDI_ALARM_YELLOW)
		a |= TDM_ALARM_YELLOW;
	return a;
}

static int span_alarms(struct tdm_span *span)
{
	struct dahdi_spaninfo si = {.spanno = span->spanno};

	if (ioctl(span->dfd, DAHDI_SPANSTAT, &si) < 0)
		return span->alarms;
	return alarms_of(si.alarms);
}

static void dahdi_span_close(struct tdm_span *span)
{
	int i;

	if (!span)
		return;
	for (i = 0; i < TDM_MAX_CHANS; i++)
		if (span->chan[i].fd >= 0)
			close(span->chan[i].fd);
	if (span->tick_fd >= 0)
		close(span->tick_fd);
	if (span->dfd >= 0)
		close(span->dfd);
	free(span);
}

static int dahdi_span_open(struct tdm_span **spanp, const struct tdm_span_conf *conf)
{
	struct itimerspec its = {
		.it_value = {0, DAHDI_TICK_MS * 1000000L},
		.it_interval = {0, DAHDI_TICK_MS * 1000000L},
	};
	struct dahdi_params p = {0};
	struct tdm_span *span;
	char *end;
	long dchan;
	int i, err;

	dchan = strtol(conf->device, &end, 10);
	if (!conf->device[0] || *end || dchan < 1 || dchan > 4096)
		return -EINVAL;
	span = calloc(1, sizeof(*span));
	if (!span)
		return -ENOMEM;
	span->conf = *conf;
	span->dchan = (int)dchan;
	span->base = span->dchan - tdm_dchan(conf->framing);
	span->tick_fd = -1;
	for (i = 0; i < TDM_MAX_CHANS; i++)
		span->chan[i].fd = -1;
	span->dfd = chan_open(span->dchan, DAHDI_FRAME_MAX, true);
	if (span->dfd < 0) {
		err = span->dfd;
		goto err_close;
	}
	p.channo = span->dchan;
	if (ioctl(span->dfd, DAHDI_GET_PARAMS, &p) < 0) {
		err = -errno;
		goto err_close;
	}
	span->spanno = p.spanno;
	if (p.chanpos != tdm_dchan(conf->framing)) {
		log_err("dahdi span %d: channel %d is timeslot %d of DAHDI span %d, not the %s "
			"D-channel (timeslot %d)",
			conf->span_no, span->dchan, p.chanpos, p.spanno,
			conf->framing == TDM_E1 ? "E1" : "T1", tdm_dchan(conf->framing));
		err = -EINVAL;
		goto err_close;
	}
	span->tick_fd = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC);
	if (span->tick_fd < 0 || timerfd_settime(span->tick_fd, 0, &its, NULL) < 0) {
		err = -errno;
		goto err_close;
	}
	span->alarms = span_alarms(span);
	*spanp = span;
	return 0;

err_close:
	dahdi_span_close(span);
	return err;
}

static int dahdi_dchan_fd(struct tdm_span *span)
{
	return span->dfd;
}

static void dchan_event(struct tdm_span *span)
{
	int ev = 0;

	if (ioctl(span->dfd, DAHDI_GETEVENT, &ev) < 0)
		return;
	switch (ev) {
	case DAHDI_EVENT_ALARM:
	case DAHDI_EVENT_NOALARM:
		span->alarms = span_alarms(span);
		log_notice("dahdi span %d: alarms now %s", span->conf.span_no,
			   span->alarms & TDM_ALARM_RED    ? "red"
			   : span->alarms & TDM_ALARM_BLUE ? "blue"
			   : span->alarms                  ? "yellow"
							   : "clear");
		break;
	case DAHDI_EVENT_BADFCS:
	case DAHDI_EVENT_ABORT:
	case DAHDI_EVENT_OVERRUN:
		log_debug("dahdi span %d: D-channel frame lost (event %d)", span->conf.span_no, ev);
		break;
	default:
		break;
	}
}

static ssize_t dahdi_dchan_read(struct tdm_span *span, void *buf, size_t len)
{
	uint8_t frame[DAHDI_FRAME_MAX + 2];
	ssize_t n = read(span->dfd, frame, sizeof(frame));

	if (n < 0) {
		if (errno == ELAST) {
			dchan_event(span);
			return -EAGAIN;
		}
		return errno == EAGAIN ? -EAGAIN : -errno;
	}
	if (n <= 2)
		return -EAGAIN;
	n -= 2; /* the FCS */
	if ((size_t)n > len)
		return -EMSGSIZE;
	memcpy(buf, frame, (size_t)n);
	return n;
}

static int dahdi_dchan_write(struct tdm_span *span, const void *buf, size_t len)
{
	uint8_t frame[DAHDI_FRAME_MAX + 2];

	if (len > DAHDI_FRAME_MAX)
		return -EMSGSIZE;
	memcpy(frame, buf, len);
	frame[len] = frame[len + 1] = 0; /* DAHDI computes the FCS in their place */
	if (write(span->dfd, frame, len + 2) < 0) {
		if (errno == ELAST) {
			dchan_event(span);
			return -EAGAIN;
		}
		return -errno;
	}
	return 0;
}

static int dahdi_alarms(struct tdm_span *span)
{
	return span->alarms;
}

static int dahdi_media_fd(struct tdm_span *span)
{
	return span->tick_fd;
}

static void chan_move(struct tdm_span *span, struct dahdi_chan *c)
{
	uint8_t buf[DAHDI_BLOCK];
	ssize_t n;
	size_t k;

	while ((n = read(c->fd, buf, sizeof(buf))) > 0)
		tdm_fifo_put(&c->rx, buf, (size_t)n);
	if (n < 0 && errno == ELAST) {
		int ev;

		ioctl(c->fd, DAHDI_GETEVENT, &ev);
	}
	while ((k = tdm_fifo_peek(&c->tx, buf, sizeof(buf))) > 0) {
		n = write(c->fd, buf, k);
		if (n <= 0)
			break; /* DAHDI's buffers are full: the rest waits a tick */
		tdm_fifo_drop(&c->tx, (size_t)n);
	}
}

static int dahdi_media_service(struct tdm_span *span)
{
	uint64_t ticks = 0;
	int i;

	if (read(span->tick_fd, &ticks, sizeof(ticks)) < 0)
		return errno == EAGAIN ? 0 : -errno;
	for (i = 1; i < TDM_MAX_CHANS; i++)
		if (span->chan[i].fd >= 0)
			chan_move(span, &span->chan[i]);
	return (int)(ticks * DAHDI_TICK_MS);
}

static int dahdi_bchan_check(struct tdm_span *span, int chan)
{
	return tdm_is_bchan(span->conf.framing, chan) ? 0 : -EINVAL;
}

static int dahdi_bchan_open(struct tdm_span *span, int chan)
{
	struct dahdi_chan *c;
	int law = span->conf.law == TDM_ALAW ? DAHDI_LAW_ALAW : DAHDI_LAW_MULAW;

	if (dahdi_bchan_check(span, chan))
		return -EINVAL;
	c = &span->chan[chan];
	if (c->fd >= 0)
		return -EBUSY;
	c->fd = chan_open(span->base + chan, DAHDI_BLOCK, false);
	if (c->fd < 0) {
		int err = c->fd;

		c->fd = -1;
		return err;
	}
	ioctl(c->fd, DAHDI_SETLAW, &law);
	if (span->conf.echocancel) {
		struct {
			struct dahdi_echocanparams p;
			struct dahdi_echocanparam v[1];
		} ec = {.p = {.tap_length = span->conf.echocancel}};
		int audio = 1;

		/*
		 * DAHDI only cancels echo on a channel in audio mode (a clear
		 * channel passes bytes untouched); the canceller itself is
		 * chosen by echocanceller= in system.conf.
		 */
		if ((ioctl(c->fd, DAHDI_AUDIOMODE, &audio) < 0 ||
		     ioctl(c->fd, DAHDI_ECHOCANCEL_PARAMS, &ec) < 0) && !span->ec_warned) {
			span->ec_warned = true;
			log_warn("dahdi span %d: no echo canceller on B-channel %d: %s (is there an "
				 "echocanceller= line for it in system.conf?)", span->conf.span_no,
				 chan, strerror(errno));
		}
	}
	tdm_fifo_reset(&c->rx);
	tdm_fifo_reset(&c->tx);
	return 0;
}

static void dahdi_bchan_close(struct tdm_span *span, int chan)
{
	struct dahdi_chan *c;

	if (dahdi_bchan_check(span, chan))
		return;
	c = &span->chan[chan];
	if (c->fd >= 0)
		close(c->fd);
	c->fd = -1;
}

static ssize_t dahdi_bchan_read(struct tdm_span *span, int chan, uint8_t *buf, size_t len)
{
	if (dahdi_bchan_check(span, chan))
		return -EINVAL;
	return (ssize_t)tdm_fifo_get(&span->chan[chan].rx, buf, len);
}

static ssize_t dahdi_bchan_write(struct tdm_span *span, int chan, const uint8_t *buf, size_t len)
{
	if (dahdi_bchan_check(span, chan))
		return -EINVAL;
	return (ssize_t)tdm_fifo_put(&span->chan[chan].tx, buf, len);
}

static size_t dahdi_bchan_tx_queued(struct tdm_span *span, int chan)
{
	return dahdi_bchan_check(span, chan) ? 0 : tdm_fifo_used(&span->chan[chan].tx);
}

/* media thread: a modem's /ANS asks for the canceller off (tap length 0) */
static void dahdi_bchan_ec_off(struct tdm_span *span, int chan)
{
	struct dahdi_echocanparams ec = {.tap_length = 0};

	if (!dahdi_bchan_check(span, chan) && span->conf.echocancel && span->chan[chan].fd >= 0)
		ioctl(span->chan[chan].fd, DAHDI_ECHOCANCEL_PARAMS, &ec);
}

/* DAHDI's own view of the channel, from /proc/dahdi/<span> */
static int dahdi_chan_status(struct tdm_span *span, int chan, char *buf, size_t len)
{
	char path[64], line[256];
	FILE *f;
	int ret = -ENOENT;

	if (dahdi_bchan_check(span, chan))
		return -EINVAL;
	snprintf(path, sizeof(path), "/proc/dahdi/%d", span->spanno);
	f = fopen(path, "re");
	if (!f)
		return -errno;
	while (fgets(line, sizeof(line), f)) {
		int no;

		if (sscanf(line, " %d ", &no) != 1 || no != span->base + chan)
			continue;
		snprintf(buf, len, "%s%s", strstr(line, "(In use)") ? "in-use" : "free",
			 strstr(line, " - ACTIVE)") ? "+ec" : "");
		ret = 0;
		break;
	}
	fclose(f);
	return ret;
}

const struct tdm_backend_ops tdm_dahdi_ops = {
	.name = "dahdi",
	.span_open = dahdi_span_open,
	.span_close = dahdi_span_close,
	.dchan_fd = dahdi_dchan_fd,
	.dchan_read = dahdi_dchan_read,
	.dchan_write = dahdi_dchan_write,
	.alarms = dahdi_alarms,
	.chan_status = dahdi_chan_status,
	.media_fd = dahdi_media_fd,
	.media_service = dahdi_media_service,
	.bchan_open = dahdi_bchan_open,
	.bchan_close = dahdi_bchan_close,
	.bchan_read = dahdi_bchan_read,
	.bchan_write = dahdi_bchan_write,
	.bchan_tx_queued = dahdi_bchan_tx_queued,
	.bchan_ec_off = dahdi_bchan_ec_off,
};
