// SPDX-License-Identifier: GPL-2.0-only
/*
 * "prigatectl route test": the dry run of routing for one number, as text
 * for people and as JSON (--json) for scripts. Nothing is dialled and no
 * round-robin position or token moves.
 */
#include <arpa/inet.h>
#include <libpri.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "call/cause.h"
#include "route_call_priv.h"

static void num_line(struct ctl_out *o, const char *what, const char *in,
		     const struct route_number *n)
{
	ctl_printf(o, "%-10s %s -> %s (ton %s, npi %s)\n", what, in[0] ? in : "-",
		   n->digits[0] ? n->digits : "-", route_ton_name(n->ton), route_npi_name(n->npi));
}

static void causes_line(struct gw *gw, struct ctl_out *o, const char *trunk)
{
	const struct cfg_trunk *t = config_trunk(&gw->cfg, trunk);
	const struct route_causes *c = t ? route_call_causes(gw, t->name) : NULL;
	int i;

	if (!c) {
		ctl_printf(o, "RFC 3398\n");
		return;
	}
	ctl_printf(o, "[causes %s]", c->name);
	for (i = 0; i < c->nsip2q; i++)
		ctl_printf(o, " %d->cause %d", c->sip2q[i].from, c->sip2q[i].to);
	for (i = 0; i < c->nq2sip; i++)
		ctl_printf(o, " cause %d->%d", c->q2sip[i].from, c->q2sip[i].to);
	ctl_printf(o, ", else RFC 3398\n");
}

static void print_decision(struct gw *gw, struct ctl_out *o, const struct route_decision *d)
{
	const struct route_rule *r = &d->rule;
	int i;

	ctl_printf(o, "direction  %s\n", d->dir == ROUTE_IN ? "PRI -> SIP" : "SIP -> PRI");
	ctl_printf(o, "rule       [route.%s %s] rule.%s (prio %u)\n",
		   d->dir == ROUTE_IN ? "in" : "out", r->table, r->name, r->prio);
	num_line(o, "called", d->called_in, &d->called);
	num_line(o, "calling", d->calling_in, &d->calling);
	ctl_printf(o, "identity   %s", route_pres_name(d->ident.pres));
	if (d->dir == ROUTE_IN)
		ctl_printf(o, "%s",
			   d->ident.pres == ROUTE_PRES_RESTRICTED
				   ? ": From anonymous, P-Asserted-Identity, Privacy: id"
			   : d->ident.pres == ROUTE_PRES_ALLOWED ? ": P-Asserted-Identity"
								 : ": From anonymous");
	ctl_printf(o, "\n");
	if (d->ident.name[0])
		ctl_printf(o, "name       \"%s\"\n", d->ident.name);
	ctl_printf(o, "targets   ");
	if (d->dir == ROUTE_IN) {
		for (i = 0; i < d->ntrunks; i++) {
			const struct cfg_trunk *t = config_trunk(&gw->cfg, d->trunks[i]);

			ctl_printf(o, " %d. trunk:%s (%s:%u)", i + 1, d->trunks[i],
				   t ? t->address : "?", t ? t->port : 0);
		}
	} else {
		for (i = 0; i < d->nspans; i++) {
			const struct route_span_cand *s = &d->spans[i];

			ctl_printf(o, " %d. span:%d", i + 1, s->span);
			if (s->group[0])
				ctl_printf(
					o, " (group %s, %s)", s->group,
					route_hunt_name(
						route_group_find(&gw->cfg.route, s->group)->hunt));
		}
	}
	ctl_printf(o, "%s\n", (d->dir == ROUTE_IN ? d->ntrunks : d->nspans) ? "" : " none");
	ctl_printf(o, "failover  ");
	for (i = 0; i < r->nfo_status; i++)
		ctl_printf(o, " %d", r->fo_status[i]);
	for (i = 0; i < r->nfo_cause; i++)
		ctl_printf(o, " cause:%d", r->fo_cause[i]);
	ctl_printf(o, "%s\n", r->nfo_status + r->nfo_cause ? "" : " none");
	if (r->limit)
		ctl_printf(o, "limit      %u calls (%d active)\n", r->limit, d->active);
	else
		ctl_printf(o, "limit      none (%d active)\n", d->active);
	ctl_printf(o, "emergency  %s\n", r->emergency ? "yes" : "no");
	if (d->dir == ROUTE_IN) {
		for (i = 0; i < d->ntrunks; i++) {
			ctl_printf(o, "causes     trunk:%s: ", d->trunks[i]);
			causes_line(gw, o, d->trunks[i]);
		}
	} else {
		ctl_printf(o, "causes     %s%s: ", d->src_trunk[0] ? "trunk:" : "",
			   d->src_trunk[0] ? d->src_trunk : "any source");
		causes_line(gw, o, d->src_trunk);
	}
}

