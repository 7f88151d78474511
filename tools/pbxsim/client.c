// SPDX-License-Identifier: GPL-2.0-only
/* pbxsim client commands: call, status, hangup and wait-up over the control socket. */
#include <errno.h>
#include <getopt.h>
#include <libgen.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "loop.h"
#include "pbxsim.h"

#define CONNECT_RETRY_MS 100
#define LINE_MAX_LEN 4096

struct reply {
	char buf[LINE_MAX_LEN];
	size_t len;
};

/* connect, retrying while the daemon is still starting until deadline_ms */
static int ctl_connect(const char *path, uint64_t deadline_ms)
{
	struct sockaddr_un sun = {.sun_family = AF_UNIX};
	int fd, err;

	if (strlen(path) >= sizeof(sun.sun_path))
		return -ENAMETOOLONG;
	strcpy(sun.sun_path, path);
	for (;;) {
		fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
		if (fd < 0)
			return -errno;
		if (!connect(fd, (struct sockaddr *)&sun, sizeof(sun)))
			return fd;
		err = -errno;
		close(fd);
		if ((err != -ENOENT && err != -ECONNREFUSED) || time_now_ms() >= deadline_ms)
			return err;
		usleep(CONNECT_RETRY_MS * 1000);
	}
}

static int send_line(int fd, const char *line)
{
	size_t len = strlen(line), off = 0;
	ssize_t n;

	while (off < len) {
		n = send(fd, line + off, len - off, MSG_NOSIGNAL);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -errno;
		off += (size_t)n;
	}
	return 0;
}

/* next reply line without its newline; NULL at end of stream */
static char *next_line(int fd, struct reply *r)
{
	static char line[LINE_MAX_LEN];
	char *nl;
	ssize_t n;

	for (;;) {
		nl = memchr(r->buf, '\n', r->len);
		if (nl) {
			size_t l = (size_t)(nl - r->buf);

			memcpy(line, r->buf, l);
			line[l] = '\0';
			memmove(r->buf, nl + 1, r->len - l - 1);
			r->len -= l + 1;
			return line;
		}
		if (r->len == sizeof(r->buf))
			r->len = 0; /* a line longer than any the daemon sends */
		n = recv(fd, r->buf + r->len, sizeof(r->buf) - r->len, 0);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return NULL;
		r->len += (size_t)n;
	}
}

static bool starts(const char *s, const char *prefix)
{
	return !strncmp(s, prefix, strlen(prefix));
}

static int open_request(const char *path, const char *line, uint64_t deadline_ms)
{
	int fd = ctl_connect(path, deadline_ms), err;

	if (fd < 0) {
		fprintf(stderr, "pbxsim: %s: %s\n", path, strerror(-fd));
		return fd;
	}
	err = send_line(fd, line);
	if (err) {
		fprintf(stderr, "pbxsim: %s: %s\n", path, strerror(-err));
		close(fd);
		return err;
	}
	return fd;
}

/* status, hangup: print the body, the last line says ok or error */
static int simple_cmd(const char *path, const char *line)
{
	struct reply r = {.len = 0};
	int fd = open_request(path, line, 0), ret = 1;
	char *l;

	if (fd < 0)
		return 1;
	while ((l = next_line(fd, &r))) {
		if (starts(l, "error")) {
			fprintf(stderr, "pbxsim: %s\n", l + 6);
			ret = 1;
			break;
		}
		if (!strcmp(l, "ok")) {
			ret = 0;
			break;
		}
		if (starts(l, "ok ")) {
			printf("%s\n", l + 3);
			ret = 0;
			break;
		}
		printf("%s\n", l);
	}
	close(fd);
	return ret;
}

static int parse_seconds(const char *s, unsigned *ms)
{
	char *end;
	double v;

	errno = 0;
	v = strtod(s, &end);
	if (!*s || *end || errno || !(v >= 0.0) || v > 86400.0)
		return -EINVAL;
	*ms = (unsigned)lround(v * 1000.0);
	return 0;
}

static int wait_up(const char *path, unsigned ms)
{
	uint64_t deadline = time_now_ms() + ms;
	uint64_t now;
	char line[64];
	struct reply r = {.len = 0};
	int fd, ret = 1;
	char *l;

	fd = ctl_connect(path, deadline);
	if (fd < 0) {
		fprintf(stderr, "pbxsim: %s: %s\n", path, strerror(-fd));
		return 1;
	}
	now = time_now_ms();
	snprintf(line, sizeof(line), "wait-up %llu\n",
		 (unsigned long long)(deadline > now ? deadline - now : 0));
	if (send_line(fd, line)) {
		close(fd);
		return 1;
	}
	l = next_line(fd, &r);
	if (l && !strcmp(l, "ok up"))
		ret = 0;
	else
		fprintf(stderr, "pbxsim: %s\n", l && starts(l, "error ") ? l + 6 : "no reply");
	close(fd);
	return ret;
}

