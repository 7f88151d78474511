// SPDX-License-Identifier: GPL-2.0-only
/*
 * Routing applied to calls: rule choice, number rewriting, identity
 * headers, span and trunk choice with failover, per-rule limits and the
 * dry run behind "prigatectl route test".
 */
#include <arpa/inet.h>
#include <errno.h>
#include <libpri.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "call/call_sdp.h"
#include "call/cause.h"
#include "log.h"
#include "route_call.h"
#include "route_call_priv.h"
#include "sip/sip_msg.h"

#define SDP_MAX 2048

bool route_call_in_active(const struct gw *gw)
{
	return gw->cfg.route.nin > 0;
}

bool route_call_out_active(const struct gw *gw)
{
	return gw->cfg.route.nout > 0;
}

bool route_call_in_complete(struct gw *gw, int span, const struct isdn_setup_info *info)
{
	const struct route_numbering *np = &gw->cfg.route.numbering;
	char called[ROUTE_NUM], calling[ROUTE_NUM];
	struct route_query q = {.dir = ROUTE_IN, .span = span, .called = called, .calling = calling};
	const struct route_rule *r;

	route_num_from_isdn(np, info->called, (info->called_plan >> 4) & 7, called, sizeof(called));
	route_num_from_isdn(np, info->calling, (info->calling_plan >> 4) & 7, calling,
			    sizeof(calling));
	r = route_match(&gw->cfg.route, &q);
	/* a '_' pattern without '.' or '!' matches numbers of one length only */
	return r && r->match[0] == '_' && !strpbrk(r->match, ".!");
}

static struct gw_span *span_by_no(struct gw *gw, int no)
{
	int i;

	for (i = 0; i < gw->nspans; i++)
		if (gw->spans[i].conf.no == no)
			return &gw->spans[i];
	return NULL;
}

static int rule_active(const struct gw *gw, const struct route_rule *r)
{
	const struct call *c;
	int n = 0;

	for (c = gw->calls; c; c = c->next)
		if (c->route && c->state != CALL_CLEARING && c->route->d.rule.dir == r->dir &&
		    !strcmp(c->route->d.rule.table, r->table) &&
		    !strcmp(c->route->d.rule.name, r->name))
			n++;
	return n;
}

/* --- limits: calls counted over gw->calls, buckets in gw ------------------------ */

static uint64_t now_ms(const struct gw *gw)
{
	return loop_now_ms(gw->loop);
}

/* routed calls, not clearing, that use the trunk (its INVITE, or the one they came from) */
int route_trunk_calls(const struct gw *gw, const char *name)
{
	const struct call *c;
	int n = 0;

	for (c = gw->calls; c; c = c->next)
		if (c->route && c->state != CALL_CLEARING && !strcasecmp(c->route->trunk, name))
			n++;
	return n;
}

static bool group_has(const struct route_group *g, int span)
{
	int i;

	for (i = 0; i < g->nspans; i++)
		if (g->spans[i] == span)
			return true;
	return false;
}

/* calls, not clearing, on the spans of the group, both directions */
int route_group_calls(const struct gw *gw, const struct route_group *g)
{
	const struct call *c;
	int n = 0;

	for (c = gw->calls; c; c = c->next)
		if (c->span && c->state != CALL_CLEARING && group_has(g, c->span->conf.no))
			n++;
	return n;
}

static enum route_limit_hit trunk_admit(struct gw *gw, const struct cfg_trunk *t, bool emergency,
					unsigned *retry_after)
{
	struct route_bucket *b = &gw->trunk_cps[t - gw->cfg.trunks];
	enum route_limit_hit hit = route_limit_admit(&t->limit, route_trunk_calls(gw, t->name), b,
						     now_ms(gw), emergency);

	if (hit == ROUTE_LIMIT_CPS && retry_after)
		*retry_after = route_limit_retry_after(&t->limit, b, now_ms(gw));
	return hit;
}

static enum route_limit_hit group_admit(struct gw *gw, const struct route_group *g, bool emergency,
					unsigned *retry_after)
{
	struct route_bucket *b = &gw->group_cps[g - gw->cfg.route.groups];
	enum route_limit_hit hit =
		route_limit_admit(&g->limit, route_group_calls(gw, g), b, now_ms(gw), emergency);

	if (hit == ROUTE_LIMIT_CPS && retry_after)
		*retry_after = route_limit_retry_after(&g->limit, b, now_ms(gw));
	return hit;
}