/* --- JSON ------------------------------------------------------------------------ */

static void json_num(struct ctl_out *o, const char *key, const char *in,
		     const struct route_number *n)
{
	ctl_printf(o, ",\"%s\":{\"in\":", key);
	ctl_json_str(o, in);
	ctl_printf(o, ",\"out\":");
	ctl_json_str(o, n->digits);
	ctl_printf(o, ",\"ton\":\"%s\",\"npi\":\"%s\"}", route_ton_name(n->ton),
		   route_npi_name(n->npi));
}

static void json_limit(struct ctl_out *o, const struct route_limit *l, int calls)
{
	ctl_printf(o, ",\"max_calls\":%u,\"max_cps\":%u,\"calls\":%d", l->max_calls, l->max_cps,
		   calls);
}

static void json_causes(struct gw *gw, struct ctl_out *o, const char *trunk)
{
	const struct route_causes *c = trunk[0] ? route_call_causes(gw, trunk) : NULL;
	int i;

	ctl_printf(o, "\"causes\":");
	if (!c) {
		ctl_printf(o, "null");
		return;
	}
	ctl_printf(o, "{\"table\":");
	ctl_json_str(o, c->name);
	ctl_printf(o, ",\"sip\":{");
	for (i = 0; i < c->nsip2q; i++)
		ctl_printf(o, "%s\"%d\":%d", i ? "," : "", c->sip2q[i].from, c->sip2q[i].to);
	ctl_printf(o, "},\"q850\":{");
	for (i = 0; i < c->nq2sip; i++)
		ctl_printf(o, "%s\"%d\":%d", i ? "," : "", c->q2sip[i].from, c->q2sip[i].to);
	ctl_printf(o, "}}");
}

static void json_targets(struct gw *gw, struct ctl_out *o, const struct route_decision *d)
{
	int i;

	ctl_printf(o, ",\"targets\":[");
	if (d->dir == ROUTE_IN) {
		for (i = 0; i < d->ntrunks; i++) {
			const struct cfg_trunk *t = config_trunk(&gw->cfg, d->trunks[i]);

			ctl_printf(o, "%s{\"type\":\"trunk\",\"name\":", i ? "," : "");
			ctl_json_str(o, d->trunks[i]);
			if (t) {
				ctl_printf(o, ",\"address\":");
				ctl_json_str(o, t->address);
				ctl_printf(o, ",\"port\":%u,\"emergency\":%s", t->port,
					   t->emergency ? "true" : "false");
				json_limit(o, &t->limit, route_trunk_calls(gw, t->name));
			}
			ctl_printf(o, ",");
			json_causes(gw, o, d->trunks[i]);
			ctl_printf(o, "}");
		}
	} else {
		for (i = 0; i < d->nspans; i++) {
			const struct route_span_cand *s = &d->spans[i];
			const struct route_group *g = route_group_find(&gw->cfg.route, s->group);

			ctl_printf(o, "%s{\"type\":\"span\",\"span\":%d", i ? "," : "", s->span);
			if (g) {
				ctl_printf(o, ",\"group\":");
				ctl_json_str(o, g->name);
				ctl_printf(o, ",\"hunt\":\"%s\"", route_hunt_name(g->hunt));
				json_limit(o, &g->limit, route_group_calls(gw, g));
			}
			ctl_printf(o, "}");
		}
	}
	ctl_printf(o, "]");
}

