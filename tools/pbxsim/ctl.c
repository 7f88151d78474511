// SPDX-License-Identifier: GPL-2.0-only
/*
 * pbxsim control socket: a UNIX stream socket with one command line per
 * connection and a stream of reply lines; the last line starts with "ok",
 * "error" or "released", then the server closes. docs/pbxsim.md has the
 * protocol.
 */
#include <errno.h>
#include <libpri.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "log.h"
#include "pbxsim.h"

#define CTL_CLIENTS 128
#define CTL_IN_MAX 4096
#define CTL_OUT_MAX 8192
#define CTL_ARGS_MAX 16
#define CTL_WAIT_UP_DEFAULT_MS 10000

struct pbx_client {
	struct pbx_ctl *ctl;
	int fd; /* -1: slot free */
	char in[CTL_IN_MAX];
	size_t in_len;
	bool have_cmd; /* one command per connection: later input is ignored */
	char out[CTL_OUT_MAX];
	size_t out_len;
	bool done;     /* final line queued: close when flushed */
	struct pbx_call *call;
	bool waiting_up;
	struct timer timer;
};

struct pbx_ctl {
	struct pbx *pbx;
	int lfd;
	char path[PBX_SUN_PATH];
	struct pbx_client clients[CTL_CLIENTS];
};

static void client_io_h(int fd, uint32_t events, void *arg);

static void client_close(struct pbx_client *cl)
{
	struct pbx_ctl *ctl = cl->ctl;
	struct pbx_call *call = cl->call;

	if (cl->fd < 0)
		return;
	timer_cancel(ctl->pbx->loop, &cl->timer);
	loop_fd_del(ctl->pbx->loop, cl->fd);
	close(cl->fd);
	cl->fd = -1;
	cl->call = NULL;
	if (call)
		pbx_call_client_gone(call);
}

static void client_flush(struct pbx_client *cl)
{
	ssize_t n;

	while (cl->out_len) {
		n = send(cl->fd, cl->out, cl->out_len, MSG_NOSIGNAL | MSG_DONTWAIT);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			if (errno == EAGAIN)
				break;
			/* the peer is gone: the read side sees it and closes */
			cl->out_len = 0;
			return;
		}
		memmove(cl->out, cl->out + n, cl->out_len - (size_t)n);
		cl->out_len -= (size_t)n;
	}
	if (!cl->out_len && cl->done) {
		client_close(cl);
		return;
	}
	loop_fd_add(cl->ctl->pbx->loop, cl->fd, cl->out_len ? EPOLLIN | EPOLLOUT : EPOLLIN,
		    client_io_h, cl);
}

void pbx_client_printf(struct pbx_client *cl, const char *fmt, ...)
{
	size_t room = CTL_OUT_MAX - cl->out_len;
	va_list ap;
	int n;

	if (cl->fd < 0 || cl->done)
		return;
	va_start(ap, fmt);
	n = vsnprintf(cl->out + cl->out_len, room, fmt, ap);
	va_end(ap);
	/* a client that does not read loses lines, never the daemon's memory */
	if (n < 0 || (size_t)n + 1 >= room)
		return;
	cl->out[cl->out_len + (size_t)n] = '\n';
	cl->out_len += (size_t)n + 1;
	client_flush(cl);
}

void pbx_client_done(struct pbx_client *cl)
{
	cl->call = NULL;
	if (cl->fd < 0)
		return;
	cl->done = true;
	client_flush(cl);
}

/* --- commands --------------------------------------------------------- */

static int parse_ms(const char *s, unsigned *ms)
{
	char *end;
	unsigned long v;

	errno = 0;
	v = strtoul(s, &end, 10);
	if (!*s || *end || errno || v > 24UL * 3600 * 1000)
		return -EINVAL;
	*ms = (unsigned)v;
	return 0;
}

static bool number_ok(const char *s)
{
	if (!*s || strlen(s) >= PBX_NUM_MAX)
		return false;
	for (; *s; s++)
		if (!strchr("0123456789*#+", *s))
			return false;
	return true;
}

static bool dtmf_ok(const char *s)
{
	unsigned lo, hi;

	for (; *s; s++)
		if (dtmf_freqs(*s, &lo, &hi))
			return false;
	return true;
}

/* NUMBER or NUMBER/REASON (the Q.931 redirecting reason code, 0-15; default 15 unconditional) */
static int parse_redirecting(char *v, struct pbx_call_req *req)
{
	char *slash = strchr(v, '/'), *end;
	unsigned long r = PRI_REDIR_UNCONDITIONAL;

	if (slash) {
		*slash = '\0';
		r = strtoul(slash + 1, &end, 10);
		if (!slash[1] || *end || r > 15)
			return -EINVAL;
	}
	if (!number_ok(v) || strlen(v) >= sizeof(req->redirecting))
		return -EINVAL;
	strcpy(req->redirecting, v);
	req->redirecting_reason = (int)r;
	return 0;
}