/* the rule's own limit (concurrent calls); emergency rules have none */
static int rule_admit(const struct route_decision *d, const char *called)
{
	const struct route_rule *r = &d->rule;

	if (!r->limit || r->emergency || d->active < (int)r->limit)
		return 0;
	log_notice("call to '%s': rule %s/%s at its limit of %u calls", called, r->table, r->name,
		   r->limit);
	return CAUSE_NO_CIRCUIT_AVAILABLE;
}

static void add_span(struct route_decision *d, int span, int hunt, const char *group)
{
	int i;

	for (i = 0; i < d->nspans; i++)
		if (d->spans[i].span == span)
			return; /* a span once, at its first place */
	if (d->nspans == (int)(sizeof(d->spans) / sizeof(d->spans[0])))
		return;
	d->spans[d->nspans].span = span;
	d->spans[d->nspans].hunt = hunt;
	snprintf(d->spans[d->nspans].group, sizeof(d->spans[0].group), "%s", group);
	d->nspans++;
}

static void add_group(struct gw *gw, struct route_decision *d, const struct route_group *g,
		      bool dry)
{
	int order[ROUTE_GROUP_SPANS], n = g->nspans, i, j, start = 0, hunt;
	int gi = (int)(g - gw->cfg.route.groups);

	memcpy(order, g->spans, sizeof(order));
	/* ascending/descending by span number, round-robin from after the last used */
	for (i = 1; i < n; i++)
		for (j = i; j > 0 && order[j - 1] > order[j]; j--) {
			int t = order[j];

			order[j] = order[j - 1];
			order[j - 1] = t;
		}
	if (g->hunt == ROUTE_HUNT_ROUNDROBIN && n) {
		start = (int)(gw->route_rr[gi] % (unsigned)n);
		if (!dry)
			gw->route_rr[gi]++;
	}
	hunt = g->hunt == ROUTE_HUNT_ASCENDING	  ? ISDN_HUNT_ASCENDING
	       : g->hunt == ROUTE_HUNT_DESCENDING ? ISDN_HUNT_DESCENDING
						  : ISDN_HUNT_ROUNDROBIN;
	for (i = 0; i < n; i++) {
		int k = g->hunt == ROUTE_HUNT_DESCENDING ? n - 1 - i : (start + i) % n;

		add_span(d, order[k], hunt, g->name);
	}
}

/* the rule's targets as a failover list; emergency calls skip non-emergency ones */
static void targets(struct gw *gw, struct route_decision *d, bool dry)
{
	const struct route_rule *r = &d->rule;
	int i;

	for (i = 0; i < r->ntgt; i++) {
		const struct route_tgt *t = &r->tgt[i];

		if (t->type == ROUTE_TGT_TRUNK) {
			const struct cfg_trunk *tr = config_trunk(&gw->cfg, t->name);

			if (!tr || (r->emergency && !tr->emergency))
				continue;
			snprintf(d->trunks[d->ntrunks++], ROUTE_NAME, "%s", tr->name);
		} else if (t->type == ROUTE_TGT_GROUP) {
			const struct route_group *g = route_group_find(&gw->cfg.route, t->name);

			if (g && (!r->emergency || g->emergency))
				add_group(gw, d, g, dry);
		} else {
			add_span(d, t->span, -1, "");
		}
	}
}

