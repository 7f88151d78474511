// SPDX-License-Identifier: GPL-2.0-only
/*
 * rtpengine ng protocol client (bencode over UDP), for rtpload's
 * comparison runs: offer, answer, delete.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ng.h"

#define NG_MAX 8192

int ng_open(struct ng *ng, const char *addr_port)
{
	struct sockaddr_in sin = {.sin_family = AF_INET};
	char host[64];
	const char *colon = strrchr(addr_port, ':');

	if (!colon || (size_t)(colon - addr_port) >= sizeof(host))
		return -EINVAL;
	memcpy(host, addr_port, (size_t)(colon - addr_port));
	host[colon - addr_port] = '\0';
	sin.sin_port = htons((uint16_t)atoi(colon + 1));
	if (inet_pton(AF_INET, host, &sin.sin_addr) != 1)
		return -EINVAL;
	ng->fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (ng->fd < 0)
		return -errno;
	if (connect(ng->fd, (struct sockaddr *)&sin, sizeof(sin)) < 0) {
		int err = -errno;

		close(ng->fd);
		return err;
	}
	ng->cookie = (unsigned)getpid() << 8;
	return 0;
}

void ng_close(struct ng *ng)
{
	close(ng->fd);
}

/* bencode: one element at *p (string, integer, list, dictionary); end of it in *p */
static int bskip(const char **p, const char *end)
{
	const char *s = *p;
	char *e;
	unsigned long n;

	if (s >= end)
		return -EBADMSG;
	if (*s == 'i') {
		s = memchr(s, 'e', (size_t)(end - s));
		if (!s)
			return -EBADMSG;
		*p = s + 1;
		return 0;
	}
	if (*s == 'l' || *s == 'd') {
		s++;
		while (s < end && *s != 'e')
			if (bskip(&s, end))
				return -EBADMSG;
		if (s >= end)
			return -EBADMSG;
		*p = s + 1;
		return 0;
	}
	if (*s < '0' || *s > '9' || !memchr(s, ':', (size_t)(end - s)))
		return -EBADMSG;
	n = strtoul(s, &e, 10);
	if (*e != ':' || n > (unsigned long)(end - e - 1))
		return -EBADMSG;
	*p = e + 1 + n;
	return 0;
}

static int bstr(const char **p, const char *end, const char **v, size_t *vlen)
{
	const char *s = *p;

	if (s >= end || *s < '0' || *s > '9' || bskip(p, end))
		return -EBADMSG;
	*v = memchr(s, ':', (size_t)(end - s)) + 1;
	*vlen = (size_t)(*p - *v);
	return 0;
}

int ng_bdict_str(const char *buf, size_t len, const char *key, const char **val, size_t *vlen)
{
	const char *p = buf, *end = buf + len, *k;
	size_t klen;

	if (!len || *p++ != 'd')
		return -EBADMSG;
	while (p < end && *p != 'e') {
		if (bstr(&p, end, &k, &klen))
			return -EBADMSG;
		if (klen == strlen(key) && !memcmp(k, key, klen))
			return bstr(&p, end, val, vlen);
		if (bskip(&p, end))
			return -EBADMSG;
	}
	return -ENOENT;
}

static size_t bput(char *b, size_t off, size_t cap, const char *k, const char *v)
{
	int n = snprintf(b + off, off < cap ? cap - off : 0, "%zu:%s%zu:%s", strlen(k), k,
			 strlen(v), v);

	return off + (n > 0 ? (size_t)n : 0);
}

