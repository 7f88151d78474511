// SPDX-License-Identifier: GPL-2.0-only
/* Bounded SIP message building, RFC 3261 8.2.6 responses, random tokens. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/random.h>

#include "sip_build.h"

void sip_buf_init(struct sip_buf *b, char *p, size_t size)
{
	b->p = p;
	b->size = size;
	b->len = 0;
	b->err = size ? 0 : -ENOSPC;
	if (size)
		p[0] = '\0';
}

/* roll back to an earlier length, e.g. to drop a half-written header */
static void buf_truncate(struct sip_buf *b, size_t len)
{
	if (len < b->size) {
		b->len = len;
		b->p[len] = '\0';
	}
}

static bool buf_room(struct sip_buf *b, size_t n)
{
	if (b->err)
		return false;
	if (n >= b->size - b->len) {
		b->err = -ENOSPC;
		return false;
	}
	return true;
}

int sip_buf_append(struct sip_buf *b, const char *s, size_t n)
{
	if (!buf_room(b, n))
		return b->err;
	if (n)
		memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = '\0';
	return 0;
}

int sip_buf_puts(struct sip_buf *b, const char *s)
{
	return sip_buf_append(b, s, strlen(s));
}

int sip_buf_append_pl(struct sip_buf *b, const struct pl *pl)
{
	return sip_buf_append(b, pl->p, pl->l);
}

int sip_buf_vprintf(struct sip_buf *b, const char *fmt, va_list ap)
{
	size_t avail;
	int n;

	if (b->err)
		return b->err;
	avail = b->size - b->len;
	n = vsnprintf(b->p + b->len, avail, fmt, ap);
	if (n < 0 || (size_t)n >= avail) {
		b->p[b->len] = '\0';
		b->err = n < 0 ? -EINVAL : -ENOSPC;
		return b->err;
	}
	b->len += (size_t)n;
	return 0;
}

int sip_buf_printf(struct sip_buf *b, const char *fmt, ...)
{
	va_list ap;
	int err;

	va_start(ap, fmt);
	err = sip_buf_vprintf(b, fmt, ap);
	va_end(ap);
	return err;
}

/* append val, the LWS run around each line break becoming one SP */
static void append_unfolded(struct sip_buf *b, const struct pl *val)
{
	size_t start = b->len, i;

	for (i = 0; i < val->l && !b->err; i++) {
		char c = val->p[i];

		if (c == '\r' || c == '\n') {
			while (b->len > start && (b->p[b->len - 1] == ' ' || b->p[b->len - 1] == '\t'))
				buf_truncate(b, b->len - 1);
			while (i + 1 < val->l && (val->p[i + 1] == '\r' || val->p[i + 1] == '\n' ||
						  val->p[i + 1] == ' ' || val->p[i + 1] == '\t'))
				i++;
			c = ' ';
		}
		sip_buf_append(b, &c, 1);
	}
}

int sip_buf_hdr_pl(struct sip_buf *b, const char *name, const struct pl *val)
{
	size_t start = b->len;

	sip_buf_puts(b, name);
	sip_buf_append(b, ": ", 2);
	append_unfolded(b, val);
	sip_buf_append(b, "\r\n", 2);
	if (b->err)
		buf_truncate(b, start);
	return b->err;
}

int sip_qstr_escape(const char *s, char *buf, size_t size)
{
	size_t n = 0;

	if (size < 3)
		goto nospc;
	buf[n++] = '"';
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c < 0x20 || c == 0x7f)
			continue;
		if (n + (c == '"' || c == '\\' ? 2 : 1) + 2 > size)
			goto nospc;
		if (c == '"' || c == '\\')
			buf[n++] = '\\';
		buf[n++] = (char)c;
	}
	buf[n++] = '"';
	buf[n] = '\0';
	return 0;
nospc:
	if (size)
		buf[0] = '\0';
	return -ENOSPC;
}