/* SIP -> PRI: everything but the dialling */
int route_decide_out(struct gw *gw, struct route_decision *d, const char *called,
		     const struct route_sip_hdrs *h, const struct sockaddr_storage *src,
		     const char *src_trunk, bool dry)
{
	const struct route_numbering *np = &gw->cfg.route.numbering;
	struct route_query q = {.dir = ROUTE_OUT, .src = src};
	const struct route_rule *r;
	const struct cfg_trunk *t =
		src_trunk ? config_trunk(&gw->cfg, src_trunk) : config_trunk_by_src(&gw->cfg, src);

	struct route_sip_hdrs hh = *h;

	memset(d, 0, sizeof(*d));
	d->dir = ROUTE_OUT;
	if (t)
		snprintf(d->src_trunk, sizeof(d->src_trunk), "%s", t->name);
	/* P-Asserted-Identity counts only from inside the trust domain (RFC 3325 5) */
	if (!t || !t->trusted)
		hh.pai = NULL, hh.pai_len = 0;
	route_ident_from_sip(&hh, &d->ident, &d->screened);
	snprintf(d->called_in, sizeof(d->called_in), "%s", called);
	snprintf(d->calling_in, sizeof(d->calling_in), "%s", d->ident.calling);
	q.called = d->called_in;
	q.calling = d->calling_in;
	q.trunk = t ? t->name : NULL;
	r = route_match(&gw->cfg.route, &q);
	if (!r)
		return CAUSE_NO_ROUTE_DESTINATION;
	d->matched = true;
	d->rule = *r;
	d->active = rule_active(gw, r);
	if (route_num_rewrite(np, &r->called, true, d->called_in, &d->called) ||
	    route_num_rewrite(np, &r->calling, true, d->calling_in, &d->calling))
		return CAUSE_INVALID_NUMBER_FORMAT;
	targets(gw, d, dry);
	return 0;
}

/* PRI -> SIP: everything but the dialling */
int route_decide_in(struct gw *gw, struct route_decision *d, int span,
		    const struct isdn_setup_info *info)
{
	const struct route_numbering *np = &gw->cfg.route.numbering;
	struct route_query q = {.dir = ROUTE_IN, .span = span};
	const struct route_rule *r;
	char redir[ROUTE_NUM];

	memset(d, 0, sizeof(*d));
	d->dir = ROUTE_IN;
	route_num_from_isdn(np, info->called, (info->called_plan >> 4) & 7, d->called_in,
			    sizeof(d->called_in));
	route_num_from_isdn(np, info->calling, (info->calling_plan >> 4) & 7, d->calling_in,
			    sizeof(d->calling_in));
	q.called = d->called_in;
	q.calling = d->calling_in;
	r = route_match(&gw->cfg.route, &q);
	if (!r) /* digits that stopped coming before any rule took them: incomplete */
		return info->t302_expired ? CAUSE_INVALID_NUMBER_FORMAT : CAUSE_NO_ROUTE_DESTINATION;
	d->matched = true;
	d->rule = *r;
	d->active = rule_active(gw, r);
	if (route_num_rewrite(np, &r->called, false, d->called_in, &d->called) ||
	    route_num_rewrite(np, &r->calling, false, d->calling_in, &d->calling))
		return CAUSE_INVALID_NUMBER_FORMAT;
	snprintf(d->ident.calling, sizeof(d->ident.calling), "%s", d->calling.digits);
	route_name_from_isdn(info->calling_name, d->ident.name, sizeof(d->ident.name));
	d->ident.pres = d->calling.digits[0] ? route_pres_from_isdn(info->calling_pres)
					     : ROUTE_PRES_UNAVAILABLE;
	route_num_from_isdn(np, info->redirecting, (info->redirecting_plan >> 4) & 7, redir,
			    sizeof(redir));
	snprintf(d->ident.redirecting, sizeof(d->ident.redirecting), "%s", redir);
	d->ident.redirecting_reason = info->redirecting_reason;
	targets(gw, d, false);
	return 0;
}

const struct route_causes *route_call_causes(const struct gw *gw, const char *trunk)
{
	const struct cfg_trunk *t = trunk[0] ? config_trunk(&gw->cfg, trunk) : NULL;

	return t && t->causes[0] ? route_causes_find(&gw->cfg.route, t->causes) : NULL;
}

int route_call_sip_cause(const struct call *call, const struct sip_leg_ev_info *info)
{
	return route_sip_to_cause(route_call_causes(call->gw, call->route->trunk), info->status,
				  info->q850_cause);
}

int route_call_cause_to_sip(const struct call *call, int cause)
{
	return route_cause_to_sip(route_call_causes(call->gw, call->route->trunk), cause);
}

void route_call_free(struct call *call)
{
	free(call->route);
	call->route = NULL;
}

/* --- SIP -> PRI ------------------------------------------------------------- */

static int plan(const struct route_number *n)
{
	return (n->ton << 4) | n->npi;
}

