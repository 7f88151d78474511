// SPDX-License-Identifier: GPL-2.0-only
/* SIP over TLS when the build has no TLS (CONFIG_TLS=n): refused. */
#include <errno.h>

#include "sip_ua_priv.h"

int tls_ctx_init(struct sip_ua *ua)
{
	return -EPROTONOSUPPORT;
}

void tls_ctx_free(struct sip_ua *ua)
{
}

int tls_conn_start(struct sip_conn *c, bool server)
{
	return -EPROTONOSUPPORT;
}

void tls_conn_free(struct sip_conn *c)
{
}

long tls_conn_read(struct sip_conn *c, char *buf, size_t len)
{
	return -EPROTONOSUPPORT;
}

long tls_conn_write(struct sip_conn *c, const char *buf, size_t len)
{
	return -EPROTONOSUPPORT;
}

bool sip_tls_available(void)
{
	return false;
}
