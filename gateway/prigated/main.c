// SPDX-License-Identifier: GPL-2.0-only
/* prigated: start-up, signals and shutdown of the gateway daemon. */
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/signalfd.h>
#include <unistd.h>

#include "call/call.h"
#include "gw.h"
#include "log.h"

static void usage(FILE *f)
{
	fprintf(f, "usage: prigated [-c FILE] [-f] [-t] [-v]\n"
		   "  -c FILE  configuration (default /etc/prigate/prigate.ini)\n"
		   "  -f       stay in the foreground and log to stderr\n"
		   "  -t       test the configuration and exit (0 good, 2 bad)\n"
		   "  -v       more logging (repeat for debug)\n");
}

static void signal_h(int fd, uint32_t events, void *arg)
{
	struct gw *gw = arg;
	struct signalfd_siginfo si;

	while (read(fd, &si, sizeof(si)) == sizeof(si)) {
		if (si.ssi_signo == SIGHUP) {
			char err[512];

			if (gw_reload(gw, err, sizeof(err)))
				log_err("reload refused, old configuration kept: %s", err);
			continue;
		}
		log_notice("signal %d: shutting down", si.ssi_signo);
		loop_stop(gw->loop);
	}
}

static int signals_setup(struct gw *gw)
{
	sigset_t set;
	int fd;

	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGHUP);
	sigprocmask(SIG_BLOCK, &set, NULL);
	signal(SIGPIPE, SIG_IGN);
	fd = signalfd(-1, &set, SFD_NONBLOCK | SFD_CLOEXEC);
	if (fd < 0)
		return -errno;
	return loop_fd_add(gw->loop, fd, EPOLLIN, signal_h, gw);
}

int main(int argc, char **argv)
{
	const char *path = "/etc/prigate/prigate.ini";
	int c, foreground = 0, test = 0, verbose = 0, err;
	enum log_level lvl;
	static struct gw gw;
	char errbuf[512];

	while ((c = getopt(argc, argv, "c:ftvh")) != -1) {
		switch (c) {
		case 'c':
			path = optarg;
			break;
		case 'f':
			foreground = 1;
			break;
		case 't':
			test = 1;
			break;
		case 'v':
			verbose++;
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	}
	if (optind != argc) {
		usage(stderr);
		return 2;
	}
	err = config_load(&gw.cfg, path, errbuf, sizeof(errbuf));
	if (err) {
		fprintf(stderr, "%s\n", errbuf);
		return 2;
	}
	if (test) {
		printf("%s: configuration OK (%d span%s, %d trunk%s)\n", path, gw.cfg.nspans,
		       gw.cfg.nspans == 1 ? "" : "s", gw.cfg.ntrunks, gw.cfg.ntrunks == 1 ? "" : "s");
		return 0;
	}
	lvl = gw.cfg.general.log_level;
	if (verbose)
		lvl = verbose > 1 ? LOG_LVL_DEBUG : LOG_LVL_INFO;
	log_init("prigated", !foreground, lvl);
	if (!foreground && daemon(0, 0) < 0) {
		log_err("cannot become a daemon: %s", strerror(errno));
		return 1;
	}
	snprintf(gw.config_path, sizeof(gw.config_path), "%s", path);
	err = loop_alloc(&gw.loop);
	if (!err)
		err = signals_setup(&gw);
	if (!err)
		err = gw_start(&gw);
	if (err) {
		log_err("start-up failed: %s", strerror(-err));
		gw_stop(&gw);
		return 1;
	}
	log_notice("prigated running: SIP on %s:%u, %d span%s, control %s", gw.cfg.sip.listen,
		   gw.cfg.sip.port, gw.nspans, gw.nspans == 1 ? "" : "s", gw.cfg.general.control);
	err = loop_run(gw.loop);
	gw_stop(&gw);
	loop_free(gw.loop);
	log_notice("prigated stopped");
	return err ? 1 : 0;
}
