// SPDX-License-Identifier: GPL-2.0-only
/* prigatectl commands: status, spans, channels, calls, trunks, hangup, reload. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "call/cause.h"
#include "gw.h"
#include "route/route_call.h"
#include "vbd.h"

static const char *alarm_name(struct gw_span *s)
{
	int a = s->ops->alarms ? s->ops->alarms(s->tdm) : 0;

	if (a & TDM_ALARM_RED)
		return "red";
	if (a & TDM_ALARM_BLUE)
		return "blue";
	if (a & TDM_ALARM_YELLOW)
		return "yellow";
	return "ok";
}

static int active_calls(struct gw *gw)
{
	struct call *c;
	int n = 0;

	for (c = gw->calls; c; c = c->next)
		n++;
	return n;
}

static int cmd_status(struct gw *gw, bool json, struct ctl_out *o)
{
	struct sip_ua_stats st;
	uint64_t up = (time_now_ms() - gw->start_ms) / 1000;

	sip_ua_stats(gw->ua, &st);
	if (json) {
		ctl_printf(o, "{\"config\":");
		ctl_json_str(o, gw->config_path);
		ctl_printf(o,
			   ",\"uptime_s\":%llu,\"spans\":%d,\"media_threads\":%d,\"calls_active\":%d,"
			   "\"calls_total\":%llu,\"calls_failed\":%llu,\"sip_rx\":%llu,"
			   "\"sip_tx\":%llu,\"sip_malformed\":%llu,\"sip_overload\":%llu}\n",
			   (unsigned long long)up, gw->nspans, media_threads(gw->media), active_calls(gw),
			   (unsigned long long)gw->calls_total,
			   (unsigned long long)gw->calls_failed, (unsigned long long)st.rx_msgs,
			   (unsigned long long)st.tx_msgs, (unsigned long long)st.rx_malformed,
			   (unsigned long long)st.rx_overload);
		return 0;
	}
	ctl_printf(o, "config:        %s\n", gw->config_path);
	ctl_printf(o, "uptime:        %llus\n", (unsigned long long)up);
	ctl_printf(o, "spans:         %d\n", gw->nspans);
	ctl_printf(o, "media threads: %d\n", media_threads(gw->media));
	ctl_printf(o, "calls active:  %d\n", active_calls(gw));
	ctl_printf(o, "calls total:   %llu (%llu failed)\n", (unsigned long long)gw->calls_total,
		   (unsigned long long)gw->calls_failed);
	ctl_printf(o, "sip messages:  %llu in, %llu out, %llu malformed\n",
		   (unsigned long long)st.rx_msgs, (unsigned long long)st.tx_msgs,
		   (unsigned long long)st.rx_malformed);
	ctl_printf(o, "sip overload:  %llu INVITEs refused (503)\n",
		   (unsigned long long)st.rx_overload);
	return 0;
}

static int cmd_spans(struct gw *gw, bool json, struct ctl_out *o)
{
	int i;

	if (json)
		ctl_printf(o, "[");
	else
		ctl_printf(o, "%-5s %-7s %-5s %-6s %-9s %-8s %-7s %-6s %s\n", "SPAN", "BACKEND",
			   "TYPE", "LAW", "SWITCH", "SIDE", "DCHAN", "ALARM", "CHANNELS");
	for (i = 0; i < gw->nspans; i++) {
		struct gw_span *s = &gw->spans[i];
		int total = tdm_nchans(s->conf.tdm.framing) - 1;
		int busy = total - isdn_span_free_chans(s->isdn);
		const char *side = s->conf.isdn.node == 1 ? "network" : "user";

		if (json) {
			ctl_printf(o,
				   "%s{\"span\":%d,\"backend\":\"%s\",\"framing\":\"%s\","
				   "\"law\":\"%s\",\"switchtype\":\"%s\",\"side\":\"%s\","
				   "\"dchan_up\":%s,\"alarm\":\"%s\",\"bchans\":%d,\"busy\":%d}",
				   i ? "," : "", s->conf.no, s->conf.backend,
				   s->conf.tdm.framing == TDM_E1 ? "E1" : "T1",
				   s->conf.tdm.law == TDM_ALAW ? "alaw" : "ulaw",
				   isdn_switchtype_name(s->conf.isdn.switchtype), side,
				   isdn_span_up(s->isdn) ? "true" : "false", alarm_name(s), total,
				   busy);
		} else {
			ctl_printf(o, "%-5d %-7s %-5s %-6s %-9s %-8s %-7s %-6s %d/%d busy\n",
				   s->conf.no, s->conf.backend,
				   s->conf.tdm.framing == TDM_E1 ? "E1" : "T1",
				   s->conf.tdm.law == TDM_ALAW ? "alaw" : "ulaw",
				   isdn_switchtype_name(s->conf.isdn.switchtype), side,
				   isdn_span_up(s->isdn) ? "up" : "down", alarm_name(s), busy, total);
		}
	}
	if (json)
		ctl_printf(o, "]\n");
	return 0;
}

static const char *const isdn_chan_names[] = {"idle", "busy", "restarting"};

/*
 * One line per B-channel with three views side by side: the call the
 * daemon has on it, the ISDN layer's state, and the TDM layer's own (for
 * the dahdi backend: what the kernel says). A channel stuck in one layer
 * shows as a mismatch.
 */