static void json_decision(struct gw *gw, struct ctl_out *o, const struct route_decision *d)
{
	const struct route_rule *r = &d->rule;
	int i;

	ctl_printf(o, "{\"direction\":\"%s\",\"matched\":true,\"rule\":{\"table\":",
		   d->dir == ROUTE_IN ? "pri-to-sip" : "sip-to-pri");
	ctl_json_str(o, r->table);
	ctl_printf(o, ",\"name\":");
	ctl_json_str(o, r->name);
	ctl_printf(o, ",\"prio\":%u}", r->prio);
	json_num(o, "called", d->called_in, &d->called);
	json_num(o, "calling", d->calling_in, &d->calling);
	ctl_printf(o, ",\"identity\":{\"presentation\":\"%s\",\"name\":",
		   route_pres_name(d->ident.pres));
	ctl_json_str(o, d->ident.name);
	ctl_printf(o, ",\"redirecting\":");
	ctl_json_str(o, d->ident.redirecting);
	ctl_printf(o, "}");
	json_targets(gw, o, d);
	ctl_printf(o, ",\"failover\":{\"sip\":[");
	for (i = 0; i < r->nfo_status; i++)
		ctl_printf(o, "%s%d", i ? "," : "", r->fo_status[i]);
	ctl_printf(o, "],\"causes\":[");
	for (i = 0; i < r->nfo_cause; i++)
		ctl_printf(o, "%s%d", i ? "," : "", r->fo_cause[i]);
	ctl_printf(o, "]},\"limit\":%u,\"active\":%d,\"emergency\":%s", r->limit, d->active,
		   r->emergency ? "true" : "false");
	if (d->dir == ROUTE_OUT) {
		ctl_printf(o, ",\"source_trunk\":");
		if (d->src_trunk[0])
			ctl_json_str(o, d->src_trunk);
		else
			ctl_printf(o, "null");
		ctl_printf(o, ",");
		json_causes(gw, o, d->src_trunk);
	}
	ctl_printf(o, "}\n");
}

int route_call_test(struct gw *gw, int argc, char **argv, bool json, struct ctl_out *o)
{
	const char *from = "", *name = "", *source = NULL, *number = NULL;
	struct route_decision *d;
	int i, cause;

	if (argc < 2 || strcmp(argv[1], "test"))
		goto usage;
	for (i = 2; i < argc; i++) {
		if (!strcmp(argv[i], "--from") && i + 1 < argc)
			from = argv[++i];
		else if (!strcmp(argv[i], "--name") && i + 1 < argc)
			name = argv[++i];
		else if (!strcmp(argv[i], "--json"))
			json = true;
		else if (!strcmp(argv[i], "--source") && i + 1 < argc)
			source = argv[++i];
		else if (argv[i][0] != '-' && !number)
			number = argv[i];
		else
			goto usage;
	}
	if (!number)
		goto usage;
	d = calloc(1, sizeof(*d));
	if (!d)
		return 1;
	if (source && !strncmp(source, "span:", 5)) {
		struct isdn_setup_info info = {0};

		info.chan = 1;
		snprintf(info.called, sizeof(info.called), "%s", number);
		snprintf(info.calling, sizeof(info.calling), "%s", from);
		snprintf(info.calling_name, sizeof(info.calling_name), "%s", name);
		info.calling_pres = PRES_ALLOWED_USER_NUMBER_NOT_SCREENED;
		cause = route_decide_in(gw, d, atoi(source + 5), &info);
	} else {
		struct route_sip_hdrs h = {.from_user = from, .from_display = name};
		struct sockaddr_storage ss = {0}, *src = NULL;
		const char *trunk = NULL;

		if (source && !strncmp(source, "trunk:", 6)) {
			trunk = source + 6;
			if (!config_trunk(&gw->cfg, trunk)) {
				ctl_printf(o, "no trunk '%s'\n", trunk);
				free(d);
				return 1;
			}
		} else if (source && !strncmp(source, "ip:", 3)) {
			struct sockaddr_in *sin = (struct sockaddr_in *)&ss;
			struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)&ss;

			if (inet_pton(AF_INET, source + 3, &sin->sin_addr) == 1)
				ss.ss_family = AF_INET;
			else if (inet_pton(AF_INET6, source + 3, &sin6->sin6_addr) == 1)
				ss.ss_family = AF_INET6;
			else
				goto usage_free;
			src = &ss;
		} else if (source) {
			goto usage_free;
		}
		cause = route_decide_out(gw, d, number, &h, src, trunk, true);
	}
	if (!d->matched) {
		if (json)
			ctl_printf(o,
				   "{\"direction\":\"%s\",\"matched\":false,\"cause\":%d,"
				   "\"cause_text\":\"%s\",\"sip\":%d}\n",
				   d->dir == ROUTE_IN ? "pri-to-sip" : "sip-to-pri", cause,
				   cause_text(cause), cause_to_sip(cause));
		else
			ctl_printf(o, "direction  %s\nno rule matches: cause %d (%s), SIP %d\n",
				   d->dir == ROUTE_IN ? "PRI -> SIP" : "SIP -> PRI", cause,
				   cause_text(cause), cause_to_sip(cause));
		free(d);
		return 1;
	}
	if (json)
		json_decision(gw, o, d);
	else
		print_decision(gw, o, d);
	free(d);
	return 0;

usage_free:
	free(d);
usage:
	ctl_printf(o, "usage: route test [--json] [--from NUMBER] [--name NAME] "
		      "[--source span:N|trunk:NAME|ip:ADDR] NUMBER\n");
	return 2;
}