static int req_opt(struct pbx_call_req *req, char *word)
{
	char *v = strchr(word, '=');

	if (!v)
		return -EINVAL;
	*v++ = '\0';
	if (pbx_word_decode(v))
		return -EINVAL;
	if (!strcmp(word, "from") && (!*v || number_ok(v)))
		snprintf(req->calling, sizeof(req->calling), "%s", v);
	else if (!strcmp(word, "duration"))
		return parse_ms(v, &req->duration_ms);
	else if (!strcmp(word, "clir") && (!strcmp(v, "0") || !strcmp(v, "1")))
		req->clir = *v == '1';
	else if (!strcmp(word, "play") && *v == '/' && strlen(v) < sizeof(req->play))
		strcpy(req->play, v);
	else if (!strcmp(word, "record") && *v == '/' && strlen(v) < sizeof(req->record))
		strcpy(req->record, v);
	else if (!strcmp(word, "dtmf") && dtmf_ok(v) && strlen(v) < sizeof(req->dtmf))
		strcpy(req->dtmf, v);
	else if (!strcmp(word, "overlap") && *v >= '0' && *v <= '9' && !v[1])
		req->overlap = *v - '0';
	else if (!strcmp(word, "name") && strlen(v) < sizeof(req->name))
		strcpy(req->name, v);
	else if (!strcmp(word, "redirecting"))
		return parse_redirecting(v, req);
	else
		return -EINVAL;
	return 0;
}

static void cmd_call(struct pbx_client *cl, int argc, char **argv)
{
	struct pbx *pbx = cl->ctl->pbx;
	struct pbx_call_req req = {.duration_ms = PBX_DURATION_DEFAULT_MS, .overlap = -1};
	struct pbx_call *call;
	char err[512];
	int i, ret;

	if (argc < 2 || !number_ok(argv[1])) {
		pbx_client_printf(cl, "error usage: call NUMBER [from=NUMBER] [clir=0|1] [duration=MS] "
				      "[play=/ABS/PATH] [record=/ABS/PATH] [dtmf=DIGITS] [name=NAME] [redirecting=N[/REASON]] "
				      "[overlap=N]");
		goto done;
	}
	snprintf(req.called, sizeof(req.called), "%s", argv[1]);
	for (i = 2; i < argc; i++) {
		if (req_opt(&req, argv[i])) {
			pbx_client_printf(cl, "error bad option '%s' (allowed: from=NUMBER, "
					      "clir=0|1, duration=MS, play=/ABS/PATH, record=/ABS/PATH, "
					      "dtmf=0-9*#A-D up to 32, name=NAME, redirecting=NUMBER[/0-15], "
					      "overlap=0-9)",
					  argv[i]);
			goto done;
		}
	}
	if (pbx->stopping) {
		pbx_client_printf(cl, "error shutting down");
		goto done;
	}
	ret = pbx_call_place(pbx, &req, cl, &call, err, sizeof(err));
	if (ret == -EBUSY) {
		/* no B-channel: the PBX refuses the call itself, as a switch would */
		pbx_client_printf(cl, "released cause %d (%s)", CAUSE_NO_CIRCUIT_AVAILABLE,
				  pbx_cause_text(CAUSE_NO_CIRCUIT_AVAILABLE));
		goto done;
	}
	if (ret) {
		pbx_client_printf(cl, "error %s", err);
		goto done;
	}
	cl->call = call;
	return;

done:
	pbx_client_done(cl);
}

static void cmd_status(struct pbx_client *cl)
{
	struct pbx *pbx = cl->ctl->pbx;
	const struct pbx_conf *c = &pbx->conf;
	uint64_t now = time_now_ms();
	char what[48];
	int i;

	pbx_client_printf(cl, "dchan %s", isdn_span_up(pbx->span) ? "up" : "down");
	pbx_client_printf(cl, "node %s switchtype %s framing %s law %s", pbx_node_name(c->node),
			  isdn_switchtype_name(c->switchtype), c->framing == TDM_E1 ? "e1" : "t1",
			  pbx_law_name(c->law));
	pbx_client_printf(cl, "cable %s %s", c->cable, c->listen ? "listen" : "connect");
	pbx_client_printf(cl, "calls %d", pbx_call_count(pbx));
	pbx_client_printf(cl, "restarts received %u sent %u acked %u",
			  isdn_span_stats(pbx->span)->restarts_received,
			  isdn_span_stats(pbx->span)->restarts_sent,
			  isdn_span_stats(pbx->span)->restarts_acked);
	for (i = 0; i < TDM_MAX_CHANS; i++) {
		const struct pbx_call *call = &pbx->calls[i];

		if (call->state == PBX_CALL_FREE)
			continue;
		if (call->outgoing)
			snprintf(what, sizeof(what), "%s%s", call->play ? "play" : "silence",
				 call->rec ? " record" : "");
		else
			pbx_action_format(&call->action, what, sizeof(what));
		pbx_client_printf(cl, "call B%d %s %s -> %s %s %s %.1f s", call->chan,
				  call->outgoing ? "out" : "in",
				  call->calling[0] ? call->calling : "-", call->called,
				  pbx_call_state_name(call->state), what,
				  (double)(now - call->t_setup) / 1000.0);
	}
	pbx_client_printf(cl, "ok");
	pbx_client_done(cl);
}

