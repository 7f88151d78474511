// SPDX-License-Identifier: GPL-2.0-only
/* Zero-copy RFC 3261 parser: messages, URIs, name-addrs, Via, parameters. */
#include <arpa/inet.h>
#include <errno.h>
#include <string.h>
#include <strings.h>

#include "sip_msg.h"

struct hdr_def {
	const char *name;
	char compact;
	bool list;		/* comma-separated list: split into elements */
	const char *bad;	/* 400 reason when malformed or duplicated */
	const char *missing;	/* 400 reason when a mandatory header is absent */
};

static const struct hdr_def hdr_defs[SIP_HDR_NUM] = {
	[SIP_HDR_ACCEPT] = {"Accept", 0, true, NULL, NULL},
	[SIP_HDR_ACCEPT_CONTACT] = {"Accept-Contact", 'a', false, NULL, NULL},
	[SIP_HDR_ALLOW] = {"Allow", 0, true, NULL, NULL},
	[SIP_HDR_ALLOW_EVENTS] = {"Allow-Events", 'u', true, NULL, NULL},
	[SIP_HDR_AUTHORIZATION] = {"Authorization", 0, false, NULL, NULL},
	[SIP_HDR_CALL_ID] = {"Call-ID", 'i', false, "Malformed Call-ID header",
			     "Missing Call-ID header"},
	[SIP_HDR_CONTACT] = {"Contact", 'm', true, "Malformed Contact header", NULL},
	[SIP_HDR_CONTENT_ENCODING] = {"Content-Encoding", 'e', true, NULL, NULL},
	[SIP_HDR_CONTENT_LENGTH] = {"Content-Length", 'l', false,
				    "Malformed Content-Length header", NULL},
	[SIP_HDR_CONTENT_TYPE] = {"Content-Type", 'c', false, "Malformed Content-Type header",
				  NULL},
	[SIP_HDR_CSEQ] = {"CSeq", 0, false, "Malformed CSeq header", "Missing CSeq header"},
	[SIP_HDR_DIVERSION] = {"Diversion", 0, true, "Malformed Diversion header", NULL},
	[SIP_HDR_EVENT] = {"Event", 'o', false, NULL, NULL},
	[SIP_HDR_EXPIRES] = {"Expires", 0, false, NULL, NULL},
	[SIP_HDR_FROM] = {"From", 'f', false, "Malformed From header", "Missing From header"},
	[SIP_HDR_HISTORY_INFO] = {"History-Info", 0, true, "Malformed History-Info header", NULL},
	[SIP_HDR_IDENTITY] = {"Identity", 'y', false, NULL, NULL},
	[SIP_HDR_IDENTITY_INFO] = {"Identity-Info", 'n', false, NULL, NULL},
	[SIP_HDR_MAX_FORWARDS] = {"Max-Forwards", 0, false, "Malformed Max-Forwards header",
				  NULL},
	[SIP_HDR_MIN_SE] = {"Min-SE", 0, false, NULL, NULL},
	[SIP_HDR_P_ASSERTED_IDENTITY] = {"P-Asserted-Identity", 0, true,
					 "Malformed P-Asserted-Identity header", NULL},
	[SIP_HDR_PRIVACY] = {"Privacy", 0, false, NULL, NULL},
	[SIP_HDR_PROXY_AUTHENTICATE] = {"Proxy-Authenticate", 0, false, NULL, NULL},
	[SIP_HDR_PROXY_AUTHORIZATION] = {"Proxy-Authorization", 0, false, NULL, NULL},
	[SIP_HDR_PROXY_REQUIRE] = {"Proxy-Require", 0, true, NULL, NULL},
	[SIP_HDR_RACK] = {"RAck", 0, false, NULL, NULL},
	[SIP_HDR_REASON] = {"Reason", 0, true, NULL, NULL},
	[SIP_HDR_RECORD_ROUTE] = {"Record-Route", 0, true, "Malformed Record-Route header", NULL},
	[SIP_HDR_REFER_TO] = {"Refer-To", 'r', false, NULL, NULL},
	[SIP_HDR_REFERRED_BY] = {"Referred-By", 'b', false, NULL, NULL},
	[SIP_HDR_REJECT_CONTACT] = {"Reject-Contact", 'j', false, NULL, NULL},
	[SIP_HDR_REQUEST_DISPOSITION] = {"Request-Disposition", 'd', false, NULL, NULL},
	[SIP_HDR_REQUIRE] = {"Require", 0, true, NULL, NULL},
	[SIP_HDR_ROUTE] = {"Route", 0, true, "Malformed Route header", NULL},
	[SIP_HDR_RSEQ] = {"RSeq", 0, false, NULL, NULL},
	[SIP_HDR_SERVER] = {"Server", 0, false, NULL, NULL},
	[SIP_HDR_SESSION_EXPIRES] = {"Session-Expires", 'x', false, NULL, NULL},
	[SIP_HDR_SUBJECT] = {"Subject", 's', false, NULL, NULL},
	[SIP_HDR_SUPPORTED] = {"Supported", 'k', true, NULL, NULL},
	[SIP_HDR_TIMESTAMP] = {"Timestamp", 0, false, NULL, NULL},
	[SIP_HDR_TO] = {"To", 't', false, "Malformed To header", "Missing To header"},
	[SIP_HDR_UNSUPPORTED] = {"Unsupported", 0, true, NULL, NULL},
	[SIP_HDR_USER_AGENT] = {"User-Agent", 0, false, NULL, NULL},
	[SIP_HDR_VIA] = {"Via", 'v', true, "Malformed Via header", "Missing Via header"},
	[SIP_HDR_WWW_AUTHENTICATE] = {"WWW-Authenticate", 0, false, NULL, NULL},
};

