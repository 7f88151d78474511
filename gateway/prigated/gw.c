// SPDX-License-Identifier: GPL-2.0-only
/* The gateway's objects: spans, media engine, SIP UA and control socket. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "gw.h"
#include "log.h"
#include "media/media_io.h"

static int span_start(struct gw *gw, const struct cfg_span *conf)
{
	struct gw_span *s = &gw->spans[gw->nspans];
	int err;

	memset(s, 0, sizeof(*s));
	s->conf = *conf;
	s->ops = tdm_backend_find(conf->backend);
	if (!s->ops)
		return -ENODEV;
	err = s->ops->span_open(&s->tdm, &conf->tdm);
	if (err) {
		log_err("span %d: %s backend on '%s': %s", conf->no, conf->backend,
			conf->tdm.device, strerror(-err));
		return err;
	}
	s->media_idx = media_add_span(gw->media, s->ops, s->tdm, conf->tdm.law);
	if (s->media_idx < 0) {
		err = s->media_idx;
		goto err_close;
	}
	err = isdn_span_alloc(&s->isdn, gw->loop, &conf->isdn, s->ops, s->tdm,
			      &call_isdn_handlers, gw);
	if (err)
		goto err_close;
	gw->nspans++;
	log_notice("span %d: %s %s %s, %s, %s on %s", conf->no, conf->backend,
		   conf->tdm.framing == TDM_E1 ? "E1" : "T1",
		   conf->tdm.law == TDM_ALAW ? "A-law" : "mu-law",
		   isdn_switchtype_name(conf->isdn.switchtype),
		   conf->isdn.node == 1 ? "network side" : "user side", conf->tdm.device);
	return 0;

err_close:
	s->ops->span_close(s->tdm);
	return err;
}

/* a [trunk NAME] section to the SIP UA: transport, credentials, registration */
static int gw_trunk_set(struct gw *gw, const struct cfg_trunk *t)
{
	struct sip_trunk_conf tc = {
		.addr = t->addr,
		.tp = (enum sip_transport)t->transport,
		.reg = t->reg,
		.expires = t->expires,
		.keepalive_s = t->keepalive,
	};
	int err;

	snprintf(tc.name, sizeof(tc.name), "%s", t->name);
	snprintf(tc.username, sizeof(tc.username), "%s", t->username);
	snprintf(tc.password, sizeof(tc.password), "%s", t->password);
	snprintf(tc.realm, sizeof(tc.realm), "%s", t->realm);
	err = sip_ua_trunk_set(gw->ua, &tc);
	memset(tc.password, 0, sizeof(tc.password));
	if (err)
		log_err("trunk %s: %s", t->name, strerror(-err));
	return err;
}

int gw_start(struct gw *gw)
{
	struct media_conf mc = {.jitter_ms = gw->cfg.media.jitter_ms,
				.jitter_min_ms = gw->cfg.media.jitter_min_ms,
				.jitter_max_ms = gw->cfg.media.jitter_max_ms,
				.jitter_fixed = gw->cfg.media.jitter_fixed,
				.threads = gw->cfg.media.threads,
				.ncpus = gw->cfg.media.ncpus};
	struct sip_ua_conf uc = {0};
	int i, err;

	gw->start_ms = time_now_ms();
	memcpy(mc.cpus, gw->cfg.media.cpus, sizeof(mc.cpus));
	err = media_alloc(&gw->media, gw->loop, &mc, call_media_stopped, gw);
	if (err)
		return err;
	if (gw->cfg.media.io.engine == MEDIA_IO_XDP) {
		const struct cfg_media_io *c = &gw->cfg.media.io;
		struct media_io_conf ic = {.kind = MEDIA_IO_XDP, .queue = c->xdp_queue};
		char why[256];

		snprintf(ic.ifname, sizeof(ic.ifname), "%s", c->xdp_interface);
		/* AF_XDP refused (privileges, device, another program): sockets, and why */
		err = media_use_io(gw->media, &ic, true, why, sizeof(why));
		if (err)
			return err;
		if (why[0])
			log_warn("media: %s", why);
		else
			log_notice("media: AF_XDP on %s queue %u", c->xdp_interface, c->xdp_queue);
	}
	for (i = 0; i < gw->cfg.nspans; i++) {
		err = span_start(gw, &gw->cfg.spans[i]);
		if (err)
			return err;
	}
	uc.listen = gw->cfg.sip.addr;
	snprintf(uc.user_agent, sizeof(uc.user_agent), "%s", gw->cfg.sip.user_agent);
	uc.t1_ms = gw->cfg.sip.t1_ms;
	uc.t2_ms = gw->cfg.sip.t2_ms;
	uc.t4_ms = gw->cfg.sip.t4_ms;
	uc.max_cps = gw->cfg.sip.max_cps;
	uc.no_100rel = gw->cfg.sip.no_100rel;
	uc.session_expires = gw->cfg.sip.session_expires;
	uc.min_se = gw->cfg.sip.min_se;
	uc.listen2 = gw->cfg.sip.addr2;
	uc.transports = gw->cfg.sip.transports;
	snprintf(uc.tls_cert, sizeof(uc.tls_cert), "%s", gw->cfg.sip.tls_cert);
	snprintf(uc.tls_key, sizeof(uc.tls_key), "%s", gw->cfg.sip.tls_key);
	snprintf(uc.tls_ca, sizeof(uc.tls_ca), "%s", gw->cfg.sip.tls_ca);
	err = sip_ua_alloc(&gw->ua, gw->loop, &uc, &call_sip_handlers, gw);
	if (err) {
		log_err("SIP on %s:%u: %s", gw->cfg.sip.listen, gw->cfg.sip.port, strerror(-err));
		return err;
	}
	for (i = 0; i < gw->cfg.ntrunks; i++) {
		err = gw_trunk_set(gw, &gw->cfg.trunks[i]);
		if (err)
			return err;
	}
	err = ctl_alloc(&gw->ctl, gw->loop, gw->cfg.general.control, gw_ctl, gw);
	if (err) {
		log_err("control socket %s: %s", gw->cfg.general.control, strerror(-err));
		return err;
	}
	return media_start(gw->media);
}

