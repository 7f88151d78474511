// SPDX-License-Identifier: GPL-2.0-only
/* SDP parser (RFC 4566): zero-copy, strict line order, fixed-size result. */
#include <arpa/inet.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "sdp.h"

/*
 * RFC 4566 section 5 order. Session: v o s i? u? e* p* c? b* (t r*)+ z? k? a*
 * then media: m i? c* b* k? a*. A rank may repeat only where the grammar
 * says so; t after r starts another time description.
 */
enum {
	R_NONE,
	R_V,
	R_O,
	R_S,
	R_I,
	R_U,
	R_E,
	R_P,
	R_C,
	R_B,
	R_T,
	R_R,
	R_Z,
	R_K,
	R_A,
};

enum {
	M_M,
	M_I,
	M_C,
	M_B,
	M_K,
	M_A,
};

struct parser {
	struct sdp_session *sess;
	struct sdp_media *m; /* current media description, NULL at session level */
	unsigned int line;
	int srank; /* last session-level line */
	int mrank; /* last line of the current media description */
	bool ntime;
	bool dir_set[SDP_MAX_MEDIA]; /* media-level direction attribute seen */
	char *err;
	size_t errlen;
};

static int fail(struct parser *ps, int errcode, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int fail(struct parser *ps, int errcode, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (!ps->err || !ps->errlen)
		return errcode;
	n = snprintf(ps->err, ps->errlen, "line %u: ", ps->line);
	if (n < 0 || (size_t)n >= ps->errlen)
		return errcode;
	va_start(ap, fmt);
	vsnprintf(ps->err + n, ps->errlen - (size_t)n, fmt, ap);
	va_end(ap);
	return errcode;
}

/* next SP-separated token of *rest; runs of SP are one separator */
static bool next_tok(struct pl *rest, struct pl *tok)
{
	while (rest->l && rest->p[0] == ' ') {
		rest->p++;
		rest->l--;
	}
	if (!rest->l)
		return false;
	tok->p = rest->p;
	tok->l = 0;
	while (rest->l && rest->p[0] != ' ') {
		rest->p++;
		rest->l--;
		tok->l++;
	}
	return true;
}

/* the rest of the value after leading SP, may be empty */
static struct pl rest_of(struct pl rest)
{
	while (rest.l && rest.p[0] == ' ') {
		rest.p++;
		rest.l--;
	}
	while (rest.l && rest.p[rest.l - 1] == ' ')
		rest.l--;
	return rest;
}

static bool all_digits(const struct pl *pl)
{
	size_t i;

	if (!pl->l)
		return false;
	for (i = 0; i < pl->l; i++)
		if (pl->p[i] < '0' || pl->p[i] > '9')
			return false;
	return true;
}

/* split "a/b" at the first '/': a before, b after (unset without '/') */
static void split_slash(struct pl in, struct pl *a, struct pl *b)
{
	const char *s = pl_chr(&in, '/');

	if (!s) {
		*a = in;
		*b = (struct pl)PL_INIT;
		return;
	}
	*a = pl_make(in.p, (size_t)(s - in.p));
	*b = pl_make(s + 1, in.l - (size_t)(s - in.p) - 1);
}

/* RFC 1123 host name: a dotted IP4 literal that failed inet_pton() is not one */
static bool is_hostname(const struct pl *pl)
{
	bool alpha = false; /* in the last label */
	size_t i;

	if (!pl->l)
		return false;
	for (i = 0; i < pl->l; i++) {
		char c = pl->p[i];

		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))
			alpha = true;
		else if (c == '.')
			alpha = false;
		else if (!((c >= '0' && c <= '9') || c == '-'))
			return false;
	}
	return alpha;
}

static int parse_addrtype(const struct pl *tok, int *family)
{
	if (pl_eq_str(tok, "IP4"))
		*family = AF_INET;
	else if (pl_eq_str(tok, "IP6"))
		*family = AF_INET6;
	else
		return -EINVAL;
	return 0;
}