/* --- character classes and slice helpers ---------------------------------- */

static bool is_ws(char c)
{
	return c == ' ' || c == '\t';
}

static bool is_lws(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static bool is_alpha(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static bool is_alnum(char c)
{
	return is_alpha(c) || is_digit(c);
}

static bool is_hex(char c)
{
	return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

/* RFC 3261 25.1 token */
static bool is_token(char c)
{
	return is_alnum(c) || (c && strchr("-.!%*_+`'~", c));
}

static void pl_adv(struct pl *pl, size_t n)
{
	pl->p += n;
	pl->l -= n;
}

static void skip_lws(struct pl *pl)
{
	while (pl->l && is_lws(pl->p[0]))
		pl_adv(pl, 1);
}

static bool all_token(const struct pl *pl)
{
	size_t i;

	if (!pl->l)
		return false;
	for (i = 0; i < pl->l; i++)
		if (!is_token(pl->p[i]))
			return false;
	return true;
}

/* leading token of pl, consumed */
static struct pl take_token(struct pl *pl)
{
	size_t i = 0;
	struct pl t;

	while (i < pl->l && is_token(pl->p[i]))
		i++;
	t = pl_make(pl->p, i);
	pl_adv(pl, i);
	return t;
}

/*
 * Index of the quote closing the quoted-string that opens at p[0], or
 * -1 when unterminated. A backslash escapes the next character.
 */
static long qstr_close(const char *p, size_t l)
{
	size_t i;

	for (i = 1; i < l; i++) {
		if (p[i] == '\\')
			i++;
		else if (p[i] == '"')
			return (long)i;
	}
	return -1;
}

/*
 * Next comma-separated element of rest, skipping commas inside quoted
 * strings and <>. 1 with *elem set, 0 at the end, -EINVAL if unbalanced.
 */
static int list_next(struct pl *rest, struct pl *elem)
{
	while (rest->l) {
		size_t i;
		int angle = 0;

		for (i = 0; i < rest->l; i++) {
			char c = rest->p[i];

			if (c == '"') {
				long q = qstr_close(rest->p + i, rest->l - i);

				if (q < 0)
					return -EINVAL;
				i += (size_t)q;
			} else if (c == '<') {
				angle++;
			} else if (c == '>') {
				if (!angle)
					return -EINVAL;
				angle--;
			} else if (c == ',' && !angle) {
				break;
			}
		}
		if (angle)
			return -EINVAL;
		*elem = pl_trim(pl_make(rest->p, i));
		pl_adv(rest, i < rest->l ? i + 1 : i);
		if (elem->l)
			return 1;
	}
	return 0;
}

/* --- parameters ------------------------------------------------------------ */

int sip_param_get(struct pl params, const char *name, struct pl *val)
{
	struct pl r = params;

	while (r.l) {
		struct pl seg, n, v = PL_INIT;
		size_t i;
		const char *eq;

		if (r.p[0] == ';') {
			pl_adv(&r, 1);
			continue;
		}
		for (i = 0; i < r.l && r.p[i] != ';'; i++) {
			if (r.p[i] == '"') {
				long q = qstr_close(r.p + i, r.l - i);

				if (q < 0) {
					i = r.l;
					break;
				}
				i += (size_t)q;
			}
		}
		seg = pl_make(r.p, i);
		pl_adv(&r, i);
		eq = pl_chr(&seg, '=');
		if (eq) {
			n = pl_trim(pl_make(seg.p, (size_t)(eq - seg.p)));
			v = pl_trim(pl_make(eq + 1, seg.l - (size_t)(eq - seg.p) - 1));
		} else {
			n = pl_trim(seg);
			v = pl_make(n.p + n.l, 0);
		}
		if (pl_eqcase_str(&n, name)) {
			if (val)
				*val = v;
			return 0;
		}
	}
	return -ENOENT;
}

bool sip_param_exists(struct pl params, const char *name)
{
	return sip_param_get(params, name, NULL) == 0;
}

/* --- escapes --------------------------------------------------------------- */

static int hexval(char c)
{
	if (is_digit(c))
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return c - 'A' + 10;
}

static bool escapes_ok(const struct pl *pl)
{
	size_t i;

	for (i = 0; i < pl->l; i++) {
		if (pl->p[i] != '%')
			continue;
		if (i + 2 >= pl->l || !is_hex(pl->p[i + 1]) || !is_hex(pl->p[i + 2]))
			return false;
		i += 2;
	}
	return true;
}

int sip_uri_unescape(const struct pl *in, char *buf, size_t size)
{
	size_t i, n = 0;

	if (!size)
		return -ENOSPC;
	for (i = 0; i < in->l; i++) {
		char c = in->p[i];

		if (c == '%') {
			if (i + 2 >= in->l || !is_hex(in->p[i + 1]) || !is_hex(in->p[i + 2]))
				goto err_inval;
			c = (char)(hexval(in->p[i + 1]) << 4 | hexval(in->p[i + 2]));
			if (!c)
				goto err_inval;
			i += 2;
		}
		if (n + 1 >= size) {
			buf[n] = '\0';
			return -ENOSPC;
		}
		buf[n++] = c;
	}
	buf[n] = '\0';
	return 0;

err_inval:
	buf[0] = '\0';
	return -EINVAL;
}

int sip_qstr_unescape(const struct pl *in, char *buf, size_t size)
{
	struct pl s = *in;
	size_t i, n = 0;

	if (!size)
		return -ENOSPC;
	buf[0] = '\0';
	if (s.l && s.p[0] == '"') {
		if (s.l < 2 || s.p[s.l - 1] != '"' || qstr_close(s.p, s.l) != (long)s.l - 1)
			return -EINVAL;
		s = pl_make(s.p + 1, s.l - 2);
	}
	for (i = 0; i < s.l; i++) {
		char c = s.p[i];

		if (c == '\\') {
			if (++i >= s.l)
				return -EINVAL;
			c = s.p[i];
		}
		if (!c || c == '\r' || c == '\n')
			return -EINVAL;
		if (n + 1 >= size) {
			buf[n] = '\0';
			return -ENOSPC;
		}
		buf[n++] = c;
	}
	buf[n] = '\0';
	return 0;
}

/* --- hosts and URIs -------------------------------------------------------- */

static bool ipv4_ok(const struct pl *h)
{
	unsigned parts = 0, digits = 0, v = 0;
	size_t i;

	for (i = 0; i < h->l; i++) {
		char c = h->p[i];

		if (c == '.') {
			if (!digits)
				return false;
			parts++;
			digits = v = 0;
			continue;
		}
		if (!is_digit(c) || ++digits > 3)
			return false;
		v = v * 10 + (unsigned)(c - '0');
		if (v > 255)
			return false;
	}
	return digits && parts == 3;
}

static bool ipv6_ok(const struct pl *h)
{
	char tmp[INET6_ADDRSTRLEN];
	unsigned char a[16];

	if (h->l < 2 || h->l >= sizeof(tmp))
		return false;
	memcpy(tmp, h->p, h->l);
	tmp[h->l] = '\0';
	return inet_pton(AF_INET6, tmp, a) == 1;
}

/* host at the start of r (reference in [] for IPv6), consumed */
static int take_host(struct pl *r, struct pl *host, enum sip_host_type *type)
{
	size_t i = 0;
	bool numeric = true;

	if (r->l && r->p[0] == '[') {
		const char *e = pl_chr(r, ']');

		if (!e)
			return -EINVAL;
		*host = pl_make(r->p + 1, (size_t)(e - r->p) - 1);
		if (!ipv6_ok(host))
			return -EINVAL;
		*type = SIP_HOST_IPV6;
		pl_adv(r, (size_t)(e - r->p) + 1);
		return 0;
	}
	while (i < r->l && (is_alnum(r->p[i]) || r->p[i] == '-' || r->p[i] == '.' ||
			    r->p[i] == '_')) {
		if (!is_digit(r->p[i]) && r->p[i] != '.')
			numeric = false;
		i++;
	}
	if (!i || !is_alnum(r->p[0]))
		return -EINVAL;
	*host = pl_make(r->p, i);
	if (numeric) {
		if (!ipv4_ok(host))
			return -EINVAL;
		*type = SIP_HOST_IPV4;
	} else {
		*type = SIP_HOST_NAME;
	}
	pl_adv(r, i);
	return 0;
}

/* 1*DIGIT up to 65535 at the start of r, consumed */
static int take_port(struct pl *r, uint16_t *port)
{
	uint32_t v = 0;
	size_t i = 0;

	while (i < r->l && is_digit(r->p[i])) {
		v = v * 10 + (uint32_t)(r->p[i] - '0');
		if (v > 65535)
			return -EINVAL;
		i++;
	}
	if (!i)
		return -EINVAL;
	*port = (uint16_t)v;
	pl_adv(r, i);
	return 0;
}

static int tel_parse(struct sip_uri *uri, struct pl r)
{
	const char *semi = pl_chr(&r, ';');
	struct pl num = semi ? pl_make(r.p, (size_t)(semi - r.p)) : r;
	size_t i = 0, digits = 0;

	if (num.l && num.p[0] == '+')
		i++;
	for (; i < num.l; i++) {
		char c = num.p[i];

		if (is_hex(c) || c == '*' || c == '#')
			digits++;
		else if (!strchr("-.()", c))
			return -EINVAL;
	}
	if (!digits || pl_chr(&r, '?'))
		return -EINVAL;
	uri->user = num;
	if (semi)
		uri->params = pl_make(semi, r.l - num.l);
	else
		uri->params = pl_make(r.p + r.l, 0);
	uri->headers = pl_make(r.p + r.l, 0);
	return 0;
}

int sip_uri_parse(struct sip_uri *uri, struct pl in)
{
	struct pl r, userinfo, hp;
	const char *colon, *at = NULL, *q;
	size_t i;
	int err;

	memset(uri, 0, sizeof(*uri));
	in = pl_trim(in);
	colon = pl_chr(&in, ':');
	if (!colon || colon == in.p || !is_alpha(in.p[0]))
		return -EINVAL;
	uri->scheme_pl = pl_make(in.p, (size_t)(colon - in.p));
	for (i = 1; i < uri->scheme_pl.l; i++)
		if (!is_alnum(in.p[i]) && !strchr("+-.", in.p[i]))
			return -EINVAL;
	r = pl_make(colon + 1, in.l - uri->scheme_pl.l - 1);
	for (i = 0; i < r.l; i++) {
		unsigned char c = (unsigned char)r.p[i];

		if (c <= 0x20 || c == 0x7f || c == '<' || c == '>' || c == '"')
			return -EINVAL;
	}
	if (!r.l || !escapes_ok(&r))
		return -EINVAL;

	if (pl_eqcase_str(&uri->scheme_pl, "sip"))
		uri->scheme = SIP_URI_SIP;
	else if (pl_eqcase_str(&uri->scheme_pl, "sips"))
		uri->scheme = SIP_URI_SIPS;
	else if (pl_eqcase_str(&uri->scheme_pl, "tel"))
		uri->scheme = SIP_URI_TEL;
	else
		return -EPROTONOSUPPORT;
	if (uri->scheme == SIP_URI_TEL)
		return tel_parse(uri, r);

	/* neither uri-parameters nor headers may hold a raw '@': the last one ends userinfo */
	for (i = r.l; i > 0; i--) {
		if (r.p[i - 1] == '@') {
			at = r.p + i - 1;
			break;
		}
	}
	if (at) {
		const char *pw;

		userinfo = pl_make(r.p, (size_t)(at - r.p));
		pw = pl_chr(&userinfo, ':');
		if (pw) {
			uri->user = pl_make(userinfo.p, (size_t)(pw - userinfo.p));
			uri->password = pl_make(pw + 1, userinfo.l - uri->user.l - 1);
		} else {
			uri->user = userinfo;
		}
		if (!uri->user.l)
			return -EINVAL;
		pl_adv(&r, userinfo.l + 1);
	}

	hp = r;
	err = take_host(&r, &uri->host, &uri->host_type);
	if (err)
		return err;
	if (r.l && r.p[0] == ':') {
		pl_adv(&r, 1);
		err = take_port(&r, &uri->port);
		if (err)
			return err;
	}
	uri->hostport = pl_make(hp.p, hp.l - r.l);
	if (r.l && r.p[0] != ';' && r.p[0] != '?')
		return -EINVAL;

	q = pl_chr(&r, '?');
	uri->params = pl_make(r.p, q ? (size_t)(q - r.p) : r.l);
	uri->headers = q ? pl_make(q + 1, r.l - uri->params.l - 1) : pl_make(r.p + r.l, 0);

	if (sip_param_get(uri->params, "transport", &uri->transport))
		uri->transport = (struct pl)PL_INIT;
	if (sip_param_get(uri->params, "user", &uri->user_param))
		uri->user_param = (struct pl)PL_INIT;
	if (sip_param_get(uri->params, "maddr", &uri->maddr))
		uri->maddr = (struct pl)PL_INIT;
	uri->lr = sip_param_exists(uri->params, "lr");
	return 0;
}

/* --- name-addr / addr-spec ------------------------------------------------- */

int sip_addr_parse(struct sip_addr *addr, struct pl in)
{
	struct pl r = pl_trim(in);
	const char *lt, *gt;
	size_t i;

	memset(addr, 0, sizeof(*addr));
	if (!r.l)
		return -EINVAL;

	if (r.p[0] == '"') {
		long q = qstr_close(r.p, r.l);

		if (q < 0)
			return -EINVAL;
		addr->dname = pl_make(r.p + 1, (size_t)q - 1);
		addr->dname_quoted = true;
		pl_adv(&r, (size_t)q + 1);
		skip_lws(&r);
		if (!r.l || r.p[0] != '<')
			return -EINVAL;
	}

	lt = pl_chr(&r, '<');
	if (lt) {
		struct pl dn = pl_trim(pl_make(r.p, (size_t)(lt - r.p)));

		if (dn.l) {
			/* *(token LWS); UTF-8 names are common, so only refuse quotes */
			if (pl_chr(&dn, '"') || pl_chr(&dn, '>'))
				return -EINVAL;
			addr->dname = dn;
		}
		pl_adv(&r, (size_t)(lt - r.p) + 1);
		gt = pl_chr(&r, '>');
		if (!gt)
			return -EINVAL;
		addr->uri = pl_make(r.p, (size_t)(gt - r.p));
		addr->angle = true;
		pl_adv(&r, addr->uri.l + 1);
		skip_lws(&r);
		if (r.l && r.p[0] != ';')
			return -EINVAL;
		addr->params = r;
		if (!addr->uri.l || pl_chr(&addr->uri, '<'))
			return -EINVAL;
	} else {
		/* addr-spec: ';' starts the header params, the URI has none */
		const char *semi = pl_chr(&r, ';');

		addr->uri = pl_trim(pl_make(r.p, semi ? (size_t)(semi - r.p) : r.l));
		addr->params = semi ? pl_make(semi, r.l - (size_t)(semi - r.p))
				    : pl_make(r.p + r.l, 0);
		if (!addr->uri.l || pl_chr(&r, '>') || pl_chr(&r, '"'))
			return -EINVAL;
		for (i = 0; i < addr->uri.l; i++)
			if (is_lws(addr->uri.p[i]))
				return -EINVAL;
	}
	/* a quote in the params must close */
	for (i = 0; i < addr->params.l; i++) {
		if (addr->params.p[i] == '"') {
			long q = qstr_close(addr->params.p + i, addr->params.l - i);

			if (q < 0)
				return -EINVAL;
			i += (size_t)q;
		}
	}
	if (sip_param_get(addr->params, "tag", &addr->tag))
		addr->tag = (struct pl)PL_INIT;
	else if (!addr->tag.l)
		return -EINVAL;
	return 0;
}

/* --- Via ------------------------------------------------------------------- */

int sip_via_parse(struct sip_via *via, struct pl in)
{
	struct pl r = pl_trim(in), sb;
	int err;

	memset(via, 0, sizeof(*via));
	via->proto = take_token(&r);
	skip_lws(&r);
	if (!via->proto.l || !r.l || r.p[0] != '/')
		return -EINVAL;
	pl_adv(&r, 1);
	skip_lws(&r);
	via->version = take_token(&r);
	skip_lws(&r);
	if (!via->version.l || !r.l || r.p[0] != '/')
		return -EINVAL;
	pl_adv(&r, 1);
	skip_lws(&r);
	via->transport = take_token(&r);
	if (!via->transport.l || !r.l || !is_lws(r.p[0]))
		return -EINVAL;
	skip_lws(&r);

	sb = r;
	err = take_host(&r, &via->host, &via->host_type);
	if (err)
		return err;
	via->sent_by = pl_make(sb.p, sb.l - r.l);
	skip_lws(&r);
	if (r.l && r.p[0] == ':') {
		pl_adv(&r, 1);
		skip_lws(&r);
		err = take_port(&r, &via->port);
		if (err)
			return err;
		via->sent_by = pl_make(sb.p, sb.l - r.l);
		skip_lws(&r);
	}
	if (r.l && r.p[0] != ';')
		return -EINVAL;
	via->params = r;

	if (sip_param_get(r, "branch", &via->branch))
		via->branch = (struct pl)PL_INIT;
	else if (!via->branch.l)
		return -EINVAL;
	if (sip_param_get(r, "received", &via->received))
		via->received = (struct pl)PL_INIT;
	if (sip_param_get(r, "maddr", &via->maddr))
		via->maddr = (struct pl)PL_INIT;
	via->rport = !sip_param_get(r, "rport", &via->rport_val);
	if (!via->rport)
		via->rport_val = (struct pl)PL_INIT;
	return 0;
}

/* --- header names ---------------------------------------------------------- */

enum sip_hdr_id sip_hdr_id_of(const struct pl *name)
{
	int i;

	if (name->l == 1) {
		char c = name->p[0] | 0x20;

		for (i = 1; i < SIP_HDR_NUM; i++)
			if (hdr_defs[i].compact == c)
				return (enum sip_hdr_id)i;
		return SIP_HDR_OTHER;
	}
	for (i = 1; i < SIP_HDR_NUM; i++)
		if (pl_eqcase_str(name, hdr_defs[i].name))
			return (enum sip_hdr_id)i;
	return SIP_HDR_OTHER;
}

const char *sip_hdr_name(enum sip_hdr_id id)
{
	if (id <= SIP_HDR_OTHER || id >= SIP_HDR_NUM)
		return NULL;
	return hdr_defs[id].name;
}

/* --- the message ----------------------------------------------------------- */

struct parse_ctx {
	struct sip_msg *msg;
	int err;
	bool seen[SIP_HDR_NUM];
};

/* record the first error only; parsing goes on to fill what it can */
static void fail(struct parse_ctx *c, int err, int status, const char *reason)
{
	if (c->err)
		return;
	c->err = err;
	c->msg->err_status = status;
	c->msg->err_reason = reason;
}

static void fail_hdr(struct parse_ctx *c, enum sip_hdr_id id)
{
	fail(c, -EBADMSG, 400, hdr_defs[id].bad ? hdr_defs[id].bad : "Malformed header");
}

/* "SIP/2.0": 0; another SIP/x.y: 505; anything else: 400 */
static void check_version(struct parse_ctx *c, const struct pl *v)
{
	size_t i = 4, d1 = 0, d2 = 0;

	if (pl_eqcase_str(v, "SIP/2.0"))
		return;
	if (v->l < 4 || strncasecmp(v->p, "SIP/", 4)) {
		fail(c, -EBADMSG, 400, "Malformed SIP version");
		return;
	}
	while (i < v->l && is_digit(v->p[i])) {
		i++;
		d1++;
	}
	if (i < v->l && v->p[i] == '.')
		i++;
	while (i < v->l && is_digit(v->p[i])) {
		i++;
		d2++;
	}
	if (!d1 || !d2 || i != v->l)
		fail(c, -EBADMSG, 400, "Malformed SIP version");
	else
		fail(c, -EPROTONOSUPPORT, 505, "Version Not Supported");
}

static void parse_start_line(struct parse_ctx *c, struct pl line)
{
	struct sip_msg *msg = c->msg;
	const char *sp1, *sp2;
	size_t i;
	int err;

	if (memchr(line.p, '\0', line.l)) {
		fail(c, -EBADMSG, 400, "NUL byte in start line");
		return;
	}
	if (line.l >= 4 && !strncasecmp(line.p, "SIP/", 4)) {
		struct pl v, code;
		uint32_t st;

		sp1 = pl_chr(&line, ' ');
		if (!sp1) {
			fail(c, -EBADMSG, 400, "Malformed status line");
			return;
		}
		v = pl_make(line.p, (size_t)(sp1 - line.p));
		check_version(c, &v);
		code = pl_make(sp1 + 1, line.l - v.l - 1);
		if (code.l > 3) {
			msg->status_reason = pl_make(code.p + 4, code.l - 4);
			code.l = code.p[3] == ' ' ? 3 : code.l;
		} else {
			msg->status_reason = pl_make(code.p + code.l, 0);
		}
		if (code.l != 3 || pl_u32(&code, &st, 699) || st < 100) {
			fail(c, -EBADMSG, 400, "Malformed status line");
			return;
		}
		msg->status = (uint16_t)st;
		return;
	}

	msg->is_request = true;
	sp1 = pl_chr(&line, ' ');
	sp2 = line.l ? memrchr(line.p, ' ', line.l) : NULL;
	if (!sp1 || sp2 == sp1) {
		fail(c, -EBADMSG, 400, "Malformed request line");
		return;
	}
	msg->method = pl_make(line.p, (size_t)(sp1 - line.p));
	msg->ruri = pl_make(sp1 + 1, (size_t)(sp2 - sp1) - 1);
	if (!all_token(&msg->method)) {
		fail(c, -EBADMSG, 400, "Malformed request line");
		return;
	}
	{
		struct pl v = pl_make(sp2 + 1, line.l - (size_t)(sp2 - line.p) - 1);

		check_version(c, &v);
	}
	for (i = 0; i < msg->ruri.l; i++)
		if (is_lws(msg->ruri.p[i]))
			break;
	err = !msg->ruri.l || i < msg->ruri.l ? -EINVAL : sip_uri_parse(&msg->uri, msg->ruri);
	if (err == -EPROTONOSUPPORT)
		fail(c, -ENOTSUP, 416, "Unsupported URI Scheme");
	else if (err)
		fail(c, -EBADMSG, 400, "Malformed Request-URI");
}

static void parse_cseq(struct parse_ctx *c, struct pl v)
{
	struct sip_msg *msg = c->msg;
	size_t i = 0;
	struct pl num;

	while (i < v.l && is_digit(v.p[i]))
		i++;
	num = pl_make(v.p, i);
	pl_adv(&v, i);
	if (!v.l || !is_lws(v.p[0]) || pl_u32(&num, &msg->cseq.num, 0x7fffffff)) {
		fail_hdr(c, SIP_HDR_CSEQ);
		return;
	}
	skip_lws(&v);
	msg->cseq.method = v;
	if (!all_token(&v))
		fail_hdr(c, SIP_HDR_CSEQ);
}

static void parse_reason(struct sip_msg *msg, struct pl v)
{
	const char *semi = pl_chr(&v, ';');
	struct sip_reason rs = {PL_INIT, 0, PL_INIT};
	struct pl params, cause;
	uint32_t n;

	rs.protocol = pl_trim(pl_make(v.p, semi ? (size_t)(semi - v.p) : v.l));
	if (!all_token(&rs.protocol))
		return;
	params = semi ? pl_make(semi, v.l - (size_t)(semi - v.p)) : pl_make(v.p + v.l, 0);
	if (!sip_param_get(params, "cause", &cause) && !pl_u32(&cause, &n, 0xffff))
		rs.cause = n;
	if (!sip_param_get(params, "text", &rs.text) && rs.text.l >= 2 && rs.text.p[0] == '"' &&
	    rs.text.p[rs.text.l - 1] == '"')
		rs.text = pl_make(rs.text.p + 1, rs.text.l - 2);
	if (!pl_isset(&msg->reason.protocol) ||
	    (pl_eqcase_str(&rs.protocol, "Q.850") &&
	     !pl_eqcase_str(&msg->reason.protocol, "Q.850")))
		msg->reason = rs;
}

static bool ctype_ok(const struct pl *v)
{
	struct pl r = *v, t;

	t = take_token(&r);
	skip_lws(&r);
	if (!t.l || !r.l || r.p[0] != '/')
		return false;
	pl_adv(&r, 1);
	skip_lws(&r);
	t = take_token(&r);
	skip_lws(&r);
	return t.l && (!r.l || r.p[0] == ';');
}

/* a header allowed once: a second one is a 400 */
static bool once(struct parse_ctx *c, enum sip_hdr_id id, bool dup)
{
	if (dup)
		fail_hdr(c, id);
	return !dup;
}

static void handle_elem(struct parse_ctx *c, struct pl name, enum sip_hdr_id id, struct pl v)
{
	struct sip_msg *msg = c->msg;
	struct sip_addr addr;
	struct sip_via via;
	bool dup = c->seen[id];
	uint32_t n;
	size_t i;

	c->seen[id] = true;
	if (msg->hdrc < SIP_MSG_MAX_HDRS) {
		struct sip_hdr *h = &msg->hdrs[msg->hdrc++];

		h->name = name;
		h->val = v;
		h->id = id;
	} else {
		fail(c, -E2BIG, 513, "Too many headers");
	}

	switch (id) {
	case SIP_HDR_VIA:
		if (sip_via_parse(&via, v)) {
			fail_hdr(c, id);
			break;
		}
		if (!msg->via_count)
			msg->via = via;
		msg->via_count++;
		break;
	case SIP_HDR_FROM:
	case SIP_HDR_TO:
		if (!once(c, id, dup))
			break;
		if (sip_addr_parse(id == SIP_HDR_FROM ? &msg->from : &msg->to, v))
			fail_hdr(c, id);
		break;
	case SIP_HDR_CALL_ID:
		if (!once(c, id, dup))
			break;
		msg->call_id = v;
		for (i = 0; i < v.l; i++)
			if (is_lws(v.p[i]))
				break;
		if (!v.l || i < v.l)
			fail_hdr(c, id);
		break;
	case SIP_HDR_CSEQ:
		if (once(c, id, dup))
			parse_cseq(c, v);
		break;
	case SIP_HDR_MAX_FORWARDS:
		if (!once(c, id, dup))
			break;
		if (pl_u32(&v, &n, 255))
			fail_hdr(c, id);
		else
			msg->max_forwards = (int)n;
		break;
	case SIP_HDR_CONTACT:
		if (pl_eq_str(&v, "*")) {
			msg->contact_star = true;
			break;
		}
		if (sip_addr_parse(&addr, v)) {
			fail_hdr(c, id);
			break;
		}
		if (!pl_isset(&msg->contact.uri))
			msg->contact = addr;
		break;
	case SIP_HDR_ROUTE:
	case SIP_HDR_RECORD_ROUTE:
	case SIP_HDR_DIVERSION:
	case SIP_HDR_HISTORY_INFO:
	case SIP_HDR_P_ASSERTED_IDENTITY:
		if (sip_addr_parse(&addr, v))
			fail_hdr(c, id);
		break;
	case SIP_HDR_CONTENT_TYPE:
		if (!once(c, id, dup))
			break;
		msg->ctype = v;
		if (!ctype_ok(&v))
			fail_hdr(c, id);
		break;
	case SIP_HDR_CONTENT_LENGTH:
		if (pl_u32(&v, &n, UINT32_MAX)) {
			fail_hdr(c, id);
			break;
		}
		if (msg->has_clen && msg->clen != n) {
			fail(c, -EBADMSG, 400, "Conflicting Content-Length headers");
			break;
		}
		msg->has_clen = true;
		msg->clen = n;
		break;
	case SIP_HDR_EXPIRES:
		if (!msg->has_expires && !pl_u32(&v, &n, UINT32_MAX)) {
			msg->has_expires = true;
			msg->expires = n;
		}
		break;
	case SIP_HDR_REASON:
		parse_reason(msg, v);
		break;
	default:
		break;
	}
}

static void parse_header(struct parse_ctx *c, struct pl line)
{
	struct pl name, r = line, v, elem;
	enum sip_hdr_id id;
	bool any = false;
	int err;

	name = take_token(&r);
	while (r.l && is_ws(r.p[0]))
		pl_adv(&r, 1);
	if (!name.l || !r.l || r.p[0] != ':') {
		fail(c, -EBADMSG, 400, "Malformed header line");
		return;
	}
	pl_adv(&r, 1);
	v = pl_trim(r);
	id = sip_hdr_id_of(&name);

	if (!hdr_defs[id].list || (id == SIP_HDR_CONTACT && pl_eq_str(&v, "*"))) {
		handle_elem(c, name, id, v);
		return;
	}
	while ((err = list_next(&v, &elem)) > 0) {
		handle_elem(c, name, id, elem);
		any = true;
	}
	if (err < 0)
		fail_hdr(c, id);
	else if (!any)
		handle_elem(c, name, id, pl_make(v.p, 0));
}

static void check_mandatory(struct parse_ctx *c)
{
	static const enum sip_hdr_id mand[] = {SIP_HDR_VIA, SIP_HDR_FROM, SIP_HDR_TO,
					       SIP_HDR_CALL_ID, SIP_HDR_CSEQ};
	struct sip_msg *msg = c->msg;
	size_t i;

	for (i = 0; i < sizeof(mand) / sizeof(mand[0]); i++) {
		if (!c->seen[mand[i]])
			fail(c, -EBADMSG, 400, hdr_defs[mand[i]].missing);
	}
	if (msg->is_request && pl_isset(&msg->cseq.method) && pl_isset(&msg->method) &&
	    !pl_eq(&msg->cseq.method, &msg->method))
		fail(c, -EBADMSG, 400, "CSeq method does not match request method");
}

int sip_msg_parse(struct sip_msg *msg, const char *buf, size_t len)
{
	struct parse_ctx c;
	size_t pos = 0;
	const char *lf;

	memset(msg, 0, sizeof(*msg));
	memset(&c, 0, sizeof(c));
	c.msg = msg;
	msg->max_forwards = -1;
	msg->body = pl_make(buf + len, 0);
	msg->len = len;

	while (pos < len && (buf[pos] == '\r' || buf[pos] == '\n'))
		pos++;
	if (pos == len)
		return -ENODATA;

	lf = memchr(buf + pos, '\n', len - pos);
	if (!lf) {
		fail(&c, -EBADMSG, 400, "Truncated message");
		return c.err;
	}
	{
		size_t l = (size_t)(lf - (buf + pos));

		if (l && buf[pos + l - 1] == '\r')
			l--;
		parse_start_line(&c, pl_make(buf + pos, l));
	}
	pos = (size_t)(lf - buf) + 1;

	for (;;) {
		size_t e;
		struct pl line;

		if (pos >= len || (buf[pos] == '\r' && pos + 1 >= len)) {
			fail(&c, -EBADMSG, 400, "Truncated message");
			return c.err;
		}
		if (buf[pos] == '\n') {
			pos++;
			break;
		}
		if (buf[pos] == '\r' && buf[pos + 1] == '\n') {
			pos += 2;
			break;
		}
		/* the logical line ends at the first LF not followed by SP/HTAB */
		e = pos;
		for (;;) {
			lf = memchr(buf + e, '\n', len - e);
			if (!lf) {
				fail(&c, -EBADMSG, 400, "Truncated message");
				return c.err;
			}
			e = (size_t)(lf - buf) + 1;
			if (e >= len || !is_ws(buf[e]))
				break;
		}
		line = pl_make(buf + pos, (size_t)(lf - (buf + pos)));
		if (line.l && line.p[line.l - 1] == '\r')
			line.l--;
		if (is_ws(buf[pos]))
			fail(&c, -EBADMSG, 400, "Malformed header line");
		else if (memchr(line.p, '\0', line.l))
			fail(&c, -EBADMSG, 400, "NUL byte in header");
		else
			parse_header(&c, line);
		pos = e;
	}

	msg->body = pl_make(buf + pos, len - pos);
	if (msg->has_clen) {
		if (msg->clen > msg->body.l)
			fail(&c, -EBADMSG, 400, "Content-Length larger than body");
		else
			msg->body.l = msg->clen;
	}
	msg->len = pos + msg->body.l;
	check_mandatory(&c);
	return c.err;
}

/* --- lookups --------------------------------------------------------------- */

const struct sip_hdr *sip_msg_hdr(const struct sip_msg *msg, enum sip_hdr_id id, unsigned idx)
{
	unsigned i;

	for (i = 0; i < msg->hdrc; i++)
		if (msg->hdrs[i].id == id && !idx--)
			return &msg->hdrs[i];
	return NULL;
}

const struct sip_hdr *sip_msg_hdr_name(const struct sip_msg *msg, const char *name,
				       unsigned idx)
{
	struct pl n = pl_make(name, strlen(name));
	enum sip_hdr_id id = sip_hdr_id_of(&n);
	unsigned i;

	if (id != SIP_HDR_OTHER)
		return sip_msg_hdr(msg, id, idx);
	for (i = 0; i < msg->hdrc; i++)
		if (msg->hdrs[i].id == SIP_HDR_OTHER && pl_eqcase(&msg->hdrs[i].name, &n) &&
		    !idx--)
			return &msg->hdrs[i];
	return NULL;
}

unsigned sip_msg_hdr_count(const struct sip_msg *msg, enum sip_hdr_id id)
{
	unsigned i, n = 0;

	for (i = 0; i < msg->hdrc; i++)
		if (msg->hdrs[i].id == id)
			n++;
	return n;
}

bool sip_msg_hdr_has_token(const struct sip_msg *msg, enum sip_hdr_id id, const char *token)
{
	unsigned i;

	for (i = 0; i < msg->hdrc; i++)
		if (msg->hdrs[i].id == id && pl_eqcase_str(&msg->hdrs[i].val, token))
			return true;
	return false;
}

bool sip_msg_ctype_is(const struct sip_msg *msg, const char *type)
{
	struct pl t = msg->ctype;
	const char *semi = pl_chr(&t, ';');
	char tmp[128];
	size_t i, n = 0;

	if (semi)
		t.l = (size_t)(semi - t.p);
	/* drop LWS around the '/' */
	for (i = 0; i < t.l && n < sizeof(tmp); i++)
		if (!is_lws(t.p[i]))
			tmp[n++] = t.p[i];
	return n < sizeof(tmp) && n == strlen(type) && !strncasecmp(tmp, type, n);
}
