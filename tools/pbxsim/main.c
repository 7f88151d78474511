// SPDX-License-Identifier: GPL-2.0-only
/* pbxsim: command line, start-up, the media tick, signals and clean shutdown. */
#include <errno.h>
#include <getopt.h>
#include <libpri.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/signalfd.h>
#include <unistd.h>

#include "log.h"
#include "pbxsim.h"

#define SHUTDOWN_DRAIN_MS 500

static void usage(FILE *f)
{
	fprintf(f,
		"usage: pbxsim [-c FILE] [-f] [-v]            run the PBX emulator\n"
		"       pbxsim [-c FILE | --ctl PATH] COMMAND  talk to a running one\n"
		"  -c FILE     configuration (default: built-in defaults, see docs/pbxsim.md);\n"
		"              with a COMMAND, only its control path is used\n"
		"  -f          stay in the foreground and log to stderr\n"
		"  -v          more logging (repeat for debug)\n"
		"  --ctl PATH  control socket (default $%s or %s)\n"
		"commands:\n"
		"  call [--from N] [--duration S] [--play F.wav] [--record F.wav]\n"
		"       [--wait-up S] NUMBER       place a call towards the span\n"
		"  status                          D-channel state and active calls\n"
		"  hangup [CHANNEL]                clear all calls (or one), cause 16\n"
		"  wait-up [SECONDS]               wait until the D-channel is up\n",
		PBX_CTL_ENV, PBX_CTL_DEFAULT);
}

static void signal_h(int fd, uint32_t events, void *arg)
{
	struct pbx *pbx = arg;
	struct signalfd_siginfo si;

	while (read(fd, &si, sizeof(si)) == sizeof(si)) {
		log_notice("signal %d: shutting down", si.ssi_signo);
		loop_stop(pbx->loop);
	}
}

static int signals_setup(struct pbx *pbx)
{
	sigset_t set;
	int err;

	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	sigprocmask(SIG_BLOCK, &set, NULL);
	signal(SIGPIPE, SIG_IGN);
	pbx->sig_fd = signalfd(-1, &set, SFD_NONBLOCK | SFD_CLOEXEC);
	if (pbx->sig_fd < 0)
		return -errno;
	err = loop_fd_add(pbx->loop, pbx->sig_fd, EPOLLIN, signal_h, pbx);
	if (err) {
		close(pbx->sig_fd);
		pbx->sig_fd = -1;
	}
	return err;
}

/* every 1 ms tick of the backend: frames moved, then each call's audio */
static void media_h(int fd, uint32_t events, void *arg)
{
	struct pbx *pbx = arg;
	int i, ticks = pbx->ops->media_service(pbx->tdm);

	if (ticks < 0)
		return;
	for (i = 0; i < TDM_MAX_CHANS; i++)
		if (pbx->calls[i].state != PBX_CALL_FREE)
			pbx_audio_service(pbx, &pbx->calls[i], ticks);
}

static int span_start(struct pbx *pbx)
{
	const struct pbx_conf *c = &pbx->conf;
	struct tdm_span_conf tc = {
		.span_no = 1, .framing = c->framing, .law = c->law, .listen = c->listen,
	};
	struct isdn_span_conf ic = {
		.span_no = 1, .node = c->node, .switchtype = c->switchtype,
		.framing = c->framing, .law = c->law, .hunt = c->hunt,
		.send_name = 1, /* a PBX shows its users' names: the display IE on any side */
		.debug = c->debug ? PRI_DEBUG_Q931_STATE | PRI_DEBUG_Q931_DUMP |
					    PRI_DEBUG_Q921_STATE
				  : 0,
	};
	int err;

	pbx->ops = tdm_backend_find(c->backend);
	if (!pbx->ops)
		return -ENOENT;
	snprintf(tc.device, sizeof(tc.device), "%s", c->cable);
	err = pbx->ops->span_open(&pbx->tdm, &tc);
	if (err) {
		log_err("cable %s: %s", c->cable, strerror(-err));
		return err;
	}
	err = isdn_span_alloc(&pbx->span, pbx->loop, &ic, pbx->ops, pbx->tdm,
			      &pbx_isdn_handlers, pbx);
	if (err)
		goto err_close_tdm;
	err = loop_fd_add(pbx->loop, pbx->ops->media_fd(pbx->tdm), EPOLLIN, media_h, pbx);
	if (err)
		goto err_free_span;
	return 0;

err_free_span:
	isdn_span_free(pbx->span);
	pbx->span = NULL;
err_close_tdm:
	pbx->ops->span_close(pbx->tdm);
	pbx->tdm = NULL;
	return err;
}