const char *sip_reason_phrase(int status)
{
	static const struct {
		int status;
		const char *reason;
	} tab[] = {
		{100, "Trying"},
		{180, "Ringing"},
		{181, "Call Is Being Forwarded"},
		{182, "Queued"},
		{183, "Session Progress"},
		{199, "Early Dialog Terminated"},
		{200, "OK"},
		{202, "Accepted"},
		{204, "No Notification"},
		{300, "Multiple Choices"},
		{301, "Moved Permanently"},
		{302, "Moved Temporarily"},
		{305, "Use Proxy"},
		{380, "Alternative Service"},
		{400, "Bad Request"},
		{401, "Unauthorized"},
		{402, "Payment Required"},
		{403, "Forbidden"},
		{404, "Not Found"},
		{405, "Method Not Allowed"},
		{406, "Not Acceptable"},
		{407, "Proxy Authentication Required"},
		{408, "Request Timeout"},
		{410, "Gone"},
		{412, "Conditional Request Failed"},
		{413, "Request Entity Too Large"},
		{414, "Request-URI Too Long"},
		{415, "Unsupported Media Type"},
		{416, "Unsupported URI Scheme"},
		{417, "Unknown Resource-Priority"},
		{420, "Bad Extension"},
		{421, "Extension Required"},
		{422, "Session Interval Too Small"},
		{423, "Interval Too Brief"},
		{428, "Use Identity Header"},
		{429, "Provide Referrer Identity"},
		{433, "Anonymity Disallowed"},
		{436, "Bad Identity-Info"},
		{437, "Unsupported Certificate"},
		{438, "Invalid Identity Header"},
		{480, "Temporarily Unavailable"},
		{481, "Call/Transaction Does Not Exist"},
		{482, "Loop Detected"},
		{483, "Too Many Hops"},
		{484, "Address Incomplete"},
		{485, "Ambiguous"},
		{486, "Busy Here"},
		{487, "Request Terminated"},
		{488, "Not Acceptable Here"},
		{489, "Bad Event"},
		{491, "Request Pending"},
		{493, "Undecipherable"},
		{494, "Security Agreement Required"},
		{500, "Server Internal Error"},
		{501, "Not Implemented"},
		{502, "Bad Gateway"},
		{503, "Service Unavailable"},
		{504, "Server Time-out"},
		{505, "Version Not Supported"},
		{513, "Message Too Large"},
		{580, "Precondition Failure"},
		{600, "Busy Everywhere"},
		{603, "Decline"},
		{604, "Does Not Exist Anywhere"},
		{606, "Not Acceptable"},
		{607, "Unwanted"},
	};
	size_t i;

	for (i = 0; i < sizeof(tab) / sizeof(tab[0]); i++)
		if (tab[i].status == status)
			return tab[i].reason;
	return "Unknown";
}

/* copy every element of id, under its canonical long name */
static void copy_hdrs(struct sip_buf *b, const struct sip_msg *req, enum sip_hdr_id id)
{
	unsigned i;

	for (i = 0; i < req->hdrc; i++)
		if (req->hdrs[i].id == id)
			sip_buf_hdr_pl(b, sip_hdr_name(id), &req->hdrs[i].val);
}

/* the top Via with RFC 3261 18.2.1 received and RFC 3581 rport filled in */
static void top_via(struct sip_buf *b, const struct sip_msg *req, const struct sip_hdr *h,
		    const struct sip_resp *r)
{
	const struct sip_via *via = &req->via;
	const struct pl *rp = &via->rport_val;
	size_t start = b->len;
	bool fill_rport = via->rport && rp->p && !rp->l && r->src_port && rp->p >= h->val.p &&
			  rp->p <= h->val.p + h->val.l;

	if (!r->src_ip) {
		sip_buf_hdr_pl(b, "Via", &h->val);
		return;
	}
	if (fill_rport) {
		struct pl head = pl_make(h->val.p, (size_t)(rp->p - h->val.p));
		struct pl tail = pl_make(rp->p, h->val.l - head.l);

		sip_buf_hdr_pl(b, "Via", &head);
		buf_truncate(b, b->len - 2);
		sip_buf_printf(b, "=%u", r->src_port);
		append_unfolded(b, &tail);
	} else {
		sip_buf_hdr_pl(b, "Via", &h->val);
		buf_truncate(b, b->len - 2);
	}
	if (!pl_isset(&via->received) && (via->rport || !pl_eq_str(&via->host, r->src_ip)))
		sip_buf_printf(b, ";received=%s", r->src_ip);
	sip_buf_append(b, "\r\n", 2);
	if (b->err)
		buf_truncate(b, start);
}