static int cmd_channels(struct gw *gw, bool json, struct ctl_out *o)
{
	int i, chan;
	bool first = true;

	if (json)
		ctl_printf(o, "[");
	else
		ctl_printf(o, "%-5s %-5s %-11s %-6s %-11s %s\n", "SPAN", "CHAN", "ISDN", "CALL",
			   "CALL STATE", "TDM");
	for (i = 0; i < gw->nspans; i++) {
		struct gw_span *s = &gw->spans[i];

		for (chan = 1; chan <= tdm_nchans(s->conf.tdm.framing); chan++) {
			struct isdn_call *ic;
			struct call *c;
			enum isdn_chan_state st;
			char tdm[32] = "-";

			if (!tdm_is_bchan(s->conf.tdm.framing, chan))
				continue;
			st = isdn_span_chan_state(s->isdn, chan, &ic);
			c = ic ? isdn_call_user(ic) : NULL;
			if (s->ops->chan_status && s->ops->chan_status(s->tdm, chan, tdm, sizeof(tdm)))
				snprintf(tdm, sizeof(tdm), "?");
			if (json) {
				ctl_printf(o, "%s{\"span\":%d,\"chan\":%d,\"state\":\"%s\",\"call\":%u,"
					   "\"call_state\":\"%s\",\"tdm\":\"%s\"}",
					   first ? "" : ",", s->conf.no, chan, isdn_chan_names[st],
					   c ? c->id : 0, c ? call_state_name(c->state) : "", tdm);
				first = false;
			} else {
				char id[12] = "-";

				if (c)
					snprintf(id, sizeof(id), "%u", c->id);
				ctl_printf(o, "%-5d %-5d %-11s %-6s %-11s %s\n", s->conf.no, chan,
					   isdn_chan_names[st], id, c ? call_state_name(c->state) : "-",
					   tdm);
			}
		}
	}
	if (json)
		ctl_printf(o, "]\n");
	return 0;
}

