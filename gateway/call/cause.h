/* SPDX-License-Identifier: GPL-2.0-only */
/* Q.850 cause <-> SIP status mapping (RFC 3398 sections 7.2.4.1 and 8.2.6.1). */
#ifndef PRIGATE_CAUSE_H
#define PRIGATE_CAUSE_H

/* SIP final response for a PRI call cleared with cause (never 2xx) */
int cause_to_sip(int cause);
/* Q.850 cause for a SIP final failure response (3xx-6xx) */
int sip_to_cause(int status);
/* short text for a Q.850 cause, e.g. "User busy" */
const char *cause_text(int cause);

#endif