/* send a request (the dictionary's inner part) and wait for its reply */
static int ng_call(struct ng *ng, const char *inner, char *reply, size_t cap, size_t *rlen)
{
	char req[NG_MAX], ck[16];
	int tries, n;

	snprintf(ck, sizeof(ck), "%x", ++ng->cookie);
	n = snprintf(req, sizeof(req), "%s d%se", ck, inner);
	if (n < 0 || (size_t)n >= sizeof(req))
		return -EMSGSIZE;
	for (tries = 0; tries < 3; tries++) {
		struct pollfd pfd = {.fd = ng->fd, .events = POLLIN};
		ssize_t r;

		if (send(ng->fd, req, (size_t)n, 0) < 0)
			return -errno;
		while (poll(&pfd, 1, 1000) > 0) {
			r = recv(ng->fd, reply, cap - 1, 0);
			if (r < 0)
				return -errno;
			reply[r] = '\0';
			/* the reply to an earlier, retransmitted request is skipped */
			if ((size_t)r > strlen(ck) && !memcmp(reply, ck, strlen(ck)) &&
			    reply[strlen(ck)] == ' ') {
				*rlen = (size_t)r;
				return (int)strlen(ck) + 1;
			}
		}
	}
	return -ETIMEDOUT;
}

static int ng_result(const char *d, size_t len)
{
	const char *v;
	size_t vlen;

	if (ng_bdict_str(d, len, "result", &v, &vlen))
		return -EBADMSG;
	return vlen == 2 && !memcmp(v, "ok", 2) ? 0 : -EPROTO;
}

int ng_offer_answer(struct ng *ng, const char *call_id, const char *from_tag, const char *to_tag,
		    const char *sdp, char *out, size_t outlen)
{
	char inner[NG_MAX], reply[NG_MAX];
	const char *v;
	size_t off = 0, rlen, vlen;
	int hl, err;

	/* keys in bencode's sorted order */
	off = bput(inner, off, sizeof(inner), "ICE", "remove");
	off = bput(inner, off, sizeof(inner), "call-id", call_id);
	off = bput(inner, off, sizeof(inner), "command", to_tag ? "answer" : "offer");
	off = bput(inner, off, sizeof(inner), "from-tag", from_tag);
	off = bput(inner, off, sizeof(inner), "sdp", sdp);
	if (to_tag)
		off = bput(inner, off, sizeof(inner), "to-tag", to_tag);
	if (off >= sizeof(inner))
		return -EMSGSIZE;
	hl = ng_call(ng, inner, reply, sizeof(reply), &rlen);
	if (hl < 0)
		return hl;
	err = ng_result(reply + hl, rlen - (size_t)hl);
	if (err)
		return err;
	if (ng_bdict_str(reply + hl, rlen - (size_t)hl, "sdp", &v, &vlen) || vlen >= outlen)
		return -EBADMSG;
	memcpy(out, v, vlen);
	out[vlen] = '\0';
	return 0;
}

int ng_delete(struct ng *ng, const char *call_id)
{
	char inner[512], reply[NG_MAX];
	size_t off = 0, rlen;
	int hl;

	off = bput(inner, off, sizeof(inner), "call-id", call_id);
	off = bput(inner, off, sizeof(inner), "command", "delete");
	if (off >= sizeof(inner))
		return -EMSGSIZE;
	hl = ng_call(ng, inner, reply, sizeof(reply), &rlen);
	if (hl < 0)
		return hl;
	return ng_result(reply + hl, rlen - (size_t)hl);
}

int ng_sdp_media_addr(const char *sdp, struct sockaddr_in *sin)
{
	const char *m = strstr(sdp, "\nm=audio "), *c;
	char ip[64];
	unsigned port;

	if (!m || sscanf(m, "\nm=audio %u", &port) != 1 || !port || port > 65535)
		return -EBADMSG;
	/* a media-level c= wins over the session's */
	c = strstr(m, "\nc=IN IP4 ");
	if (!c) {
		c = strstr(sdp, "\nc=IN IP4 ");
		if (!c || c > m)
			return -EBADMSG;
	}
	if (sscanf(c, "\nc=IN IP4 %63[0-9.]", ip) != 1)
		return -EBADMSG;
	memset(sin, 0, sizeof(*sin));
	sin->sin_family = AF_INET;
	sin->sin_port = htons((uint16_t)port);
	return inet_pton(AF_INET, ip, &sin->sin_addr) == 1 ? 0 : -EBADMSG;
}
