/* SPDX-License-Identifier: GPL-2.0-only */
/* Building and tearing down the gateway's objects from the configuration. */
#ifndef PRIGATE_GW_H
#define PRIGATE_GW_H

#include "call/call.h"

int gw_start(struct gw *gw);
/* clears calls, stops media, frees everything gw_start made */
void gw_stop(struct gw *gw);
/* validate the file again and apply what can change live; old config kept on error */
int gw_reload(struct gw *gw, char *err, size_t errlen);
/* the prigatectl commands */
int gw_ctl(int argc, char **argv, bool json, struct ctl_out *out, void *arg);

#endif