static int cmd_calls(struct gw *gw, bool json, struct ctl_out *o)
{
	struct call *c;
	bool first = true;
	uint64_t now = time_now_ms();

	if (json)
		ctl_printf(o, "[");
	else
		ctl_printf(o, "%-5s %-9s %-8s %-12s %-12s %-8s %-6s %-9s %-13s %-6s %-17s %s\n",
			   "ID", "DIR", "STATE", "FROM", "TO", "SPAN/CH", "SECS", "RTP PORT",
			   "RTP IN/OUT", "JB MS", "CONCEAL/LATE/DROP", "SRTP");
	for (c = gw->calls; c; c = c->next) {
		struct media_stats st = {0};

		if (c->media_slot >= 0)
			media_stream_stats(gw->media, c->media_slot, &st);
		if (json) {
			ctl_printf(o, "%s{\"id\":%u,\"dir\":\"%s\",\"state\":\"%s\",\"from\":",
				   first ? "" : ",", c->id,
				   c->dir == CALL_SIP_TO_PRI ? "sip-pri" : "pri-sip",
				   call_state_name(c->state));
			ctl_json_str(o, c->calling);
			ctl_printf(o, ",\"to\":");
			ctl_json_str(o, c->called);
			ctl_printf(o,
				   ",\"span\":%d,\"chan\":%d,\"rtp_port\":%u,\"rx_packets\":%llu,"
				   "\"tx_packets\":%llu,\"rx_lost\":%llu,\"rx_late\":%llu,"
				   "\"rx_bad_source\":%llu,\"underruns\":%llu,\"tdm_queue_ms\":%u,"
				   "\"jb_depth_ms\":%u,\"jb_target_ms\":%u,\"jb_concealed\":%llu,"
				   "\"jb_dropped\":%llu,\"jb_inserted\":%llu,\"dtmf_rx\":%llu,"
				   "\"dtmf_tx\":%llu,\"srtp\":\"%s\",\"rx_auth_fail\":%llu,"
				   "\"rx_replay\":%llu,\"vbd\":\"%s\",\"rtcp_rx\":%u,\"rtcp_tx\":%u,"
				   "\"rtt_ms\":%d,\"jitter_ms\":%u,\"peer_jitter_ms\":%u,"
				   "\"peer_fraction_lost\":%u,\"peer_lost\":%d}",
				   c->span ? c->span->conf.no : 0, c->chan, c->rtp_port,
				   (unsigned long long)st.rx_packets,
				   (unsigned long long)st.tx_packets, (unsigned long long)st.rx_lost,
				   (unsigned long long)st.rx_late, (unsigned long long)st.rx_bad_source,
				   (unsigned long long)st.underruns, st.tdm_queue_bytes / 8,
				   st.jb_depth / 8, st.jb_target / 8,
				   (unsigned long long)st.jb_concealed,
				   (unsigned long long)st.jb_dropped,
				   (unsigned long long)st.jb_inserted,
				   (unsigned long long)st.dtmf_rx, (unsigned long long)st.dtmf_tx,
				   sdp_srtp_suite_name(c->rx_key.suite),
				   (unsigned long long)st.rx_auth_fail, (unsigned long long)st.rx_replay,
				   st.vbd ? vbd_signal_name((enum vbd_signal)st.vbd) : "", st.rtcp_rx,
				   st.rtcp_tx, c->media_slot >= 0 ? st.rtt_ms : -1, st.jitter / 8,
				   st.peer_jitter / 8, st.peer_fraction_lost, st.peer_cum_lost);
			first = false;
		} else {
			char sc[16];

			snprintf(sc, sizeof(sc), "%d/%d", c->span ? c->span->conf.no : 0, c->chan);
			char io[48], jb[24], cl[48];

			snprintf(io, sizeof(io), "%llu/%llu", (unsigned long long)st.rx_packets,
				 (unsigned long long)st.tx_packets);
			snprintf(jb, sizeof(jb), "%u/%u", st.jb_depth / 8, st.jb_target / 8);
			snprintf(cl, sizeof(cl), "%llu/%llu/%llu", (unsigned long long)st.jb_concealed,
				 (unsigned long long)st.rx_late, (unsigned long long)st.jb_dropped);
			ctl_printf(o, "%-5u %-9s %-8s %-12s %-12s %-8s %-6llu %-9u %-13s %-6s %-17s %s\n",
				   c->id, c->dir == CALL_SIP_TO_PRI ? "sip->pri" : "pri->sip",
				   call_state_name(c->state), c->calling, c->called, sc,
				   (unsigned long long)(now - c->start_ms) / 1000, c->rtp_port, io, jb,
				   cl, c->rx_key.suite ? sdp_srtp_suite_name(c->rx_key.suite) : "-");
		}
	}
	if (json)
		ctl_printf(o, "]\n");
	return 0;
}