/* "IN IP4 192.0.2.1" from c= or the tail of a=rtcp */
static int parse_conn(struct parser *ps, struct pl v, struct sdp_conn *c, const char *what)
{
	struct pl nettype, addrtype, addr, more, host, ttl;
	unsigned char bin[sizeof(struct in6_addr)];
	char buf[INET6_ADDRSTRLEN + 1];
	int family;

	if (!next_tok(&v, &nettype) || !next_tok(&v, &addrtype) || !next_tok(&v, &addr) ||
	    next_tok(&v, &more))
		return fail(ps, -EBADMSG, "%s: expected \"IN <addrtype> <address>\"", what);
	if (!pl_eq_str(&nettype, "IN"))
		return fail(ps, -EBADMSG, "%s: nettype is not IN", what);
	if (parse_addrtype(&addrtype, &family))
		return fail(ps, -EBADMSG, "%s: addrtype is not IP4 or IP6", what);
	split_slash(addr, &host, &ttl);
	if (pl_isset(&ttl))
		return fail(ps, -ENOTSUP, "%s: multicast address not supported", what);
	if (pl_strcpy(&host, buf, sizeof(buf)) || inet_pton(family, buf, bin) != 1) {
		if (is_hostname(&host) && family == AF_INET)
			return fail(ps, -ENOTSUP, "%s: FQDN address not supported", what);
		return fail(ps, -EBADMSG, "%s: bad %s address", what,
			    family == AF_INET ? "IP4" : "IP6");
	}
	if ((family == AF_INET && (bin[0] & 0xf0) == 0xe0) ||
	    (family == AF_INET6 && bin[0] == 0xff))
		return fail(ps, -ENOTSUP, "%s: multicast address not supported", what);
	c->set = true;
	c->family = family;
	c->addr = host;
	return 0;
}

static int parse_origin(struct parser *ps, struct pl v)
{
	struct sdp_session *s = ps->sess;
	struct pl nettype, addrtype, more;

	if (!next_tok(&v, &s->username) || !next_tok(&v, &s->sess_id) ||
	    !next_tok(&v, &s->sess_version) || !next_tok(&v, &nettype) ||
	    !next_tok(&v, &addrtype) || !next_tok(&v, &s->origin_addr) || next_tok(&v, &more))
		return fail(ps, -EBADMSG, "o=: expected 6 fields");
	if (!all_digits(&s->sess_id) || !all_digits(&s->sess_version))
		return fail(ps, -EBADMSG, "o=: sess-id and sess-version must be numeric");
	if (!pl_eq_str(&nettype, "IN"))
		return fail(ps, -EBADMSG, "o=: nettype is not IN");
	if (parse_addrtype(&addrtype, &s->origin_family))
		return fail(ps, -EBADMSG, "o=: addrtype is not IP4 or IP6");
	return 0;
}

static int parse_time(struct parser *ps, struct pl v)
{
	struct pl start, stop, more, rest = v;

	if (!next_tok(&rest, &start) || !next_tok(&rest, &stop) || next_tok(&rest, &more) ||
	    !all_digits(&start) || !all_digits(&stop))
		return fail(ps, -EBADMSG, "t=: expected \"<start> <stop>\"");
	if (!ps->ntime)
		ps->sess->time = rest_of(v);
	ps->ntime = true;
	return 0;
}

static bool proto_is_rtp(const struct pl *proto)
{
	size_t i;

	/* RTP/AVP, RTP/SAVPF, UDP/TLS/RTP/SAVPF, TCP/RTP/AVP, ... */
	for (i = 0; i + 4 <= proto->l; i++)
		if (!strncasecmp(proto->p + i, "RTP/", 4) && (i == 0 || proto->p[i - 1] == '/'))
			return true;
	return false;
}