int sip_build_resp(struct sip_buf *b, const struct sip_msg *req, const struct sip_resp *r)
{
	const struct sip_hdr *to;
	unsigned i;

	if (r->status < 100 || r->status > 699 || !req->is_request)
		return -EINVAL;

	sip_buf_printf(b, "SIP/2.0 %d %s\r\n", r->status,
		       r->reason ? r->reason : sip_reason_phrase(r->status));
	for (i = 0; i < req->hdrc; i++) {
		const struct sip_hdr *h = &req->hdrs[i];

		if (h->id != SIP_HDR_VIA)
			continue;
		if (h == sip_msg_hdr(req, SIP_HDR_VIA, 0) && req->via_count)
			top_via(b, req, h, r);
		else
			sip_buf_hdr_pl(b, "Via", &h->val);
	}
	copy_hdrs(b, req, SIP_HDR_FROM);
	to = sip_msg_hdr(req, SIP_HDR_TO, 0);
	if (to) {
		size_t start = b->len;

		sip_buf_hdr_pl(b, "To", &to->val);
		if (r->to_tag && r->status > 100 && !pl_isset(&req->to.tag) && !b->err) {
			/* reopen the line: drop its CRLF, add the tag */
			buf_truncate(b, b->len - 2);
			sip_buf_printf(b, ";tag=%s\r\n", r->to_tag);
			if (b->err)
				buf_truncate(b, start);
		}
	}
	copy_hdrs(b, req, SIP_HDR_CALL_ID);
	copy_hdrs(b, req, SIP_HDR_CSEQ);
	if (r->status == 100)
		copy_hdrs(b, req, SIP_HDR_TIMESTAMP);
	if (r->extra_hdrs)
		sip_buf_puts(b, r->extra_hdrs);
	if (r->body.l && r->ctype)
		sip_buf_printf(b, "Content-Type: %s\r\n", r->ctype);
	sip_buf_printf(b, "Content-Length: %zu\r\n\r\n", r->body.l);
	if (r->body.l)
		sip_buf_append_pl(b, &r->body);
	return b->err;
}

int sip_build_response(struct sip_buf *b, const struct sip_msg *req, int status,
		       const char *reason, const char *to_tag, const char *extra_hdrs,
		       const char *ctype, const struct pl *body)
{
	struct sip_resp r = {
		.status = status,
		.reason = reason,
		.to_tag = to_tag,
		.extra_hdrs = extra_hdrs,
		.ctype = ctype,
	};

	if (body)
		r.body = *body;
	return sip_build_resp(b, req, &r);
}

/* --- random tokens --------------------------------------------------------- */

static int rand_hex(char *out, size_t nchars)
{
	static const char hex[] = "0123456789abcdef";
	unsigned char rnd[32];
	size_t nbytes = (nchars + 1) / 2, got = 0, i;

	if (nbytes > sizeof(rnd))
		return -EINVAL;
	while (got < nbytes) {
		ssize_t n = getrandom(rnd + got, nbytes - got, 0);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		got += (size_t)n;
	}
	for (i = 0; i < nchars; i++)
		out[i] = hex[(rnd[i / 2] >> (i % 2 ? 0 : 4)) & 0xf];
	out[nchars] = '\0';
	return 0;
}

int sip_gen_branch(char *buf, size_t size)
{
	const size_t m = sizeof(SIP_BRANCH_MAGIC) - 1;

	if (size < SIP_BRANCH_SIZE)
		return -ENOSPC;
	memcpy(buf, SIP_BRANCH_MAGIC, m);
	return rand_hex(buf + m, SIP_BRANCH_SIZE - 1 - m);
}

int sip_gen_tag(char *buf, size_t size)
{
	if (size < SIP_TAG_SIZE)
		return -ENOSPC;
	return rand_hex(buf, SIP_TAG_SIZE - 1);
}

int sip_gen_callid(char *buf, size_t size, const char *host)
{
	size_t hl = host ? strlen(host) + 1 : 0;
	int err;

	if (size < 33 + hl)
		return -ENOSPC;
	err = rand_hex(buf, 32);
	if (err)
		return err;
	if (host) {
		buf[32] = '@';
		memcpy(buf + 33, host, hl);
	}
	return 0;
}