/* SETUP on the next candidate span; 0, or the cause when none took it */
static int out_next(struct call *call)
{
	struct gw *gw = call->gw;
	struct call_route *cr = call->route;
	struct route_decision *d = &cr->d;
	const struct route_numfmt keep = {.ton = ROUTE_TON_KEEP, .npi = ROUTE_NPI_AUTO};
	struct route_number redir;
	enum route_limit_hit hit = ROUTE_LIMIT_NONE;
	bool any_up = false;
	int cause = 0;

	/* "+..." from a Diversion header goes out as digits of an international number */
	if (route_num_rewrite(&gw->cfg.route.numbering, &keep, true, d->ident.redirecting, &redir))
		redir.digits[0] = '\0';
	for (; cr->next < d->nspans; cr->next++) {
		struct gw_span *s = span_by_no(gw, d->spans[cr->next].span);
		struct isdn_numbers nums = {
			.called = d->called.digits,
			.called_plan = plan(&d->called),
			.calling = d->calling.digits,
			.calling_plan = plan(&d->calling),
			.calling_pres = route_pres_to_isdn(d->ident.pres, d->screened),
			.calling_name = d->ident.name,
			.redirecting = redir.digits,
			.redirecting_plan = plan(&redir),
			.redirecting_pres = PRES_ALLOWED_USER_NUMBER_NOT_SCREENED,
			.redirecting_reason = d->ident.redirecting_reason,
			.hunt = d->spans[cr->next].hunt,
		};
		const struct route_group *g =
			route_group_find(&gw->cfg.route, d->spans[cr->next].group);
		enum route_limit_hit h;
		int err;

		if (!s || !isdn_span_up(s->isdn))
			continue;
		any_up = true;
		if (isdn_span_free_chans(s->isdn) <= 0)
			continue;
		/* a group at its max_calls or max_cps: overflow to the next target */
		h = g ? group_admit(gw, g, d->rule.emergency, &cr->retry_after) : ROUTE_LIMIT_NONE;
		if (h) {
			log_notice("call %u: group %s at its %s, span %d skipped", call->id,
				   g->name, route_limit_name(h), s->conf.no);
			hit = h;
			continue;
		}
		err = isdn_call_setup_numbers(&call->isdn, s->isdn, &nums, call);
		if (err) {
			cause = err == -EBUSY ? CAUSE_NO_CIRCUIT_AVAILABLE
					      : CAUSE_TEMPORARY_FAILURE;
			continue;
		}
		call->span = s;
		call->chan = isdn_call_chan(call->isdn);
		call->rtp_law = s->conf.tdm.law;
		s->calls_in++;
		cr->retry_after = 0;
		return 0;
	}
	if (hit)
		return route_limit_cause(hit);
	if (cause)
		return cause;
	return any_up ? CAUSE_NO_CIRCUIT_AVAILABLE : CAUSE_NETWORK_OUT_OF_ORDER;
}

/* a SIP -> PRI call refused: the final response, Retry-After after a max_cps */
static void sip_refuse(struct sip_leg *leg, int status, int cause, unsigned retry_after)
{
	char hdr[32] = "";

	if (retry_after && status == 503)
		snprintf(hdr, sizeof(hdr), "Retry-After: %u\r\n", retry_after);
	sip_leg_respond_hdrs(leg, status, NULL, cause, hdr);
}

/* the source trunk's limits and the rule's */
static int admit_sip(struct gw *gw, struct call_route *cr, const char *called)
{
	const struct cfg_trunk *t =
		cr->d.src_trunk[0] ? config_trunk(&gw->cfg, cr->d.src_trunk) : NULL;
	enum route_limit_hit hit;
	int cause = rule_admit(&cr->d, called);

	if (cause || !t)
		return cause;
	hit = trunk_admit(gw, t, cr->d.rule.emergency, &cr->retry_after);
	if (!hit)
		return 0;
	log_notice("SIP INVITE to '%s': trunk %s at its %s", called, t->name,
		   route_limit_name(hit));
	return route_limit_cause(hit);
}

static void sip_hdrs(const struct sip_invite_info *info, struct route_sip_hdrs *h)
{
	const struct sip_hdr *x;

	memset(h, 0, sizeof(*h));
	h->from_user = info->from_user;
	h->from_display = info->from_display;
	if (!info->msg)
		return;
	x = sip_msg_hdr(info->msg, SIP_HDR_P_ASSERTED_IDENTITY, 0);
	if (x)
		h->pai = x->val.p, h->pai_len = x->val.l;
	x = sip_msg_hdr(info->msg, SIP_HDR_PRIVACY, 0);
	if (x)
		h->privacy = x->val.p, h->privacy_len = x->val.l;
	x = sip_msg_hdr(info->msg, SIP_HDR_DIVERSION, 0);
	if (x)
		h->diversion = x->val.p, h->div_len = x->val.l;
	while (h->nhi < ROUTE_HI_MAX &&
	       (x = sip_msg_hdr(info->msg, SIP_HDR_HISTORY_INFO, h->nhi))) {
		h->hi[h->nhi] = x->val.p;
		h->hi_len[h->nhi++] = x->val.l;
	}
}