static int parse_media(struct parser *ps, struct pl v)
{
	struct sdp_session *s = ps->sess;
	struct pl ports, port, count, fmt;
	struct sdp_media *m;
	uint32_t u;
	bool rtp;

	if (s->nmedia >= SDP_MAX_MEDIA)
		return fail(ps, -ENOTSUP, "m=: more than %d media descriptions", SDP_MAX_MEDIA);
	m = &s->media[s->nmedia];
	memset(m, 0, sizeof(*m));
	m->line = ps->line;
	m->nports = 1;
	if (!next_tok(&v, &m->type_name) || !next_tok(&v, &ports) || !next_tok(&v, &m->proto_name))
		return fail(ps, -EBADMSG, "m=: expected \"<media> <port> <proto> <fmt> ...\"");
	if (pl_eq_str(&m->type_name, "audio"))
		m->type = SDP_MEDIA_AUDIO;
	else if (pl_eq_str(&m->type_name, "video"))
		m->type = SDP_MEDIA_VIDEO;
	else if (pl_eq_str(&m->type_name, "image"))
		m->type = SDP_MEDIA_IMAGE;
	else
		m->type = SDP_MEDIA_OTHER;
	split_slash(ports, &port, &count);
	if (pl_u32(&port, &u, 65535))
		return fail(ps, -EBADMSG, "m=: bad port \"%.*s\"", (int)ports.l, ports.p);
	m->port = (uint16_t)u;
	if (pl_isset(&count) && (pl_u32(&count, &m->nports, 65535) || !m->nports))
		return fail(ps, -EBADMSG, "m=: bad port count \"%.*s\"", (int)ports.l, ports.p);
	if (pl_eqcase_str(&m->proto_name, "RTP/AVP"))
		m->proto = SDP_PROTO_RTP_AVP;
	else if (pl_eqcase_str(&m->proto_name, "RTP/SAVP"))
		m->proto = SDP_PROTO_RTP_SAVP;
	else
		m->proto = SDP_PROTO_OTHER;
	rtp = proto_is_rtp(&m->proto_name);

	m->fmt_list = rest_of(v);
	if (!m->fmt_list.l)
		return fail(ps, -EBADMSG, "m=: no media formats");
	while (next_tok(&v, &fmt)) {
		struct sdp_fmt *f;
		int pt = -1;

		if (rtp) {
			if (pl_u32(&fmt, &u, 127))
				return fail(ps, -EBADMSG, "m=: bad RTP payload type \"%.*s\"",
					    (int)fmt.l, fmt.p);
			pt = (int)u;
		}
		if (m->nfmt >= SDP_MAX_FMT)
			continue;
		f = &m->fmt[m->nfmt++];
		f->name = fmt;
		f->pt = pt;
		f->channels = 1;
	}
	s->nmedia++;
	ps->m = m;
	ps->mrank = M_M;
	return 0;
}

static struct sdp_fmt *find_fmt(struct sdp_media *m, const struct pl *name)
{
	unsigned int i;

	for (i = 0; i < m->nfmt; i++)
		if (pl_eq(&m->fmt[i].name, name))
			return &m->fmt[i];
	return NULL;
}

static int attr_rtpmap(struct parser *ps, struct pl v)
{
	struct pl fmt, map, more, enc, clk, chan;
	struct sdp_fmt *f;
	uint32_t pt, clock, channels = 1;

	if (!next_tok(&v, &fmt) || !next_tok(&v, &map) || next_tok(&v, &more))
		return fail(ps, -EBADMSG, "a=rtpmap: expected \"<pt> <encoding>/<clock>\"");
	if (pl_u32(&fmt, &pt, 127))
		return fail(ps, -EBADMSG, "a=rtpmap: bad payload type \"%.*s\"", (int)fmt.l, fmt.p);
	split_slash(map, &enc, &clk);
	split_slash(clk, &clk, &chan);
	if (!enc.l || pl_u32(&clk, &clock, UINT32_MAX) || !clock ||
	    (pl_isset(&chan) && (pl_u32(&chan, &channels, 255) || !channels)))
		return fail(ps, -EBADMSG, "a=rtpmap: bad \"%.*s\"", (int)map.l, map.p);
	f = find_fmt(ps->m, &fmt);
	/* a map for a format not in the m= line (or a second map) is ignored */
	if (!f || pl_isset(&f->enc))
		return 0;
	f->enc = enc;
	f->clock = clock;
	f->channels = channels;
	return 0;
}

static int attr_fmtp(struct parser *ps, struct pl v)
{
	struct sdp_fmt *f;
	struct pl fmt;

	if (!next_tok(&v, &fmt))
		return fail(ps, -EBADMSG, "a=fmtp: missing format");
	f = find_fmt(ps->m, &fmt);
	if (f && !pl_isset(&f->params))
		f->params = rest_of(v);
	return 0;
}

/* a=ptime / a=maxptime: milliseconds; a fraction ("20.0") is cut off */
static int attr_ms(struct parser *ps, struct pl v, uint32_t *ms, const char *what)
{
	struct pl whole = v, frac;
	const char *dot = pl_chr(&v, '.');

	if (dot) {
		whole = pl_make(v.p, (size_t)(dot - v.p));
		frac = pl_make(dot + 1, v.l - whole.l - 1);
		if (!all_digits(&frac))
			goto bad;
	}
	if (pl_u32(&whole, ms, 10000) || !*ms)
		goto bad;
	return 0;
bad:
	return fail(ps, -EBADMSG, "a=%s: bad value \"%.*s\"", what, (int)v.l, v.p);
}

static int attr_rtcp(struct parser *ps, struct pl v)
{
	struct sdp_media *m = ps->m;
	struct pl port;
	uint32_t u;
	int err;

	if (!next_tok(&v, &port) || pl_u32(&port, &u, 65535) || !u)
		return fail(ps, -EBADMSG, "a=rtcp: bad port");
	m->rtcp_port = (uint16_t)u;
	v = rest_of(v);
	if (v.l) {
		err = parse_conn(ps, v, &m->rtcp_conn, "a=rtcp");
		if (err)
			return err;
	}
	return 0;
}