void gw_stop(struct gw *gw)
{
	uint64_t until;
	int i;

	call_hangup_all(gw, CAUSE_NORMAL_CLEARING);
	/* let the RELEASE/BYE go out and media streams report back */
	until = time_now_ms() + 300;
	while (gw->loop && time_now_ms() < until)
		loop_poll(gw->loop, 50);
	ctl_free(gw->ctl);
	gw->ctl = NULL;
	sip_ua_free(gw->ua);
	gw->ua = NULL;
	media_free(gw->media);
	gw->media = NULL;
	call_hangup_all(gw, CAUSE_NORMAL_CLEARING);
	for (i = 0; i < gw->nspans; i++) {
		isdn_span_free(gw->spans[i].isdn);
		gw->spans[i].ops->span_close(gw->spans[i].tdm);
	}
	gw->nspans = 0;
}

static bool spans_equal(const struct config *a, const struct config *b)
{
	int i;

	if (a->nspans != b->nspans)
		return false;
	for (i = 0; i < a->nspans; i++) {
		const struct cfg_span *x = &a->spans[i], *y = &b->spans[i];

		if (x->no != y->no || strcmp(x->backend, y->backend) ||
		    memcmp(&x->tdm, &y->tdm, sizeof(x->tdm)) ||
		    memcmp(&x->isdn, &y->isdn, sizeof(x->isdn)))
			return false;
	}
	return true;
}

int gw_reload(struct gw *gw, char *err, size_t errlen)
{
	static struct config next;
	int i, ret;

	ret = config_load(&next, gw->config_path, err, errlen);
	if (ret)
		return ret;
	if (!spans_equal(&gw->cfg, &next) ||
	    memcmp(&gw->cfg.sip, &next.sip, sizeof(next.sip)) ||
	    memcmp(&gw->cfg.media.io, &next.media.io, sizeof(next.media.io)) ||
	    gw->cfg.media.threads != next.media.threads || gw->cfg.media.ncpus != next.media.ncpus ||
	    memcmp(gw->cfg.media.cpus, next.media.cpus, sizeof(next.media.cpus)) ||
	    strcmp(gw->cfg.general.control, next.general.control)) {
		snprintf(err, errlen,
			 "%s: span, [sip], [media] engine/threads/cpus and control changes need a "
			 "restart; nothing applied",
			 gw->config_path);
		return -EBUSY;
	}
	/* trunks, media and logging apply to new calls; active calls keep theirs */
	memcpy(gw->cfg.trunks, next.trunks, sizeof(next.trunks));
	gw->cfg.ntrunks = next.ntrunks;
	sip_ua_trunks_clear(gw->ua);
	for (i = 0; i < next.ntrunks; i++)
		gw_trunk_set(gw, &next.trunks[i]);
	/* routes, groups, cause tables: new calls only, calls in progress keep a copy */
	gw->cfg.route = next.route;
	memset(gw->trunk_cps, 0, sizeof(gw->trunk_cps));
	memset(gw->group_cps, 0, sizeof(gw->group_cps));
	gw->cfg.media = next.media;
	gw->cfg.general.log_level = next.general.log_level;
	for (i = 0; i < gw->nspans; i++)
		snprintf(gw->spans[i].conf.trunk, sizeof(gw->spans[i].conf.trunk), "%s",
			 next.spans[i].trunk);
	log_set_level(next.general.log_level);
	log_notice("configuration reloaded from %s", gw->config_path);
	return 0;
}