/* the daemon opens the files: absolute paths, the file itself need not exist */
static int abs_path(const char *in, char *out, size_t size)
{
	char dir[PATH_MAX], base[PATH_MAX], real[PATH_MAX];

	if (strlen(in) >= sizeof(dir))
		return -ENAMETOOLONG;
	strcpy(dir, in);
	strcpy(base, in);
	if (!realpath(dirname(dir), real))
		return -errno;
	if ((size_t)snprintf(out, size, "%s/%s", strcmp(real, "/") ? real : "",
			     basename(base)) >= size)
		return -ENAMETOOLONG;
	return 0;
}

static int add_word(char *line, size_t size, const char *key, const char *val)
{
	char enc[PATH_MAX * 3];
	size_t len = strlen(line);

	if (pbx_word_encode(val, enc, sizeof(enc)))
		return -ENOSPC;
	if ((size_t)snprintf(line + len, size - len, " %s%s", key, enc) >= size - len)
		return -ENOSPC;
	return 0;
}

static void call_usage(FILE *f)
{
	fprintf(f, "usage: pbxsim call [--from NUMBER] [--clir] [--duration S] [--play FILE.wav]\n"
		   "                   [--record FILE.wav] [--dtmf DIGITS] [--name NAME] [--overlap N]\n"
		   "                   [--redirecting NUMBER[/REASON]]\n"
		   "                   [--wait-up S] [--ctl PATH]\n"
		   "                   NUMBER\n"
		   "  --name NAME   calling name, sent in the display IE\n"
		   "  --redirecting NUMBER[/REASON]  a redirected call: the redirecting number\n"
		   "                and Q.931 reason code (1 busy, 2 no reply, 15 unconditional,\n"
		   "                the default)\n"
		   "  --dtmf DIGITS  send DIGITS in-band after answer (100 ms on, 100 ms off,\n"
		   "                -10 dBm0); digits the far end sends print as 'dtmf D'\n"
		   "  --duration S  hang up S seconds after answer (default %d; 0: hold until\n"
		   "                the far end clears)\n"
		   "  --clir        calling number presentation restricted\n"
		   "  --overlap N   overlap sending: N digits in the SETUP (no Sending\n"
		   "                Complete), the others one per INFORMATION, 300 ms apart\n"
		   "exit status: 0 answered and cleared normally (cause 16), 1 not, 2 usage\n",
		   PBX_DURATION_DEFAULT_MS / 1000);
}

struct call_opts {
	const char *from;
	const char *name;
	const char *redirecting;
	bool clir;
	const char *play;
	const char *record;
	const char *dtmf;
	const char *overlap;
	unsigned duration_ms;
	unsigned wait_up_ms;
	bool wait_up;
};

static int call_outcome(int fd)
{
	struct reply r = {.len = 0};
	bool answered = false, hangup = false, warned = false;
	char *l;

	while ((l = next_line(fd, &r))) {
		if (starts(l, "error ")) {
			fprintf(stderr, "pbxsim: %s\n", l + 6);
			return 1;
		}
		if (starts(l, "warning ")) {
			fprintf(stderr, "pbxsim: %s\n", l + 8);
			warned = true;
			continue;
		}
		if (starts(l, "released ")) {
			printf("%s: %s\n", answered ? "released" : "rejected", l + 9);
			if (!answered || warned)
				return 1;
			/* answered: good if cleared normally, by us or the far end */
			return hangup || starts(l + 9, "cause 16 ") ? 0 : 1;
		}
		if (!strcmp(l, "answered"))
			answered = true;
		else if (!strcmp(l, "hangup"))
			hangup = true;
		printf("%s\n", l);
		fflush(stdout);
	}
	fprintf(stderr, "pbxsim: control connection closed before the call ended\n");
	return 1;
}

