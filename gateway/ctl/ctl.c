// SPDX-License-Identifier: GPL-2.0-only
/* Control socket server and client: one request line, one reply, close. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "ctl.h"
#include "log.h"

#define CTL_LINE_MAX 1024
#define CTL_MAX_CONNS 16

struct ctl_conn {
	int fd;
	char line[CTL_LINE_MAX];
	size_t len;
};

struct ctl {
	struct loop *loop;
	int lfd;
	char path[108];
	ctl_h *h;
	void *arg;
	struct ctl_conn conns[CTL_MAX_CONNS];
};

void ctl_printf(struct ctl_out *out, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (out->oom)
		return;
	for (;;) {
		size_t room = out->size - out->len;

		va_start(ap, fmt);
		n = vsnprintf(out->buf ? out->buf + out->len : NULL, room, fmt, ap);
		va_end(ap);
		if (n < 0) {
			out->oom = true;
			return;
		}
		if ((size_t)n < room) {
			out->len += (size_t)n;
			return;
		}
		size_t nsize = out->size ? out->size * 2 : 4096;

		while (nsize - out->len <= (size_t)n)
			nsize *= 2;
		char *nb = realloc(out->buf, nsize);

		if (!nb) {
			out->oom = true;
			return;
		}
		out->buf = nb;
		out->size = nsize;
	}
}

void ctl_json_str(struct ctl_out *out, const char *s)
{
	ctl_printf(out, "\"");
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '"' || c == '\\')
			ctl_printf(out, "\\%c", c);
		else if (c < 0x20)
			ctl_printf(out, "\\u%04x", c);
		else
			ctl_printf(out, "%c", c);
	}
	ctl_printf(out, "\"");
}

static void conn_close(struct ctl *ctl, struct ctl_conn *c)
{
	loop_fd_del(ctl->loop, c->fd);
	close(c->fd);
	c->fd = -1;
	c->len = 0;
}

static int split_args(char *line, char **argv)
{
	int argc = 0;
	char *save = NULL, *tok;

	for (tok = strtok_r(line, " \t\r\n", &save); tok && argc < CTL_MAX_ARGS;
	     tok = strtok_r(NULL, " \t\r\n", &save))
		argv[argc++] = tok;
	return argc;
}

static void conn_request(struct ctl *ctl, struct ctl_conn *c)
{
	struct ctl_out out = {0};
	char *argv[CTL_MAX_ARGS];
	char hdr[32];
	int argc, status, hlen;
	bool json = false;
	size_t off;

	c->line[c->len] = '\0';
	argc = split_args(c->line, argv);
	if (argc && !strcmp(argv[0], "--json")) {
		json = true;
		memmove(argv, argv + 1, (size_t)--argc * sizeof(*argv));
	}
	if (!argc) {
		ctl_printf(&out, "empty request\n");
		status = 2;
	} else {
		status = ctl->h(argc, argv, json, &out, ctl->arg);
	}
	if (out.oom) {
		out.len = 0;
		status = 1;
	}
	hlen = snprintf(hdr, sizeof(hdr), "status %d\n", status);
	/* replies are small; a blocking write on a local socket is fine */
	if (write(c->fd, hdr, (size_t)hlen) == hlen) {
		for (off = 0; off < out.len;) {
			ssize_t n = write(c->fd, out.buf + off, out.len - off);

			if (n <= 0)
				break;
			off += (size_t)n;
		}
	}
	free(out.buf);
	conn_close(ctl, c);
}

static void conn_h(int fd, uint32_t events, void *arg)
{
	struct ctl *ctl = arg;
	struct ctl_conn *c = NULL;
	ssize_t n;
	int i;

	for (i = 0; i < CTL_MAX_CONNS; i++)
		if (ctl->conns[i].fd == fd)
			c = &ctl->conns[i];
	if (!c)
		return;
	n = read(fd, c->line + c->len, sizeof(c->line) - 1 - c->len);
	if (n <= 0) {
		conn_close(ctl, c);
		return;
	}
	c->len += (size_t)n;
	if (memchr(c->line, '\n', c->len) || c->len == sizeof(c->line) - 1)
		conn_request(ctl, c);
}

static void accept_h(int fd, uint32_t events, void *arg)
{
	struct ctl *ctl = arg;
	int cfd, i;

	cfd = accept4(fd, NULL, NULL, SOCK_CLOEXEC | SOCK_NONBLOCK);
	if (cfd < 0)
		return;
	for (i = 0; i < CTL_MAX_CONNS; i++) {
		if (ctl->conns[i].fd < 0) {
			ctl->conns[i].fd = cfd;
			ctl->conns[i].len = 0;
			if (loop_fd_add(ctl->loop, cfd, EPOLLIN, conn_h, ctl) == 0)
				return;
			ctl->conns[i].fd = -1;
			break;
		}
	}
	close(cfd);
}

int ctl_alloc(struct ctl **ctlp, struct loop *loop, const char *path, ctl_h *h, void *arg)
{
	struct sockaddr_un sun = {.sun_family = AF_UNIX};
	struct ctl *ctl;
	int err, i;

	if (strlen(path) >= sizeof(sun.sun_path))
		return -ENAMETOOLONG;
	ctl = calloc(1, sizeof(*ctl));
	if (!ctl)
		return -ENOMEM;
	ctl->loop = loop;
	ctl->h = h;
	ctl->arg = arg;
	for (i = 0; i < CTL_MAX_CONNS; i++)
		ctl->conns[i].fd = -1;
	strcpy(ctl->path, path);
	strcpy(sun.sun_path, path);
	ctl->lfd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (ctl->lfd < 0) {
		err = -errno;
		goto err_free;
	}
	unlink(path);
	if (bind(ctl->lfd, (struct sockaddr *)&sun, sizeof(sun)) < 0 || listen(ctl->lfd, 8) < 0) {
		err = -errno;
		goto err_close;
	}
	err = loop_fd_add(loop, ctl->lfd, EPOLLIN, accept_h, ctl);
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

void ctl_free(struct ctl *ctl)
{
	int i;

	if (!ctl)
		return;
	for (i = 0; i < CTL_MAX_CONNS; i++)
		if (ctl->conns[i].fd >= 0)
			conn_close(ctl, &ctl->conns[i]);
	loop_fd_del(ctl->loop, ctl->lfd);
	close(ctl->lfd);
	unlink(ctl->path);
	free(ctl);
}

int ctl_request(const char *path, const char *line, struct ctl_out *out)
{
	struct sockaddr_un sun = {.sun_family = AF_UNIX};
	char buf[4096];
	int fd, status;
	ssize_t n;
	char *nl;

	if (strlen(path) >= sizeof(sun.sun_path))
		return -ENAMETOOLONG;
	strcpy(sun.sun_path, path);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	if (connect(fd, (struct sockaddr *)&sun, sizeof(sun)) < 0 ||
	    write(fd, line, strlen(line)) < 0 || write(fd, "\n", 1) < 0) {
		status = -errno;
		close(fd);
		return status;
	}
	while ((n = read(fd, buf, sizeof(buf))) > 0)
		ctl_printf(out, "%.*s", (int)n, buf);
	close(fd);
	if (out->oom || !out->buf || strncmp(out->buf, "status ", 7))
		return -EPROTO;
	status = atoi(out->buf + 7);
	nl = memchr(out->buf, '\n', out->len);
	if (!nl)
		return -EPROTO;
	out->len -= (size_t)(nl + 1 - out->buf);
	memmove(out->buf, nl + 1, out->len);
	out->buf[out->len] = '\0';
	return status;
}
