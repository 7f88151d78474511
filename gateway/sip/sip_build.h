/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * SIP message building into caller-owned buffers, responses to parsed
 * requests (RFC 3261 8.2.6), and random branch/tag/Call-ID tokens.
 */
#ifndef PRIGATE_SIP_BUILD_H
#define PRIGATE_SIP_BUILD_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include "pl.h"
#include "sip_msg.h"

/*
 * An append-only buffer. p[len] is always '\0' (size > 0), so content
 * holds at most size - 1 bytes. An append that does not fit writes
 * nothing past p + size, leaves len as before that append and sets the
 * sticky err = -ENOSPC; every later append is then a no-op. Build a whole
 * message, then check err once.
 */
struct sip_buf {
	char *p;
	size_t size;
	size_t len;
	int err;
};

void sip_buf_init(struct sip_buf *b, char *p, size_t size);
/* all return b->err after the append: 0 or -ENOSPC */
int sip_buf_append(struct sip_buf *b, const char *s, size_t n);
int sip_buf_puts(struct sip_buf *b, const char *s);
int sip_buf_append_pl(struct sip_buf *b, const struct pl *pl);
int sip_buf_printf(struct sip_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int sip_buf_vprintf(struct sip_buf *b, const char *fmt, va_list ap)
	__attribute__((format(printf, 2, 0)));
/* "Name: value\r\n" with any CR/LF of a folded value turned into SP */
int sip_buf_hdr_pl(struct sip_buf *b, const char *name, const struct pl *val);

/*
 * s as an RFC 3261 25.1 quoted-string, quotes included: '"' and '\\'
 * escaped, control characters left out. 0, or -ENOSPC (buf holds "").
 */
int sip_qstr_escape(const char *s, char *buf, size_t size);

/* RFC 3261 21 reason phrase of status, "Unknown" if none */
const char *sip_reason_phrase(int status);

/* What sip_build_resp() puts into a response besides what it copies. */
struct sip_resp {
	int status;		/* 100..699 */
	const char *reason;	/* NULL: sip_reason_phrase(status) */
	const char *to_tag;	/* added when status > 100 and the request's To has none */
	const char *extra_hdrs;	/* verbatim, each line ending in CRLF; NULL: none */
	const char *ctype;	/* Content-Type when body is non-empty; NULL: none */
	struct pl body;		/* unset or empty: no body */
	/*
	 * The request's source address as text ("192.0.2.1", "2001:db8::1")
	 * and port, or NULL/0. The top Via then gets ";received=" (RFC 3261
	 * 18.2.1: when it differs from the sent-by host, always with rport)
	 * and a valueless ";rport" becomes ";rport=<port>" (RFC 3581 4).
	 */
	const char *src_ip;
	uint16_t src_port;
};

/*
 * Build a response to req (RFC 3261 8.2.6): status line; every Via in
 * order, each on its own line; From; To (plus the tag); Call-ID; CSeq;
 * for 100 the Timestamp (8.2.6.1); the extra headers; Content-Type;
 * Content-Length and the body. Folded values are unfolded.
 *
 * Headers missing from req (e.g. after a failed parse) are left out, so
 * a 400 can be built from whatever parsed. Returns 0, -EINVAL (bad
 * status, or req not a request) or -ENOSPC (b->err).
 */
int sip_build_resp(struct sip_buf *b, const struct sip_msg *req, const struct sip_resp *r);

/* sip_build_resp() without source address; body may be NULL */
int sip_build_response(struct sip_buf *b, const struct sip_msg *req, int status,
		       const char *reason, const char *to_tag, const char *extra_hdrs,
		       const char *ctype, const struct pl *body);

/*
 * Random tokens from getrandom(2), NUL-terminated. 0, -ENOSPC or -errno.
 * branch: "z9hG4bK" + 24 chars (RFC 3261 8.1.1.7), needs 32 bytes.
 * tag:    16 chars (64 random bits), needs 17 bytes.
 * callid: 32 chars (128 bits), then "@host" when host is non-NULL.
 */
#define SIP_BRANCH_MAGIC "z9hG4bK"
#define SIP_BRANCH_SIZE 32
#define SIP_TAG_SIZE 17
int sip_gen_branch(char *buf, size_t size);
int sip_gen_tag(char *buf, size_t size);
int sip_gen_callid(char *buf, size_t size, const char *host);

#endif