static int attr_crypto(struct parser *ps, struct pl v)
{
	struct sdp_media *m = ps->m;
	struct pl tag, suite, key;
	uint32_t t;
	struct sdp_crypto *c;

	if (!next_tok(&v, &tag) || !next_tok(&v, &suite) || !next_tok(&v, &key) ||
	    pl_u32(&tag, &t, 999999999))
		return fail(ps, -EBADMSG, "a=crypto: expected \"<tag> <suite> <key-params>\"");
	if (m->ncrypto >= SDP_MAX_CRYPTO)
		return 0;
	c = &m->crypto[m->ncrypto++];
	c->tag = t;
	c->suite = suite;
	c->key_params = key;
	v = rest_of(v);
	c->session_params = v.l ? v : (struct pl)PL_INIT;
	return 0;
}

static int parse_attr(struct parser *ps, struct pl v)
{
	struct sdp_media *m = ps->m;
	const char *colon = pl_chr(&v, ':');
	struct pl name = v, val = PL_INIT;
	enum sdp_dir *dir = m ? &m->dir : &ps->sess->dir;
	bool is_dir = true;

	if (colon) {
		name = pl_make(v.p, (size_t)(colon - v.p));
		val = pl_make(colon + 1, v.l - name.l - 1);
	}
	if (!name.l)
		return fail(ps, -EBADMSG, "a=: empty attribute name");

	if (pl_eq_str(&name, "sendrecv"))
		*dir = SDP_DIR_SENDRECV;
	else if (pl_eq_str(&name, "sendonly"))
		*dir = SDP_DIR_SENDONLY;
	else if (pl_eq_str(&name, "recvonly"))
		*dir = SDP_DIR_RECVONLY;
	else if (pl_eq_str(&name, "inactive"))
		*dir = SDP_DIR_INACTIVE;
	else
		is_dir = false;
	if (is_dir) {
		if (m)
			ps->dir_set[ps->sess->nmedia - 1] = true;
		return 0;
	}
	if (!m)
		return 0; /* the rest are media-level attributes */
	if (pl_eq_str(&name, "rtpmap"))
		return attr_rtpmap(ps, val);
	else if (pl_eq_str(&name, "fmtp"))
		return attr_fmtp(ps, val);
	else if (pl_eq_str(&name, "ptime"))
		return attr_ms(ps, val, &m->ptime, "ptime");
	else if (pl_eq_str(&name, "maxptime"))
		return attr_ms(ps, val, &m->maxptime, "maxptime");
	else if (pl_eq_str(&name, "rtcp"))
		return attr_rtcp(ps, val);
	else if (pl_eq_str(&name, "rtcp-mux"))
		m->rtcp_mux = true;
	else if (pl_eq_str(&name, "crypto"))
		return attr_crypto(ps, val);
	return 0;
}

static int session_line(struct parser *ps, char type, struct pl v)
{
	static const char order[] = "vosiuepcbtrzka";
	const char *o = strchr(order, type);
	int rank = o ? (int)(o - order) + R_V : -1;

	if (rank < 0)
		return fail(ps, -EBADMSG, "unknown type letter '%c'", type);
	if (ps->srank == R_NONE && rank != R_V)
		return fail(ps, -EBADMSG, "expected v= first");
	if (rank < ps->srank && !(rank == R_T && ps->srank == R_R))
		return fail(ps, -EBADMSG, "%c= out of order (RFC 4566 section 5)", type);
	if (rank == ps->srank && rank != R_E && rank != R_P && rank != R_B && rank != R_T &&
	    rank != R_R && rank != R_A)
		return fail(ps, -EBADMSG, "%c= repeated", type);
	if (ps->srank == R_V && rank != R_O)
		return fail(ps, -EBADMSG, "expected o= after v=");
	if (ps->srank == R_O && rank != R_S)
		return fail(ps, -EBADMSG, "expected s= after o=");
	if (rank > R_R && !ps->ntime)
		return fail(ps, -EBADMSG, "%c= before any t=", type);
	if (rank == R_R && !ps->ntime)
		return fail(ps, -EBADMSG, "r= before t=");
	ps->srank = rank;

	switch (type) {
	case 'v':
		if (!pl_eq_str(&v, "0"))
			return fail(ps, -EBADMSG, "v=: version is not 0");
		return 0;
	case 'o':
		return parse_origin(ps, v);
	case 'c':
		return parse_conn(ps, v, &ps->sess->conn, "c=");
	case 't':
		return parse_time(ps, v);
	case 'a':
		return parse_attr(ps, v);
	case 's':
		ps->sess->name = v;
		return 0;
	default:
		return 0; /* i u e p b r z k: nothing we use */
	}
}