static int cmd_hangup(struct gw *gw, int argc, char **argv, struct ctl_out *o)
{
	struct call *c;
	char *end;
	unsigned long id;

	if (argc != 2) {
		ctl_printf(o, "usage: hangup CALL (a call id from 'calls')\n");
		return 2;
	}
	id = strtoul(argv[1], &end, 10);
	c = *end ? NULL : call_find(gw, (unsigned)id);
	if (!c) {
		ctl_printf(o, "no call %s\n", argv[1]);
		return 1;
	}
	call_hangup(c, CAUSE_NORMAL_CLEARING);
	ctl_printf(o, "call %lu cleared\n", id);
	return 0;
}

/* SIP trunks: transport, registration or keepalive state, usable for calls */
static int cmd_trunks(struct gw *gw, bool json, struct ctl_out *o)
{
	struct sip_trunk_info ti;
	int i;

	if (json)
		ctl_printf(o, "[");
	else
		ctl_printf(o, "%-16s %-4s %-12s %-4s %-6s %-8s %-8s %s\n", "TRUNK", "TP", "STATE",
			   "UP", "LAST", "EXPIRES", "NEXT", "FAILURES");
	for (i = 0; !sip_ua_trunk_info(gw->ua, i, &ti); i++) {
		if (json) {
			ctl_printf(o, "%s{\"name\":", i ? "," : "");
			ctl_json_str(o, ti.name);
			ctl_printf(o,
				   ",\"transport\":\"%s\",\"state\":\"%s\",\"up\":%s,"
				   "\"last_status\":%d,\"expires_s\":%u,\"next_s\":%ld,"
				   "\"failures\":%u}",
				   sip_transport_name(ti.tp), ti.state, ti.up ? "true" : "false",
				   ti.last_status, ti.expires_s, ti.next_s, ti.failures);
		} else {
			ctl_printf(o, "%-16s %-4s %-12s %-4s %-6d %-8u %-8ld %u\n", ti.name,
				   sip_transport_name(ti.tp), ti.state, ti.up ? "yes" : "no",
				   ti.last_status, ti.expires_s, ti.next_s, ti.failures);
		}
	}
	if (json)
		ctl_printf(o, "]\n");
	return 0;
}

int gw_ctl(int argc, char **argv, bool json, struct ctl_out *out, void *arg)
{
	struct gw *gw = arg;
	char err[512];

	if (!strcmp(argv[0], "status"))
		return cmd_status(gw, json, out);
	if (!strcmp(argv[0], "spans"))
		return cmd_spans(gw, json, out);
	if (!strcmp(argv[0], "channels"))
		return cmd_channels(gw, json, out);
	if (!strcmp(argv[0], "calls"))
		return cmd_calls(gw, json, out);
	if (!strcmp(argv[0], "hangup"))
		return cmd_hangup(gw, argc, argv, out);
	if (!strcmp(argv[0], "route"))
		return route_call_test(gw, argc, argv, json, out);
	if (!strcmp(argv[0], "trunks"))
		return cmd_trunks(gw, json, out);
	if (!strcmp(argv[0], "reload")) {
		if (gw_reload(gw, err, sizeof(err))) {
			ctl_printf(out, "reload refused, old configuration kept: %s\n", err);
			return 1;
		}
		ctl_printf(out, "configuration reloaded\n");
		return 0;
	}
	ctl_printf(out, "unknown command '%s' (allowed: status, spans, channels, calls, trunks, "
			"hangup, route, reload)\n", argv[0]);
	return 2;
}