int route_call_sip_invite(struct gw *gw, struct sip_leg *leg, const struct sip_invite_info *info)
{
	struct route_sip_hdrs h;
	struct call_route *cr = calloc(1, sizeof(*cr));
	struct call *call;
	int cause, err;

	if (!cr)
		return 503;
	sip_hdrs(info, &h);
	cause = route_decide_out(gw, &cr->d, info->ruri_user, &h, &info->src, NULL, false);
	snprintf(cr->trunk, sizeof(cr->trunk), "%s", cr->d.src_trunk);
	if (!cause)
		cause = admit_sip(gw, cr, info->ruri_user);
	if (cause) {
		int status = route_cause_to_sip(route_call_causes(gw, cr->trunk), cause);

		if (cause == CAUSE_NO_ROUTE_DESTINATION)
			log_notice("SIP INVITE to '%s' from '%s': no route", info->ruri_user,
				   cr->d.calling_in);
		sip_refuse(leg, status, cause, cr->retry_after);
		free(cr);
		return 0;
	}
	call = call_new(gw, CALL_SIP_TO_PRI);
	if (!call) {
		free(cr);
		return 503;
	}
	call->route = cr;
	call->sip = leg;
	sip_leg_set_user(leg, call);
	snprintf(call->called, sizeof(call->called), "%.31s", cr->d.called.digits);
	snprintf(call->calling, sizeof(call->calling), "%.31s", cr->d.calling.digits);
	call->srtp_policy =
		config_srtp_policy(&gw->cfg, config_trunk_by_src(&gw->cfg, &info->src));
	err = info->sdp.l ? call_sdp_take_offer(call, &info->sdp) : -ENOTSUP;
	if (err) {
		call->sip = NULL;
		call->cause = CAUSE_BEARERCAPABILITY_NOTAVAIL;
		call_put(call);
		return err == -EBADMSG ? 400 : 488;
	}
	cause = out_next(call);
	if (cause) {
		log_notice("call %u: SIP '%s' rule %s/%s: no span took it (cause %d)", call->id,
			   info->ruri_user, cr->d.rule.table, cr->d.rule.name, cause);
		sip_refuse(leg, route_call_cause_to_sip(call, cause), cause, cr->retry_after);
		call->sip = NULL;
		call->cause = cause;
		call_put(call);
		return 0;
	}
	log_notice("call %u: SIP '%s' -> span %d B%d '%s' (rule %s/%s, %s/%s, %s)", call->id,
		   call->calling, call->span->conf.no, call->chan, call->called, cr->d.rule.table,
		   cr->d.rule.name, route_ton_name(cr->d.called.ton),
		   route_npi_name(cr->d.called.npi), route_pres_name(cr->d.ident.pres));
	return 0;
}

bool route_call_isdn_failed(struct call *call, int cause)
{
	struct call_route *cr = call->route;

	if (call->dir != CALL_SIP_TO_PRI || !call->sip || call->state != CALL_SETUP ||
	    !route_failover_cause(&cr->d.rule, cause))
		return false;
	call->isdn = NULL;
	call->span = NULL; /* not counted on its old span's groups while hunting */
	cr->next++;
	if (out_next(call))
		return false;
	log_notice("call %u: cause %d, failed over to span %d B%d", call->id, cause,
		   call->span->conf.no, call->chan);
	return true;
}

/* --- PRI -> SIP ------------------------------------------------------------- */

static void host_of(const struct gw *gw, char *buf, size_t size)
{
	const char *l = gw->cfg.sip.listen;

	snprintf(buf, size, strchr(l, ':') ? "[%s]" : "%s", l);
}

/*
 * INVITE to the next eligible trunk; 0, or the cause when none is left:
 * 34 or 42 when trunks were skipped for their max_calls or max_cps.
 */