static int cmd_call(int argc, char **argv, const char *path)
{
	static const struct option opts[] = {
		{"from", required_argument, NULL, 'F'},
		{"clir", no_argument, NULL, 'C'},
		{"duration", required_argument, NULL, 'd'},
		{"play", required_argument, NULL, 'p'},
		{"record", required_argument, NULL, 'r'},
		{"wait-up", required_argument, NULL, 'w'},
		{"dtmf", required_argument, NULL, 'D'},
		{"name", required_argument, NULL, 'N'},
		{"redirecting", required_argument, NULL, 'R'},
		{"overlap", required_argument, NULL, 'O'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	struct call_opts o = {.duration_ms = PBX_DURATION_DEFAULT_MS};
	char line[LINE_MAX_LEN], p[PATH_MAX];
	int c, fd, ret;

	optind = 1;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'F':
			o.from = optarg;
			break;
		case 'C':
			o.clir = true;
			break;
		case 'd':
			if (parse_seconds(optarg, &o.duration_ms))
				goto usage;
			break;
		case 'p':
			o.play = optarg;
			break;
		case 'r':
			o.record = optarg;
			break;
		case 'D':
			o.dtmf = optarg;
			break;
		case 'N':
			o.name = optarg;
			break;
		case 'R':
			o.redirecting = optarg;
			break;
		case 'O':
			if (optarg[0] < '0' || optarg[0] > '9' || optarg[1])
				goto usage;
			o.overlap = optarg;
			break;
		case 'w':
			if (parse_seconds(optarg, &o.wait_up_ms))
				goto usage;
			o.wait_up = true;
			break;
		case 'h':
			call_usage(stdout);
			return 0;
		default:
			goto usage;
		}
	}
	if (optind + 1 != argc)
		goto usage;
	snprintf(line, sizeof(line), "call");
	if (add_word(line, sizeof(line), "", argv[optind]))
		goto usage;
	if (o.from && add_word(line, sizeof(line), "from=", o.from))
		goto usage;
	if (o.clir && add_word(line, sizeof(line), "clir=", "1"))
		goto usage;
	if (o.name && add_word(line, sizeof(line), "name=", o.name))
		goto usage;
	if (o.redirecting && add_word(line, sizeof(line), "redirecting=", o.redirecting))
		goto usage;
	snprintf(line + strlen(line), sizeof(line) - strlen(line), " duration=%u", o.duration_ms);
	if (o.play) {
		if (!realpath(o.play, p)) {
			fprintf(stderr, "pbxsim: %s: %s\n", o.play, strerror(errno));
			return 1;
		}
		if (add_word(line, sizeof(line), "play=", p))
			goto usage;
	}
	if (o.record) {
		ret = abs_path(o.record, p, sizeof(p));
		if (ret) {
			fprintf(stderr, "pbxsim: %s: %s\n", o.record, strerror(-ret));
			return 1;
		}
		if (add_word(line, sizeof(line), "record=", p))
			goto usage;
	}
	if (o.dtmf && add_word(line, sizeof(line), "dtmf=", o.dtmf))
		goto usage;
	if (o.overlap && add_word(line, sizeof(line), "overlap=", o.overlap))
		goto usage;
	if (strlen(line) + 2 > sizeof(line))
		goto usage;
	strcat(line, "\n");
	if (o.wait_up && wait_up(path, o.wait_up_ms))
		return 1;
	fd = open_request(path, line, 0);
	if (fd < 0)
		return 1;
	ret = call_outcome(fd);
	close(fd);
	return ret;

usage:
	call_usage(stderr);
	return 2;
}

/* --ctl PATH may follow any command: take it out of argv */
static int take_ctl(int argc, char **argv, const char **path)
{
	int i, n = 0;

	for (i = 0; i < argc; i++) {
		if (!strcmp(argv[i], "--ctl") && i + 1 < argc) {
			*path = argv[++i];
			continue;
		}
		if (!strncmp(argv[i], "--ctl=", 6)) {
			*path = argv[i] + 6;
			continue;
		}
		argv[n++] = argv[i];
	}
	argv[n] = NULL;
	return n;
}

int pbx_client_main(int argc, char **argv, const char *path)
{
	const char *cmd = argv[0];
	unsigned ms = 10000;
	char line[64];

	argc = take_ctl(argc, argv, &path);

	if (!strcmp(cmd, "call"))
		return cmd_call(argc, argv, path);
	if (!strcmp(cmd, "status") && argc == 1)
		return simple_cmd(path, "status\n");
	if (!strcmp(cmd, "hangup") && argc <= 2) {
		snprintf(line, sizeof(line), "hangup%s%.16s\n", argc == 2 ? " " : "",
			 argc == 2 ? argv[1] : "");
		return simple_cmd(path, line);
	}
	if (!strcmp(cmd, "wait-up") && argc <= 2) {
		if (argc == 2 && parse_seconds(argv[1], &ms)) {
			fprintf(stderr, "usage: pbxsim wait-up [SECONDS]\n");
			return 2;
		}
		return wait_up(path, ms);
	}
	fprintf(stderr, "pbxsim: unknown command or arguments: %s (allowed: call, status, "
			"hangup [CHANNEL], wait-up [SECONDS])\n", cmd);
	return 2;
}
