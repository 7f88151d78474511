/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Shared by route_call.c (calls) and route_test.c (the dry run): the
 * decisions without dialling, and what the limits count.
 */
#ifndef PRIGATE_ROUTE_CALL_PRIV_H
#define PRIGATE_ROUTE_CALL_PRIV_H

#include "route_call.h"

/* SIP -> PRI: everything but the dialling; 0 or the Q.850 cause of a refusal */
int route_decide_out(struct gw *gw, struct route_decision *d, const char *called,
		     const struct route_sip_hdrs *h, const struct sockaddr_storage *src,
		     const char *src_trunk, bool dry);
/* PRI -> SIP: the same */
int route_decide_in(struct gw *gw, struct route_decision *d, int span,
		    const struct isdn_setup_info *info);
/* the [causes] table of a trunk, or NULL for RFC 3398 alone */
const struct route_causes *route_call_causes(const struct gw *gw, const char *trunk);
/* calls now on a trunk (routed over it or from it) and on a group's spans */
int route_trunk_calls(const struct gw *gw, const char *name);
int route_group_calls(const struct gw *gw, const struct route_group *g);

#endif