static int in_next(struct call *call)
{
	struct gw *gw = call->gw;
	struct call_route *cr = call->route;
	enum route_limit_hit hit = ROUTE_LIMIT_NONE;
	char sdp[SDP_MAX], host[80];
	int err;

	for (; cr->next < cr->d.ntrunks; cr->next++) {
		const struct cfg_trunk *t = config_trunk(&gw->cfg, cr->d.trunks[cr->next]);
		enum route_limit_hit h;

		if (!t)
			continue;
		if (!sip_ua_trunk_up(gw->ua, t->name)) {
			/* unregistered, or its OPTIONS keepalive goes unanswered */
			log_notice("call %u: trunk %s is down, skipped", call->id, t->name);
			continue;
		}
		/* a trunk at its max_calls or max_cps: overflow to the next one */
		h = trunk_admit(gw, t, cr->d.rule.emergency, NULL);
		if (h) {
			log_notice("call %u: trunk %s at its %s, skipped", call->id, t->name,
				   route_limit_name(h));
			hit = h;
			continue;
		}
		host_of(gw, host, sizeof(host));
		if (route_ident_sip_headers(&cr->d.ident, host, t->trusted, t->redirecting,
					    call->called, cr->hdrs, sizeof(cr->hdrs),
					    &cr->from_anonymous))
			cr->hdrs[0] = '\0';
		if (call->srtp_policy != t->srtp)
			call->noffer_keys = 0; /* no keys offered to one trunk go to the next */
		call->srtp_policy = t->srtp;
		err = call_sdp_build(call, sdp, sizeof(sdp));
		if (err < 0)
			return CAUSE_TEMPORARY_FAILURE;
		err = sip_leg_invite_from(&call->sip, gw->ua, &t->addr, call->called,
					  cr->from_anonymous ? NULL : cr->d.ident.name,
					  cr->from_anonymous ? "" : call->calling, cr->hdrs, sdp,
					  call);
		if (err) {
			log_warn("call %u: INVITE to trunk %s failed: %s", call->id, t->name,
				 strerror(-err));
			continue;
		}
		snprintf(cr->trunk, sizeof(cr->trunk), "%s", t->name);
		return 0;
	}
	return hit ? route_limit_cause(hit) : CAUSE_TEMPORARY_FAILURE;
}

/* the limits of the groups the SETUP's span is in, and the rule's */
static int admit_pri(struct gw *gw, const struct route_decision *d, int span)
{
	const struct route_conf *rc = &gw->cfg.route;
	int i, cause = rule_admit(d, d->called_in);

	for (i = 0; !cause && i < rc->ngroups; i++) {
		const struct route_group *g = &rc->groups[i];
		enum route_limit_hit hit;

		if (!group_has(g, span))
			continue;
		hit = group_admit(gw, g, d->rule.emergency, NULL);
		if (hit) {
			log_notice("span %d: SETUP to '%s': group %s at its %s", span, d->called_in,
				   g->name, route_limit_name(hit));
			cause = route_limit_cause(hit);
		}
	}
	return cause;
}

int route_call_pri_setup(struct gw *gw, struct gw_span *span, struct isdn_call *icall,
			 const struct isdn_setup_info *info)
{
	struct call_route *cr = calloc(1, sizeof(*cr));
	struct call *call;
	int cause;

	if (!cr)
		return CAUSE_SWITCH_CONGESTION;
	cause = route_decide_in(gw, &cr->d, span->conf.no, info);
	if (!cause)
		cause = admit_pri(gw, &cr->d, span->conf.no);
	if (!cause && !cr->d.ntrunks)
		cause = CAUSE_NO_ROUTE_DESTINATION;
	if (cause) {
		log_notice("span %d: SETUP to '%s' from '%s': not routed (cause %d)", span->conf.no,
			   cr->d.called_in, cr->d.calling_in, cause);
		free(cr);
		return cause;
	}
	call = call_new(gw, CALL_PRI_TO_SIP);
	if (!call) {
		free(cr);
		return CAUSE_SWITCH_CONGESTION;
	}
	call->route = cr;
	call->span = span;
	call->isdn = icall;
	call->chan = info->chan;
	call->rtp_law = span->conf.tdm.law;
	snprintf(call->called, sizeof(call->called), "%.31s", cr->d.called.digits);
	snprintf(call->calling, sizeof(call->calling), "%.31s", cr->d.calling.digits);
	isdn_call_set_user(icall, call);
	span->calls_out++;
	cause = in_next(call);
	if (cause) {
		log_notice("call %u: span %d '%s' rule %s/%s: no trunk took it (cause %d)",
			   call->id, span->conf.no, call->called, cr->d.rule.table, cr->d.rule.name,
			   cause);
		call->isdn = NULL;
		call->cause = cause;
		call_put(call);
		return cause;
	}
	log_notice("call %u: span %d B%d '%s' -> SIP trunk %s '%s' (rule %s/%s, %s)", call->id,
		   span->conf.no, call->chan, call->calling, cr->trunk, call->called,
		   cr->d.rule.table, cr->d.rule.name, route_pres_name(cr->d.ident.pres));
	return 0;
}