static int media_line(struct parser *ps, char type, struct pl v)
{
	static const char order[] = "micbka";
	const char *o = strchr(order, type);
	int rank = o ? (int)(o - order) : -1;

	if (type == 'm')
		return parse_media(ps, v);
	if (rank < 0) {
		if (strchr("vosuepthrz", type))
			return fail(ps, -EBADMSG, "%c= not allowed in a media description", type);
		return fail(ps, -EBADMSG, "unknown type letter '%c'", type);
	}
	if (rank < ps->mrank)
		return fail(ps, -EBADMSG, "%c= out of order (RFC 4566 section 5)", type);
	if (rank == ps->mrank && (rank == M_I || rank == M_K))
		return fail(ps, -EBADMSG, "%c= repeated", type);
	ps->mrank = rank;

	switch (type) {
	case 'c':
		/* several c= lines are for multicast layering; keep the first */
		if (ps->m->conn.set)
			return fail(ps, -ENOTSUP, "c=: more than one address per medium");
		return parse_conn(ps, v, &ps->m->conn, "c=");
	case 'a':
		return parse_attr(ps, v);
	default:
		return 0;
	}
}

/* whitespace-only from here to the end */
static bool only_blank(const char *p, const char *end)
{
	for (; p < end; p++)
		if (*p != '\r' && *p != '\n' && *p != ' ' && *p != '\t')
			return false;
	return true;
}

static int finish(struct parser *ps)
{
	struct sdp_session *s = ps->sess;
	unsigned int i;

	if (ps->srank == R_NONE)
		return fail(ps, -EBADMSG, "empty session description");
	if (ps->srank < R_S)
		return fail(ps, -EBADMSG, "missing %s", ps->srank < R_O ? "o=" : "s=");
	if (!ps->ntime)
		return fail(ps, -EBADMSG, "missing t=");
	for (i = 0; i < s->nmedia; i++) {
		struct sdp_media *m = &s->media[i];

		if (!ps->dir_set[i])
			m->dir = s->dir;
		if (!m->conn.set) {
			m->conn = s->conn;
			if (!m->conn.set && m->port) {
				ps->line = m->line;
				return fail(ps, -EBADMSG,
					    "m=: no c= here and none at session level");
			}
		}
	}
	return 0;
}

int sdp_parse(struct sdp_session *sess, const struct pl *msg, char *err, size_t errlen)
{
	struct parser ps = {.sess = sess, .err = err, .errlen = errlen};
	const char *p, *end;
	int ret;

	if (err && errlen)
		err[0] = '\0';
	if (!sess || !msg || (!msg->p && msg->l))
		return -EINVAL;
	memset(sess, 0, sizeof(*sess));
	p = msg->p;
	end = p ? p + msg->l : p;

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *eol = nl ? nl : end;
		struct pl v;
		size_t len;

		ps.line++;
		len = (size_t)(eol - p);
		if (len && p[len - 1] == '\r')
			len--;
		if (!len) {
			if (only_blank(p, end))
				break;
			return fail(&ps, -EBADMSG, "empty line");
		}
		if (memchr(p, '\r', len) || memchr(p, '\0', len))
			return fail(&ps, -EBADMSG, "CR or NUL inside a line");
		if (len < 2 || p[1] != '=')
			return fail(&ps, -EBADMSG, "not a \"<type>=<value>\" line");
		if (p[0] < 'a' || p[0] > 'z')
			return fail(&ps, -EBADMSG, "type '%c' is not a lowercase letter",
				    p[0] >= ' ' && p[0] < 0x7f ? p[0] : '?');
		v = pl_make(p + 2, len - 2);
		if (ps.m) {
			ret = media_line(&ps, p[0], v);
		} else if (p[0] == 'm') {
			if (!ps.ntime)
				return fail(&ps, -EBADMSG, "m= before %s",
					    ps.srank < R_S ? "v=, o=, s=" : "t=");
			ret = media_line(&ps, p[0], v);
		} else {
			ret = session_line(&ps, p[0], v);
		}
		if (ret)
			return ret;
		p = nl ? nl + 1 : end;
	}
	return finish(&ps);
}