static void cmd_hangup(struct pbx_client *cl, int argc, char **argv)
{
	struct pbx *pbx = cl->ctl->pbx;
	unsigned chan = 0;
	int i, n = 0;

	if (argc > 2 || (argc == 2 && (parse_ms(argv[1], &chan) || !chan ||
				       chan >= TDM_MAX_CHANS))) {
		pbx_client_printf(cl, "error usage: hangup [CHANNEL]");
		goto done;
	}
	for (i = 0; i < TDM_MAX_CHANS; i++) {
		if (pbx->calls[i].state == PBX_CALL_FREE || (chan && (unsigned)i != chan))
			continue;
		pbx_call_hangup(&pbx->calls[i], CAUSE_NORMAL_CLEARING);
		n++;
	}
	if (chan && !n)
		pbx_client_printf(cl, "error no call on B-channel %u", chan);
	else
		pbx_client_printf(cl, "ok %d call%s cleared", n, n == 1 ? "" : "s");
done:
	pbx_client_done(cl);
}

static void wait_up_timeout_h(void *arg)
{
	struct pbx_client *cl = arg;

	cl->waiting_up = false;
	pbx_client_printf(cl, "error timeout: D-channel still down");
	pbx_client_done(cl);
}

static void cmd_wait_up(struct pbx_client *cl, int argc, char **argv)
{
	struct pbx *pbx = cl->ctl->pbx;
	unsigned ms = CTL_WAIT_UP_DEFAULT_MS;

	if (argc > 2 || (argc == 2 && parse_ms(argv[1], &ms))) {
		pbx_client_printf(cl, "error usage: wait-up [MS]");
		pbx_client_done(cl);
		return;
	}
	if (isdn_span_up(pbx->span)) {
		pbx_client_printf(cl, "ok up");
		pbx_client_done(cl);
		return;
	}
	cl->waiting_up = true;
	timer_start(pbx->loop, &cl->timer, ms, wait_up_timeout_h, cl);
}

void pbx_ctl_dchan(struct pbx_ctl *ctl, bool up)
{
	int i;

	if (!up)
		return;
	for (i = 0; i < CTL_CLIENTS; i++) {
		struct pbx_client *cl = &ctl->clients[i];

		if (cl->fd < 0 || !cl->waiting_up)
			continue;
		cl->waiting_up = false;
		timer_cancel(ctl->pbx->loop, &cl->timer);
		pbx_client_printf(cl, "ok up");
		pbx_client_done(cl);
	}
}

static void client_command(struct pbx_client *cl, char *line)
{
	char *argv[CTL_ARGS_MAX], *save = NULL, *w;
	int argc = 0;

	for (w = strtok_r(line, " \t\r", &save); w; w = strtok_r(NULL, " \t\r", &save)) {
		if (argc == CTL_ARGS_MAX) {
			pbx_client_printf(cl, "error too many words");
			pbx_client_done(cl);
			return;
		}
		argv[argc++] = w;
	}
	if (!argc) {
		pbx_client_printf(cl, "error empty command");
		pbx_client_done(cl);
	} else if (!strcmp(argv[0], "call")) {
		cmd_call(cl, argc, argv);
	} else if (!strcmp(argv[0], "status")) {
		cmd_status(cl);
	} else if (!strcmp(argv[0], "hangup")) {
		cmd_hangup(cl, argc, argv);
	} else if (!strcmp(argv[0], "wait-up")) {
		cmd_wait_up(cl, argc, argv);
	} else {
		pbx_client_printf(cl, "error unknown command '%.32s' (allowed: call, status, "
				      "hangup, wait-up)", argv[0]);
		pbx_client_done(cl);
	}
}

