/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The control socket: a UNIX stream socket on the event loop. A client
 * sends one request line, "[--json] COMMAND [ARGS...]", and reads the
 * reply until the server closes: a first line "status N" (0 ok, 1 error,
 * 2 usage) followed by the body, plain text or JSON.
 */
#ifndef PRIGATE_CTL_H
#define PRIGATE_CTL_H

#include <stdbool.h>
#include <stddef.h>

#include "loop.h"

#define CTL_MAX_ARGS 16

struct ctl;

struct ctl_out {
	char *buf;
	size_t len, size;
	bool oom;
};

void ctl_printf(struct ctl_out *out, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* a JSON string literal with escapes, quotes included */
void ctl_json_str(struct ctl_out *out, const char *s);

/* returns the status: 0 ok, 1 error, 2 usage */
typedef int (ctl_h)(int argc, char **argv, bool json, struct ctl_out *out, void *arg);

int ctl_alloc(struct ctl **ctlp, struct loop *loop, const char *path, ctl_h *h, void *arg);
void ctl_free(struct ctl *ctl);

/* client side, for prigatectl and tests: sends line, returns status, body in *out */
int ctl_request(const char *path, const char *line, struct ctl_out *out);

#endif