bool route_call_sip_failed(struct call *call, const struct sip_leg_ev_info *info)
{
	struct call_route *cr = call->route;
	int cause = route_call_sip_cause(call, info);
	char failed[ROUTE_NAME];

	if (call->dir != CALL_PRI_TO_SIP || !call->isdn || call->media_slot >= 0 ||
	    (call->state != CALL_SETUP && call->state != CALL_RINGING) ||
	    !route_failover_status(&cr->d.rule, info->status, cause) ||
	    cr->next + 1 >= cr->d.ntrunks)
		return false;
	snprintf(failed, sizeof(failed), "%s", cr->trunk);
	call->sip = NULL; /* the UA finishes the failed transaction itself */
	call->have_remote = false;
	call->sdp_version++;
	cr->next++;
	if (in_next(call))
		return false;
	log_notice("call %u: trunk %s answered %d, failed over to trunk %s", call->id, failed,
		   info->status, cr->trunk);
	return true;
}

/* --- connected number (COLP, Q.951) <-> P-Asserted-Identity in the 2xx ------- */

void route_call_connected_hdrs(const struct call *call, char *buf, size_t size)
{
	struct gw *gw = call->gw;
	const struct call_route *cr = call->route;
	const struct cfg_trunk *t;
	char num[ROUTE_NUM], host[80];
	const char *cn;
	int plan_, pres;

	buf[0] = '\0';
	if (!cr || !call->isdn || !cr->d.src_trunk[0])
		return;
	t = config_trunk(&gw->cfg, cr->d.src_trunk);
	cn = isdn_call_connected(call->isdn, &plan_, &pres);
	/* RFC 3325: asserted identities only inside the trust domain */
	if (!t || !t->trusted || !*cn || route_pres_from_isdn(pres) == ROUTE_PRES_UNAVAILABLE)
		return;
	route_num_from_isdn(&gw->cfg.route.numbering, cn, (plan_ >> 4) & 7, num, sizeof(num));
	host_of(gw, host, sizeof(host));
	snprintf(buf, size, "P-Asserted-Identity: <sip:%s@%s%s>\r\n%s", num, host,
		 num[0] == '+' ? ";user=phone" : "",
		 route_pres_from_isdn(pres) == ROUTE_PRES_RESTRICTED ? "Privacy: id\r\n" : "");
}

const char *route_call_connected_isdn(const struct call *call, const struct sip_leg_ev_info *info,
				      int *plan_, int *pres)
{
	static struct route_number out;
	const struct call_route *cr = call->route;
	const struct route_numfmt keep = {.ton = ROUTE_TON_KEEP, .npi = ROUTE_NPI_AUTO};
	struct route_sip_hdrs h = {0};
	struct route_ident id;
	const struct cfg_trunk *t;
	bool screened;

	if (!cr || cr->next >= cr->d.ntrunks || !info->pai.l)
		return NULL;
	t = config_trunk(&call->gw->cfg, cr->d.trunks[cr->next]);
	if (!t || !t->trusted)
		return NULL;
	h.pai = info->pai.p;
	h.pai_len = info->pai.l;
	h.privacy = info->privacy.p;
	h.privacy_len = info->privacy.l;
	route_ident_from_sip(&h, &id, &screened);
	if (!id.calling[0] ||
	    route_num_rewrite(&call->gw->cfg.route.numbering, &keep, true, id.calling, &out))
		return NULL;
	*plan_ = plan(&out);
	*pres = route_pres_to_isdn(id.pres, true);
	return out.digits;
}

