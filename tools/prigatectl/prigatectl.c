// SPDX-License-Identifier: GPL-2.0-only
/* prigatectl: the operator's command line for a running prigated. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ctl/ctl.h"

static void usage(FILE *f)
{
	fprintf(f, "usage: prigatectl [-s SOCKET] [--json] COMMAND [ARGS]\n"
		   "commands:\n"
		   "  status           daemon state, config file, counters\n"
		   "  spans            spans: D-channel, alarms, channels in use\n"
		   "  channels         every B-channel with its state and call\n"
		   "  calls            active calls with both legs and media counters\n"
		   "  trunks           SIP trunks: transport, registration/keepalive state, up\n"
		   "  hangup CALL      clear call CALL (cause 16)\n"
		   "  reload           re-read the configuration\n"
		   "  route test [--json] [--from N] [--name NAME]\n"
		   "             [--source span:N|trunk:NAME|ip:ADDR] NUMBER\n"
		   "                   show how a call would be routed; nothing is dialled\n"
		   "SOCKET defaults to $PRIGATE_CTL or /tmp/prigated.ctl\n");
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{"socket", required_argument, NULL, 's'},
		{"json", no_argument, NULL, 'j'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	const char *path = getenv("PRIGATE_CTL");
	struct ctl_out out = {0};
	char line[1024];
	size_t len = 0;
	int c, i, status, json = 0;

	if (!path)
		path = "/tmp/prigated.ctl";
	while ((c = getopt_long(argc, argv, "+s:jh", opts, NULL)) != -1) {
		switch (c) {
		case 's':
			path = optarg;
			break;
		case 'j':
			json = 1;
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	}
	if (optind >= argc) {
		usage(stderr);
		return 2;
	}
	line[0] = '\0';
	if (json)
		len += (size_t)snprintf(line, sizeof(line), "--json");
	for (i = optind; i < argc; i++) {
		if (strchr(argv[i], '\n') || len + strlen(argv[i]) + 2 >= sizeof(line)) {
			fprintf(stderr, "prigatectl: argument too long or contains a newline\n");
			return 2;
		}
		len += (size_t)snprintf(line + len, sizeof(line) - len, "%s%s", len ? " " : "",
					argv[i]);
	}
	status = ctl_request(path, line, &out);
	if (status < 0) {
		fprintf(stderr, "prigatectl: %s: %s\n", path,
			status == -EPROTO ? "not a prigated control socket" : strerror(-status));
		return 1;
	}
	fputs(out.buf ? out.buf : "", status ? stderr : stdout);
	free(out.buf);
	return status;
}
