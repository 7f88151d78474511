/* SPDX-License-Identifier: GPL-2.0-only */
/* The call layer's use of SDP: take an offer or answer, build ours. */
#ifndef PRIGATE_CALL_SDP_H
#define PRIGATE_CALL_SDP_H

#include <stddef.h>

#include "call.h"

/* remote offer (SIP -> PRI): -ENOTSUP when no G.711 codec (488), -EBADMSG if malformed */
int call_sdp_take_offer(struct call *call, const struct pl *sdp);
/* remote answer to our offer (PRI -> SIP) */
int call_sdp_take_answer(struct call *call, const struct pl *sdp);
/* our SDP: an offer when call has no remote yet, else the answer to it */
int call_sdp_build(struct call *call, char *buf, size_t size);

#endif