/* clear every call and give libpri a moment to finish the RELEASE exchange */
static void calls_drain(struct pbx *pbx)
{
	uint64_t end = time_now_ms() + SHUTDOWN_DRAIN_MS;
	int i, nb = 0;

	pbx->stopping = true;
	for (i = 0; i < TDM_MAX_CHANS; i++)
		if (pbx->calls[i].state != PBX_CALL_FREE)
			pbx_call_hangup(&pbx->calls[i], CAUSE_NORMAL_CLEARING);
	for (i = 1; i <= tdm_nchans(pbx->conf.framing); i++)
		nb += tdm_is_bchan(pbx->conf.framing, i);
	while (isdn_span_up(pbx->span) && isdn_span_free_chans(pbx->span) < nb &&
	       time_now_ms() < end)
		loop_poll(pbx->loop, 20);
}

static void pbx_stop(struct pbx *pbx)
{
	if (pbx->span)
		calls_drain(pbx);
	pbx_ctl_free(pbx->ctl);
	pbx->ctl = NULL;
	if (pbx->span) {
		loop_fd_del(pbx->loop, pbx->ops->media_fd(pbx->tdm));
		isdn_span_free(pbx->span);
	}
	if (pbx->tdm)
		pbx->ops->span_close(pbx->tdm);
	if (pbx->sig_fd >= 0)
		close(pbx->sig_fd);
	loop_free(pbx->loop);
}

static int pbx_run(struct pbx *pbx, int foreground, int verbose)
{
	enum log_level lvl = LOG_LVL_NOTICE;
	int i, err;

	if (verbose)
		lvl = verbose > 1 ? LOG_LVL_DEBUG : LOG_LVL_INFO;
	if (pbx->conf.debug)
		lvl = LOG_LVL_DEBUG;
	log_init("pbxsim", !foreground, lvl);
	if (!foreground && daemon(0, 0) < 0) {
		log_err("cannot become a daemon: %s", strerror(errno));
		return 1;
	}
	pbx->sig_fd = -1;
	for (i = 0; i < TDM_MAX_CHANS; i++) {
		pbx->calls[i].pbx = pbx;
		timer_init(&pbx->calls[i].timer);
	}
	pbx_audio_init(pbx);
	err = loop_alloc(&pbx->loop);
	if (err) {
		log_err("event loop: %s", strerror(-err));
		return 1;
	}
	err = signals_setup(pbx);
	if (err) {
		log_err("signals: %s", strerror(-err));
		goto err_stop;
	}
	/* the control socket first: a second pbxsim must not touch the cable */
	err = pbx_ctl_alloc(&pbx->ctl, pbx, pbx->conf.control);
	if (err) {
		log_err("control socket %s: %s", pbx->conf.control,
			err == -EADDRINUSE ? "another pbxsim is running there" : strerror(-err));
		goto err_stop;
	}
	err = span_start(pbx);
	if (err)
		goto err_stop;
	log_notice("pbxsim running: %s side, %s, %s %s, cable %s (%s), control %s",
		   pbx_node_name(pbx->conf.node), isdn_switchtype_name(pbx->conf.switchtype),
		   pbx->conf.framing == TDM_E1 ? "E1" : "T1", pbx_law_name(pbx->conf.law),
		   pbx->conf.cable, pbx->conf.listen ? "listen" : "connect", pbx->conf.control);
	err = loop_run(pbx->loop);
	pbx_stop(pbx);
	log_notice("pbxsim stopped");
	return err ? 1 : 0;

err_stop:
	pbx_stop(pbx);
	return 1;
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{"ctl", required_argument, NULL, 'C'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	static struct pbx pbx;
	const char *path = NULL, *ctl = NULL;
	int c, foreground = 0, verbose = 0;
	char err[512];

	while ((c = getopt_long(argc, argv, "+c:fvh", opts, NULL)) != -1) {
		switch (c) {
		case 'c':
			path = optarg;
			break;
		case 'f':
			foreground = 1;
			break;
		case 'v':
			verbose++;
			break;
		case 'C':
			ctl = optarg;
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	}
	pbx_conf_defaults(&pbx.conf);
	if (path && pbx_conf_load(&pbx.conf, path, err, sizeof(err))) {
		fprintf(stderr, "%s\n", err);
		return 2;
	}
	if (optind < argc) {
		if (!ctl && !path)
			ctl = getenv(PBX_CTL_ENV);
		if (!ctl)
			ctl = pbx.conf.control;
		return pbx_client_main(argc - optind, argv + optind, ctl);
	}
	if (ctl)
		snprintf(pbx.conf.control, sizeof(pbx.conf.control), "%s", ctl);
	pbx.conf_path = path;
	return pbx_run(&pbx, foreground, verbose);
}