static void client_read(struct pbx_client *cl)
{
	char *nl;
	ssize_t n;

	for (;;) {
		if (cl->in_len == sizeof(cl->in)) {
			if (cl->have_cmd) {
				cl->in_len = 0; /* after the command: ignored */
			} else {
				pbx_client_printf(cl, "error line too long");
				pbx_client_done(cl);
				return;
			}
		}
		n = recv(cl->fd, cl->in + cl->in_len, sizeof(cl->in) - cl->in_len, MSG_DONTWAIT);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && errno == EAGAIN)
			return;
		if (n <= 0) {
			/* the client went away: a call it placed is cleared */
			client_close(cl);
			return;
		}
		if (cl->have_cmd) {
			cl->in_len = 0;
			continue;
		}
		cl->in_len += (size_t)n;
		nl = memchr(cl->in, '\n', cl->in_len);
		if (!nl)
			continue;
		*nl = '\0';
		cl->have_cmd = true;
		client_command(cl, cl->in);
		cl->in_len = 0;
		if (cl->fd < 0)
			return;
	}
}

static void client_io_h(int fd, uint32_t events, void *arg)
{
	struct pbx_client *cl = arg;

	if (events & EPOLLOUT)
		client_flush(cl);
	if (cl->fd >= 0 && (events & (EPOLLIN | EPOLLHUP | EPOLLERR)))
		client_read(cl);
}

static void accept_h(int fd, uint32_t events, void *arg)
{
	struct pbx_ctl *ctl = arg;
	struct pbx_client *cl = NULL;
	int i, cfd;

	for (;;) {
		cfd = accept4(fd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
		if (cfd < 0)
			return;
		for (i = 0, cl = NULL; i < CTL_CLIENTS && !cl; i++)
			if (ctl->clients[i].fd < 0)
				cl = &ctl->clients[i];
		if (!cl) {
			static const char msg[] = "error too many control connections\n";

			(void)!send(cfd, msg, sizeof(msg) - 1, MSG_NOSIGNAL | MSG_DONTWAIT);
			close(cfd);
			continue;
		}
		memset(cl, 0, sizeof(*cl));
		cl->ctl = ctl;
		cl->fd = cfd;
		timer_init(&cl->timer);
		if (loop_fd_add(ctl->pbx->loop, cfd, EPOLLIN, client_io_h, cl)) {
			close(cfd);
			cl->fd = -1;
		}
	}
}

/* refuse to steal the socket of a pbxsim that is still running */
static int ctl_bind(struct pbx_ctl *ctl, const struct sockaddr_un *sun)
{
	int fd, err;

	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	if (!connect(fd, (const struct sockaddr *)sun, sizeof(*sun))) {
		close(fd);
		return -EADDRINUSE;
	}
	close(fd);
	unlink(sun->sun_path);
	if (bind(ctl->lfd, (const struct sockaddr *)sun, sizeof(*sun)) < 0)
		return -errno;
	if (listen(ctl->lfd, 64) < 0) {
		err = -errno;
		unlink(sun->sun_path);
		return err;
	}
	return 0;
}

int pbx_ctl_alloc(struct pbx_ctl **ctlp, struct pbx *pbx, const char *path)
{
	struct sockaddr_un sun = {.sun_family = AF_UNIX};
	struct pbx_ctl *ctl;
	int i, err;

	if (strlen(path) >= sizeof(sun.sun_path))
		return -ENAMETOOLONG;
	strcpy(sun.sun_path, path);
	ctl = calloc(1, sizeof(*ctl));
	if (!ctl)
		return -ENOMEM;
	ctl->pbx = pbx;
	snprintf(ctl->path, sizeof(ctl->path), "%s", path);
	for (i = 0; i < CTL_CLIENTS; i++)
		ctl->clients[i].fd = -1;
	ctl->lfd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (ctl->lfd < 0) {
		err = -errno;
		goto err_free;
	}
	err = ctl_bind(ctl, &sun);
	if (err)
		goto err_close;
	err = loop_fd_add(pbx->loop, ctl->lfd, EPOLLIN, accept_h, ctl);
	if (err)
		goto err_unlink;
	*ctlp = ctl;
	return 0;

err_unlink:
	unlink(path);
err_close:
	close(ctl->lfd);
err_free:
	free(ctl);
	return err;
}

void pbx_ctl_free(struct pbx_ctl *ctl)
{
	int i;

	if (!ctl)
		return;
	for (i = 0; i < CTL_CLIENTS; i++) {
		struct pbx_client *cl = &ctl->clients[i];

		if (cl->fd < 0)
			continue;
		/* best effort: a client still waiting hears why it ends */
		if (!cl->done)
			pbx_client_printf(cl, "error pbxsim shutting down");
		cl->done = true;
		if (cl->out_len)
			(void)!send(cl->fd, cl->out, cl->out_len, MSG_NOSIGNAL | MSG_DONTWAIT);
		cl->out_len = 0;
		client_close(cl);
	}
	loop_fd_del(ctl->pbx->loop, ctl->lfd);
	close(ctl->lfd);
	unlink(ctl->path);
	free(ctl);
}
